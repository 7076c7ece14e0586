#include "base/number.h"

#include <stddef.h>

bool number_parse(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s)
		return false;
	int64_t v = 0;
	size_t n = 0;
	for (const char *p = s; *p; p++, n++) {
		if (*p < '0' || *p > '9' || n == 18)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}
