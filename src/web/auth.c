#include "web/auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "web/api-persons.h"

int auth_redirect(struct request *req, const char *location, struct error *err)
{
	buf_reset(&req->res.body);
	req->res.static_body = NULL;
	req->res.status = 303;
	req->res.content_type = "text/plain";
	if (response_header(req, "Location", location) < 0)
		return error_set(err, "too many response headers");
	return 0;
}

void auth_stale(struct request *req)
{
	response_page(req, 403, "请求已失效", "请求已失效，请刷新页面后重试");
}

int auth_set_cookie(struct request *req, const char *name, const char *value, const char *path, struct error *err)
{
	const char *proto = request_header(req, "X-Forwarded-Proto");
	bool https = proto && strcasecmp(proto, "https") == 0;
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s; HttpOnly; SameSite=Strict; Path=%s%s%s", name, value, path,
		 *value ? "" : "; Max-Age=0", https ? "; Secure" : "");
	if (response_header(req, "Set-Cookie", cookie) < 0)
		return error_set(err, "too many response headers");
	return 0;
}

/* Looks the session cookie up; fills req when it is live. -1 on a database error. */
static int load_session(struct request *req, struct error *err)
{
	const char *token = request_cookie(req, AUTH_SESSION_COOKIE);
	if (!token || !*token)
		return 0;
	/* The policy is one small query; loading it per request lets a changed setting act at once. */
	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	/*
	 * Read on this thread's reader; the writer (one for the whole server)
	 * only when something is to be written: the session ends (idle,
	 * disabled) or its last_seen_at moves on, at most once a minute.
	 */
	struct session s;
	time_t now = time(NULL);
	int live = session_peek(req->db, token, now, p.idle_minutes, &s, err);
	if (live == 2) {
		struct db *w = server_writer_lock(req->server);
		live = session_check(w, token, now, p.idle_minutes, &s, err);
		server_writer_unlock(req->server);
	}
	if (live <= 0)
		return live;
	int found = account_find_id(req->db, s.user_id, &req->account, err);
	if (found <= 0) {
		memset(&req->account, 0, sizeof req->account);
		return found;
	}
	snprintf(req->session, sizeof req->session, "%s", token);
	memcpy(req->csrf, s.csrf, sizeof req->csrf);
	snprintf(req->user, sizeof req->user, "%s", req->account.name);
	return 1;
}

/*
 * An API token from "Authorization: Bearer TOKEN": 1 when it is live (req
 * filled), 0 when there is no such header, -2 when the header is there but
 * the token is not live, -1 on a database error.
 */
static int load_bearer(struct request *req, struct error *err)
{
	const char *h = request_header(req, "Authorization");
	if (!h)
		return 0;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return -2;
	int64_t uid;
	int live = api_token_check(req->db, h + 7, &uid, err);
	if (live <= 0)
		return live < 0 ? -1 : -2;
	int found = account_find_id(req->db, uid, &req->account, err);
	if (found <= 0) {
		memset(&req->account, 0, sizeof req->account);
		return found < 0 ? -1 : -2;
	}
	snprintf(req->user, sizeof req->user, "%s", req->account.name);
	return 1;
}

int auth_request(struct request *req, bool needs_login, bool wants_session, struct error *err)
{
	if (!needs_login && !wants_session)
		return 1;
	if (!req->db)
		return error_set(err, "auth_request without a database reader");
	/*
	 * The API answers in JSON and never redirects. A Bearer token stands
	 * for the user without a session: no CSRF (a browser never sends it by
	 * itself) and no forced password change (an admin made the token).
	 */
	bool api = strncmp(req->path, "/api/", 5) == 0;
	int bearer = api ? load_bearer(req, err) : 0;
	if (bearer == -1)
		return -1;
	if (bearer == -2) {
		api_error(req, 401, "unauthorized", "接口令牌无效或已吊销", NULL);
		return 0;
	}
	if (bearer == 0 && load_session(req, err) < 0)
		return -1;
	/* Pages that know who is asking are never kept by a browser or a proxy. */
	if (response_header(req, "Cache-Control", "no-store") < 0)
		return error_set(err, "too many response headers");
	if (!needs_login)
		return 1;
	/* HEAD is answered as GET; everything else (POST ...) changes something. */
	bool get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
	if (api && req->account.id == 0) {
		api_error(req, 401, "unauthorized", "尚未登录或登录已超时", NULL);
		return 0;
	}
	if (bearer == 1)
		return 1;
	/* A script (JSON bodies) sends the token in a header; a form sends its field. */
	const char *csrf = request_field(req, "csrf");
	if (api && !csrf)
		csrf = request_header(req, "X-CSRF-Token");
	if (api && !get && !token_equal(csrf, req->csrf)) {
		api_error(req, 403, "csrf", "请求已失效，请刷新页面后重试", NULL);
		return 0;
	}
	if (api && req->account.must_change) {
		api_error(req, 403, "password_change", "须先修改密码才能继续操作", NULL);
		return 0;
	}
	if (req->account.id == 0) {
		if (get)
			return auth_redirect(req, "/login", err);
		response_page(req, 403, "尚未登录", "登录已超时或尚未登录，请重新登录后再试。");
		return 0;
	}
	if (!get && !token_equal(csrf, req->csrf)) {
		auth_stale(req);
		return 0;
	}
	if (req->account.must_change && strcmp(req->path, "/password") != 0 && strcmp(req->path, "/logout") != 0) {
		if (get)
			return auth_redirect(req, "/password", err);
		response_page(req, 403, "请先修改密码", "首次登录或密码被重置后，须先修改密码才能继续操作。");
		return 0;
	}
	return 1;
}

int auth_audit(struct request *req, const char *module, const char *action, const char *target, const char *detail,
	       const char *outcome, struct error *err)
{
	struct audit_operation op = {req->account.name, req->client, module, action, target, detail, outcome};
	struct db *w = server_writer_lock(req->server);
	int rc = audit_operation(w, &op, time(NULL), err);
	server_writer_unlock(req->server);
	return rc;
}
