#include "web/page-admin-users.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/stamp.h"
#include "base/msg.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "web/page-admin.h"

/* Logging */

/* Appends the operation (after its change committed) on the writer w; detail is a JSON object or NULL (taken). */
static int log_change(struct request *req, struct db *w, const char *action, const char *name, json_t *detail,
		      const char *outcome, time_t now, struct error *err)
{
	char target[ACCOUNT_NAME_MAX + 8];
	snprintf(target, sizeof target, "user:%s", name);
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(detail);
	struct audit_operation op = { req->account.name, req->client, ADMIN_MODULE, action, target,
				      text ? text : "", outcome };
	int rc = audit_operation(w, &op, now, err);
	free(text);
	return rc;
}

/* {"before": {key: before}, "after": {key: after}} for one changed field. */
static json_t *change(const char *key, json_t *before, json_t *after)
{
	return json_pack("{s:{s:o}, s:{s:o}}", "before", key, before, "after", key, after);
}

/* The list */

struct list_page {
	struct page_out *o;
	time_t now;
	long n;
};

static void state_tag(struct page_out *o, const struct user *u, time_t now)
{
	if (u->disabled) {
		out_raw(o, "<span class=\"tag danger\">停用</span>");
	} else if (account_locked(u, now)) {
		char until[STAMP_LOCAL_SIZE], text[64];
		stamp_local(u->locked_until, until);
		snprintf(text, sizeof text, "锁定至%s", until);
		out_raw(o, "<span class=\"tag warn\">");
		out_txt(o, text);
		out_raw(o, "</span>");
	} else {
		out_raw(o, "<span class=\"tag ok\">正常</span>");
	}
}

/* A button in its own small form, posting to /admin/users/{id}/{action}. */
static void action_form(struct page_out *o, int64_t id, const char *action, const char *label, const char *confirm,
			bool danger)
{
	char href[64];
	snprintf(href, sizeof href, "/admin/users/%lld/%s", (long long)id, action);
	out_raw(o, "<form class=\"inline\" method=\"post\" action=\"");
	out_attr(o, href);
	out_raw(o, "\" data-confirm=\"");
	out_attr(o, confirm);
	out_raw(o, "\">");
	out_csrf(o);
	out_raw(o, danger ? "<button type=\"submit\" class=\"link danger\">" : "<button type=\"submit\" class=\"link\">");
	out_txt(o, label);
	out_raw(o, "</button></form> ");
}

static void list_row(void *ctx, const struct account_row *r)
{
	struct list_page *pg = ctx;
	struct page_out *o = pg->o;
	const struct user *u = &r->user;
	char last[STAMP_LOCAL_SIZE], created[STAMP_LOCAL_SIZE];
	pg->n++;
	stamp_local(r->last_login, last);
	stamp_local(u->created_at, created);
	out_raw(o, "<tr><td>");
	out_txt(o, u->name);
	out_raw(o, "</td><td>");
	out_txt(o, role_label(u->role));
	out_raw(o, "</td><td>");
	out_txt(o, r->division_name[0] ? r->division_name : "全县");
	out_raw(o, "</td><td>");
	state_tag(o, u, pg->now);
	out_raw(o, "</td><td>");
	out_raw(o, u->must_change ? "是" : "否");
	out_raw(o, "</td><td>");
	if (r->last_login[0])
		out_txt(o, last);
	else
		out_raw(o, "<span class=\"muted\">从未登录</span>");
	out_raw(o, "</td><td>");
	out_txt(o, created);
	out_raw(o, "</td><td class=\"actions\">");
	if (u->disabled)
		action_form(o, u->id, "enable", "启用", "确定启用该账号吗？", false);
	else if (u->id != o->req->account.id)
		action_form(o, u->id, "disable", "停用", "确定停用该账号吗？停用后其登录会话立即结束。", true);
	action_form(o, u->id, "reset", "重置密码", "确定重置该账号的密码吗？新密码只显示一次，其登录会话立即结束。", false);
	if (account_locked(u, pg->now) || u->failed_logins > 0)
		action_form(o, u->id, "unlock", "解锁", "确定解锁该账号吗？", false);
	out_raw(o, "</td></tr>\n");
}

static void option(struct page_out *o, const char *value, const char *label, const char *current)
{
	out_raw(o, "<option value=\"");
	out_attr(o, value);
	out_raw(o, strcmp(value, current) == 0 ? "\" selected>" : "\">");
	out_txt(o, label);
	out_raw(o, "</option>");
}

static void role_options(struct page_out *o, const char *current, const char *none)
{
	out_raw(o, "<option value=\"\">");
	out_txt(o, none);
	out_raw(o, "</option>");
	for (int r = 0; r < ROLE__MAX; r++)
		option(o, role_code((enum role)r), role_label((enum role)r), current);
}

/*
 * The list with the filters of the query string; notice (kind "ok" or
 * "error") above it when not NULL; status its HTTP status.
 */
static int render_list(struct request *req, unsigned status, const char *kind, const char *notice, struct error *err)
{
	const char *q = request_arg(req, "q"), *role = request_arg(req, "role");
	q = q ? q : "";
	role = role ? role : "";
	const char *q_error = NULL, *role_error = NULL;
	char q_msg[128];
	int role_code_ = -1;
	if (strlen(q) > ACCOUNT_NAME_MAX) {
		snprintf(q_msg, sizeof q_msg, msg(MSG_FILTER_Q), ACCOUNT_NAME_MAX);
		q_error = q_msg;
	}
	if (*role && (role_code_ = role_parse(role)) < 0)
		role_error = msg(MSG_FILTER_VALUE);

	buf_reset(&req->res.body);
	req->res.status = status;
	struct page_out o = page_out_of(req);
	admin_begin(&o, "用户管理", "/admin/users");
	if (notice)
		out_notice(&o, kind, notice);
	out_raw(&o, "<form class=\"query panel\" method=\"get\" action=\"/admin/users\" role=\"search\">\n"
		    "<div class=\"field inline\"><label for=\"f-q\">账号/所属区划</label>"
		    "<input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"64\" value=\"");
	out_attr(&o, q);
	out_raw(&o, q_error ? "\" aria-invalid=\"true\" aria-describedby=\"f-q-error\">" : "\">");
	out_field_error(&o, "f-q", q_error);
	out_raw(&o, "</div>\n<div class=\"field inline\"><label for=\"f-role\">角色</label><select id=\"f-role\" "
		    "name=\"role\"");
	out_raw(&o, role_error ? " aria-invalid=\"true\" aria-describedby=\"f-role-error\">" : ">");
	role_options(&o, role, "全部");
	out_raw(&o, "</select>");
	out_field_error(&o, "f-role", role_error);
	out_raw(&o, "</div>\n<div class=\"buttons\"><button type=\"submit\">搜索</button>"
		    "<a class=\"btn secondary\" href=\"/admin/users\">重置</a></div>\n</form>\n"
		    "<p class=\"toolbar\"><a class=\"btn\" href=\"/admin/users/new\">新增用户</a></p>\n"
		    "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">账号</th>"
		    "<th scope=\"col\">角色</th><th scope=\"col\">所属区划</th><th scope=\"col\">状态</th>"
		    "<th scope=\"col\">须改密码</th><th scope=\"col\">最近登录</th><th scope=\"col\">创建时间</th>"
		    "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	struct list_page pg = { &o, time(NULL), 0 };
	if (!q_error && !role_error) {
		struct account_filter f = { q, role_code_ };
		if (account_list(req->db, &f, list_row, &pg, err) < 0)
			return -1;
	}
	if (pg.n == 0)
		out_raw(&o, "<tr><td class=\"empty\" colspan=\"8\">暂无符合条件的用户</td></tr>\n");
	char total[64];
	snprintf(total, sizeof total, "共 %ld 个用户", pg.n);
	out_raw(&o, "</tbody>\n</table></div>\n<p class=\"pager\">");
	out_txt(&o, total);
	out_raw(&o, "</p>\n");
	return admin_end(&o, err);
}

/* What /admin/users?done=ACTION&id=ID says after an action (POST, then 303 here). */
static int done_notice(struct request *req, char *out, size_t size, struct error *err)
{
	const char *done = request_arg(req, "done"), *id_text = request_arg(req, "id"), *n_text = request_arg(req, "n");
	out[0] = '\0';
	if (!done || !id_text)
		return 0;
	char *end;
	long long id = strtoll(id_text, &end, 10);
	long n = n_text ? strtol(n_text, NULL, 10) : 0;
	struct user u;
	int found = *end || id <= 0 ? 0 : account_find_id(req->db, id, &u, err);
	if (found <= 0)
		return found;
	if (strcmp(done, "disable") == 0)
		snprintf(out, size, msg(MSG_ACCOUNT_DONE_DISABLED), u.name, n < 0 || n > 100000 ? 0 : n);
	else if (strcmp(done, "enable") == 0)
		snprintf(out, size, msg(MSG_ACCOUNT_DONE_ENABLED), u.name);
	else if (strcmp(done, "unlock") == 0)
		snprintf(out, size, msg(MSG_ACCOUNT_DONE_UNLOCKED), u.name);
	return 0;
}

int page_admin_users(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	char notice[256];
	if (done_notice(req, notice, sizeof notice, err) < 0)
		return -1;
	return render_list(req, 200, "ok", notice[0] ? notice : NULL, err);
}

/* The form for a new user */

struct new_form {
	const char *name, *role, *division;
	const char *name_error, *role_error, *division_error, *error;
};

struct division_options {
	struct page_out *o;
	const char *current;
	char township[13]; /* the township whose optgroup is open, "" none */
	struct division_name {
		char code[13];
		char name[4 * DIVISION_NAME_MAX + 1];
	} *townships;
	size_t n, cap;
};

static void township_option(void *ctx, const char *code, const char *name)
{
	struct division_options *d = ctx;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->townships = realloc(d->townships, d->cap * sizeof *d->townships);
		if (!d->townships)
			abort();
	}
	snprintf(d->townships[d->n].code, sizeof d->townships[d->n].code, "%s", code);
	snprintf(d->townships[d->n].name, sizeof d->townships[d->n].name, "%s", name);
	d->n++;
	option(d->o, code, name, d->current);
}

static void village_option(void *ctx, const char *code, const char *name)
{
	struct division_options *d = ctx;
	char township[13];
	division_parent_of(code, township);
	if (strcmp(township, d->township) != 0) {
		const char *tname = township;
		for (size_t i = 0; i < d->n; i++)
			if (strcmp(d->townships[i].code, township) == 0)
				tname = d->townships[i].name;
		char label[4 * DIVISION_NAME_MAX + 32];
		snprintf(label, sizeof label, "%s的村（社区）", tname);
		out_raw(d->o, d->township[0] ? "</optgroup><optgroup label=\"" : "<optgroup label=\"");
		out_attr(d->o, label);
		out_raw(d->o, "\">");
		snprintf(d->township, sizeof d->township, "%s", township);
	}
	option(d->o, code, name, d->current);
}

static void field_start(struct page_out *o, const char *id, const char *label, bool required)
{
	out_raw(o, "<div class=\"field\"><label for=\"");
	out_raw(o, id);
	out_raw(o, "\">");
	out_txt(o, label);
	out_raw(o, required ? "<span class=\"required\" aria-hidden=\"true\">*</span></label>" : "</label>");
}

static void invalid_attrs(struct page_out *o, const char *id, const char *error)
{
	if (!error)
		return;
	out_raw(o, " aria-invalid=\"true\" aria-describedby=\"");
	out_raw(o, id);
	out_raw(o, "-error\"");
}

static int render_new(struct request *req, unsigned status, const struct new_form *f, struct error *err)
{
	buf_reset(&req->res.body);
	req->res.status = status;
	struct page_out o = page_out_of(req);
	admin_begin(&o, "新增用户", "/admin/users");
	if (f->error)
		out_notice(&o, "error", f->error);
	out_raw(&o, "<form class=\"panel\" method=\"post\" action=\"/admin/users\">\n");
	out_csrf(&o);
	out_raw(&o, "\n<p class=\"hint\">初始密码由系统随机生成，保存后只显示一次；本人首次登录后须修改。</p>\n");
	field_start(&o, "name", "账号名", true);
	out_raw(&o, "<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"64\" required autocomplete=\"off\" "
		    "value=\"");
	out_attr(&o, f->name);
	out_raw(&o, "\"");
	invalid_attrs(&o, "name", f->name_error);
	out_raw(&o, "><p class=\"hint\">字母、数字和 . _ - ，最多64个字符，不区分大小写不能重复</p>");
	out_field_error(&o, "name", f->name_error);
	out_raw(&o, "</div>\n");
	field_start(&o, "role", "角色", true);
	out_raw(&o, "<select id=\"role\" name=\"role\" required");
	invalid_attrs(&o, "role", f->role_error);
	out_raw(&o, ">");
	role_options(&o, f->role, "请选择");
	out_raw(&o, "</select>");
	out_field_error(&o, "role", f->role_error);
	out_raw(&o, "</div>\n");
	field_start(&o, "division", "所属区划", false);
	out_raw(&o, "<select id=\"division\" name=\"division\"");
	invalid_attrs(&o, "division", f->division_error);
	out_raw(&o, "><option value=\"\">无（县级角色）</option><optgroup label=\"乡镇（乡镇操作员）\">");
	struct division_options d = { .o = &o, .current = f->division };
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	int rc = registry_divisions(req->db, &scope, "", DIVISION_TOWNSHIP, township_option, &d, err);
	out_raw(&o, "</optgroup>");
	if (rc == 0)
		rc = registry_divisions(req->db, &scope, "", DIVISION_VILLAGE, village_option, &d, err);
	free(d.townships);
	if (rc < 0)
		return -1;
	if (d.township[0])
		out_raw(&o, "</optgroup>");
	out_raw(&o, "</select><p class=\"hint\">乡镇操作员选乡镇，村调查员选村（社区），县残联管理员、业务人员、医院、领导不选</p>");
	out_field_error(&o, "division", f->division_error);
	out_raw(&o, "</div>\n<div class=\"buttons\"><button type=\"submit\">保存</button> "
		    "<a class=\"btn secondary\" href=\"/admin/users\">取消</a></div>\n</form>\n");
	return admin_end(&o, err);
}

int page_admin_user_new(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct new_form f = { "", "", "", NULL, NULL, NULL, NULL };
	return render_new(req, 200, &f, err);
}

/* The page that shows a generated password, once. */
static int render_password(struct request *req, const char *title, const char *done, const char *password,
			   struct error *err)
{
	buf_reset(&req->res.body);
	struct page_out o = page_out_of(req);
	admin_begin(&o, title, "/admin/users");
	out_notice(&o, "ok", done);
	out_raw(&o, "<section class=\"panel\">\n<p>密码（只显示这一次，请当面或通过安全渠道转交本人；"
		    "本人登录后须立即修改）：</p>\n<p class=\"secret mono\"><output>");
	out_txt(&o, password);
	out_raw(&o, "</output></p>\n<p><a href=\"/admin/users\">返回用户管理</a></p>\n</section>\n");
	return admin_end(&o, err);
}

int page_admin_users_post(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct new_form f = { request_field(req, "name"), request_field(req, "role"), request_field(req, "division"),
			      NULL, NULL, NULL, NULL };
	f.name = f.name ? f.name : "";
	f.role = f.role ? f.role : "";
	f.division = f.division ? f.division : "";
	int role = *f.role ? role_parse(f.role) : -1;
	if (!*f.name)
		f.name_error = msg(MSG_ACCOUNT_NAME_EMPTY);
	if (!*f.role)
		f.role_error = msg(MSG_ACCOUNT_ROLE_EMPTY);
	else if (role < 0)
		f.role_error = msg(MSG_ACCOUNT_ROLE);
	if (f.name_error || f.role_error)
		return render_new(req, 400, &f, err);

	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	char password[ACCOUNT_GENERATED_MAX + 1];
	struct user u;
	struct error why = ERROR_INIT;
	enum account_field field = ACCOUNT_FIELD_NONE;
	time_t now = time(NULL);
	struct db *w = server_writer_lock(req->server);
	int rc = account_create_generated(w, &p, f.name, (enum role)role, f.division, now, &u, password, &field, &why);
	if (rc == 0) {
		json_t *after = json_pack("{s:s, s:s, s:s, s:b}", "name", u.name, "role", role_code(u.role), "division",
					  u.division, "must_change", u.must_change);
		rc = log_change(req, w, "新增", u.name, json_pack("{s:o}", "after", after), "成功", now, err);
	}
	server_writer_unlock(req->server);
	if (rc == 0) {
		char done[256];
		snprintf(done, sizeof done, "已新增账号“%s”（%s%s%s）", u.name, role_label(u.role),
			 u.division[0] ? "，" : "", u.division);
		rc = render_password(req, "新增用户", done, password, err);
		sodium_memzero(password, sizeof password);
		return rc;
	}
	if (rc < 0 && field == ACCOUNT_FIELD_NONE) {
		if (why.msg[0])
			*err = why;
		return -1;
	}
	if (field == ACCOUNT_FIELD_NAME)
		f.name_error = why.msg;
	else if (field == ACCOUNT_FIELD_ROLE)
		f.role_error = why.msg;
	else
		f.division_error = why.msg;
	return render_new(req, rc == 1 ? 409 : 400, &f, err);
}

/* The actions on one user */

enum user_action { ACT_DISABLE, ACT_ENABLE, ACT_RESET, ACT_UNLOCK, ACT__MAX };

static const char *const action_paths[ACT__MAX] = { "disable", "enable", "reset", "unlock" };
static const char *const action_names[ACT__MAX] = { "停用", "启用", "重置密码", "解锁" };

/* /admin/users/{id}/{action}: true with *id and *action when the path is one. */
static bool parse_path(const char *path, int64_t *id, enum user_action *action)
{
	static const char prefix[] = "/admin/users/";
	if (strncmp(path, prefix, sizeof prefix - 1) != 0)
		return false;
	const char *s = path + sizeof prefix - 1;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 18 || s[0] == '0' || s[digits] != '/')
		return false;
	for (int a = 0; a < ACT__MAX; a++)
		if (strcmp(s + digits + 1, action_paths[a]) == 0) {
			*id = strtoll(s, NULL, 10);
			*action = (enum user_action)a;
			return true;
		}
	return false;
}

static int redirect_done(struct request *req, const char *done, int64_t id, long n, struct error *err)
{
	char location[128];
	snprintf(location, sizeof location, "/admin/users?done=%s&id=%lld&n=%ld", done, (long long)id, n);
	req->res.status = 303;
	return response_header(req, "Location", location) < 0 ? error_set(err, "too many headers") : 0;
}

int page_admin_user_post(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	int64_t id;
	enum user_action action;
	struct user u;
	int found = 0;
	if (parse_path(req->path, &id, &action) && (found = account_find_id(req->db, id, &u, err)) < 0)
		return -1;
	if (found <= 0) {
		response_page(req, 404, "账号不存在", "没有这个账号。");
		return 0;
	}
	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;

	char password[ACCOUNT_GENERATED_MAX + 1] = "", outcome[64] = "成功";
	struct error why = ERROR_INIT;
	json_t *detail = NULL;
	long ended = 0;
	time_t now = time(NULL);
	struct db *w = server_writer_lock(req->server);
	int rc;
	switch (action) {
	case ACT_DISABLE:
	case ACT_ENABLE:
		rc = account_set_disabled(w, req->account.id, u.id, action == ACT_DISABLE, now, &ended, &why);
		if (rc == 1)
			snprintf(why.msg, sizeof why.msg, "%s",
				 msg(action == ACT_DISABLE ? MSG_ACCOUNT_ALREADY_DISABLED : MSG_ACCOUNT_ALREADY_ENABLED));
		if (rc == 0) {
			detail = change("status", json_string(action == ACT_DISABLE ? "正常" : "停用"),
					json_string(action == ACT_DISABLE ? "停用" : "正常"));
			if (action == ACT_DISABLE) {
				json_object_set_new(detail, "sessions_ended", json_integer(ended));
				snprintf(outcome, sizeof outcome, "成功：结束%ld个会话", ended);
			}
		}
		break;
	case ACT_RESET:
		rc = account_reset_password(w, &p, u.id, now, password, &ended, &why);
		if (rc == 0) {
			detail = change("must_change", json_boolean(u.must_change), json_true());
			json_object_set_new(detail, "sessions_ended", json_integer(ended));
			snprintf(outcome, sizeof outcome, "成功：结束%ld个会话", ended);
		}
		break;
	case ACT_UNLOCK:
	default:
		rc = account_unlock(w, u.id, now, &why);
		if (rc == 1)
			snprintf(why.msg, sizeof why.msg, "%s", msg(MSG_ACCOUNT_NOT_LOCKED));
		if (rc == 0)
			detail = json_pack("{s:{s:i, s:s}, s:{s:i, s:s}}", "before", "failed_logins", u.failed_logins,
					   "locked_until", u.locked_until, "after", "failed_logins", 0, "locked_until", "");
		break;
	}
	if (rc == 0 && log_change(req, w, action_names[action], u.name, detail, outcome, now, err) < 0)
		rc = -2;
	else if (rc != 0)
		json_decref(detail);
	server_writer_unlock(req->server);
	if (rc == -2)
		return -1;
	if (rc != 0) {
		/* A refusal the admin can act on (oneself, already so): the list again, the reason on top. */
		if (rc < 0 && strcmp(why.msg, msg(MSG_ACCOUNT_DISABLE_SELF)) != 0) {
			*err = why;
			return -1;
		}
		return render_list(req, rc == 1 ? 409 : 400, "error", why.msg, err);
	}
	if (action == ACT_RESET) {
		char done[256];
		snprintf(done, sizeof done, "已重置账号“%s”的密码，结束了它的%ld个登录会话；下次登录后须修改密码", u.name,
			 ended);
		rc = render_password(req, "重置密码", done, password, err);
		sodium_memzero(password, sizeof password);
		return rc;
	}
	return redirect_done(req, action_paths[action], u.id, ended, err);
}
