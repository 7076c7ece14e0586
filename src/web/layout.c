#include "web/layout.h"

#include <string.h>

#include "domain/account.h"
#include "web/html.h"

/*
 * The left menu: modules in the order county staff know them, each shown
 * to the roles that can use it (hospitals work on the projects' cases, not
 * the registry; only the county admin administers).
 */
#define ALL_ROLES ((1u << ROLE__MAX) - 1)
static const struct {
	const char *href, *label;
	unsigned roles;
} menu[] = {
    {"/", "首页", ALL_ROLES},
    {"/persons", "残疾人档案", ALL_ROLES & ~(1u << ROLE_HOSPITAL)},
    {"/projects", "民生工程", ALL_ROLES},
    {"/survey", "基本情况调查", ALL_ROLES & ~(1u << ROLE_HOSPITAL)},
    {"/training", "就业与康复", ALL_ROLES & ~(1u << ROLE_HOSPITAL)},
    {"/levy", "就业保障金", (1u << ROLE_COUNTY_ADMIN) | (1u << ROLE_COUNTY_STAFF) | (1u << ROLE_TOWNSHIP) | (1u << ROLE_LEADER)},
    {"/targets", "目标管理", ALL_ROLES & ~(1u << ROLE_HOSPITAL)},
    {"/reports", "统计报表", ALL_ROLES & ~(1u << ROLE_HOSPITAL)},
    {"/admin", "系统管理", 1u << ROLE_COUNTY_ADMIN},
};

int layout_csrf_field(struct request *req)
{
	struct buf *b = &req->res.body;
	return html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"") < 0 || html_attr(b, req->csrf) < 0 ||
	               html_raw(b, "\">")
	           ? -1
	           : 0;
}

int layout_head(struct request *req, const char *title)
{
	struct buf *b = &req->res.body;
	req->res.content_type = "text/html";
	return html_raw(b, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>") < 0 ||
	               html_txt(b, title) < 0 ||
	               html_raw(b, " - 惠民</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
				   "<script src=\"/static/app.js\" defer></script>\n</head>\n")
	           ? -1
	           : 0;
}

static int topbar(struct request *req)
{
	struct buf *b = &req->res.body;
	return html_raw(b, "<a class=\"skip\" href=\"#main\">跳到正文</a>\n<header class=\"topbar\">\n"
			   "<a class=\"brand\" href=\"/\">" LAYOUT_SYSTEM_NAME "</a>\n"
			   "<div class=\"user\">\n<span class=\"name\">") < 0 ||
	               html_txt(b, req->account.name) < 0 || html_raw(b, "</span>\n<span class=\"tag info\">") < 0 ||
	               html_txt(b, role_label(req->account.role)) < 0 ||
	               html_raw(b, "</span>\n<a href=\"/password\">修改密码</a>\n"
				   "<form class=\"logout\" method=\"post\" action=\"/logout\">") < 0 ||
	               layout_csrf_field(req) < 0 ||
	               html_raw(b, "<button type=\"submit\" class=\"link\">退出</button></form>\n</div>\n</header>\n")
	           ? -1
	           : 0;
}

static int nav(struct buf *b, const struct user *u, const char *active)
{
	if (html_raw(b, "<nav class=\"menu\" aria-label=\"主菜单\">\n<ul>\n") < 0)
		return -1;
	for (size_t i = 0; i < sizeof menu / sizeof menu[0]; i++) {
		if (u->role >= ROLE__MAX || !(menu[i].roles & (1u << u->role)))
			continue;
		bool current = active && strcmp(active, menu[i].href) == 0;
		if (html_raw(b, "<li><a href=\"") < 0 || html_attr(b, menu[i].href) < 0 ||
		    html_raw(b, current ? "\" aria-current=\"page\">" : "\">") < 0 || html_txt(b, menu[i].label) < 0 ||
		    html_raw(b, "</a></li>\n") < 0)
			return -1;
	}
	return html_raw(b, "</ul>\n</nav>\n");
}

static int breadcrumbs(struct buf *b, const char *title)
{
	if (html_raw(b, "<nav class=\"breadcrumb\" aria-label=\"当前位置\">\n<ol>\n") < 0)
		return -1;
	if (strcmp(title, "首页") != 0 && html_raw(b, "<li><a href=\"/\">首页</a></li>\n") < 0)
		return -1;
	return html_raw(b, "<li aria-current=\"page\">") < 0 || html_txt(b, title) < 0 ||
	               html_raw(b, "</li>\n</ol>\n</nav>\n")
	           ? -1
	           : 0;
}

int layout_begin(struct request *req, const char *title, const char *active_menu)
{
	struct buf *b = &req->res.body;
	req->res.content_type = "text/html";
	return layout_head(req, title) < 0 || html_raw(b, "<body>\n") < 0 || topbar(req) < 0 ||
	               html_raw(b, "<div class=\"layout\">\n") < 0 || nav(b, &req->account, active_menu) < 0 ||
	               html_raw(b, "<main class=\"content\" id=\"main\">\n") < 0 || breadcrumbs(b, title) < 0 ||
	               html_raw(b, "<h1>") < 0 || html_txt(b, title) < 0 || html_raw(b, "</h1>\n") < 0
	           ? -1
	           : 0;
}

int layout_end(struct request *req)
{
	return html_raw(&req->res.body, "</main>\n</div>\n</body>\n</html>\n");
}
