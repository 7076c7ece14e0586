#include "web/page-login.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/stamp.h"
#include "base/token.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/layout.h"

/* Login */

/*
 * The login page with name kept (never the password) and an error message
 * (NULL for none). Each rendering draws a new double-submit token: the
 * cookie and the hidden field carry the same value.
 */
static int login_form(struct request *req, const char *name, const char *message, struct error *err)
{
	char token[TOKEN_HEX];
	token_new(token);
	if (auth_set_cookie(req, AUTH_LOGIN_COOKIE, token, "/login", err) < 0)
		return -1;
	struct buf *b = &req->res.body;
	buf_reset(b);
	bool named = name && *name;
	if (layout_head(req, "登录") < 0 ||
	    html_raw(b, "<body class=\"login-page\">\n<main class=\"login-box\">\n"
			"<p class=\"system\">" LAYOUT_SYSTEM_NAME "</p>\n<h1>用户登录</h1>\n") < 0 ||
	    (message && (html_raw(b, "<p class=\"notice error\" role=\"alert\">") < 0 || html_txt(b, message) < 0 ||
			 html_raw(b, "</p>\n") < 0)) ||
	    html_raw(b, "<form method=\"post\" action=\"/login\">\n"
			"<input type=\"hidden\" name=\"login_token\" value=\"") < 0 ||
	    html_attr(b, token) < 0 ||
	    html_raw(b, "\">\n<div class=\"field\"><label for=\"name\">账号</label>"
			"<input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"") < 0 ||
	    html_attr(b, named ? name : "") < 0 || html_raw(b, named ? "\"></div>\n" : "\" autofocus></div>\n") < 0 ||
	    html_raw(b, "<div class=\"field\"><label for=\"password\">密码</label>"
			"<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" "
			"required") < 0 ||
	    html_raw(b, named ? " autofocus></div>\n" : "></div>\n") < 0 ||
	    html_raw(b, "<button type=\"submit\" class=\"block\">登录</button>\n</form>\n</main>\n</body>\n</html>\n") < 0)
		return error_set(err, "login page too large");
	return 0;
}

int page_login(struct request *req, struct error *err)
{
	if (req->account.id)
		return auth_redirect(req, "/", err);
	return login_form(req, NULL, NULL, err);
}

/* Copies at most size-1 bytes of s, cut at a UTF-8 character boundary (for the login log's user name). */
static void cut_utf8(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* "HH:MM" in local time of an ISO 8601 UTC stamp ("--:--" when it is not one). */
static void local_hhmm(const char *stamp, char out[6])
{
	time_t t = stamp_parse(stamp);
	struct tm tm;
	if (t < 0 || !localtime_r(&t, &tm) || strftime(out, 6, "%H:%M", &tm) == 0)
		snprintf(out, 6, "--:--");
}

int page_login_post(struct request *req, struct error *err)
{
	/* Double submit: a form posted from another site cannot know the cookie's value. */
	if (!token_equal(request_cookie(req, AUTH_LOGIN_COOKIE), request_field(req, "login_token"))) {
		auth_stale(req);
		return 0;
	}
	const char *name = request_field(req, "name"), *password = request_field(req, "password");
	if (!name || !*name || !password || !*password)
		return login_form(req, name, "请输入账号和密码", err);

	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	const char *browser = request_header(req, "User-Agent");
	time_t now = time(NULL);
	enum login_result result = LOGIN_BAD;
	struct user u;
	char token[TOKEN_HEX] = "", logname[ACCOUNT_NAME_MAX + 1], note[128];

	/*
	 * The password is checked on this thread's reader, outside the writer:
	 * argon2id takes a noticeable fraction of a second on purpose, and every
	 * other request needs the writer for its session. Then the outcome, its
	 * log entry and the session in one hold of the writer.
	 */
	struct login_check check;
	if (account_verify(req->db, name, password, &check, err) < 0)
		return -1;
	struct db *w = server_writer_lock(req->server);
	int rc = account_record_login(w, &p, &check, now, &result, &u, err);
	if (rc == 0) {
		static const char *const outcome[] = {
		    [LOGIN_OK] = "成功", [LOGIN_BAD] = "失败", [LOGIN_LOCKED] = "锁定", [LOGIN_DISABLED] = "停用"};
		switch (result) {
		case LOGIN_OK:
			snprintf(note, sizeof note, "登录成功");
			break;
		case LOGIN_BAD:
			snprintf(note, sizeof note, "账号或密码错误");
			break;
		case LOGIN_LOCKED:
			snprintf(note, sizeof note, "账号已锁定至%s", u.locked_until);
			break;
		case LOGIN_DISABLED:
			snprintf(note, sizeof note, "账号已停用");
			break;
		}
		/* A known user under the stored name; an unknown one as typed (cut to a name's size). */
		cut_utf8(logname, sizeof logname, u.id ? u.name : name);
		rc = audit_login(w, logname, req->client, browser, outcome[result], note, now, err);
	}
	if (rc == 0 && result == LOGIN_OK) {
		/* Logging in again from a browser that had a session ends the old one. */
		if (*req->session)
			rc = session_end(w, req->session, "重新登录", now, err) < 0 ? -1 : 0;
		if (rc == 0)
			rc = session_start(w, u.id, req->client, browser, now, token, NULL, err);
	}
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;

	switch (result) {
	case LOGIN_OK:
		snprintf(req->user, sizeof req->user, "%s", u.name);
		if (auth_set_cookie(req, AUTH_SESSION_COOKIE, token, "/", err) < 0 ||
		    auth_set_cookie(req, AUTH_LOGIN_COOKIE, "", "/login", err) < 0)
			return -1;
		return auth_redirect(req, u.must_change ? "/password" : "/", err);
	case LOGIN_LOCKED: {
		char hhmm[6];
		local_hhmm(u.locked_until, hhmm);
		snprintf(note, sizeof note, "连续输错次数过多，账号已锁定，请于%s后再试", hhmm);
		return login_form(req, name, note, err);
	}
	case LOGIN_DISABLED:
		return login_form(req, name, "账号已停用，请联系管理员", err);
	case LOGIN_BAD:
	default:
		return login_form(req, name, "账号或密码错误", err);
	}
}

/* Logout */

static int log_operation(struct request *req, struct db *w, const char *module, const char *action,
			 const char *outcome, time_t now, struct error *err)
{
	char target[ACCOUNT_NAME_MAX + 8];
	snprintf(target, sizeof target, "user:%s", req->account.name);
	struct audit_operation op = {req->account.name, req->client, module, action, target, "", outcome};
	return audit_operation(w, &op, now, err);
}

int page_logout_post(struct request *req, struct error *err)
{
	time_t now = time(NULL);
	struct db *w = server_writer_lock(req->server);
	int rc = session_end(w, req->session, "退出", now, err) < 0 ? -1 : 0;
	if (rc == 0)
		rc = log_operation(req, w, "登录", "退出", "成功", now, err);
	server_writer_unlock(req->server);
	if (rc < 0 || auth_set_cookie(req, AUTH_SESSION_COOKIE, "", "/", err) < 0)
		return -1;
	return auth_redirect(req, "/login", err);
}

/* Password */

struct password_errors {
	const char *old, *fresh, *confirm; /* NULL: that field is fine */
};

static int password_field(struct buf *b, const char *id, const char *label, const char *autocomplete,
			  const char *error)
{
	if (html_raw(b, "<div class=\"field\"><label for=\"") < 0 || html_raw(b, id) < 0 || html_raw(b, "\">") < 0 ||
	    html_raw(b, label) < 0 || html_raw(b, "</label><input type=\"password\" id=\"") < 0 ||
	    html_raw(b, id) < 0 || html_raw(b, "\" name=\"") < 0 || html_raw(b, id) < 0 ||
	    html_raw(b, "\" autocomplete=\"") < 0 || html_raw(b, autocomplete) < 0 || html_raw(b, "\" required") < 0)
		return -1;
	if (!error)
		return html_raw(b, "></div>\n");
	return html_raw(b, " aria-invalid=\"true\" aria-describedby=\"") < 0 || html_raw(b, id) < 0 ||
	               html_raw(b, "-error\"><p class=\"field-error\" id=\"") < 0 || html_raw(b, id) < 0 ||
	               html_raw(b, "-error\">") < 0 || html_txt(b, error) < 0 || html_raw(b, "</p></div>\n") < 0
	           ? -1
	           : 0;
}

static int password_form(struct request *req, const struct account_policy *p, const struct password_errors *e,
			 struct error *err)
{
	struct buf *b = &req->res.body;
	buf_reset(b);
	char rule[256];
	snprintf(rule, sizeof rule, "新密码至少%d个字符，包含大写字母、小写字母、数字、其他符号中的至少%d类，不能包含账号名。",
		 p->min_length, p->min_classes);
	if (layout_begin(req, "修改密码", NULL) < 0 ||
	    (req->account.must_change &&
	     html_raw(b, "<p class=\"notice\" role=\"status\">为了账号安全，首次登录或密码被重置后，须先修改密码才能继续使用。</p>\n") < 0) ||
	    html_raw(b, "<form class=\"panel\" method=\"post\" action=\"/password\">\n") < 0 ||
	    layout_csrf_field(req) < 0 || html_raw(b, "\n<p class=\"hint\">") < 0 || html_txt(b, rule) < 0 ||
	    html_raw(b, "</p>\n") < 0 || password_field(b, "old_password", "原密码", "current-password", e->old) < 0 ||
	    password_field(b, "new_password", "新密码", "new-password", e->fresh) < 0 ||
	    password_field(b, "confirm_password", "确认新密码", "new-password", e->confirm) < 0 ||
	    html_raw(b, "<button type=\"submit\">保存</button>\n</form>\n") < 0 || layout_end(req) < 0)
		return error_set(err, "password page too large");
	return 0;
}

int page_password(struct request *req, struct error *err)
{
	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	struct password_errors e = {NULL, NULL, NULL};
	return password_form(req, &p, &e, err);
}

int page_password_post(struct request *req, struct error *err)
{
	const char *old = request_field(req, "old_password"), *fresh = request_field(req, "new_password"),
		   *confirm = request_field(req, "confirm_password");
	old = old ? old : "";
	fresh = fresh ? fresh : "";
	confirm = confirm ? confirm : "";
	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;

	struct password_errors e = {NULL, NULL, NULL};
	bool old_wrong = false;
	if (!*old) {
		e.old = "请输入原密码";
	} else {
		/* Not account_login: a mistyped old password must not count towards the lock. */
		int ok = account_check_password(req->db, req->account.id, old, err);
		if (ok < 0)
			return -1;
		if (!ok) {
			e.old = "原密码错误";
			old_wrong = true;
		}
	}
	const char *problem = *fresh ? account_password_problem(&p, req->account.name, fresh) : "请输入新密码";
	if (problem)
		e.fresh = problem;
	else if (!e.old && strcmp(fresh, old) == 0)
		e.fresh = "新密码不能与原密码相同";
	if (!*confirm)
		e.confirm = "请再次输入新密码";
	else if (strcmp(confirm, fresh) != 0)
		e.confirm = "两次输入的新密码不一致";

	time_t now = time(NULL);
	if (e.old || e.fresh || e.confirm) {
		/* A wrong old password is worth a line in the log: someone may be trying a session left open. */
		if (old_wrong) {
			struct db *w = server_writer_lock(req->server);
			int rc = log_operation(req, w, "系统管理", "修改", "失败：原密码错误", now, err);
			server_writer_unlock(req->server);
			if (rc < 0)
				return -1;
		}
		return password_form(req, &p, &e, err);
	}

	struct db *w = server_writer_lock(req->server);
	int rc = account_set_password(w, &p, req->account.id, fresh, false, now, err);
	/* Whoever else holds a session of this account (a PC left logged in) is out with the old password. */
	if (rc == 0 && session_end_others(w, req->account.id, req->session, "修改密码", now, err) < 0)
		rc = -1;
	if (rc == 0)
		rc = log_operation(req, w, "系统管理", "修改", "成功", now, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	return auth_redirect(req, "/", err);
}
