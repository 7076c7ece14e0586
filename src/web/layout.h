/*
 * layout: the shell of every logged-in page (top bar with the user and
 * 退出, the left menu, breadcrumbs), written into req->res.body around the
 * page's own content:
 *
 *   if (layout_begin(req, "首页", "/") < 0 || ...content... || layout_end(req) < 0)
 *       return error_set(err, "page too large");
 *
 * req must carry a logged-in user (auth_request) for the name, role and the
 * logout form's CSRF token.
 */
#ifndef HUIMIN_LAYOUT_H
#define HUIMIN_LAYOUT_H

#include "web/server.h"

#define LAYOUT_SYSTEM_NAME "惠民 · 残疾人民生工程管理系统"

/*
 * Starts the page: title (for <title>, the breadcrumb and nothing else),
 * active_menu the href of the menu item to mark current ("/", "/persons"
 * ...; NULL for none). Sets the content type. 0, or -1 when the body is full.
 */
__attribute__((warn_unused_result)) int layout_begin(struct request *req, const char *title,
						      const char *active_menu);
/* Closes what layout_begin opened. */
__attribute__((warn_unused_result)) int layout_end(struct request *req);

/*
 * Just <!doctype html> ... </head> (stylesheet, script), for the pages
 * outside the shell (登录). Sets the content type.
 */
__attribute__((warn_unused_result)) int layout_head(struct request *req, const char *title);

/* The hidden CSRF field of the session, for the page's own forms. */
__attribute__((warn_unused_result)) int layout_csrf_field(struct request *req);

#endif
