/*
 * Unit tests for base/uscc: unified social credit codes (GB 32100-2015).
 * The valid codes are two published ones (小米科技有限责任公司, and the
 * example of the util-helpers documentation) and codes of the demo
 * county's format whose check characters were computed apart from this
 * program (a few lines of Python over the same weights); the invalid ones
 * are those codes with one rule broken at a time. Each refusal is checked
 * for its status and for the message that names the place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "base/uscc.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *code;
	const char *authority, *type; /* labels */
} VALID[] = {
    {"91110108551385082Q", "工商", "企业"},		 /* 小米科技有限责任公司 */
    {"91350100M000100Y43", "工商", "企业"},		 /* a documented example */
    {"91341699MA2TQ7K817", "工商", "企业"},
    {"92341699MA2N0AB1XP", "工商", "个体工商户"},
    {"93341699MA8P5RF03L", "工商", "农民专业合作社"},
    {"52341699MA2W1BCD78", "民政", "民办非企业单位"},
    {"12341699003196547J", "机构编制", "事业单位"},
    {"Y1341699MA2Q9UPX02", "其他", "其他"},
    {"N2341699MA8Y3LE525", "农业", "村级集体经济组织"},
    {"11100000000013127D", "机构编制", "机关"},		 /* 100000: a national registration */
    {"31341699MA2P0X2K9E", "司法行政", "律师执业机构"},
    {"51110000500000062P", "民政", "社会团体"},
    {"91341699MA2TQ7K890", "工商", "企业"},		 /* sum mod 31 = 0: the check character is 0, not 31 */
    {"91341699MA2R8HU09Y", "工商", "企业"},		 /* the last character of the set */
    {"93341699MA8P5RF06X", "工商", "农民专业合作社"},
};

static void test_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(VALID); i++) {
		struct uscc u;
		memset(&u, 0x5a, sizeof u);
		enum uscc_status st = uscc_parse(VALID[i].code, &u);
		if (st != USCC_OK)
			fail_msg("%s: status %d", VALID[i].code, st);
		assert_string_equal(u.code, VALID[i].code);
		assert_int_equal(u.authority, VALID[i].code[0]);
		assert_int_equal(u.type, VALID[i].code[1]);
		assert_int_equal(strlen(u.division), 6);
		assert_memory_equal(u.division, VALID[i].code + 2, 6);
		assert_int_equal(uscc_check_char(VALID[i].code), VALID[i].code[17]);
		assert_string_equal(uscc_authority_label(u.authority), VALID[i].authority);
		assert_string_equal(uscc_type_label(u.authority, u.type), VALID[i].type);
	}
}

/* Lower case is accepted and the result is upper case (the code set has no lower-case letters). */
static void test_lower_case(void **state)
{
	(void)state;
	struct uscc u;
	assert_int_equal(uscc_parse("91341699ma2tq7k817", &u), USCC_OK);
	assert_string_equal(u.code, "91341699MA2TQ7K817");
	assert_int_equal(uscc_parse("n2341699ma8y3le525", &u), USCC_OK);
	assert_string_equal(u.code, "N2341699MA8Y3LE525");
	assert_int_equal(uscc_parse("91341699MA2R8HU09y", &u), USCC_OK);
	assert_int_equal(u.code[17], 'Y');
}

static const struct {
	const char *code;
	enum uscc_status status;
	const char *reason; /* the whole message */
} INVALID[] = {
    {"", USCC_EMPTY, "不能为空"},
    {"91341699MA2TQ7K81", USCC_LENGTH, "应为18位数字或大写字母（现在是17位）"},
    {"91341699MA2TQ7K8171", USCC_LENGTH, "应为18位数字或大写字母（现在是19位）"},
    {" 91341699MA2TQ7K817", USCC_LENGTH, "应为18位数字或大写字母（现在是19位）"},
    /* 18 characters of which one is full-width: the length is right, the character is not */
    {"９1341699MA2TQ7K817", USCC_CHARS, "第1位“９”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ7K81１", USCC_CHARS, "第18位“１”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TO7K817", USCC_CHARS, "第13位“O”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ7K8I7", USCC_CHARS, "第17位“I”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ7z817", USCC_CHARS, "第15位“z”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MS2TQ7K817", USCC_CHARS, "第10位“S”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ7V817", USCC_CHARS, "第15位“V”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ-K817", USCC_CHARS, "第14位“-”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"91341699MA2TQ\tK817", USCC_CHARS, "第14位“控制字符”不是代码用字：只能是数字和大写英文字母，不使用I、O、Z、S、V"},
    {"01341699MA2TQ7K817", USCC_AUTHORITY, "第1位登记管理部门码“0”无效，应为1至9、A、N、Y之一"},
    {"B1341699MA2TQ7K817", USCC_AUTHORITY, "第1位登记管理部门码“B”无效，应为1至9、A、N、Y之一"},
    {"b1341699MA2TQ7K817", USCC_AUTHORITY, "第1位登记管理部门码“B”无效，应为1至9、A、N、Y之一"},
    {"99341699MA2TQ7K817", USCC_TYPE, "第2位机构类别码“9”不是登记管理部门“工商”的类别（可用：1企业、2个体工商户、3农民专业合作社）"},
    {"Y2341699MA2Q9UPX02", USCC_TYPE, "第2位机构类别码“2”不是登记管理部门“其他”的类别（可用：1）"},
    {"9A341699MA2TQ7K817", USCC_TYPE, "第2位机构类别码“A”不是登记管理部门“工商”的类别（可用：1企业、2个体工商户、3农民专业合作社）"},
    {"91991699MA2TQ7K817", USCC_DIVISION, "第3-8位登记管理机关行政区划码“991699”不是有效的行政区划代码"},
    {"9134A699MA2TQ7K817", USCC_DIVISION, "第3-8位登记管理机关行政区划码“34A699”不是有效的行政区划代码"},
    {"91101000MA2TQ7K817", USCC_DIVISION, "第3-8位登记管理机关行政区划码“101000”不是有效的行政区划代码"},
    {"91341699MA2TQ7K818", USCC_CHECK, "校验码错误：按前17位计算，第18位应为7（现在是8）"},
    {"91110108551385082R", USCC_CHECK, "校验码错误：按前17位计算，第18位应为Q（现在是R）"},
    /* two characters swapped: the weights catch it */
    {"91341699AM2TQ7K817", USCC_CHECK, NULL},
    {"91341699MA2TQ7K8Y0", USCC_CHECK, NULL},
    {"91341699MA2TQ7K89A", USCC_CHECK, "校验码错误：按前17位计算，第18位应为0（现在是A）"},
};

static void test_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(INVALID); i++) {
		struct uscc u;
		memset(&u, 0x5a, sizeof u);
		enum uscc_status st = uscc_parse(INVALID[i].code, &u);
		if (st != INVALID[i].status)
			fail_msg("%s: status %d, expected %d", INVALID[i].code, st, INVALID[i].status);
		/* out is left alone on a refusal */
		assert_int_equal((unsigned char)u.code[0], 0x5a);
		char reason[512];
		uscc_reason(INVALID[i].code, st, reason, sizeof reason);
		assert_true(reason[0] != '\0');
		if (INVALID[i].reason && strcmp(reason, INVALID[i].reason) != 0)
			fail_msg("%s: \"%s\", expected \"%s\"", INVALID[i].code, reason, INVALID[i].reason);
	}
}

static void test_null_and_long(void **state)
{
	(void)state;
	struct uscc u;
	assert_int_equal(uscc_parse(NULL, &u), USCC_EMPTY);
	char big[200];
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(uscc_parse(big, &u), USCC_LENGTH);
	char reason[128];
	uscc_reason(big, USCC_LENGTH, reason, sizeof reason);
	assert_string_equal(reason, "过长：统一社会信用代码应为18位");
	/* 18 Chinese characters are 18 characters, but not of the code set */
	const char *han = "统一社会信用代码统一社会信用代码统一";
	assert_int_equal(uscc_parse(han, &u), USCC_CHARS);
	uscc_reason(han, USCC_CHARS, reason, sizeof reason);
	assert_non_null(strstr(reason, "第1位“统”"));
	/* invalid UTF-8 counts bytes */
	assert_int_equal(uscc_parse("\xff\xfe", &u), USCC_LENGTH);
	char bad[19];
	memcpy(bad, "91341699MA2TQ7K817", 19);
	bad[4] = (char)0xff;
	assert_int_equal(uscc_parse(bad, &u), USCC_CHARS);
	uscc_reason(bad, USCC_CHARS, reason, sizeof reason);
	assert_non_null(strstr(reason, "第5位“无法识别的字符”"));
}

static void test_check_char(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91110108551385082"), 'Q');
	assert_int_equal(uscc_check_char("91341699MA2TQ7K89"), '0');
	assert_int_equal(uscc_check_char(NULL), '?');
	assert_int_equal(uscc_check_char("9134"), '?');
	/* lower case is not part of the set for this function */
	assert_int_equal(uscc_check_char("91341699ma2tq7k81"), '?');
	assert_int_equal(uscc_check_char("91341699MA2TQ7K8O"), '?');
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(uscc_authority_label('9'), "工商");
	assert_string_equal(uscc_authority_label('A'), "中央军委改革和编制办公室");
	assert_null(uscc_authority_label('0'));
	assert_null(uscc_authority_label('a'));
	assert_string_equal(uscc_type_label('1', '3'), "中央编办直接管理机构编制的群众团体");
	assert_string_equal(uscc_type_label('6', '2'), "港澳台地区旅游部门常驻内地（大陆）代表机构");
	assert_string_equal(uscc_type_label('N', '9'), "其他");
	assert_null(uscc_type_label('9', '9'));
	assert_null(uscc_type_label('Y', '2'));
	assert_null(uscc_type_label('9', '\0'));
	assert_null(uscc_type_label('Q', '1'));
}

/* A small out gets a prefix cut at a character, never half of one. */
static void test_reason_cut(void **state)
{
	(void)state;
	char out[10];
	uscc_reason("91341699MA2TQ7K818", USCC_CHECK, out, sizeof out);
	assert_string_equal(out, "校验码"); /* 9 bytes of 3-byte characters */
	char one[1] = {'x'};
	uscc_reason("91341699MA2TQ7K818", USCC_CHECK, one, sizeof one);
	assert_int_equal(one[0], '\0');
	char untouched = 'x';
	uscc_reason("91341699MA2TQ7K818", USCC_CHECK, &untouched, 0);
	assert_int_equal(untouched, 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),        cmocka_unit_test(test_lower_case),  cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_null_and_long), cmocka_unit_test(test_check_char), cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_reason_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
