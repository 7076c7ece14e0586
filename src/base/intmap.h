/*
 * intmap: a hash map from non-zero 64-bit keys to 64-bit values, open
 * addressing, for large in-memory sets such as "ID numbers seen so far in
 * this file" (16 bytes a slot; a million keys take 32 MiB).
 */
#ifndef HUIMIN_INTMAP_H
#define HUIMIN_INTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct intmap {
	struct intmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t count;
};

#define INTMAP_INIT { NULL, 0, 0 }

void intmap_release(struct intmap *m);
/*
 * Puts key (never 0) with value unless key is there already; returns true
 * if it was put, false if key was there (then *old, if not NULL, gets its value).
 */
bool intmap_put(struct intmap *m, uint64_t key, int64_t value, int64_t *old);
/* Whether key is there; its value in *value (may be NULL). */
bool intmap_get(const struct intmap *m, uint64_t key, int64_t *value);

#endif
