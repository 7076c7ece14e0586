/*
 * money: amounts of yuan as integer fen (分), never floating point.
 *
 * Invariants:
 * - An amount is an int64_t count of fen; every amount a user or a file
 *   gives is within 0 .. MONEY_MAX (a trillion yuan less a fen), so sums of
 *   millions of them stay far from the int64_t limit; money_add still checks.
 * - Parsing is exact: "1,234.56" is 123456 fen; a third decimal is refused,
 *   never rounded; text without a point is yuan ("3477240" is 3,477,240.00).
 * - Formatting gives back text that parses to the same amount.
 *
 *   int64_t fen;
 *   enum money_status st = money_parse("1,234.56", 0, &fen);
 *   if (st != MONEY_OK) ...money_reason(st)...
 *   char text[MONEY_TEXT_MAX];
 *   money_format(fen, text, sizeof text);      // "1,234.56"
 */
#ifndef HUIMIN_MONEY_H
#define HUIMIN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest amount accepted: 999,999,999,999.99 yuan. */
#define MONEY_MAX INT64_C(99999999999999)
/* Room for any int64_t amount in any of the formats below, with its NUL. */
#define MONEY_TEXT_MAX 48

enum money_status {
	MONEY_OK,
	MONEY_EMPTY,    /* nothing but spaces */
	MONEY_SYNTAX,   /* not an amount: letters, two points, a misplaced comma ... */
	MONEY_DECIMALS, /* more than two decimals */
	MONEY_NEGATIVE, /* a minus sign */
	MONEY_RANGE,    /* over MONEY_MAX */
	MONEY_STATUS__MAX
};

enum money_flags {
	/*
	 * The text is a spreadsheet's number cell: a binary floating-point
	 * value written out in decimal ("347.71999999999997" for 347.72).
	 * Digits past the second decimal are then accepted when they are such
	 * an artifact (at least 15 significant digits in all, and the third
	 * decimal onwards a run of at least six 0s or six 9s): the amount is
	 * rounded to the nearest fen. Anything else past two decimals is still
	 * refused.
	 */
	MONEY_FLOAT_CELL = 1,
};

/*
 * Parses text as yuan into *fen: spaces around it (ASCII, full-width,
 * non-breaking) are ignored, as are a leading ¥ or ￥ and a trailing 元;
 * full-width digits, point and comma (１２３．４) are read as ASCII; commas
 * must group the integer part by three ("1,234,567"). Returns MONEY_OK
 * with *fen, or another status and *fen unchanged.
 */
enum money_status money_parse(const char *text, unsigned flags, int64_t *fen);
/* Why a status refused the text, in Chinese ("应为金额（元），最多两位小数，如 347.72" ...). */
const char *money_reason(enum money_status st);

/* "3,477,240.00" (grouped, two decimals; "-12.00" for a negative amount). */
void money_format(int64_t fen, char *out, size_t size);
/* "3477240.00": two decimals, no grouping (bank files, CSV). */
void money_format_plain(int64_t fen, char *out, size_t size);
/*
 * 万元 as reports write it, with up to four decimals, trailing zeros and a
 * bare point dropped: 3,477,240.00 yuan is "347.724万元", 10,000 yuan "1万元".
 * Four decimals of 万元 are whole yuan: fen are rounded to the nearest yuan
 * (half away from zero).
 */
void money_format_wan(int64_t fen, char *out, size_t size);

/* *sum = a + b: true, or false (and *sum unchanged) when it would overflow int64_t. */
__attribute__((warn_unused_result)) bool money_add(int64_t a, int64_t b, int64_t *sum);
/* *out = fen * n: true, or false on overflow. */
__attribute__((warn_unused_result)) bool money_mul(int64_t fen, int64_t n, int64_t *out);

#endif
