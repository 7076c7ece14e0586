/*
 * stamp: points in time as huimin stores them: ISO 8601 in UTC to the
 * second, "2026-06-30T08:00:00Z" (20 characters), which sorts as text in
 * time order on SQLite and PostgreSQL alike.
 */
#ifndef HUIMIN_STAMP_H
#define HUIMIN_STAMP_H

#include <time.h>

#define STAMP_SIZE 21 /* 20 characters and a NUL */

/* Writes t into out (1970-01-01T00:00:00Z for a time gmtime cannot take). */
void stamp_format(time_t t, char out[STAMP_SIZE]);
/* The time out stands for, or -1 when s is not a stamp of this form. */
time_t stamp_parse(const char *s);
/* The current time, formatted once a second per thread (imports stamp thousands of rows in one). */
void stamp_now(char out[STAMP_SIZE]);

/*
 * The stamp as users read it, in the machine's local time (the county
 * office's clock): "2026-06-30 16:00:00" into out; the text as it is when it
 * is not a stamp.
 */
#define STAMP_LOCAL_SIZE 32
void stamp_local(const char *stamp, char out[STAMP_LOCAL_SIZE]);

#endif
