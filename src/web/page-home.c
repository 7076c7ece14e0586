#include "web/page-home.h"

#include <stdio.h>

#include "domain/account.h"
#include "domain/division.h"
#include "web/html.h"
#include "web/layout.h"

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
	    html_txt(b, where) < 0 ||
	    html_raw(b, "</dd>\n</dl>\n</section>\n") < 0 ||
	    /* The target board is where leaders and the county start (not hospitals: no targets for them). */
	    (u->role != ROLE_HOSPITAL &&
	     html_raw(b, "<p class=\"toolbar\"><a class=\"btn\" href=\"/targets\">目标管理看板</a></p>\n") < 0) ||
	    layout_end(req) < 0)
		return error_set(err, "home page too large");
	return 0;
}
