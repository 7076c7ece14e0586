/*
 * page-enrol: enrolling a person in a project.
 *
 *   GET  /projects/{code}/enrol?person=ID the enrolment form for a person of the registry
 *   POST /projects/{code}/enrol           case_enrol; 303 to the new case, or the form again with
 *                                         each reason (not eligible, an open case exists ...)
 *
 * and the section 参加的民生工程 of the person's page: the person's cases
 * and a form per project to enrol (page_enrol_person_section).
 */
#ifndef HUIMIN_PAGE_ENROL_H
#define HUIMIN_PAGE_ENROL_H

#include "base/error.h"
#include "domain/person.h"
#include "domain/program.h"
#include "web/server.h"

int page_enrol(struct request *req, const struct program *p, struct error *err);
int page_enrol_post(struct request *req, const struct program *p, struct error *err);
/* Appends the section to the person's page being written. 0 or -1. */
int page_enrol_person_section(struct request *req, const struct person *person, struct error *err);

#endif
