#include "domain/training.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/idcard.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "domain/dict.h"

static const char SQL_INSERT[] =
	"INSERT INTO training_class (year, kind, name, start_date, end_date, place, support, created_at, created_by)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_CLOSE[] =
	"UPDATE training_class SET closed = 1, closed_at = ?, closed_by = ? WHERE id = ? AND closed = 0";
/* A class with its trainees and their support within a scope (?1 ?2 the village range). */
#define CLASS_COLUMNS                                                                                            \
	"SELECT c.id, c.year, c.kind, c.name, c.start_date, c.end_date, c.place, c.support, c.closed,"             \
	" coalesce(c.closed_at, ''), coalesce(c.closed_by, ''), c.created_at, c.created_by,"                        \
	" (SELECT count(*) FROM training_trainee t WHERE t.class_id = c.id AND t.village_code BETWEEN ?1 AND ?2),"  \
	" (SELECT coalesce(sum(t.support), 0) FROM training_trainee t"                                              \
	"  WHERE t.class_id = c.id AND t.village_code BETWEEN ?1 AND ?2)"                                           \
	" FROM training_class c"
static const char SQL_GET[] = CLASS_COLUMNS " WHERE c.id = ?3";
static const char SQL_LIST[] = CLASS_COLUMNS " WHERE ?3 = 0 OR c.year = ?3 ORDER BY c.start_date, c.id";
static const char SQL_CLASS_STATE[] = "SELECT closed, support FROM training_class WHERE id = ?";
static const char SQL_ADD[] =
	"INSERT INTO training_trainee (class_id, person_id, village_code, township_code, support, added_at, added_by)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_REMOVE[] =
	"DELETE FROM training_trainee WHERE class_id = ? AND person_id = ? AND village_code BETWEEN ? AND ?";
static const char SQL_TRAINEES[] =
	"SELECT " PERSON_COLUMNS ", dt.name, dv.name, tt.support, tt.township_code, tt.village_code, tt.added_at,"
	" tt.added_by FROM training_trainee tt JOIN person p ON p.id = tt.person_id"
	" JOIN division dv ON dv.code = tt.village_code JOIN division dt ON dt.code = tt.township_code"
	" WHERE tt.class_id = ? AND tt.village_code BETWEEN ? AND ? ORDER BY tt.village_code, p.name, p.id";
/* A person's classes: as a class of one trainee, the person, whose amount is the support total. */
static const char SQL_OF_PERSON[] =
	"SELECT c.id, c.year, c.kind, c.name, c.start_date, c.end_date, c.place, c.support, c.closed,"
	" coalesce(c.closed_at, ''), coalesce(c.closed_by, ''), c.created_at, c.created_by, 1, tt.support"
	" FROM training_trainee tt JOIN training_class c ON c.id = tt.class_id WHERE tt.person_id = ?"
	" ORDER BY c.start_date DESC, c.id DESC";
static const char SQL_PROGRESS_CLASSES[] = "SELECT '', count(*) FROM training_class WHERE year = ?";
static const char SQL_PROGRESS_TRAINEES[] =
	"SELECT t.township_code, count(*) FROM training_trainee t JOIN training_class c ON c.id = t.class_id"
	" WHERE c.year = ? GROUP BY t.township_code ORDER BY t.township_code";
static const char SQL_PROGRESS_SUPPORT[] =
	"SELECT t.township_code, sum(t.support) FROM training_trainee t JOIN training_class c ON c.id = t.class_id"
	" WHERE c.year = ? GROUP BY t.township_code ORDER BY t.township_code";

static const char *const kinds[TRAINING_KIND_MAX + 1] = {
	[TRAINING_EMPLOYMENT] = "就业培训",
	[TRAINING_MASSAGE] = "盲人按摩培训",
	[TRAINING_OTHER] = "其他",
};

const char *training_kind_label(int kind)
{
	return kind >= 1 && kind <= TRAINING_KIND_MAX ? kinds[kind] : NULL;
}

int training_kind_parse(const char *text)
{
	int64_t n;
	if (!text)
		return -1;
	if (number_parse(text, 1, TRAINING_KIND_MAX, &n))
		return (int)n;
	for (int k = 1; k <= TRAINING_KIND_MAX; k++)
		if (strcmp(text, kinds[k]) == 0)
			return k;
	return -1;
}

bool training_may_manage(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

bool training_may_enrol(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

bool training_may_view(const struct user *u)
{
	return u->role != ROLE_HOSPITAL && u->role < ROLE__MAX;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc;
}

/* A required one-line text of at most max characters. */
static void text_check(struct case_problems *pr, const char *field, const char *label, const char *s, int max)
{
	if (!s || !*s)
		case_field_problem(pr, field, msg(MSG_EMP_TEXT_EMPTY), label, max);
	else if (!utf8_valid(s, strlen(s)) || utf8_has_control(s))
		case_field_problem(pr, field, msg(MSG_EMP_TEXT_CONTROL), label);
	else if (utf8_length(s) > (size_t)max)
		case_field_problem(pr, field, msg(MSG_EMP_TEXT_LONG), label, max);
}

/* A required date into d: 0, or -1 with the reason under field. */
static int date_check(struct case_problems *pr, const char *field, const char *label, const char *s, struct date *d)
{
	if (!s || !*s)
		case_field_problem(pr, field, msg(MSG_EMP_DATE_EMPTY), label);
	else if (strlen(s) > 10 || date_parse(s, d) < 0)
		case_field_problem(pr, field, msg(MSG_EMP_DATE_BAD), label);
	else
		return 0;
	return -1;
}

/* An amount of support (yuan text) into *fen: 0, or -1 with the reason under "support". */
static int support_check(struct case_problems *pr, const char *s, int64_t *fen)
{
	enum money_status st = money_parse(s, 0, fen);
	if (st != MONEY_OK) {
		case_field_problem(pr, "support", "%s", money_reason(st));
		return -1;
	}
	if (*fen > TRAINING_SUPPORT_MAX) {
		char max[MONEY_TEXT_MAX];
		money_format(TRAINING_SUPPORT_MAX, max, sizeof max);
		case_field_problem(pr, "support", msg(MSG_TRAINING_SUPPORT_MAX), max);
		return -1;
	}
	return 0;
}

int training_create(struct db *w, const struct training_input *in, const struct user *u, int64_t *id,
		    struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	if (!training_may_manage(u))
		return case_refuse(pr, msg(MSG_TRAINING_ROLE_MANAGE), role_label(u->role));
	int64_t year = 0, support = 0;
	if (!in->year || !number_parse(in->year, 2000, 2100, &year))
		case_field_problem(pr, "year", "%s", msg(MSG_EMP_YEAR));
	int kind = training_kind_parse(in->kind);
	if (kind < 0)
		case_field_problem(pr, "kind", "%s", msg(MSG_TRAINING_KIND));
	text_check(pr, "name", "培训班名称", in->name, TRAINING_NAME_MAX);
	struct date start, end;
	int s_ok = date_check(pr, "start_date", "开班日期", in->start_date, &start);
	int e_ok = date_check(pr, "end_date", "结业日期", in->end_date, &end);
	if (s_ok == 0 && year && start.year != year)
		case_field_problem(pr, "start_date", msg(MSG_TRAINING_START_YEAR), (int)year);
	if (s_ok == 0 && e_ok == 0 && date_cmp(end, start) < 0)
		case_field_problem(pr, "end_date", "%s", msg(MSG_TRAINING_END_BEFORE));
	text_check(pr, "place", "培训地点", in->place, TRAINING_PLACE_MAX);
	support_check(pr, in->support ? in->support : "", &support);
	if (pr->n)
		return 1;
	char sd[11], ed[11], now[STAMP_SIZE];
	date_format(start, sd);
	date_format(end, ed);
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, kind);
	db_bind_text(st, 3, in->name);
	db_bind_text(st, 4, sd);
	db_bind_text(st, 5, ed);
	db_bind_text(st, 6, in->place);
	db_bind_int(st, 7, support);
	db_bind_text(st, 8, now);
	db_bind_text(st, 9, u->name);
	if (run(st, err) != DB_DONE || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* The state of class id: 1 with closed and support, 0 none, -1 error. */
static int class_state(struct db *db, int64_t id, bool *closed, int64_t *support, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_CLASS_STATE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*closed = db_col_int(st, 0) != 0;
		*support = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int training_close(struct db *w, int64_t id, const struct user *u, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	bool closed = false;
	int64_t support;
	int found = class_state(w, id, &closed, &support, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "%s", msg(MSG_TRAINING_NOT_FOUND)), 2);
	if (!training_may_manage(u))
		return case_refuse(pr, msg(MSG_TRAINING_ROLE_MANAGE), role_label(u->role));
	if (closed)
		return case_refuse(pr, "%s", msg(MSG_TRAINING_ALREADY_CLOSED));
	char now[STAMP_SIZE];
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_CLOSE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, u->name);
	db_bind_int(st, 3, id);
	return run(st, err) == DB_DONE ? 0 : -1;
}

static void class_from_row(struct db_stmt *st, struct training_class *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, 0);
	c->year = (int)db_col_int(st, 1);
	c->kind = (int)db_col_int(st, 2);
	copy(c->name, sizeof c->name, db_col_text(st, 3));
	copy(c->start_date, sizeof c->start_date, db_col_text(st, 4));
	copy(c->end_date, sizeof c->end_date, db_col_text(st, 5));
	copy(c->place, sizeof c->place, db_col_text(st, 6));
	c->support = db_col_int(st, 7);
	c->closed = db_col_int(st, 8) != 0;
	copy(c->closed_at, sizeof c->closed_at, db_col_text(st, 9));
	copy(c->closed_by, sizeof c->closed_by, db_col_text(st, 10));
	copy(c->created_at, sizeof c->created_at, db_col_text(st, 11));
	copy(c->created_by, sizeof c->created_by, db_col_text(st, 12));
	c->trainees = (long)db_col_int(st, 13);
	c->support_total = db_col_int(st, 14);
}

int training_get(struct db *db, const struct registry_scope *scope, int64_t id, struct training_class *out,
		 struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, scope->lo);
	db_bind_text(st, 2, scope->hi);
	db_bind_int(st, 3, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		class_from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int training_list(struct db *db, const struct registry_scope *scope, int year,
		  int (*fn)(void *ctx, const struct training_class *c, struct error *err), void *ctx,
		  struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, scope->lo);
	db_bind_text(st, 2, scope->hi);
	db_bind_int(st, 3, year);
	struct training_class c;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		class_from_row(st, &c);
		if (fn(ctx, &c, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int training_find_person(struct db *db, const struct registry_scope *scope, const char *id_number,
			 struct person *out, const char **reason, struct error *err)
{
	struct idcard id;
	*reason = msg(MSG_EMP_ID_NUMBER);
	if (!id_number || idcard_parse(id_number, date_today(), &id) != IDCARD_OK)
		return 0;
	*reason = msg(MSG_EMP_PERSON_NOT_FOUND);
	int found = person_find_by_id_number(db, id.number, out, err);
	if (found < 0)
		return -1;
	if (found == 0 || !registry_scope_has(scope, out->village))
		return 0;
	*reason = NULL;
	return 1;
}

int training_add(struct db *w, int64_t class_id, int64_t person_id, const char *support, const struct user *u,
		 const struct registry_scope *scope, int64_t *support_fen, struct case_problems *pr,
		 struct error *err)
{
	memset(pr, 0, sizeof *pr);
	bool closed = false;
	int64_t amount = 0;
	int found = class_state(w, class_id, &closed, &amount, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "%s", msg(MSG_TRAINING_NOT_FOUND)), 2);
	if (!training_may_enrol(u))
		return case_refuse(pr, msg(MSG_TRAINING_ROLE_ENROL), role_label(u->role));
	if (closed)
		return case_refuse(pr, "%s", msg(MSG_TRAINING_CLOSED));
	struct person p;
	if ((found = registry_get(w, scope, person_id, &p, err)) < 0)
		return -1;
	if (!found) {
		case_field_problem(pr, "person", "%s", msg(MSG_EMP_PERSON_NOT_FOUND));
		return case_refuse(pr, "%s", msg(MSG_EMP_PERSON_NOT_FOUND));
	}
	if (p.status != PERSON_ACTIVE) {
		const char *label = dict_label(DICT_STATUS, (int)p.status);
		return case_refuse(pr, msg(MSG_EMP_PERSON_INACTIVE), p.name, label ? label : "");
	}
	if (support && *support && support_check(pr, support, &amount) < 0)
		return 1;
	char township[13], now[STAMP_SIZE];
	person_township(&p, township);
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_ADD, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, class_id);
	db_bind_int(st, 2, person_id);
	db_bind_text(st, 3, p.village);
	db_bind_text(st, 4, township);
	db_bind_int(st, 5, amount);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, u->name);
	int rc = run(st, err);
	if (rc == DB_CONFLICT)
		return case_refuse(pr, msg(MSG_TRAINING_DUPLICATE), p.name), 3;
	if (rc != DB_DONE)
		return -1;
	if (support_fen)
		*support_fen = amount;
	return 0;
}

int training_remove(struct db *w, int64_t class_id, int64_t person_id, const struct user *u,
		    const struct registry_scope *scope, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	bool closed = false;
	int64_t amount;
	int found = class_state(w, class_id, &closed, &amount, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "%s", msg(MSG_TRAINING_NOT_FOUND)), 2);
	if (!training_may_enrol(u))
		return case_refuse(pr, msg(MSG_TRAINING_ROLE_ENROL), role_label(u->role));
	if (closed)
		return case_refuse(pr, "%s", msg(MSG_TRAINING_CLOSED));
	struct db_stmt *st;
	if (db_prepare(w, SQL_REMOVE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, class_id);
	db_bind_int(st, 2, person_id);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	if (run(st, err) != DB_DONE)
		return -1;
	if (db_changes(w) == 0)
		return case_refuse(pr, "%s", msg(MSG_TRAINING_NOT_TRAINEE));
	return 0;
}

int training_trainees(struct db *db, const struct registry_scope *scope, int64_t class_id,
		      int (*fn)(void *ctx, const struct training_trainee *t, struct error *err), void *ctx,
		      struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_TRAINEES, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, class_id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	struct training_trainee t;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(&t, 0, sizeof t);
		person_from_row(st, &t.person);
		t.support = db_col_int(st, 20);
		copy(t.township, sizeof t.township, db_col_text(st, 21));
		copy(t.village, sizeof t.village, db_col_text(st, 22));
		copy(t.added_at, sizeof t.added_at, db_col_text(st, 23));
		copy(t.added_by, sizeof t.added_by, db_col_text(st, 24));
		if (fn(ctx, &t, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int training_of_person(struct db *db, int64_t person_id,
		       int (*fn)(void *ctx, const struct training_class *c, int64_t support, struct error *err),
		       void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_OF_PERSON, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, person_id);
	struct training_class c;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		class_from_row(st, &c);
		if (fn(ctx, &c, c.support_total, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int training_progress(struct db *db, int year, const char *metric,
		      void (*fn)(void *ctx, const char *township_code, long long value), void *ctx,
		      struct error *err)
{
	const char *sql = NULL;
	if (metric && strcmp(metric, "classes") == 0)
		sql = SQL_PROGRESS_CLASSES;
	else if (metric && strcmp(metric, "trainees") == 0)
		sql = SQL_PROGRESS_TRAINEES;
	else if (metric && strcmp(metric, "support") == 0)
		sql = SQL_PROGRESS_SUPPORT;
	else
		return error_set(err, "unknown training metric \"%.40s\" (classes, trainees, support)",
				 metric ? metric : "");
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		long long v = (long long)db_col_int(st, 1);
		if (v != 0)
			fn(ctx, db_col_text(st, 0), v);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
