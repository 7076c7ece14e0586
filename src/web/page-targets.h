/*
 * page-targets: 目标管理 in the browser, the board of a year and the
 * routing of /targets/... (one target's page is page-target, 督查 is
 * page-supervision).
 *
 *   GET  /targets?year=Y&line=L&township=T  the board: every target of the year (of work line L),
 *                                           its value, achieved, completion against time elapsed,
 *                                           status; a chart of completion per target; the matrix
 *                                           of townships by targets; the open supervision items.
 *                                           township T (county users) narrows figures to its row
 *                                           and shares; a township user always sees its own
 *   GET  /targets/new?year=Y                the form of a new target (county admin, staff)
 *   POST /targets/new                       saves it: refusals under each field, typed values kept
 *   POST /targets/copy                      copies the targets of year (field year) to the next
 *                                           year (county admin, staff), then shows that year
 *   GET|POST /targets/{id}...               page-target
 *
 * Figures are counted live (target_progress_of) on the server's day
 * (date_today, --today); hospitals get 403, leaders and village users read
 * only. Every POST is logged in the operation log (module 目标管理).
 */
#ifndef HUIMIN_PAGE_TARGETS_H
#define HUIMIN_PAGE_TARGETS_H

#include "base/error.h"
#include "web/server.h"

int page_targets(struct request *req, struct error *err);
/* GET /targets/... */
int page_targets_sub(struct request *req, struct error *err);
/* POST /targets/... */
int page_targets_post(struct request *req, struct error *err);

#endif
