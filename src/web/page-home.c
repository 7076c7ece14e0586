#include "web/page-home.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "domain/account.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/supervision.h"
#include "domain/target.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/target-view.h"

#define PAGE_FULL "home page too large"
#define HOME_LAGGING_MAX 10 /* targets behind shown on the home page; the board has them all */

/*
 * The year at a glance for leaders, the county and the townships: how many
 * targets are in each status, the ones behind (滞后, 逾期) first, and the
 * supervision items still open. Hospitals work on cases only.
 */
struct glance {
	struct request *req;
	struct registry_scope scope;
	struct date today;
	long n[TARGET_STATUS__MAX + 1];
	long total;
	struct {
		int64_t id;
		char name[4 * TARGET_NAME_MAX + 1];
		long long permille;
		enum target_status status;
	} behind[HOME_LAGGING_MAX];
	size_t nbehind;
	long open_items, oldest_days;
};

static int count_target(void *ctx, const struct target *t, struct error *err)
{
	struct glance *g = ctx;
	struct target_progress *p = xcalloc(1, sizeof *p);
	int rc = target_progress_of(g->req->db, t, &g->scope, g->today, p, err);
	if (rc == 0) {
		g->total++;
		g->n[p->status <= TARGET_STATUS__MAX ? p->status : TARGET_STATUS__MAX]++;
		if ((p->status == TARGET_LAGGING || p->status == TARGET_OVERDUE) && g->nbehind < HOME_LAGGING_MAX) {
			g->behind[g->nbehind].id = t->id;
			snprintf(g->behind[g->nbehind].name, sizeof g->behind[0].name, "%s", t->name);
			g->behind[g->nbehind].permille = p->permille;
			g->behind[g->nbehind++].status = p->status;
		}
	}
	free(p);
	return rc;
}

static int count_item(void *ctx, const struct supervision *s, struct error *err)
{
	(void)err;
	struct glance *g = ctx;
	long days = supervision_days_open(s, g->today);
	g->open_items++;
	if (days > g->oldest_days)
		g->oldest_days = days;
	return 0;
}

static int year_glance(struct request *req, struct buf *b, struct error *err)
{
	struct glance *g = xcalloc(1, sizeof *g);
	g->req = req;
	g->today = date_today();
	registry_scope_of(&req->account, &g->scope);
	int rc = -1;
	if (target_list(req->db, g->today.year, "", count_target, g, err) < 0 ||
	    supervision_list(req->db, &g->scope, 0, 0, true, count_item, g, err) < 0)
		goto out;
	char heading[64], board[64], text[160];
	snprintf(heading, sizeof heading, "%d年度目标", g->today.year);
	snprintf(board, sizeof board, "/targets?year=%d", g->today.year);
	if (case_form_html(b, CF_RAW, "<section class=\"panel\" aria-labelledby=\"home-targets\">\n<h2 id=\"home-targets\">",
			   CF_TXT, heading, CF_RAW, "</h2>\n", CF_END) < 0)
		goto full;
	if (g->total == 0) {
		if (case_form_html(b, CF_RAW, "<p class=\"muted\">本年度还没有设定目标。<a href=\"", CF_ATTR, board, CF_RAW,
				   "\">进入目标管理</a></p>\n</section>\n", CF_END) < 0)
			goto full;
		rc = 0;
		goto out;
	}
	snprintf(text, sizeof text, "共%ld项：", g->total);
	if (case_form_html(b, CF_RAW, "<p>", CF_TXT, text, CF_END) < 0)
		goto full;
	for (int s = 0; s < TARGET_STATUS__MAX; s++) {
		if (!g->n[s])
			continue;
		snprintf(text, sizeof text, "%s %ld", target_status_label((enum target_status)s), g->n[s]);
		if (case_form_html(b, CF_RAW, "<span class=\"tag status ", CF_RAW,
				   target_view_status_class((enum target_status)s), CF_RAW, "\">", CF_TXT, text, CF_RAW,
				   "</span> ", CF_END) < 0)
			goto full;
	}
	if (case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, board, CF_RAW, "\">查看目标管理</a></p>\n", CF_END) < 0)
		goto full;
	if (g->nbehind) {
		if (html_raw(b, "<h3>进度滞后或逾期</h3>\n<ul class=\"plain\">\n") < 0)
			goto full;
		for (size_t i = 0; i < g->nbehind; i++) {
			char href[40];
			snprintf(href, sizeof href, "/targets/%lld", (long long)g->behind[i].id);
			snprintf(text, sizeof text, "完成%lld.%lld%%，%s", g->behind[i].permille / 10, g->behind[i].permille % 10,
				 target_status_label(g->behind[i].status));
			if (case_form_html(b, CF_RAW, "<li><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, g->behind[i].name,
					   CF_RAW, "</a> ", CF_TXT, text, CF_RAW, "</li>\n", CF_END) < 0)
				goto full;
		}
		if (html_raw(b, "</ul>\n") < 0)
			goto full;
	}
	if (g->open_items) {
		snprintf(text, sizeof text, "未销号的督查事项%ld项，最久的已%ld天。", g->open_items, g->oldest_days);
		if (case_form_html(b, CF_RAW, "<p>", CF_TXT, text, CF_RAW, " <a href=\"/supervision\">查看督查事项</a></p>\n",
				   CF_END) < 0)
			goto full;
	}
	if (html_raw(b, "</section>\n") < 0)
		goto full;
	rc = 0;
	goto out;
full:
	rc = error_set(err, PAGE_FULL);
out:
	free(g);
	return rc;
}

int page_home(struct request *req, struct error *err)
{
	struct buf *b = &req->res.body;
	const struct user *u = &req->account;
	/* The division by its name, as users know it ("青禾镇"), its code after. */
	char where[200] = "全县";
	struct division d;
	int found = *u->division ? division_find(req->db, u->division, &d, err) : 0;
	if (found < 0)
		return -1;
	if (*u->division)
		snprintf(where, sizeof where, "%s（%s）", found ? d.name : "未知区划", u->division);
	if (layout_begin(req, "首页", "/") < 0 || html_raw(b, "<section class=\"panel\">\n<p>") < 0 ||
	    html_txt(b, u->name) < 0 ||
	    html_raw(b, "，您好！欢迎使用" LAYOUT_SYSTEM_NAME "。请从左侧菜单进入各项工作。</p>\n"
			"<dl class=\"facts\">\n<dt>账号</dt><dd>") < 0 ||
	    html_txt(b, u->name) < 0 || html_raw(b, "</dd>\n<dt>角色</dt><dd>") < 0 ||
	    html_txt(b, role_label(u->role)) < 0 || html_raw(b, "</dd>\n<dt>所属区划</dt><dd>") < 0 ||
	    html_txt(b, where) < 0 || html_raw(b, "</dd>\n</dl>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (u->role != ROLE_HOSPITAL && year_glance(req, b, err) < 0)
		return -1;
	if (layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}
