/*
 * api-persons: GET /api/v1/persons (the registry list with the filters of
 * the list page, as codes) and GET /api/v1/persons/{id}, in JSON (web/json;
 * jansson for the small error answers),
 * within the caller's data scope; and the API's one error shape,
 * {"error":{"code":"...","message":"...","fields":{...}}}, which web/auth
 * uses too.
 */
#ifndef HUIMIN_API_PERSONS_H
#define HUIMIN_API_PERSONS_H

#include "base/error.h"
#include "web/server.h"

int api_persons(struct request *req, struct error *err);
int api_person(struct request *req, struct error *err);
/*
 * POST /api/v1/persons (a new file) and PUT /api/v1/persons/{id} (a
 * change: keys left out keep their values), JSON bodies with the keys of
 * API_PERSON_FIELDS (codes for category, grade, hukou, dibao, status and the
 * 12-digit village); 201/200 with the file, 400 with a reason per key, 404
 * outside scope, 409 when "updated_at" is given and the file has changed
 * since. Logged as the pages log them.
 */
int api_person_create(struct request *req, struct error *err);
int api_person_update(struct request *req, struct error *err);

/*
 * Replaces the response with the error object: status, code (a stable
 * identifier such as "bad_request"), message in Chinese, fields a JSON
 * object of field: message (taken over; NULL for none).
 */
void api_error(struct request *req, unsigned status, const char *code, const char *message, void *fields);

#endif
