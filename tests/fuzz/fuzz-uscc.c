/*
 * Fuzzes the unified social credit code parser (base/uscc) with arbitrary
 * text. Any abort() is a finding; the invariants checked are the ones
 * callers rely on (see uscc.h): a parsed code is 18 characters of the code
 * set, upper-case, with its own check character, and parses again to
 * itself; a refusal always has a reason that is one line of valid UTF-8,
 * also when it is cut to a small buffer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/uscc.h"
#include "base/utf8.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char CODE_SET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void check_reason(const char *s, enum uscc_status st)
{
	static const size_t sizes[] = {1, 2, 3, 4, 7, 10, 31, 64, 512};
	char big[1024];
	uscc_reason(s, st, big, sizeof big);
	CHECK(big[0] != '\0');
	CHECK(utf8_valid(big, strlen(big)));
	CHECK(!utf8_has_control(big));
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		/* Exact-size heap buffers, so ASan catches a write past size. */
		char *out = malloc(sizes[i]);
		CHECK(out != NULL);
		memset(out, 0x5a, sizes[i]);
		uscc_reason(s, st, out, sizes[i]);
		CHECK(memchr(out, '\0', sizes[i]) != NULL);
		CHECK(utf8_valid(out, strlen(out)));
		CHECK(strncmp(out, big, strlen(out)) == 0);
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	struct uscc u;
	enum uscc_status st = uscc_parse(s, &u);
	CHECK(st < USCC_STATUS__MAX);
	if (st == USCC_OK) {
		CHECK(strlen(s) == USCC_LEN);
		CHECK(strlen(u.code) == USCC_LEN);
		for (int i = 0; i < USCC_LEN; i++) {
			CHECK(u.code[i] != '\0' && strchr(CODE_SET, u.code[i]) != NULL);
			/* the same code, apart from the case of letters */
			CHECK(u.code[i] == s[i] || u.code[i] == s[i] - 'a' + 'A');
		}
		CHECK(uscc_check_char(u.code) == u.code[17]);
		CHECK(u.authority == u.code[0] && u.type == u.code[1]);
		CHECK(memcmp(u.division, u.code + 2, 6) == 0 && u.division[6] == '\0');
		CHECK(uscc_authority_label(u.authority) != NULL);
		CHECK(uscc_type_label(u.authority, u.type) != NULL);
		struct uscc again;
		CHECK(uscc_parse(u.code, &again) == USCC_OK);
		CHECK(strcmp(again.code, u.code) == 0);
		/* One character changed to another of the set is never valid as well (the check character sees it). */
		char changed[USCC_LEN + 1];
		memcpy(changed, u.code, sizeof changed);
		int place = (int)(size % USCC_LEN);
		changed[place] = CODE_SET[(strchr(CODE_SET, changed[place]) - CODE_SET + 1) % 31];
		CHECK(uscc_parse(changed, &again) != USCC_OK);
	} else {
		if (st == USCC_EMPTY)
			CHECK(s[0] == '\0');
		check_reason(s, st);
	}
	/* The check character of any text is a character of the set or '?'. */
	char c = uscc_check_char(s);
	CHECK(c == '?' || (c != '\0' && strchr(CODE_SET, c) != NULL));

	free(s);
	return 0;
}
