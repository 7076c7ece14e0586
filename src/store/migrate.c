#include "store/migrate.h"

#include <string.h>

#include "store/migrations.h"

static const char SQL_CREATE[] = "CREATE TABLE IF NOT EXISTS schema_migration ("
				 " version INTEGER PRIMARY KEY,"
				 " name TEXT NOT NULL,"
				 " applied_at TEXT NOT NULL)";
static const char SQL_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_migration";
static const char SQL_APPLIED[] = "SELECT 1 FROM schema_migration WHERE version = ?";
static const char SQL_RECORD[] = "INSERT INTO schema_migration (version, name, applied_at)"
				 " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

int migrate_latest(void)
{
	int v = 0;
	for (int i = 0; i < migrations_count; i++)
		if (migrations[i].version > v)
			v = migrations[i].version;
	return v;
}

int migrate_version(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_exec(db, SQL_CREATE, err) < 0 || db_prepare(db, SQL_VERSION, &st, err) < 0)
		return -1;
	int v = -1;
	if (db_step(st, err) == DB_ROW)
		v = (int)db_col_int(st, 0);
	db_done(st);
	return v;
}

/* 1 when version is recorded as applied, 0 when not, -1 with a message. */
static int applied_already(struct db *db, int version, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_APPLIED, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, version);
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Scripts hold several statements; db_exec runs them all in one call. */
static int apply(struct db *db, const struct migration *m, struct error *err)
{
	struct db_stmt *st;
	if (db_begin(db, err) < 0)
		return -1;
	if (db_exec(db, m->sql, err) < 0 || db_prepare(db, SQL_RECORD, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, m->version);
	db_bind_text(st, 2, m->name);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE || db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int migrate_run(struct db *db, int *applied, struct error *err)
{
	int n = 0;
	int current = migrate_version(db, err);
	if (current < 0)
		return -1;
	if (current > migrate_latest())
		return error_set(err, "数据库版本(%d)比本程序(%d)新，请使用新版本的 huimin", current,
				 migrate_latest());
	for (int i = 0; i < migrations_count; i++) {
		/*
		 * Each version not yet recorded, not only those above the current
		 * one: branches number their scripts ahead of one another (004
		 * before 003 arrives), and a database that already has 004 must
		 * still get 003 when it comes.
		 */
		int done = migrations[i].version <= current ? applied_already(db, migrations[i].version, err) : 0;
		if (done < 0)
			return -1;
		if (done)
			continue;
		if (apply(db, &migrations[i], err) < 0) {
			struct error inner = *err;
			return error_set(err, "迁移 %s 失败：%s", migrations[i].name, inner.msg);
		}
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
}
