/*
 * levy-action: what the 就业保障金 pages (page-levy) and the JSON API
 * (api-enterprises) both do on a request: the year a request is about,
 * each change on the writer with its operation-log entry (module
 * 就业保障金, target "enterprise:ID" or "levy:YEAR"), and the .xlsx export
 * of the register.
 *
 * Roles (domain/levy): county admin and staff manage; township users (their
 * township's employers) and leaders read; villages and hospitals see
 * nothing. The actions below do not check the role: the callers answer 403
 * first (levy_may_manage).
 */
#ifndef HUIMIN_LEVY_ACTION_H
#define HUIMIN_LEVY_ACTION_H

#include <stdint.h>

#include "base/error.h"
#include "domain/enterprise.h"
#include "domain/levy.h"
#include "web/server.h"

#define LEVY_MODULE "就业保障金"

/* The year typed as text: "" or NULL this year (date_today), else 2000..2100; 0 for anything else. */
int levy_action_year(const char *text);

/* Creates an employer within the user's scope (enterprise_create); logged 新增 when saved. */
__attribute__((warn_unused_result)) enum enterprise_result
levy_action_create(struct request *req, const struct enterprise_input *in, struct enterprise *out,
		   struct enterprise_problems *pr, struct error *err);

/* Changes employer id (enterprise_update); logged 修改 with the changed fields when something changed. */
__attribute__((warn_unused_result)) enum enterprise_result
levy_action_update(struct request *req, int64_t id, const struct enterprise_input *in, struct enterprise *after,
		   struct enterprise_problems *pr, struct error *err);

/* Records a collection (levy_collect: 0 with *entry, 1 refused, 2 not found, -1); logged 登记征收 or 冲减更正. */
__attribute__((warn_unused_result)) int levy_action_collect(struct request *req, int64_t id,
							    const struct levy_collection_input *in, int64_t *entry,
							    struct enterprise_problems *pr, struct error *err);

/* Sets or removes an override (levy_override_set: 0, 1, 2, -1); logged 减免缓缴 or 取消减免缓缴. */
__attribute__((warn_unused_result)) int levy_action_override(struct request *req, int64_t id, const char *year,
							     const char *kind, const char *amount,
							     const char *reason, struct enterprise_problems *pr,
							     struct error *err);

/* Sets a year's average wage and share (levy_year_set: 0, 1, -1); logged 设定年平均工资. */
__attribute__((warn_unused_result)) int levy_action_year_set(struct request *req, int year, const char *avg_wage,
							     const char *ratio, struct levy_year *after,
							     struct enterprise_problems *pr, struct error *err);

/*
 * Answers with the employers q matches as .xlsx (the list's columns, money
 * as numbers with two decimals, a 合计 row); logged 导出. 0 or -1.
 */
__attribute__((warn_unused_result)) int levy_action_export(struct request *req, const struct levy_query *q,
							   struct error *err);

#endif
