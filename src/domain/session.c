#include "domain/session.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/stamp.h"
#include "base/utf8.h"

static const char SQL_INSERT[] = "INSERT INTO session (token_hash, user_id, csrf_token, address, browser, created_at,"
                                 " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FIND[] = "SELECT s.user_id, s.csrf_token, s.address, s.browser, s.created_at, s.last_seen_at,"
                               " s.ended_at IS NOT NULL, u.status FROM session s JOIN app_user u ON u.id = s.user_id"
                               " WHERE s.token_hash = ?";
static const char SQL_TOUCH[] = "UPDATE session SET last_seen_at = ? WHERE token_hash = ? AND ended_at IS NULL";
static const char SQL_END[] =
    "UPDATE session SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL";
static const char SQL_END_USER[] =
    "UPDATE session SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL";
static const char SQL_END_OTHERS[] = "UPDATE session SET ended_at = ?, end_reason = ?"
                                     " WHERE user_id = ? AND token_hash <> ? AND ended_at IS NULL";
static const char SQL_ONLINE[] = "SELECT s.user_id, u.name, s.address, s.browser, s.created_at, s.last_seen_at"
                                 " FROM session s JOIN app_user u ON u.id = s.user_id"
                                 " WHERE s.ended_at IS NULL AND s.last_seen_at >= ? AND u.status = 1"
                                 " ORDER BY s.created_at DESC, s.last_seen_at DESC, u.name";

static const char SQL_TOKEN_INSERT[] = "INSERT INTO api_token (token_hash, user_id, created_at) VALUES (?, ?, ?)";
static const char SQL_TOKEN_CHECK[] = "SELECT t.user_id FROM api_token t JOIN app_user u ON u.id = t.user_id"
                                      " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.status = 1";
static const char SQL_TOKEN_REVOKE[] = "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";



static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

/*
 * Copies src into dst (size bytes with the NUL), cut at a character
 * boundary. What comes from a client may be anything: control characters
 * become ' ', and text that is not UTF-8 keeps only its ASCII ('?' for the
 * other bytes), so that what is stored is always valid UTF-8.
 */
static void clip(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n > size - 1) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
	bool valid = utf8_valid(dst, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)dst[i];
		if (c < 0x20 || c == 0x7F)
			dst[i] = ' ';
		else if (c >= 0x80 && !valid)
			dst[i] = '?';
	}
}

static int step_once(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int session_start(struct db *db, int64_t user_id, const char *address, const char *browser, time_t now,
                  char token[TOKEN_HEX], struct session *out, struct error *err)
{
	struct session s;
	char fresh[TOKEN_HEX], hash[TOKEN_HEX];
	memset(&s, 0, sizeof s);
	s.user_id = user_id;
	token_new(fresh);
	token_hash(fresh, hash);
	token_new(s.csrf);
	clip(s.address, sizeof s.address, address);
	clip(s.browser, sizeof s.browser, browser);
	stamp_format(now, s.created_at);
	memcpy(s.last_seen_at, s.created_at, sizeof s.last_seen_at);

	struct db_stmt *st;
	if (db_prepare(db, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, s.csrf);
	db_bind_text(st, 4, s.address);
	db_bind_text(st, 5, s.browser);
	db_bind_text(st, 6, s.created_at);
	db_bind_text(st, 7, s.last_seen_at);
	if (step_once(st, err) < 0)
		return -1;
	memcpy(token, fresh, TOKEN_HEX);
	if (out)
		*out = s;
	return 0;
}

/* Ends the session whose token hash is hash, if still open; -1 on error. */
static int end_hash(struct db *db, const char *hash, const char *reason, time_t now, struct error *err)
{
	char at[21];
	struct db_stmt *st;
	stamp_format(now, at);
	if (db_prepare(db, SQL_END, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, at);
	db_bind_text(st, 2, reason);
	db_bind_text(st, 3, hash);
	if (step_once(st, err) < 0)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

/* What a session's row says at now, without writing. */
enum verdict {
	V_GONE,     /* unknown or ended: 0, nothing to write */
	V_DISABLED, /* its user is disabled: to be ended as 停用 */
	V_IDLE,     /* idle too long: to be ended as 超时 */
	V_TOUCH,    /* live, last_seen_at to be moved to now */
	V_LIVE,     /* live, nothing to write */
};

/* Reads the session of hash into s and judges it at now; -1 on a database error. */
static int judge(struct db *db, const char *hash, time_t now, int idle_minutes, struct session *s, struct error *err)
{
	struct db_stmt *st;
	memset(s, 0, sizeof *s);
	if (db_prepare(db, SQL_FIND, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, hash);
	int rc = db_step(st, err);
	bool ended = false, disabled = false;
	if (rc == DB_ROW) {
		s->user_id = db_col_int(st, 0);
		copy(s->csrf, sizeof s->csrf, db_col_text(st, 1));
		copy(s->address, sizeof s->address, db_col_text(st, 2));
		copy(s->browser, sizeof s->browser, db_col_text(st, 3));
		copy(s->created_at, sizeof s->created_at, db_col_text(st, 4));
		copy(s->last_seen_at, sizeof s->last_seen_at, db_col_text(st, 5));
		ended = db_col_int(st, 6) != 0;
		disabled = db_col_int(st, 7) != 1;
	}
	db_done(st);
	if (rc == DB_DONE)
		return V_GONE;
	if (rc != DB_ROW)
		return -1;
	if (ended)
		return V_GONE;
	if (disabled)
		return V_DISABLED;
	time_t last = stamp_parse(s->last_seen_at);
	if (last < 0 || (int64_t)now - (int64_t)last > (int64_t)idle_minutes * 60)
		return V_IDLE;
	/*
	 * Moved on at most once a minute: each write is a commit with an fsync,
	 * and a clerk clicking through pages needs no finer idle clock.
	 */
	if ((int64_t)now - (int64_t)last >= SESSION_TOUCH_SECONDS)
		return V_TOUCH;
	return V_LIVE;
}

int session_check(struct db *db, const char *token, time_t now, int idle_minutes, struct session *out,
                  struct error *err)
{
	if (!token || !*token)
		return 0;
	char hash[TOKEN_HEX];
	token_hash(token, hash);

	struct session s;
	struct db_stmt *st;
	switch (judge(db, hash, now, idle_minutes, &s, err)) {
	case V_GONE:
		return 0;
	case V_DISABLED:
		return end_hash(db, hash, "停用", now, err) < 0 ? -1 : 0;
	case V_IDLE:
		return end_hash(db, hash, "超时", now, err) < 0 ? -1 : 0;
	case V_TOUCH:
		stamp_format(now, s.last_seen_at);
		if (db_prepare(db, SQL_TOUCH, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, s.last_seen_at);
		db_bind_text(st, 2, hash);
		if (step_once(st, err) < 0)
			return -1;
		break;
	case V_LIVE:
		break;
	default:
		return -1;
	}
	if (out)
		*out = s;
	return 1;
}

int session_peek(struct db *db, const char *token, time_t now, int idle_minutes, struct session *out,
                 struct error *err)
{
	if (!token || !*token)
		return 0;
	char hash[TOKEN_HEX];
	token_hash(token, hash);
	struct session s;
	switch (judge(db, hash, now, idle_minutes, &s, err)) {
	case V_GONE:
		return 0;
	case V_LIVE:
		if (out)
			*out = s;
		return 1;
	case V_DISABLED:
	case V_IDLE:
	case V_TOUCH:
		return 2;
	default:
		return -1;
	}
}

int session_end(struct db *db, const char *token, const char *reason, time_t now, struct error *err)
{
	if (!token || !*token)
		return 0;
	char hash[TOKEN_HEX];
	token_hash(token, hash);
	return end_hash(db, hash, reason ? reason : "", now, err);
}

long session_end_user(struct db *db, int64_t user_id, const char *reason, time_t now, struct error *err)
{
	char at[21];
	struct db_stmt *st;
	stamp_format(now, at);
	if (db_prepare(db, SQL_END_USER, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, at);
	db_bind_text(st, 2, reason ? reason : "");
	db_bind_int(st, 3, user_id);
	if (step_once(st, err) < 0)
		return -1;
	return db_changes(db);
}

long session_end_others(struct db *db, int64_t user_id, const char *keep, const char *reason, time_t now,
                        struct error *err)
{
	char at[21], hash[TOKEN_HEX];
	struct db_stmt *st;
	stamp_format(now, at);
	token_hash(keep, hash);
	if (db_prepare(db, SQL_END_OTHERS, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, at);
	db_bind_text(st, 2, reason ? reason : "");
	db_bind_int(st, 3, user_id);
	db_bind_text(st, 4, hash);
	if (step_once(st, err) < 0)
		return -1;
	return db_changes(db);
}

int session_online(struct db *db, time_t now, int idle_minutes, void (*fn)(void *ctx, const struct session_online *s),
                   void *ctx, struct error *err)
{
	char since[21];
	struct db_stmt *st;
	int rc;
	/* Stamps of one format compare as text in time order. */
	stamp_format(now - (time_t)idle_minutes * 60, since);
	if (db_prepare(db, SQL_ONLINE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, since);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct session_online s;
		memset(&s, 0, sizeof s);
		s.user_id = db_col_int(st, 0);
		copy(s.user_name, sizeof s.user_name, db_col_text(st, 1));
		copy(s.address, sizeof s.address, db_col_text(st, 2));
		copy(s.browser, sizeof s.browser, db_col_text(st, 3));
		copy(s.created_at, sizeof s.created_at, db_col_text(st, 4));
		copy(s.last_seen_at, sizeof s.last_seen_at, db_col_text(st, 5));
		fn(ctx, &s);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int api_token_create(struct db *db, int64_t user_id, time_t now, char token[TOKEN_HEX], struct error *err)
{
	char fresh[TOKEN_HEX], hash[TOKEN_HEX], at[21];
	struct db_stmt *st;
	token_new(fresh);
	token_hash(fresh, hash);
	stamp_format(now, at);
	if (db_prepare(db, SQL_TOKEN_INSERT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, at);
	if (step_once(st, err) < 0)
		return -1;
	memcpy(token, fresh, TOKEN_HEX);
	return 0;
}

int api_token_check(struct db *db, const char *token, int64_t *user_id, struct error *err)
{
	if (!token || !*token)
		return 0;
	char hash[TOKEN_HEX];
	struct db_stmt *st;
	token_hash(token, hash);
	if (db_prepare(db, SQL_TOKEN_CHECK, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, hash);
	int rc = db_step(st, err);
	if (rc == DB_ROW && user_id)
		*user_id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

long api_token_revoke_user(struct db *db, int64_t user_id, time_t now, struct error *err)
{
	char at[21];
	struct db_stmt *st;
	stamp_format(now, at);
	if (db_prepare(db, SQL_TOKEN_REVOKE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, at);
	db_bind_int(st, 2, user_id);
	if (step_once(st, err) < 0)
		return -1;
	return db_changes(db);
}
