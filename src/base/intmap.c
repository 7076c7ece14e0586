#include "base/intmap.h"

#include <stdlib.h>

#include "base/xalloc.h"

struct intmap_slot {
	uint64_t key; /* 0: empty */
	int64_t value;
};

static size_t hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return (size_t)k;
}

void intmap_release(struct intmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

static struct intmap_slot *find(const struct intmap *m, uint64_t key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->slots[i].key && m->slots[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void grow(struct intmap *m)
{
	struct intmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key) = old.slots[i];
	free(old.slots);
}

bool intmap_put(struct intmap *m, uint64_t key, int64_t value, int64_t *old)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	struct intmap_slot *s = find(m, key);
	if (s->key) {
		if (old)
			*old = s->value;
		return false;
	}
	s->key = key;
	s->value = value;
	m->count++;
	return true;
}

bool intmap_get(const struct intmap *m, uint64_t key, int64_t *value)
{
	if (!m->cap)
		return false;
	struct intmap_slot *s = find(m, key);
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}
