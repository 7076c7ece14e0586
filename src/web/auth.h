/*
 * auth: who is logged in, checked once per request by the server's
 * dispatch before the handler runs, and the small response helpers the
 * login pages share.
 *
 * - The session is the cookie "hm_session" (HttpOnly, SameSite=Strict,
 *   Path=/), checked under the policy's idle limit with session_peek on
 *   the request's reader, and with session_check on the writer only when
 *   something is to be written (last_seen_at moves, at most once a minute,
 *   or the session ends).
 * - A route that needs a login answers a GET without a live session with
 *   303 to /login and anything else with 403.
 * - Every POST of a logged-in route carries the form field "csrf" equal to
 *   the session's CSRF token, else 403.
 * - While the user must change the password, every logged-in page but
 *   /password and /logout leads to /password.
 */
#ifndef HUIMIN_AUTH_H
#define HUIMIN_AUTH_H

#include <stdbool.h>

#include "base/error.h"
#include "web/server.h"

#define AUTH_SESSION_COOKIE "hm_session"
#define AUTH_LOGIN_COOKIE "hm_login" /* the login form's double-submit token, Path=/login */

/*
 * Fills req->account, req->session, req->csrf and req->user when the
 * request has a live session (needs_login or wants_session; req->db must
 * be open), then applies the rules above. 1: run the handler; 0: the
 * response is filled in (redirect or 403); -1 with a message.
 */
__attribute__((warn_unused_result)) int auth_request(struct request *req, bool needs_login, bool wants_session,
						      struct error *err);

/* 303 See Other to location (a path of this site). -1 with a message. */
__attribute__((warn_unused_result)) int auth_redirect(struct request *req, const char *location, struct error *err);
/* The 403 page for a form whose token does not match. */
void auth_stale(struct request *req);
/*
 * Adds "Set-Cookie: name=value; HttpOnly; SameSite=Strict; Path=path"
 * (and "; Max-Age=0" when value is "", "; Secure" when the request came
 * through https: header X-Forwarded-Proto). -1 with a message.
 */
__attribute__((warn_unused_result)) int auth_set_cookie(struct request *req, const char *name, const char *value,
							 const char *path, struct error *err);

/*
 * Appends to the operation log what the logged-in user of req did (who,
 * from where, now), on the writer connection: module, action, target
 * ("person:12"), detail (JSON or ""), outcome ("成功" or "失败：…").
 * Call it after the change's transaction. -1 with a message.
 */
__attribute__((warn_unused_result)) int auth_audit(struct request *req, const char *module, const char *action,
						    const char *target, const char *detail, const char *outcome,
						    struct error *err);

#endif
