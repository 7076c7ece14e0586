/*
 * Unit tests for domain/registry: each filter, the data scope (also
 * through a search and registry_get), pagination totals, the sort
 * whitelist, and bad filter values refused; then, on a larger registry,
 * every order with every filter and scope against a model worked out in C,
 * through registry_search page by page and registry_each, and totals that
 * follow every change (the memo).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
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
	    {"grade", "0,5", MSG_FILTER_CODES}, /* 0 is 未持证; 5 is no grade */
	    {"sex", "0", MSG_FILTER_VALUE},
	    {"age_on", "2024-13-01", MSG_FILTER_DATE},
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

/* A larger registry for the orders: every person also kept here, the model the searches are checked against. */
#define MANY 60
static struct person many[MANY];

static const char *const villages[] = {"341699001001", "341699001002", "341699002001"};
static const char *const names[] = {"张三", "李四", "王五", "张小红", "赵六", "钱七", "孙张", "李四"};

static int setup_many(void **state)
{
	t_setup(state, "test-registry-many", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	date_set_today(&(struct date){2024, 6, 15});
	for (int i = 0; i < MANY; i++) {
		char first17[32];
		/* Birth dates from 1935 to 2021, some repeated (ties broken by id), never on Feb 29. */
		int year = 1935 + (i * 7) % 87, month = 1 + (i * 5) % 12, day = 1 + (i * 11) % 28;
		if (i % 9 == 4)
			year = 1970, month = 3, day = 3;
		snprintf(first17, sizeof first17, "341699%04d%02d%02d%03u", year, month, day, (unsigned)i % 1000);
		assert_int_equal(strlen(first17), 17);
		struct person p = t_person(names[i % 8], first17, villages[(i * 7 / 3) % 3]);
		p.category = (i * 3) % 8; /* 0: no certificate */
		p.grade = p.category ? 1 + (i % 4) : 0;
		p.hukou = 1 + i % 2;
		p.dibao = (i / 3) % 2;
		p.status = (enum person_status)(1 + (i % 7 == 0) + (i % 11 == 0));
		if (p.category) {
			memcpy(p.cert, p.id_number, 18);
			p.cert[18] = (char)('0' + p.category);
			p.cert[19] = (char)('0' + p.grade);
			p.cert[20] = '\0';
		}
		struct error err = ERROR_INIT;
		if (person_insert(f->db, &p, &err) != 0)
			fail_msg("person_insert %d: %s", i, err.msg);
		many[i] = p;
	}
	return 0;
}

/* Whether the model person p matches q (what the SQL must do). */
static bool model_match(const struct registry_query *q, const struct person *p)
{
	if (!registry_scope_has(&q->scope, p->village))
		return false;
	if (q->township[0] && strncmp(p->village, q->township, 9) != 0)
		return false;
	if (q->village[0] && strcmp(p->village, q->village) != 0)
		return false;
	if (q->categories && !(q->categories >> p->category & 1u))
		return false;
	if (q->grades && !(q->grades >> p->grade & 1u))
		return false;
	if ((q->hukou && p->hukou != q->hukou) || (q->dibao >= 0 && p->dibao != q->dibao) ||
	    (q->status && (int)p->status != q->status))
		return false;
	int age = date_age(p->birth, date_today());
	if ((q->age == REGISTRY_AGE_CHILD && age >= 18) || (q->age == REGISTRY_AGE_ADULT && (age < 18 || age >= 60)) ||
	    (q->age == REGISTRY_AGE_SENIOR && age < 60))
		return false;
	if (strlen(q->q) == 18 && strspn(q->q, "0123456789X") == 18)
		return strcmp(p->id_number, q->q) == 0;
	return !q->q[0] || strstr(p->name, q->q) != NULL;
}

static const struct registry_query *model_q;

static int model_cmp(const void *a, const void *b)
{
	const struct person *x = *(const struct person *const *)a, *y = *(const struct person *const *)b;
	int c = 0;
	switch (model_q->sort) {
	case REGISTRY_SORT_NAME:
		c = strcmp(x->name, y->name);
		break;
	case REGISTRY_SORT_BIRTH:
		c = date_cmp(x->birth, y->birth);
		break;
	case REGISTRY_SORT_VILLAGE:
		c = strcmp(x->village, y->village);
		break;
	default:
		break;
	}
	if (model_q->desc)
		c = -c;
	if (c == 0) /* ties by id, ascending; by file number descending is by id descending */
		c = (x->id > y->id) - (x->id < y->id);
	if (model_q->sort == REGISTRY_SORT_FILE_NO && model_q->desc)
		c = -c;
	return c;
}

/* The ids q should give, in order, into out; how many. */
static int model(const struct registry_query *q, int64_t out[MANY])
{
	const struct person *m[MANY];
	int n = 0;
	for (int i = 0; i < MANY; i++)
		if (model_match(q, &many[i]))
			m[n++] = &many[i];
	model_q = q;
	qsort(m, (size_t)n, sizeof m[0], model_cmp);
	for (int i = 0; i < n; i++)
		out[i] = m[i]->id;
	return n;
}

struct list {
	int64_t ids[MANY + 8];
	int n;
};

static int append(void *ctx, const struct person *p, struct error *err)
{
	(void)err;
	struct list *l = ctx;
	assert_true(l->n < MANY + 8);
	assert_true(p->township_name[0] && p->village_name[0]);
	l->ids[l->n++] = p->id;
	return 0;
}

static void describe(const struct registry_query *q, char *out, size_t size)
{
	snprintf(
	    out, size,
	    "scope %s..%s township %s village %s cat %x grade %x hukou %d dibao %d status %d age %d q '%s' sort %s %s",
	    q->scope.lo, q->scope.hi, q->township, q->village, q->categories, q->grades, q->hukou, q->dibao, q->status,
	    q->age, q->q, registry_sort_name(q->sort), q->desc ? "desc" : "asc");
}

/* q (any page) through registry_each and registry_search page by page (per_page 7) against the model. */
static void check_query(struct db *db, struct registry_query *q)
{
	int64_t want[MANY];
	int n = model(q, want);
	char what[512];
	describe(q, what, sizeof what);
	struct error err = ERROR_INIT;
	struct list each = {.n = 0};
	if (registry_each(db, q, append, &each, &err) < 0)
		fail_msg("registry_each (%s): %s", what, err.msg);
	if (each.n != n)
		fail_msg("registry_each (%s): %d persons, want %d", what, each.n, n);
	for (int i = 0; i < n; i++)
		if (each.ids[i] != want[i])
			fail_msg("registry_each (%s): #%d is %lld, want %lld", what, i, (long long)each.ids[i],
			         (long long)want[i]);
	struct list pages = {.n = 0};
	q->per_page = 7;
	for (q->page = 1; q->page <= n / 7 + 2; q->page++) {
		long total = -1;
		int before = pages.n;
		if (registry_search(db, q, append, &pages, &total, &err) < 0)
			fail_msg("registry_search (%s): %s", what, err.msg);
		if (total != n)
			fail_msg("registry_search (%s) page %ld: total %ld, want %d", what, q->page, total, n);
		assert_true(pages.n - before <= 7);
	}
	if (pages.n != n)
		fail_msg("registry_search (%s): %d persons over the pages, want %d", what, pages.n, n);
	for (int i = 0; i < n; i++)
		if (pages.ids[i] != want[i])
			fail_msg("registry_search (%s): #%d is %lld, want %lld", what, i, (long long)pages.ids[i],
			         (long long)want[i]);
}

static void test_every_order_with_every_filter(void **state)
{
	struct t_fixture *f = *state;
	/* A village of a township with two villages: its scope is finer than the township's. */
	static const struct user village_b = {.id = 5, .name = "vb", .role = ROLE_VILLAGE, .division = "341699001002"};
	const struct user *users[] = {&county, &township, &village, &village_b};
	struct {
		const char *args[4][2];
	} filters[] = {
	    {{{NULL, NULL}}},
	    {{{"township", "341699001000"}}},
	    {{{"township", "341699002000"}}},
	    {{{"township", "341699001000"}, {"grade", "2"}}},
	    {{{"township", "341699001000"}, {"grade", "1,3"}}},
	    {{{"township", "341699002000"}, {"grade", "4"}, {"dibao", "1"}}},
	    {{{"township", "341699001000"}, {"grade", "2"}, {"age_group", "18-59"}, {"hukou", "2"}}},
	    {{{"village", "341699001002"}}},
	    {{{"village", "341699002001"}, {"category", "3,6"}}},
	    {{{"township", "341699002000"}, {"village", "341699001001"}}}, /* excluding each other */
	    {{{"grade", "3"}}},
	    {{{"category", "1,2,7"}}},
	    {{{"hukou", "1"}, {"status", "1"}}},
	    {{{"dibao", "0"}}},
	    {{{"status", "2"}}},
	    {{{"age_group", "0-17"}}},
	    {{{"age_group", "60+"}, {"grade", "1"}}},
	    {{{"q", "张"}}},
	    {{{"q", "李四"}, {"township", "341699001000"}}},
	    {{{"q", "没有"}}},
	};
	for (size_t u = 0; u < sizeof users / sizeof users[0]; u++) {
		for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
			for (int sort = 0; sort < REGISTRY_SORT__MAX; sort++) {
				for (int desc = 0; desc <= 1; desc++) {
					struct registry_query q;
					registry_query_init(&q, users[u]);
					for (int a = 0; a < 4 && filters[i].args[a][0]; a++)
						assert_int_equal(registry_query_arg(&q, filters[i].args[a][0],
						                                    filters[i].args[a][1]),
						                 0);
					q.sort = (enum registry_sort)sort;
					q.desc = desc;
					check_query(f->db, &q);
				}
			}
		}
	}
	/* A whole ID number, in and out of scope, in every order. */
	for (size_t u = 0; u < sizeof users / sizeof users[0]; u++) {
		for (int i = 0; i < MANY; i += 13) {
			for (int sort = 0; sort < REGISTRY_SORT__MAX; sort++) {
				struct registry_query q;
				registry_query_init(&q, users[u]);
				assert_int_equal(registry_query_arg(&q, "q", many[i].id_number), 0);
				q.sort = (enum registry_sort)sort;
				q.desc = sort % 2;
				check_query(f->db, &q);
			}
		}
	}
}

static int stop_at_three(void *ctx, const struct person *p, struct error *err)
{
	(void)p;
	if (++*(int *)ctx == 3)
		return error_set(err, "enough");
	return 0;
}

static void test_each_stops(void **state)
{
	struct t_fixture *f = *state;
	struct registry_query q;
	struct error err = ERROR_INIT;
	int n = 0;
	registry_query_init(&q, &county);
	assert_int_equal(registry_each(f->db, &q, stop_at_three, &n, &err), -1);
	assert_int_equal(n, 3);
	assert_string_equal(err.msg, "enough");
	/* No scope: nothing, not everything. */
	struct list l = {.n = 0};
	registry_query_init(&q, &hospital);
	assert_int_equal(registry_each(f->db, &q, append, &l, &err), 0);
	assert_int_equal(l.n, 0);
}

/* The total of q on db. */
static long total_of(struct db *db, const struct registry_query *q)
{
	struct list l = {.n = 0};
	long total = -1;
	struct error err = ERROR_INIT;
	if (registry_search(db, q, append, &l, &total, &err) < 0)
		fail_msg("registry_search: %s", err.msg);
	return total;
}

/* Totals stay exact while the registry changes: on the writer itself and on a reader (the server's case). */
static void test_totals_follow_changes(void **state)
{
	struct t_fixture *f = *state;
	struct db *r = NULL;
	struct error err = ERROR_INIT;
	assert_int_equal(db_open(&r, f->path, DB_READER, &err), 0);
	struct registry_query q;
	registry_query_init(&q, &county);
	assert_int_equal(registry_query_arg(&q, "township", "341699001000"), 0);
	assert_int_equal(registry_query_arg(&q, "grade", "2"), 0);
	long before = total_of(f->db, &q);
	assert_int_equal(total_of(r, &q), before);
	assert_int_equal(total_of(r, &q), before); /* from the memo */

	struct person p = t_person("新来", "34169919900101999", "341699001002");
	p.category = 5;
	p.grade = 2;
	snprintf(p.cert, sizeof p.cert, "%s52", p.id_number);
	assert_int_equal(person_insert(f->db, &p, &err), 0);
	assert_int_equal(total_of(f->db, &q), before + 1);
	assert_int_equal(total_of(r, &q), before + 1);

	p.grade = 3;
	snprintf(p.cert, sizeof p.cert, "%s53", p.id_number);
	assert_int_equal(person_update(f->db, &p, &err), 0);
	assert_int_equal(total_of(f->db, &q), before);
	assert_int_equal(total_of(r, &q), before);

	/* Inside a transaction the writer counts afresh, and after a rollback too. */
	assert_int_equal(db_begin(f->db, &err), 0);
	p.grade = 2;
	snprintf(p.cert, sizeof p.cert, "%s52", p.id_number);
	assert_int_equal(person_update(f->db, &p, &err), 0);
	assert_int_equal(total_of(f->db, &q), before + 1);
	db_rollback(f->db);
	assert_int_equal(total_of(f->db, &q), before);
	assert_int_equal(total_of(r, &q), before);
	t_exec(f->db, "DELETE FROM person WHERE name = '新来'");
	db_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filters),        cmocka_unit_test(test_id_search),  cmocka_unit_test(test_scope),
	    cmocka_unit_test(test_pages_and_sort), cmocka_unit_test(test_bad_values), cmocka_unit_test(test_divisions),
	};
	const struct CMUnitTest orders[] = {
	    cmocka_unit_test(test_every_order_with_every_filter),
	    cmocka_unit_test(test_each_stops),
	    cmocka_unit_test(test_totals_follow_changes),
	};
	int failed = cmocka_run_group_tests(tests, setup, t_teardown);
	return failed + cmocka_run_group_tests(orders, setup_many, t_teardown);
}
