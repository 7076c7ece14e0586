/*
 * page-rehab: 就业与康复 → 康复服务 (domain/rehab), the pages:
 *
 *   GET  /rehab?year=Y&township=CODE&kind=K&page=N  the services within the user's scope, newest
 *                                                   first (year "" for every year), 20 a page
 *   GET  /rehab/new[?person=ID]                     the form (county admin and staff, township):
 *                                                   the person by ID number, or the person given
 *   POST /rehab/new                                 rehab_add; the form again with each reason,
 *                                                   or 303 to the list (or the person's page)
 *   GET  /rehab/export?year=&township=&kind=        the list's services, every page, as .xlsx
 *                                                   (web/export-training)
 *
 * Hospitals get 403; leaders and village users read. Entries are in the
 * operation log (module 康复).
 */
#ifndef HUIMIN_PAGE_REHAB_H
#define HUIMIN_PAGE_REHAB_H

#include "base/error.h"
#include "domain/person.h"
#include "web/server.h"

int page_rehab(struct request *req, struct error *err);
/* GET /rehab/new. */
int page_rehab_sub(struct request *req, struct error *err);
/* POST /rehab/new. */
int page_rehab_post(struct request *req, struct error *err);

/* The person's services as a table (inside the person page's section), with 登记康复服务. 0 or -1. */
int page_rehab_person_table(struct request *req, const struct person *person, struct error *err);

#endif
