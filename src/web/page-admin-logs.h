/*
 * page-admin-logs: 操作日志 (GET /admin/oplog) and 登录日志 (GET
 * /admin/loginlog) for the county admin (page-admin.h's rules): a query
 * form (user, dates from/to as YYYY-MM-DD in local time, module and action
 * or outcome, free text on the target or the address and message), the
 * entries newest first, 20 a page with the total. Every filter is bounded;
 * a bad one is answered with its message next to the field, what was typed
 * kept, and no search.
 */
#ifndef HUIMIN_PAGE_ADMIN_LOGS_H
#define HUIMIN_PAGE_ADMIN_LOGS_H

#include "base/error.h"
#include "web/server.h"

int page_admin_oplog(struct request *req, struct error *err);
int page_admin_loginlog(struct request *req, struct error *err);

#endif
