/*
 * Unit tests for domain/target (目标管理): the status rules at their edges
 * (time elapsed, on the target, over it, after the deadline), completion
 * and time elapsed in permille, exact splits by largest remainder (a table
 * and many deterministic cases, huge totals), the checks of target_save
 * field by field and by role, parts that must add up, the split by
 * persons, progress entered by hand (roles, scope, corrections; the
 * evidence's document: accepted, refused for its type, size or emptiness,
 * stored before the row and removed when the row fails, found within
 * scope), progress
 * counted live from the cataract project's cases (by township and by
 * hukou), copying a year, and the project pages' one target.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/token.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/program.h"
#include "domain/target.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TOWN1 "341699001000"
#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define TOWN2 "341699002000"
#define VILLAGE3 "341699002001"
#define TOWN3 "341699003000"

static struct user county, admin, town1, town2, village1, leader, hospital;

static int64_t save_person(struct db *db, const char *name, const char *first17, const char *village, int hukou,
                           int status)
{
	struct person p = t_person(name, first17, village);
	p.hukou = hukou;
	p.status = (enum person_status)status;
	return t_person_insert(db, &p);
}

static int setup(void **state)
{
	t_setup(state, "test-target", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_program_store_file(f->db, "programs/cataract.json");
	t_users((struct t_users){.county = &county, .admin = &admin, .town1 = &town1, .town2 = &town2,
	                         .village1 = &village1, .leader = &leader, .hospital = &hospital});
	t_today("2024-12-31");
	return 0;
}

/* A valid manual target of 2024 for the rehabilitation line, not saved. */
static struct target base(const char *name)
{
	struct target t;
	memset(&t, 0, sizeof t);
	t.year = 2024;
	snprintf(t.line, sizeof t.line, "rehab");
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.unit, sizeof t.unit, "人");
	t.value = 100;
	snprintf(t.start, sizeof t.start, "2024-01-01");
	snprintf(t.deadline, sizeof t.deadline, "2024-12-31");
	snprintf(t.source, sizeof t.source, TARGET_MANUAL);
	return t;
}

static int save(struct db *db, struct target *t, const struct user *u, struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = target_save(db, t, u, pr, &err);
	if (rc < 0)
		fail_msg("target_save: %s", err.msg);
	return rc;
}

static int64_t save_ok(struct db *db, struct target *t)
{
	struct case_problems pr;
	if (save(db, t, &county, &pr) != 0)
		fail_msg("target_save %s: %s %s %s", t->name, pr.message, pr.n ? pr.items[0].field : "",
		         pr.n ? pr.items[0].reason : "");
	return t->id;
}

static struct target get(struct db *db, int64_t id)
{
	struct target t;
	struct error err = ERROR_INIT;
	if (target_get(db, id, &t, &err) != 1)
		fail_msg("target_get %lld: %s", (long long)id, err.msg);
	return t;
}

static int set_parts(struct db *db, int64_t id, const struct target_part *parts, size_t n, const struct user *u,
                     struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = target_set_parts(db, id, parts, n, u, pr, &err);
	if (rc < 0)
		fail_msg("target_set_parts: %s", err.msg);
	return rc;
}

struct text {
	char s[2048];
};

static void add_part(void *ctx, const struct target_part *p)
{
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s=%lld", len ? " " : "", p->part, p->value);
}

/* The parts of target id as "PART=VALUE PART=VALUE". */
static const char *parts_of(struct db *db, int64_t id, struct text *t)
{
	struct error err = ERROR_INIT;
	t->s[0] = '\0';
	if (target_parts(db, id, add_part, t, &err) < 0)
		fail_msg("target_parts: %s", err.msg);
	return t->s;
}

static struct target_progress progress(struct db *db, int64_t id, const struct user *u, const char *today)
{
	struct target t = get(db, id);
	struct registry_scope s = t_scope(u);
	struct target_progress p;
	struct error err = ERROR_INIT;
	if (target_progress_of(db, &t, &s, t_date(today), &p, &err) < 0)
		fail_msg("target_progress_of: %s", err.msg);
	return p;
}

/* The per-part figures of p as "PART:SHARE/ACHIEVED/STATUS ...". */
static const char *parts_progress(const struct target_progress *p, struct text *t)
{
	t->s[0] = '\0';
	for (size_t i = 0; i < p->nparts; i++) {
		size_t len = strlen(t->s);
		snprintf(t->s + len, sizeof t->s - len, "%s%s:%lld/%lld/%s", len ? " " : "", p->parts[i].part,
		         p->parts[i].share, p->parts[i].achieved, target_status_code(p->parts[i].status));
	}
	return t->s;
}

/* Rules */

static void test_status_of(void **state)
{
	(void)state;
	static const struct {
		long long value, achieved;
		const char *start, *deadline, *today;
		enum target_status want;
	} cases[] = {
	    /* 0% on the first day: nothing has elapsed yet. */
	    {100, 0, "2024-01-01", "2024-12-31", "2024-01-01", TARGET_ON_TRACK},
	    {100, 0, "2024-01-01", "2024-12-31", "2024-01-02", TARGET_LAGGING},
	    /* Before the start: time elapsed is 0. */
	    {100, 0, "2024-03-01", "2024-12-31", "2024-01-15", TARGET_ON_TRACK},
	    /* On the target, before and after the deadline. */
	    {100, 100, "2024-01-01", "2024-12-31", "2024-06-01", TARGET_DONE},
	    {100, 100, "2024-01-01", "2024-12-31", "2025-03-01", TARGET_DONE},
	    {1, 1, "2024-01-01", "2024-12-31", "2023-01-01", TARGET_DONE},
	    /* Over it. */
	    {100, 101, "2024-01-01", "2024-12-31", "2024-02-01", TARGET_OVER},
	    {100, 101, "2024-01-01", "2024-12-31", "2025-02-01", TARGET_OVER},
	    /* Short: on the deadline day it lags, the day after it is overdue. */
	    {100, 99, "2024-01-01", "2024-12-31", "2024-12-31", TARGET_LAGGING},
	    {100, 99, "2024-01-01", "2024-12-31", "2025-01-01", TARGET_OVERDUE},
	    {100, 0, "2024-01-01", "2024-12-31", "2030-01-01", TARGET_OVERDUE},
	    /* 10 days, 3 elapsed: 30% is on time, 29.9% lags. */
	    {1000, 300, "2024-03-01", "2024-03-11", "2024-03-04", TARGET_ON_TRACK},
	    {1000, 299, "2024-03-01", "2024-03-11", "2024-03-04", TARGET_LAGGING},
	    {1000, 301, "2024-03-01", "2024-03-11", "2024-03-04", TARGET_ON_TRACK},
	    /* A leap year: 365 days from 01-01 to 12-31, 182 of them on 07-01. */
	    {365, 182, "2024-01-01", "2024-12-31", "2024-07-01", TARGET_ON_TRACK},
	    {365, 181, "2024-01-01", "2024-12-31", "2024-07-01", TARGET_LAGGING},
	    /* Start and deadline the same day. */
	    {10, 0, "2024-05-01", "2024-05-01", "2024-04-30", TARGET_ON_TRACK},
	    {10, 0, "2024-05-01", "2024-05-01", "2024-05-01", TARGET_ON_TRACK},
	    {10, 9, "2024-05-01", "2024-05-01", "2024-05-02", TARGET_OVERDUE},
	    {10, 10, "2024-05-01", "2024-05-01", "2024-05-02", TARGET_DONE},
	    /* A correction below 0 counts as nothing done. */
	    {100, -5, "2024-01-01", "2024-12-31", "2024-01-01", TARGET_ON_TRACK},
	    {100, -5, "2024-01-01", "2024-12-31", "2024-01-02", TARGET_LAGGING},
	    /* The largest values over the longest span (no overflow). */
	    {TARGET_VALUE_MAX, TARGET_VALUE_MAX - 1, "2000-01-01", "2100-12-31", "2100-12-30", TARGET_ON_TRACK},
	    {TARGET_VALUE_MAX, TARGET_VALUE_MAX / 2, "2000-01-01", "2100-12-31", "2060-01-01", TARGET_LAGGING},
	    {TARGET_VALUE_MAX, TARGET_VALUE_MAX - 1, "2000-01-01", "2100-12-31", "2100-12-31", TARGET_LAGGING},
	    {TARGET_VALUE_MAX, TARGET_VALUE_MAX, "2000-01-01", "2100-12-31", "2100-12-31", TARGET_DONE},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		enum target_status got = target_status_of(cases[i].value, cases[i].achieved, t_date(cases[i].start),
		                                          t_date(cases[i].deadline), t_date(cases[i].today));
		if (got != cases[i].want)
			fail_msg("case %zu (%lld of %lld, %s..%s on %s): %s, want %s", i, cases[i].achieved,
			         cases[i].value, cases[i].start, cases[i].deadline, cases[i].today,
			         target_status_code(got), target_status_code(cases[i].want));
	}
	static const struct {
		enum target_status s;
		const char *code, *label;
	} names[] = {
	    {TARGET_DONE, "done", "已完成"},     {TARGET_OVER, "over", "超额完成"},
	    {TARGET_ON_TRACK, "normal", "正常"}, {TARGET_LAGGING, "lagging", "滞后"},
	    {TARGET_OVERDUE, "overdue", "逾期"}, {TARGET_STATUS__MAX, "", ""},
	};
	for (size_t i = 0; i < N_ELEMS(names); i++) {
		assert_string_equal(target_status_code(names[i].s), names[i].code);
		assert_string_equal(target_status_label(names[i].s), names[i].label);
	}
}

static void test_permille(void **state)
{
	(void)state;
	static const struct {
		long long achieved, value, want;
	} done[] = {
	    {0, 100, 0},
	    {50, 100, 500},
	    {1, 3, 333},
	    {2, 3, 666},
	    {100, 100, 1000},
	    {250, 100, 2500},
	    {-5, 100, 0},
	    {5, 0, 0},
	    {5, -1, 0},
	    {1, TARGET_VALUE_MAX, 0},
	    {TARGET_VALUE_MAX, TARGET_VALUE_MAX, 1000},
	    {TARGET_VALUE_MAX, 1, TARGET_VALUE_MAX * 1000},
	    /* Sums of many entries beyond 1e15: still exact, or as large as it gets. */
	    {3000000000000000LL, 3, 1000000000000000000LL},
	    {LLONG_MAX, LLONG_MAX, 1000},
	    {LLONG_MAX, 1, LLONG_MAX},
	    {LLONG_MAX / 2, 1, LLONG_MAX},
	};
	for (size_t i = 0; i < N_ELEMS(done); i++)
		if (target_permille(done[i].achieved, done[i].value) != done[i].want)
			fail_msg("permille(%lld, %lld) = %lld, want %lld", done[i].achieved, done[i].value,
			         target_permille(done[i].achieved, done[i].value), done[i].want);

	static const struct {
		const char *start, *deadline, *today;
		int want;
	} elapsed[] = {
	    {"2024-01-01", "2024-12-31", "2023-12-31", 0},
	    {"2024-01-01", "2024-12-31", "2024-01-01", 0},
	    {"2024-01-01", "2024-12-31", "2024-01-02", 2},   /* 1/365 */
	    {"2024-01-01", "2024-12-31", "2024-07-01", 498}, /* 182/365 */
	    {"2024-01-01", "2024-12-31", "2024-12-30", 997}, /* 364/365 */
	    {"2024-01-01", "2024-12-31", "2024-12-31", 1000},
	    {"2024-01-01", "2024-12-31", "2026-01-01", 1000},
	    {"2024-03-01", "2024-03-04", "2024-03-02", 333},
	    {"2024-03-01", "2024-03-04", "2024-03-03", 666},
	    {"2024-05-01", "2024-05-01", "2024-04-30", 0},
	    {"2024-05-01", "2024-05-01", "2024-05-01", 0},
	    {"2024-05-01", "2024-05-01", "2024-05-02", 1000},
	    {"2000-01-01", "2100-12-31", "2030-01-01", 297}, /* 10958/36889 */
	};
	for (size_t i = 0; i < N_ELEMS(elapsed); i++) {
		int got =
		    target_elapsed_permille(t_date(elapsed[i].start), t_date(elapsed[i].deadline), t_date(elapsed[i].today));
		if (got != elapsed[i].want)
			fail_msg("elapsed %s..%s on %s = %d, want %d", elapsed[i].start, elapsed[i].deadline,
			         elapsed[i].today, got, elapsed[i].want);
	}
}

/* Fails unless out is the largest-remainder split of total by weights (n parts), ties to earlier parts. */
static void check_split(long long total, const long long *weights, size_t n, const long long *out)
{
	__int128 sum = 0, given = 0;
	for (size_t i = 0; i < n; i++)
		sum += weights[i];
	long long base[TARGET_PARTS_MAX];
	__int128 rem[TARGET_PARTS_MAX];
	for (size_t i = 0; i < n; i++) {
		if (sum == 0) {
			base[i] = total / (long long)n;
			rem[i] = 0;
		} else {
			base[i] = (long long)((__int128)total * weights[i] / sum);
			rem[i] = (__int128)total * weights[i] % sum;
		}
		long long extra = out[i] - base[i];
		if (extra != 0 && extra != 1)
			fail_msg("total %lld part %zu: %lld, floor %lld", total, i, out[i], base[i]);
		given += out[i];
	}
	if (given != total)
		fail_msg("total %lld: parts add up to %lld", total, (long long)given);
	/* Every part given an extra unit has a larger remainder than one not given it, or the same and comes first. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (out[i] > base[i] && out[j] == base[j] && (rem[j] > rem[i] || (rem[j] == rem[i] && j < i)))
				fail_msg("total %lld: part %zu got the extra unit before part %zu", total, i, j);
}

/* A linear congruential generator: the same "random" cases on every run. */
static unsigned long long next(unsigned long long *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

static void test_split_proportional(void **state)
{
	(void)state;
	static const struct {
		long long total;
		size_t n;
		long long weights[4], want[4];
	} cases[] = {
	    {10, 4, {1, 2, 3, 4}, {1, 2, 3, 4}},
	    {10, 3, {1, 1, 1}, {4, 3, 3}}, /* a tie: the earlier part */
	    {100, 3, {1, 1, 1}, {34, 33, 33}},
	    {2, 4, {1, 1, 1, 1}, {1, 1, 0, 0}},
	    {10, 3, {3, 3, 1}, {4, 4, 2}}, /* the largest remainder is the last part's */
	    {5, 2, {1, 3}, {1, 4}},
	    {7, 3, {0, 0, 0}, {3, 2, 2}}, /* all 0: as equal as can be */
	    {0, 2, {5, 3}, {0, 0}},
	    {5, 2, {0, 7}, {0, 5}},
	    {1, 1, {1}, {1}},
	    {1, 1, {0}, {1}},
	    {10, 3, {3, 1, 0}, {8, 2, 0}}, /* 7.5 and 2.5: a tie again */
	    {TARGET_VALUE_MAX + 1, 3, {1, 1, 1}, {33333333333334, 33333333333333, 33333333333333}},
	    /* total * weight beyond 2^63; the two remainders tie at 1e14: the earlier part. */
	    {100000000000000, 3, {100000000000000, 99999999999999, 1}, {50000000000000, 50000000000000, 0}},
	    {TARGET_VALUE_MAX, 2, {LLONG_MAX, LLONG_MAX}, {50000000000000, 49999999999999}},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		long long out[4] = {-1, -1, -1, -1};
		assert_int_equal(target_split_proportional(cases[i].total, cases[i].weights, cases[i].n, out), 0);
		for (size_t k = 0; k < cases[i].n; k++)
			if (out[k] != cases[i].want[k])
				fail_msg("case %zu part %zu: %lld, want %lld", i, k, out[k], cases[i].want[k]);
		check_split(cases[i].total, cases[i].weights, cases[i].n, out);
	}

	/* Many cases, deterministic (a linear congruential generator): sizes, zeros, totals up to 1e14. */
	unsigned long long x = 20240101;
	for (int c = 0; c < 2000; c++) {
		size_t n = 1 + (size_t)(next(&x) % TARGET_PARTS_MAX);
		long long weights[TARGET_PARTS_MAX], out[TARGET_PARTS_MAX];
		int kind = (int)(next(&x) % 4);
		for (size_t i = 0; i < n; i++) {
			unsigned long long r = next(&x);
			weights[i] = kind == 0    ? 0
			             : r % 5 == 0 ? 0
			             : kind == 1  ? (long long)(r % 7)
			                          : (long long)(r % 1000000);
			if (kind == 3)
				weights[i] *=
				    100000000; /* person counts would never be this large: totals * weights pass 2^63 */
		}
		unsigned long long high = next(&x), low = next(&x);
		long long total =
		    c % 3 == 0 ? (long long)(low % 100) : (long long)((high << 20 | low) % (TARGET_VALUE_MAX + 1));
		assert_int_equal(target_split_proportional(total, weights, n, out), 0);
		check_split(total, weights, n, out);
	}

	/* Refused: no parts, a negative total or weight. */
	long long w[2] = {1, 1}, neg[2] = {1, -1}, out[2];
	assert_int_equal(target_split_proportional(10, w, 0, out), -1);
	assert_int_equal(target_split_proportional(10, NULL, 0, out), -1);
	assert_int_equal(target_split_proportional(-1, w, 2, out), -1);
	assert_int_equal(target_split_proportional(10, neg, 2, out), -1);
}

/* Work lines and sources */

struct sources {
	char s[4096];
	int n;
};

static void add_source(void *ctx, const char *source, const char *label)
{
	struct sources *s = ctx;
	size_t len = strlen(s->s);
	snprintf(s->s + len, sizeof s->s - len, "%s=%s;", source, label);
	s->n++;
}

static void test_lines_and_sources(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	size_t n;
	const struct target_line *l = target_lines(&n);
	assert_int_equal(n, 7);
	assert_string_equal(l[0].key, "cataract");
	assert_string_equal(l[n - 1].key, "other");
	assert_string_equal(target_line_label("rehab"), "康复");
	assert_string_equal(target_line_label("levy"), "残疾人就业保障金");
	assert_string_equal(target_line_label("nosuch"), "nosuch");

	static const struct {
		const char *source;
		int rc;
		bool hukou;
		const char *reason, *label;
	} cases[] = {
	    {"manual", 0, false, "", "手工填报"},
	    {"program:cataract:operated", 0, true, "", "贫困白内障复明工程：手术"},
	    {"program:cataract:registered", 0, true, "", "贫困白内障复明工程：摸底登记"},
	    {"paid:cataract", 0, false, "", "贫困白内障复明工程：已发放资金"},
	    {"program:cataract:nope", 1, false, "项目“贫困白内障复明工程”没有指标“nope”", "贫困白内障复明工程：nope"},
	    {"program:nosuch:operated", 1, false, "项目“nosuch”不存在", "program:nosuch:operated"},
	    {"program::operated", 1, false, "数据来源“program::operated”不是可统计的来源", "program::operated"},
	    {"program:cataract:", 1, false, "数据来源“program:cataract:”不是可统计的来源", "program:cataract:"},
	    {"paid:", 1, false, "数据来源“paid:”不是可统计的来源", "paid:"},
	    {"paid:a:b", 1, false, "数据来源“paid:a:b”不是可统计的来源", "paid:a:b"},
	    {"nosuch:villages", 1, false, "数据来源“nosuch:villages”不是可统计的来源", "nosuch:villages"},
	    {"training:nosuch", 1, false, "数据来源“training:nosuch”不是可统计的来源", "training:nosuch"},
	    {"training:trainees", 0, false, "", "就业培训：培训人数"},
	    {"", 1, false, "数据来源“”不是可统计的来源", ""},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		bool hukou = !cases[i].hukou;
		char reason[300], label[300];
		int rc = target_source_check(f->db, cases[i].source, &hukou, reason, sizeof reason, &err);
		if (rc != cases[i].rc || hukou != cases[i].hukou || strcmp(reason, cases[i].reason) != 0)
			fail_msg("%s: %d %d “%s”", cases[i].source, rc, hukou, reason);
		target_source_label(f->db, cases[i].source, label, sizeof label);
		assert_string_equal(label, cases[i].label);
	}

	/* The live sources offered: every metric of the project (cataract has no payments), then the work lines'. */
	struct sources s = {"", 0};
	assert_int_equal(target_sources(f->db, add_source, &s, &err), 0);
	const struct program *p;
	assert_int_equal(program_get(f->db, "cataract", 0, &p, &err), 1);
	assert_true(s.n > (int)p->nmetrics);
	assert_non_null(strstr(s.s, "program:cataract:operated=贫困白内障复明工程：手术;"));
	assert_non_null(strstr(s.s, "training:classes=就业培训：培训班期数;"));
	assert_non_null(strstr(s.s, "rehab:services=康复服务：服务人次;"));
	assert_null(strstr(s.s, "paid:cataract"));
}

/* Targets */

static void test_save_checks(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	/* 61 and 501 characters of 3 bytes each; an owner of 128 characters, the most the struct holds. */
	char long_name[61 * 3 + 1] = "", long_note[501 * 3 + 1] = "", owner[129] = "";
	for (int i = 0; i < 61; i++)
		strcat(long_name, "目");
	for (int i = 0; i < 501; i++)
		strcat(long_note, "说");
	memset(owner, 'a', 128);
	static const struct {
		const char *what, *field, *reason;
	} expect[] = {
	    {"year 1999", "year", "年度应为2000至2100之间的年份"},
	    {"year 2101", "year", "年度应为2000至2100之间的年份"},
	    {"line empty", "line", "请选择工作条线"},
	    {"line unknown", "line", "工作条线“nosuch”不存在"},
	    {"name empty", "name", "目标名称不能为空"},
	    {"name long", "name", "目标名称最多60个字"},
	    {"name control", "name", "目标名称含有无效字符"},
	    {"name invalid utf8", "name", "目标名称含有无效字符"},
	    {"unit empty", "unit", "计量单位不能为空"},
	    {"unit long", "unit", "计量单位最多8个字"},
	    {"value 0", "value", "目标值应为大于0的数"},
	    {"value negative", "value", "目标值应为大于0的数"},
	    {"value too large", "value", "目标值应为大于0的数"},
	    {"start bad", "start", "开始日期应为日期，如 2024-01-01"},
	    {"deadline bad", "deadline", "完成时限应为日期，如 2024-12-31"},
	    {"deadline before start", "deadline", "完成时限不能早于开始日期"},
	    {"source unknown", "source", "数据来源“bogus”不是可统计的来源"},
	    {"source metric", "source", "项目“贫困白内障复明工程”没有指标“nope”"},
	    {"split unknown", "split", "分解方式应为不分解、按乡镇或按城乡"},
	    {"split hukou manual", "split", "这个数据来源不能按城镇、农村分解（只有项目的指标可以）"},
	    {"split hukou paid", "split", "这个数据来源不能按城镇、农村分解（只有项目的指标可以）"},
	    {"note long", "note", "说明最多500个字"},
	};
	for (size_t i = 0; i < N_ELEMS(expect); i++) {
		struct target t = base("残疾儿童康复救助");
		const char *w = expect[i].what;
		if (strcmp(w, "year 1999") == 0)
			t.year = 1999;
		else if (strcmp(w, "year 2101") == 0)
			t.year = 2101;
		else if (strcmp(w, "line empty") == 0)
			t.line[0] = '\0';
		else if (strcmp(w, "line unknown") == 0)
			snprintf(t.line, sizeof t.line, "nosuch");
		else if (strcmp(w, "name empty") == 0)
			t.name[0] = '\0';
		else if (strcmp(w, "name long") == 0)
			snprintf(t.name, sizeof t.name, "%s", long_name);
		else if (strcmp(w, "name control") == 0)
			snprintf(t.name, sizeof t.name, "康复\x01目标");
		else if (strcmp(w, "name invalid utf8") == 0)
			snprintf(t.name, sizeof t.name, "康复\xff");
		else if (strcmp(w, "unit empty") == 0)
			t.unit[0] = '\0';
		else if (strcmp(w, "unit long") == 0)
			snprintf(t.unit, sizeof t.unit, "一二三四五六七八九");
		else if (strcmp(w, "value 0") == 0)
			t.value = 0;
		else if (strcmp(w, "value negative") == 0)
			t.value = -1;
		else if (strcmp(w, "value too large") == 0)
			t.value = TARGET_VALUE_MAX + 1;
		else if (strcmp(w, "start bad") == 0)
			snprintf(t.start, sizeof t.start, "2024-02-30");
		else if (strcmp(w, "deadline bad") == 0)
			snprintf(t.deadline, sizeof t.deadline, "年底");
		else if (strcmp(w, "deadline before start") == 0)
			snprintf(t.deadline, sizeof t.deadline, "2023-12-31");
		else if (strcmp(w, "source unknown") == 0)
			snprintf(t.source, sizeof t.source, "bogus");
		else if (strcmp(w, "source metric") == 0)
			snprintf(t.source, sizeof t.source, "program:cataract:nope");
		else if (strcmp(w, "split unknown") == 0)
			snprintf(t.split, sizeof t.split, "city");
		else if (strcmp(w, "split hukou manual") == 0)
			snprintf(t.split, sizeof t.split, "hukou");
		else if (strcmp(w, "split hukou paid") == 0) {
			snprintf(t.split, sizeof t.split, "hukou");
			snprintf(t.source, sizeof t.source, "paid:cataract");
		} else if (strcmp(w, "note long") == 0)
			snprintf(t.note, sizeof t.note, "%s", long_note);
		else
			fail_msg("no change for %s", w);
		assert_int_equal(save(f->db, &t, &county, &pr), 1);
		assert_string_equal(pr.message, "目标未保存，请改正标出的项");
		if (strcmp(t_reason(&pr, expect[i].field), expect[i].reason) != 0)
			fail_msg("%s: %s “%s” (%zu problems, first %s)", w, expect[i].field,
			         t_reason(&pr, expect[i].field), pr.n, pr.n ? pr.items[0].field : "");
		/* Only the field that is wrong is named. */
		assert_int_equal(pr.n, 1);
		assert_int_equal(t.id, 0);
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target"), 0);

	/* Roles: only the county's admin and staff set targets. */
	const struct user *refused[] = {&town1, &village1, &leader, &hospital};
	for (size_t i = 0; i < N_ELEMS(refused); i++) {
		struct target t = base("残疾儿童康复救助");
		assert_int_equal(save(f->db, &t, refused[i], &pr), 1);
		char want[200];
		snprintf(want, sizeof want, "您的角色（%s）不能设定目标", role_label(refused[i]->role));
		assert_string_equal(pr.message, want);
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target"), 0);

	/* Saved by the admin; the start defaults to the year's first day; a project's code is a line. */
	struct target a = base("残疾儿童康复救助");
	a.start[0] = '\0';
	memcpy(a.owner, owner, sizeof owner);
	assert_int_equal(save(f->db, &a, &admin, &pr), 0);
	assert_true(a.id > 0);
	assert_string_equal(a.start, "2024-01-01");
	assert_string_equal(a.updated_by, "admin");
	struct target got = get(f->db, a.id);
	assert_string_equal(got.name, "残疾儿童康复救助");
	assert_string_equal(got.start, "2024-01-01");
	assert_string_equal(got.deadline, "2024-12-31");
	assert_int_equal(got.value, 100);
	assert_false(target_is_money(&got));
	struct target b = base("白内障手术");
	snprintf(b.line, sizeof b.line, "cataract");
	snprintf(b.source, sizeof b.source, "program:cataract:operated");
	snprintf(b.split, sizeof b.split, "hukou");
	b.value = TARGET_VALUE_MAX;
	save_ok(f->db, &b);
	assert_int_equal(get(f->db, b.id).value, TARGET_VALUE_MAX);

	/* Dates in another accepted form are stored as YYYY-MM-DD (they are compared as text). */
	struct target slash = base("助听器适配");
	snprintf(slash.start, sizeof slash.start, "2024/3/1");
	snprintf(slash.deadline, sizeof slash.deadline, "20241130");
	save_ok(f->db, &slash);
	assert_string_equal(get(f->db, slash.id).start, "2024-03-01");
	assert_string_equal(get(f->db, slash.id).deadline, "2024-11-30");
	/* A name is unique in its year, not across years. */
	struct target dup = base("残疾儿童康复救助");
	assert_int_equal(save(f->db, &dup, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "name"), "2024年已有名为“残疾儿童康复救助”的目标");
	dup.year = 2025;
	snprintf(dup.start, sizeof dup.start, "2025-01-01");
	snprintf(dup.deadline, sizeof dup.deadline, "2025-12-31");
	save_ok(f->db, &dup);

	/* Changing a target: its own name is no duplicate, another's is; no such target. */
	struct target c = get(f->db, a.id);
	snprintf(c.note, sizeof c.note, "含0-6岁儿童");
	assert_int_equal(save(f->db, &c, &county, &pr), 0);
	assert_string_equal(get(f->db, a.id).note, "含0-6岁儿童");
	assert_string_equal(get(f->db, a.id).updated_by, "county");
	snprintf(c.name, sizeof c.name, "白内障手术");
	assert_int_equal(save(f->db, &c, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "name"), "2024年已有名为“白内障手术”的目标");
	struct target none = base("不存在的目标");
	none.id = 9999;
	assert_int_equal(save(f->db, &none, &county, &pr), 2);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target"), 4);
	struct error err = ERROR_INIT;
	struct target out;
	assert_int_equal(target_get(f->db, 9999, &out, &err), 0);
	/* Money: values in fen. */
	struct target m = base("就业保障金征收");
	snprintf(m.unit, sizeof m.unit, "元");
	snprintf(m.line, sizeof m.line, "levy");
	m.value = 123456789; /* 1,234,567.89 元 */
	save_ok(f->db, &m);
	assert_true(target_is_money(&m));
	assert_int_equal(get(f->db, m.id).value, 123456789);
}

static int collect_name(void *ctx, const struct target *t, struct error *err)
{
	(void)err;
	struct text *s = ctx;
	size_t len = strlen(s->s);
	snprintf(s->s + len, sizeof s->s - len, "%s%s/%s", len ? " " : "", t->line, t->name);
	return 0;
}

static int stop_at_first(void *ctx, const struct target *t, struct error *err)
{
	(void)t;
	int *n = ctx;
	++*n;
	return error_set(err, "stop");
}

static void test_list(void **state)
{
	struct t_fixture *f = *state;
	struct target t;
	const char *names[][2] = {{"other", "其他甲"},
	                          {"rehab", "康复甲"},
	                          {"cataract", "白内障甲"},
	                          {"rehab", "康复乙"},
	                          {"survey", "调查甲"}};
	for (size_t i = 0; i < N_ELEMS(names); i++) {
		t = base(names[i][1]);
		snprintf(t.line, sizeof t.line, "%s", names[i][0]);
		save_ok(f->db, &t);
	}
	t = base("明年康复");
	t.year = 2025;
	save_ok(f->db, &t);
	struct error err = ERROR_INIT;
	struct text s = {""};
	assert_int_equal(target_list(f->db, 2024, "", collect_name, &s, &err), 0);
	assert_string_equal(s.s, "cataract/白内障甲 survey/调查甲 rehab/康复甲 rehab/康复乙 other/其他甲");
	s.s[0] = '\0';
	assert_int_equal(target_list(f->db, 2024, "rehab", collect_name, &s, &err), 0);
	assert_string_equal(s.s, "rehab/康复甲 rehab/康复乙");
	s.s[0] = '\0';
	assert_int_equal(target_list(f->db, 2023, "", collect_name, &s, &err), 0);
	assert_string_equal(s.s, "");
	int n = 0;
	assert_int_equal(target_list(f->db, 2024, "", stop_at_first, &n, &err), -1);
	assert_int_equal(n, 1);
}

/* Parts */

static void test_parts(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct text s;
	struct target t = base("康复服务");
	snprintf(t.split, sizeof t.split, "township");
	int64_t id = save_ok(f->db, &t);

	struct target_part short_[] = {{TOWN1, 60}, {TOWN2, 30}};
	assert_int_equal(set_parts(f->db, id, short_, 2, &county, &pr), 1);
	assert_string_equal(pr.message, "分解值合计90，与目标值100不等（差10）");
	struct target_part over[] = {{TOWN1, 60}, {TOWN2, 50}};
	assert_int_equal(set_parts(f->db, id, over, 2, &county, &pr), 1);
	assert_string_equal(pr.message, "分解值合计110，与目标值100不等（差-10）");
	struct target_part unknown[] = {{TOWN1, 60}, {"341699009000", 40}};
	assert_int_equal(set_parts(f->db, id, unknown, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "341699009000"), "“341699009000”不是本县的乡镇");
	assert_string_equal(pr.message, "分解未保存");
	struct target_part village[] = {{TOWN1, 60}, {VILLAGE3, 40}};
	assert_int_equal(set_parts(f->db, id, village, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, VILLAGE3), "“341699002001”不是本县的乡镇");
	struct target_part twice[] = {{TOWN1, 50}, {TOWN1, 50}};
	assert_int_equal(set_parts(f->db, id, twice, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, TOWN1), "重复的分解项");
	struct target_part negative[] = {{TOWN1, 110}, {TOWN2, -10}};
	assert_int_equal(set_parts(f->db, id, negative, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, TOWN2), "分解值应为0或正数");
	struct target_part hukou[] = {{"1", 60}, {"2", 40}};
	assert_int_equal(set_parts(f->db, id, hukou, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "1"), "“1”不是本县的乡镇");
	struct target_part many[TARGET_PARTS_MAX + 1];
	for (size_t i = 0; i < N_ELEMS(many); i++) {
		snprintf(many[i].part, sizeof many[i].part, "3416990%02zu000", i);
		many[i].value = i == 0 ? 100 : 0;
	}
	assert_int_equal(set_parts(f->db, id, many, N_ELEMS(many), &county, &pr), 1);
	assert_string_equal(pr.message, "分解项太多（最多64项）");
	struct target_part good[] = {{TOWN2, 40}, {TOWN1, 60}};
	assert_int_equal(set_parts(f->db, id, good, 2, &town1, &pr), 1);
	assert_string_equal(pr.message, "您的角色（乡镇操作员）不能分解目标");
	assert_int_equal(set_parts(f->db, id, good, 2, &leader, &pr), 1);
	assert_int_equal(set_parts(f->db, 9999, good, 2, &county, &pr), 2);
	/* Nothing was stored by the refusals. */
	assert_string_equal(parts_of(f->db, id, &s), "");

	/* Stored in part order; replaced as a whole; a part of 0 is a part. */
	assert_int_equal(set_parts(f->db, id, good, 2, &county, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=60 " TOWN2 "=40");
	struct target_part all_one[] = {{TOWN2, 100}, {TOWN1, 0}};
	assert_int_equal(set_parts(f->db, id, all_one, 2, &admin, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=0 " TOWN2 "=100");
	struct target_part one[] = {{TOWN2, 100}};
	assert_int_equal(set_parts(f->db, id, one, 1, &admin, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN2 "=100");

	/* A change of the note keeps the parts; of the value or the split removes them. */
	struct target c = get(f->db, id);
	snprintf(c.note, sizeof c.note, "按户籍人口分解");
	assert_int_equal(save(f->db, &c, &county, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN2 "=100");
	c.value = 120;
	assert_int_equal(save(f->db, &c, &county, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), "");
	struct target_part again[] = {{TOWN1, 70}, {TOWN2, 50}};
	assert_int_equal(set_parts(f->db, id, again, 2, &county, &pr), 0);
	c.split[0] = '\0';
	assert_int_equal(save(f->db, &c, &county, &pr), 0);
	assert_string_equal(parts_of(f->db, id, &s), "");
	/* Not split: no parts at all. */
	assert_int_equal(set_parts(f->db, id, again, 2, &county, &pr), 1);
	assert_string_equal(pr.message, "目标“康复服务”不分解；请先把分解方式改为按乡镇或按城乡");

	/* Urban/rural: parts "1" and "2" only. */
	struct target h = base("白内障手术城乡");
	snprintf(h.line, sizeof h.line, "cataract");
	snprintf(h.source, sizeof h.source, "program:cataract:operated");
	snprintf(h.split, sizeof h.split, "hukou");
	h.value = 10;
	int64_t hid = save_ok(f->db, &h);
	struct target_part three[] = {{"1", 4}, {"3", 6}};
	assert_int_equal(set_parts(f->db, hid, three, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "3"), "按城乡分解只能分为城镇（1）和农村（2）");
	struct target_part town[] = {{"1", 4}, {TOWN1, 6}};
	assert_int_equal(set_parts(f->db, hid, town, 2, &county, &pr), 1);
	assert_string_equal(t_reason(&pr, TOWN1), "按城乡分解只能分为城镇（1）和农村（2）");
	struct target_part urban_rural[] = {{"2", 6}, {"1", 4}};
	assert_int_equal(set_parts(f->db, hid, urban_rural, 2, &county, &pr), 0);
	assert_string_equal(parts_of(f->db, hid, &s), "1=4 2=6");
	(void)err;
}

static void test_split_by_persons(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct text s;
	t_division_save(f->db, TOWN3, "临河镇");
	/* 3 in 青禾镇, 1 in 望川镇 (and one who died, not counted), none in 临河镇. */
	save_person(f->db, "王秀英", "34169919500101002", VILLAGE1, 2, PERSON_ACTIVE);
	save_person(f->db, "李国华", "34169919480202001", VILLAGE2, 1, PERSON_ACTIVE);
	save_person(f->db, "周明", "34169919600505001", VILLAGE1, 2, PERSON_ACTIVE);
	save_person(f->db, "张桂兰", "34169919520303002", VILLAGE3, 1, PERSON_ACTIVE);
	save_person(f->db, "赵老", "34169919400404001", VILLAGE3, 2, PERSON_DECEASED);
	struct target t = base("残疾人证办理");
	snprintf(t.split, sizeof t.split, "township");
	t.value = 10;
	int64_t id = save_ok(f->db, &t);
	/* 7.5, 2.5 and 0: the tie of the two halves goes to the first township. */
	assert_int_equal(target_split_by_persons(f->db, id, &county, &pr, &err), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=8 " TOWN2 "=2 " TOWN3 "=0");
	/* Against the whole: 1001 by 3:1:0. */
	struct target c = get(f->db, id);
	c.value = 1001;
	assert_int_equal(save(f->db, &c, &county, &pr), 0);
	assert_int_equal(target_split_by_persons(f->db, id, &county, &pr, &err), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=751 " TOWN2 "=250 " TOWN3 "=0");
	/* The roles of target_set_parts; only a township split. */
	assert_int_equal(target_split_by_persons(f->db, id, &town1, &pr, &err), 1);
	assert_non_null(strstr(pr.message, "不能分解目标"));
	assert_int_equal(target_split_by_persons(f->db, 9999, &county, &pr, &err), 2);
	struct target n = base("不分解的目标");
	int64_t nid = save_ok(f->db, &n);
	assert_int_equal(target_split_by_persons(f->db, nid, &county, &pr, &err), 1);
	assert_string_equal(pr.message, "只有按乡镇分解的目标才能按人数分配");
	/* Nobody registered anywhere: as equal as can be. */
	t_exec(f->db, "UPDATE person SET status = 2");
	assert_int_equal(target_split_by_persons(f->db, id, &county, &pr, &err), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=334 " TOWN2 "=334 " TOWN3 "=333");
}

/* Progress entered by hand */

static int add_entry(struct db *db, int64_t id, const char *part, const char *date, long long value, const char *note,
                     const struct user *u, struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = target_add_entry(db, id, part, date, value, note, u, pr, &err);
	if (rc < 0)
		fail_msg("target_add_entry: %s", err.msg);
	return rc;
}

#define ENTRY_OK(db, id, part, date, value, note, u)                                                                   \
	do {                                                                                                           \
		struct case_problems pr_;                                                                              \
		if (add_entry(db, id, part, date, value, note, u, &pr_) != 0)                                          \
			fail_msg("entry %s %lld: %s %s", part, (long long)(value), pr_.message,                        \
			         pr_.n ? pr_.items[0].reason : "");                                                    \
	} while (0)

static int add_line(void *ctx, const struct target_entry *e, struct error *err)
{
	(void)err;
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s:%s:%lld:%s:%s", len ? " " : "", *e->part ? e->part : "-", e->date,
	         e->value, e->note, e->user_name);
	return 0;
}

static const char *entries_of(struct db *db, int64_t id, const struct user *u, struct text *t)
{
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	t->s[0] = '\0';
	if (target_entries(db, id, &s, add_line, t, &err) < 0)
		fail_msg("target_entries: %s", err.msg);
	return t->s;
}

static void test_entries(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct text s;
	struct target t = base("残疾人托养服务");
	snprintf(t.split, sizeof t.split, "township");
	int64_t id = save_ok(f->db, &t);
	struct target_part parts[] = {{TOWN1, 60}, {TOWN2, 40}};
	assert_int_equal(set_parts(f->db, id, parts, 2, &county, &pr), 0);

	/* The county for any township or for itself; a township for its own. */
	ENTRY_OK(f->db, id, TOWN1, "2024-05-01", 10, "托养中心名册第1页", &county);
	ENTRY_OK(f->db, id, "", "2024-05-02", 5, "县托养中心", &admin);
	ENTRY_OK(f->db, id, TOWN1, "2024-06-01", 20, "居家托养台账", &town1);
	ENTRY_OK(f->db, id, TOWN1, "2024-12-31", -3, "更正：6月重复3人", &town1);
	assert_int_equal(add_entry(f->db, id, TOWN2, "2024-06-01", 5, "越权", &town1, &pr), 1);
	assert_string_equal(pr.message, "只能填报本乡镇的进度");
	assert_int_equal(add_entry(f->db, id, "", "2024-06-01", 5, "越权", &town1, &pr), 1);
	assert_string_equal(pr.message, "只能填报本乡镇的进度");
	const struct user *refused[] = {&village1, &leader, &hospital};
	for (size_t i = 0; i < N_ELEMS(refused); i++) {
		assert_int_equal(add_entry(f->db, id, TOWN1, "2024-06-01", 5, "无权", refused[i], &pr), 1);
		char want[200];
		snprintf(want, sizeof want, "您的角色（%s）不能填报目标进度", role_label(refused[i]->role));
		assert_string_equal(pr.message, want);
	}
	/* A township user without a township has no own part. */
	struct user lost = t_user(ROLE_TOWNSHIP, "", "lost");
	assert_int_equal(add_entry(f->db, id, "", "2024-06-01", 5, "无乡镇", &lost, &pr), 1);
	assert_non_null(strstr(pr.message, "不能填报目标进度"));

	/* The checks of what is entered. */
	assert_int_equal(add_entry(f->db, id, TOWN1, "2025-01-01", 5, "明天的", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "date"), "日期（2025-01-01）不能晚于今天");
	assert_string_equal(pr.message, "进度未保存，请改正标出的项");
	assert_int_equal(add_entry(f->db, id, TOWN1, "2024-13-01", 5, "坏日期", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "date"), "日期应为日期，如 2024-10-31");
	assert_int_equal(add_entry(f->db, id, TOWN1, "2024-06-01", 0, "零", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "value"), "完成数不能为0（更正以前的填报请填负数）");
	assert_int_equal(add_entry(f->db, id, TOWN1, "2024-06-01", TARGET_VALUE_MAX + 1, "太多", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "value"), "完成数不能为0（更正以前的填报请填负数）");
	assert_int_equal(add_entry(f->db, id, TOWN1, "2024-06-01", -TARGET_VALUE_MAX - 1, "太少", &town1, &pr), 1);
	assert_int_equal(add_entry(f->db, id, TOWN1, "2024-06-01", 5, "", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "note"), "佐证说明不能为空");
	assert_int_equal(add_entry(f->db, id, "341699009000", "2024-06-01", 5, "无此乡镇", &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "part"), "“341699009000”不是本县的乡镇");
	assert_int_equal(add_entry(f->db, 9999, TOWN1, "2024-06-01", 5, "无此目标", &county, &pr), 2);
	/* A live target counts itself. */
	struct target live = base("白内障手术");
	snprintf(live.line, sizeof live.line, "cataract");
	snprintf(live.source, sizeof live.source, "program:cataract:operated");
	int64_t lid = save_ok(f->db, &live);
	assert_int_equal(add_entry(f->db, lid, TOWN1, "2024-06-01", 5, "手工", &county, &pr), 1);
	assert_string_equal(pr.message, "目标“白内障手术”的进度由系统按数据自动统计，不能手工填报");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target_entry"), 4);
	/* Append-only, in the schema too. */
	struct error err = ERROR_INIT;
	assert_int_equal(db_exec(f->db, "UPDATE target_entry SET value = 100", &err), -1);
	assert_int_equal(db_exec(f->db, "DELETE FROM target_entry", &err), -1);

	/* The entries within scope, newest first. */
	assert_string_equal(entries_of(f->db, id, &county, &s),
	                    TOWN1 ":2024-12-31:-3:更正：6月重复3人:town1 " TOWN1 ":2024-06-01:20:居家托养台账:town1"
	                          " -:2024-05-02:5:县托养中心:admin " TOWN1 ":2024-05-01:10:托养中心名册第1页:county");
	assert_string_equal(entries_of(f->db, id, &leader, &s), entries_of(f->db, id, &county, &(struct text){""}));
	assert_string_equal(entries_of(f->db, id, &town1, &s),
	                    TOWN1 ":2024-12-31:-3:更正：6月重复3人:town1 " TOWN1
	                          ":2024-06-01:20:居家托养台账:town1 " TOWN1 ":2024-05-01:10:托养中心名册第1页:county");
	assert_string_equal(entries_of(f->db, id, &town2, &s), "");
	assert_string_equal(entries_of(f->db, id, &hospital, &s), "");
	assert_string_equal(entries_of(f->db, lid, &county, &s), "");

	/* Progress for the county: every entry; per township its share and its own. */
	struct target_progress p = progress(f->db, id, &county, "2024-06-01");
	assert_int_equal(p.achieved, 32);
	assert_int_equal(p.value, 100);
	assert_int_equal(p.permille, 320);
	assert_int_equal(p.elapsed_permille, 416); /* 152/365 */
	assert_int_equal(p.status, TARGET_LAGGING);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":60/27/normal " TOWN2 ":40/0/lagging");
	/* A month later 27 of 60 (45%) is behind 182/365 (49.9%). */
	p = progress(f->db, id, &county, "2024-07-01");
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":60/27/lagging " TOWN2 ":40/0/lagging");
	p = progress(f->db, id, &leader, "2024-01-01");
	assert_int_equal(p.status, TARGET_ON_TRACK);
	assert_int_equal(p.elapsed_permille, 0);
	/* A township sees its own row only. */
	p = progress(f->db, id, &town1, "2024-06-01");
	assert_int_equal(p.achieved, 27);
	assert_int_equal(p.value, 60);
	assert_int_equal(p.permille, 450);
	assert_int_equal(p.status, TARGET_ON_TRACK);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":60/27/normal");
	p = progress(f->db, id, &town2, "2025-01-01");
	assert_int_equal(p.achieved, 0);
	assert_int_equal(p.value, 40);
	assert_int_equal(p.status, TARGET_OVERDUE);
	assert_string_equal(parts_progress(&p, &s), TOWN2 ":40/0/overdue");
	/* Done and over, for the county and for a township. */
	ENTRY_OK(f->db, id, TOWN1, "2024-12-01", 33, "补录", &county);
	ENTRY_OK(f->db, id, TOWN2, "2024-12-01", 40, "补录", &town2);
	p = progress(f->db, id, &county, "2025-02-01");
	assert_int_equal(p.achieved, 105);
	assert_int_equal(p.status, TARGET_OVER);
	assert_int_equal(p.permille, 1050);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":60/60/done " TOWN2 ":40/40/done");
	p = progress(f->db, id, &town2, "2025-02-01");
	assert_int_equal(p.status, TARGET_DONE);
	assert_int_equal(p.permille, 1000);

	/* Not split: a township sees what it did, with no share to compare with. */
	struct target whole = base("社区康复协调员培训");
	int64_t wid = save_ok(f->db, &whole);
	ENTRY_OK(f->db, wid, TOWN1, "2024-03-01", 7, "培训签到表", &town1);
	ENTRY_OK(f->db, wid, TOWN2, "2024-03-01", 8, "培训签到表", &town2);
	p = progress(f->db, wid, &county, "2024-07-01");
	assert_int_equal(p.achieved, 15);
	assert_int_equal(p.value, 100);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":-1/7/ " TOWN2 ":-1/8/");
	p = progress(f->db, wid, &town1, "2024-07-01");
	assert_int_equal(p.achieved, 7);
	assert_int_equal(p.value, -1);
	assert_int_equal(p.permille, 0);
	assert_int_equal(p.status, TARGET_STATUS__MAX);
	/* A township with nothing at all. */
	struct user town3 = t_user(ROLE_TOWNSHIP, TOWN3, "town3");
	p = progress(f->db, wid, &town3, "2024-07-01");
	assert_int_equal(p.achieved, 0);
	assert_int_equal(p.value, -1);
	assert_int_equal(p.nparts, 0);
}

/* The evidence's document of an entry */

static char files_dir[ATTACHMENT_DIR_MAX];

static int setup_files(void **state)
{
	setup(state);
	struct t_fixture *f = *state;
	attachment_dir(f->path, files_dir);
	return 0;
}

/* Removes the files directory (flat: files only) so that t_teardown can remove its own. */
static int teardown_files(void **state)
{
	DIR *d = opendir(files_dir);
	if (d) {
		char path[ATTACHMENT_DIR_MAX + 300];
		for (struct dirent *e; (e = readdir(d));)
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
				snprintf(path, sizeof path, "%s/%s", files_dir, e->d_name);
				unlink(path);
			}
		closedir(d);
		rmdir(files_dir);
	}
	return t_teardown(state);
}

/* Entries of the files directory (0 when it does not exist). */
static int files_stored(void)
{
	DIR *d = opendir(files_dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int add_file(struct db *db, int64_t id, const char *part, const char *note, const void *data, size_t len,
                    const char *name, const struct user *u, struct target_entry *out, struct case_problems *pr)
{
	struct target_file file = {data, len, name};
	struct error err = ERROR_INIT;
	int rc = target_add_entry_file(db, files_dir, id, part, "2024-06-01", 5, note, &file, u, out, pr, &err);
	if (rc < 0)
		print_message("target_add_entry_file: %s\n", err.msg);
	return rc;
}

static int file_line(void *ctx, const struct target_entry *e, struct error *err)
{
	(void)err;
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s:%s:%lld:%.8s", len ? " " : "", e->note,
	         *e->file_name ? e->file_name : "-", (long long)e->file_size, e->file_sha256);
	return 0;
}

static void test_entry_files(void **state)
{
	struct t_fixture *f = *state;
	static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
	static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
	                                    0,    0,   0,   13,  'I',  'H',  'D',  'R'};
	struct case_problems pr;
	struct target_entry e;
	struct error err = ERROR_INIT;
	struct target t = base("残疾人托养服务");
	int64_t id = save_ok(f->db, &t);

	/* A PDF: stored under its digest next to the database, the entry naming it. */
	assert_int_equal(
	    add_file(f->db, id, TOWN1, "托养签到表", PDF, sizeof PDF - 1, "C:\\扫描\\签到表.PDF", &town1, &e, &pr), 0);
	assert_true(e.id > 0);
	assert_string_equal(e.file_name, "签到表.PDF");
	assert_string_equal(e.file_type, "application/pdf");
	assert_int_equal(e.file_size, sizeof PDF - 1);
	char sha[TOKEN_HEX];
	token_sha256_hex(PDF, sizeof PDF - 1, sha);
	assert_string_equal(e.file_sha256, sha);
	char path[ATTACHMENT_DIR_MAX + 80];
	snprintf(path, sizeof path, "%s/%s", files_dir, sha);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof PDF - 1);
	assert_int_equal(files_stored(), 1);
	int64_t pdf_entry = e.id;
	/* Read back through the shared storage, checked against its digest. */
	int fd;
	assert_int_equal(attachment_open_stored(files_dir, e.file_sha256, e.file_size, &fd, &err), 0);
	char back[sizeof PDF];
	assert_int_equal(read(fd, back, sizeof back), (ssize_t)(sizeof PDF - 1));
	assert_memory_equal(back, PDF, sizeof PDF - 1);
	close(fd);
	/* The type is the content's: a PNG named .pdf is a PNG. */
	assert_int_equal(add_file(f->db, id, TOWN2, "照片", PNG, sizeof PNG, "photo.pdf", &county, &e, &pr), 0);
	assert_string_equal(e.file_type, "image/png");
	assert_string_equal(e.file_name, "photo.pdf.png");
	/* Without a document, as before: the file fields are empty. */
	ENTRY_OK(f->db, id, TOWN1, "2024-06-02", 3, "无附件", &town1);
	assert_int_equal(files_stored(), 2);

	/* Refused, under the field "file", with the case documents' reasons; nothing stored. */
	const char text[] = "这不是PDF，只是改了扩展名的文本\n";
	assert_int_equal(add_file(f->db, id, TOWN1, "文本", text, sizeof text - 1, "x.pdf", &town1, &e, &pr), 1);
	assert_string_equal(pr.message, "进度未保存，请改正标出的项");
	assert_non_null(strstr(t_reason(&pr, "file"), "只能上传 PDF、JPEG 或 PNG 格式的扫描件"));
	size_t big = ATTACHMENT_SIZE_MAX + 1;
	char *huge = calloc(1, big);
	assert_non_null(huge);
	memcpy(huge, PDF, sizeof PDF - 1);
	assert_int_equal(add_file(f->db, id, TOWN1, "太大", huge, big, "big.pdf", &town1, &e, &pr), 1);
	assert_non_null(strstr(t_reason(&pr, "file"), "每个文件不能超过 5 MB"));
	/* Exactly the limit is fine. */
	assert_int_equal(add_file(f->db, id, TOWN1, "正好", huge, ATTACHMENT_SIZE_MAX, "limit.pdf", &town1, &e, &pr),
	                 0);
	assert_int_equal(e.file_size, ATTACHMENT_SIZE_MAX);
	char limit_sha[TOKEN_HEX];
	token_sha256_hex(huge, ATTACHMENT_SIZE_MAX, limit_sha);
	assert_string_equal(e.file_sha256, limit_sha);
	free(huge);
	assert_int_equal(add_file(f->db, id, TOWN1, "空的", "", 0, "empty.pdf", &town1, &e, &pr), 1);
	assert_string_equal(t_reason(&pr, "file"), "请选择要上传的文件（上传的文件不能是空的）");
	/* A good document with a bad field: refused before anything is stored. */
	static const unsigned char JPEG[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
	assert_int_equal(add_file(f->db, id, TOWN1, "", JPEG, sizeof JPEG, "a.jpg", &town1, &e, &pr), 1);
	assert_string_equal(t_reason(&pr, "note"), "佐证说明不能为空");
	assert_int_equal(add_file(f->db, id, TOWN2, "越权", JPEG, sizeof JPEG, "a.jpg", &town1, &e, &pr), 1);
	assert_string_equal(pr.message, "只能填报本乡镇的进度");
	struct target live = base("白内障手术");
	snprintf(live.line, sizeof live.line, "cataract");
	snprintf(live.source, sizeof live.source, "program:cataract:operated");
	int64_t lid = save_ok(f->db, &live);
	assert_int_equal(add_file(f->db, lid, TOWN1, "手工", JPEG, sizeof JPEG, "a.jpg", &county, &e, &pr), 1);
	assert_int_equal(files_stored(), 3);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target_entry"), 4);

	/* A failed insert removes the file this call stored, and only that. */
	t_exec(f->db, "CREATE TRIGGER fail_insert BEFORE INSERT ON target_entry"
	              " BEGIN SELECT RAISE(ABORT, 'insert refused for the test'); END");
	assert_int_equal(add_file(f->db, id, TOWN1, "失败", JPEG, sizeof JPEG, "a.jpg", &town1, &e, &pr), -1);
	assert_int_equal(add_file(f->db, id, TOWN1, "失败", PDF, sizeof PDF - 1, "again.pdf", &town1, &e, &pr), -1);
	t_exec(f->db, "DROP TRIGGER fail_insert");
	assert_int_equal(files_stored(), 3);
	assert_int_equal(stat(path, &st), 0); /* the PDF of the first entry stays */
	/* The same content again is stored once. */
	assert_int_equal(add_file(f->db, id, TOWN1, "再次", PDF, sizeof PDF - 1, "copy.pdf", &town1, &e, &pr), 0);
	assert_string_equal(e.file_sha256, sha);
	assert_int_equal(files_stored(), 3);

	/* Listed within scope, newest first, with the documents. */
	struct text s;
	struct registry_scope sc = t_scope(&town1);
	s.s[0] = '\0';
	assert_int_equal(target_entries(f->db, id, &sc, file_line, &s, &err), 0);
	char want[600];
	snprintf(want, sizeof want,
	         "再次:copy.pdf:%zu:%.8s 正好:limit.pdf:%u:%.8s 无附件:-:0: 托养签到表:签到表.PDF:%zu:%.8s",
	         sizeof PDF - 1, sha, ATTACHMENT_SIZE_MAX, limit_sha, sizeof PDF - 1, sha);
	assert_string_equal(s.s, want); /* not the other township's 照片 */

	/* One entry, found within scope as the list finds it. */
	struct target_entry got;
	sc = t_scope(&town1);
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 1);
	assert_string_equal(got.file_sha256, sha);
	assert_string_equal(got.file_name, "签到表.PDF");
	assert_string_equal(got.note, "托养签到表");
	sc = t_scope(&county);
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 1);
	sc = t_scope(&leader);
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 1);
	sc = t_scope(&village1); /* a village of the township sees its township's entries */
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 1);
	sc = t_scope(&town2);
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 0);
	sc = t_scope(&hospital);
	assert_int_equal(target_entry_get(f->db, id, pdf_entry, &sc, &got, &err), 0);
	sc = t_scope(&county);
	assert_int_equal(target_entry_get(f->db, lid, pdf_entry, &sc, &got, &err), 0); /* not that target's */
	assert_int_equal(target_entry_get(f->db, id, 99999, &sc, &got, &err), 0);
	/* Append-only still, with the new columns. */
	assert_int_equal(db_exec(f->db, "UPDATE target_entry SET file_name = 'x.pdf'", &err), -1);
	assert_int_equal(db_exec(f->db, "DELETE FROM target_entry", &err), -1);
	/* The schema keeps the four columns together. */
	assert_int_equal(db_exec(f->db,
	                         "INSERT INTO target_entry (target_id, date, value, note, at, user_name, file_sha256)"
	                         " VALUES (1, '2024-01-01', 1, 'x', 'x', 'x', 'abc')",
	                         &err),
	                 -1);
}

static void test_entries_huge(void **state)
{
	struct t_fixture *f = *state;
	/* The largest entries, many of them: progress stays a number (permille as large as it gets). */
	struct target t = base("资金到位");
	snprintf(t.unit, sizeof t.unit, "元");
	t.value = 1;
	int64_t id = save_ok(f->db, &t);
	for (int i = 0; i < 100; i++)
		ENTRY_OK(f->db, id, TOWN1, "2024-06-01", TARGET_VALUE_MAX, "拨付凭证", &county);
	struct target_progress p = progress(f->db, id, &county, "2024-07-01");
	assert_int_equal(p.achieved, 100 * TARGET_VALUE_MAX);
	assert_int_equal(p.status, TARGET_OVER);
	assert_int_equal(p.permille, LLONG_MAX);
}

/* Progress counted from the cataract project's cases */

static int64_t enrol(struct db *db, int64_t person)
{
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id;
	if (case_enrol(db, t_program(db, "cataract"), 2024, person, "register", "2024-03-01", NULL, 0, "", &county, &s, &id,
	               &pr, &err) != 0)
		fail_msg("case_enrol: %s %s", err.msg, pr.message);
	return id;
}

static void step(struct db *db, int64_t id, const char *transition, const char *date, ...)
{
	struct case_problems pr;
	va_list ap;
	va_start(ap, date);
	int rc = t_case_step_v(db, id, &county, transition, date, "", &pr, ap);
	va_end(ap);
	if (rc != 0)
		fail_msg("%s: %s %s", transition, pr.message, pr.n ? pr.items[0].reason : "");
}

/* Registered to operated (surgery on 04-15). */
static void operate(struct db *db, int64_t id)
{
	step(db, id, "prescreen_pass", "2024-04-08", NULL);
	step(db, id, "transport", "", "batch_date", "2024-04-13", "batch", "第1批", NULL);
	step(db, id, "reexam_pass", "2024-04-14", NULL);
	step(db, id, "operate", "", "surgery_date", "2024-04-15", "hospital_name", "县人民医院", "surgeon",
	     "省眼科专家", "visiting_expert", "是", "eye", "右眼", "technique", "超声乳化+人工晶体植入", "va_preop",
	     "0.05", NULL);
}

static void test_live_progress(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct text s;
	/* 青禾镇: a rural and an urban patient, 望川镇: an urban one and a rural one; the first three operated. */
	int64_t alice = save_person(f->db, "王秀英", "34169919500101002", VILLAGE1, 2, PERSON_ACTIVE);
	int64_t bob = save_person(f->db, "李国华", "34169919480202001", VILLAGE2, 1, PERSON_ACTIVE);
	int64_t carol = save_person(f->db, "张桂兰", "34169919520303002", VILLAGE3, 1, PERSON_ACTIVE);
	int64_t dave = save_person(f->db, "周明", "34169919600505001", VILLAGE3, 2, PERSON_ACTIVE);
	int64_t ca = enrol(f->db, alice), cb = enrol(f->db, bob), cc = enrol(f->db, carol), cd = enrol(f->db, dave);
	operate(f->db, ca);
	operate(f->db, cb);
	operate(f->db, cc);
	/* Discharged: still counted as operated (the stage was reached). */
	step(f->db, ca, "discharge", "", "discharge_date", "2024-04-18", NULL);

	/* By township, against the townships' shares. */
	struct target t = base("白内障复明手术");
	snprintf(t.line, sizeof t.line, "cataract");
	snprintf(t.source, sizeof t.source, "program:cataract:operated");
	snprintf(t.unit, sizeof t.unit, "例");
	snprintf(t.split, sizeof t.split, "township");
	t.value = 6;
	int64_t id = save_ok(f->db, &t);
	struct target_part parts[] = {{TOWN1, 4}, {TOWN2, 2}};
	assert_int_equal(set_parts(f->db, id, parts, 2, &county, &pr), 0);
	struct target_progress p = progress(f->db, id, &county, "2024-07-01");
	assert_int_equal(p.achieved, 3);
	assert_int_equal(p.value, 6);
	assert_int_equal(p.permille, 500);
	assert_int_equal(p.status, TARGET_ON_TRACK);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":4/2/normal " TOWN2 ":2/1/normal");
	p = progress(f->db, id, &town2, "2024-09-01");
	assert_int_equal(p.achieved, 1);
	assert_int_equal(p.value, 2);
	assert_int_equal(p.status, TARGET_LAGGING);
	assert_string_equal(parts_progress(&p, &s), TOWN2 ":2/1/lagging");
	/* Counted when asked: one more operation shows at once. */
	operate(f->db, cd);
	p = progress(f->db, id, &town2, "2024-09-01");
	assert_int_equal(p.achieved, 2);
	assert_int_equal(p.status, TARGET_DONE);
	/* Another metric; another year has no cases. */
	struct target reg = base("白内障摸底登记");
	snprintf(reg.line, sizeof reg.line, "cataract");
	snprintf(reg.source, sizeof reg.source, "program:cataract:registered");
	reg.value = 3;
	int64_t rid = save_ok(f->db, &reg);
	p = progress(f->db, rid, &county, "2024-07-01");
	assert_int_equal(p.achieved, 4);
	assert_int_equal(p.status, TARGET_OVER);
	assert_string_equal(parts_progress(&p, &s), TOWN1 ":-1/2/ " TOWN2 ":-1/2/");
	struct target next = get(f->db, rid);
	next.id = 0;
	next.year = 2025;
	snprintf(next.start, sizeof next.start, "2025-01-01");
	snprintf(next.deadline, sizeof next.deadline, "2025-12-31");
	int64_t nid = save_ok(f->db, &next);
	p = progress(f->db, nid, &county, "2025-07-01");
	assert_int_equal(p.achieved, 0);
	assert_int_equal(p.nparts, 0);

	/* Urban/rural: parts "1" and "2", counted by the person's hukou. */
	struct target h = base("白内障手术城乡");
	snprintf(h.line, sizeof h.line, "cataract");
	snprintf(h.source, sizeof h.source, "program:cataract:operated");
	snprintf(h.split, sizeof h.split, "hukou");
	h.value = 10;
	int64_t hid = save_ok(f->db, &h);
	struct target_part ur[] = {{"1", 3}, {"2", 7}};
	assert_int_equal(set_parts(f->db, hid, ur, 2, &county, &pr), 0);
	p = progress(f->db, hid, &county, "2024-07-01");
	assert_int_equal(p.achieved, 4);
	assert_int_equal(p.value, 10);
	assert_string_equal(parts_progress(&p, &s), "1:3/2/normal 2:7/2/lagging");
	/* The hukou of the person now. */
	char sql[80];
	snprintf(sql, sizeof sql, "UPDATE person SET hukou = 1 WHERE id = %lld", (long long)alice);
	t_exec(f->db, sql);
	p = progress(f->db, hid, &county, "2024-07-01");
	assert_string_equal(parts_progress(&p, &s), "1:3/3/done 2:7/1/lagging");
	/* A township sees what its own townships' cases did, with no share of an urban/rural split. */
	p = progress(f->db, hid, &town1, "2024-07-01");
	assert_int_equal(p.achieved, 2);
	assert_int_equal(p.value, -1);
	assert_int_equal(p.status, TARGET_STATUS__MAX);
	p = progress(f->db, hid, &town2, "2024-07-01");
	assert_int_equal(p.achieved, 2);
}

/* Copying a year */

static void test_copy_year(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct text s;
	struct target a = base("康复服务");
	snprintf(a.start, sizeof a.start, "2024-02-29");
	snprintf(a.split, sizeof a.split, "township");
	snprintf(a.owner, sizeof a.owner, "王科长");
	snprintf(a.note, sizeof a.note, "省定目标");
	int64_t aid = save_ok(f->db, &a);
	struct target_part parts[] = {{TOWN1, 70}, {TOWN2, 30}};
	assert_int_equal(set_parts(f->db, aid, parts, 2, &county, &pr), 0);
	struct target b = base("辅具适配");
	snprintf(b.start, sizeof b.start, "2024-02-28");
	snprintf(b.deadline, sizeof b.deadline, "2024-02-29");
	save_ok(f->db, &b);
	struct target c = base("白内障手术");
	snprintf(c.line, sizeof c.line, "cataract");
	snprintf(c.source, sizeof c.source, "program:cataract:operated");
	save_ok(f->db, &c);
	/* 2025 already has one of these names (with another value): it stays as it is. */
	struct target kept = base("白内障手术");
	kept.year = 2025;
	kept.value = 555;
	snprintf(kept.start, sizeof kept.start, "2025-01-01");
	snprintf(kept.deadline, sizeof kept.deadline, "2025-12-31");
	int64_t kid = save_ok(f->db, &kept);
	/* Entries are the year's own: not copied. */
	ENTRY_OK(f->db, aid, TOWN1, "2024-06-01", 5, "台账", &county);

	long copied = -1;
	assert_int_equal(target_copy_year(f->db, 2024, 2025, &county, &copied, &err), 0);
	assert_int_equal(copied, 2);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target WHERE year = 2025"), 3);
	int64_t na = t_query_first_int(f->db, "SELECT id FROM target WHERE year = 2025 AND name = ?", "康复服务");
	struct target ga = get(f->db, na);
	assert_string_equal(ga.start, "2025-02-28");
	assert_string_equal(ga.deadline, "2025-12-31");
	assert_string_equal(ga.split, "township");
	assert_string_equal(ga.owner, "王科长");
	assert_string_equal(ga.note, "省定目标");
	assert_string_equal(ga.source, "manual");
	assert_string_equal(ga.updated_by, "county");
	assert_int_equal(ga.value, 100);
	assert_string_equal(parts_of(f->db, na, &s), TOWN1 "=70 " TOWN2 "=30");
	assert_string_equal(parts_of(f->db, aid, &s), TOWN1 "=70 " TOWN2 "=30");
	int64_t nb = t_query_first_int(f->db, "SELECT id FROM target WHERE year = 2025 AND name = ?", "辅具适配");
	struct target gb = get(f->db, nb);
	assert_string_equal(gb.start, "2025-02-28");
	assert_string_equal(gb.deadline, "2025-02-28");
	assert_int_equal(get(f->db, kid).value, 555);
	char sql[100];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM target_entry WHERE target_id = %lld", (long long)na);
	assert_int_equal(t_query_int(f->db, sql), 0);
	/* Again: every name is there now. */
	assert_int_equal(target_copy_year(f->db, 2024, 2025, &county, &copied, &err), 0);
	assert_int_equal(copied, 0);
	/* Several years on: the dates move as many years (29 February stays in a leap year). */
	assert_int_equal(target_copy_year(f->db, 2024, 2028, &county, &copied, &err), 0);
	assert_int_equal(copied, 3);
	int64_t n28 = t_query_first_int(f->db, "SELECT id FROM target WHERE year = 2028 AND name = ?", "康复服务");
	assert_string_equal(get(f->db, n28).start, "2028-02-29");
	assert_string_equal(get(f->db, n28).deadline, "2028-12-31");
	int64_t b28 = t_query_first_int(f->db, "SELECT id FROM target WHERE year = 2028 AND name = ?", "辅具适配");
	assert_string_equal(get(f->db, b28).deadline, "2028-02-29");
	/* An empty year copies nothing. */
	assert_int_equal(target_copy_year(f->db, 2030, 2031, &county, &copied, &err), 0);
	assert_int_equal(copied, 0);
	/* Beyond the years allowed: nothing copied at all. */
	assert_int_equal(target_copy_year(f->db, 2024, 2101, &county, &copied, &err), -1);
	assert_int_equal(copied, 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target WHERE year = 2101"), 0);
}

/* The project pages' one target */

static void test_program_target(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct case_problems pr;
	struct text s;
	long long value = -1;
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "operated", &value, &err), 0);
	assert_int_equal(target_set_program(f->db, "cataract", 2024, "operated", 400, &admin, &err), 0);
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "operated", &value, &err), 1);
	assert_int_equal(value, 400);
	int64_t id = t_query_int(f->db, "SELECT id FROM target");
	struct target t = get(f->db, id);
	assert_string_equal(t.name, "贫困白内障复明工程目标");
	assert_string_equal(t.line, "cataract");
	assert_string_equal(t.unit, "例");
	assert_string_equal(t.start, "2024-01-01");
	assert_string_equal(t.deadline, "2024-12-31");
	assert_string_equal(t.source, "program:cataract:operated");
	assert_string_equal(t.split, "");
	assert_string_equal(t.updated_by, "admin");
	/* The same target again: changed, not another. */
	assert_int_equal(target_set_program(f->db, "cataract", 2024, "operated", 450, &county, &err), 0);
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "operated", &value, &err), 1);
	assert_int_equal(value, 450);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target"), 1);
	assert_string_equal(get(f->db, id).updated_by, "county");
	/* Other years and metrics are other targets. */
	assert_int_equal(target_program_value(f->db, "cataract", 2025, "operated", &value, &err), 0);
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "registered", &value, &err), 0);
	assert_int_equal(target_set_program(f->db, "cataract", 2025, "operated", 500, &admin, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM target"), 2);
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "operated", &value, &err), 1);
	assert_int_equal(value, 450);
	/* No such project. */
	assert_int_equal(target_set_program(f->db, "nosuch", 2024, "operated", 1, &admin, &err), -1);

	/* Split in 目标管理, then changed on the project page: the parts no longer add up, so they go. */
	t = get(f->db, id);
	snprintf(t.split, sizeof t.split, "township");
	assert_int_equal(save(f->db, &t, &county, &pr), 0);
	struct target_part parts[] = {{TOWN1, 300}, {TOWN2, 150}};
	assert_int_equal(set_parts(f->db, id, parts, 2, &county, &pr), 0);
	assert_int_equal(target_set_program(f->db, "cataract", 2024, "operated", 450, &admin, &err), 0);
	assert_string_equal(parts_of(f->db, id, &s), TOWN1 "=300 " TOWN2 "=150");
	assert_int_equal(target_set_program(f->db, "cataract", 2024, "operated", 480, &admin, &err), 0);
	assert_int_equal(target_program_value(f->db, "cataract", 2024, "operated", &value, &err), 1);
	assert_int_equal(value, 480);
	assert_string_equal(parts_of(f->db, id, &s), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_of),
	    cmocka_unit_test(test_permille),
	    cmocka_unit_test(test_split_proportional),
	    cmocka_unit_test_setup_teardown(test_lines_and_sources, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_save_checks, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_list, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_parts, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_split_by_persons, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_entries, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_entries_huge, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_entry_files, setup_files, teardown_files),
	    cmocka_unit_test_setup_teardown(test_live_progress, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_copy_year, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_program_target, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
