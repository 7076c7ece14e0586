/*
 * page-target: one target's page (目标管理), reached through page-targets'
 * routing of /targets/{id}.
 *
 *   GET  /targets/{id}                    the definition, its source, progress against time
 *                                         elapsed, the parts (townships or 城镇/农村), the
 *                                         entries entered by hand, the supervision items, and
 *                                         the forms the user's role may use
 *   POST /targets/{id}                    the definition changed (county admin, staff)
 *   POST /targets/{id}/parts              the split by hand (fields p_{township code}, or p_1 p_2)
 *   POST /targets/{id}/split              the split to townships in proportion to persons 在册
 *   POST /targets/{id}/entries            progress entered by hand (part, date, value, note):
 *                                         county staff for any township or the county level,
 *                                         a township user for its own township
 *   POST /targets/{id}/supervision        a supervision item opened on a township (county)
 *
 * Figures are within the user's scope (a township user sees its own part).
 * A refusal shows the page again with the form as typed and the reasons
 * under its fields; what is done is logged (module 目标管理) and answered
 * with a redirect to the page (?done=...).
 */
#ifndef HUIMIN_PAGE_TARGET_H
#define HUIMIN_PAGE_TARGET_H

#include <stdint.h>

#include "base/error.h"
#include "domain/case.h"
#include "web/server.h"

/* GET /targets/{id} (rest ""); 404 for another rest. */
int page_target(struct request *req, int64_t id, const char *rest, struct error *err);
/* POST /targets/{id}{rest}. */
int page_target_post(struct request *req, int64_t id, const char *rest, struct error *err);

/*
 * The page of target id, with the form typed ("edit" "parts" "entry"
 * "open" "answer" "decide"; NULL none) refused for pr (item: the
 * supervision item of "answer"/"decide"). 404 when there is no such
 * target. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int page_target_render(struct request *req, int64_t id, const char *typed,
							    int64_t item, const struct case_problems *pr,
							    struct error *err);

#endif
