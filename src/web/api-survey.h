/*
 * api-survey: 残疾人基本情况调查 in JSON (docs/api.md), within the caller's
 * data scope (village users their village, township users their township,
 * the county all; leaders read; hospitals are refused):
 *
 *   GET  /api/v1/survey?year=Y                          the survey: period, target, the form's items
 *   POST /api/v1/survey                                 open it {year, form, start_date, end_date} (county admin)
 *   GET  /api/v1/survey/progress?year=Y[&township=C]    by township (and the township's villages), county total
 *   GET  /api/v1/survey/villages/{code}?year=Y          a village: investigator, counts, the roster with records
 *   POST /api/v1/survey/villages/{code}/roster          draw the village's roster {year}
 *   POST /api/v1/survey/townships/{code}/roster         draw every village of a township {year}
 *   POST /api/v1/survey/villages/{code}/investigator    {year, account, name}
 *   GET  /api/v1/survey/records/{person_id}?year=Y      a roster person, the record's versions
 *   POST /api/v1/survey/records/{person_id}             record or correct {year, outcome, date, investigator,
 *                                                       values, remark, version}
 *   GET  /api/v1/survey/checks?year=Y[&township=C]      acceptance checks, newest first
 *   POST /api/v1/survey/checks                          draw a sample {year, township, n, seed} (county)
 *   GET  /api/v1/survey/checks/{id}                     a check with its households
 *   POST /api/v1/survey/checks/{id}/items/{person_id}   a verdict {result, note, date} (county)
 *
 * Errors have the API's one shape (api_error): 400 with a reason per key,
 * 403 for the role, 404 outside the scope, 409 for a record corrected
 * meanwhile. Changes are in the operation log (module 基本情况调查).
 */
#ifndef HUIMIN_API_SURVEY_H
#define HUIMIN_API_SURVEY_H

#include "base/error.h"
#include "web/server.h"

/* GET and POST of /api/v1/survey and everything under it. */
int api_survey(struct request *req, struct error *err);
int api_survey_post(struct request *req, struct error *err);

#endif
