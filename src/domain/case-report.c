#include "domain/case-report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"

static const char SQL_DUES[] = "SELECT stage, due_date, coalesce(done_date, '') FROM case_due WHERE case_id = ?"
			       " ORDER BY due_date, stage";

/* ?1 scope lo, ?2 hi, ?3 program, ?4 year (0 any), ?5 township ("" any), ?6 stage reached; ?15 .. ?23 CASE_PERSON_WHERE. */
#define REACHED_FROM " FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?6"
#define REACHED_WHERE                                                                                                  \
	" WHERE c.village_code BETWEEN ?1 AND ?2 AND c.program_code = ?3 AND (?4 = 0 OR c.year = ?4)"                  \
	" AND (?5 = '' OR c.township_code = ?5)" CASE_PERSON_WHERE

static const char SQL_REACHED_COUNT[] = "SELECT count(*)" REACHED_FROM REACHED_WHERE;
static const char SQL_REACHED[] = "SELECT " CASE_COLUMNS REACHED_FROM CASE_JOIN REACHED_WHERE
				  " ORDER BY c.id LIMIT ?7 OFFSET ?8";

int case_report_dues(struct db *db, int64_t id,
		     void (*fn)(void *ctx, const char *stage, const char *due_date, const char *done_date), void *ctx,
		     struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_DUES, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static void bind_reached(struct db_stmt *st, const struct case_query *q, const char *stage)
{
	db_bind_text(st, 1, q->scope.lo);
	db_bind_text(st, 2, q->scope.hi);
	db_bind_text(st, 3, q->program);
	db_bind_int(st, 4, q->year);
	db_bind_text(st, 5, q->township);
	db_bind_text(st, 6, stage);
	case_bind_person(st, q);
}

int case_report_reached(struct db *db, const struct case_query *q, const char *stage,
			int (*fn)(void *ctx, const struct case_row *r, struct error *err), void *ctx, long *total,
			struct error *err)
{
	*total = 0;
	if (!*q->scope.lo)
		return 0; /* an empty scope sees nothing */
	struct db_stmt *st;
	if (db_prepare(db, SQL_REACHED_COUNT, &st, err) < 0)
		return -1;
	bind_reached(st, q, stage);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return -1;
	if (db_prepare(db, SQL_REACHED, &st, err) < 0)
		return -1;
	bind_reached(st, q, stage);
	int per_page = q->per_page > 0 ? q->per_page : 20;
	long page = q->page > 0 ? q->page : 1;
	db_bind_int(st, 7, per_page);
	db_bind_int(st, 8, (int64_t)(page - 1) * per_page);
	struct case_row r;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(&r, 0, sizeof r);
		case_from_row(st, &r.c);
		if (fn(ctx, &r, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static const char SQL_BREAKDOWN[] =
	"SELECT coalesce(json_extract(e.fields, '$.' || ?1), ''), substr(s.date, 1, 7), coalesce(me.fields, '')"
	" FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?2"
	" JOIN case_event e ON e.id = s.event_id"
	" LEFT JOIN case_stage ms ON ms.case_id = c.id AND ms.stage = ?3"
	" LEFT JOIN case_event me ON me.id = ms.event_id"
	" WHERE c.program_code = ?4 AND c.year = ?5 AND c.village_code BETWEEN ?6 AND ?7 ORDER BY 1, 2";

int case_report_breakdown(struct db *db, const struct registry_scope *scope, const struct program *p, int year,
			  const struct program_breakdown *b,
			  void (*fn)(void *ctx, const char *value, const char *month, long cases, long met), void *ctx,
			  struct error *err)
{
	if (!scope->lo[0] || b->stage >= p->nstages)
		return 0;
	int mi = b->metric[0] ? program_metric_index(p, b->metric) : -1;
	const struct program_metric *m = mi >= 0 ? &p->metrics[mi] : NULL;
	struct db_stmt *st;
	if (db_prepare(db, SQL_BREAKDOWN, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, b->field);
	db_bind_text(st, 2, p->stages[b->stage].key);
	db_bind_text(st, 3, m ? p->stages[m->stage].key : "");
	db_bind_text(st, 4, p->code);
	db_bind_int(st, 5, year);
	db_bind_text(st, 6, scope->lo);
	db_bind_text(st, 7, scope->hi);
	/* The rows come by value and month: each run of equal ones is one line. */
	char value[256] = "", month[8] = "";
	long cases = 0, met = 0;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *v = db_col_text(st, 0), *mo = db_col_text(st, 1), *mf = db_col_text(st, 2);
		if (cases && (strncmp(v, value, sizeof value - 1) != 0 || strcmp(mo, month) != 0)) {
			fn(ctx, value, month, cases, met);
			cases = met = 0;
		}
		snprintf(value, sizeof value, "%s", v);
		snprintf(month, sizeof month, "%s", mo);
		cases++;
		if (m && *mf && case_metric_met(p, m, m->stage, mf))
			met++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (cases)
		fn(ctx, value, month, cases, met);
	return 0;
}

static const char SQL_OVERDUE_BY_STAGE[] =
	"SELECT d.stage, count(*) FROM case_due d JOIN program_case c ON c.id = d.case_id"
	" WHERE d.program_code = ? AND d.township_code BETWEEN ? AND ? AND d.done_date IS NULL AND d.due_date < ?"
	" AND d.year = ? AND c.village_code BETWEEN ? AND ? GROUP BY d.stage ORDER BY d.stage";

int case_report_overdue(struct db *db, const struct registry_scope *scope, const char *program, int year,
			struct date today, void (*fn)(void *ctx, const char *stage, long n), void *ctx,
			struct error *err)
{
	if (!scope->lo[0])
		return 0;
	/* The townships the scope touches, for the index; the village range decides. */
	char lo[13], hi[13], day[11];
	snprintf(lo, sizeof lo, "%.9s000", scope->lo);
	snprintf(hi, sizeof hi, "%.9s999", scope->hi);
	date_format(today, day);
	struct db_stmt *st;
	if (db_prepare(db, SQL_OVERDUE_BY_STAGE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_text(st, 2, lo);
	db_bind_text(st, 3, hi);
	db_bind_text(st, 4, day);
	db_bind_int(st, 5, year);
	db_bind_text(st, 6, scope->lo);
	db_bind_text(st, 7, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), (long)db_col_int(st, 1));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Ages in whole years on the stage's date, from the ISO dates' parts. */
static const char SQL_CLASSES[] =
	"SELECT hukou, CASE WHEN age < 18 THEN 0 WHEN age < 60 THEN 1 ELSE 2 END AS g, count(*) FROM ("
	" SELECT p.hukou AS hukou, CAST(substr(s.date, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER)"
	" - (substr(s.date, 6, 5) < substr(p.birth_date, 6, 5)) AS age"
	" FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?1 JOIN person p ON p.id = c.person_id"
	" WHERE c.program_code = ?2 AND c.year = ?3 AND c.village_code BETWEEN ?4 AND ?5)"
	" GROUP BY 1, 2 ORDER BY 1, 2";

const char *case_report_age_label(enum case_age_group g)
{
	static const char *const labels[CASE_AGE__MAX] = {"0-17岁", "18-59岁", "60岁及以上"};
	return (unsigned)g < CASE_AGE__MAX ? labels[g] : "";
}

int case_report_classes(struct db *db, const struct registry_scope *scope, const char *program, int year,
			const char *stage, void (*fn)(void *ctx, int hukou, enum case_age_group g, long n), void *ctx,
			struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_CLASSES, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, stage);
	db_bind_text(st, 2, program);
	db_bind_int(st, 3, year);
	db_bind_text(st, 4, scope->lo);
	db_bind_text(st, 5, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int g = (int)db_col_int(st, 1);
		if (g >= 0 && g < CASE_AGE__MAX)
			fn(ctx, (int)db_col_int(st, 0), (enum case_age_group)g, (long)db_col_int(st, 2));
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * A metric without a field is met by every case that reached its stage:
 * those are counted by hukou in program_reached_hukou (migration 015, kept by
 * triggers), a few rows. A metric with a field needs each case's event: the
 * cases that reached the stage, in case order (index case_stage_reached),
 * those of the program-year kept. CROSS JOIN keeps that order: without
 * statistics SQLite would start from every case of the program-year (index
 * program_case_list), each looked up in case_stage, while a stage is reached
 * by a fraction of them.
 */
static const char SQL_REACHED_BY_HUKOU[] =
	"SELECT hukou, n FROM program_reached_hukou WHERE stage = ?1 AND program_code = ?2 AND year = ?3";
static const char SQL_METRIC_BY_HUKOU[] =
	"SELECT p.hukou, e.fields FROM case_stage s CROSS JOIN program_case c CROSS JOIN person p"
	" CROSS JOIN case_event e WHERE s.stage = ?1 AND c.id = s.case_id AND c.program_code = ?2 AND c.year = ?3"
	" AND p.id = c.person_id AND e.id = s.event_id";

int case_report_metric_by_hukou(struct db *db, const char *program, int year, const char *metric,
				void (*fn)(void *ctx, int hukou, long n), void *ctx, struct error *err)
{
	const struct program *p;
	int got = program_get(db, program, 0, &p, err);
	if (got <= 0)
		return got < 0 ? -1 : 0;
	int mi = program_metric_index(p, metric);
	if (mi < 0)
		return error_set(err, "program %s has no metric %s", program, metric);
	const struct program_metric *m = &p->metrics[mi];
	struct db_stmt *st;
	bool counted = !m->field[0];
	if (db_prepare(db, counted ? SQL_REACHED_BY_HUKOU : SQL_METRIC_BY_HUKOU, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, p->stages[m->stage].key);
	db_bind_text(st, 2, program);
	db_bind_int(st, 3, year);
	long n[3] = {0};
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int64_t h = db_col_int(st, 0);
		if (h != 1 && h != 2)
			continue;
		if (counted)
			n[h] += (long)db_col_int(st, 1);
		else if (case_metric_met(p, m, m->stage, db_col_text(st, 1)))
			n[h]++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	for (int h = 1; h <= 2; h++)
		if (n[h])
			fn(ctx, h, n[h]);
	return 0;
}

static const char SQL_SETTING[] = "SELECT value FROM setting WHERE key = ?";

int case_report_notice_disability(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_SETTING, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, CASE_REPORT_NOTICE_DISABILITY);
	int rc = db_step(st, err);
	int on = rc == DB_ROW && strcmp(db_col_text(st, 0), "1") == 0;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? on : -1;
}

static const char SQL_SETTING_PUT[] =
	"INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int case_report_set_notice_disability(struct db *db, bool on, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_SETTING_PUT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, CASE_REPORT_NOTICE_DISABILITY);
	db_bind_text(st, 2, on ? "1" : "0");
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static const char SQL_NOTICE[] =
	"SELECT c.id, p.name, v.name, p.id_number, coalesce(p.category, 0), coalesce(p.grade, 0), c.stage, c.stage_date,"
	" coalesce((SELECT json_extract(e.fields, '$.' || ?7) FROM case_event e WHERE e.case_id = c.id"
	" AND e.to_stage = c.stage ORDER BY e.id DESC LIMIT 1), '')"
	" FROM program_case c JOIN person p ON p.id = c.person_id JOIN division v ON v.code = c.village_code"
	" WHERE c.program_code = ?1 AND c.year = ?2 AND c.village_code = ?3 AND c.village_code BETWEEN ?4 AND ?5"
	" AND c.stage = ?6 AND c.open = 1 ORDER BY c.id";

int case_report_notice(struct db *db, const struct registry_scope *scope, const struct program *p, int year,
		       const char *village, int (*fn)(void *ctx, const struct case_notice_row *r, struct error *err),
		       void *ctx, struct error *err)
{
	if (!scope->lo[0] || !village)
		return 0;
	for (size_t i = 0; i < p->nstages; i++) {
		const struct program_stage *s = &p->stages[i];
		if (!s->hold)
			continue;
		struct db_stmt *st;
		if (db_prepare(db, SQL_NOTICE, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, p->code);
		db_bind_int(st, 2, year);
		db_bind_text(st, 3, village);
		db_bind_text(st, 4, scope->lo);
		db_bind_text(st, 5, scope->hi);
		db_bind_text(st, 6, s->key);
		db_bind_text(st, 7, s->hold_field[0] ? s->hold_field : "no_hold_field"); /* a path that finds nothing */
		int rc;
		while ((rc = db_step(st, err)) == DB_ROW) {
			struct case_notice_row r;
			memset(&r, 0, sizeof r);
			r.case_id = db_col_int(st, 0);
			snprintf(r.name, sizeof r.name, "%s", db_col_text(st, 1));
			snprintf(r.village_name, sizeof r.village_name, "%s", db_col_text(st, 2));
			mask_idcard(db_col_text(st, 3), r.id_masked, sizeof r.id_masked);
			r.category = (int)db_col_int(st, 4);
			r.grade = (int)db_col_int(st, 5);
			snprintf(r.stage, sizeof r.stage, "%s", s->key);
			snprintf(r.from, sizeof r.from, "%s", db_col_text(st, 7));
			int days = program_hold_days(s, db_col_text(st, 8));
			struct date d;
			if (date_parse(r.from, &d) == 0)
				date_format(date_from_days(date_to_days(d) + (days > 0 ? days - 1 : 0)), r.until);
			if (fn(ctx, &r, err) < 0) {
				db_done(st);
				return -1;
			}
		}
		db_done(st);
		if (rc != DB_DONE)
			return -1;
	}
	return 0;
}

/* As SQL_CLASSES, row by row, with what a list of the persons shows. */
static const char SQL_CLASS_LIST[] =
	"SELECT id, hukou, CASE WHEN age < 18 THEN 0 WHEN age < 60 THEN 1 ELSE 2 END, age, name, sex, birth_date,"
	" id_number, township_name, village_name, archive_no, date FROM ("
	" SELECT c.id AS id, p.hukou AS hukou, CAST(substr(s.date, 1, 4) AS INTEGER)"
	" - CAST(substr(p.birth_date, 1, 4) AS INTEGER) - (substr(s.date, 6, 5) < substr(p.birth_date, 6, 5)) AS age,"
	" p.name AS name, p.sex AS sex, p.birth_date AS birth_date, p.id_number AS id_number, t.name AS township_name,"
	" v.name AS village_name, coalesce(a.archive_no, '') AS archive_no, s.date AS date, c.village_code AS village"
	" FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?1 JOIN person p ON p.id = c.person_id"
	" JOIN division v ON v.code = c.village_code JOIN division t ON t.code = c.township_code"
	" LEFT JOIN case_archive a ON a.case_id = c.id"
	" WHERE c.program_code = ?2 AND c.year = ?3 AND c.village_code BETWEEN ?4 AND ?5)"
	" ORDER BY 2, 3, village, archive_no, id";

int case_report_class_list(struct db *db, const struct registry_scope *scope, const char *program, int year,
			   const char *stage, int (*fn)(void *ctx, const struct case_class_row *r, struct error *err),
			   void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_CLASS_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, stage);
	db_bind_text(st, 2, program);
	db_bind_int(st, 3, year);
	db_bind_text(st, 4, scope->lo);
	db_bind_text(st, 5, scope->hi);
	struct case_class_row r;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int g = (int)db_col_int(st, 2);
		memset(&r, 0, sizeof r);
		r.case_id = db_col_int(st, 0);
		r.hukou = (int)db_col_int(st, 1);
		r.group = g >= 0 && g < CASE_AGE__MAX ? (enum case_age_group)g : CASE_AGE_ADULT;
		r.age = (int)db_col_int(st, 3);
		snprintf(r.name, sizeof r.name, "%s", db_col_text(st, 4));
		r.sex = (int)db_col_int(st, 5);
		snprintf(r.birth_date, sizeof r.birth_date, "%s", db_col_text(st, 6));
		snprintf(r.id_number, sizeof r.id_number, "%s", db_col_text(st, 7));
		snprintf(r.township_name, sizeof r.township_name, "%s", db_col_text(st, 8));
		snprintf(r.village_name, sizeof r.village_name, "%s", db_col_text(st, 9));
		snprintf(r.archive_no, sizeof r.archive_no, "%s", db_col_text(st, 10));
		snprintf(r.date, sizeof r.date, "%s", db_col_text(st, 11));
		if (fn(ctx, &r, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
