/*
 * page-survey-check: the acceptance (验收) pages of 残疾人基本情况调查,
 * routed by page-survey (see page-survey.h for the paths): a township's
 * checks with the form to draw a sample (county admin and staff), and a
 * check's households with a verdict form for each one not yet verified.
 * Township users see their township's checks; village users none.
 */
#ifndef HUIMIN_PAGE_SURVEY_CHECK_H
#define HUIMIN_PAGE_SURVEY_CHECK_H

#include <stdint.h>

#include "base/error.h"
#include "domain/registry.h"
#include "web/server.h"

/* GET and POST /survey/townships/{township}/checks (year from the page). 0 or -1. */
int page_survey_checks(struct request *req, const char *township, int year, const struct registry_scope *scope,
                       struct error *err);
int page_survey_checks_post(struct request *req, const char *township, int year, const struct registry_scope *scope,
                            struct error *err);
/* GET /survey/checks/{id} and POST /survey/checks/{id}/verify. 0 or -1. */
int page_survey_check(struct request *req, int64_t id, const struct registry_scope *scope, struct error *err);
int page_survey_check_post(struct request *req, int64_t id, const struct registry_scope *scope, struct error *err);

#endif
