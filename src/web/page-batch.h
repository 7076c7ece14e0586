/*
 * page-batch: 批量录入, the busy screening day.
 *
 *   GET  /projects/{code}/batch?transition=KEY&township=CODE&year=Y
 *        up to 50 cases (in scope and the township) at a stage the transition
 *        starts from, a row each with the transition's fields and a checkbox
 *   POST /projects/{code}/batch
 *        each ticked row is its own case_transition (and log entry); the rows
 *        refused come back first with their reasons and what was typed,
 *        under "已保存 N 人，M 人有误"
 */
#ifndef HUIMIN_PAGE_BATCH_H
#define HUIMIN_PAGE_BATCH_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

int page_batch(struct request *req, const struct program *p, struct error *err);
int page_batch_post(struct request *req, const struct program *p, struct error *err);

#endif
