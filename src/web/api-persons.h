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
 * Replaces the response with the error object: status, code (a stable
 * identifier such as "bad_request"), message in Chinese, fields a JSON
 * object of field: message (taken over; NULL for none).
 */
void api_error(struct request *req, unsigned status, const char *code, const char *message, void *fields);

#endif
