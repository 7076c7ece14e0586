#include "base/money.h"

#include <stdio.h>
#include <string.h>

#define NORM_MAX 64 /* an amount's ASCII form, longer ones are refused */

/* Bytes of a space at s (ASCII, U+3000, U+00A0), or 0. */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* The bytes of a space that ends s[0..n), or 0. */
static size_t space_before(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 && s[n - 1] == 0x80)
		return 3;
	return 0;
}

static bool starts(const unsigned char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	return n >= m && memcmp(s, lit, m) == 0;
}

static bool ends(const unsigned char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	return n >= m && memcmp(s + n - m, lit, m) == 0;
}

/*
 * The amount part of text in ASCII (full-width digits, point, comma and
 * minus mapped) into out: 0, or -1 when a character is none of those or it
 * is too long; 1 when nothing is left.
 */
static int normalise(const char *text, char out[NORM_MAX])
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), k;
	while ((k = space_at(s, n)) > 0)
		s += k, n -= k;
	while ((k = space_before(s, n)) > 0)
		n -= k;
	if (starts(s, n, "\xC2\xA5")) /* ¥ */
		s += 2, n -= 2;
	else if (starts(s, n, "\xEF\xBF\xA5")) /* ￥ */
		s += 3, n -= 3;
	if (ends(s, n, "\xE5\x85\x83")) /* 元 */
		n -= 3;
	while ((k = space_at(s, n)) > 0)
		s += k, n -= k;
	while ((k = space_before(s, n)) > 0)
		n -= k;
	if (n == 0)
		return 1;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		char c;
		if (s[i] < 0x80) {
			c = (char)s[i];
			i++;
		} else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99) {
			c = (char)('0' + (s[i + 2] - 0x90));
			i += 3;
		} else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8E) {
			c = '.';
			i += 3;
		} else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8C) {
			c = ',';
			i += 3;
		} else if (i + 2 < n && s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] == 0x8D) {
			c = '-';
			i += 3;
		} else {
			return -1;
		}
		if (o + 1 >= NORM_MAX)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

enum money_status money_parse(const char *text, unsigned flags, int64_t *fen)
{
	char a[NORM_MAX];
	int nr = normalise(text ? text : "", a);
	if (nr == 1)
		return MONEY_EMPTY;
	if (nr < 0)
		return MONEY_SYNTAX;
	const char *p = a;
	bool negative = false;
	if (*p == '-') {
		negative = true;
		p++;
	}
	/* The integer part: digits, grouped by commas of three when it has any. */
	char digits[NORM_MAX];
	size_t nd = 0, group = 0;
	bool commas = false;
	const char *q = p;
	for (; is_digit(*q) || *q == ','; q++) {
		if (*q == ',') {
			if (group == 0 || (commas && group != 3) || (!commas && group > 3))
				return MONEY_SYNTAX;
			commas = true;
			group = 0;
			continue;
		}
		digits[nd++] = *q;
		group++;
	}
	if (nd == 0 || (commas && group != 3))
		return MONEY_SYNTAX;
	const char *dec = "";
	size_t ndec = 0;
	if (*q == '.') {
		dec = q + 1;
		while (is_digit(dec[ndec]))
			ndec++;
		if (ndec == 0)
			return MONEY_SYNTAX;
		q = dec + ndec;
	}
	if (*q != '\0')
		return MONEY_SYNTAX;
	if (negative)
		return MONEY_NEGATIVE;
	bool round_up = false;
	if (ndec > 2) {
		if (!(flags & MONEY_FLOAT_CELL))
			return MONEY_DECIMALS;
		/*
		 * The text a spreadsheet cell gives for an amount (its stored number written
		 * out, e.g. "9.949999999999999"): read here as decimal digits, no floating
		 * point. Accepted when it has at least 15 significant digits and a run of
		 * six 0s or 9s past the fen, which then round to the fen.
		 */
		size_t lead = 0;
		while (lead < nd && digits[lead] == '0')
			lead++;
		size_t sig = nd - lead + ndec;
		if (lead == nd) /* 0.00xyz: the zeros after the point do not count */
			for (size_t i = 0; i < ndec && dec[i] == '0'; i++)
				sig--;
		const char *rest = dec + 2;
		size_t nrest = ndec - 2, run = 0;
		char rc = rest[0];
		while (run < nrest && rest[run] == rc)
			run++;
		if (sig < 15 || (rc != '0' && rc != '9') || run < 6 || nrest - run > 3)
			return MONEY_DECIMALS;
		round_up = rc == '9';
	}
	int64_t v = 0;
	for (size_t i = 0; i < nd; i++) {
		if (v > MONEY_MAX / 10)
			return MONEY_RANGE;
		v = v * 10 + (digits[i] - '0');
		if (v > MONEY_MAX / 100)
			return MONEY_RANGE;
	}
	v *= 100;
	if (ndec >= 1)
		v += (dec[0] - '0') * 10;
	if (ndec >= 2)
		v += dec[1] - '0';
	if (round_up)
		v++;
	if (v > MONEY_MAX)
		return MONEY_RANGE;
	*fen = v;
	return MONEY_OK;
}

const char *money_reason(enum money_status st)
{
	switch (st) {
	case MONEY_OK:
		return "";
	case MONEY_EMPTY:
		return "不能为空，应为金额（元），如 347.72";
	case MONEY_SYNTAX:
		return "应为金额（元），如 347.72 或 1,234.56";
	case MONEY_DECIMALS:
		return "金额最多两位小数（到分）";
	case MONEY_NEGATIVE:
		return "金额不能为负数";
	case MONEY_RANGE:
		return "金额过大";
	case MONEY_STATUS__MAX:
		break;
	}
	return "金额无效";
}

/* The magnitude of fen in yuan and fen, whatever its sign (INT64_MIN too). */
static void split(int64_t fen, bool *negative, unsigned long long *yuan, unsigned *cents)
{
	*negative = fen < 0;
	unsigned long long m = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
	*yuan = m / 100;
	*cents = (unsigned)(m % 100);
}

void money_format(int64_t fen, char *out, size_t size)
{
	bool neg;
	unsigned long long yuan;
	unsigned cents;
	split(fen, &neg, &yuan, &cents);
	char plain[32], grouped[48];
	int n = snprintf(plain, sizeof plain, "%llu", yuan);
	size_t g = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = plain[i];
	}
	grouped[g] = '\0';
	snprintf(out, size, "%s%s.%02u", neg ? "-" : "", grouped, cents);
}

void money_format_plain(int64_t fen, char *out, size_t size)
{
	bool neg;
	unsigned long long yuan;
	unsigned cents;
	split(fen, &neg, &yuan, &cents);
	snprintf(out, size, "%s%llu.%02u", neg ? "-" : "", yuan, cents);
}

void money_format_wan(int64_t fen, char *out, size_t size)
{
	bool neg;
	unsigned long long yuan;
	unsigned cents;
	split(fen, &neg, &yuan, &cents);
	if (cents >= 50)
		yuan++;
	char frac[8];
	snprintf(frac, sizeof frac, "%04llu", yuan % 10000);
	size_t k = 4;
	while (k > 0 && frac[k - 1] == '0')
		k--;
	frac[k] = '\0';
	snprintf(out, size, "%s%llu%s%s万元", neg && (yuan > 0) ? "-" : "", yuan / 10000, k ? "." : "", frac);
}

bool money_add(int64_t a, int64_t b, int64_t *sum)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*sum = r;
	return true;
}

bool money_mul(int64_t fen, int64_t n, int64_t *out)
{
	int64_t r;
	if (__builtin_mul_overflow(fen, n, &r))
		return false;
	*out = r;
	return true;
}
