#include "web/page-admin.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/msg.h"
#include "base/stamp.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "web/html.h"
#include "web/layout.h"

int admin_refuse_others(struct request *req)
{
	if (req->account.role == ROLE_COUNTY_ADMIN)
		return 0;
	response_page(req, 403, "无权访问", msg(MSG_ADMIN_ONLY));
	return 1;
}

/* Page writing */

struct page_out page_out_of(struct request *req)
{
	return (struct page_out){ req, &req->res.body, 0 };
}

void out_raw(struct page_out *o, const char *literal)
{
	if (o->rc == 0 && html_raw(o->b, literal) < 0)
		o->rc = -1;
}

void out_txt(struct page_out *o, const char *text)
{
	if (o->rc == 0 && html_txt(o->b, text ? text : "") < 0)
		o->rc = -1;
}

void out_attr(struct page_out *o, const char *text)
{
	if (o->rc == 0 && html_attr(o->b, text ? text : "") < 0)
		o->rc = -1;
}

void out_url_arg(struct page_out *o, const char *text)
{
	if (o->rc == 0 && html_url_arg(o->b, text ? text : "") < 0)
		o->rc = -1;
}

void out_csrf(struct page_out *o)
{
	if (o->rc == 0 && layout_csrf_field(o->req) < 0)
		o->rc = -1;
}

void out_notice(struct page_out *o, const char *kind, const char *text)
{
	bool alert = strcmp(kind, "error") == 0;
	out_raw(o, "<p class=\"notice ");
	out_raw(o, kind);
	out_raw(o, alert ? "\" role=\"alert\">" : "\" role=\"status\">");
	out_txt(o, text);
	out_raw(o, "</p>\n");
}

void out_field_error(struct page_out *o, const char *id, const char *text)
{
	if (!text)
		return;
	out_raw(o, "<p class=\"field-error\" id=\"");
	out_raw(o, id);
	out_raw(o, "-error\">");
	out_txt(o, text);
	out_raw(o, "</p>");
}

/* The tab bar */

static const struct {
	const char *href, *label;
} tabs[] = {
	{ "/admin/users", "用户管理" }, { "/admin/online", "在线用户" }, { "/admin/oplog", "操作日志" },
	{ "/admin/loginlog", "登录日志" }, { "/admin/dicts", "数据字典" }, { "/admin/policy", "账户策略" },
	{ "/admin/notice", "公示设置" },
};

void admin_begin(struct page_out *o, const char *title, const char *tab)
{
	if (o->rc == 0 && layout_begin(o->req, title, "/admin") < 0)
		o->rc = -1;
	out_raw(o, "<nav class=\"tabs\" aria-label=\"系统管理\">\n<ul>\n");
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		out_raw(o, "<li><a href=\"");
		out_attr(o, tabs[i].href);
		out_raw(o, strcmp(tabs[i].href, tab) == 0 ? "\" aria-current=\"page\">" : "\">");
		out_txt(o, tabs[i].label);
		out_raw(o, "</a></li>\n");
	}
	out_raw(o, "</ul>\n</nav>\n");
}

int admin_end(struct page_out *o, struct error *err)
{
	if (o->rc == 0 && layout_end(o->req) < 0)
		o->rc = -1;
	return o->rc < 0 ? error_set(err, "page too large") : 0;
}

/* 在线用户 */

struct online_page {
	struct page_out *o;
	long n;
};

static void online_row(void *ctx, const struct session_online *s)
{
	struct online_page *pg = ctx;
	struct page_out *o = pg->o;
	char action[48], created[STAMP_LOCAL_SIZE], seen[STAMP_LOCAL_SIZE];
	pg->n++;
	snprintf(action, sizeof action, "/admin/online/%lld", (long long)s->user_id);
	stamp_local(s->created_at, created);
	stamp_local(s->last_seen_at, seen);
	out_raw(o, "<tr><td>");
	out_txt(o, s->user_name);
	out_raw(o, "</td><td>");
	out_txt(o, s->address);
	out_raw(o, "</td><td>");
	out_txt(o, s->browser);
	out_raw(o, "</td><td>");
	out_txt(o, created);
	out_raw(o, "</td><td>");
	out_txt(o, seen);
	out_raw(o, "</td><td><form method=\"post\" action=\"");
	out_attr(o, action);
	out_raw(o, "\" data-confirm=\"确定让该用户强制退出吗？\">");
	out_csrf(o);
	out_raw(o, "<button type=\"submit\" class=\"btn danger\" aria-label=\"强退 ");
	out_attr(o, s->user_name);
	out_raw(o, "\">强退</button></form></td></tr>\n");
}

int page_admin_online(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct account_policy p;
	struct page_out o = page_out_of(req);
	struct online_page pg = { &o, 0 };
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	admin_begin(&o, "在线用户", "/admin/online");
	out_raw(&o, "<section class=\"panel\">\n<table class=\"list\">\n<thead><tr><th scope=\"col\">账号</th>"
		    "<th scope=\"col\">地址</th><th scope=\"col\">浏览器</th><th scope=\"col\">登录时间</th>"
		    "<th scope=\"col\">最近访问</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	if (session_online(req->db, time(NULL), p.idle_minutes, online_row, &pg, err) < 0)
		return -1;
	char total[64];
	snprintf(total, sizeof total, "共 %ld 个会话", pg.n);
	out_raw(&o, "</tbody>\n</table>\n<p>");
	out_txt(&o, total);
	out_raw(&o, "</p>\n</section>\n");
	return admin_end(&o, err);
}

int page_admin_online_post(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	int64_t id;
	struct user u;
	int found = 0;
	if (request_path_id(req, "/admin/online/", &id) && (found = account_find_id(req->db, id, &u, err)) < 0)
		return -1;
	if (found <= 0) {
		response_page(req, 404, "账号不存在", "没有这个账号。");
		return 0;
	}
	char target[80], outcome[64];
	snprintf(target, sizeof target, "user:%s", u.name);
	struct db *w = server_writer_lock(req->server);
	time_t now = time(NULL);
	long ended = session_end_user(w, u.id, "强退", now, err);
	if (ended >= 0) {
		snprintf(outcome, sizeof outcome, "成功：结束%ld个会话", ended);
		struct audit_operation op = { req->account.name, req->client, ADMIN_MODULE, "强退", target, "", outcome };
		if (audit_operation(w, &op, now, err) < 0)
			ended = -1;
	}
	server_writer_unlock(req->server);
	if (ended < 0)
		return -1;
	req->res.status = 303;
	return response_header(req, "Location", "/admin/online") < 0 ? error_set(err, "too many headers") : 0;
}
