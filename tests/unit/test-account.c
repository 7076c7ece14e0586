/*
 * Unit tests for domain/account: roles, the password policy and its
 * settings, password checks and generation, creating users, logging in
 * (failures, the lock, disabled accounts) and changing passwords.
 *
 * Every password hash costs about 0.1 s (argon2id, 64 MiB), more under
 * ASan: the tests hash a few dozen times in all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/session.h"
#include "store/db.h"
#include "support.h"

/* 2024-06-15T00:00:00Z */
#define NOW ((time_t)1718409600)
#define PASSWORD "Huimin#2024"

static int setup(void **state)
{
	t_setup(state, "test-account", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	return 0;
}

static struct account_policy defaults(void)
{
	struct account_policy p;
	account_policy_defaults(&p);
	return p;
}

static struct user create_ok(struct db *db, const char *name, enum role role, const char *division,
                             const char *password)
{
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	struct user u;
	memset(&u, 0x55, sizeof u);
	int rc = account_create(db, &p, name, role, division, password, NOW, &u, &err);
	if (rc != 0)
		fail_msg("account_create(%s): %d %s", name, rc, err.msg);
	return u;
}

static enum login_result login(struct db *db, const char *name, const char *password, time_t now, struct user *u)
{
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	enum login_result result = (enum login_result) - 1;
	if (account_login(db, &p, name, password, now, &result, u, &err) < 0)
		fail_msg("account_login(%s): %s", name, err.msg);
	return result;
}

static long failed_logins(struct db *db, const char *name)
{
	return (long)t_query_first_int(db, "SELECT failed_logins FROM app_user WHERE name = ?", name);
}

/* Roles */

static void test_roles(void **state)
{
	static const struct {
		enum role role;
		const char *code, *label;
		int level;
	} cases[] = {
	    {ROLE_COUNTY_ADMIN, "county_admin", "县残联管理员", 0},
	    {ROLE_COUNTY_STAFF, "county_staff", "县残联业务人员", 0},
	    {ROLE_TOWNSHIP, "township", "乡镇操作员", 2},
	    {ROLE_VILLAGE, "village", "村调查员", 3},
	    {ROLE_HOSPITAL, "hospital", "医院", 0},
	    {ROLE_LEADER, "leader", "领导（只读）", 0},
	};
	(void)state;
	assert_int_equal(sizeof cases / sizeof cases[0], ROLE__MAX);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(role_code(cases[i].role), cases[i].code);
		assert_string_equal(role_label(cases[i].role), cases[i].label);
		assert_int_equal(role_parse(cases[i].code), cases[i].role);
		assert_int_equal(role_division_level(cases[i].role), cases[i].level);
	}
	static const char *const unknown[] = {"", "admin", "County_admin", "county_admin ", "乡镇操作员"};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		assert_int_equal(role_parse(unknown[i]), -1);
	assert_int_equal(role_parse(NULL), -1);
	assert_string_equal(role_code(ROLE__MAX), "");
	assert_string_equal(role_label(ROLE__MAX), "");
	assert_int_equal(role_division_level(ROLE__MAX), 0);
}

/* The role table of the schema says the same as the code, in the same order. */
static void test_roles_match_schema(void **state)
{
	struct t_fixture *f = *state;
	char got[512], want[512] = "";
	size_t n = 0;
	for (int r = 0; r < ROLE__MAX; r++)
		n += (size_t)snprintf(want + n, sizeof want - n, "%s%s=%s", r ? "|" : "", role_code(r), role_label(r));
	/* One static query: statements are cached by the address of their text. */
	t_query_text(f->db,
	             "SELECT group_concat(code || '=' || label, '|') FROM (SELECT code, label FROM role ORDER BY sort)",
	             got, sizeof got);
	assert_string_equal(got, want);
}

/* Policy */

static void test_policy_defaults(void **state)
{
	(void)state;
	struct account_policy p = defaults();
	assert_int_equal(p.min_length, 8);
	assert_int_equal(p.min_classes, 3);
	assert_true(p.change_first);
	assert_int_equal(p.max_failures, 5);
	assert_int_equal(p.lock_minutes, 15);
	assert_int_equal(p.idle_minutes, 30);
}

static void test_policy_load(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct account_policy p;

	/* No settings: the defaults. */
	memset(&p, 0x55, sizeof p);
	assert_int_equal(account_policy_load(f->db, &p, &err), 0);
	struct account_policy d = defaults();
	assert_memory_equal(&p, &d, sizeof p);

	/* Each valid value is taken. */
	t_exec(f->db, "INSERT INTO setting (key, value) VALUES ('password.min_length', '12'),"
	              " ('password.min_classes', '4'), ('password.change_first', '0'), ('login.max_failures', '3'),"
	              " ('login.lock_minutes', '60'), ('session.idle_minutes', '10'), ('site.name', '示范县残联')");
	assert_int_equal(account_policy_load(f->db, &p, &err), 0);
	assert_int_equal(p.min_length, 12);
	assert_int_equal(p.min_classes, 4);
	assert_false(p.change_first);
	assert_int_equal(p.max_failures, 3);
	assert_int_equal(p.lock_minutes, 60);
	assert_int_equal(p.idle_minutes, 10);

	/* Values out of range or not numbers leave the default. */
	static const struct {
		const char *key, *value;
	} bad[] = {
	    {"password.min_length", "5"},
	    {"password.min_length", "65"},
	    {"password.min_length", "8x"},
	    {"password.min_length", ""},
	    {"password.min_length", " 9"},
	    {"password.min_classes", "0"},
	    {"password.min_classes", "5"},
	    {"password.change_first", "2"},
	    {"password.change_first", "yes"},
	    {"login.max_failures", "0"},
	    {"login.max_failures", "101"},
	    {"login.lock_minutes", "0"},
	    {"login.lock_minutes", "1441"},
	    {"session.idle_minutes", "0"},
	    {"session.idle_minutes", "481"},
	    {"session.idle_minutes", "-5"},
	    {"login.lock_minutes", "99999999999999999999"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t_exec(f->db, "DELETE FROM setting");
		char sql[256];
		snprintf(sql, sizeof sql, "INSERT INTO setting (key, value) VALUES ('%s', '%s')", bad[i].key,
		         bad[i].value);
		t_exec(f->db, sql);
		memset(&p, 0x55, sizeof p);
		assert_int_equal(account_policy_load(f->db, &p, &err), 0);
		if (memcmp(&p, &d, sizeof p) != 0)
			fail_msg("%s = '%s' was not ignored", bad[i].key, bad[i].value);
	}

	/* The edges of the ranges are taken. */
	t_exec(f->db, "DELETE FROM setting");
	t_exec(f->db, "INSERT INTO setting (key, value) VALUES ('password.min_length', '16'),"
	              " ('password.min_classes', '1'), ('password.change_first', '1'), ('login.max_failures', '100'),"
	              " ('login.lock_minutes', '1440'), ('session.idle_minutes', '480')");
	assert_int_equal(account_policy_load(f->db, &p, &err), 0);
	assert_int_equal(p.min_length, 16);
	assert_int_equal(p.min_classes, 1);
	assert_true(p.change_first);
	assert_int_equal(p.max_failures, 100);
	assert_int_equal(p.lock_minutes, 1440);
	assert_int_equal(p.idle_minutes, 480);
}

/* Passwords */

static void test_password_problem(void **state)
{
	static const struct {
		const char *name, *password;
		const char *problem; /* NULL: fine */
	} cases[] = {
	    {"zhang", "Abcdef1!", NULL}, /* exactly 8, 4 classes */
	    {"zhang", "Abcdefg1", NULL}, /* exactly 8, 3 classes */
	    {"zhang", "abcdef1!", NULL}, /* lower, digit, other */
	    {"zhang", "ABCDEF1!", NULL}, /* upper, digit, other */
	    {"zhang", "Abc1!", "密码至少需要8个字符"},
	    {"zhang", "", "密码至少需要8个字符"},
	    {"zhang", "Abcdefg", "密码至少需要8个字符"},
	    {"zhang", "abcdefgh", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    {"zhang", "abcdefg1", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    {"zhang", "ABCDEFG!", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    {"zhang", "12345678", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    /* Non-ASCII counts as other; length in characters, not bytes. */
	    {"zhang", "惠民abcd12", NULL},                /* 8 characters */
	    {"zhang", "惠民ab12", "密码至少需要8个字符"}, /* 6 characters, 10 bytes */
	    {"zhang", "惠民惠民惠民惠民", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    {"zhang", "惠民惠民惠民惠A1", NULL},
	    /* The name, in any case. */
	    {"zhang", "zhang#2024", "密码不能包含账号名"},
	    {"zhang", "My.ZHANG.1", "密码不能包含账号名"},
	    {"Zhang.San", "x1zhang.sanX", "密码不能包含账号名"},
	    {"zhang", "zhan#2024G", NULL},
	    {"li", "li#2024Abc", NULL}, /* names under 3 characters are not looked for */
	    {NULL, "Abcdefg1", NULL},
	    /* Not text. */
	    {"zhang", "Abc\tdef1!", "密码含有无法识别的字符或不可见的控制字符"},
	    {"zhang", "Abcdef1\xff", "密码含有无法识别的字符或不可见的控制字符"},
	};
	struct account_policy p = defaults();
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = account_password_problem(&p, cases[i].name, cases[i].password);
		if (!cases[i].problem && got)
			fail_msg("case %zu (%s): unexpected \"%s\"", i, cases[i].password, got);
		if (cases[i].problem && (!got || strcmp(got, cases[i].problem) != 0))
			fail_msg("case %zu (%s): \"%s\", expected \"%s\"", i, cases[i].password, got ? got : "(null)",
			         cases[i].problem);
	}
	assert_string_equal(account_password_problem(&p, "zhang", NULL), "密码至少需要8个字符");

	/* The numbers in the messages are the policy's. */
	p.min_length = 12;
	p.min_classes = 4;
	assert_string_equal(account_password_problem(&p, "zhang", "Abcdef1!"), "密码至少需要12个字符");
	assert_string_equal(account_password_problem(&p, "zhang", "Abcdefgh1234"),
	                    "密码须包含大写字母、小写字母、数字、其他符号中的至少4类");
	assert_null(account_password_problem(&p, "zhang", "Abcdefgh123!"));

	/* At most ACCOUNT_PASSWORD_MAX bytes. */
	char longest[ACCOUNT_PASSWORD_MAX + 2];
	memset(longest, 'a', sizeof longest - 1);
	memcpy(longest, "A1!", 3);
	longest[ACCOUNT_PASSWORD_MAX] = '\0';
	assert_null(account_password_problem(&p, "zhang", longest));
	longest[ACCOUNT_PASSWORD_MAX] = 'a';
	longest[ACCOUNT_PASSWORD_MAX + 1] = '\0';
	assert_string_equal(account_password_problem(&p, "zhang", longest), "密码过长（最多128个字节）");
}

static void test_generate(void **state)
{
	struct account_policy p = defaults();
	char seen[2][17];
	(void)state;
	p.min_classes = 4;
	for (int i = 0; i < 100; i++) {
		char pw[17];
		memset(pw, 'x', sizeof pw);
		account_password_generate(pw);
		assert_int_equal(strlen(pw), 16);
		const char *problem = account_password_problem(&p, NULL, pw);
		if (problem)
			fail_msg("generated \"%s\": %s", pw, problem);
		if (strpbrk(pw, "0Oo1lI"))
			fail_msg("generated \"%s\" has a look-alike", pw);
		for (const char *c = pw; *c; c++)
			if (!strchr("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789#%+=@", *c))
				fail_msg("generated \"%s\" has '%c'", pw, *c);
		if (i < 2)
			memcpy(seen[i], pw, sizeof pw);
	}
	assert_string_not_equal(seen[0], seen[1]);
}

/* Creating users */

static void test_create(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char hash[256], text[64];

	assert_int_equal(account_count(f->db, &err), 0);
	struct user u = create_ok(f->db, "admin", ROLE_COUNTY_ADMIN, NULL, PASSWORD);
	assert_true(u.id > 0);
	assert_string_equal(u.name, "admin");
	assert_int_equal(u.role, ROLE_COUNTY_ADMIN);
	assert_string_equal(u.division, "");
	assert_true(u.must_change);
	assert_int_equal(u.failed_logins, 0);
	assert_string_equal(u.locked_until, "");
	assert_false(u.disabled);
	assert_string_equal(u.created_at, "2024-06-15T00:00:00Z");
	assert_int_equal(account_count(f->db, &err), 1);

	/* Only the argon2id string is stored; county roles store NULL for the division. */
	t_query_text(f->db, "SELECT password_hash FROM app_user WHERE name = 'admin'", hash, sizeof hash);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_null(strstr(hash, PASSWORD));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM app_user WHERE division_code IS NULL"), 1);
	assert_string_equal(t_query_text(f->db, "SELECT updated_at FROM app_user", text, sizeof text),
	                    "2024-06-15T00:00:00Z");
	assert_int_equal(t_query_int(f->db, "SELECT status FROM app_user"), 1);

	/* Found again, by name and by id. */
	struct user got;
	memset(&got, 0x55, sizeof got);
	assert_int_equal(account_find(f->db, "admin", &got, &err), 1);
	assert_memory_equal(&got, &u, offsetof(struct user, created_at) + sizeof got.created_at);
	memset(&got, 0x55, sizeof got);
	assert_int_equal(account_find_id(f->db, u.id, &got, &err), 1);
	assert_string_equal(got.name, "admin");
	assert_int_equal(account_find(f->db, "nobody", &got, &err), 0);
	assert_int_equal(account_find(f->db, "ADMIN", &got, &err), 0); /* names are exact */
	assert_int_equal(account_find_id(f->db, 9999, &got, &err), 0);

	/* The policy decides must_change. */
	struct account_policy p = defaults();
	p.change_first = false;
	assert_int_equal(account_create(f->db, &p, "staff", ROLE_COUNTY_STAFF, "", PASSWORD, NOW, &u, &err), 0);
	assert_false(u.must_change);

	/* Township and village users, bound to theirs. */
	u = create_ok(f->db, "qinghe", ROLE_TOWNSHIP, "341699001000", PASSWORD);
	assert_string_equal(u.division, "341699001000");
	assert_int_equal(u.role, ROLE_TOWNSHIP);
	u = create_ok(f->db, "wangzhuang", ROLE_VILLAGE, "341699001001", PASSWORD);
	assert_string_equal(u.division, "341699001001");
	assert_int_equal(account_count(f->db, &err), 4);

	/* A taken name, also in another case: 1, with a message, nothing written. */
	p = defaults();
	assert_int_equal(account_create(f->db, &p, "admin", ROLE_LEADER, NULL, PASSWORD, NOW, NULL, &err), 1);
	assert_string_equal(err.msg, "账号名“admin”已被使用");
	assert_int_equal(account_create(f->db, &p, "Admin", ROLE_LEADER, NULL, PASSWORD, NOW, NULL, &err), 1);
	assert_int_equal(account_count(f->db, &err), 4);
}

static void test_create_refused(void **state)
{
	static const char name_msg[] = "账号名只能由字母、数字和 . _ - 组成（1至64个字符）";
	static const char a65[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	static const struct {
		const char *name;
		enum role role;
		const char *division, *password, *message;
	} cases[] = {
	    {"", ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {a65, ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {"zhang san", ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {"张三", ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {"a/b", ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {"a'b", ROLE_LEADER, NULL, PASSWORD, name_msg},
	    {"zhang", (enum role)ROLE__MAX, NULL, PASSWORD, "角色无效"},
	    {"zhang", ROLE_TOWNSHIP, NULL, PASSWORD, "乡镇操作员须指定所属乡镇（12位乡镇代码）"},
	    {"zhang", ROLE_TOWNSHIP, "", PASSWORD, "乡镇操作员须指定所属乡镇（12位乡镇代码）"},
	    {"zhang", ROLE_TOWNSHIP, "青禾镇", PASSWORD, "乡镇操作员须指定所属乡镇（12位乡镇代码）"},
	    {"zhang", ROLE_TOWNSHIP, "3416990010", PASSWORD, "乡镇操作员须指定所属乡镇（12位乡镇代码）"},
	    {"zhang", ROLE_TOWNSHIP, "341699001001", PASSWORD, "区划341699001001不是乡镇"},
	    {"zhang", ROLE_TOWNSHIP, "341699000000", PASSWORD, "区划341699000000不是乡镇"},
	    {"zhang", ROLE_TOWNSHIP, "341699009000", PASSWORD, "区划341699009000不存在"},
	    {"zhang", ROLE_VILLAGE, NULL, PASSWORD, "村调查员须指定所属村（12位村代码）"},
	    {"zhang", ROLE_VILLAGE, "341699001000", PASSWORD, "区划341699001000不是村"},
	    {"zhang", ROLE_VILLAGE, "341699001009", PASSWORD, "区划341699001009不存在"},
	    {"zhang", ROLE_COUNTY_ADMIN, "341699001000", PASSWORD, "角色“县残联管理员”面向全县，不应指定区划"},
	    {"zhang", ROLE_LEADER, "341699000000", PASSWORD, "角色“领导（只读）”面向全县，不应指定区划"},
	    {"zhang", ROLE_HOSPITAL, "341699001001", PASSWORD, "角色“医院”面向全县，不应指定区划"},
	    {"zhang", ROLE_COUNTY_STAFF, NULL, "short1A", "密码至少需要8个字符"},
	    {"zhang", ROLE_COUNTY_STAFF, NULL, "abcdefgh1", "密码须包含大写字母、小写字母、数字、其他符号中的至少3类"},
	    {"zhang", ROLE_COUNTY_STAFF, NULL, "Zhang#2024", "密码不能包含账号名"},
	    {"zhang", ROLE_COUNTY_STAFF, NULL, NULL, "密码至少需要8个字符"},
	};
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct error err = ERROR_INIT;
		int rc = account_create(f->db, &p, cases[i].name, cases[i].role, cases[i].division, cases[i].password,
		                        NOW, NULL, &err);
		if (rc != -1 || strcmp(err.msg, cases[i].message) != 0)
			fail_msg("case %zu (%s): %d \"%s\", expected -1 \"%s\"", i, cases[i].name, rc, err.msg,
			         cases[i].message);
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM app_user"), 0);
}

/* Logging in */

/* The two-step login a server uses: the check on one connection, the record on another, the lock re-read between. */
static void test_login_in_two_steps(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct account_policy p;
	struct login_check check;
	enum login_result result;
	struct user u;
	account_policy_defaults(&p);
	create_ok(f->db, "wang", ROLE_COUNTY_STAFF, NULL, PASSWORD);

	assert_int_equal(account_verify(f->db, "wang", PASSWORD, &check, &err), 0);
	assert_true(check.found && check.password_ok);
	/* Locked by someone else's failures while the password was being checked: the lock wins. */
	t_exec(f->db, "UPDATE app_user SET locked_until = '2099-01-01T00:00:00Z' WHERE name = 'wang'");
	assert_int_equal(account_record_login(f->db, &p, &check, NOW, &result, &u, &err), 0);
	assert_int_equal(result, LOGIN_LOCKED);
	t_exec(f->db, "UPDATE app_user SET locked_until = NULL WHERE name = 'wang'");
	assert_int_equal(account_record_login(f->db, &p, &check, NOW, &result, &u, &err), 0);
	assert_int_equal(result, LOGIN_OK);

	/* A wrong password is counted when it is recorded; an unknown name is just refused. */
	assert_int_equal(account_verify(f->db, "wang", "Wrong#2024", &check, &err), 0);
	assert_true(check.found && !check.password_ok);
	assert_int_equal(account_record_login(f->db, &p, &check, NOW, &result, &u, &err), 0);
	assert_int_equal(result, LOGIN_BAD);
	assert_int_equal(failed_logins(f->db, "wang"), 1);
	assert_int_equal(account_verify(f->db, "nobody", PASSWORD, &check, &err), 0);
	assert_false(check.found);
	assert_int_equal(account_record_login(f->db, &p, &check, NOW, &result, &u, &err), 0);
	assert_int_equal(result, LOGIN_BAD);
}

static void test_login(void **state)
{
	struct t_fixture *f = *state;
	struct user u;
	create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);

	/* Right: OK, must_change still set for the caller to act on. */
	memset(&u, 0x55, sizeof u);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW, &u), LOGIN_OK);
	assert_string_equal(u.name, "zhang");
	assert_true(u.must_change);

	/* Two failures, then a success clears the count. */
	assert_int_equal(login(f->db, "zhang", "Wrong#2024", NOW, &u), LOGIN_BAD);
	assert_int_equal(u.failed_logins, 1);
	assert_int_equal(login(f->db, "zhang", "", NOW, &u), LOGIN_BAD);
	assert_int_equal(failed_logins(f->db, "zhang"), 2);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW, &u), LOGIN_OK);
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(failed_logins(f->db, "zhang"), 0);

	/* Four failures: still BAD; the fifth locks for 15 minutes and starts the count again. */
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(login(f->db, "zhang", "Wrong#2024", NOW + i, &u), LOGIN_BAD);
		assert_int_equal(failed_logins(f->db, "zhang"), i);
		assert_string_equal(u.locked_until, "");
	}
	assert_int_equal(login(f->db, "zhang", "Wrong#2024", NOW + 5, &u), LOGIN_LOCKED);
	assert_string_equal(u.locked_until, "2024-06-15T00:15:05Z");
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(failed_logins(f->db, "zhang"), 0);

	/* While locked even the right password is refused, and nothing is counted. */
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 6, &u), LOGIN_LOCKED);
	assert_int_equal(login(f->db, "zhang", "Wrong#2024", NOW + 15 * 60 + 4, &u), LOGIN_LOCKED);
	assert_int_equal(failed_logins(f->db, "zhang"), 0);
	assert_string_equal(u.locked_until, "2024-06-15T00:15:05Z");

	/* Once the lock has run out, the right password works and clears it. */
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 5 + 15 * 60 + 1, &u), LOGIN_OK);
	assert_string_equal(u.locked_until, "");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM app_user WHERE locked_until IS NULL"), 1);

	/* Unknown names and wrong passwords get the same answer; out is cleared. */
	memset(&u, 0x55, sizeof u);
	assert_int_equal(login(f->db, "nobody", PASSWORD, NOW, &u), LOGIN_BAD);
	assert_int_equal(u.id, 0);
	assert_int_equal(login(f->db, "bad name!", PASSWORD, NOW, NULL), LOGIN_BAD);
	assert_int_equal(login(f->db, "ZHANG", PASSWORD, NOW, NULL), LOGIN_BAD); /* names are exact */
}

/* A failure after a lock ran out removes the old lock and counts from 1. */
static void test_login_after_lock(void **state)
{
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	enum login_result r;
	struct user u;
	create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	p.max_failures = 1;
	p.lock_minutes = 1;
	assert_int_equal(account_login(f->db, &p, "zhang", "Wrong#2024", NOW, &r, &u, &err), 0);
	assert_int_equal(r, LOGIN_LOCKED);
	assert_string_equal(u.locked_until, "2024-06-15T00:01:00Z");
	p.max_failures = 5;
	assert_int_equal(account_login(f->db, &p, "zhang", "Wrong#2024", NOW + 60, &r, &u, &err), 0);
	assert_int_equal(r, LOGIN_BAD);
	assert_int_equal(u.failed_logins, 1);
	assert_string_equal(u.locked_until, "");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM app_user WHERE locked_until IS NULL"), 1);
}

static void test_login_disabled(void **state)
{
	struct t_fixture *f = *state;
	struct user u;
	create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	t_exec(f->db, "UPDATE app_user SET status = 2 WHERE name = 'zhang'");

	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW, &u), LOGIN_DISABLED);
	assert_true(u.disabled);
	/* A wrong password does not tell that the account exists, and does not count. */
	assert_int_equal(login(f->db, "zhang", "Wrong#2024", NOW, &u), LOGIN_BAD);
	assert_int_equal(failed_logins(f->db, "zhang"), 0);
}

/* Passwords changed */

static void test_set_password(void **state)
{
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	struct user u = create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	assert_true(u.must_change);

	/* The same password, a weak one, or the name: refused, nothing changed. */
	assert_int_equal(account_set_password(f->db, &p, u.id, PASSWORD, false, NOW, &err), -1);
	assert_string_equal(err.msg, "新密码不能与原密码相同");
	assert_int_equal(account_set_password(f->db, &p, u.id, "weakpass", false, NOW, &err), -1);
	assert_string_equal(err.msg, "密码须包含大写字母、小写字母、数字、其他符号中的至少3类");
	assert_int_equal(account_set_password(f->db, &p, u.id, "Zhang.2024", false, NOW, &err), -1);
	assert_string_equal(err.msg, "密码不能包含账号名");
	assert_int_equal(account_set_password(f->db, &p, 9999, "Other#2025", false, NOW, &err), -1);
	assert_string_equal(err.msg, "找不到用户（编号9999）");
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_true(u.must_change);

	/* The user's own change clears must_change. */
	assert_int_equal(account_set_password(f->db, &p, u.id, "Other#2025", false, NOW + 60, &err), 0);
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_false(u.must_change);
	char text[64];
	assert_string_equal(t_query_text(f->db, "SELECT updated_at FROM app_user", text, sizeof text),
	                    "2024-06-15T00:01:00Z");

	/* An admin's reset sets it again. */
	assert_int_equal(account_set_password(f->db, &p, u.id, "Third+2026", true, NOW, &err), 0);
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_true(u.must_change);

	/* The new password logs in, the old ones no longer. */
	assert_int_equal(login(f->db, "zhang", "Third+2026", NOW, &u), LOGIN_OK);
	assert_true(u.must_change);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW, &u), LOGIN_BAD);
}

/* Checking the current password (修改密码) counts no failure. */
static void test_check_password(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct user u = create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	assert_int_equal(account_check_password(f->db, u.id, PASSWORD, &err), 1);
	for (int i = 0; i < 6; i++)
		assert_int_equal(account_check_password(f->db, u.id, "Wrong#2025", &err), 0);
	assert_int_equal(account_check_password(f->db, u.id, "", &err), 0);
	assert_int_equal(account_check_password(f->db, 9999, PASSWORD, &err), 0);
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_int_equal(u.failed_logins, 0);
	assert_string_equal(u.locked_until, "");
}

/* A reset by an admin also lifts a lock. */
static void test_reset_unlocks(void **state)
{
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	struct user u = create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	t_exec(f->db, "UPDATE app_user SET locked_until = '2024-06-15T00:15:00Z', failed_logins = 2");
	assert_int_equal(account_set_password(f->db, &p, u.id, "Other#2025", true, NOW, &err), 0);
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_string_equal(u.locked_until, "");
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(login(f->db, "zhang", "Other#2025", NOW + 1, &u), LOGIN_OK);
}

/* Administration */

static void test_create_generated(void **state)
{
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	enum account_field field = (enum account_field)-1;
	char pw[ACCOUNT_GENERATED_MAX + 1];
	struct user u;

	assert_int_equal(account_create_generated(f->db, &p, "li.si", ROLE_VILLAGE, "341699001001", NOW, &u, pw, &field,
						  &err),
			 0);
	assert_int_equal((int)strlen(pw), 16);
	assert_null(account_password_problem(&p, "li.si", pw));
	assert_true(u.must_change);
	assert_int_equal(login(f->db, "li.si", pw, NOW + 1, &u), LOGIN_OK);

	/* Each refusal names its field. */
	static const struct {
		const char *name;
		int role;
		const char *division;
		int rc;
		enum account_field field;
	} bad[] = {
	    {"", ROLE_COUNTY_STAFF, NULL, -1, ACCOUNT_FIELD_NAME},
	    {"张三", ROLE_COUNTY_STAFF, NULL, -1, ACCOUNT_FIELD_NAME},
	    {"LI.SI", ROLE_COUNTY_STAFF, NULL, 1, ACCOUNT_FIELD_NAME},
	    {"wang", ROLE__MAX, NULL, -1, ACCOUNT_FIELD_ROLE},
	    {"wang", ROLE_TOWNSHIP, NULL, -1, ACCOUNT_FIELD_DIVISION},
	    {"wang", ROLE_TOWNSHIP, "341699001001", -1, ACCOUNT_FIELD_DIVISION}, /* a village */
	    {"wang", ROLE_VILLAGE, "341699001000", -1, ACCOUNT_FIELD_DIVISION},  /* a township */
	    {"wang", ROLE_VILLAGE, "341699009009", -1, ACCOUNT_FIELD_DIVISION},  /* none such */
	    {"wang", ROLE_COUNTY_STAFF, "341699001000", -1, ACCOUNT_FIELD_DIVISION},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		field = ACCOUNT_FIELD_NONE;
		int rc = account_create_generated(f->db, &p, bad[i].name, (enum role)bad[i].role, bad[i].division, NOW,
						  NULL, pw, &field, &err);
		if (rc != bad[i].rc || field != bad[i].field)
			fail_msg("row %zu: %d field %d (%s)", i, rc, (int)field, err.msg);
		assert_string_equal(pw, "");
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM app_user"), 1);

	/* A policy asking for more than 16 characters gets longer passwords. */
	p.min_length = 40;
	assert_int_equal(account_create_generated(f->db, &p, "long", ROLE_LEADER, NULL, NOW, NULL, pw, NULL, &err), 0);
	assert_int_equal((int)strlen(pw), 40);
	p.min_length = 64;
	account_password_for(&p, "x", pw);
	assert_int_equal((int)strlen(pw), 64);
}

static long live_sessions(struct db *db, int64_t user_id)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)user_id);
	return (long)t_query_first_int(db, "SELECT count(*) FROM session WHERE user_id = ? AND ended_at IS NULL", id);
}

static void test_disable_enable(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char token[TOKEN_HEX];
	long ended = -1;
	struct user admin = create_ok(f->db, "boss", ROLE_COUNTY_ADMIN, NULL, PASSWORD);
	struct user u = create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	assert_int_equal(session_start(f->db, u.id, "10.0.0.1", "B", NOW, token, NULL, &err), 0);
	assert_int_equal(session_start(f->db, u.id, "10.0.0.2", "B", NOW, token, NULL, &err), 0);

	assert_int_equal(account_set_disabled(f->db, admin.id, u.id, true, NOW, &ended, &err), 0);
	assert_int_equal(ended, 2);
	assert_int_equal(live_sessions(f->db, u.id), 0);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 1, &u), LOGIN_DISABLED);
	assert_int_equal(account_set_disabled(f->db, admin.id, u.id, true, NOW, &ended, &err), 1);
	assert_int_equal(ended, 0);
	assert_int_equal(account_set_disabled(f->db, admin.id, u.id, false, NOW, &ended, &err), 0);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 2, &u), LOGIN_OK);
	assert_int_equal(account_set_disabled(f->db, admin.id, u.id, false, NOW, NULL, &err), 1);

	/* Not oneself; not a user that does not exist. */
	assert_int_equal(account_set_disabled(f->db, admin.id, admin.id, true, NOW, NULL, &err), -1);
	assert_string_equal(err.msg, "不能停用自己的账号");
	assert_int_equal(account_set_disabled(f->db, admin.id, 999, true, NOW, NULL, &err), -1);
	assert_string_equal(err.msg, "找不到用户（编号999）");
	assert_int_equal(login(f->db, "boss", PASSWORD, NOW + 3, &u), LOGIN_OK);
	/* Not left in a transaction. */
	assert_int_equal(db_begin(f->db, &err), 0);
	db_rollback(f->db);
}

static void test_reset_and_unlock(void **state)
{
	struct t_fixture *f = *state;
	struct account_policy p = defaults();
	struct error err = ERROR_INIT;
	char token[TOKEN_HEX], pw[ACCOUNT_GENERATED_MAX + 1];
	long ended = -1;
	struct user u = create_ok(f->db, "zhang", ROLE_COUNTY_STAFF, NULL, PASSWORD);
	assert_int_equal(session_start(f->db, u.id, "10.0.0.1", "B", NOW, token, NULL, &err), 0);

	/* Five failures lock; unlock lets the right password in again. */
	for (int i = 0; i < 5; i++)
		(void)login(f->db, "zhang", "wrong", NOW + i, &u);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 10, &u), LOGIN_LOCKED);
	assert_int_equal(account_find_id(f->db, u.id, &u, &err), 1);
	assert_true(account_locked(&u, NOW + 10));
	assert_false(account_locked(&u, NOW + 16 * 60));
	assert_int_equal(account_unlock(f->db, u.id, NOW + 11, &err), 0);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 12, &u), LOGIN_OK);
	assert_int_equal(account_unlock(f->db, u.id, NOW + 13, &err), 1);
	(void)login(f->db, "zhang", "wrong", NOW + 14, &u);
	assert_int_equal(account_unlock(f->db, u.id, NOW + 15, &err), 0); /* a count alone is cleared too */
	assert_int_equal(failed_logins(f->db, "zhang"), 0);
	assert_int_equal(account_unlock(f->db, 999, NOW, &err), -1);

	/* Reset: a new password to change at the next login, sessions ended. */
	assert_int_equal(account_reset_password(f->db, &p, u.id, NOW + 20, pw, &ended, &err), 0);
	assert_int_equal(ended, 1);
	assert_int_equal((int)strlen(pw), 16);
	assert_int_equal(live_sessions(f->db, u.id), 0);
	assert_int_equal(login(f->db, "zhang", PASSWORD, NOW + 21, &u), LOGIN_BAD);
	assert_int_equal(login(f->db, "zhang", pw, NOW + 22, &u), LOGIN_OK);
	assert_true(u.must_change);
	assert_int_equal(account_reset_password(f->db, &p, 999, NOW, pw, NULL, &err), -1);
	assert_string_equal(pw, "");
	assert_int_equal(db_begin(f->db, &err), 0);
	db_rollback(f->db);
}

struct listed {
	char names[256];
	struct account_row last;
};

static void list_row(void *ctx, const struct account_row *r)
{
	struct listed *l = ctx;
	size_t n = strlen(l->names);
	snprintf(l->names + n, sizeof l->names - n, "%s%s", n ? "," : "", r->user.name);
	l->last = *r;
}

static const char *list(struct db *db, const char *q, int role, struct listed *l)
{
	struct error err = ERROR_INIT;
	struct account_filter flt = {q, role};
	memset(l, 0, sizeof *l);
	if (account_list(db, &flt, list_row, l, &err) < 0)
		fail_msg("%s", err.msg);
	return l->names;
}

static void test_list(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct listed l;
	char token[TOKEN_HEX];
	create_ok(f->db, "boss", ROLE_COUNTY_ADMIN, NULL, PASSWORD);
	create_ok(f->db, "qh_1", ROLE_TOWNSHIP, "341699001000", PASSWORD);
	struct user v = create_ok(f->db, "wz", ROLE_VILLAGE, "341699001001", PASSWORD);
	create_ok(f->db, "wc", ROLE_VILLAGE, "341699002001", PASSWORD);

	assert_string_equal(list(f->db, "", -1, &l), "boss,qh_1,wc,wz");
	assert_string_equal(list(f->db, "", ROLE_VILLAGE, &l), "wc,wz");
	assert_string_equal(list(f->db, "王庄", -1, &l), "wc,wz"); /* the division's name */
	assert_string_equal(list(f->db, "王庄", ROLE_TOWNSHIP, &l), "");
	assert_string_equal(list(f->db, "BOSS", -1, &l), "boss");
	assert_string_equal(list(f->db, "_", -1, &l), "qh_1"); /* _ is itself */
	assert_string_equal(list(f->db, "%", -1, &l), "");
	assert_string_equal(list(f->db, "青禾镇", -1, &l), "qh_1");
	assert_string_equal(l.last.division_name, "青禾镇");
	assert_string_equal(l.last.last_login, "");

	assert_int_equal(session_start(f->db, v.id, "10.0.0.1", "B", NOW + 60, token, NULL, &err), 0);
	assert_string_equal(list(f->db, "wz", -1, &l), "wz");
	assert_string_equal(l.last.last_login, "2024-06-15T00:01:00Z");
	assert_string_equal(l.last.division_name, "王庄村");
	assert_int_equal(l.last.user.role, ROLE_VILLAGE);
}

static void test_policy_save(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct account_policy p = defaults(), q;

	/* Every setting within its range, with reasons. */
	for (int s = 0; s < SETTING__MAX; s++) {
		const struct account_setting_info *i = account_setting_info((enum account_setting)s);
		assert_non_null(i);
		assert_true(i->min <= account_setting_get(&p, (enum account_setting)s));
		assert_true(i->max >= account_setting_get(&p, (enum account_setting)s));
		assert_true(strlen(i->why) > 0);
		assert_null(account_setting_problem((enum account_setting)s, i->min));
		assert_non_null(account_setting_problem((enum account_setting)s, i->min - 1));
		assert_non_null(account_setting_problem((enum account_setting)s, i->max + 1));
	}
	assert_null(account_setting_info(SETTING__MAX));
	assert_string_equal(account_setting_problem(SETTING_MIN_LENGTH, 7), "须为8至64之间的整数");

	account_setting_put(&p, SETTING_MIN_LENGTH, 10);
	account_setting_put(&p, SETTING_IDLE_MINUTES, 20);
	account_setting_put(&p, SETTING_CHANGE_FIRST, 0);
	assert_int_equal(account_policy_save(f->db, &p, &err), 0);
	assert_int_equal(account_policy_load(f->db, &q, &err), 0);
	assert_memory_equal(&p, &q, sizeof p);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM setting"), SETTING__MAX);
	/* Again: updated, not added. */
	account_setting_put(&p, SETTING_MIN_LENGTH, 12);
	assert_int_equal(account_policy_save(f->db, &p, &err), 0);
	assert_int_equal(account_policy_load(f->db, &q, &err), 0);
	assert_int_equal(q.min_length, 12);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM setting"), SETTING__MAX);

	/* Weaker than the floor: refused, nothing written. */
	account_setting_put(&p, SETTING_MIN_CLASSES, 2);
	account_setting_put(&p, SETTING_MIN_LENGTH, 9);
	assert_int_equal(account_policy_save(f->db, &p, &err), -1);
	assert_string_equal(err.msg, "密码至少包含的字符类别：须为3至4之间的整数");
	assert_int_equal(account_policy_load(f->db, &q, &err), 0);
	assert_int_equal(q.min_length, 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test_setup_teardown(test_roles_match_schema, setup, t_teardown),
	    cmocka_unit_test(test_policy_defaults),
	    cmocka_unit_test_setup_teardown(test_policy_load, setup, t_teardown),
	    cmocka_unit_test(test_password_problem),
	    cmocka_unit_test(test_generate),
	    cmocka_unit_test_setup_teardown(test_create, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_create_refused, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_login, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_login_in_two_steps, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_login_after_lock, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_login_disabled, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_set_password, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_reset_unlocks, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_check_password, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_create_generated, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_disable_enable, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_reset_and_unlock, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_list, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_policy_save, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
