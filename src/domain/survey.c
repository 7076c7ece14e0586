#include "domain/survey.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/division.h"

/* The survey */

static const char SQL_GET[] = "SELECT form, start_date, end_date, target_permille, opened_at, opened_by"
                              " FROM survey WHERE year = ?";
static const char SQL_YEARS[] = "SELECT year FROM survey ORDER BY year DESC";
static const char SQL_INSERT[] =
    "INSERT INTO survey (year, form, start_date, end_date, target_permille, opened_at, opened_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] = "UPDATE survey SET form = ?, start_date = ?, end_date = ? WHERE year = ?";
static const char SQL_HAS_RECORDS[] = "SELECT count(*) FROM survey_record WHERE year = ?";
static const char SQL_EXISTS[] = "SELECT 1 FROM survey WHERE year = ?";

/* Rosters */

/* Each village of a range (?2..?3) is marked drawn (a first time too), by ?4 at ?5. */
static const char SQL_VILLAGES_DRAWN[] =
    "INSERT INTO survey_village (year, village_code, township_code, first_drawn_at, drawn_at, drawn_by)"
    " SELECT ?1, d.code, d.parent_code, ?5, ?5, ?4 FROM division d WHERE d.level = 3 AND d.code BETWEEN ?2 AND ?3"
    " ON CONFLICT (year, village_code) DO UPDATE SET drawn_at = excluded.drawn_at, drawn_by = excluded.drawn_by,"
    " first_drawn_at = coalesce(survey_village.first_drawn_at, excluded.first_drawn_at)";
/* The persons 在册 in the range, as they are now, that the year's roster does not hold. */
static const char SQL_ROSTER_DRAW[] =
    "INSERT INTO survey_roster (year, person_id, village_code, township_code, name, sex, birth_date, category, grade,"
    " hukou, drawn_at, drawn_by)"
    " SELECT ?1, p.id, p.village_code, p.township_code, p.name, p.sex, p.birth_date, p.category, p.grade, p.hukou, ?5, "
    "?4"
    " FROM person p WHERE p.village_code BETWEEN ?2 AND ?3 AND p.status = 1"
    " ON CONFLICT (year, person_id) DO NOTHING";
static const char SQL_DIVISION[] = "SELECT level FROM division WHERE code = ?";
static const char SQL_ASSIGN[] =
    "INSERT INTO survey_village (year, village_code, township_code, investigator_user, investigator_name, assigned_at,"
    " assigned_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (year, village_code) DO UPDATE SET investigator_user = excluded.investigator_user,"
    " investigator_name = excluded.investigator_name, assigned_at = excluded.assigned_at,"
    " assigned_by = excluded.assigned_by";
static const char SQL_VILLAGE[] =
    "SELECT coalesce(sv.drawn_at, ''), coalesce(sv.first_drawn_at, ''), coalesce(sv.drawn_by, ''),"
    " coalesce(sv.investigator_name, ''), coalesce(u.name, '')"
    " FROM survey_village sv LEFT JOIN app_user u ON u.id = sv.investigator_user"
    " WHERE sv.year = ? AND sv.village_code = ?";

#define ROW_COLUMNS                                                                                                    \
	"r.person_id, r.village_code, r.township_code, r.name, r.sex, r.birth_date, coalesce(r.category, 0),"          \
	" coalesce(r.grade, 0), r.hukou, r.drawn_at, coalesce(r.record_id, 0), coalesce(r.outcome, 0),"                \
	" coalesce(s.version, 0), coalesce(s.visit_date, ''), coalesce(s.investigator, ''), p.id_number, v.name, "     \
	"t.name"
#define ROW_JOIN                                                                                                       \
	" FROM survey_roster r LEFT JOIN survey_record s ON s.id = r.record_id JOIN person p ON p.id = r.person_id"    \
	" JOIN division v ON v.code = r.village_code JOIN division t ON t.code = r.township_code"
static const char SQL_ROSTER[] =
    "SELECT " ROW_COLUMNS ROW_JOIN " WHERE r.year = ?1 AND r.village_code = ?2 AND r.village_code BETWEEN ?3 AND ?4"
    " ORDER BY r.person_id";
static const char SQL_ROSTER_ONE[] =
    "SELECT " ROW_COLUMNS ROW_JOIN " WHERE r.year = ?1 AND r.person_id = ?2 AND r.village_code BETWEEN ?3 AND ?4";

/* Records */

static const char SQL_RECORD_INSERT[] =
    "INSERT INTO survey_record (year, person_id, version, outcome, visit_date, investigator, answers, remark,"
    " entered_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_ROSTER_SET[] =
    "UPDATE survey_roster SET record_id = ?, outcome = ? WHERE year = ? AND person_id = ?";
static const char SQL_HISTORY[] = "SELECT id, version, outcome, visit_date, investigator, answers, remark, entered_at,"
                                  " entered_by FROM survey_record WHERE year = ? AND person_id = ? ORDER BY version";

/* Progress: every village of the scope (?2..?3, and township ?4 unless ''), with its roster's counts. */
static const char SQL_STATS[] =
    "SELECT v.code, v.name, t.code, t.name, coalesce(sv.drawn_at, ''), coalesce(sv.investigator_name, ''),"
    " coalesce(sv.investigator_user, 0), coalesce(s.n, 0), coalesce(s.rec, 0), coalesce(s.vis, 0)"
    " FROM division v JOIN division t ON t.code = v.parent_code"
    " LEFT JOIN survey_village sv ON sv.year = ?1 AND sv.village_code = v.code"
    " LEFT JOIN (SELECT village_code, count(*) AS n, count(outcome) AS rec,"
    " sum(CASE WHEN outcome = 1 THEN 1 ELSE 0 END) AS vis FROM survey_roster"
    " WHERE year = ?1 AND village_code BETWEEN ?2 AND ?3 GROUP BY village_code) s ON s.village_code = v.code"
    " WHERE v.level = 3 AND v.code BETWEEN ?2 AND ?3 AND (?4 = '' OR v.parent_code = ?4)"
    " ORDER BY v.code";

static const struct {
	const char *code, *label;
} outcomes[] = {
    [SURVEY_NONE] = {"", "未登记"},
    [SURVEY_VISITED] = {"visited", "已入户"},
    [SURVEY_NOT_FOUND] = {"not_found", "未找到"},
    [SURVEY_MOVED] = {"moved", "已迁出"},
    [SURVEY_DECEASED] = {"deceased", "已死亡"},
};

const char *survey_outcome_code(enum survey_outcome o)
{
	return (unsigned)o <= SURVEY_DECEASED ? outcomes[o].code : "";
}

const char *survey_outcome_label(enum survey_outcome o)
{
	return (unsigned)o <= SURVEY_DECEASED ? outcomes[o].label : outcomes[0].label;
}

int survey_outcome_parse(const char *text)
{
	for (int o = SURVEY_VISITED; text && o <= SURVEY_DECEASED; o++)
		if (strcmp(text, outcomes[o].code) == 0 || strcmp(text, outcomes[o].label) == 0)
			return o;
	return -1;
}

bool survey_may_view(const struct user *u)
{
	return u->role != ROLE_HOSPITAL && u->role < ROLE__MAX;
}

bool survey_may_record(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP ||
	       u->role == ROLE_VILLAGE;
}

bool survey_may_manage(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

bool survey_may_open(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN;
}

int survey_permille(long part, long whole)
{
	if (whole <= 0)
		return -1;
	return (int)((long long)part * 1000 / whole);
}

void survey_rate_text(long part, long whole, char out[16])
{
	int p = survey_permille(part, whole);
	if (p < 0)
		snprintf(out, 16, "—");
	else
		snprintf(out, 16, "%d.%d%%", p / 10, p % 10);
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int last_id(struct db *w, int64_t *id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* 1 when the survey of year exists, 0 not, -1 error. */
static int exists(struct db *db, int year, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_EXISTS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The survey */

int survey_get(struct db *db, int year, struct survey *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	int rc = db_step(st, err);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? 0 : -1;
	}
	const char *form = db_col_text(st, 0);
	struct buf problems = BUF_INIT(4096);
	struct program_form *f;
	int parsed = program_form_parse(form, strlen(form), &f, &problems);
	out->year = year;
	copy(out->start_date, sizeof out->start_date, db_col_text(st, 1));
	copy(out->end_date, sizeof out->end_date, db_col_text(st, 2));
	out->target_permille = (int)db_col_int(st, 3);
	copy(out->opened_at, sizeof out->opened_at, db_col_text(st, 4));
	copy(out->opened_by, sizeof out->opened_by, db_col_text(st, 5));
	db_done(st);
	if (parsed < 0) {
		const char *s = buf_cstr(&problems);
		error_set(err, "the stored form of the survey of %d does not parse: %.*s", year, (int)strcspn(s, "\n"),
		          s);
		buf_release(&problems);
		return -1;
	}
	buf_release(&problems);
	out->form = f;
	return 1;
}

void survey_release(struct survey *s)
{
	if (!s)
		return;
	program_form_free(s->form);
	s->form = NULL;
}

int survey_years(struct db *db, void (*fn)(void *ctx, int year), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_YEARS, &st, err) < 0)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, (int)db_col_int(st, 0));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* A day of year from text into out (11 bytes), dflt when text is empty: true, or false with a problem line. */
static bool period_date(const char *text, int year, int month, int day, const char *label, char out[11],
                        struct buf *problems)
{
	struct date d = {year, month, day};
	if (text && *text && (date_parse(text, &d) < 0 || d.year != year)) {
		(void)!buf_addf(problems, msg(MSG_SURVEY_PERIOD_DATE), label);
		(void)!buf_addstr(problems, "\n");
		return false;
	}
	date_format(d, out);
	return true;
}

int survey_open(struct db *w, int year, const char *form, size_t len, const char *start, const char *end,
                const char *user_name, enum survey_open_result *what, struct buf *problems, struct error *err)
{
	*what = SURVEY_UNCHANGED;
	if (year < 2000 || year > 2100) {
		(void)!buf_addf(problems, "%s\n", msg(MSG_SURVEY_YEAR));
		return 1;
	}
	struct program_form *f;
	if (program_form_parse(form, len, &f, problems) < 0)
		return 1;
	program_form_free(f);
	char from[11], until[11];
	bool ok = period_date(start, year, 9, 1, "开始日期", from, problems);
	ok = period_date(end, year, 9, 30, "结束日期", until, problems) && ok;
	if (ok && strcmp(until, from) < 0) {
		(void)!buf_addf(problems, "%s\n", msg(MSG_SURVEY_PERIOD_ORDER));
		ok = false;
	}
	if (!ok)
		return 1;
	char *text = xstrndup(form, len);
	char at[STAMP_SIZE];
	stamp_now(at);
	int rc = -1;
	if (db_begin(w, err) < 0)
		goto out;
	int found = exists(w, year, err);
	if (found < 0)
		goto fail;
	struct db_stmt *st;
	if (!found) {
		if (db_prepare(w, SQL_INSERT, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, text);
		db_bind_text(st, 3, from);
		db_bind_text(st, 4, until);
		db_bind_int(st, 5, SURVEY_TARGET_PERMILLE);
		db_bind_text(st, 6, at);
		db_bind_text(st, 7, user_name);
		if (run(st, err) < 0)
			goto fail;
		*what = SURVEY_OPENED;
	} else {
		/* The stored text is compared, not the parse: the file as loaded is what is kept. */
		if (db_prepare(w, SQL_GET, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, year);
		bool same_form = db_step(st, err) == DB_ROW && strcmp(db_col_text(st, 0), text) == 0;
		bool same_dates =
		    same_form && strcmp(db_col_text(st, 1), from) == 0 && strcmp(db_col_text(st, 2), until) == 0;
		db_done(st);
		if (!same_form) {
			if (db_prepare(w, SQL_HAS_RECORDS, &st, err) < 0)
				goto fail;
			db_bind_int(st, 1, year);
			int step = db_step(st, err);
			int64_t n = step == DB_ROW ? db_col_int(st, 0) : -1;
			db_done(st);
			if (n < 0)
				goto fail;
			if (n > 0) {
				db_rollback(w);
				(void)!buf_addf(problems, msg(MSG_SURVEY_FORM_LOCKED), year);
				(void)!buf_addstr(problems, "\n");
				rc = 1;
				goto out;
			}
		}
		if (!same_dates) {
			if (db_prepare(w, SQL_UPDATE, &st, err) < 0)
				goto fail;
			db_bind_text(st, 1, text);
			db_bind_text(st, 2, from);
			db_bind_text(st, 3, until);
			db_bind_int(st, 4, year);
			if (run(st, err) < 0)
				goto fail;
			*what = SURVEY_UPDATED;
		}
	}
	if (db_commit(w, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
	rc = -1;
out:
	free(text);
	return rc;
}

/* Rosters and investigators */

/* The intersection of code's subtree with scope into lo..hi: false when empty. */
static bool in_scope(const char *code, const struct registry_scope *scope, char lo[13], char hi[13])
{
	if (!scope->lo[0])
		return false;
	division_subtree(code, lo, hi);
	if (strcmp(lo, scope->lo) < 0)
		memcpy(lo, scope->lo, 13);
	if (strcmp(hi, scope->hi) > 0)
		memcpy(hi, scope->hi, 13);
	return strcmp(lo, hi) <= 0;
}

/* The level of division code (2 township, 3 village), 0 when there is none; -1 error. */
static int level_of(struct db *db, const char *code, struct error *err)
{
	if (!code || division_level_of(code) < DIVISION_TOWNSHIP)
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_DIVISION, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st, err);
	int level = rc == DB_ROW ? (int)db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? level : -1;
}

int survey_draw(struct db *w, int year, const char *division, const struct user *u, const struct registry_scope *scope,
                long *added, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*added = 0;
	int found = exists(w, year, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, msg(MSG_SURVEY_NONE), year), 2);
	int level = level_of(w, division, err);
	if (level < 0)
		return -1;
	char lo[13], hi[13];
	if ((level != DIVISION_TOWNSHIP && level != DIVISION_VILLAGE) || !in_scope(division, scope, lo, hi))
		return case_refuse(pr, "%s", msg(MSG_SURVEY_DIVISION)), 2;
	if (!survey_may_manage(u))
		return case_refuse(pr, msg(MSG_SURVEY_ROLE_MANAGE), role_label(u->role));
	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_begin(w, err) < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		if (db_prepare(w, k ? SQL_ROSTER_DRAW : SQL_VILLAGES_DRAWN, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, lo);
		db_bind_text(st, 3, hi);
		db_bind_text(st, 4, u->name);
		db_bind_text(st, 5, at);
		if (run(st, err) < 0)
			goto fail;
		if (k)
			*added = db_changes(w);
	}
	if (db_commit(w, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(w);
	*added = 0;
	return -1;
}

/* A required name of at most SURVEY_NAME_MAX characters: true, or false with a problem about field. */
static bool name_ok(struct case_problems *pr, const char *field, const char *s)
{
	if (!utf8_valid(s, strlen(s)) || utf8_has_control(s)) {
		case_field_problem(pr, field, "%s", msg(MSG_SURVEY_TEXT_CONTROL));
		return false;
	}
	if (utf8_length(s) > SURVEY_NAME_MAX) {
		case_field_problem(pr, field, msg(MSG_SURVEY_NAME_LONG), SURVEY_NAME_MAX);
		return false;
	}
	return true;
}

int survey_assign(struct db *w, int year, const char *village, const char *account, const char *name,
                  const struct user *u, const struct registry_scope *scope, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	account = account ? account : "";
	name = name ? name : "";
	int found = exists(w, year, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, msg(MSG_SURVEY_NONE), year), 2);
	int level = level_of(w, village, err);
	if (level < 0)
		return -1;
	if (level != DIVISION_VILLAGE || !registry_scope_has(scope, village))
		return case_refuse(pr, "%s", msg(MSG_SURVEY_DIVISION)), 2;
	if (!survey_may_manage(u))
		return case_refuse(pr, msg(MSG_SURVEY_ROLE_MANAGE), role_label(u->role));
	if (!*account && !*name) {
		case_field_problem(pr, "name", "%s", msg(MSG_SURVEY_ASSIGN_EMPTY));
		return 1;
	}
	struct user a = {0};
	if (*account) {
		int got = strlen(account) <= ACCOUNT_NAME_MAX ? account_find(w, account, &a, err) : 0;
		if (got < 0)
			return -1;
		if (!got || a.role != ROLE_VILLAGE || strcmp(a.division, village) != 0 || a.disabled)
			case_field_problem(pr, "account", msg(MSG_SURVEY_ACCOUNT), account);
	}
	if (*name)
		name_ok(pr, "name", name);
	if (pr->n)
		return 1;
	char township[13], at[STAMP_SIZE];
	division_parent_of(village, township);
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_ASSIGN, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, village);
	db_bind_text(st, 3, township);
	if (a.id)
		db_bind_int(st, 4, a.id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, *name ? name : a.name);
	db_bind_text(st, 6, at);
	db_bind_text(st, 7, u->name);
	return run(st, err);
}

int survey_village_get(struct db *db, int year, const char *village, const struct registry_scope *scope,
                       struct survey_village *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	int level = level_of(db, village, err);
	if (level < 0)
		return -1;
	if (level != DIVISION_VILLAGE || !registry_scope_has(scope, village))
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_VILLAGE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, village);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		copy(out->drawn_at, sizeof out->drawn_at, db_col_text(st, 0));
		copy(out->first_drawn_at, sizeof out->first_drawn_at, db_col_text(st, 1));
		copy(out->drawn_by, sizeof out->drawn_by, db_col_text(st, 2));
		copy(out->investigator, sizeof out->investigator, db_col_text(st, 3));
		copy(out->investigator_account, sizeof out->investigator_account, db_col_text(st, 4));
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 1 : -1;
}

static void row_from(struct db_stmt *st, int year, struct survey_row *r)
{
	memset(r, 0, sizeof *r);
	r->year = year;
	r->person_id = db_col_int(st, 0);
	copy(r->village, sizeof r->village, db_col_text(st, 1));
	copy(r->township, sizeof r->township, db_col_text(st, 2));
	copy(r->name, sizeof r->name, db_col_text(st, 3));
	r->sex = (int)db_col_int(st, 4);
	copy(r->birth_date, sizeof r->birth_date, db_col_text(st, 5));
	r->category = (int)db_col_int(st, 6);
	r->grade = (int)db_col_int(st, 7);
	r->hukou = (int)db_col_int(st, 8);
	copy(r->drawn_at, sizeof r->drawn_at, db_col_text(st, 9));
	r->record_id = db_col_int(st, 10);
	int o = (int)db_col_int(st, 11);
	r->outcome = o >= SURVEY_VISITED && o <= SURVEY_DECEASED ? (enum survey_outcome)o : SURVEY_NONE;
	r->version = (int)db_col_int(st, 12);
	copy(r->visit_date, sizeof r->visit_date, db_col_text(st, 13));
	copy(r->investigator, sizeof r->investigator, db_col_text(st, 14));
	copy(r->id_number, sizeof r->id_number, db_col_text(st, 15));
	copy(r->village_name, sizeof r->village_name, db_col_text(st, 16));
	copy(r->township_name, sizeof r->township_name, db_col_text(st, 17));
}

int survey_roster(struct db *db, int year, const char *village, const struct registry_scope *scope,
                  int (*fn)(void *ctx, const struct survey_row *r, struct error *err), void *ctx, struct error *err)
{
	if (!scope->lo[0] || !village || !registry_scope_has(scope, village))
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_ROSTER, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, village);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	struct survey_row *r = xmalloc(sizeof *r);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		row_from(st, year, r);
		if (fn(ctx, r, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	free(r);
	return rc == DB_DONE ? 0 : -1;
}

int survey_roster_get(struct db *db, int year, int64_t person_id, const struct registry_scope *scope,
                      struct survey_row *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_ROSTER_ONE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, person_id);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		row_from(st, year, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Records */

/* The visit's day into d: checked against today and the survey's start. */
static void date_check(struct case_problems *pr, const char *text, const struct survey *s, struct date *d)
{
	struct date start;
	if (!text || !*text)
		case_field_problem(pr, "date", "%s", msg(MSG_SURVEY_DATE_REQUIRED));
	else if (date_parse(text, d) < 0)
		case_field_problem(pr, "date", "%s", msg(MSG_SURVEY_DATE_INVALID));
	else if (date_cmp(*d, date_today()) > 0)
		case_field_problem(pr, "date", msg(MSG_SURVEY_DATE_FUTURE), text);
	else if (date_parse(s->start_date, &start) == 0 && date_cmp(*d, start) < 0)
		case_field_problem(pr, "date", msg(MSG_SURVEY_DATE_EARLY), s->start_date);
}

/*
 * The answers of a visit as stored: a JSON object of the form's items in
 * the form's order, each checked (program_value), the required ones
 * present, an unknown key refused. The caller frees the text; NULL when pr
 * holds a reason.
 */
static char *answers_of(const struct program_form *f, const struct survey_entry *e, struct case_problems *pr)
{
	const char **typed = xcalloc(f->nfields ? f->nfields : 1, sizeof *typed);
	for (size_t i = 0; i < e->nvalues; i++) {
		const char *k = e->values[i].field, *t = e->values[i].text;
		int fi = program_form_field_index(f, k);
		if (fi < 0) {
			case_field_problem(pr, k && strlen(k) <= PROGRAM_KEY_MAX ? k : "values", "%s",
			                   msg(MSG_SURVEY_ITEM_UNKNOWN));
			continue;
		}
		/* Left empty is absent (program_value refuses blank text for every type). */
		if (t && strspn(t, " \t\r\n") < strlen(t))
			typed[fi] = t;
	}
	json_t *o = json_object();
	for (size_t i = 0; i < f->nfields; i++) {
		const struct program_field *fd = &f->fields[i];
		if (!typed[i]) {
			if (f->required[i])
				case_field_problem(pr, fd->key, "%s", msg(MSG_SURVEY_ITEM_REQUIRED));
			continue;
		}
		char value[4 * PROGRAM_TEXT_MAX + 1], reason[400];
		if (program_value(fd, typed[i], value, sizeof value, reason, sizeof reason) != 0)
			case_field_problem(pr, fd->key, "%s", reason);
		else
			json_object_set_new(o, fd->key, json_string(value));
	}
	free(typed);
	char *text = pr->n ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

int survey_record(struct db *w, int year, int64_t person_id, const struct survey_entry *e, const struct user *u,
                  const struct registry_scope *scope, int64_t *record_id, int *version, struct case_problems *pr,
                  struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*record_id = 0;
	*version = 0;
	struct survey s;
	int found = survey_get(w, year, &s, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, msg(MSG_SURVEY_NONE), year), 2);
	struct survey_row *r = xmalloc(sizeof *r);
	char *answers = NULL;
	int rc = -1;
	found = survey_roster_get(w, year, person_id, scope, r, err);
	if (found <= 0) {
		rc = found < 0 ? -1 : (case_refuse(pr, msg(MSG_SURVEY_NOT_ON_ROSTER), year), 2);
		goto out;
	}
	if (!survey_may_record(u)) {
		rc = case_refuse(pr, msg(MSG_SURVEY_ROLE_RECORD), role_label(u->role));
		goto out;
	}
	if (e->based_on >= 0 && e->based_on != r->version) {
		case_refuse(pr, msg(MSG_SURVEY_STALE), r->version);
		rc = 3;
		goto out;
	}
	int outcome = survey_outcome_parse(e->outcome);
	if (outcome < 0)
		case_field_problem(pr, "outcome", "%s", msg(MSG_SURVEY_OUTCOME));
	struct date d;
	date_check(pr, e->date, &s, &d);
	/* The investigator: as typed, else the village's. */
	struct survey_village v;
	const char *who = e->investigator ? e->investigator : "";
	if (!*who) {
		if (survey_village_get(w, year, r->village, scope, &v, err) < 0)
			goto out;
		who = v.investigator;
	}
	if (!*who)
		case_field_problem(pr, "investigator", "%s", msg(MSG_SURVEY_INVESTIGATOR));
	else
		name_ok(pr, "investigator", who);
	const char *remark = e->remark ? e->remark : "";
	if (!utf8_valid(remark, strlen(remark)) || utf8_has_control(remark))
		case_field_problem(pr, "remark", "%s", msg(MSG_SURVEY_TEXT_CONTROL));
	else if (utf8_length(remark) > SURVEY_REMARK_MAX)
		case_field_problem(pr, "remark", msg(MSG_SURVEY_REMARK_LONG), SURVEY_REMARK_MAX);
	else if (!*remark && r->version > 0)
		case_field_problem(pr, "remark", "%s", msg(MSG_SURVEY_REMARK_CORRECTION));
	else if (!*remark && outcome == SURVEY_NOT_FOUND)
		case_field_problem(pr, "remark", "%s", msg(MSG_SURVEY_REMARK_NOT_FOUND));
	/* The form's items only for a visit: nobody answers for a person not met. */
	if (outcome == SURVEY_VISITED)
		answers = answers_of(s.form, e, pr);
	if (pr->n) {
		rc = 1;
		goto out;
	}
	char day[11], at[STAMP_SIZE];
	date_format(d, day);
	stamp_now(at);
	struct db_stmt *st;
	if (db_begin(w, err) < 0)
		goto out;
	if (db_prepare(w, SQL_RECORD_INSERT, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, person_id);
	db_bind_int(st, 3, r->version + 1);
	db_bind_int(st, 4, outcome);
	db_bind_text(st, 5, day);
	db_bind_text(st, 6, who);
	db_bind_text(st, 7, answers ? answers : "{}");
	db_bind_text(st, 8, remark);
	db_bind_text(st, 9, at);
	db_bind_text(st, 10, u->name);
	int step = db_step(st, err);
	db_done(st);
	if (step == DB_CONFLICT) { /* another correction took this version meanwhile */
		db_rollback(w);
		case_refuse(pr, msg(MSG_SURVEY_STALE), r->version + 1);
		rc = 3;
		goto out;
	}
	if (step != DB_DONE || last_id(w, record_id, err) < 0 || db_prepare(w, SQL_ROSTER_SET, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, *record_id);
	db_bind_int(st, 2, outcome);
	db_bind_int(st, 3, year);
	db_bind_int(st, 4, person_id);
	if (run(st, err) < 0 || db_commit(w, err) < 0)
		goto fail;
	*version = r->version + 1;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
	*record_id = 0;
	rc = -1;
out:
	free(answers);
	free(r);
	survey_release(&s);
	return rc;
}

int survey_history(struct db *db, int year, int64_t person_id,
                   int (*fn)(void *ctx, const struct survey_record *r, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_HISTORY, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, person_id);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int o = (int)db_col_int(st, 2);
		struct survey_record r = {
		    .id = db_col_int(st, 0),
		    .version = (int)db_col_int(st, 1),
		    .outcome = o >= SURVEY_VISITED && o <= SURVEY_DECEASED ? (enum survey_outcome)o : SURVEY_NONE,
		    .visit_date = db_col_text(st, 3),
		    .investigator = db_col_text(st, 4),
		    .answers = db_col_text(st, 5),
		    .remark = db_col_text(st, 6),
		    .entered_at = db_col_text(st, 7),
		    .entered_by = db_col_text(st, 8),
		};
		if (fn(ctx, &r, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Progress */

int survey_villages(struct db *db, int year, const struct registry_scope *scope, const char *township,
                    int (*fn)(void *ctx, const struct survey_stats *s, struct error *err), void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_STATS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	db_bind_text(st, 4, township ? township : "");
	struct survey_stats *s = xmalloc(sizeof *s);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(s, 0, sizeof *s);
		copy(s->code, sizeof s->code, db_col_text(st, 0));
		copy(s->name, sizeof s->name, db_col_text(st, 1));
		copy(s->township, sizeof s->township, db_col_text(st, 2));
		copy(s->township_name, sizeof s->township_name, db_col_text(st, 3));
		s->villages = 1;
		s->drawn = *db_col_text(st, 4) != '\0';
		copy(s->investigator, sizeof s->investigator, db_col_text(st, 5));
		s->investigator_account = db_col_int(st, 6) != 0;
		s->roster = (long)db_col_int(st, 7);
		s->recorded = (long)db_col_int(st, 8);
		s->visited = (long)db_col_int(st, 9);
		s->complete = s->drawn && s->recorded == s->roster;
		if (fn(ctx, s, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	free(s);
	return rc == DB_DONE ? 0 : -1;
}

static int keep_one(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)err;
	*(struct survey_stats *)ctx = *s;
	return 0;
}

int survey_village_stats(struct db *db, int year, const char *village, struct survey_stats *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct registry_scope one;
	division_subtree(village, one.lo, one.hi);
	return survey_villages(db, year, &one, "", keep_one, out, err);
}

static void add(struct survey_stats *to, const struct survey_stats *v)
{
	to->villages += v->villages;
	to->drawn += v->drawn;
	to->complete += v->complete;
	to->roster += v->roster;
	to->recorded += v->recorded;
	to->visited += v->visited;
}

struct sums {
	int (*fn)(void *ctx, const struct survey_stats *s, struct error *err);
	void *ctx;
	struct survey_stats town, total;
};

static int sum_village(void *ctx, const struct survey_stats *v, struct error *err)
{
	struct sums *s = ctx;
	/* Villages come in code order, so a township's come together. */
	if (strcmp(s->town.code, v->township) != 0) {
		if (s->town.code[0] && s->fn(s->ctx, &s->town, err) < 0)
			return -1;
		memset(&s->town, 0, sizeof s->town);
		copy(s->town.code, sizeof s->town.code, v->township);
		copy(s->town.name, sizeof s->town.name, v->township_name);
	}
	add(&s->town, v);
	add(&s->total, v);
	return 0;
}

int survey_townships(struct db *db, int year, const struct registry_scope *scope,
                     int (*fn)(void *ctx, const struct survey_stats *s, struct error *err), void *ctx,
                     struct survey_stats *total, struct error *err)
{
	struct sums *s = xcalloc(1, sizeof *s);
	s->fn = fn;
	s->ctx = ctx;
	int rc = survey_villages(db, year, scope, "", sum_village, s, err);
	if (rc == 0 && s->town.code[0])
		rc = fn(ctx, &s->town, err);
	if (total) {
		*total = s->total;
		copy(total->name, sizeof total->name, "合计");
	}
	free(s);
	return rc;
}

struct progress {
	int metric; /* 0 villages, 1 visited, 2 recorded */
	void (*fn)(void *ctx, const char *township_code, long long value);
	void *ctx;
};

static int progress_one(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)err;
	struct progress *p = ctx;
	long v = p->metric == 0 ? s->complete : p->metric == 1 ? s->visited : s->recorded;
	if (v != 0)
		p->fn(p->ctx, s->code, v);
	return 0;
}

int survey_progress(struct db *db, int year, const char *metric,
                    void (*fn)(void *ctx, const char *township_code, long long value), void *ctx, struct error *err)
{
	static const char *const metrics[] = {"villages", "visited", "recorded"};
	struct progress p = {-1, fn, ctx};
	for (int i = 0; metric && i < 3; i++)
		if (strcmp(metric, metrics[i]) == 0)
			p.metric = i;
	if (p.metric < 0)
		return error_set(err, "unknown survey metric \"%s\" (villages, visited, recorded)",
		                 metric ? metric : "");
	struct registry_scope all;
	snprintf(all.lo, sizeof all.lo, "000000000000");
	snprintf(all.hi, sizeof all.hi, "999999999999");
	return survey_townships(db, year, &all, progress_one, &p, NULL, err);
}
