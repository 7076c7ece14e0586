/*
 * api-stats: GET /api/v1/stats, the statistics of page-stats (domain/stats)
 * as JSON, with the page's arguments (rows, cols, program, year, status,
 * township, village, category, grade, age_on; docs/api.md):
 *
 *   {"subject":"persons"|"cases","program":null|"cataract","year":null|2024,
 *    "status":1,"age_on":"2026-06-30","rows":{"dim":"township","label":"乡镇"},
 *    "cols":{"dim":"","label":"不分列"},"row_heads":[{"key":..,"label":..,"township":..}],
 *    "col_heads":[...],"cells":[[n,...],...],"row_totals":[...],"col_totals":[...],
 *    "total":N,"distinct_totals":false,"title":"..."}
 *
 * Within the caller's data scope; 403 for hospitals; 400 with a reason per
 * argument (the API's error shape, web/api-persons api_error) when a value
 * is not valid, the dimensions do not go together, or the table would pass
 * STATS_CELLS_MAX cells.
 */
#ifndef HUIMIN_API_STATS_H
#define HUIMIN_API_STATS_H

#include "base/error.h"
#include "web/server.h"

int api_stats(struct request *req, struct error *err);

#endif
