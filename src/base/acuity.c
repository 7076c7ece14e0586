#include "base/acuity.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The longest text read (a word with a note after it); longer text is not an acuity. */
#define TEXT_MAX 128

static const struct {
	const char *word;
	int64_t value;
} words[] = {
	/* Longest first where one begins another (无光感 / 光感). */
	{ "无光感", ACUITY_NLP }, { "nlp", ACUITY_NLP }, { "npl", ACUITY_NLP }, { "光感", ACUITY_LP },
	{ "lp", ACUITY_LP },	  { "pl", ACUITY_LP },	 { "手动", ACUITY_HM }, { "hm", ACUITY_HM },
	{ "指数", ACUITY_CF },	  { "数指", ACUITY_CF }, { "cf", ACUITY_CF },	{ "fc", ACUITY_CF },
};

/* GB 11533: the decimal line beside each five-point line 3.0 .. 5.3, in thousandths. */
static const int16_t five_point[24] = {
	10,  12,  15,  20,  25,  30,  40,  50,  60,  80,   /* 3.0 .. 3.9 */
	100, 120, 150, 200, 250, 300, 400, 500, 600, 800,  /* 4.0 .. 4.9 */
	1000, 1200, 1500, 2000,				   /* 5.0 .. 5.3 */
};

/*
 * Copies text into out (size bytes) with full-width ASCII (U+FF01..U+FF5E)
 * made ASCII, the ideographic space a space, ASCII letters lowercase, and
 * spaces around removed. -1 when it does not fit.
 */
static int normalize(const char *text, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = 0;
	while (*s) {
		unsigned c = *s;
		if (c == 0xEF && s[1] == 0xBC && s[2] >= 0x81 && s[2] <= 0xBF) {
			c = s[2] - 0x81 + 0x21;
			s += 3;
		} else if (c == 0xEF && s[1] == 0xBD && s[2] >= 0x80 && s[2] <= 0x9E) {
			c = s[2] - 0x80 + 0x60;
			s += 3;
		} else if (c == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
			c = ' ';
			s += 3;
		} else {
			s++;
		}
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (c == '\t')
			c = ' ';
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)c;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	size_t lead = strspn(out, " ");
	memmove(out, out + lead, n - lead + 1);
	return 0;
}

/*
 * A number "12", "0.3", ".5" from s to end: its value times 10^scale into
 * *v. -1 not a number, -2 more decimals than scale.
 */
static int number(const char *s, const char *end, int scale, int64_t *v)
{
	int64_t whole = 0, frac = 0;
	int intdigits = 0, decimals = 0;
	const char *p = s;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (++intdigits > 4)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (p < end && *p == '.') {
		p++;
		if (p == end)
			return -1;
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (++decimals > 6)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (decimals == 0)
			return -1;
	}
	if (p != end || (intdigits == 0 && decimals == 0))
		return -1;
	/* Trailing zeros do not count against the scale ("1.000" is 1). */
	while (decimals > scale && frac % 10 == 0) {
		frac /= 10;
		decimals--;
	}
	if (decimals > scale)
		return -2;
	for (int i = decimals; i < scale; i++)
		frac *= 10;
	int64_t unit = 1;
	for (int i = 0; i < scale; i++)
		unit *= 10;
	*v = whole * unit + frac;
	return 0;
}

/* Whether after a word, rest is acceptable: nothing, or a note that does not continue an ASCII word. */
static bool word_end(const char *rest)
{
	return *rest == '\0' || !((*rest >= 'a' && *rest <= 'z'));
}

enum acuity_status acuity_parse(const char *text, int64_t *out)
{
	char s[TEXT_MAX];
	if (!text)
		return ACUITY_EMPTY;
	if (normalize(text, s, sizeof s) < 0)
		return ACUITY_SYNTAX;
	if (!*s)
		return ACUITY_EMPTY;

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i].word);
		if (strncmp(s, words[i].word, n) == 0 && word_end(s + n)) {
			*out = words[i].value;
			return ACUITY_OK;
		}
	}

	char *end = s + strlen(s);
	char *slash = strchr(s, '/');
	if (slash) {
		int64_t num, den;
		int a = number(s, slash, 1, &num), b = number(slash + 1, end, 1, &den);
		if (a == -1 || b == -1)
			return ACUITY_SYNTAX;
		if (a == -2 || b == -2)
			return ACUITY_PRECISION;
		if (num <= 0 || den <= 0 || num > 9990 || den > 9990)
			return ACUITY_RANGE;
		int64_t v = (2000 * num + den) / (2 * den); /* 1000 * num / den, rounded half up */
		if (v < ACUITY_MIN || v > ACUITY_MAX)
			return ACUITY_RANGE;
		*out = v;
		return ACUITY_OK;
	}

	int64_t v;
	int rc = number(s, end, 3, &v);
	if (rc == -1)
		return ACUITY_SYNTAX;
	if (rc == -2)
		return ACUITY_PRECISION;
	if (v >= ACUITY_MIN && v <= ACUITY_MAX) {
		*out = v;
		return ACUITY_OK;
	}
	/* Five-point: 3.0 .. 5.3 with one decimal (as typed: "4.5", not "4.50" or "4"). */
	const char *dot = strchr(s, '.');
	if (v >= 3000 && v <= 5300 && v % 100 == 0 && dot && end - dot == 2) {
		*out = five_point[(v - 3000) / 100];
		return ACUITY_OK;
	}
	return ACUITY_RANGE;
}

const char *acuity_reason(enum acuity_status st)
{
	switch (st) {
	case ACUITY_OK:
		return "";
	case ACUITY_EMPTY:
		return "请填写视力";
	case ACUITY_PRECISION:
		return "视力最多3位小数（分数的分子、分母最多1位小数）";
	case ACUITY_RANGE:
		return "视力应在0.01至2.0之间（五分记录3.0至5.3）；更差时写指数、手动、光感或无光感";
	case ACUITY_SYNTAX:
	case ACUITY_STATUS__MAX:
		break;
	}
	return "应为视力：小数记录如0.3、1.0，五分记录如4.5，分数如6/18、20/60，或指数、手动、光感、无光感";
}

int acuity_valid(int64_t v)
{
	return v == ACUITY_NLP || v == ACUITY_LP || v == ACUITY_HM || v == ACUITY_CF ||
	       (v >= ACUITY_MIN && v <= ACUITY_MAX);
}

void acuity_format(int64_t v, char *out, size_t n)
{
	char text[ACUITY_TEXT_MAX];
	switch (v) {
	case ACUITY_NLP:
		snprintf(text, sizeof text, "无光感");
		break;
	case ACUITY_LP:
		snprintf(text, sizeof text, "光感");
		break;
	case ACUITY_HM:
		snprintf(text, sizeof text, "手动");
		break;
	case ACUITY_CF:
		snprintf(text, sizeof text, "指数");
		break;
	default:
		if (!acuity_valid(v)) {
			snprintf(text, sizeof text, "?");
		} else if (v % 1000 == 0) {
			snprintf(text, sizeof text, "%d.0", (int)(v / 1000));
		} else {
			int frac = (int)(v % 1000), digits = 3;
			while (frac % 10 == 0) {
				frac /= 10;
				digits--;
			}
			snprintf(text, sizeof text, "%d.%0*d", (int)(v / 1000), digits, frac);
		}
	}
	if (n == 0)
		return;
	if (strlen(text) >= n)
		text[0] = '\0'; /* never half a character */
	snprintf(out, n, "%s", text);
}
