/*
 * xalloc: allocation that never returns NULL.
 *
 * Out of memory is not a condition huimin can recover from in the middle of
 * an import or a request, so every allocator here prints a message and
 * aborts instead of handing NULL to the caller.
 */
#ifndef HUIMIN_XALLOC_H
#define HUIMIN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Returns a copy the caller frees. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
