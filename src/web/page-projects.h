/*
 * page-projects: 民生工程, the livelihood projects in the browser.
 *
 *   GET  /projects                        the stored projects, this year's key counts and targets
 *   GET  /projects/{code}?year=Y          a project's year: target, success rate, the stage funnel
 *                                         county-wide and per township (an SVG chart and a table
 *                                         whose counts link to the cases behind them), outcomes
 *   POST /projects/{code}/target          the year's target (county admin; logged)
 *
 * and the routing of the rest of /projects/{code}/... to page-cases
 * (cases, cases/export), page-enrol (enrol), page-batch (batch), page-payments
 * (payments, payments/lines, payments/lines/export) and export-classes
 * (classes.xlsx, linked under the classification table).
 * Counts are within the user's case scope (case_scope_of).
 */
#ifndef HUIMIN_PAGE_PROJECTS_H
#define HUIMIN_PAGE_PROJECTS_H

#include "base/error.h"
#include "web/server.h"

int page_projects(struct request *req, struct error *err);
/* GET and POST of /projects/{code}... */
int page_project(struct request *req, struct error *err);
int page_project_post(struct request *req, struct error *err);

#endif
