#include "domain/milestone.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "domain/program.h"
#include "domain/target.h"

#define COLUMNS "id, year, line, date, title, created_at, created_by"
static const char SQL_INSERT[] =
    "INSERT INTO milestone (year, line, date, title, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_GET[] = "SELECT " COLUMNS " FROM milestone WHERE id = ?";
static const char SQL_DELETE[] = "DELETE FROM milestone WHERE id = ?";
static const char SQL_LIST[] = "SELECT " COLUMNS " FROM milestone WHERE year = ?1 AND (?2 = '' OR line = ?2)"
                               " ORDER BY line, date, id";

bool milestone_may_edit(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static void from_row(struct db_stmt *st, struct milestone *m)
{
	memset(m, 0, sizeof *m);
	m->id = db_col_int(st, 0);
	m->year = (int)db_col_int(st, 1);
	copy(m->line, sizeof m->line, db_col_text(st, 2));
	copy(m->date, sizeof m->date, db_col_text(st, 3));
	copy(m->title, sizeof m->title, db_col_text(st, 4));
	copy(m->created_at, sizeof m->created_at, db_col_text(st, 5));
	copy(m->created_by, sizeof m->created_by, db_col_text(st, 6));
}

/* 1 when line is a work line of target management or a stored project's code, 0 not, -1 error. */
static int line_known(struct db *db, const char *line, struct error *err)
{
	size_t n;
	const struct target_line *lines = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i].key, line) == 0)
			return 1;
	if (strlen(line) > PROGRAM_KEY_MAX || strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(line))
		return 0;
	const struct program *p;
	return program_get(db, line, 0, &p, err);
}

int milestone_add(struct db *w, const char *year, const char *line, const char *date, const char *title,
                  const struct user *u, int64_t *id, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	if (!milestone_may_edit(u))
		return case_refuse(pr, msg(MSG_MILESTONE_ROLE), role_label(u->role));
	int64_t y = 0;
	if (!year || !number_parse(year, 2000, 2100, &y))
		case_field_problem(pr, "year", "%s", msg(MSG_TARGET_YEAR));
	int known = line && *line ? line_known(w, line, err) : 0;
	if (known < 0)
		return -1;
	if (!known)
		case_field_problem(pr, "line", "%s", msg(MSG_MILESTONE_LINE));
	struct date d;
	char day[11] = "";
	if (!date || !*date || strlen(date) > 10 || date_parse(date, &d) < 0 || (y && d.year != y))
		case_field_problem(pr, "date", msg(MSG_MILESTONE_DATE), (int)(y ? y : date_today().year));
	else if (date_cmp(d, date_today()) > 0)
		case_field_problem(pr, "date", msg(MSG_MILESTONE_DATE_FUTURE), date);
	else
		date_format(d, day);
	if (!title || !*title)
		case_field_problem(pr, "title", "%s", msg(MSG_MILESTONE_TITLE_EMPTY));
	else if (!utf8_valid(title, strlen(title)) || utf8_has_control(title))
		case_field_problem(pr, "title", "%s", msg(MSG_MILESTONE_TITLE_CONTROL));
	else if (utf8_length(title) > MILESTONE_TITLE_MAX)
		case_field_problem(pr, "title", msg(MSG_MILESTONE_TITLE_LONG), MILESTONE_TITLE_MAX);
	if (pr->n)
		return 1;
	char now[STAMP_SIZE];
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, y);
	db_bind_text(st, 2, line);
	db_bind_text(st, 3, day);
	db_bind_text(st, 4, title);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, u->name);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int milestone_get(struct db *db, int64_t id, struct milestone *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int milestone_remove(struct db *w, int64_t id, const struct user *u, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (!milestone_may_edit(u))
		return case_refuse(pr, msg(MSG_MILESTONE_ROLE), role_label(u->role));
	struct db_stmt *st;
	if (db_prepare(w, SQL_DELETE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	return db_changes(w) > 0 ? 0 : 2;
}

int milestone_list(struct db *db, int year, const char *line,
                   int (*fn)(void *ctx, const struct milestone *m, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, line ? line : "");
	struct milestone m;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		from_row(st, &m);
		if (fn(ctx, &m, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
