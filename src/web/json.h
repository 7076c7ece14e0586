/*
 * json: JSON text written straight into a buf, for the API's large
 * answers (a page of the registry). jansson builds a tree of objects (a
 * hash table and an allocation per value) and then prints it: for a page
 * of 50 persons that was more than half of the request's time. Small and
 * error answers still go through jansson (web/api-persons.c).
 *
 * The caller writes the structure ("{", ",", "}" ...) with json_raw and the
 * values with json_str and json_int; json_key writes "name": for a key of
 * the program's own. Each appends to b and returns 0, or -1 when b's cap
 * would be passed (b then holds what fitted).
 *
 * Strings are expected to be UTF-8: " and \ are escaped, control
 * characters become \n, \t ... or \u00XX, and a byte that is not part of a
 * valid UTF-8 sequence is written as U+FFFD, so the text is always valid
 * JSON (RFC 8259) whatever the data. "/" and non-ASCII characters are
 * written as they are, as jansson does by default.
 */
#ifndef HUIMIN_JSON_H
#define HUIMIN_JSON_H

#include <stdint.h>

#include "base/buf.h"

/* A literal of the program (structure, a key with its colon), as it is. */
__attribute__((warn_unused_result)) int json_raw(struct buf *b, const char *s);
/* "key": for a key of the program's own (no escaping). */
__attribute__((warn_unused_result)) int json_key(struct buf *b, const char *key);
/* A string value, quoted and escaped; NULL writes null. */
__attribute__((warn_unused_result)) int json_str(struct buf *b, const char *s);
/* An integer value. */
__attribute__((warn_unused_result)) int json_int(struct buf *b, int64_t v);

#endif
