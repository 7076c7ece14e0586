/*
 * page-report: 年度汇报材料 in the browser (docs/reports.md).
 *
 *   GET  /reports/annual?year=Y                the year's report written from the records: every
 *                                              figure a link to the records it counts, a text box
 *                                              per section to edit before export, and the year's
 *                                              milestones (工作节点) with the form to enter them
 *   POST /reports/annual/export                the edited text as .docx, .pdf or .txt (format)
 *   POST /reports/annual/milestones            a new milestone (county admin and staff)
 *   POST /reports/annual/milestones/remove     removes one (id)
 *
 * Who: the county admin and staff and leaders read the county's report; a
 * township user reads the township's (its figures, its targets' shares);
 * village and hospital users are refused (403). Exports and milestones go
 * to the operation log.
 */
#ifndef HUIMIN_PAGE_REPORT_H
#define HUIMIN_PAGE_REPORT_H

#include "base/error.h"
#include "web/server.h"

int page_report_annual(struct request *req, struct error *err);
int page_report_annual_post(struct request *req, struct error *err);

#endif
