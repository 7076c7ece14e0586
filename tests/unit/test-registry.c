/*
 * Unit tests for domain/registry: each filter, the data scope (also
 * through a search and registry_get), pagination totals, the sort
 * whitelist, and bad filter values refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/registry.h"
#include "support.h"

static int64_t ids[5];

static void add(struct db *db, int i, const char *name, const char *first17, const char *village, int category,
                int grade, int hukou, int dibao, enum person_status status)
{
	struct person p = t_person(name, first17, village);
	p.category = category;
	p.grade = grade;
	p.hukou = hukou;
	p.dibao = dibao;
	p.status = status;
	if (category)
		snprintf(p.cert, sizeof p.cert, "%s%d%d", p.id_number, category, grade);
	struct error err = ERROR_INIT;
	if (person_insert(db, &p, &err) != 0)
		fail_msg("person_insert(%s): %s", name, err.msg);
	ids[i] = p.id;
}

static int setup(void **state)
{
	t_setup(state, "test-registry", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	date_set_today(&(struct date){2024, 6, 15});
	add(f->db, 0, "张三", "34169919800101001", "341699001001", 4, 2, 2, 1, PERSON_ACTIVE);
	add(f->db, 1, "李四", "34169920150301002", "341699001002", 1, 1, 1, 0, PERSON_ACTIVE);
	add(f->db, 2, "王五", "34169919500101003", "341699002001", 0, 0, 2, 0, PERSON_DECEASED);
	/* 18 years old on the pinned day exactly: an adult, not a child. */
	add(f->db, 3, "赵张%", "34169920060615004", "341699002001", 7, 4, 1, 1, PERSON_ACTIVE);
	/* 60 on the pinned day: a senior. */
	add(f->db, 4, "钱六", "34169919640615005", "341699001001", 2, 3, 2, 0, PERSON_MOVED);
	return 0;
}

static int teardown(void **state)
{
	date_set_today(NULL);
	return t_teardown(state);
}

static const struct user county = {.id = 1, .name = "staff", .role = ROLE_COUNTY_STAFF};
static const struct user township = {.id = 2, .name = "tw", .role = ROLE_TOWNSHIP, .division = "341699001000"};
static const struct user village = {.id = 3, .name = "vi", .role = ROLE_VILLAGE, .division = "341699002001"};
static const struct user hospital = {.id = 4, .name = "h", .role = ROLE_HOSPITAL};

struct seen {
	int64_t ids[16];
	int n;
};

static int collect(void *ctx, const struct person *p, struct error *err)
{
	(void)err;
	struct seen *s = ctx;
	assert_true(s->n < 16);
	assert_true(p->township_name[0] && p->village_name[0]);
	s->ids[s->n++] = p->id;
	return 0;
}

/* The total of the search u makes with the argument name=value (NULL for none); the page into s. */
static long search(struct db *db, const struct user *u, const char *name, const char *value, struct seen *s)
{
	struct registry_query q;
	registry_query_init(&q, u);
	if (name)
		assert_int_equal(registry_query_arg(&q, name, value), 0);
	struct seen local = {0};
	long total = -1;
	struct error err = ERROR_INIT;
	if (registry_search(db, &q, collect, s ? s : &local, &total, &err) < 0)
		fail_msg("registry_search: %s", err.msg);
	return total;
}

static void test_filters(void **state)
{
	struct t_fixture *f = *state;
	struct {
		const char *name, *value;
		long want;
	} cases[] = {
	    {NULL, NULL, 5},
	    {"township", "341699001000", 3},
	    {"township", "341699002000", 2},
	    {"village", "341699001001", 2},
	    {"category", "4", 1},
	    {"category", "1,4,7", 3},
	    {"grade", "1,2", 2},
	    {"hukou", "1", 2},
	    {"dibao", "1", 2},
	    {"dibao", "0", 3},
	    {"status", "1", 3},
	    {"status", "2", 1},
	    {"age_group", "0-17", 1},
	    {"age_group", "18-59", 2},
	    {"age_group", "60+", 2},
	    {"q", "张", 2},
	    {"q", "%", 1}, /* a typed % is matched as itself, not as a wildcard */
	    {"q", "341699198001010016", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long got = search(f->db, &county, cases[i].name, cases[i].value, NULL);
		if (got != cases[i].want)
			fail_msg("%s=%s: %ld, want %ld", cases[i].name, cases[i].value, got, cases[i].want);
	}
}

static void test_id_search(void **state)
{
	struct t_fixture *f = *state;
	struct person p;
	struct error err = ERROR_INIT;
	struct registry_scope all;
	registry_scope_of(&county, &all);
	assert_int_equal(registry_get(f->db, &all, ids[3], &p, &err), 1);
	struct seen s = {0};
	assert_int_equal(search(f->db, &county, "q", p.id_number, &s), 1);
	assert_int_equal(s.ids[0], ids[3]);
	/* Part of an ID number finds nothing: ID numbers are matched whole. */
	char part[11];
	memcpy(part, p.id_number, 10);
	part[10] = '\0';
	assert_int_equal(search(f->db, &county, "q", part, NULL), 0);
}

static void test_scope(void **state)
{
	struct t_fixture *f = *state;
	struct seen s = {0};
	assert_int_equal(search(f->db, &township, NULL, NULL, &s), 3);
	for (int i = 0; i < s.n; i++)
		assert_true(s.ids[i] == ids[0] || s.ids[i] == ids[1] || s.ids[i] == ids[4]);
	/* Another township's filter, name or ID number: nothing. */
	assert_int_equal(search(f->db, &township, "township", "341699002000", NULL), 0);
	assert_int_equal(search(f->db, &township, "q", "王五", NULL), 0);
	struct registry_scope sc;
	struct person p;
	struct error err = ERROR_INIT;
	registry_scope_of(&county, &sc);
	assert_int_equal(registry_get(f->db, &sc, ids[2], &p, &err), 1);
	assert_int_equal(search(f->db, &township, "q", p.id_number, NULL), 0);
	registry_scope_of(&township, &sc);
	assert_int_equal(registry_get(f->db, &sc, ids[2], &p, &err), 0);
	assert_int_equal(registry_get(f->db, &sc, ids[0], &p, &err), 1);
	assert_string_equal(p.township_name, "青禾镇");
	assert_int_equal(registry_get(f->db, &sc, 9999, &p, &err), 0);
	assert_true(registry_scope_has(&sc, "341699001002"));
	assert_false(registry_scope_has(&sc, "341699002001"));
	assert_int_equal(search(f->db, &village, NULL, NULL, NULL), 2);
	/* No scope at all: nothing (fail closed). */
	assert_int_equal(search(f->db, &hospital, NULL, NULL, NULL), 0);
	struct user lost = township;
	lost.division[0] = '\0';
	assert_int_equal(search(f->db, &lost, NULL, NULL, NULL), 0);
	registry_scope_of(&hospital, &sc);
	assert_int_equal(registry_get(f->db, &sc, ids[0], &p, &err), 0);
}

static void test_pages_and_sort(void **state)
{
	struct t_fixture *f = *state;
	struct registry_query q;
	struct error err = ERROR_INIT;
	long total;
	struct seen s = {0};
	registry_query_init(&q, &county);
	assert_int_equal(registry_query_arg(&q, "per_page", "2"), 0);
	assert_int_equal(registry_query_arg(&q, "page", "3"), 0);
	assert_int_equal(registry_search(f->db, &q, collect, &s, &total, &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], ids[4]);
	/* Past the last page: the total, no rows. */
	s.n = 0;
	assert_int_equal(registry_query_arg(&q, "page", "9"), 0);
	assert_int_equal(registry_search(f->db, &q, collect, &s, &total, &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(s.n, 0);

	/* By birth date descending: 2015, 2006, 1980, 1964, 1950. */
	registry_query_init(&q, &county);
	assert_int_equal(registry_query_arg(&q, "sort", "birth_date"), 0);
	assert_int_equal(registry_query_arg(&q, "order", "desc"), 0);
	s.n = 0;
	assert_int_equal(registry_search(f->db, &q, collect, &s, &total, &err), 0);
	int64_t want[] = {ids[1], ids[3], ids[0], ids[4], ids[2]};
	assert_int_equal(s.n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(s.ids[i], want[i]);
	/* By file number descending: the newest first. */
	assert_int_equal(registry_query_arg(&q, "sort", "file_no"), 0);
	s.n = 0;
	assert_int_equal(registry_search(f->db, &q, collect, &s, &total, &err), 0);
	assert_int_equal(s.ids[0], ids[4]);
	assert_int_equal(s.ids[4], ids[0]);
	/* By village: 001001 (张三, 钱六), 001002, 002001 x2. */
	registry_query_init(&q, &county);
	assert_int_equal(registry_query_arg(&q, "sort", "village"), 0);
	s.n = 0;
	assert_int_equal(registry_search(f->db, &q, collect, &s, &total, &err), 0);
	assert_int_equal(s.ids[0], ids[0]);
	assert_int_equal(s.ids[1], ids[4]);
	assert_int_equal(s.ids[2], ids[1]);
}

static void test_bad_values(void **state)
{
	(void)state;
	struct registry_query q, before;
	registry_query_init(&q, &county);
	memcpy(&before, &q, sizeof q);
	struct {
		const char *name, *value;
		enum msg_id want;
	} cases[] = {
	    {"township", "341699001001", MSG_FILTER_TOWNSHIP}, /* a village code */
	    {"township", "3416990010", MSG_FILTER_TOWNSHIP},
	    {"village", "341699001000", MSG_FILTER_VILLAGE},
	    {"village", "34169900100x", MSG_FILTER_VILLAGE},
	    {"category", "9", MSG_FILTER_CODES},
	    {"category", "1,", MSG_FILTER_CODES},
	    {"category", "1;2", MSG_FILTER_CODES},
	    {"grade", "5", MSG_FILTER_CODES},
	    {"grade", "0", MSG_FILTER_CODES},
	    {"hukou", "3", MSG_FILTER_VALUE},
	    {"dibao", "2", MSG_FILTER_VALUE},
	    {"status", "4", MSG_FILTER_VALUE},
	    {"age_group", "18-60", MSG_FILTER_VALUE},
	    {"page", "0", MSG_FILTER_PAGE},
	    {"page", "-1", MSG_FILTER_PAGE},
	    {"page", "1e3", MSG_FILTER_PAGE},
	    {"per_page", "101", MSG_FILTER_PER_PAGE},
	    {"per_page", "0", MSG_FILTER_PER_PAGE},
	    {"sort", "id_number", MSG_FILTER_VALUE},
	    {"sort", "name; DROP TABLE person", MSG_FILTER_VALUE},
	    {"order", "up", MSG_FILTER_VALUE},
	    {"q", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", MSG_FILTER_Q},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum msg_id got = registry_query_arg(&q, cases[i].name, cases[i].value);
		if (got != cases[i].want)
			fail_msg("%s=%s: %d, want %d", cases[i].name, cases[i].value, got, cases[i].want);
	}
	/* Nothing was set by a refused value; unknown names and "" are ignored. */
	assert_memory_equal(&q, &before, sizeof q);
	assert_int_equal(registry_query_arg(&q, "nonsense", "1"), 0);
	assert_int_equal(registry_query_arg(&q, "category", ""), 0);
	assert_memory_equal(&q, &before, sizeof q);
	assert_string_equal(registry_sort_name(REGISTRY_SORT_BIRTH), "birth_date");
	assert_string_equal(registry_age_name(REGISTRY_AGE_SENIOR), "60+");
}

static int count_division(void *ctx)
{
	return ++*(int *)ctx;
}

static void on_division(void *ctx, const char *code, const char *name)
{
	(void)code;
	(void)name;
	count_division(ctx);
}

static void test_divisions(void **state)
{
	struct t_fixture *f = *state;
	struct registry_scope sc;
	struct error err = ERROR_INIT;
	int n = 0;
	registry_scope_of(&county, &sc);
	assert_int_equal(registry_divisions(f->db, &sc, "", DIVISION_TOWNSHIP, on_division, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(registry_divisions(f->db, &sc, "341699001000", DIVISION_VILLAGE, on_division, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	registry_scope_of(&township, &sc);
	assert_int_equal(registry_divisions(f->db, &sc, "", DIVISION_VILLAGE, on_division, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(registry_divisions(f->db, &sc, "341699002000", DIVISION_VILLAGE, on_division, &n, &err), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filters),        cmocka_unit_test(test_id_search),  cmocka_unit_test(test_scope),
	    cmocka_unit_test(test_pages_and_sort), cmocka_unit_test(test_bad_values), cmocka_unit_test(test_divisions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
