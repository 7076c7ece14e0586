/*
 * buf: a growable byte string with a size cap.
 *
 * Invariants: data is NUL-terminated whenever it is not NULL; len never
 * exceeds max. Every buffer has a cap so that no input (a CSV field, a
 * request body) can grow memory without bound: an append that would pass
 * the cap appends nothing and returns -1.
 *
 *   struct buf b = BUF_INIT(4096);
 *   if (buf_addstr(&b, "...") < 0) ...too long...
 *   use(buf_cstr(&b));
 *   buf_release(&b);
 */
#ifndef HUIMIN_BUF_H
#define HUIMIN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* the most bytes len may reach */
};

#define BUF_INIT(limit) { NULL, 0, 0, (limit) }

/* Lifecycle */
void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer can be used again (empty). */
void buf_release(struct buf *b);
/* Hands the string to the caller, who frees it; the buffer is empty. */
char *buf_detach(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Appending: each returns 0, or -1 when the cap would be passed (nothing appended). */
__attribute__((warn_unused_result)) int buf_add(struct buf *b, const void *p, size_t n);
__attribute__((warn_unused_result)) int buf_addstr(struct buf *b, const char *s);
__attribute__((warn_unused_result)) int buf_addch(struct buf *b, char c);
__attribute__((warn_unused_result, format(printf, 2, 3))) int buf_addf(struct buf *b, const char *fmt, ...);
__attribute__((warn_unused_result)) int buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* The contents as a C string; "" for an empty buffer. */
const char *buf_cstr(const struct buf *b);

#endif
