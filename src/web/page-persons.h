/*
 * page-persons: 残疾人档案, the registry list (GET /persons: query form,
 * sortable table, pagination) and a person's page (GET /persons/{id}),
 * both within the user's data scope. Lists show ID numbers and phones
 * masked (base/mask.h); a person outside the scope is "not found".
 */
#ifndef HUIMIN_PAGE_PERSONS_H
#define HUIMIN_PAGE_PERSONS_H

#include "base/error.h"
#include "web/server.h"

int page_persons(struct request *req, struct error *err);
int page_person(struct request *req, struct error *err);
/* POST /persons/{id}: the full ID number, certificate, phone and account, for the roles that work with files; logged. */
int page_person_post(struct request *req, struct error *err);

#endif
