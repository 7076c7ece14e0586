#include "domain/import-job.h"

#include <stdio.h>

#include "base/stamp.h"

static const char SQL_JOB[] =
	"INSERT INTO import_job (user_id, at, file_name, update_existing, valid_only, inserted, updated, rejected,"
	" committed, message, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ERROR[] =
	"INSERT INTO import_error (job_id, seq, row_number, column_name, reason) VALUES (?, ?, ?, ?, ?)";
static const char SQL_LAST[] = "SELECT last_insert_rowid()";
static const char SQL_GET[] = "SELECT id, user_id, at, file_name, inserted, updated, rejected, committed"
			      " FROM import_job WHERE id = ?";
static const char SQL_ERRORS[] =
	"SELECT row_number, column_name, reason FROM import_error WHERE job_id = ? ORDER BY seq";

/* Runs a statement that returns no row. */
static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int import_job_save(struct db *db, int64_t user_id, const char *file_name, const struct import_options *opt,
		    const struct import_report *r, const char *message, int64_t *id, struct error *err)
{
	struct db_stmt *st;
	char at[STAMP_SIZE];
	stamp_now(at);
	if (db_begin(db, err) < 0)
		return -1;
	if (db_prepare(db, SQL_JOB, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, file_name);
	db_bind_int(st, 4, opt->update_existing);
	db_bind_int(st, 5, opt->valid_only);
	db_bind_int(st, 6, r->inserted);
	db_bind_int(st, 7, r->updated);
	db_bind_int(st, 8, r->rejected);
	db_bind_int(st, 9, r->committed);
	db_bind_text(st, 10, message ? message : "");
	db_bind_text(st, 11, buf_cstr(&r->notes));
	if (run(st, err) < 0 || db_prepare(db, SQL_LAST, &st, err) < 0)
		goto fail;
	if (db_step(st, err) != DB_ROW) {
		db_done(st);
		goto fail;
	}
	*id = db_col_int(st, 0);
	db_done(st);
	for (size_t i = 0; i < r->nerrors; i++) {
		if (db_prepare(db, SQL_ERROR, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_int(st, 3, r->errors[i].row);
		db_bind_text(st, 4, r->errors[i].column);
		db_bind_text(st, 5, r->errors[i].reason);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int import_job_get(struct db *db, int64_t id, struct import_job *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		out->id = db_col_int(st, 0);
		out->user_id = db_col_int(st, 1);
		snprintf(out->at, sizeof out->at, "%s", db_col_text(st, 2));
		snprintf(out->file_name, sizeof out->file_name, "%s", db_col_text(st, 3));
		out->inserted = (long)db_col_int(st, 4);
		out->updated = (long)db_col_int(st, 5);
		out->rejected = (long)db_col_int(st, 6);
		out->committed = db_col_int(st, 7) != 0;
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int import_job_errors(struct db *db, int64_t id,
		      int (*fn)(void *ctx, long row, const char *column, const char *reason, struct error *err),
		      void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_ERRORS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		if (fn(ctx, (long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2), err) < 0) {
			db_done(st);
			return -1;
		}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
