/*
 * uscc: the unified social credit code (统一社会信用代码, GB 32100-2015) of
 * an enterprise or other organisation: 18 characters from the code set
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (digits and upper-case letters without
 * I, O, Z, S, V):
 *
 *   1      登记管理部门码  registration authority: 1 机构编制, 2 外交,
 *                          3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
 *                          9 工商 (市场监管), A 中央军委改革和编制办公室,
 *                          N 农业, Y 其他
 *   2      机构类别码      the type within the authority (9: 1 企业,
 *                          2 个体工商户, 3 农民专业合作社; Y: only 1; ...)
 *   3-8    登记管理机关行政区划码  the registering office's GB/T 2260 code:
 *                          6 digits whose first two are a province (11 ..
 *                          82), or 100000 for a national registration
 *   9-17   主体标识码      the organisation code (GB 11714); its own check
 *                          digit is not checked here (the code's check
 *                          character below catches a mistyped character)
 *   18     校验码          31 - (sum of value_i x weight_i mod 31), weights
 *                          1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28,
 *                          value_i the character's place in the code set,
 *                          and 31 written as 0; mapped back into the set
 *
 * Lower-case letters are accepted and upper-cased: the code set has no
 * lower-case letters, so "91340100mA2..." can only mean the upper-case
 * code, and people copy codes from documents in either case. The parsed
 * code is always upper-case. Nothing else is forgiven: surrounding spaces
 * are the caller's to trim, full-width characters are refused (naming
 * the place), as is any text that is not 18 characters.
 *
 * Parsers never read past the text's NUL and report the first rule that
 * fails, in this order: empty, length, characters, authority, type,
 * division, check character.
 */
#ifndef HUIMIN_USCC_H
#define HUIMIN_USCC_H

#include <stddef.h>

#define USCC_LEN 18

enum uscc_status {
	USCC_OK = 0,
	USCC_EMPTY,	/* empty text */
	USCC_LENGTH,	/* not 18 characters */
	USCC_CHARS,	/* a character outside the code set (after upper-casing) */
	USCC_AUTHORITY, /* character 1 is not a registration authority */
	USCC_TYPE,	/* character 2 is not a type of that authority */
	USCC_DIVISION,	/* characters 3-8 are not a division code */
	USCC_CHECK,	/* character 18 is not the check character of the first 17 */
	USCC_STATUS__MAX
};

struct uscc {
	char code[USCC_LEN + 1]; /* normalised: upper-case */
	char authority;		 /* character 1 */
	char type;		 /* character 2 */
	char division[7];	 /* characters 3-8 */
};

/* Parses s; fills out only on USCC_OK. */
enum uscc_status uscc_parse(const char *s, struct uscc *out);

/*
 * The check character of 17 characters of the code set (upper-case only),
 * or '?' when first17 is shorter or holds another character.
 */
char uscc_check_char(const char *first17);

/* 工商, 民政 ... for a registration authority character; NULL for another. */
const char *uscc_authority_label(char authority);
/* 企业, 个体工商户 ... for a type of authority; NULL when it is not one of its types. */
const char *uscc_type_label(char authority, char type);

/*
 * Why s was refused: st is what uscc_parse(s) returned (not USCC_OK). A
 * Chinese message from the message table naming the rule and the place
 * ("第5位“O”不是代码用字……", "校验码错误：按前17位计算，第18位应为X……"),
 * written into out (size bytes, cut at a character if it must). The field's
 * name is the caller's to add.
 */
void uscc_reason(const char *s, enum uscc_status st, char *out, size_t size);

#endif
