#include "web/page-home.h"

#include "domain/account.h"
#include "web/html.h"
#include "web/layout.h"

int page_home(struct request *req, struct error *err)
{
	struct buf *b = &req->res.body;
	const struct user *u = &req->account;
	if (layout_begin(req, "首页", "/") < 0 || html_raw(b, "<section class=\"panel\">\n<p>") < 0 ||
	    html_txt(b, u->name) < 0 ||
	    html_raw(b, "，您好！欢迎使用" LAYOUT_SYSTEM_NAME "。请从左侧菜单进入各项工作。</p>\n"
			"<dl class=\"facts\">\n<dt>账号</dt><dd>") < 0 ||
	    html_txt(b, u->name) < 0 || html_raw(b, "</dd>\n<dt>角色</dt><dd>") < 0 ||
	    html_txt(b, role_label(u->role)) < 0 || html_raw(b, "</dd>\n<dt>所属区划</dt><dd>") < 0 ||
	    html_txt(b, *u->division ? u->division : "全县") < 0 ||
	    html_raw(b, "</dd>\n</dl>\n</section>\n") < 0 || layout_end(req) < 0)
		return error_set(err, "home page too large");
	return 0;
}
