/*
 * Unit tests for store/db-sqlite: the db.h interface on a temporary SQLite
 * file: settings in effect, the statement cache, binding and columns,
 * transactions, reader mode and open errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db.h"
#include "support.h"

/* A temporary database with no schema: the tests make their own tables. */
static int setup(void **state)
{
	return t_setup(state, "test-db-sqlite", false);
}

static const char SQL_JOURNAL[] = "PRAGMA journal_mode";
static const char SQL_FOREIGN_KEYS[] = "PRAGMA foreign_keys";
static const char SQL_SYNCHRONOUS[] = "PRAGMA synchronous";
static const char SQL_BUSY[] = "PRAGMA busy_timeout";
static const char SQL_COUNT_T[] = "SELECT count(*) FROM t";
static const char SQL_COUNT_B[] = "SELECT count(*) FROM b";

static void test_settings_in_effect(void **state)
{
	struct t_fixture *f = *state;
	char text[64];

	assert_string_equal(t_query_text(f->db, SQL_JOURNAL, text, sizeof text), "wal");
	assert_int_equal(t_query_int(f->db, SQL_FOREIGN_KEYS), 1);
	assert_int_equal(t_query_int(f->db, SQL_SYNCHRONOUS), 2); /* FULL */
	assert_true(t_query_int(f->db, SQL_BUSY) > 0);
	assert_string_equal(db_path(f->db), f->path);
	assert_memory_equal(db_engine_version(), "SQLite 3.", 9);
}

static void test_foreign_keys_enforced(void **state)
{
	static const char SQL_CHILD[] = "INSERT INTO child (id, parent_id) VALUES (?, ?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;

	t_exec(f->db, "CREATE TABLE parent (id INTEGER PRIMARY KEY)");
	t_exec(f->db, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))");
	t_exec(f->db, "INSERT INTO parent (id) VALUES (1)");
	assert_int_equal(db_prepare(f->db, SQL_CHILD, &st, &err), 0);
	db_bind_int(st, 1, 1);
	db_bind_int(st, 2, 1);
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
	db_bind_int(st, 1, 2);
	db_bind_int(st, 2, 99);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	assert_non_null(strstr(err.msg, "FOREIGN KEY"));
	db_done(st);
	/* The statement is usable again after db_done. */
	db_bind_int(st, 1, 3);
	db_bind_int(st, 2, 1);
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
}

static void test_wal_file(void **state)
{
	struct t_fixture *f = *state;
	char wal[128];
	struct stat sb;

	t_exec(f->db, "CREATE TABLE t (a)");
	t_exec(f->db, "INSERT INTO t VALUES (1)");
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
}

static void test_prepare_cache(void **state)
{
	static const char SQL_A[] = "SELECT 1";
	static const char SQL_B[] = "SELECT 2";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *a1, *a2, *b, *copy;
	char same_text[sizeof SQL_A];

	assert_int_equal(db_prepare(f->db, SQL_A, &a1, &err), 0);
	assert_int_equal(db_prepare(f->db, SQL_A, &a2, &err), 0);
	assert_ptr_equal(a1, a2);
	assert_int_equal(db_prepare(f->db, SQL_B, &b, &err), 0);
	assert_ptr_not_equal(a1, b);
	/* Cached by address: the same text elsewhere is another statement. */
	memcpy(same_text, SQL_A, sizeof SQL_A);
	assert_int_equal(db_prepare(f->db, same_text, &copy, &err), 0);
	assert_ptr_not_equal(copy, a1);
	assert_int_equal(db_step(a1, &err), DB_ROW);
	assert_int_equal(db_col_int(a1, 0), 1);
	db_done(a1);
	assert_int_equal(db_step(b, &err), DB_ROW);
	assert_int_equal(db_col_int(b, 0), 2);
	db_done(b);
	assert_int_equal(db_step(copy, &err), DB_ROW);
	assert_int_equal(db_col_int(copy, 0), 1);
	db_done(copy);
	/* A buffer reused for another text gets that text's statement, not the cached one. */
	memcpy(same_text, SQL_B, sizeof SQL_B);
	struct db_stmt *reused;
	assert_int_equal(db_prepare(f->db, same_text, &reused, &err), 0);
	assert_int_equal(db_step(reused, &err), DB_ROW);
	assert_int_equal(db_col_int(reused, 0), 2);
	db_done(reused);
}

static void test_prepare_error(void **state)
{
	static const char SQL_BAD[] = "SELEC nonsense";
	static const char SQL_NO_TABLE[] = "SELECT * FROM no_such_table";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st = NULL;

	assert_int_equal(db_prepare(f->db, SQL_BAD, &st, &err), -1);
	assert_non_null(strstr(err.msg, "syntax error"));
	assert_int_equal(db_prepare(f->db, SQL_NO_TABLE, &st, &err), -1);
	assert_non_null(strstr(err.msg, "no_such_table"));
	/* Not cached as a failure: once the table exists it prepares. */
	t_exec(f->db, "CREATE TABLE no_such_table (a)");
	assert_int_equal(db_prepare(f->db, SQL_NO_TABLE, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
}

static void test_cache_full(void **state)
{
	enum { N = 200 };
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	static char sql[N][32];
	int ok = 0;

	for (int i = 0; i < N; i++) {
		struct db_stmt *st;
		snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
		if (db_prepare(f->db, sql[i], &st, &err) < 0) {
			assert_string_equal(err.msg, "statement cache full");
			break;
		}
		assert_int_equal(db_step(st, &err), DB_ROW);
		assert_int_equal(db_col_int(st, 0), i);
		db_done(st);
		ok++;
	}
	/* Hundreds of statements fit; past the limit a message, not a crash. */
	assert_true(ok >= 128);
	assert_true(ok < N);
	/* The ones already cached still come out of the cache. */
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db, sql[5], &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 5);
	db_done(st);
}

static void test_round_trips(void **state)
{
	static const char SQL_INS[] = "INSERT INTO v (id, t, i) VALUES (?, ?, ?)";
	static const char SQL_SEL[] = "SELECT t, i, typeof(t), typeof(i) FROM v WHERE id = ?";
	static const struct {
		const char *text; /* NULL: bind NULL with db_bind_text */
		int64_t value;
		bool int_null; /* bind NULL with db_bind_null instead of value */
	} rows[] = {
	    {"张三", 0, false},       {"", -1, false},
	    {NULL, INT64_MAX, false}, {"341699199001011234", INT64_MIN, false},
	    {"a'b\"c;--", 1, true},   {"emoji \xF0\x9F\x98\x80", 4294967296LL, false},
	    {NULL, 0, true},
	};
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *ins, *sel;

	t_exec(f->db, "CREATE TABLE v (id INTEGER PRIMARY KEY, t TEXT, i INTEGER)");
	assert_int_equal(db_prepare(f->db, SQL_INS, &ins, &err), 0);
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		db_bind_int(ins, 1, (int64_t)k + 1);
		db_bind_text(ins, 2, rows[k].text);
		if (rows[k].int_null)
			db_bind_null(ins, 3);
		else
			db_bind_int(ins, 3, rows[k].value);
		if (db_step(ins, &err) != DB_DONE)
			fail_msg("row %zu: %s", k, err.msg);
		db_done(ins);
	}
	assert_int_equal(db_prepare(f->db, SQL_SEL, &sel, &err), 0);
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		db_bind_int(sel, 1, (int64_t)k + 1);
		assert_int_equal(db_step(sel, &err), DB_ROW);
		if (rows[k].text) {
			assert_false(db_col_null(sel, 0));
			assert_string_equal(db_col_text(sel, 0), rows[k].text);
			assert_string_equal(db_col_text(sel, 2), "text");
		} else {
			assert_true(db_col_null(sel, 0));
			assert_string_equal(db_col_text(sel, 0), ""); /* "" for NULL */
			assert_string_equal(db_col_text(sel, 2), "null");
		}
		if (rows[k].int_null) {
			assert_true(db_col_null(sel, 1));
			assert_int_equal(db_col_int(sel, 1), 0);
			assert_string_equal(db_col_text(sel, 3), "null");
		} else {
			assert_false(db_col_null(sel, 1));
			assert_true(db_col_int(sel, 1) == rows[k].value);
			assert_string_equal(db_col_text(sel, 3), "integer");
		}
		assert_int_equal(db_step(sel, &err), DB_DONE);
		db_done(sel);
	}
	/* Text is read at the step (not copied at the bind); once stepped, the caller's buffer is free again. */
	char buf[16] = "before";
	db_bind_int(ins, 1, 100);
	db_bind_text(ins, 2, buf);
	db_bind_int(ins, 3, 1);
	assert_int_equal(db_step(ins, &err), DB_DONE);
	db_done(ins);
	strcpy(buf, "after!");
	db_bind_int(sel, 1, 100);
	assert_int_equal(db_step(sel, &err), DB_ROW);
	assert_string_equal(db_col_text(sel, 0), "before");
	db_done(sel);
}

static void test_done_clears_bindings(void **state)
{
	static const char SQL_SEL[] = "SELECT ?, typeof(?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, SQL_SEL, &st, &err), 0);
	db_bind_int(st, 1, 5);
	db_bind_int(st, 2, 5);
	assert_int_equal(db_step(st, &err), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 5);
	db_done(st);
	assert_int_equal(db_step(st, &err), DB_ROW);
	assert_true(db_col_null(st, 0));
	assert_string_equal(db_col_text(st, 1), "null");
	db_done(st);
}

static void test_bind_error_at_step(void **state)
{
	static const char SQL_ONE[] = "SELECT ?";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db, SQL_ONE, &st, &err), 0);
	db_bind_int(st, 1, 7);
	db_bind_text(st, 3, "no such parameter"); /* out of range: reported by the step */
	assert_int_equal(db_step(st, &err), DB_ERROR);
	assert_memory_equal(err.msg, "bind: ", 6);
	assert_non_null(strstr(err.msg, SQL_ONE));
	/* Stays reported until db_done ... */
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
	/* ... and db_done clears it. */
	db_bind_int(st, 1, 8);
	assert_int_equal(db_step(st, &err), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 8);
	db_done(st);
	/* The first bind error is the one reported: index 0 is out of range too. */
	db_bind_null(st, 0);
	db_bind_int(st, 1, 9);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	assert_non_null(strstr(err.msg, "bind"));
	db_done(st);
}

static void test_exec_errors(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;

	assert_int_equal(db_exec(f->db, "CREATE TABLE", &err), -1);
	assert_true(strlen(err.msg) > 0);
	t_exec(f->db, "CREATE TABLE u (a NOT NULL); INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM u"), 2);
	err.msg[0] = '\0';
	assert_int_equal(db_exec(f->db, "INSERT INTO u VALUES (NULL)", &err), -1);
	assert_non_null(strstr(err.msg, "NOT NULL"));
}

static void test_transactions(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;

	t_exec(f->db, "CREATE TABLE t (a)");
	/* Rolled back: gone. */
	assert_int_equal(db_begin(f->db, &err), 0);
	t_exec(f->db, "INSERT INTO t VALUES (1)");
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 1); /* visible inside */
	db_rollback(f->db);
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 0);
	/* Committed: there. */
	assert_int_equal(db_begin(f->db, &err), 0);
	t_exec(f->db, "INSERT INTO t VALUES (2)");
	t_exec(f->db, "INSERT INTO t VALUES (3)");
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 2);
	/* A rollback after the commit changes nothing; without a transaction it is harmless. */
	db_rollback(f->db);
	db_rollback(f->db);
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 2);
	/* One at a time. */
	assert_int_equal(db_begin(f->db, &err), 0);
	err.msg[0] = '\0';
	assert_int_equal(db_begin(f->db, &err), -1);
	assert_true(strlen(err.msg) > 0);
	db_rollback(f->db);
	/* Commit without a transaction is an error with a message. */
	err.msg[0] = '\0';
	assert_int_equal(db_commit(f->db, &err), -1);
	assert_true(strlen(err.msg) > 0);
}

static void test_committed_survives_reopen(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;

	t_exec(f->db, "CREATE TABLE t (a)");
	assert_int_equal(db_begin(f->db, &err), 0);
	t_exec(f->db, "INSERT INTO t VALUES ('kept')");
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(db_begin(f->db, &err), 0);
	t_exec(f->db, "INSERT INTO t VALUES ('lost')");
	/* Closed in the middle of a transaction: it is rolled back. */
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(db_open(&f->db, f->path, DB_WRITER, &err), 0);
	char text[16];
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 1);
	assert_string_equal(t_query_text(f->db, "SELECT a FROM t", text, sizeof text), "kept");
}

static void test_reader(void **state)
{
	static const char SQL_INS[] = "INSERT INTO t VALUES (?)";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *r = NULL;
	struct db_stmt *st;

	t_exec(f->db, "CREATE TABLE t (a)");
	t_exec(f->db, "INSERT INTO t VALUES (1)");
	assert_int_equal(db_open(&r, f->path, DB_READER, &err), 0);
	assert_non_null(r);
	assert_int_equal(t_query_int(r, SQL_FOREIGN_KEYS), 1);
	assert_int_equal(t_query_int(r, SQL_SYNCHRONOUS), 2);
	assert_int_equal(t_query_int(r, SQL_COUNT_T), 1);
	/* Writes fail, with a message. */
	assert_int_equal(db_prepare(r, SQL_INS, &st, &err), 0);
	db_bind_int(st, 1, 2);
	err.msg[0] = '\0';
	assert_int_equal(db_step(st, &err), DB_ERROR);
	assert_non_null(strstr(err.msg, "readonly"));
	db_done(st);
	err.msg[0] = '\0';
	assert_int_equal(db_exec(r, "CREATE TABLE w (a)", &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(t_query_int(f->db, SQL_COUNT_T), 1);
	/* The reader sees what the writer commits afterwards. */
	t_exec(f->db, "INSERT INTO t VALUES (3)");
	assert_int_equal(t_query_int(r, SQL_COUNT_T), 2);
	db_close(r);
}

/* get on db: 1 and the value, or 0; fails the test on an error. */
static int memo_get(struct db *db, const char *key, int64_t *v)
{
	struct error err = ERROR_INIT;
	int rc = db_memo_get(db, key, v, &err);
	if (rc < 0)
		fail_msg("db_memo_get: %s", err.msg);
	return rc;
}

/* The memo forgets on any change: by the connection itself, by another (a reader sees the writer's), and in a transaction it is not used. */
static void test_memo(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *r = NULL;
	int64_t v = 0;

	t_exec(f->db, "CREATE TABLE t (a)");
	assert_int_equal(db_open(&r, f->path, DB_READER, &err), 0);
	assert_int_equal(memo_get(r, "k", &v), 0);
	db_memo_put(r, "k", 42);
	db_memo_put(r, "other", 7);
	assert_int_equal(memo_get(r, "k", &v), 1);
	assert_int_equal(v, 42);
	assert_int_equal(memo_get(r, "other", &v), 1);
	assert_int_equal(v, 7);
	assert_int_equal(memo_get(r, "missing", &v), 0);
	/* A commit by the writer: the reader forgets. */
	t_exec(f->db, "INSERT INTO t VALUES (1)");
	assert_int_equal(memo_get(r, "k", &v), 0);
	db_memo_put(r, "k", 43);
	assert_int_equal(memo_get(r, "k", &v), 1);
	assert_int_equal(v, 43);

	/* The writer's own changes, committed or rolled back. */
	assert_int_equal(memo_get(f->db, "k", &v), 0);
	db_memo_put(f->db, "k", 1);
	assert_int_equal(memo_get(f->db, "k", &v), 1);
	t_exec(f->db, "INSERT INTO t VALUES (2)");
	assert_int_equal(memo_get(f->db, "k", &v), 0);
	db_memo_put(f->db, "k", 2);
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(memo_get(f->db, "k", &v), 0); /* not in a transaction */
	t_exec(f->db, "INSERT INTO t VALUES (3)");
	db_memo_put(f->db, "k", 3);                   /* ignored */
	db_rollback(f->db);
	assert_int_equal(memo_get(f->db, "k", &v), 0);
	/* A change made between get and put: the value is not kept. */
	db_memo_put(f->db, "k", 4);
	assert_int_equal(memo_get(f->db, "j", &v), 0);
	t_exec(f->db, "INSERT INTO t VALUES (5)");
	db_memo_put(f->db, "j", 5);
	assert_int_equal(memo_get(f->db, "j", &v), 0);

	/* Many keys: the oldest go, the memo stays small; an overlong key is never kept. */
	char key[DB_MEMO_KEY_MAX + 8];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof key, "key%d", i);
		assert_int_equal(memo_get(r, key, &v), 0);
		db_memo_put(r, key, i);
	}
	assert_int_equal(memo_get(r, "key99", &v), 1);
	assert_int_equal(v, 99);
	assert_int_equal(memo_get(r, "key0", &v), 0);
	memset(key, 'x', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	db_memo_put(r, key, 1);
	assert_int_equal(memo_get(r, key, &v), 0);
	db_close(r);
}

static void test_reader_needs_file(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *r = (struct db *)&err; /* set to NULL on failure */
	char missing[128];

	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
	assert_int_equal(db_open(&r, missing, DB_READER, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.msg, missing));
	assert_int_equal(access(missing, F_OK), -1); /* not created */
}

static void test_open_unwritable(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *w = (struct db *)&err;
	char path[160];

	/* A directory that does not exist. */
	snprintf(path, sizeof path, "%s/no/such/dir/x.db", f->dir);
	assert_int_equal(db_open(&w, path, DB_WRITER, &err), -1);
	assert_null(w);
	assert_true(strlen(err.msg) > 0);
	assert_non_null(strstr(err.msg, path));
	/* A directory in place of the file. */
	w = (struct db *)&err;
	err.msg[0] = '\0';
	assert_int_equal(db_open(&w, f->dir, DB_WRITER, &err), -1);
	assert_null(w);
	assert_true(strlen(err.msg) > 0);
	/* A file that is not a database. */
	char junk[128];
	snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
	FILE *fp = fopen(junk, "wb");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database file at all. ", fp);
	fclose(fp);
	w = (struct db *)&err;
	err.msg[0] = '\0';
	assert_int_equal(db_open(&w, junk, DB_WRITER, &err), -1);
	assert_null(w);
	assert_true(strlen(err.msg) > 0);
	unlink(junk);
	db_close(NULL); /* harmless */
}

static const char SQL_INDEX_COUNT[] = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'b'";
static const char SQL_INSERT_B[] = "INSERT INTO b (k, v) VALUES (?, ?)";
static const char SQL_DELETE_REPEAT[] = "DELETE FROM b WHERE id = 3";

static void insert_b(struct db *db, int64_t k, const char *v, int expect)
{
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, SQL_INSERT_B, &st, &err), 0);
	db_bind_int(st, 1, k);
	db_bind_text(st, 2, v);
	assert_int_equal(db_step(st, &err), expect);
	db_done(st);
}

static void test_unique_conflict(void **state)
{
	struct t_fixture *f = *state;
	t_exec(f->db, "CREATE TABLE b (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v TEXT)");
	t_exec(f->db, "CREATE UNIQUE INDEX b_k ON b (k)");
	insert_b(f->db, 1, "one", DB_DONE);
	assert_int_equal(db_changes(f->db), 1);
	/* A repeated unique key is DB_CONFLICT, told apart from other errors, and changes nothing. */
	insert_b(f->db, 1, "again", DB_CONFLICT);
	assert_int_equal(t_query_int(f->db, SQL_COUNT_B), 1);
}

static void test_bulk(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_bulk *bulk;
	t_exec(f->db, "CREATE TABLE b (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v TEXT)");
	t_exec(f->db, "CREATE UNIQUE INDEX b_k ON b (k)");
	t_exec(f->db, "CREATE INDEX \"b v\" ON b (v)"); /* a name that needs quoting */
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(db_bulk_begin(f->db, "b", &bulk, &err), 0);
	assert_int_equal(t_query_int(f->db, SQL_INDEX_COUNT), 0);
	insert_b(f->db, 1, "one", DB_DONE);
	insert_b(f->db, 2, "two", DB_DONE);
	insert_b(f->db, 1, "one again", DB_DONE); /* no index: nothing stops it yet */
	/* The unique index cannot be built while the repeat is there. */
	assert_int_equal(db_bulk_end(bulk, &err), DB_CONFLICT);
	t_exec(f->db, SQL_DELETE_REPEAT);
	assert_int_equal(db_bulk_end(bulk, &err), 0);
	db_bulk_free(bulk);
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(t_query_int(f->db, SQL_INDEX_COUNT), 2);
	insert_b(f->db, 2, "x", DB_CONFLICT);

	/* A rollback brings back the indexes that were set aside. */
	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(db_bulk_begin(f->db, "b", &bulk, &err), 0);
	assert_int_equal(t_query_int(f->db, SQL_INDEX_COUNT), 0);
	db_bulk_free(bulk);
	db_rollback(f->db);
	assert_int_equal(t_query_int(f->db, SQL_INDEX_COUNT), 2);
	insert_b(f->db, 2, "x", DB_CONFLICT);
}

static void test_claim(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db *other;
	assert_int_equal(db_claim(f->db, &err), 0);
	assert_int_equal(db_claim(f->db, &err), 0); /* claiming twice is fine */
	/* Another holder (a flock is per open file, so a second open in one process stands for another process). */
	assert_int_equal(db_open(&other, f->path, DB_WRITER, &err), 0);
	assert_int_equal(db_claim(other, &err), 1);
	/* Closing the holder releases the claim. */
	db_close(f->db);
	f->db = NULL;
	assert_int_equal(db_claim(other, &err), 0);
	db_close(other);
}

static void test_col_text_valid_until_next_step(void **state)
{
	static const char SQL_ALL[] = "SELECT a FROM s ORDER BY a";
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	int n = 0;

	t_exec(f->db, "CREATE TABLE s (a TEXT)");
	t_exec(f->db, "INSERT INTO s VALUES ('a1'), ('b2'), ('c3')");
	assert_int_equal(db_prepare(f->db, SQL_ALL, &st, &err), 0);
	static const char *const want[] = {"a1", "b2", "c3"};
	int rc;
	while ((rc = db_step(st, &err)) == DB_ROW) {
		assert_true(n < 3);
		assert_string_equal(db_col_text(st, 0), want[n]);
		n++;
	}
	assert_int_equal(rc, DB_DONE);
	assert_int_equal(n, 3);
	db_done(st);
	/* Again from the start after db_done. */
	assert_int_equal(db_step(st, &err), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "a1");
	db_done(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_settings_in_effect, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_keys_enforced, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_wal_file, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_prepare_cache, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_prepare_error, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_cache_full, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_round_trips, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_done_clears_bindings, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_bind_error_at_step, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_exec_errors, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_transactions, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_committed_survives_reopen, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_reader, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_memo, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_reader_needs_file, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_open_unwritable, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_col_text_valid_until_next_step, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_unique_conflict, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_claim, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
