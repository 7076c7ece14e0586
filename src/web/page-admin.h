/*
 * page-admin: 系统管理, the county admin's pages under /admin, and what they
 * share: the check that only the county admin gets in (others 403, GET and
 * POST alike), the page shell with the tab bar across the admin pages
 * (用户管理, 在线用户, 操作日志, 登录日志, 数据字典, 账户策略, 公示设置), and a writer
 * with a sticky error for building pages.
 *
 * This module's own page: 在线用户 (GET /admin/online) with forced logout
 * (强退, POST /admin/online/{user id}), which ends every session of that
 * user and is written to the operation log. The others are in
 * page-admin-users, page-admin-logs and page-admin-settings.
 */
#ifndef HUIMIN_PAGE_ADMIN_H
#define HUIMIN_PAGE_ADMIN_H

#include <stdbool.h>

#include "base/error.h"
#include "web/server.h"

#define ADMIN_MODULE "系统管理" /* the operation log's module of every admin change */

/* 0 when req's user is the county admin; else 1 after answering 403. */
int admin_refuse_others(struct request *req);

/*
 * Text going into a page: every call is one of html.h's escapers (or
 * html_raw for the program's literals); after the first failure (the
 * page passed its cap) nothing more is written and rc stays -1.
 */
struct page_out {
	struct request *req;
	struct buf *b;
	int rc;
};
struct page_out page_out_of(struct request *req);
void out_raw(struct page_out *o, const char *literal);
void out_txt(struct page_out *o, const char *text);
void out_attr(struct page_out *o, const char *text);
void out_url_arg(struct page_out *o, const char *text);
void out_csrf(struct page_out *o);
/* A notice: kind "ok", "error" or "" (info), role status or alert. */
void out_notice(struct page_out *o, const char *kind, const char *text);
/* An error under a field: <p class="field-error" id="ID-error">text</p>, nothing when text is NULL. */
void out_field_error(struct page_out *o, const char *id, const char *text);

/* The shell of an admin page: layout_begin with 系统管理 current, then the tab bar with tab (an href) current. */
void admin_begin(struct page_out *o, const char *title, const char *tab);
/* layout_end; 0, or -1 with a message when the page passed its cap. */
__attribute__((warn_unused_result)) int admin_end(struct page_out *o, struct error *err);


int page_admin_online(struct request *req, struct error *err);
int page_admin_online_post(struct request *req, struct error *err);

#endif
