/*
 * page-supervision: 督查 in the browser (domain/supervision.h).
 *
 *   GET  /supervision?year=Y              every item within the user's scope, open first, with
 *                                         the days each has been open; the township's answer
 *                                         forms (township users) and the county's close / send
 *                                         back forms (county admin and staff)
 *   POST /supervision/{id}/answer         the township's rectification (field answer)
 *   POST /supervision/{id}/decide         the county's decision (decision close|back, note)
 *
 * A POST carries from=target to come back to the item's target page
 * (/targets/{id}), anything else comes back to /supervision. A refusal
 * shows the page again with the form as typed and the reasons under it;
 * what is done is logged (module 目标管理). Leaders read; hospitals get 403.
 */
#ifndef HUIMIN_PAGE_SUPERVISION_H
#define HUIMIN_PAGE_SUPERVISION_H

#include <stdint.h>

#include "base/error.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "web/server.h"

int page_supervision(struct request *req, struct error *err);
int page_supervision_post(struct request *req, struct error *err);

/*
 * The items within scope of target t (NULL: of every target, of year when
 * year is not 0) as a table with their forms, into req's body; from is
 * "target" or "list" (where the forms come back). typed ("answer",
 * "decide") with item: the form refused, shown as typed with pr's reasons.
 * 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int page_supervision_items(struct request *req, const struct registry_scope *scope,
								const struct target *t, int year, const char *from,
								const char *typed, int64_t item,
								const struct case_problems *pr, struct error *err);

#endif
