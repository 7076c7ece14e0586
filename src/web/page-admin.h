/*
 * page-admin: 系统管理 pages for the county admin. For now: 在线用户 (who is
 * logged in, GET /admin/online) with forced logout (强退, POST
 * /admin/online/{user id}), which ends every session of that user and is
 * written to the operation log. Other roles get 403.
 */
#ifndef HUIMIN_PAGE_ADMIN_H
#define HUIMIN_PAGE_ADMIN_H

#include "base/error.h"
#include "web/server.h"

int page_admin_online(struct request *req, struct error *err);
int page_admin_online_post(struct request *req, struct error *err);

#endif
