/*
 * page-training: 就业与康复 → 培训班 (domain/training), the pages:
 *
 *   GET  /training?year=Y               the classes of a year (trainees counted within the user's scope)
 *   GET  /training/new, POST            a new class (county admin and staff); the form again with
 *                                       each reason, or 303 to the class
 *   GET  /training/{id}[?q=TEXT]        the class: its facts, the trainees within scope, and while open
 *                                       for the roles that may: add by ID number, search the registry
 *                                       (q) and add from the results, remove, 结业
 *   POST /training/{id}/add             person=ID or id_number=..., support (yuan, optional)
 *   POST /training/{id}/remove          person=ID
 *   POST /training/{id}/close           结业: the list no longer changes
 *   GET  /training/{id}/signin          签到表 to print: name, sex, masked ID number, village, a
 *                                       signature column (the trainees within scope)
 *   GET  /training/export?year=Y        培训班名册 (.xlsx, web/export-training)
 *   GET  /training/{id}/export          the class's 学员名单 (.xlsx)
 *
 * Hospitals get 403; leaders and village users read. Changes are in the
 * operation log (module 劳动就业). The tab bar links 康复服务 (page-rehab).
 */
#ifndef HUIMIN_PAGE_TRAINING_H
#define HUIMIN_PAGE_TRAINING_H

#include "base/error.h"
#include "domain/person.h"
#include "web/server.h"

int page_training(struct request *req, struct error *err);
/* GET /training/... (new, a class, its sign-in sheet). */
int page_training_sub(struct request *req, struct error *err);
/* POST /training/... (new, add, remove, close). */
int page_training_post(struct request *req, struct error *err);

/*
 * The section 就业培训与康复服务 of a person's page: the classes the person
 * took part in and the rehabilitation services given (page-rehab), with a
 * link to enter a service. Nothing for roles that do not see them. 0 or -1.
 */
int page_training_person_section(struct request *req, const struct person *person, struct error *err);

/* The tab bar of 就业与康复 with current ("/training" or "/rehab") marked. 0 or -1 (page full). */
int page_training_tabs(struct buf *b, const char *current);

#endif
