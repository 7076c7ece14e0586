/*
 * api-reports: the annual report and its milestones in JSON (docs/api.md).
 *
 *   GET    /api/v1/reports/annual?year=Y[&format=txt|html|docx|pdf]
 *                               the report of the caller's scope: its blocks with their figures and
 *                               the records behind each; with format, the file
 *   GET    /api/v1/milestones?year=Y[&line=L]   the year's milestones
 *   POST   /api/v1/milestones   {year, line, date, title}: a new one (county admin and staff)
 *   DELETE /api/v1/milestones/{id}               removes one (county admin and staff)
 *
 * Readers as for the page (web/page-report.h): county admin and staff and
 * leaders the county's, township users their township's; others 403.
 */
#ifndef HUIMIN_API_REPORTS_H
#define HUIMIN_API_REPORTS_H

#include "base/error.h"
#include "web/server.h"

int api_report_annual(struct request *req, struct error *err);
int api_milestones(struct request *req, struct error *err);
int api_milestones_post(struct request *req, struct error *err);
int api_milestone_delete(struct request *req, struct error *err);

#endif
