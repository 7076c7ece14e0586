/*
 * session: who is logged in. A login makes a new session with a new token
 * (256-bit random, handed to the browser once, stored only as its hash)
 * and a CSRF token for the forms of that session. A session ends at logout,
 * when an admin forces it, or after idle_minutes without a request.
 * API tokens (huimin user token NAME) work the same way without the idle
 * limit, until revoked.
 */
#ifndef HUIMIN_SESSION_H
#define HUIMIN_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/error.h"
#include "base/token.h"
#include "store/db.h"

#define SESSION_TOUCH_SECONDS 60

struct session {
	int64_t user_id;
	char csrf[TOKEN_HEX];
	char address[64];
	char browser[256];
	char created_at[21], last_seen_at[21];
};

/*
 * Starts a session for user_id from address/browser (cut to their sizes) at
 * now: token gets the new token for the cookie, out (may be NULL) the
 * session. -1 with a message.
 * address and browser (NULL is "") are cut at a character boundary to fit;
 * control characters become spaces, and text that is not UTF-8 keeps only
 * its ASCII ('?' for other bytes), so the stored text is always UTF-8.
 */
__attribute__((warn_unused_result)) int session_start(struct db *db, int64_t user_id, const char *address,
						       const char *browser, time_t now, char token[TOKEN_HEX],
						       struct session *out, struct error *err);
/*
 * Looks token up at now: 1 when it is a live session (out filled, and its
 * last_seen_at moved to now when it was SESSION_TOUCH_SECONDS or more
 * behind), 0 when it is unknown, ended, or idle longer
 * than idle_minutes (then it is ended as "超时"), -1 on a database error.
 * Idle means now - last_seen_at > idle_minutes * 60 seconds: a request
 * exactly at the limit still counts. A session of a disabled user gives 0
 * too (and is ended as "停用"). NULL or "" gives 0.
 */
__attribute__((warn_unused_result)) int session_check(struct db *db, const char *token, time_t now,
						       int idle_minutes, struct session *out, struct error *err);
/*
 * session_check without writing, for a reader connection: 1 when token is
 * a live session that needs no write (out filled), 0 when it is unknown or
 * already ended, 2 when session_check must run on the writer (the session
 * is to be ended as idle or disabled, or its last_seen_at moved on), -1 on
 * a database error. Idle is judged exactly as session_check does.
 */
__attribute__((warn_unused_result)) int session_peek(struct db *db, const char *token, time_t now,
						      int idle_minutes, struct session *out, struct error *err);
/* Ends the session of token with a reason ("退出", "强退" ...); 1 ended, 0 none live, -1 error. */
__attribute__((warn_unused_result)) int session_end(struct db *db, const char *token, const char *reason,
						     time_t now, struct error *err);
/* Ends every live session of user_id (forced logout); how many, or -1. Idle ones not yet marked count too. */
long session_end_user(struct db *db, int64_t user_id, const char *reason, time_t now, struct error *err);
/* Ends every live session of user_id but the one of token keep (after a password change); how many, or -1. */
long session_end_others(struct db *db, int64_t user_id, const char *keep, const char *reason, time_t now,
                        struct error *err);

/* Live sessions at now (not ended, not idle, user not disabled), newest (created_at) first, for the 在线用户 page. */
struct session_online {
	int64_t user_id;
	char user_name[65];
	char address[64];
	char browser[256];
	char created_at[21], last_seen_at[21];
};
/* Calls fn for each (fn may read the database but not write it); 0, or -1 with a message. */
__attribute__((warn_unused_result)) int session_online(struct db *db, time_t now, int idle_minutes,
							void (*fn)(void *ctx, const struct session_online *s),
							void *ctx, struct error *err);

/* A new API token for user_id into token (shown once). -1 with a message. */
__attribute__((warn_unused_result)) int api_token_create(struct db *db, int64_t user_id, time_t now,
							  char token[TOKEN_HEX], struct error *err);
/* 1 and *user_id when token is a live API token (not revoked, its user not disabled), 0 when not, -1 on error. */
__attribute__((warn_unused_result)) int api_token_check(struct db *db, const char *token, int64_t *user_id,
							 struct error *err);
/* Revokes every API token of user_id; how many, or -1. */
long api_token_revoke_user(struct db *db, int64_t user_id, time_t now, struct error *err);

#endif
