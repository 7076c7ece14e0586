/*
 * page-admin-users: 用户管理 for the county admin (page-admin.h's rules):
 *
 *   GET  /admin, /admin/users   the users, with a search box (name or
 *                               division) and a role filter
 *   GET  /admin/users/new       the form for a new user
 *   POST /admin/users           creates it; the generated first password
 *                               is shown once on the answer
 *   POST /admin/users/{id}/disable | enable | reset | unlock
 *
 * Every change goes to the operation log (系统管理, target user:NAME, the
 * changed fields before/after as JSON, never a password) after it is
 * committed. A mistake is answered with the form or list again, the message
 * next to its field and what was typed kept.
 */
#ifndef HUIMIN_PAGE_ADMIN_USERS_H
#define HUIMIN_PAGE_ADMIN_USERS_H

#include "base/error.h"
#include "web/server.h"

int page_admin_users(struct request *req, struct error *err);
int page_admin_user_new(struct request *req, struct error *err);
int page_admin_users_post(struct request *req, struct error *err);
int page_admin_user_post(struct request *req, struct error *err);

#endif
