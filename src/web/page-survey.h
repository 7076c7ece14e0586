/*
 * page-survey: 残疾人基本情况调查 in the browser (the menu's 基本情况调查),
 * within the user's data scope (village users their village, township
 * users their township, the county all; leaders read only; hospitals are
 * refused). Every page takes ?year=Y (the current year without one).
 *
 *   GET  /survey                             progress by township with the county total, the
 *                                            acceptance error rates; a village user goes to the
 *                                            village's page; the county admin opens a year's survey
 *   POST /survey/open                        open it: the form file (.json), the period
 *   GET  /survey/townships/{code}            the township's villages: investigator, counts, state
 *   POST /survey/townships/{code}/roster     draw the rosters of all its villages
 *   GET  /survey/villages/{code}             the village: investigator, counts, the roster with
 *                                            each person's record (?show=todo for those without)
 *   POST /survey/villages/{code}/roster      draw (update) the village's roster
 *   POST /survey/villages/{code}/investigator
 *   GET  /survey/records/{person_id}         a roster person: the record form, the versions
 *   POST /survey/records/{person_id}         record or correct
 *   GET  /survey/townships/{code}/checks     验收: the township's checks, a form to draw one
 *   POST /survey/townships/{code}/checks     draw a sample (county)
 *   GET  /survey/checks/{id}                 a check's households with the verdict forms
 *   POST /survey/checks/{id}/verify          a verdict (county)
 *
 * The acceptance pages are in page-survey-check.c. Changes are in the
 * operation log (module 基本情况调查).
 */
#ifndef HUIMIN_PAGE_SURVEY_H
#define HUIMIN_PAGE_SURVEY_H

#include <stdbool.h>

#include "base/error.h"
#include "domain/registry.h"
#include "web/server.h"

int page_survey(struct request *req, struct error *err);
int page_survey_post(struct request *req, struct error *err);

/* For page-survey-check: what the survey pages share. */

/* A page's year (?year= or the POST's year field): the year, or -1 answered 404. */
int page_survey_year(struct request *req, bool post);
/* The hidden year field of a form (with the CSRF field). 0 or -1 (full). */
__attribute__((warn_unused_result)) int page_survey_hidden(struct request *req, int year);
/* The visit or error rate as a coloured tag against the target (higher_is_better for the visit rate). 0 or -1. */
__attribute__((warn_unused_result)) int page_survey_rate(struct buf *b, long part, long whole, int target_permille,
                                                         bool higher_is_better);

#endif
