#include "base/idcard.h"

#include <stdbool.h>
#include <string.h>

#define ID_LEN 18
#define CERT_LEN 20
#define BIRTH_YEAR_MIN 1800

static bool is_digit(char c)
{
	/* Not isdigit(): locale-dependent, and UB for negative chars. */
	return c >= '0' && c <= '9';
}

static bool is_x(char c)
{
	return c == 'X' || c == 'x';
}

/*
 * GB/T 2260 province-level codes, plus 91 for the permanent residence ID
 * card of foreigners (which uses the same 18-character layout).
 */
static bool province_ok(int code)
{
	switch (code / 10) {
	case 1:
		return code >= 11 && code <= 15;
	case 2:
		return code >= 21 && code <= 23;
	case 3:
		return code >= 31 && code <= 37;
	case 4:
		return code >= 41 && code <= 46;
	case 5:
		return code >= 50 && code <= 54;
	case 6:
		return code >= 61 && code <= 65;
	case 7:
		return code == 71;
	case 8:
		return code >= 81 && code <= 83;
	case 9:
		return code == 91;
	default:
		return false;
	}
}

static int digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

char idcard_check_char(const char *first17)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;

	if (!first17)
		return '?';
	/* Stops at the first non-digit, so a short string's NUL is never passed. */
	for (int i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return '?';
		sum += (first17[i] - '0') * weight[i];
	}
	return "10X98765432"[sum % 11];
}

enum idcard_status idcard_parse(const char *s, struct date today, struct idcard *out)
{
	struct date birth;
	char check;

	if (!s || s[0] == '\0')
		return IDCARD_EMPTY;
	/* Length in bytes: a multi-byte character (a full-width digit) makes it wrong. */
	if (strnlen(s, ID_LEN + 1) != ID_LEN)
		return IDCARD_LENGTH;
	for (int i = 0; i < ID_LEN - 1; i++)
		if (!is_digit(s[i]))
			return IDCARD_CHARS;
	if (!is_digit(s[ID_LEN - 1]) && !is_x(s[ID_LEN - 1]))
		return IDCARD_CHARS;
	if (!province_ok(digits_value(s, 2)))
		return IDCARD_AREA;
	birth.year = digits_value(s + 6, 4);
	birth.month = digits_value(s + 10, 2);
	birth.day = digits_value(s + 12, 2);
	if (birth.year < BIRTH_YEAR_MIN || !date_valid(birth.year, birth.month, birth.day))
		return IDCARD_BIRTH;
	if (date_cmp(birth, today) > 0)
		return IDCARD_FUTURE;
	check = idcard_check_char(s);
	if (check != (is_x(s[ID_LEN - 1]) ? 'X' : s[ID_LEN - 1]))
		return IDCARD_CHECK;

	memcpy(out->number, s, ID_LEN);
	out->number[ID_LEN - 1] = check;
	out->number[ID_LEN] = '\0';
	out->birth = birth;
	out->sex = (s[16] - '0') % 2 ? SEX_MALE : SEX_FEMALE;
	return IDCARD_OK;
}

static char upper_x(char c)
{
	return c == 'x' ? 'X' : c;
}

/* Upper-cases ASCII letters only; bytes >= 0x80 are left alone. */
static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

enum cert_status cert_parse(const char *s, const char *idnumber, struct cert *out)
{
	if (!s || strnlen(s, CERT_LEN + 1) != CERT_LEN)
		return CERT_LENGTH;
	if (!idnumber || strnlen(idnumber, ID_LEN + 1) != ID_LEN)
		return CERT_ID_MISMATCH;
	for (int i = 0; i < ID_LEN; i++)
		if (ascii_upper(s[i]) != ascii_upper(idnumber[i]))
			return CERT_ID_MISMATCH;
	if (s[ID_LEN] < '1' || s[ID_LEN] > '7')
		return CERT_CATEGORY;
	if (s[ID_LEN + 1] < '1' || s[ID_LEN + 1] > '4')
		return CERT_GRADE;

	for (int i = 0; i < CERT_LEN; i++)
		out->number[i] = upper_x(s[i]);
	out->number[CERT_LEN] = '\0';
	out->category = s[ID_LEN] - '0';
	out->grade = s[ID_LEN + 1] - '0';
	return CERT_OK;
}

uint64_t idcard_key(const char *number)
{
	uint64_t k = 0;
	for (int i = 0; i < 17; i++)
		k = k * 10 + (uint64_t)(number[i] - '0');
	return k + 1;
}
