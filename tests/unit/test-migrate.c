/*
 * Unit tests for store/migrate: a new database comes to the latest schema,
 * once; a newer database is refused; a failed script leaves the version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/migrate.h"
#include "store/migrations.h"
#include "support.h"

/* A temporary database at version 0: the tests run the migrations. */
static int setup(void **state)
{
	return t_setup(state, "test-migrate", false);
}

static const char SQL_TABLE_EXISTS[] = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
static const char SQL_INDEX_EXISTS[] = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?";
static const char SQL_RECORDS[] = "SELECT version, name, applied_at FROM schema_migration ORDER BY version";
static const char SQL_RECORD_COUNT[] = "SELECT count(*) FROM schema_migration";

static void test_latest(void **state)
{
	(void)state;
	assert_true(migrations_count >= 1);
	assert_true(migrate_latest() >= 1);
	/*
	 * Versions go up from 1 (with gaps: a branch may number its script
	 * ahead of another's), and every script has a name and SQL.
	 */
	assert_int_equal(migrations[0].version, 1);
	for (int i = 0; i < migrations_count; i++) {
		assert_true(i == 0 || migrations[i].version > migrations[i - 1].version);
		assert_non_null(migrations[i].name);
		assert_true(strlen(migrations[i].name) > 4);
		assert_non_null(migrations[i].sql);
		assert_true(strlen(migrations[i].sql) > 0);
	}
	assert_int_equal(migrate_latest(), migrations[migrations_count - 1].version);
	assert_string_equal(migrations[0].name, "001_registry");
}

static void test_new_database(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	int applied = -1;

	assert_int_equal(migrate_version(f->db, &err), 0);
	if (migrate_run(f->db, &applied, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(applied, migrations_count);
	assert_int_equal(migrate_version(f->db, &err), migrate_latest());

	/* The tables and indexes of the schema exist. */
	static const char *const tables[] = {"schema_migration", "division", "person"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		assert_int_equal(t_query_first_int(f->db, SQL_TABLE_EXISTS, tables[i]), 1);
	static const char *const indexes[] = {"division_parent", "division_name", "person_village"};
	for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++)
		assert_int_equal(t_query_first_int(f->db, SQL_INDEX_EXISTS, indexes[i]), 1);
	assert_int_equal(t_query_first_int(f->db, SQL_TABLE_EXISTS, "no_such_table"), 0);

	/* One record per script, with its name and an ISO time stamp. */
	assert_int_equal(db_prepare(f->db, SQL_RECORDS, &st, &err), 0);
	for (int i = 0; i < migrations_count; i++) {
		assert_int_equal(db_step(st, &err), DB_ROW);
		assert_int_equal(db_col_int(st, 0), migrations[i].version);
		assert_string_equal(db_col_text(st, 1), migrations[i].name);
		const char *at = db_col_text(st, 2);
		assert_int_equal(strlen(at), 20);
		assert_int_equal(at[10], 'T');
		assert_int_equal(at[19], 'Z');
	}
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
}

static void test_schema_constraints(void **state)
{
	static const char SQL_DIV[] = "INSERT INTO division (code, name, level, parent_code) VALUES (?, ?, ?, ?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;

	assert_int_equal(migrate_run(f->db, NULL, &err), 0);
	assert_int_equal(db_prepare(f->db, SQL_DIV, &st, &err), 0);
	/* A division under a parent that does not exist: the foreign key refuses it. */
	db_bind_text(st, 1, "341699001000");
	db_bind_text(st, 2, "镇");
	db_bind_int(st, 3, 2);
	db_bind_text(st, 4, "341699000000");
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
	/* A code of the wrong length: the check refuses it. */
	db_bind_text(st, 1, "34169900000");
	db_bind_text(st, 2, "县");
	db_bind_int(st, 3, 1);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	assert_non_null(strstr(err.msg, "CHECK"));
	db_done(st);
	db_bind_text(st, 1, "341699000000");
	db_bind_text(st, 2, "县");
	db_bind_int(st, 3, 1);
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
}

static void test_twice_applies_nothing(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	int applied = -1;

	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, migrations_count);
	applied = -1;
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(t_query_first_int(f->db, SQL_RECORD_COUNT, NULL), migrations_count);
	assert_int_equal(migrate_version(f->db, &err), migrate_latest());

	/* And after closing and opening again. */
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(db_open(&f->db, f->path, DB_WRITER, &err), 0);
	assert_int_equal(migrate_version(f->db, &err), migrate_latest());
	applied = -1;
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, 0);
}

static void test_newer_database_refused(void **state)
{
	static const char SQL_FUTURE[] = "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	int applied = 12345;

	assert_int_equal(migrate_run(f->db, NULL, &err), 0);
	assert_int_equal(db_prepare(f->db, SQL_FUTURE, &st, &err), 0);
	db_bind_int(st, 1, migrate_latest() + 1);
	db_bind_text(st, 2, "999_future");
	db_bind_text(st, 3, "2099-01-01T00:00:00Z");
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);

	assert_int_equal(migrate_version(f->db, &err), migrate_latest() + 1);
	err.msg[0] = '\0';
	assert_int_equal(migrate_run(f->db, &applied, &err), -1);
	char want[256];
	snprintf(want, sizeof want, "数据库版本(%d)比本程序(%d)新，请使用新版本的 huimin", migrate_latest() + 1,
	         migrate_latest());
	assert_string_equal(err.msg, want);
	/* Nothing was touched. */
	assert_int_equal(t_query_first_int(f->db, SQL_RECORD_COUNT, NULL), migrations_count + 1);
}

static void test_failed_script_keeps_version(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	int applied = 12345;

	/* A table in the way of the first script makes it fail part way. */
	assert_int_equal(db_exec(f->db, "CREATE TABLE person (x)", &err), 0);
	assert_int_equal(migrate_run(f->db, &applied, &err), -1);
	assert_non_null(strstr(err.msg, "迁移 001_registry 失败："));
	assert_non_null(strstr(err.msg, "person"));
	/* Version 0, nothing recorded, and the script's first table rolled back with it. */
	assert_int_equal(migrate_version(f->db, &err), 0);
	assert_int_equal(t_query_first_int(f->db, SQL_RECORD_COUNT, NULL), 0);
	assert_int_equal(t_query_first_int(f->db, SQL_TABLE_EXISTS, "division"), 0);
	/* Not left in a transaction: a new one can begin. */
	assert_int_equal(db_begin(f->db, &err), 0);
	db_rollback(f->db);
	/* Out of the way, it runs. */
	assert_int_equal(db_exec(f->db, "DROP TABLE person", &err), 0);
	applied = -1;
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, migrations_count);
}

/* A version below the current one that is not recorded (a script of another branch) is still applied. */
static void test_gap_applied(void **state)
{
	static const char SQL_MARK[] = "INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	int applied = -1;

	if (migrations_count < 2)
		skip();
	/* As if only the newest script had run: every older one is missing. */
	assert_int_equal(migrate_version(f->db, &err), 0);
	assert_int_equal(db_prepare(f->db, SQL_MARK, &st, &err), 0);
	db_bind_int(st, 1, migrate_latest());
	db_bind_text(st, 2, "newest");
	db_bind_text(st, 3, "2026-01-01T00:00:00Z");
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, migrations_count - 1);
	assert_int_equal(t_query_first_int(f->db, SQL_TABLE_EXISTS, "division"), 1);
	assert_int_equal(t_query_first_int(f->db, SQL_RECORD_COUNT, NULL), migrations_count);
	applied = -1;
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, 0);
}

static void test_reader_sees_version(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *r;

	assert_int_equal(migrate_run(f->db, NULL, &err), 0);
	assert_int_equal(db_open(&r, f->path, DB_READER, &err), 0);
	assert_int_equal(migrate_version(r, &err), migrate_latest());
	int applied = -1;
	assert_int_equal(migrate_run(r, &applied, &err), 0);
	assert_int_equal(applied, 0);
	db_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_latest),
	    cmocka_unit_test_setup_teardown(test_new_database, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_schema_constraints, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_twice_applies_nothing, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_script_keeps_version, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_gap_applied, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_reader_sees_version, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
