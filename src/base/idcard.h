/*
 * idcard: resident identity numbers (GB 11643-1999) and second-generation
 * disability certificate numbers.
 *
 * An ID number is 18 characters: 6 area digits, 8 birth-date digits
 * (YYYYMMDD, a real date, not after today), 3 sequence digits (the last odd
 * for a man, even for a woman), and a check character: the sum of digit_i x
 * weight_i (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) mod 11, mapped by
 * "10X98765432". A lower-case x is accepted and normalised to X.
 *
 * A certificate number is the holder's ID number followed by one category
 * digit (1 visual .. 7 multiple) and one grade digit (1 most severe .. 4).
 *
 * Parsers take the text as typed (no surrounding spaces; the caller trims),
 * never read past its NUL, and return a status that names the first problem.
 */
#ifndef HUIMIN_IDCARD_H
#define HUIMIN_IDCARD_H

#include <stdint.h>

#include "base/date.h"

enum idcard_status {
	IDCARD_OK = 0,
	IDCARD_EMPTY,	  /* empty text */
	IDCARD_LENGTH,	  /* not 18 characters */
	IDCARD_CHARS,	  /* a character other than digits (and a final X/x) */
	IDCARD_AREA,	  /* first two digits are not a province code */
	IDCARD_BIRTH,	  /* digits 7-14 are not a real date (or before 1800) */
	IDCARD_FUTURE,	  /* birth date after today */
	IDCARD_CHECK,	  /* check character does not match */
	IDCARD_STATUS__MAX
};

enum idcard_sex { SEX_MALE = 1, SEX_FEMALE = 2 }; /* GB/T 2261.1 codes */

struct idcard {
	char number[19];	/* normalised: upper-case X */
	struct date birth;
	enum idcard_sex sex;
};

/* Parses and checks s against today; fills out only on IDCARD_OK. */
enum idcard_status idcard_parse(const char *s, struct date today, struct idcard *out);
/*
 * A valid number's 17 leading digits as a non-zero integer (the check
 * character follows from them), for hash sets of ID numbers.
 */
uint64_t idcard_key(const char *number);
/* The check character for 17 digits ('0'..'9' or 'X'); '?' if they are not digits. */
char idcard_check_char(const char *first17);

enum cert_status {
	CERT_OK = 0,
	CERT_LENGTH,	   /* not 20 characters */
	CERT_ID_MISMATCH,  /* the first 18 characters are not the holder's ID number */
	CERT_CATEGORY,	   /* character 19 is not 1..7 */
	CERT_GRADE,	   /* character 20 is not 1..4 */
	CERT_STATUS__MAX
};

struct cert {
	char number[21];	/* normalised: upper-case X */
	int category;		/* 1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重 */
	int grade;		/* 1 .. 4 */
};

/*
 * Parses certificate s for the holder whose normalised ID number is idnumber
 * (compared case-insensitively); fills out only on CERT_OK.
 */
enum cert_status cert_parse(const char *s, const char *idnumber, struct cert *out);

#endif
