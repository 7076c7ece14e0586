/*
 * Unit tests for domain/session: sessions (start, check, idle expiry, end,
 * forced logout, the online list) and API tokens, with the clock passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/token.h"
#include "base/utf8.h"
#include "domain/session.h"
#include "store/db.h"
#include "support.h"

#define T0 ((time_t)1718438400) /* 2024-06-15T08:00:00Z */
#define IDLE 30

static int setup(void **state)
{
	token_init();
	t_setup(state, "test-session", true);
	struct t_fixture *f = *state;
	t_exec(f->db, "INSERT INTO app_user (id, name, role, password_hash, created_at, updated_at) VALUES"
	              " (1, 'admin', 'county_admin', 'x', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),"
	              " (2, 'wang', 'county_admin', 'x', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),"
	              " (3, 'li', 'county_admin', 'x', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')");
	return 0;
}

static void start_ok(struct db *db, int64_t user, time_t now, char token[TOKEN_HEX], struct session *out)
{
	struct error err = ERROR_INIT;
	if (session_start(db, user, "10.0.0.1", "Firefox", now, token, out, &err) < 0)
		fail_msg("%s", err.msg);
}

static int check(struct db *db, const char *token, time_t now, struct session *out)
{
	struct error err = ERROR_INIT;
	int rc = session_check(db, token, now, IDLE, out, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

static bool is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void test_start_stores_only_the_hash(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], hash[TOKEN_HEX], stored[TOKEN_HEX], csrf[TOKEN_HEX];
	struct session s;

	start_ok(f->db, 1, T0, token, &s);
	assert_true(is_hex64(token));
	assert_true(is_hex64(s.csrf));
	assert_string_not_equal(s.csrf, token);
	assert_int_equal(s.user_id, 1);
	assert_string_equal(s.address, "10.0.0.1");
	assert_string_equal(s.browser, "Firefox");
	assert_string_equal(s.created_at, "2024-06-15T08:00:00Z");
	assert_string_equal(s.last_seen_at, "2024-06-15T08:00:00Z");

	token_hash(token, hash);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session"), 1);
	t_query_text(f->db, "SELECT token_hash FROM session", stored, sizeof stored);
	assert_string_equal(stored, hash);
	assert_string_not_equal(stored, token);
	assert_int_equal(t_query_first_int(f->db, "SELECT count(*) FROM session WHERE token_hash = ?1", token), 0);
	assert_int_equal(t_query_first_int(f->db,
	                                   "SELECT count(*) FROM session WHERE csrf_token = ?1 AND ended_at IS NULL"
	                                   " AND end_reason IS NULL",
	                                   s.csrf),
	                 1);
	t_query_text(f->db, "SELECT csrf_token FROM session", csrf, sizeof csrf);
	assert_string_equal(csrf, s.csrf);

	/* out may be NULL; every start has a new token */
	char other[TOKEN_HEX];
	struct error err = ERROR_INIT;
	assert_int_equal(session_start(f->db, 1, "10.0.0.2", NULL, T0, other, NULL, &err), 0);
	assert_string_not_equal(other, token);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session"), 2);
}

static void test_check_moves_last_seen(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], seen[21];
	struct session s, c;

	start_ok(f->db, 2, T0, token, &s);
	memset(&c, 0, sizeof c);
	assert_int_equal(check(f->db, token, T0 + 60, &c), 1);
	assert_int_equal(c.user_id, 2);
	assert_string_equal(c.csrf, s.csrf);
	assert_string_equal(c.created_at, "2024-06-15T08:00:00Z");
	assert_string_equal(c.last_seen_at, "2024-06-15T08:01:00Z");
	t_query_text(f->db, "SELECT last_seen_at FROM session", seen, sizeof seen);
	assert_string_equal(seen, "2024-06-15T08:01:00Z");

	/* idle counts from the last request, not from the start */
	assert_int_equal(check(f->db, token, T0 + 60 + IDLE * 60, NULL), 1);
	t_query_text(f->db, "SELECT last_seen_at FROM session", seen, sizeof seen);
	assert_string_equal(seen, "2024-06-15T08:31:00Z");

	/* Within a minute of the last move nothing is written (each write is a commit). */
	assert_int_equal(check(f->db, token, T0 + 60 + IDLE * 60 + 59, NULL), 1);
	t_query_text(f->db, "SELECT last_seen_at FROM session", seen, sizeof seen);
	assert_string_equal(seen, "2024-06-15T08:31:00Z");
	assert_int_equal(check(f->db, token, T0 + 60 + IDLE * 60 + 60, NULL), 1);
	t_query_text(f->db, "SELECT last_seen_at FROM session", seen, sizeof seen);
	assert_string_equal(seen, "2024-06-15T08:32:00Z");
}

static void test_idle_limit(void **state)
{
	struct t_fixture *f = *state;
	char a[TOKEN_HEX], b[TOKEN_HEX], text[64];

	start_ok(f->db, 1, T0, a, NULL);
	start_ok(f->db, 1, T0, b, NULL);

	/* exactly at the limit: still live */
	assert_int_equal(check(f->db, a, T0 + IDLE * 60, NULL), 1);

	/* one second past: ended as 超时, at now, and it stays ended */
	assert_int_equal(check(f->db, b, T0 + IDLE * 60 + 1, NULL), 0);
	char hash[TOKEN_HEX];
	token_hash(b, hash);
	t_query_text(f->db, "SELECT end_reason FROM session WHERE ended_at IS NOT NULL", text, sizeof text);
	assert_string_equal(text, "超时");
	t_query_text(f->db, "SELECT ended_at FROM session WHERE ended_at IS NOT NULL", text, sizeof text);
	assert_string_equal(text, "2024-06-15T08:30:01Z");
	assert_int_equal(t_query_first_int(f->db,
	                                   "SELECT count(*) FROM session WHERE token_hash = ?1"
	                                   " AND ended_at IS NOT NULL",
	                                   hash),
	                 1);
	assert_int_equal(check(f->db, b, T0 + IDLE * 60 + 2, NULL), 0);
	/* the other one was seen at the limit, so it lives on */
	assert_int_equal(check(f->db, a, T0 + 2 * IDLE * 60, NULL), 1);
}

static int peek(struct db *db, const char *token, time_t now, struct session *out)
{
	struct error err = ERROR_INIT;
	int rc = session_peek(db, token, now, IDLE, out, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

/* session_peek reads only, judges idleness exactly as session_check does, and says when the writer is needed. */
static void test_peek(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], other[TOKEN_HEX], seen[21];
	struct session s, c;
	start_ok(f->db, 3, T0, token, &s);
	start_ok(f->db, 3, T0, other, NULL);
	const char *q = "SELECT count(*) FROM session WHERE user_id = 3 AND last_seen_at = '2024-06-15T08:00:00Z'"
	                " AND ended_at IS NULL";

	memset(&c, 0, sizeof c);
	assert_int_equal(peek(f->db, token, T0 + 59, &c), 1);
	assert_int_equal(c.user_id, 3);
	assert_string_equal(c.csrf, s.csrf);
	/* A minute on, last_seen_at is due: the writer's turn, and nothing was written. */
	assert_int_equal(peek(f->db, token, T0 + 60, NULL), 2);
	/* Exactly at the idle limit: due for its move, not ended. Past it: due for its end. */
	assert_int_equal(peek(f->db, token, T0 + IDLE * 60, NULL), 2);
	assert_int_equal(peek(f->db, token, T0 + IDLE * 60 + 1, NULL), 2);
	assert_int_equal(t_query_int(f->db, q), 2);
	/* The writer then does what peek saw coming. */
	assert_int_equal(check(f->db, token, T0 + IDLE * 60, NULL), 1);
	t_query_text(f->db, "SELECT last_seen_at FROM session WHERE user_id = 3 AND last_seen_at <> "
	                    "'2024-06-15T08:00:00Z'", seen, sizeof seen);
	assert_string_equal(seen, "2024-06-15T08:30:00Z");
	assert_int_equal(peek(f->db, token, T0 + IDLE * 60 + 59, NULL), 1);
	assert_int_equal(peek(f->db, other, T0 + IDLE * 60 + 1, NULL), 2);
	assert_int_equal(check(f->db, other, T0 + IDLE * 60 + 1, NULL), 0);
	/* Ended, unknown, empty: 0, nothing to write. */
	assert_int_equal(peek(f->db, other, T0 + IDLE * 60 + 2, NULL), 0);
	assert_int_equal(peek(f->db, "0123", T0, NULL), 0);
	assert_int_equal(peek(f->db, "", T0, NULL), 0);
	assert_int_equal(peek(f->db, NULL, T0, NULL), 0);
	/* A disabled user's session: the writer ends it. */
	t_exec(f->db, "UPDATE app_user SET status = 2 WHERE id = 3");
	assert_int_equal(peek(f->db, token, T0 + IDLE * 60 + 1, NULL), 2);
	assert_int_equal(check(f->db, token, T0 + IDLE * 60 + 1, NULL), 0);
	assert_int_equal(peek(f->db, token, T0 + IDLE * 60 + 1, NULL), 0);
	t_exec(f->db, "UPDATE app_user SET status = 1 WHERE id = 3");
}

static void test_end(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char token[TOKEN_HEX], text[64];

	start_ok(f->db, 1, T0, token, NULL);
	assert_int_equal(session_end(f->db, token, "退出", T0 + 5, &err), 1);
	assert_int_equal(check(f->db, token, T0 + 6, NULL), 0);
	t_query_text(f->db, "SELECT end_reason || ' ' || ended_at FROM session", text, sizeof text);
	assert_string_equal(text, "退出 2024-06-15T08:00:05Z");
	/* ending again: none live, the first reason stays */
	assert_int_equal(session_end(f->db, token, "强退", T0 + 7, &err), 0);
	t_query_text(f->db, "SELECT end_reason FROM session", text, sizeof text);
	assert_string_equal(text, "退出");
	/* unknown tokens */
	char forged[TOKEN_HEX];
	token_new(forged);
	assert_int_equal(session_end(f->db, forged, "退出", T0, &err), 0);
	assert_int_equal(session_end(f->db, "", "退出", T0, &err), 0);
}

static void test_end_others(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char mine[TOKEN_HEX], other[TOKEN_HEX], b[TOKEN_HEX];

	start_ok(f->db, 2, T0, mine, NULL);
	start_ok(f->db, 2, T0 + 1, other, NULL);
	start_ok(f->db, 3, T0 + 2, b, NULL);
	assert_int_equal(session_end_others(f->db, 2, mine, "修改密码", T0 + 10, &err), 1);
	assert_int_equal(check(f->db, mine, T0 + 11, NULL), 1);
	assert_int_equal(check(f->db, other, T0 + 11, NULL), 0);
	assert_int_equal(check(f->db, b, T0 + 11, NULL), 1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session WHERE end_reason = '修改密码'"), 1);
	assert_int_equal(session_end_others(f->db, 2, mine, "修改密码", T0 + 12, &err), 0);
}

static void test_end_user(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char a1[TOKEN_HEX], a2[TOKEN_HEX], a3[TOKEN_HEX], b[TOKEN_HEX];

	start_ok(f->db, 2, T0, a1, NULL);
	start_ok(f->db, 2, T0 + 1, a2, NULL);
	start_ok(f->db, 2, T0 + 2, a3, NULL);
	start_ok(f->db, 3, T0 + 3, b, NULL);
	assert_int_equal(session_end(f->db, a3, "退出", T0 + 4, &err), 1);

	assert_int_equal(session_end_user(f->db, 2, "强退", T0 + 10, &err), 2);
	assert_int_equal(check(f->db, a1, T0 + 11, NULL), 0);
	assert_int_equal(check(f->db, a2, T0 + 11, NULL), 0);
	assert_int_equal(check(f->db, b, T0 + 11, NULL), 1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session WHERE end_reason = '强退'"), 2);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session WHERE end_reason = '退出'"), 1);
	assert_int_equal(session_end_user(f->db, 2, "强退", T0 + 12, &err), 0);
	assert_int_equal(session_end_user(f->db, 99, "强退", T0 + 12, &err), 0);
}

struct seen {
	int n;
	struct session_online s[8];
};

static void collect(void *ctx, const struct session_online *s)
{
	struct seen *seen = ctx;
	assert_true(seen->n < 8);
	seen->s[seen->n++] = *s;
}

static void test_online(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char t1[TOKEN_HEX], t2[TOKEN_HEX], t3[TOKEN_HEX], t4[TOKEN_HEX], t5[TOKEN_HEX];
	struct seen seen = {0};

	start_ok(f->db, 1, T0, t1, NULL);       /* idle by the time we look */
	start_ok(f->db, 2, T0 + 100, t2, NULL); /* live */
	start_ok(f->db, 3, T0 + 200, t3, NULL); /* ended */
	start_ok(f->db, 1, T0 + 300, t4, NULL); /* live, newest */
	assert_true(session_start(f->db, 3, "10.0.0.9", "Edge", T0 + 50, t5, NULL, &err) == 0); /* live, oldest */
	assert_int_equal(session_end(f->db, t3, "退出", T0 + 250, &err), 1);
	time_t now = T0 + IDLE * 60 + 60;
	assert_int_equal(check(f->db, t5, T0 + 400, NULL), 1);

	assert_int_equal(session_online(f->db, now, IDLE, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.s[0].user_id, 1);
	assert_string_equal(seen.s[0].user_name, "admin");
	assert_string_equal(seen.s[0].created_at, "2024-06-15T08:05:00Z");
	assert_int_equal(seen.s[1].user_id, 2);
	assert_string_equal(seen.s[1].user_name, "wang");
	assert_string_equal(seen.s[1].address, "10.0.0.1");
	assert_string_equal(seen.s[1].browser, "Firefox");
	assert_int_equal(seen.s[2].user_id, 3);
	assert_string_equal(seen.s[2].user_name, "li");
	assert_string_equal(seen.s[2].address, "10.0.0.9");
	assert_string_equal(seen.s[2].browser, "Edge");
	assert_string_equal(seen.s[2].last_seen_at, "2024-06-15T08:06:40Z");

	/* listing does not end anything; the idle one is still only unmarked */
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM session WHERE ended_at IS NULL"), 4);

	/* a disabled user is not online */
	t_exec(f->db, "UPDATE app_user SET status = 2 WHERE id = 2");
	seen.n = 0;
	assert_int_equal(session_online(f->db, now, IDLE, collect, &seen, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.s[0].user_id, 1);
	assert_int_equal(seen.s[1].user_id, 3);
}

static void test_forged_token(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], forged[TOKEN_HEX], hash[TOKEN_HEX];

	start_ok(f->db, 1, T0, token, NULL);
	token_new(forged);
	assert_int_equal(check(f->db, forged, T0 + 1, NULL), 0);
	/* the stored hash is not a token */
	token_hash(token, hash);
	assert_int_equal(check(f->db, hash, T0 + 1, NULL), 0);
	/* one digit off */
	memcpy(forged, token, TOKEN_HEX);
	forged[10] = forged[10] == '0' ? '1' : '0';
	assert_int_equal(check(f->db, forged, T0 + 1, NULL), 0);
	assert_int_equal(check(f->db, "", T0 + 1, NULL), 0);
	assert_int_equal(check(f->db, NULL, T0 + 1, NULL), 0);
	assert_int_equal(check(f->db, token, T0 + 1, NULL), 1);
}

static void test_disabled_user_session(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], text[32];

	start_ok(f->db, 2, T0, token, NULL);
	t_exec(f->db, "UPDATE app_user SET status = 2 WHERE id = 2");
	assert_int_equal(check(f->db, token, T0 + 1, NULL), 0);
	t_query_text(f->db, "SELECT end_reason FROM session", text, sizeof text);
	assert_string_equal(text, "停用");
	t_exec(f->db, "UPDATE app_user SET status = 1 WHERE id = 2");
	assert_int_equal(check(f->db, token, T0 + 2, NULL), 0);
}

static void test_api_tokens(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char a[TOKEN_HEX], a2[TOKEN_HEX], b[TOKEN_HEX], hash[TOKEN_HEX], stored[TOKEN_HEX], forged[TOKEN_HEX];
	int64_t user = 0;

	assert_int_equal(api_token_create(f->db, 2, T0, a, &err), 0);
	assert_int_equal(api_token_create(f->db, 2, T0, a2, &err), 0);
	assert_int_equal(api_token_create(f->db, 3, T0, b, &err), 0);
	assert_true(is_hex64(a));
	assert_string_not_equal(a, a2);
	token_hash(a, hash);
	assert_int_equal(t_query_first_int(f->db, "SELECT count(*) FROM api_token WHERE token_hash = ?1", a), 0);
	assert_int_equal(t_query_first_int(f->db, "SELECT user_id FROM api_token WHERE token_hash = ?1", hash), 2);
	t_query_text(f->db, "SELECT created_at FROM api_token WHERE user_id = 3", stored, sizeof stored);
	assert_string_equal(stored, "2024-06-15T08:00:00Z");

	assert_int_equal(api_token_check(f->db, a, &user, &err), 1);
	assert_int_equal(user, 2);
	assert_int_equal(api_token_check(f->db, b, &user, &err), 1);
	assert_int_equal(user, 3);
	token_new(forged);
	user = 0;
	assert_int_equal(api_token_check(f->db, forged, &user, &err), 0);
	assert_int_equal(api_token_check(f->db, hash, &user, &err), 0);
	assert_int_equal(api_token_check(f->db, "", &user, &err), 0);
	assert_int_equal(user, 0);

	/* revoking ends every token of that user, none of another's */
	assert_int_equal(api_token_revoke_user(f->db, 2, T0 + 60, &err), 2);
	assert_int_equal(api_token_check(f->db, a, &user, &err), 0);
	assert_int_equal(api_token_check(f->db, a2, &user, &err), 0);
	assert_int_equal(api_token_check(f->db, b, &user, &err), 1);
	assert_int_equal(api_token_revoke_user(f->db, 2, T0 + 61, &err), 0);
	t_query_text(f->db, "SELECT min(revoked_at) FROM api_token WHERE user_id = 2", stored, sizeof stored);
	assert_string_equal(stored, "2024-06-15T08:01:00Z");

	/* a disabled user's token is refused, and works again once enabled */
	t_exec(f->db, "UPDATE app_user SET status = 2 WHERE id = 3");
	assert_int_equal(api_token_check(f->db, b, &user, &err), 0);
	t_exec(f->db, "UPDATE app_user SET status = 1 WHERE id = 3");
	assert_int_equal(api_token_check(f->db, b, &user, &err), 1);

	/* no such user: the foreign key refuses it */
	assert_int_equal(api_token_create(f->db, 99, T0, forged, &err), -1);
	assert_true(err.msg[0] != '\0');
}

static void test_cut_keeps_utf8(void **state)
{
	struct t_fixture *f = *state;
	char token[TOKEN_HEX], address[200], browser[600], stored[600];
	struct session s;
	struct error err = ERROR_INIT;

	/* 62 ASCII bytes then "中" (3 bytes): 63 would split it, so it goes whole */
	memset(address, 'a', 62);
	snprintf(address + 62, sizeof address - 62, "中文");
	/* 254 bytes then "é" (2 bytes) */
	memset(browser, 'b', 254);
	snprintf(browser + 254, sizeof browser - 254, "éé");
	assert_int_equal(session_start(f->db, 1, address, browser, T0, token, &s, &err), 0);
	assert_int_equal(strlen(s.address), 62);
	assert_int_equal(strlen(s.browser), 254);
	assert_true(utf8_valid(s.address, strlen(s.address)));
	assert_true(utf8_valid(s.browser, strlen(s.browser)));
	t_query_text(f->db, "SELECT address FROM session", stored, sizeof stored);
	assert_string_equal(stored, s.address);
	t_query_text(f->db, "SELECT browser FROM session", stored, sizeof stored);
	assert_string_equal(stored, s.browser);

	/* exactly the room there is: kept whole */
	memset(address, 'a', 60);
	snprintf(address + 60, sizeof address - 60, "中");
	memset(browser, 'b', 253);
	snprintf(browser + 253, sizeof browser - 253, "é");
	assert_int_equal(session_start(f->db, 1, address, browser, T0, token, &s, &err), 0);
	assert_string_equal(s.address, address);
	assert_string_equal(s.browser, browser);

	/* 4-byte characters (255 = 63 * 4 + 3): cut after the 63rd; "a" and 3-byte ones (64 bytes): after 61 */
	size_t n = 0;
	while (n < 300)
		n += (size_t)snprintf(browser + n, sizeof browser - n, "😀");
	snprintf(address, sizeof address, "a%s", "中文中文中文中文中文中文中文中文中文中文中");
	assert_int_equal(strlen(address), 64);
	assert_int_equal(session_start(f->db, 1, address, browser, T0, token, &s, &err), 0);
	assert_int_equal(strlen(s.address), 61);
	assert_int_equal(strlen(s.browser), 252);
	assert_int_equal(memcmp(s.address, address, 61), 0);
	assert_int_equal(memcmp(s.browser, browser, 252), 0);
	assert_true(utf8_valid(s.address, strlen(s.address)));
	assert_true(utf8_valid(s.browser, strlen(s.browser)));

	/* not UTF-8 or with control characters: stored as valid UTF-8 anyway */
	assert_int_equal(session_start(f->db, 1, "10.0.0.1\r\n", "bad \xff\xfe bytes\t", T0, token, &s, &err), 0);
	assert_string_equal(s.address, "10.0.0.1  ");
	assert_string_equal(s.browser, "bad ?? bytes ");
	t_query_text(f->db, "SELECT browser FROM session ORDER BY created_at DESC, rowid DESC", stored, sizeof stored);
	assert_string_equal(stored, "bad ?? bytes ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_start_stores_only_the_hash, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_check_moves_last_seen, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_idle_limit, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_peek, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_end, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_end_user, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_online, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_forged_token, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_disabled_user_session, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_api_tokens, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_end_others, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_cut_keeps_utf8, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
