/*
 * api-cases: the cases of the livelihood projects in JSON, with the same
 * scope, rules and operation log as the pages (web/page-cases).
 *
 *   GET  /api/v1/cases?program=&year=&township=&stage=&reached=&due_stage=&due=&page=&per_page=
 *   GET  /api/v1/cases/{id}                 the case, its events, its follow-ups, what the caller may do
 *   POST /api/v1/cases                      enrols: {"program","year","person_id","transition","date",
 *                                           "values":{...},"remark"} -> 201 the case
 *   POST /api/v1/cases/{id}/transitions     {"transition","date","values":{...},"remark"} -> 200 the case
 *   POST /api/v1/cases/{id}/transfer        {"village","remark"} -> 200 the case
 *   GET  /api/v1/cases/{id}/files           the scanned documents (web/case-files)
 *   POST /api/v1/cases/{id}/files           multipart/form-data: kind, file -> 201 the document
 *   GET  /api/v1/cases/{id}/files/{fid}     the document's bytes
 *
 * Refusals 400 {"error":{"code":"invalid","message":...,"fields":{...}}},
 * outside the caller's scope 404, a role that may not 403.
 */
#ifndef HUIMIN_API_CASES_H
#define HUIMIN_API_CASES_H

#include "base/error.h"
#include "web/server.h"

int api_cases(struct request *req, struct error *err);
int api_case(struct request *req, struct error *err);
int api_case_create(struct request *req, struct error *err);
int api_case_post(struct request *req, struct error *err);

#endif
