/*
 * Fuzzes money_parse with arbitrary text, with and without
 * MONEY_FLOAT_CELL: it never crashes, an amount it gives is within
 * 0..MONEY_MAX, a refusal leaves the amount alone, and each format of an
 * amount parses back to the same fen (money.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

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
	for (unsigned flags = 0; flags <= MONEY_FLOAT_CELL; flags++) {
		int64_t v = -12345;
		enum money_status st = money_parse(s, flags, &v);
		CHECK(st < MONEY_STATUS__MAX);
		CHECK(money_reason(st) != NULL);
		if (st != MONEY_OK) {
			CHECK(v == -12345);
			continue;
		}
		CHECK(v >= 0 && v <= MONEY_MAX);
		char text[MONEY_TEXT_MAX];
		int64_t back = -1;
		money_format(v, text, sizeof text);
		CHECK(money_parse(text, 0, &back) == MONEY_OK && back == v);
		money_format_plain(v, text, sizeof text);
		CHECK(money_parse(text, 0, &back) == MONEY_OK && back == v);
		money_format_wan(v, text, sizeof text);
		CHECK(strstr(text, "万元") != NULL);
	}
	free(s);
	return 0;
}
