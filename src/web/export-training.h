/*
 * export-training: the lists of 就业与康复 as .xlsx (web/export), within
 * the user's registry scope, each logged as an export:
 *
 *   GET /training/export?year=Y   培训班名册: the year's classes (with a
 *       合计 row) and, on a second sheet, every trainee of them
 *   GET /training/{id}/export     a class's 学员名单
 *   GET /rehab/export?year=&township=&kind=   the services the list's
 *       filters select, every page
 *
 * ID numbers are masked (base/mask.h), as the pages show them. The pages
 * route here after their own access checks (page-training, page-rehab).
 */
#ifndef HUIMIN_EXPORT_TRAINING_H
#define HUIMIN_EXPORT_TRAINING_H

#include "base/error.h"
#include "domain/rehab.h"
#include "domain/training.h"
#include "web/server.h"

/* The classes of year and their trainees within the user's scope. 0 (sent) or -1. */
__attribute__((warn_unused_result)) int export_training_year(struct request *req, int year, struct error *err);
/* The trainees of class c (found within the user's scope). 0 (sent) or -1. */
__attribute__((warn_unused_result)) int export_training_class(struct request *req, const struct training_class *c,
                                                              struct error *err);
/* The services q selects (its page and per_page are ignored: all of them). 0 (sent) or -1. */
__attribute__((warn_unused_result)) int export_rehab(struct request *req, const struct rehab_query *q,
                                                     struct error *err);

#endif
