/*
 * Fuzzes the ID and certificate parsers and the masks with arbitrary text.
 * Any abort() is a finding; the invariants checked are the ones callers rely
 * on (see idcard.h and mask.h).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/idcard.h"
#include "base/mask.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef void mask_fn(const char *in, char *out, size_t outsz);

static const struct date TODAY = {2024, 6, 15};
static const char VALID_ID[] = "11010519491231002X";

/* Strict UTF-8 check (RFC 3629), written apart from mask.c's decoder. */
static bool utf8_valid(const unsigned char *s, size_t *chars)
{
	size_t n = 0;

	while (*s) {
		unsigned c = *s;
		unsigned need, min, cp;
		if (c < 0x80) {
			s++;
			n++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			need = 1, min = 0x80, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2, min = 0x800, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return false;
		}
		for (unsigned i = 1; i <= need; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += need + 1;
		n++;
	}
	*chars = n;
	return true;
}

static void check_idcard(const char *s)
{
	struct idcard id;
	enum idcard_status st = idcard_parse(s, TODAY, &id);

	CHECK(st < IDCARD_STATUS__MAX);
	if (st == IDCARD_OK) {
		CHECK(strlen(id.number) == 18);
		CHECK(idcard_check_char(id.number) == id.number[17]);
		CHECK(strchr(id.number, 'x') == NULL);
		CHECK(date_valid(id.birth.year, id.birth.month, id.birth.day));
		CHECK(id.birth.year >= 1800);
		CHECK(date_cmp(id.birth, TODAY) <= 0);
		CHECK(id.sex == ((id.number[16] - '0') % 2 ? SEX_MALE : SEX_FEMALE));
		/* the same number, apart from the case of x */
		for (int i = 0; i < 18; i++)
			CHECK(id.number[i] == s[i] || (id.number[i] == 'X' && s[i] == 'x'));
	} else if (st == IDCARD_EMPTY) {
		CHECK(s[0] == '\0');
	} else if (st == IDCARD_LENGTH) {
		CHECK(strlen(s) != 18);
	}
}

static void check_cert(const char *s, const char *idnumber)
{
	struct cert c;
	enum cert_status st = cert_parse(s, idnumber, &c);

	CHECK(st < CERT_STATUS__MAX);
	if (st == CERT_OK) {
		CHECK(strlen(c.number) == 20);
		CHECK(strlen(s) == 20);
		CHECK(c.category >= 1 && c.category <= 7);
		CHECK(c.grade >= 1 && c.grade <= 4);
		CHECK(strchr(c.number, 'x') == NULL);
	}
}

static void check_mask(mask_fn *fn, const char *s, bool valid, size_t chars)
{
	static const size_t small[] = {1, 2, 3, 4, 5, 8, 12, 19, 21};
	/* Every character comes out as at most 4 bytes. */
	size_t bigsz = 4 * strlen(s) + 1;
	char *big = malloc(bigsz);
	size_t out_chars;

	CHECK(big != NULL);
	fn(s, big, bigsz);
	CHECK(memchr(big, '\0', bigsz) != NULL);
	/* Output is always valid UTF-8; from valid input, of the same length in characters. */
	CHECK(utf8_valid((const unsigned char *)big, &out_chars));
	if (valid)
		CHECK(out_chars == chars);
	CHECK((s[0] == '\0') == (big[0] == '\0'));

	/* Exact-size heap buffers, so ASan catches a write past outsz. */
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
		size_t outsz = small[i];
		char *out = malloc(outsz);
		CHECK(out != NULL);
		memset(out, 0x5a, outsz);
		fn(s, out, outsz);
		CHECK(memchr(out, '\0', outsz) != NULL);
		/* A truncated result is a prefix of the whole one. */
		CHECK(strncmp(out, big, strlen(out)) == 0);
		free(out);
	}
	{
		char one = 0x5a;
		fn(s, &one, 0);
		CHECK(one == 0x5a);
	}
	free(big);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char first18[19];
	size_t n18, chars = 0;
	bool valid;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_idcard(s);

	check_cert(s, VALID_ID);
	/* Against its own first 18 bytes (up to the first NUL). */
	n18 = strnlen(s, 18);
	memcpy(first18, s, n18);
	first18[n18] = '\0';
	check_cert(s, first18);

	valid = utf8_valid((const unsigned char *)s, &chars);
	check_mask(mask_idcard, s, valid, chars);
	check_mask(mask_cert, s, valid, chars);
	check_mask(mask_phone, s, valid, chars);
	check_mask(mask_account, s, valid, chars);
	check_mask(mask_name, s, valid, chars);

	/* An 18-character ID number never shows its birth date. */
	if (valid && chars == 18 && strlen(s) == 18) {
		char out[19];
		mask_idcard(s, out, sizeof out);
		CHECK(memcmp(out + 6, "********", 8) == 0);
	}

	free(s);
	return 0;
}
