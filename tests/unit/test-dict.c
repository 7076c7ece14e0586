/*
 * Unit tests for domain/dict: labels, aliases and codes of every dictionary,
 * as the dictionary table of a new database holds them (migration 004);
 * loading, reloading, refusing a bad table, and aborting before a load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "domain/dict.h"
#include "support.h"

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

/* Loading */

/* The dictionaries of a new database, for the tests without a fixture of their own. */
static int group_setup(void **state)
{
	t_setup(state, "test-dict-group", true);
	return 0;
}

static int group_teardown(void **state)
{
	return t_teardown(state);
}

static void test_type_keys(void **state)
{
	static const char *const keys[DICT__MAX] = {
	    [DICT_SEX] = "sex",     [DICT_CATEGORY] = "category", [DICT_GRADE] = "grade", [DICT_HUKOU] = "hukou",
	    [DICT_YESNO] = "yesno", [DICT_STATUS] = "status",     [DICT_LEVEL] = "level",
	};

	(void)state;
	for (int t = 0; t < DICT__MAX; t++)
		assert_string_equal(dict_type_key((enum dict_type)t), keys[t]);
	assert_string_equal(dict_type_key(DICT__MAX), "");
}

/* The table is the source: a change to it shows after the next load. */
static void test_reload_reads_the_table(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;

	t_exec(f->db, "UPDATE dictionary SET label = '视力类', aliases = '视力残疾|视力|1' WHERE type = 'category'"
		      " AND code = 1");
	t_exec(f->db, "UPDATE dictionary SET sort = 0 WHERE type = 'sex' AND code = 2");
	assert_string_equal(dict_label(DICT_CATEGORY, 1), "视力"); /* not before the load */
	assert_int_equal(dict_load(f->db, &err), 0);
	assert_string_equal(dict_label(DICT_CATEGORY, 1), "视力类");
	assert_int_equal(dict_parse(DICT_CATEGORY, "视力"), 1);
	/* The table's order within a dictionary: 女 now comes first. */
	assert_int_equal(dict_entries()[0].code, 2);
	assert_string_equal(dict_entries()[0].label, "女");
}

static void test_bad_tables_refused(void **state)
{
	static const struct {
		const char *sql, *message;
	} rows[] = {
	    {"INSERT INTO dictionary VALUES ('colour', '颜色', 1, '红', '', 1)",
	     "the dictionary table has an unknown type 'colour'"},
	    {"DELETE FROM dictionary WHERE type = 'status'", "the dictionary table has no entries of type 'status'"},
	    {"UPDATE dictionary SET aliases = '男士||男性' WHERE type = 'sex' AND code = 1",
	     "dictionary sex, code 1: an empty alias in '男士||男性'"},
	    {"UPDATE dictionary SET aliases = '男性|' WHERE type = 'sex' AND code = 1",
	     "dictionary sex, code 1: an empty alias in '男性|'"},
	    {"UPDATE dictionary SET aliases = '|男性' WHERE type = 'sex' AND code = 1",
	     "dictionary sex, code 1: an empty alias in '|男性'"},
	    {"UPDATE dictionary SET aliases = '女' WHERE type = 'sex' AND code = 1",
	     "dictionary sex: '女' means both code 1 and code 2"},
	    {"UPDATE dictionary SET type_name = '性' WHERE type = 'sex' AND code = 2",
	     "dictionary sex has two names, '性别' and '性'"},
	};
	struct t_fixture *f = *state;

	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct error err = ERROR_INIT;
		t_exec(f->db, "SAVEPOINT bad");
		t_exec(f->db, rows[i].sql);
		assert_int_equal(dict_load(f->db, &err), -1);
		if (strcmp(err.msg, rows[i].message) != 0)
			fail_msg("row %zu: \"%s\", expected \"%s\"", i, err.msg, rows[i].message);
		t_exec(f->db, "ROLLBACK TO bad");
		t_exec(f->db, "RELEASE bad");
		/* What was loaded before stays. */
		assert_string_equal(dict_label(DICT_SEX, 1), "男");
		assert_string_equal(dict_name(DICT_STATUS), "人员状态");
	}
}

/* Runs fn in a child process: true when it died of SIGABRT with message on its standard error. */
static bool aborts_with(void (*fn)(void), const char *message)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn();
		_exit(0);
	}
	close(fds[1]);
	char out[512];
	size_t n = 0;
	ssize_t got;
	while (n < sizeof out - 1 && (got = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(out, message);
}

static void label_unloaded(void)
{
	dict_unload();
	(void)dict_label(DICT_SEX, 1);
}

static void parse_unloaded(void)
{
	dict_unload();
	(void)dict_parse(DICT_SEX, "男");
}

static void entries_unloaded(void)
{
	dict_unload();
	(void)dict_entries();
}

static void name_unloaded(void)
{
	dict_unload();
	(void)dict_name(DICT_SEX);
}

static void test_lookups_before_load_abort(void **state)
{
	(void)state;
	assert_true(aborts_with(label_unloaded, "dict_label called before dict_load"));
	assert_true(aborts_with(parse_unloaded, "dict_parse called before dict_load"));
	assert_true(aborts_with(entries_unloaded, "dict_entries called before dict_load"));
	assert_true(aborts_with(name_unloaded, "dict_name called before dict_load"));
	/* This process still has its dictionaries. */
	assert_string_equal(dict_label(DICT_SEX, 1), "男");
}

static int setup(void **state)
{
	return t_setup(state, "test-dict", true);
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
	    cmocka_unit_test(test_type_keys),
	    cmocka_unit_test_setup_teardown(test_reload_reads_the_table, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_tables_refused, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_lookups_before_load_abort, setup, t_teardown),
	};
	/* The group's set-up loads the dictionaries of a new database; each test with a fixture loads them again. */
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
