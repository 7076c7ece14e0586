/*
 * api-body: what the JSON resources share when they read a request: the
 * body as a JSON object, and a domain refusal (case_problems) as the 400
 * answer with a reason per field.
 */
#ifndef HUIMIN_API_BODY_H
#define HUIMIN_API_BODY_H

#include "domain/case.h"
#include "web/server.h"

/* The request body's JSON object (a new json_t *, the caller decrefs it), or NULL after answering 400. */
void *api_body_object(struct request *req);
/* Answers 400 "invalid" with pr's message and its reasons by field. */
void api_refused(struct request *req, const struct case_problems *pr);

#endif
