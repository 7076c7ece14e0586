/*
 * Unit tests for domain/audit: the hash-chained operation and login logs,
 * the published hash recipe, what audit_verify finds after the file is
 * edited around huimin, the append-only triggers, the transaction rule, and
 * searching both logs (filters, days, pages, bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/stamp.h"
#include "base/token.h"
#include "domain/audit.h"
#include "store/db.h"
#include "support.h"

#define T0 ((time_t)1718438400) /* 2024-06-15T08:00:00Z */
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

static int setup(void **state)
{
	token_init();
	return t_setup(state, "test-audit", true);
}

static void op_ok(struct db *db, const char *action, const char *target, const char *detail, time_t now)
{
	struct error err = ERROR_INIT;
	struct audit_operation op = {"admin", "10.0.0.1", "残疾人档案", action, target, detail, "成功"};
	if (audit_operation(db, &op, now, &err) < 0)
		fail_msg("%s", err.msg);
}

static void login_ok(struct db *db, const char *user, const char *outcome, time_t now)
{
	struct error err = ERROR_INIT;
	if (audit_login(db, user, "10.0.0.1", "Firefox", outcome, "", now, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Four operations and three logins. */
static void fill(struct db *db)
{
	op_ok(db, "新增", "person:1", "{\"name\":\"张三\"}", T0);
	login_ok(db, "admin", "成功", T0 + 1);
	op_ok(db, "修改", "person:1", "{\"grade\":[2,3]}", T0 + 2);
	login_ok(db, "wang", "失败", T0 + 3);
	op_ok(db, "删除", "person:2", "", T0 + 4);
	op_ok(db, "导出", "roster", "{\"rows\":12}", T0 + 5);
	login_ok(db, "wang", "锁定", T0 + 6);
}

static int verify(struct db *db, struct audit_break *where, long *entries)
{
	struct error err = ERROR_INIT;
	int rc = audit_verify(db, where, entries, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

static void expect_break(struct db *db, const char *table, int64_t id)
{
	struct audit_break where = {NULL, 0};
	long entries = -7;
	assert_int_equal(verify(db, &where, &entries), 1);
	assert_non_null(where.table);
	assert_string_equal(where.table, table);
	assert_int_equal(where.id, id);
	assert_int_equal(entries, -7); /* untouched when broken */
}

static void test_append_and_verify(void **state)
{
	struct t_fixture *f = *state;
	struct audit_break where = {NULL, 0};
	long entries = -1;
	char text[200];

	assert_int_equal(verify(f->db, &where, &entries), 0);
	assert_int_equal(entries, 0);

	fill(f->db);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM operation_log"), 4);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM login_log"), 3);
	assert_int_equal(verify(f->db, &where, &entries), 0);
	assert_int_equal(entries, 7);
	assert_int_equal(verify(f->db, NULL, NULL), 0);

	/* ids from 1, the first links to zeros, each next one to the one before */
	assert_int_equal(t_query_int(f->db, "SELECT min(id) * 10 + max(id) FROM operation_log"), 14);
	t_query_text(f->db, "SELECT prev_hash FROM login_log WHERE id = 1", text, sizeof text);
	assert_string_equal(text, ZEROS);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM operation_log a JOIN operation_log b"
	                                    " ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"),
	                 3);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM login_log WHERE length(hash) = 64"
	                                    " AND hash = lower(hash)"),
	                 3);
	t_query_text(f->db,
	             "SELECT at || '|' || user_name || '|' || address || '|' || module || '|' || action || '|'"
	             " || target || '|' || detail || '|' || outcome FROM operation_log WHERE id = 2",
	             text, sizeof text);
	assert_string_equal(text,
	                    "2024-06-15T08:00:02Z|admin|10.0.0.1|残疾人档案|修改|person:1|{\"grade\":[2,3]}|成功");
	t_query_text(f->db, "SELECT at || '|' || user_name || '|' || outcome FROM login_log WHERE id = 3", text,
	             sizeof text);
	assert_string_equal(text, "2024-06-15T08:00:06Z|wang|锁定");

	/* NULL fields are stored and hashed as "" */
	struct error err = ERROR_INIT;
	struct audit_operation op = {"(命令行)", NULL, "系统管理", "授权", "user:wang", NULL, "成功"};
	assert_int_equal(audit_operation(f->db, &op, T0 + 7, &err), 0);
	assert_int_equal(audit_login(f->db, "x", NULL, NULL, "失败", NULL, T0 + 8, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM operation_log WHERE id = 5 AND address = ''"
	                                    " AND detail = ''"),
	                 1);
	assert_int_equal(verify(f->db, &where, &entries), 0);
	assert_int_equal(entries, 9);
}

/* Appends "<len>:<s>" to out (at *n). */
static void part(char *out, size_t size, size_t *n, const char *s)
{
	*n += (size_t)snprintf(out + *n, size - *n, "%zu:%s", strlen(s), s);
	assert_true(*n < size);
}

static void test_published_recipe(void **state)
{
	struct t_fixture *f = *state;
	char text[1024], expect[TOKEN_HEX], stored[TOKEN_HEX], prev[TOKEN_HEX];
	size_t n = 0;

	/* recomputed from the recipe of audit.h */
	login_ok(f->db, "admin", "成功", T0);
	struct error err = ERROR_INIT;
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 1", stored, sizeof stored);
	const char *recipe[] = {ZEROS, "1", "2024-06-15T08:00:00Z", "admin", "10.0.0.1", "Firefox", "成功", ""};
	for (size_t i = 0; i < sizeof recipe / sizeof recipe[0]; i++)
		part(text, sizeof text, &n, recipe[i]);
	token_sha256_hex(text, n, expect);
	assert_string_equal(stored, expect);

	/* the example in audit.h's comment (with browser "B"), as computed with Python's hashlib */
	assert_int_equal(audit_login(f->db, "admin", "10.0.0.1", "B", "成功", "", T0, &err), 0);
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 2", stored, sizeof stored);
	n = 0;
	const char *example[] = {ZEROS, "1", "2024-06-15T08:00:00Z", "admin", "10.0.0.1", "B", "成功", ""};
	for (size_t i = 0; i < sizeof example / sizeof example[0]; i++)
		part(text, sizeof text, &n, example[i]);
	token_sha256_hex(text, n, expect);
	assert_string_equal(expect, "862ba202411d2df421f7166666f962077e1384829f8d07a31def0f8114ad1d79");
	/* (entry 2 chains on entry 1, so its hash differs from the example's) */
	t_query_text(f->db, "SELECT prev_hash FROM login_log WHERE id = 2", prev, sizeof prev);
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 1", text, sizeof text);
	assert_string_equal(prev, text);
	n = 0;
	const char *second[] = {prev, "2", "2024-06-15T08:00:00Z", "admin", "10.0.0.1", "B", "成功", ""};
	for (size_t i = 0; i < sizeof second / sizeof second[0]; i++)
		part(text, sizeof text, &n, second[i]);
	token_sha256_hex(text, n, expect);
	assert_string_equal(stored, expect);

	/* operation_log: the fields in the order of its columns */
	op_ok(f->db, "新增", "person:1", "{\"a\":1}", T0 + 60);
	t_query_text(f->db, "SELECT hash FROM operation_log WHERE id = 1", stored, sizeof stored);
	n = 0;
	const char *op[] = {
	    ZEROS,       "1",   "2024-06-15T08:01:00Z", "admin", "10.0.0.1", "残疾人档案", "新增", "person:1",
	    "{\"a\":1}", "成功"};
	for (size_t i = 0; i < sizeof op / sizeof op[0]; i++)
		part(text, sizeof text, &n, op[i]);
	token_sha256_hex(text, n, expect);
	assert_string_equal(stored, expect);
}

static void test_no_collision_across_fields(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char a[TOKEN_HEX], b[TOKEN_HEX];

	/* Two chains that differ only in how "1:a" + "b" vs "1" + "a:b" split between fields. */
	assert_int_equal(audit_login(f->db, "u", "h", "1:a", "b", "", T0, &err), 0);
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 1", a, sizeof a);
	t_exec(f->db, "DROP TRIGGER login_log_no_delete");
	t_exec(f->db, "DELETE FROM login_log");
	assert_int_equal(audit_login(f->db, "u", "h", "1", "a:b", "", T0, &err), 0);
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 1", b, sizeof b);
	assert_string_not_equal(a, b);
	/* and neither is the plain concatenation's hash */
	char plain[TOKEN_HEX];
	const char *joined = ZEROS "12024-06-15T08:00:00Zuh1:ab";
	token_sha256_hex(joined, strlen(joined), plain);
	assert_string_not_equal(a, plain);
	assert_string_not_equal(b, plain);
}

static void test_tamper_field(void **state)
{
	struct t_fixture *f = *state;
	fill(f->db);
	t_exec(f->db, "DROP TRIGGER operation_log_no_update");
	t_exec(f->db, "UPDATE operation_log SET detail = '{\"grade\":[2,4]}' WHERE id = 2");
	expect_break(f->db, "operation_log", 2);
	/* put back: intact again */
	t_exec(f->db, "UPDATE operation_log SET detail = '{\"grade\":[2,3]}' WHERE id = 2");
	assert_int_equal(verify(f->db, NULL, NULL), 0);
	/* the last login's outcome */
	t_exec(f->db, "DROP TRIGGER login_log_no_update");
	t_exec(f->db, "UPDATE login_log SET outcome = '成功' WHERE id = 3");
	expect_break(f->db, "login_log", 3);
	/* the time of the first */
	t_exec(f->db, "UPDATE login_log SET outcome = '锁定' WHERE id = 3");
	t_exec(f->db, "UPDATE login_log SET at = '2024-06-15T09:00:01Z' WHERE id = 1");
	expect_break(f->db, "login_log", 1);
}

static void test_tamper_delete_middle(void **state)
{
	struct t_fixture *f = *state;
	fill(f->db);
	t_exec(f->db, "DROP TRIGGER operation_log_no_delete");
	t_exec(f->db, "DELETE FROM operation_log WHERE id = 2");
	expect_break(f->db, "operation_log", 3);

	/* a break in the login log too: operation_log is checked first */
	t_exec(f->db, "DROP TRIGGER login_log_no_delete");
	t_exec(f->db, "DELETE FROM login_log WHERE id = 1");
	expect_break(f->db, "operation_log", 3);
}

static void test_tamper_delete_first_login(void **state)
{
	struct t_fixture *f = *state;
	fill(f->db);
	t_exec(f->db, "DROP TRIGGER login_log_no_delete");
	t_exec(f->db, "DELETE FROM login_log WHERE id = 1");
	expect_break(f->db, "login_log", 2);
}

static void test_tamper_prev_hash(void **state)
{
	struct t_fixture *f = *state;
	fill(f->db);
	t_exec(f->db, "DROP TRIGGER operation_log_no_update");
	/* a prev_hash pointing elsewhere (its own hash kept) */
	t_exec(f->db, "UPDATE operation_log SET prev_hash = (SELECT hash FROM operation_log WHERE id = 1)"
	              " WHERE id = 3");
	expect_break(f->db, "operation_log", 3);
}

static void test_tamper_rehashed_entry(void **state)
{
	struct t_fixture *f = *state;
	char text[512], hash[TOKEN_HEX], sql[256];
	size_t n = 0;

	fill(f->db);
	/* entry 2 changed and its own hash recomputed: the next link breaks */
	const char *parts[] = {"", "2", "2024-06-15T08:00:03Z", "wang", "10.0.0.1", "Firefox", "成功", ""};
	char prev[TOKEN_HEX];
	t_query_text(f->db, "SELECT hash FROM login_log WHERE id = 1", prev, sizeof prev);
	parts[0] = prev;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		part(text, sizeof text, &n, parts[i]);
	token_sha256_hex(text, n, hash);
	t_exec(f->db, "DROP TRIGGER login_log_no_update");
	snprintf(sql, sizeof sql, "UPDATE login_log SET outcome = '成功', hash = '%s' WHERE id = 2", hash);
	t_exec(f->db, sql);
	expect_break(f->db, "login_log", 3);
}

static void test_tamper_insert_out_of_chain(void **state)
{
	struct t_fixture *f = *state;
	fill(f->db);
	/* a row added with the sqlite3 shell, after the last, copying a hash */
	t_exec(f->db, "INSERT INTO login_log (id, at, user_name, address, browser, outcome, message, prev_hash, hash)"
	              " SELECT 4, at, 'ghost', address, browser, outcome, message, prev_hash, hash FROM login_log"
	              " WHERE id = 3");
	expect_break(f->db, "login_log", 4);
	t_exec(f->db, "DROP TRIGGER login_log_no_delete");
	t_exec(f->db, "DELETE FROM login_log WHERE id = 4");
	assert_int_equal(verify(f->db, NULL, NULL), 0);

	/* one slipped in before the first (id 0), linked to zeros but with a made-up hash */
	t_exec(f->db, "INSERT INTO operation_log (id, at, user_name, address, module, action, target, detail,"
	              " outcome, prev_hash, hash) VALUES (0, '2024-06-15T07:00:00Z', 'admin', '', '系统管理',"
	              " '删除', 'user:x', '', '成功', '" ZEROS "', '" ZEROS "')");
	expect_break(f->db, "operation_log", 0);
}

static void test_triggers_refuse(void **state)
{
	struct t_fixture *f = *state;
	static const char *const sql[] = {
	    "UPDATE operation_log SET outcome = '失败' WHERE id = 1",
	    "DELETE FROM operation_log WHERE id = 1",
	    "UPDATE login_log SET outcome = '失败' WHERE id = 1",
	    "DELETE FROM login_log WHERE id = 1",
	    "DELETE FROM login_log",
	};

	fill(f->db);
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		struct error err = ERROR_INIT;
		struct db_stmt *st;
		if (db_prepare(f->db, sql[i], &st, &err) < 0)
			fail_msg("%s", err.msg);
		int rc = db_step(st, &err);
		db_done(st);
		assert_int_equal(rc, DB_ERROR);
		assert_non_null(strstr(err.msg, "append-only"));
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM operation_log"), 4);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM login_log WHERE outcome = '失败'"), 1);
	assert_int_equal(verify(f->db, NULL, NULL), 0);
}

/* The rule of audit.h: audit functions refuse to run inside the caller's transaction and leave it alone. */
static void test_outside_transactions_only(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct audit_operation op = {"admin", "", "系统管理", "新增", "user:x", "", "成功"};

	login_ok(f->db, "admin", "成功", T0);
	assert_int_equal(db_begin(f->db, &err), 0);
	t_exec(f->db, "INSERT INTO setting (key, value) VALUES ('k', 'v')");
	assert_int_equal(audit_operation(f->db, &op, T0 + 1, &err), -1);
	assert_non_null(strstr(err.msg, "outside a transaction"));
	assert_int_equal(audit_login(f->db, "admin", "", "", "成功", "", T0 + 1, &err), -1);
	/* the caller's transaction is still open, with its change */
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM setting WHERE key = 'k'"), 1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM operation_log"), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM login_log"), 1);

	/* after the commit it works */
	assert_int_equal(audit_operation(f->db, &op, T0 + 2, &err), 0);
	assert_int_equal(verify(f->db, NULL, NULL), 0);

	/* and no transaction was left open */
	assert_int_equal(db_begin(f->db, &err), 0);
	db_rollback(f->db);
}

/* A second connection appending in turn (another process): the chain stays one chain. */
static void test_two_writers_one_chain(void **state)
{
	struct t_fixture *f = *state;
	struct db *other = t_db_open(f->path, false);
	for (int i = 0; i < 6; i++) {
		op_ok(i % 2 ? other : f->db, "修改", "person:1", "", T0 + i);
		login_ok(i % 3 ? f->db : other, "admin", "成功", T0 + i);
	}
	db_close(other);
	long entries = 0;
	assert_int_equal(verify(f->db, NULL, &entries), 0);
	assert_int_equal(entries, 12);
}

/* Searching */

struct found {
	int n;
	char ids[256];
};

static void collect(void *ctx, const struct audit_row *r)
{
	struct found *f = ctx;
	size_t len = strlen(f->ids);
	snprintf(f->ids + len, sizeof f->ids - len, "%s%lld", len ? "," : "", (long long)r->id);
	f->n++;
}

/* The ids of the page q finds, newest first, as "7,5,3"; *total the count of all. */
static const char *ops(struct db *db, const struct audit_query *q, long *total)
{
	static struct found f;
	struct error err = ERROR_INIT;
	memset(&f, 0, sizeof f);
	if (audit_search_operations(db, q, collect, &f, total, &err) < 0)
		fail_msg("%s", err.msg);
	return f.ids;
}

static const char *logins(struct db *db, const struct audit_query *q, long *total)
{
	static struct found f;
	struct error err = ERROR_INIT;
	memset(&f, 0, sizeof f);
	if (audit_search_logins(db, q, collect, &f, total, &err) < 0)
		fail_msg("%s", err.msg);
	return f.ids;
}

static void test_search_filters(void **state)
{
	struct t_fixture *f = *state;
	char from[21], to[21];
	long total = -1;
	fill(f->db); /* operations 1-4 at T0, T0+2, T0+4, T0+5; logins 1-3 */

	struct audit_query q = {.page = 1};
	assert_string_equal(ops(f->db, &q, &total), "4,3,2,1");
	assert_int_equal(total, 4);
	q.action = "修改";
	assert_string_equal(ops(f->db, &q, &total), "2");
	assert_int_equal(total, 1);
	q = (struct audit_query){.module = "残疾人档案", .text = "person:", .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "3,2,1");
	q = (struct audit_query){.module = "系统管理", .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "");
	assert_int_equal(total, 0);
	/* % and _ typed are themselves, not wildcards. */
	q = (struct audit_query){.text = "%", .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "");
	q = (struct audit_query){.user = "admin", .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "4,3,2,1");
	q.user = "wang";
	assert_string_equal(ops(f->db, &q, &total), "");

	/* Times: from inclusive, to exclusive. */
	char at[21];
	stamp_format(T0 + 2, at);
	q = (struct audit_query){.from = at, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "4,3,2");
	stamp_format(T0 + 4, at);
	q = (struct audit_query){.to = at, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "2,1");

	/* Days in local time. */
	assert_int_equal(audit_day_start("2024-06-15", 0, from), 0);
	assert_int_equal(audit_day_start("2024-06-15", 1, to), 0);
	assert_int_equal(stamp_parse(to) - stamp_parse(from), 86400);
	q = (struct audit_query){.from = from, .to = to, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "4,3,2,1");
	assert_int_equal(audit_day_start("2024-06-16", 1, from), 0);
	q = (struct audit_query){.from = from, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "");
	static const char *const bad_dates[] = {"", "2024-6-15", "2024/06/15", "20240615", "2024-02-30", "2024-06-15x",
						"abcd-ef-gh"};
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
		assert_int_equal(audit_day_start(bad_dates[i], 0, from), -1);
	assert_int_equal(audit_day_start("2024-12-31", 1, from), 0); /* into the next year */
	assert_int_equal(audit_day_start("2025-01-01", 0, to), 0);
	assert_string_equal(from, to);

	/* The login log: outcome, user, text in the address or message. */
	q = (struct audit_query){.page = 1};
	assert_string_equal(logins(f->db, &q, &total), "3,2,1");
	q.outcome = "失败";
	assert_string_equal(logins(f->db, &q, &total), "2");
	q = (struct audit_query){.user = "wang", .page = 1};
	assert_string_equal(logins(f->db, &q, &total), "3,2");
	q = (struct audit_query){.text = "10.0.0", .page = 1};
	assert_string_equal(logins(f->db, &q, &total), "3,2,1");
	assert_int_equal(total, 3);
	q.text = "10.0.0.2";
	assert_string_equal(logins(f->db, &q, &total), "");
}

static void test_search_pages_and_limits(void **state)
{
	struct t_fixture *f = *state;
	long total = -1;
	for (int i = 0; i < 45; i++)
		op_ok(f->db, "修改", "person:1", "", T0 + i);

	struct audit_query q = {.page = 1};
	const char *ids = ops(f->db, &q, &total);
	assert_int_equal(total, 45);
	assert_true(strncmp(ids, "45,44,", 6) == 0);
	q.page = 3;
	assert_string_equal(ops(f->db, &q, &total), "5,4,3,2,1");
	q.page = 4;
	assert_string_equal(ops(f->db, &q, &total), "");
	assert_int_equal(total, 45);

	/* Out of bounds: nothing, never an error. */
	char longer[AUDIT_TEXT_MAX + 2];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	q = (struct audit_query){.text = longer, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "");
	assert_int_equal(total, 0);
	q = (struct audit_query){.page = 0};
	assert_string_equal(ops(f->db, &q, &total), "");
	q.page = AUDIT_PAGE_MAX + 1;
	assert_string_equal(ops(f->db, &q, &total), "");
	/* The longest text allowed is taken. */
	longer[AUDIT_TEXT_MAX] = '\0';
	q = (struct audit_query){.text = longer, .page = 1};
	assert_string_equal(ops(f->db, &q, &total), "");
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_append_and_verify, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_published_recipe, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_no_collision_across_fields, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_field, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_delete_middle, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_delete_first_login, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_prev_hash, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_rehashed_entry, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_insert_out_of_chain, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_triggers_refuse, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_outside_transactions_only, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_two_writers_one_chain, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_search_filters, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_search_pages_and_limits, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
