/*
 * page-notice: 公示名单, the printable public notice list of a village.
 *
 *   GET /projects/{code}/notice?village=CODE&year=Y
 *       the village's cases now in a notice stage (村公示): name, village,
 *       project, the ID number masked (first 6 + last 4), the notice
 *       period; disability category and grade only when the county's
 *       setting notice.show_disability is "1"; the monthly amount when the
 *       definition gives one. Never phone, bank account or diagnosis.
 *       Without a village: the choice of village.
 */
#ifndef HUIMIN_PAGE_NOTICE_H
#define HUIMIN_PAGE_NOTICE_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

int page_notice(struct request *req, const struct program *p, struct error *err);

#endif
