#include "domain/case-report.h"

#include <stdio.h>
#include <string.h>

static const char SQL_DUES[] = "SELECT stage, due_date, coalesce(done_date, '') FROM case_due WHERE case_id = ?"
			       " ORDER BY due_date, stage";

/* ?1 scope lo, ?2 hi, ?3 program, ?4 year (0 any), ?5 township ("" any), ?6 stage reached. */
#define REACHED_FROM " FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?6"
#define REACHED_WHERE                                                                                                  \
	" WHERE c.village_code BETWEEN ?1 AND ?2 AND c.program_code = ?3 AND (?4 = 0 OR c.year = ?4)"                  \
	" AND (?5 = '' OR c.township_code = ?5)"

static const char SQL_REACHED_COUNT[] = "SELECT count(*)" REACHED_FROM REACHED_WHERE;
static const char SQL_REACHED[] =
	"SELECT c.id, c.program_code, c.program_version, c.year, c.person_id, c.village_code, c.township_code,"
	" c.stage, c.stage_date, c.open, c.created_at, c.updated_at, p.name, p.file_no,"
	" coalesce(v.name, ''), coalesce(t.name, '')" REACHED_FROM
	" JOIN person p ON p.id = c.person_id LEFT JOIN division v ON v.code = c.village_code"
	" LEFT JOIN division t ON t.code = c.township_code" REACHED_WHERE " ORDER BY c.id LIMIT ?7 OFFSET ?8";

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
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s);
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
		struct case_file *c = &r.c;
		c->id = db_col_int(st, 0);
		copy(c->program, sizeof c->program, db_col_text(st, 1));
		c->version = (int)db_col_int(st, 2);
		c->year = (int)db_col_int(st, 3);
		c->person_id = db_col_int(st, 4);
		copy(c->village, sizeof c->village, db_col_text(st, 5));
		copy(c->township, sizeof c->township, db_col_text(st, 6));
		copy(c->stage, sizeof c->stage, db_col_text(st, 7));
		copy(c->stage_date, sizeof c->stage_date, db_col_text(st, 8));
		c->open = db_col_int(st, 9) != 0;
		copy(c->created_at, sizeof c->created_at, db_col_text(st, 10));
		copy(c->updated_at, sizeof c->updated_at, db_col_text(st, 11));
		copy(c->person_name, sizeof c->person_name, db_col_text(st, 12));
		copy(c->file_no, sizeof c->file_no, db_col_text(st, 13));
		copy(c->village_name, sizeof c->village_name, db_col_text(st, 14));
		copy(c->township_name, sizeof c->township_name, db_col_text(st, 15));
		if (fn(ctx, &r, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
