/*
 * Unit tests for domain/dict: labels, aliases and codes of every dictionary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/dict.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* What the database and the roster rely on: code -> label for every dictionary. */
static const struct {
	enum dict_type type;
	int code;
	const char *label;
} labels[] = {
    {DICT_SEX, 1, "男"},        {DICT_SEX, 2, "女"},        {DICT_CATEGORY, 1, "视力"}, {DICT_CATEGORY, 2, "听力"},
    {DICT_CATEGORY, 3, "言语"}, {DICT_CATEGORY, 4, "肢体"}, {DICT_CATEGORY, 5, "智力"}, {DICT_CATEGORY, 6, "精神"},
    {DICT_CATEGORY, 7, "多重"}, {DICT_GRADE, 1, "一级"},    {DICT_GRADE, 2, "二级"},    {DICT_GRADE, 3, "三级"},
    {DICT_GRADE, 4, "四级"},    {DICT_HUKOU, 1, "城镇"},    {DICT_HUKOU, 2, "农村"},    {DICT_YESNO, 1, "是"},
    {DICT_YESNO, 0, "否"},      {DICT_STATUS, 1, "在册"},   {DICT_STATUS, 2, "死亡"},   {DICT_STATUS, 3, "迁出"},
    {DICT_LEVEL, 1, "县"},      {DICT_LEVEL, 2, "乡镇"},    {DICT_LEVEL, 3, "村"},
};

static void test_labels(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(labels); i++) {
		const char *l = dict_label(labels[i].type, labels[i].code);
		assert_non_null(l);
		assert_string_equal(l, labels[i].label);
		assert_int_equal(dict_parse(labels[i].type, labels[i].label), labels[i].code);
	}
}

static void test_unknown_codes_have_no_label(void **state)
{
	static const struct {
		enum dict_type type;
		int code;
	} rows[] = {
	    {DICT_SEX, 0},    {DICT_SEX, 3},    {DICT_SEX, -1},   {DICT_CATEGORY, 0}, {DICT_CATEGORY, 8},
	    {DICT_GRADE, 0},  {DICT_GRADE, 5},  {DICT_HUKOU, 0},  {DICT_HUKOU, 3},    {DICT_YESNO, 2},
	    {DICT_YESNO, -1}, {DICT_STATUS, 0}, {DICT_STATUS, 4}, {DICT_LEVEL, 0},    {DICT_LEVEL, 4},
	    {DICT__MAX, 1},   {DICT__MAX, 0},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		if (dict_label(rows[i].type, rows[i].code) != NULL)
			fail_msg("row %zu has a label", i);
	}
}

/* Every entry's label and each of its aliases parses back to its code. */
static void test_every_label_and_alias_parses(void **state)
{
	int entries = 0, aliases = 0;

	(void)state;
	for (const struct dict_entry *e = dict_entries(); e->label; e++) {
		entries++;
		assert_int_equal(dict_parse(e->type, e->label), e->code);
		assert_string_equal(dict_label(e->type, e->code), e->label);
		assert_non_null(e->aliases);
		for (const char *p = e->aliases; *p;) {
			const char *end = strchr(p, '|');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			char word[64];
			assert_true(len > 0 && len < sizeof word); /* no empty alias ("a||b") */
			memcpy(word, p, len);
			word[len] = '\0';
			if (dict_parse(e->type, word) != e->code)
				fail_msg("alias \"%s\" of \"%s\" parses to %d", word, e->label,
				         dict_parse(e->type, word));
			aliases++;
			if (!end)
				break;
			p = end + 1;
		}
	}
	assert_int_equal(entries, 23);
	assert_true(aliases >= 40);
}

static void test_entries_list(void **state)
{
	const struct dict_entry *e = dict_entries();
	size_t n = 0;

	(void)state;
	for (; e[n].label; n++) {
		assert_true(e[n].type < DICT__MAX);
		/* In order: grouped by dictionary. */
		if (n > 0)
			assert_true(e[n].type >= e[n - 1].type);
	}
	assert_int_equal(n, N_ELEMS(labels));
	/* Each code appears once in its dictionary. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_false(e[i].type == e[j].type && e[i].code == e[j].code);
}

static void test_parse_table(void **state)
{
	static const struct {
		enum dict_type type;
		const char *text;
		int code;
	} rows[] = {
	    {DICT_SEX, "男性", 1},
	    {DICT_SEX, "女性", 2},
	    {DICT_SEX, "1", -1}, /* sex has no bare codes */
	    {DICT_SEX, "M", -1},
	    {DICT_CATEGORY, "视力残疾", 1},
	    {DICT_CATEGORY, "7", 7},
	    {DICT_CATEGORY, "8", -1},
	    {DICT_CATEGORY, "0", -1},
	    {DICT_CATEGORY, "视", -1},
	    {DICT_CATEGORY, "视力残疾x", -1},
	    {DICT_CATEGORY, "视力残疾|1", -1}, /* the whole alias list is not an alias */
	    {DICT_CATEGORY, "|", -1},
	    {DICT_GRADE, "1级", 1},
	    {DICT_GRADE, "四", 4},
	    {DICT_GRADE, "3", 3},
	    {DICT_GRADE, "五级", -1},
	    {DICT_GRADE, "一级 ", -1}, /* callers trim */
	    {DICT_HUKOU, "农业户口", 2},
	    {DICT_HUKOU, "非农业户口", 1},
	    {DICT_HUKOU, "非农业", 1},
	    {DICT_HUKOU, "农业", 2},
	    {DICT_HUKOU, "城市", 1},
	    {DICT_HUKOU, "1", -1},
	    {DICT_YESNO, "Y", 1},
	    {DICT_YESNO, "n", 0},
	    {DICT_YESNO, "0", 0},
	    {DICT_YESNO, "yes", -1},
	    {DICT_YESNO, "是的", -1},
	    {DICT_STATUS, "在册", 1},
	    {DICT_STATUS, "注销", -1},
	    {DICT_LEVEL, "county", 1},
	    {DICT_LEVEL, "township", 2},
	    {DICT_LEVEL, "village", 3},
	    {DICT_LEVEL, "街道", 2},
	    {DICT_LEVEL, "社区", 3},
	    {DICT_LEVEL, "Village", -1},
	    {DICT_LEVEL, "city", -1},
	    {DICT__MAX, "男", -1},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		int got = dict_parse(rows[i].type, rows[i].text);
		if (got != rows[i].code)
			fail_msg("row %zu \"%s\": %d, expected %d", i, rows[i].text, got, rows[i].code);
	}
}

static void test_unknown_and_empty_text(void **state)
{
	(void)state;
	for (int t = 0; t < DICT__MAX; t++) {
		assert_int_equal(dict_parse((enum dict_type)t, ""), -1);
		assert_int_equal(dict_parse((enum dict_type)t, "不认识"), -1);
		assert_int_equal(dict_parse((enum dict_type)t, " "), -1);
	}
}

/* A word of one dictionary never means a different code of the same dictionary. */
static void test_no_ambiguous_words(void **state)
{
	(void)state;
	for (const struct dict_entry *a = dict_entries(); a->label; a++)
		for (const struct dict_entry *b = dict_entries(); b->label; b++)
			if (a->type == b->type && a->code != b->code)
				assert_int_not_equal(dict_parse(b->type, a->label), b->code);
}

static void test_names(void **state)
{
	static const char *const names[DICT__MAX] = {
	    [DICT_SEX] = "性别",   [DICT_CATEGORY] = "残疾类别", [DICT_GRADE] = "残疾等级", [DICT_HUKOU] = "户口性质",
	    [DICT_YESNO] = "是否", [DICT_STATUS] = "人员状态",   [DICT_LEVEL] = "区划级别",
	};

	(void)state;
	for (int t = 0; t < DICT__MAX; t++)
		assert_string_equal(dict_name((enum dict_type)t), names[t]);
	assert_string_equal(dict_name(DICT__MAX), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_unknown_codes_have_no_label),
	    cmocka_unit_test(test_every_label_and_alias_parses),
	    cmocka_unit_test(test_entries_list),
	    cmocka_unit_test(test_parse_table),
	    cmocka_unit_test(test_unknown_and_empty_text),
	    cmocka_unit_test(test_no_ambiguous_words),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
