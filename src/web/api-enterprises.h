/*
 * api-enterprises: 就业保障金 in JSON (docs/api.md), within the caller's
 * data scope; money as integer fen ("due_fen") and as yuan text ("due").
 *
 *   GET  /api/v1/enterprises?year=&township=&q=&owing=1   the employers of
 *        a year with their accounts, and the totals
 *   POST /api/v1/enterprises                   a new employer (201)
 *   GET  /api/v1/enterprises/{id}?year=        an employer, its account of
 *        the year, its years and its collections
 *   PUT  /api/v1/enterprises/{id}              a change (keys left out keep
 *        their values; "rev" refuses a lost update with 409)
 *   POST /api/v1/enterprises/{id}/collections  a collection, or a negative
 *        correction (201)
 *   POST /api/v1/enterprises/{id}/override     减免 / 缓缴, or "none" to remove
 *   GET  /api/v1/levy/years/{year}             the county's figures of a year,
 *        the totals and the progress by township (levy_progress)
 *   PUT  /api/v1/levy/years/{year}             the year's average wage and share
 *
 * A refusal is 400 with the API's error shape: "message" names the first
 * field and why ("统一社会信用代码：校验码错误……"), "fields" has a reason per
 * key. Writes are the county admin's and staff's (403 for others); a
 * village or hospital account is refused everything.
 */
#ifndef HUIMIN_API_ENTERPRISES_H
#define HUIMIN_API_ENTERPRISES_H

#include "base/error.h"
#include "web/server.h"

int api_enterprises(struct request *req, struct error *err);
int api_enterprise_create(struct request *req, struct error *err);
/* GET /api/v1/enterprises/{id} */
int api_enterprise(struct request *req, struct error *err);
/* PUT /api/v1/enterprises/{id} */
int api_enterprise_update(struct request *req, struct error *err);
/* POST /api/v1/enterprises/{id}/collections and /override */
int api_enterprise_post(struct request *req, struct error *err);
/* GET and PUT /api/v1/levy/years/{year} */
int api_levy_year(struct request *req, struct error *err);
int api_levy_year_put(struct request *req, struct error *err);

#endif
