#include "domain/rehab.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "domain/dict.h"

static const char SQL_INSERT[] =
	"INSERT INTO rehab_service (person_id, village_code, township_code, kind, provider, date, note, entered_at,"
	" entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
#define SERVICE_COLUMNS                                                                                          \
	"SELECT r.id, r.person_id, p.name, p.id_number, p.file_no, r.township_code, r.village_code, dt.name,"      \
	" dv.name, r.kind, r.provider, r.date, r.note, r.entered_at, r.entered_by FROM rehab_service r"             \
	" JOIN person p ON p.id = r.person_id JOIN division dv ON dv.code = r.village_code"                        \
	" JOIN division dt ON dt.code = r.township_code"
/* ?1 ?2 the scope's village range, ?3 ?4 the year's first and last day ("" any), ?5 township ("" any), ?6 kind (0 any). */
#define SERVICE_FILTER                                                                                           \
	" WHERE r.village_code BETWEEN ?1 AND ?2 AND (?3 = '' OR r.date BETWEEN ?3 AND ?4)"                         \
	" AND (?5 = '' OR r.township_code = ?5) AND (?6 = 0 OR r.kind = ?6)"
static const char SQL_LIST[] = SERVICE_COLUMNS SERVICE_FILTER " ORDER BY r.date DESC, r.id DESC LIMIT ?7 OFFSET ?8";
static const char SQL_COUNT[] = "SELECT count(*) FROM rehab_service r" SERVICE_FILTER;
static const char SQL_GET[] = SERVICE_COLUMNS " WHERE r.id = ? AND r.village_code BETWEEN ? AND ?";
static const char SQL_OF_PERSON[] = SERVICE_COLUMNS " WHERE r.person_id = ? ORDER BY r.date DESC, r.id DESC";
static const char SQL_PROGRESS_SERVICES[] =
	"SELECT township_code, count(*) FROM rehab_service WHERE date BETWEEN ? AND ?"
	" GROUP BY township_code ORDER BY township_code";
static const char SQL_PROGRESS_PERSONS[] =
	"SELECT township_code, count(DISTINCT person_id) FROM rehab_service WHERE date BETWEEN ? AND ?"
	" GROUP BY township_code ORDER BY township_code";

static const char *const kinds[REHAB_KIND_MAX + 1] = {
	[REHAB_TRAINING] = "康复训练",
	[REHAB_AIDS] = "辅助器具适配",
	[REHAB_ASSESSMENT] = "康复评估",
	[REHAB_OTHER] = "其他",
};

const char *rehab_kind_label(int kind)
{
	return kind >= 1 && kind <= REHAB_KIND_MAX ? kinds[kind] : NULL;
}

int rehab_kind_parse(const char *text)
{
	int64_t n;
	if (!text)
		return -1;
	if (number_parse(text, 1, REHAB_KIND_MAX, &n))
		return (int)n;
	for (int k = 1; k <= REHAB_KIND_MAX; k++)
		if (strcmp(text, kinds[k]) == 0)
			return k;
	return -1;
}

bool rehab_may_enter(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

bool rehab_may_view(const struct user *u)
{
	return u->role != ROLE_HOSPITAL && u->role < ROLE__MAX;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

/* A one-line text of at most max characters, required or not. */
static void text_check(struct case_problems *pr, const char *field, const char *label, const char *s, int max,
		       bool required)
{
	if (!s || !*s) {
		if (required)
			case_field_problem(pr, field, msg(MSG_EMP_TEXT_EMPTY), label, max);
	} else if (!utf8_valid(s, strlen(s)) || utf8_has_control(s)) {
		case_field_problem(pr, field, msg(MSG_EMP_TEXT_CONTROL), label);
	} else if (utf8_length(s) > (size_t)max) {
		case_field_problem(pr, field, msg(MSG_EMP_TEXT_LONG), label, max);
	}
}

int rehab_add(struct db *w, const struct rehab_input *in, const struct user *u, const struct registry_scope *scope,
	      int64_t *id, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	if (!rehab_may_enter(u))
		return case_refuse(pr, msg(MSG_REHAB_ROLE), role_label(u->role));
	struct person p;
	memset(&p, 0, sizeof p);
	int found = in->person_id > 0 ? registry_get(w, scope, in->person_id, &p, err) : 0;
	if (found < 0)
		return -1;
	if (!found) {
		case_field_problem(pr, "person", "%s", msg(MSG_EMP_PERSON_NOT_FOUND));
	} else if (p.status != PERSON_ACTIVE) {
		const char *label = dict_label(DICT_STATUS, (int)p.status);
		case_field_problem(pr, "person", msg(MSG_EMP_PERSON_INACTIVE), p.name, label ? label : "");
	}
	int kind = rehab_kind_parse(in->kind);
	if (kind < 0)
		case_field_problem(pr, "kind", "%s", msg(MSG_REHAB_KIND));
	text_check(pr, "provider", "服务机构或人员", in->provider, REHAB_PROVIDER_MAX, true);
	struct date d;
	char day[11] = "";
	if (!in->date || !*in->date)
		case_field_problem(pr, "date", msg(MSG_EMP_DATE_EMPTY), "服务日期");
	else if (strlen(in->date) > 10 || date_parse(in->date, &d) < 0)
		case_field_problem(pr, "date", msg(MSG_EMP_DATE_BAD), "服务日期");
	else if (date_cmp(d, date_today()) > 0)
		case_field_problem(pr, "date", msg(MSG_EMP_DATE_FUTURE), "服务日期", in->date);
	else
		date_format(d, day);
	text_check(pr, "note", "备注", in->note, REHAB_NOTE_MAX, false);
	if (pr->n)
		return 1;
	char township[13], now[STAMP_SIZE];
	person_township(&p, township);
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, p.id);
	db_bind_text(st, 2, p.village);
	db_bind_text(st, 3, township);
	db_bind_int(st, 4, kind);
	db_bind_text(st, 5, in->provider);
	db_bind_text(st, 6, day);
	db_bind_text(st, 7, in->note ? in->note : "");
	db_bind_text(st, 8, now);
	db_bind_text(st, 9, u->name);
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

static void service_from_row(struct db_stmt *st, struct rehab_service *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	s->person_id = db_col_int(st, 1);
	copy(s->person_name, sizeof s->person_name, db_col_text(st, 2));
	copy(s->id_number, sizeof s->id_number, db_col_text(st, 3));
	copy(s->file_no, sizeof s->file_no, db_col_text(st, 4));
	copy(s->township, sizeof s->township, db_col_text(st, 5));
	copy(s->village, sizeof s->village, db_col_text(st, 6));
	copy(s->township_name, sizeof s->township_name, db_col_text(st, 7));
	copy(s->village_name, sizeof s->village_name, db_col_text(st, 8));
	s->kind = (int)db_col_int(st, 9);
	copy(s->provider, sizeof s->provider, db_col_text(st, 10));
	copy(s->date, sizeof s->date, db_col_text(st, 11));
	copy(s->note, sizeof s->note, db_col_text(st, 12));
	copy(s->entered_at, sizeof s->entered_at, db_col_text(st, 13));
	copy(s->entered_by, sizeof s->entered_by, db_col_text(st, 14));
}

int rehab_get(struct db *db, const struct registry_scope *scope, int64_t id, struct rehab_service *out,
	      struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		service_from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The year's first and last day, or "" for any year. */
static void year_range(int year, char first[11], char last[11])
{
	first[0] = last[0] = '\0';
	if (year >= 1 && year <= 9999) {
		snprintf(first, 11, "%04d-01-01", year);
		snprintf(last, 11, "%04d-12-31", year);
	}
}

static void bind_filter(struct db_stmt *st, const struct rehab_query *q, const char *first, const char *last)
{
	db_bind_text(st, 1, q->scope.lo);
	db_bind_text(st, 2, q->scope.hi);
	db_bind_text(st, 3, first);
	db_bind_text(st, 4, last);
	db_bind_text(st, 5, q->township);
	db_bind_int(st, 6, q->kind);
}

int rehab_list(struct db *db, const struct rehab_query *q,
	       int (*fn)(void *ctx, const struct rehab_service *s, struct error *err), void *ctx, long *total,
	       struct error *err)
{
	char first[11], last[11];
	year_range(q->year, first, last);
	int per_page = q->per_page >= 1 && q->per_page <= REHAB_PER_PAGE_MAX ? q->per_page : 20;
	long page = q->page >= 1 ? q->page : 1;
	struct db_stmt *st;
	if (db_prepare(db, SQL_COUNT, &st, err) < 0)
		return -1;
	bind_filter(st, q, first, last);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW || db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	bind_filter(st, q, first, last);
	db_bind_int(st, 7, per_page);
	db_bind_int(st, 8, (int64_t)(page - 1) * per_page);
	struct rehab_service s;
	while ((rc = db_step(st, err)) == DB_ROW) {
		service_from_row(st, &s);
		if (fn(ctx, &s, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int rehab_of_person(struct db *db, int64_t person_id,
		    int (*fn)(void *ctx, const struct rehab_service *s, struct error *err), void *ctx,
		    struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_OF_PERSON, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, person_id);
	struct rehab_service s;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		service_from_row(st, &s);
		if (fn(ctx, &s, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int rehab_progress(struct db *db, int year, const char *metric,
		   void (*fn)(void *ctx, const char *township_code, long long value), void *ctx, struct error *err)
{
	const char *sql = NULL;
	if (metric && strcmp(metric, "services") == 0)
		sql = SQL_PROGRESS_SERVICES;
	else if (metric && strcmp(metric, "persons") == 0)
		sql = SQL_PROGRESS_PERSONS;
	else
		return error_set(err, "unknown rehabilitation metric \"%.40s\" (services, persons)", metric ? metric : "");
	char first[11], last[11];
	year_range(year, first, last);
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, first);
	db_bind_text(st, 2, last);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		long long v = (long long)db_col_int(st, 1);
		if (v != 0)
			fn(ctx, db_col_text(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
