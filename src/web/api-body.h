/*
 * api-body: what the JSON resources share when they read a request: the
 * body as a JSON object (with its "values" object read as typed texts, as
 * the forms give them), and a domain refusal (case_problems) as the 400
 * answer with a reason per field.
 */
#ifndef HUIMIN_API_BODY_H
#define HUIMIN_API_BODY_H

#include <jansson.h>

#include "domain/case.h"
#include "web/server.h"

#define API_VALUES_MAX 64 /* entries of a body's "values" read */

/*
 * A body with "values": {key: value} (a form's fields by key), each value
 * as the text a form would give (strings as they are, numbers in decimal,
 * booleans "true"/"false"; null left out).
 */
struct api_body {
	json_t *root;
	json_t *fields; /* reasons by key of values of the wrong type; NULL while none */
	struct case_value values[API_VALUES_MAX];
	char texts[API_VALUES_MAX][512];
	size_t n;
};

/*
 * Reads req's body into b, at most max (<= API_VALUES_MAX) values; a
 * "values" that is not an object gets the reason hint. 0 (wrong values are
 * in b->fields), or -1 after answering 400 (not a JSON object). Release b
 * either way.
 */
int api_body_read(struct request *req, struct api_body *b, size_t max, const char *hint);
void api_body_release(struct api_body *b);
/* The body's text at key, "" when absent or not a string. */
const char *api_body_str(const struct api_body *b, const char *key);

/* The request body's JSON object (a new json_t *, the caller decrefs it), or NULL after answering 400. */
void *api_body_object(struct request *req);
/* Answers 400 "invalid" with pr's message and its reasons by field. */
void api_refused(struct request *req, const struct case_problems *pr);

#endif
