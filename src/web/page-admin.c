#include "web/page-admin.h"

#include <stdio.h>
#include <time.h>

#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "web/html.h"
#include "web/layout.h"

/* Only the county admin manages users; 0 when req may go on, 1 when it was answered 403. */
static int refuse_others(struct request *req)
{
	if (req->account.role == ROLE_COUNTY_ADMIN)
		return 0;
	response_page(req, 403, "无权访问", "只有县残联管理员可以使用系统管理。");
	return 1;
}

struct online_page {
	struct request *req;
	int rc;
	long n;
};

static void online_row(void *ctx, const struct session_online *s)
{
	struct online_page *pg = ctx;
	struct buf *b = &pg->req->res.body;
	char action[48];
	if (pg->rc < 0)
		return;
	pg->n++;
	snprintf(action, sizeof action, "/admin/online/%lld", (long long)s->user_id);
	if (html_raw(b, "<tr><td>") < 0 || html_txt(b, s->user_name) < 0 || html_raw(b, "</td><td>") < 0 ||
	    html_txt(b, s->address) < 0 || html_raw(b, "</td><td>") < 0 || html_txt(b, s->browser) < 0 ||
	    html_raw(b, "</td><td>") < 0 || html_txt(b, s->created_at) < 0 || html_raw(b, "</td><td>") < 0 ||
	    html_txt(b, s->last_seen_at) < 0 || html_raw(b, "</td><td><form method=\"post\" action=\"") < 0 ||
	    html_attr(b, action) < 0 || html_raw(b, "\" data-confirm=\"确定让该用户强制退出吗？\">") < 0 ||
	    layout_csrf_field(pg->req) < 0 ||
	    html_raw(b, "<button type=\"submit\" class=\"btn danger\">强退</button></form></td></tr>\n") < 0)
		pg->rc = -1;
}

int page_admin_online(struct request *req, struct error *err)
{
	if (refuse_others(req))
		return 0;
	struct account_policy p;
	struct buf *b = &req->res.body;
	struct online_page pg = { req, 0, 0 };
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	if (layout_begin(req, "在线用户", "/admin") < 0 ||
	    html_raw(b, "<section class=\"panel\">\n<table class=\"list\">\n<thead><tr><th scope=\"col\">账号</th>"
			"<th scope=\"col\">地址</th><th scope=\"col\">浏览器</th><th scope=\"col\">登录时间</th>"
			"<th scope=\"col\">最近访问</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, "page too large");
	if (session_online(req->db, time(NULL), p.idle_minutes, online_row, &pg, err) < 0)
		return -1;
	char total[64];
	snprintf(total, sizeof total, "共 %ld 个会话", pg.n);
	if (pg.rc < 0 || html_raw(b, "</tbody>\n</table>\n<p>") < 0 || html_txt(b, total) < 0 ||
	    html_raw(b, "</p>\n</section>\n") < 0 || layout_end(req) < 0)
		return error_set(err, "page too large");
	return 0;
}

int page_admin_online_post(struct request *req, struct error *err)
{
	if (refuse_others(req))
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
		struct audit_operation op = { req->account.name, req->client, "系统管理", "强退", target, "", outcome };
		if (audit_operation(w, &op, now, err) < 0)
			ended = -1;
	}
	server_writer_unlock(req->server);
	if (ended < 0)
		return -1;
	req->res.status = 303;
	return response_header(req, "Location", "/admin/online") < 0 ? error_set(err, "too many headers") : 0;
}
