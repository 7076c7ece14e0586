/*
 * page-stats: 统计报表 (domain/stats), the pages:
 *
 *   GET /reports?rows=&cols=&program=&year=&status=&township=&village=&category=&grade=&age_on=
 *        the form (rows, columns, what is counted and the filters), the
 *        pivot table with row and column totals, each count a link to the
 *        list behind it (/persons or /projects/CODE/cases with the same
 *        filters), and a chart of the table drawn by the server (io/svg)
 *   GET /reports/export.xlsx?(the same)
 *        the same table as .xlsx (header row, the rows, the totals row),
 *        logged as an export (module 统计报表)
 *
 * Within the user's data scope; hospitals get 403. Arguments that are not
 * valid are left out and named in a notice; dimensions that do not go
 * together show the form with the reason and no table.
 */
#ifndef HUIMIN_PAGE_STATS_H
#define HUIMIN_PAGE_STATS_H

#include "base/error.h"
#include "web/server.h"

int page_stats(struct request *req, struct error *err);
int page_stats_export(struct request *req, struct error *err);

#endif
