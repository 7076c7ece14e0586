/*
 * page-cases: the cases of a project in the browser.
 *
 *   GET  /projects/{code}/cases           the working list: year, 乡镇, current stage, a stage
 *                                         reached, a follow-up and its state (待办/逾期/已完成), pages;
 *                                         also (统计报表's links, said in words above the list) the
 *                                         village and the person's category, grade, hukou, sex,
 *                                         status and age group (age_group, age_on) as /persons takes them
 *   GET  /projects/{code}/cases/export    the same list, all pages, as .xlsx
 *   GET  /projects/{code}/cases.pdf       the same list printed (A4 landscape): sex, age, village,
 *                                         ID number and phone masked, a column to sign; filtered to
 *                                         a transport batch (by=batch&value=) it is the 病源输送名单;
 *                                         at most PDF_DOC_ROWS_MAX rows; logged (打印名单)
 *   GET  /cases/{id}                      a case: the person, its stage, the timeline of events,
 *                                         the follow-ups, a form for each transition the user may make
 *   POST /cases/{id}/transition           makes one (case_transition); logged
 *   POST /cases/{id}/transfer             moves the case to another village (case_transfer); logged
 *   POST /cases/{id}/files                uploads a scanned document (web/case-files); logged
 *   GET  /cases/{id}/files/{fid}          downloads one; logged
 *
 * A case outside the user's case scope answers 404, as persons do.
 */
#ifndef HUIMIN_PAGE_CASES_H
#define HUIMIN_PAGE_CASES_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

int page_cases_list(struct request *req, const struct program *p, struct error *err);
int page_cases_export(struct request *req, const struct program *p, struct error *err);
int page_cases_pdf(struct request *req, const struct program *p, struct error *err);
int page_case(struct request *req, struct error *err);
int page_case_post(struct request *req, struct error *err);

#endif
