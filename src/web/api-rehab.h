/*
 * api-rehab: rehabilitation services in JSON (domain/rehab), within the
 * caller's data scope:
 *
 *   GET  /api/v1/rehab?year=&township=&kind=&page=&per_page=   the services, newest first
 *   POST /api/v1/rehab                                         {person_id | id_number, kind, provider,
 *                                                              date, note}: 201 with the service
 *   GET  /api/v1/rehab/progress?year=Y                         the targets' numbers: services (人次),
 *                                                              persons, by township
 *
 * 400 with a reason per key, 403 for a role that may not (hospitals
 * everything; leaders and village users the POST), 404 for a person that
 * does not exist in scope. Entries are logged as the pages log them.
 */
#ifndef HUIMIN_API_REHAB_H
#define HUIMIN_API_REHAB_H

#include "base/error.h"
#include "web/server.h"

int api_rehab(struct request *req, struct error *err);
int api_rehab_post(struct request *req, struct error *err);
/* GET /api/v1/rehab/progress. */
int api_rehab_one(struct request *req, struct error *err);

#endif
