/*
 * page-levy: 就业保障金 (the employment security fund) in the browser.
 *
 *   GET  /levy?year=&township=&q=&owing=1&page=   the employers of a year with
 *        what each owes, has paid and still owes, the totals and the year's
 *        progress (collected against due), the county's average wage of the
 *        year (its form for the county staff), 新增 and 导出 Excel
 *   GET  /levy/export.xlsx?(the same filters)      the list as .xlsx, logged
 *   GET  /levy/new?year=                           the form of a new employer
 *   GET  /levy/{id}?year=                          an employer: details, the
 *        year's account, its years, its collections, and for the county staff
 *        the forms to record a collection (or a negative correction) and to
 *        set 减免/缓缴
 *   GET  /levy/{id}/edit?year=                     the form of a change (holds
 *        the full phone: opening it is logged as a viewing)
 *   POST /levy/new, /levy/{id}/edit, /levy/{id}/collections,
 *        /levy/{id}/override, /levy/year           the changes; a refusal shows
 *        the form again with each reason under its field and what was typed
 *
 * Roles (domain/levy): county admin and staff manage; township users see
 * their township's employers read-only; leaders read; villages and
 * hospitals are refused (403). Every change is logged (levy-action).
 */
#ifndef HUIMIN_PAGE_LEVY_H
#define HUIMIN_PAGE_LEVY_H

#include "base/error.h"
#include "web/server.h"

int page_levy(struct request *req, struct error *err);
/* GET /levy/... (new, export.xlsx, {id}, {id}/edit). */
int page_levy_sub(struct request *req, struct error *err);
/* POST /levy/... */
int page_levy_post(struct request *req, struct error *err);

#endif
