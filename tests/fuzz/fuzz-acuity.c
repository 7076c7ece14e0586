/*
 * Fuzzes acuity_parse with arbitrary text: it never crashes, a value it
 * gives is valid, and formatting that value gives text that parses back to
 * the same value (acuity.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/acuity.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	int64_t v = -12345;
	enum acuity_status st = acuity_parse(s, &v);
	CHECK(st < ACUITY_STATUS__MAX);
	CHECK(acuity_reason(st) != NULL);
	if (st == ACUITY_OK) {
		CHECK(acuity_valid(v));
		char text[ACUITY_TEXT_MAX];
		acuity_format(v, text, sizeof text);
		int64_t back = -1;
		CHECK(acuity_parse(text, &back) == ACUITY_OK);
		CHECK(back == v);
	} else {
		CHECK(v == -12345);
	}
	free(s);
	return 0;
}
