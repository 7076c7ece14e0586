/*
 * page-admin-settings: 数据字典 (GET /admin/dicts: the dictionary table as
 * loaded, read-only), 账户策略 (GET and POST /admin/policy: the account
 * policy of the setting table, each value within the range
 * account_setting_info gives and explains; a change is logged with the
 * changed settings before/after), and 公示设置 (GET and POST /admin/notice:
 * whether public notice lists show disability category and grade, the
 * setting notice.show_disability of domain/case-report, off unless the
 * county switches it on; a change is logged before/after), for the county
 * admin (page-admin.h).
 */
#ifndef HUIMIN_PAGE_ADMIN_SETTINGS_H
#define HUIMIN_PAGE_ADMIN_SETTINGS_H

#include "base/error.h"
#include "web/server.h"

int page_admin_dicts(struct request *req, struct error *err);
int page_admin_policy(struct request *req, struct error *err);
int page_admin_policy_post(struct request *req, struct error *err);
int page_admin_notice(struct request *req, struct error *err);
int page_admin_notice_post(struct request *req, struct error *err);

#endif
