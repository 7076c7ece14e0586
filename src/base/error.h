/*
 * error: a message slot that fallible functions fill in for their caller.
 *
 * Functions that can fail take a `struct error *` (never NULL) and, when
 * they return -1, leave a one-line message there: user-facing Chinese from
 * the message table (base/msg.h) where a clerk will read it, or a lowercase
 * technical message for operators.
 */
#ifndef HUIMIN_ERROR_H
#define HUIMIN_ERROR_H

struct error {
	char msg[512];
};

#define ERROR_INIT { { 0 } }

/* Always returns -1, so that `return error_set(err, ...);` reads naturally. */
__attribute__((format(printf, 2, 3))) int error_set(struct error *err, const char *fmt, ...);

#endif
