/*
 * acuity: visual acuity (视力) as ophthalmologists in China write it, kept
 * as one integer: the decimal acuity in thousandths (0.3 -> 300, 1.0 -> 1000).
 *
 * Accepted notations (spaces around are ignored; full-width digits, "．"
 * and "／" are read as their ASCII forms; letters in any case):
 * - decimal (小数记录) 0.01 .. 2.0 with up to 3 decimals: "0.3", "1.0", ".5", "1";
 * - Snellen, metres or feet: "6/18", "6/7.5", "3/60", "20/60": the exact
 *   ratio rounded to thousandths (6/18 -> 333, 6/60 -> 100, 20/200 -> 100),
 *   which must fall within 0.01 .. 2.0; numerator and denominator are 1..999
 *   with at most one decimal;
 * - the five-point notation (五分记录, GB 11533) 3.0 .. 5.3, one decimal, read
 *   as the decimal line the standard chart prints beside it (4.5 -> 0.3,
 *   4.0 -> 0.1, 5.0 -> 1.0); it cannot be mistaken for a decimal, which
 *   never exceeds 2.0;
 * - the words below any chart line, as small values under 0.01 (10):
 *   指数/数指/CF/FC count fingers 5, 手动/HM 2, 光感/LP/PL 1, 无光感/NLP/NPL 0;
 *   a distance or note after them ("指数/30cm", "CF 1m") is allowed and dropped.
 *
 * WHO's categories of presenting acuity (good >= 6/18, borderline >= 6/60)
 * meet the chart lines Chinese hospitals use: a chart's 0.3 line is the 6/18
 * line (6/18 is 0.333, printed as 0.3), so outcome bounds are written as the
 * decimals 0.3 (300) and 0.1 (100): 0.3 and 6/18 (333) both count as good,
 * 0.25 and 6/24 (250) do not; 0.1 and 6/60 (100) are borderline.
 */
#ifndef HUIMIN_ACUITY_H
#define HUIMIN_ACUITY_H

#include <stddef.h>
#include <stdint.h>

#define ACUITY_NLP 0      /* 无光感 no light perception */
#define ACUITY_LP 1       /* 光感 light perception */
#define ACUITY_HM 2       /* 手动 hand motion */
#define ACUITY_CF 5       /* 指数 count fingers */
#define ACUITY_MIN 10     /* 0.01, the smallest chart value */
#define ACUITY_MAX 2000   /* 2.0 */
#define ACUITY_TEXT_MAX 16 /* bytes acuity_format writes at most, with the NUL */

enum acuity_status {
	ACUITY_OK,
	ACUITY_EMPTY,     /* nothing typed */
	ACUITY_SYNTAX,    /* not a notation above */
	ACUITY_PRECISION, /* more than 3 decimals (a Snellen part: more than 1) */
	ACUITY_RANGE,     /* a number outside 0.01 .. 2.0 (or 3.0 .. 5.3 for five-point) */
	ACUITY_STATUS__MAX
};

/*
 * Reads text (NUL-terminated) into *out (thousandths): ACUITY_OK, or why
 * not (out unchanged).
 */
__attribute__((warn_unused_result)) enum acuity_status acuity_parse(const char *text, int64_t *out);
/* The reason for a status, in Chinese, saying what is expected ("" for ACUITY_OK). */
const char *acuity_reason(enum acuity_status st);
/* Whether v is a value acuity_parse can give (0, 1, 2, 5, 10 .. 2000). */
int acuity_valid(int64_t v);
/*
 * Writes v as users read it: "0.3", "1.0", "0.333", "0.02", "指数", "光感" ...
 * (at least one decimal, no trailing zeros beyond it), which acuity_parse
 * reads back to v; "?" for a value that is not valid; "" when it does not
 * fit in n bytes (n >= ACUITY_TEXT_MAX holds any value).
 */
void acuity_format(int64_t v, char *out, size_t n);

#endif
