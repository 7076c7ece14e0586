#include "base/uscc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/msg.h"
#include "base/utf8.h"

/* The code set in value order: a character's value is its place here. */
static const char CODE_SET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
#define CODE_BASE 31

static const int WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* The registration authorities and the types each allows (GB 32100-2015, table 1). */
static const struct {
	char authority;
	const char *label;
	const char *types;       /* the type characters */
	const char *type_labels; /* one per type character, '|'-separated */
	const char *listing;     /* for messages */
} AUTHORITIES[] = {
    {'1', "机构编制", "1239", "机关|事业单位|中央编办直接管理机构编制的群众团体|其他",
     "1机关、2事业单位、3中央编办直接管理机构编制的群众团体、9其他"},
    {'2', "外交", "19", "外国常驻新闻机构|其他", "1外国常驻新闻机构、9其他"},
    {'3', "司法行政", "123459", "律师执业机构|公证处|基层法律服务所|司法鉴定机构|仲裁委员会|其他",
     "1律师执业机构、2公证处、3基层法律服务所、4司法鉴定机构、5仲裁委员会、9其他"},
    {'4', "文化", "19", "外国在华文化中心|其他", "1外国在华文化中心、9其他"},
    {'5', "民政", "1239", "社会团体|民办非企业单位|基金会|其他", "1社会团体、2民办非企业单位、3基金会、9其他"},
    {'6', "旅游", "129", "外国旅游部门常驻代表机构|港澳台地区旅游部门常驻内地（大陆）代表机构|其他",
     "1外国旅游部门常驻代表机构、2港澳台地区旅游部门常驻内地（大陆）代表机构、9其他"},
    {'7', "宗教", "129", "宗教活动场所|宗教院校|其他", "1宗教活动场所、2宗教院校、9其他"},
    {'8', "工会", "19", "基层工会|其他", "1基层工会、9其他"},
    {'9', "工商", "123", "企业|个体工商户|农民专业合作社", "1企业、2个体工商户、3农民专业合作社"},
    {'A', "中央军委改革和编制办公室", "19", "军队事业单位|其他", "1军队事业单位、9其他"},
    {'N', "农业", "1239", "组级集体经济组织|村级集体经济组织|乡镇级集体经济组织|其他",
     "1组级集体经济组织、2村级集体经济组织、3乡镇级集体经济组织、9其他"},
    {'Y', "其他", "1", "其他", "1"},
};
#define NAUTHORITIES (sizeof AUTHORITIES / sizeof AUTHORITIES[0])

static int code_value(char c)
{
	const char *p = c ? strchr(CODE_SET, c) : NULL;
	return p ? (int)(p - CODE_SET) : -1;
}

/* Upper-cases an ASCII letter; every other byte as it is. */
static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int authority_index(char a)
{
	for (size_t i = 0; i < NAUTHORITIES; i++)
		if (AUTHORITIES[i].authority == a)
			return (int)i;
	return -1;
}

/* GB/T 2260 province-level codes (11 .. 82), as the ID number's area. */
static bool province_ok(int code)
{
	return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
	       (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) || code == 71 ||
	       code == 81 || code == 82;
}

static bool division_ok(const char *d)
{
	for (int i = 0; i < 6; i++)
		if (!is_digit(d[i]))
			return false;
	if (memcmp(d, "100000", 6) == 0) /* 中华人民共和国: a national registration */
		return true;
	return province_ok((d[0] - '0') * 10 + (d[1] - '0'));
}

char uscc_check_char(const char *first17)
{
	int sum = 0;
	if (!first17)
		return '?';
	/* Stops at the first character outside the set, so a short string's NUL is never passed. */
	for (int i = 0; i < 17; i++) {
		int v = code_value(first17[i]);
		if (v < 0)
			return '?';
		sum += v * WEIGHTS[i];
	}
	int c = CODE_BASE - sum % CODE_BASE;
	return CODE_SET[c == CODE_BASE ? 0 : c];
}

const char *uscc_authority_label(char authority)
{
	int i = authority_index(authority);
	return i < 0 ? NULL : AUTHORITIES[i].label;
}

const char *uscc_type_label(char authority, char type)
{
	int i = authority_index(authority);
	if (i < 0 || !type)
		return NULL;
	const char *t = strchr(AUTHORITIES[i].types, type);
	if (!t)
		return NULL;
	/* The label is the (t - types)-th of the '|'-separated list. */
	static _Thread_local char label[128];
	const char *s = AUTHORITIES[i].type_labels;
	for (long k = t - AUTHORITIES[i].types; k > 0; k--)
		s = strchr(s, '|') + 1;
	size_t n = strcspn(s, "|");
	snprintf(label, sizeof label, "%.*s", (int)n, s);
	return label;
}

/* The length of s in characters when it is UTF-8, else in bytes (n is strlen(s), capped). */
static size_t length_of(const char *s, size_t n)
{
	return utf8_valid(s, n) ? utf8_length(s) : n;
}

enum uscc_status uscc_parse(const char *s, struct uscc *out)
{
	char code[USCC_LEN + 1];

	if (!s || !*s)
		return USCC_EMPTY;
	size_t n = strnlen(s, 4 * USCC_LEN + 1);
	/* 18 characters, counted as a reader counts them; a full-width digit is one character, refused below. */
	if (n > 4 * USCC_LEN || length_of(s, n) != USCC_LEN)
		return USCC_LENGTH;
	if (n != USCC_LEN)
		return USCC_CHARS;
	for (int i = 0; i < USCC_LEN; i++) {
		code[i] = ascii_upper(s[i]);
		if (code_value(code[i]) < 0)
			return USCC_CHARS;
	}
	code[USCC_LEN] = '\0';
	int a = authority_index(code[0]);
	if (a < 0)
		return USCC_AUTHORITY;
	if (!strchr(AUTHORITIES[a].types, code[1]))
		return USCC_TYPE;
	if (!division_ok(code + 2))
		return USCC_DIVISION;
	if (uscc_check_char(code) != code[17])
		return USCC_CHECK;
	memcpy(out->code, code, sizeof code);
	out->authority = code[0];
	out->type = code[1];
	memcpy(out->division, code + 2, 6);
	out->division[6] = '\0';
	return USCC_OK;
}

/* The first character of s that is not in the code set (1-based place) and its text into ch. */
static int first_bad(const char *s, char *ch, size_t size)
{
	int place = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; place++) {
		size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
		for (size_t k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				len = 1;
		if (len == 1 && code_value(ascii_upper((char)*p)) >= 0) {
			p++;
			continue;
		}
		if (len > 1 && utf8_valid((const char *)p, len))
			snprintf(ch, size, "%.*s", (int)len, (const char *)p);
		else if (*p < 0x20 || *p == 0x7F)
			snprintf(ch, size, "控制字符");
		else if (*p >= 0x80)
			snprintf(ch, size, "无法识别的字符");
		else
			snprintf(ch, size, "%c", *p);
		return place;
	}
	snprintf(ch, size, "?");
	return place;
}

void uscc_reason(const char *s, enum uscc_status st, char *out, size_t size)
{
	struct error e = ERROR_INIT;
	char ch[32];
	size_t n = s ? strnlen(s, 4 * USCC_LEN + 1) : 0;
	switch (st) {
	case USCC_OK:
		e.msg[0] = '\0';
		break;
	case USCC_EMPTY:
		error_set(&e, "%s", msg(MSG_REQUIRED));
		break;
	case USCC_LENGTH:
		if (n > 4 * USCC_LEN)
			error_set(&e, msg(MSG_USCC_LENGTH_OVER), USCC_LEN);
		else
			error_set(&e, msg(MSG_USCC_LENGTH), length_of(s, n));
		break;
	case USCC_CHARS: {
		int place = first_bad(s, ch, sizeof ch);
		error_set(&e, msg(MSG_USCC_CHARS), place, ch);
		break;
	}
	case USCC_AUTHORITY:
		error_set(&e, msg(MSG_USCC_AUTHORITY), ascii_upper(s[0]));
		break;
	case USCC_TYPE: {
		int a = authority_index(ascii_upper(s[0]));
		error_set(&e, msg(MSG_USCC_TYPE), ascii_upper(s[1]), a < 0 ? "" : AUTHORITIES[a].label,
			  a < 0 ? "" : AUTHORITIES[a].listing);
		break;
	}
	case USCC_DIVISION:
		error_set(&e, msg(MSG_USCC_DIVISION), s + 2);
		break;
	case USCC_CHECK: {
		char first17[18];
		for (int i = 0; i < 17; i++)
			first17[i] = ascii_upper(s[i]);
		first17[17] = '\0';
		error_set(&e, msg(MSG_USCC_CHECK), uscc_check_char(first17), ascii_upper(s[17]));
		break;
	}
	default:
		error_set(&e, "%s", msg(MSG_USCC_INVALID));
		break;
	}
	if (size) {
		/* error_set already cut e.msg at a character; cut again for a smaller out the same way. */
		size_t len = strlen(e.msg);
		if (len >= size) {
			len = size - 1;
			while (len > 0 && ((unsigned char)e.msg[len] & 0xC0) == 0x80)
				len--;
		}
		memcpy(out, e.msg, len);
		out[len] = '\0';
	}
}
