/*
 * Unit tests for domain/levy, the employment security fund: the formula at
 * its edges (no shortfall, a fraction of a person, rounding to the fen,
 * the largest figures without overflow), the county's wage and share of a
 * year, overrides (减免 / 缓缴: never above the formula, a reason, removed
 * again), collections (receipts, negative corrections with their reason
 * and limits, append-only), an employer's accounts, the register of a
 * year with its totals and filters, and levy_progress for the targets.
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
#include "domain/levy.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TOWNSHIP1 "341699001000"
#define VILLAGE1 "341699001001"
#define TOWNSHIP2 "341699002000"
#define VILLAGE3 "341699002001"
#define YEAR 2024

static struct registry_scope county, township1;

static int setup(void **state)
{
	t_setup(state, "test-levy", true);
	struct t_fixture *f = *state;
	struct date today = {2024, 10, 31};
	date_set_today(&today);
	t_county_save(f->db);
	struct user u = t_user(ROLE_COUNTY_STAFF, "", "office");
	registry_scope_of(&u, &county);
	u = t_user(ROLE_TOWNSHIP, TOWNSHIP1, "qinghe");
	registry_scope_of(&u, &township1);
	return 0;
}

static int teardown(void **state)
{
	date_set_today(NULL);
	return t_teardown(state);
}

static void test_formula(void **state)
{
	(void)state;
	static const struct {
		long employees, disabled;
		int ratio_bp;
		int64_t wage, due;
	} cases[] = {
	    {0, 0, 150, 8500000, 0},		 /* no staff */
	    {66, 0, 150, 8500000, 8415000},	 /* 0.99 of a person short: 84,150.00 */
	    {67, 1, 150, 8500000, 42500},	 /* 1.005 - 1 = 0.005 of a person: 425.00 */
	    {200, 3, 150, 8500000, 0},		 /* exactly the share */
	    {200, 5, 150, 8500000, 0},		 /* more than the share: never negative */
	    {200, 0, 150, 8500000, 25500000},	 /* 3 persons x 85,000.00 */
	    {100, 1, 150, 8500000, 4250000},	 /* 1.5 - 1 = 0.5 x 85,000.00 */
	    {1, 0, 150, 1234567, 18519},	 /* 0.015 x 12,345.67 = 185.18505: up to 185.19 */
	    {1, 0, 150, 1234563, 18518},	 /* 185.18445: down to 185.18 */
	    {3, 0, 150, 1000001, 45000},	 /* 0.045 x 10,000.01 = 450.00045: 450.00 */
	    {10, 0, 150, 1, 0},			 /* 0.15 of a fen rounds to nothing */
	    {10, 0, 150, 4, 1},			 /* 0.6 of a fen rounds to one */
	    {100, 0, 160, 8500000, 13600000},	 /* a county share of 1.6% */
	    {1000000, 0, 1000, 100000000, INT64_C(10000000000000)}, /* the largest: no overflow */
	    {1000001, 0, 150, 8500000, 0},	 /* outside the bounds: nothing */
	    {100, -1, 150, 8500000, 0},
	    {100, 0, 0, 8500000, 0},
	    {100, 0, 1001, 8500000, 0},
	    {100, 0, 150, -1, 0},
	    {100, 0, 150, 100000001, 0},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int64_t got = levy_formula(cases[i].employees, cases[i].disabled, cases[i].ratio_bp, cases[i].wage);
		if (got != cases[i].due)
			fail_msg("case %zu: %lld, expected %lld", i, (long long)got, (long long)cases[i].due);
	}
}

static void test_ratio_format(void **state)
{
	(void)state;
	char t[16];
	levy_ratio_format(150, t, sizeof t);
	assert_string_equal(t, "1.5%");
	levy_ratio_format(100, t, sizeof t);
	assert_string_equal(t, "1%");
	levy_ratio_format(175, t, sizeof t);
	assert_string_equal(t, "1.75%");
	levy_ratio_format(5, t, sizeof t);
	assert_string_equal(t, "0.05%");
}

static void test_year(void **state)
{
	struct t_fixture *f = *state;
	struct levy_year y;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	assert_int_equal(levy_year_get(f->db, YEAR, &y, &err), 0);
	assert_false(y.set);
	assert_int_equal(y.ratio_bp, 150);
	assert_int_equal(levy_year_set(f->db, YEAR, "85,000.00", "", "office", &y, &pr, &err), 0);
	assert_true(y.set);
	assert_int_equal(y.avg_wage, 8500000);
	assert_int_equal(y.ratio_bp, 150);
	assert_string_equal(y.set_by, "office");
	assert_int_equal(levy_year_set(f->db, YEAR, "86000", "1.6%", "chief", &y, &pr, &err), 0);
	assert_int_equal(y.avg_wage, 8600000);
	assert_int_equal(y.ratio_bp, 160);
	/* the share stays when left empty */
	assert_int_equal(levy_year_set(f->db, YEAR, "86000", NULL, "chief", &y, &pr, &err), 0);
	assert_int_equal(y.ratio_bp, 160);

	static const struct {
		const char *wage, *ratio, *field, *reason;
	} bad[] = {
	    {"", "", "avg_wage", "不能为空"},
	    {"0", "", "avg_wage", "应大于0且不超过1,000,000.00元"},
	    {"1000000.01", "", "avg_wage", "应大于0且不超过1,000,000.00元"},
	    {"85000.001", "", "avg_wage", NULL},
	    {"八万", "", "avg_wage", NULL},
	    {"85000", "11", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	    {"85000", "1.555", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	    {"85000", "0", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	    {"85000", "1.", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	    {"85000", "abc", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	    {"85000", "1.5‰", "ratio", "应为0.01到10之间的百分比，最多两位小数，如 1.5"},
	};
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		if (levy_year_set(f->db, YEAR, bad[i].wage, bad[i].ratio, "office", &y, &pr, &err) != 1)
			fail_msg("accepted %s %s", bad[i].wage, bad[i].ratio);
		const char *reason = enterprise_reason(&pr, bad[i].field);
		assert_true(*reason);
		if (bad[i].reason)
			assert_string_equal(reason, bad[i].reason);
	}
	assert_int_equal(levy_year_set(f->db, 1999, "85000", "", "office", &y, &pr, &err), 1);
	assert_string_equal(enterprise_reason(&pr, "year"), "应为2000到2100之间的四位年份");
	/* Nothing refused was written. */
	assert_int_equal(levy_year_get(f->db, YEAR, &y, &err), 1);
	assert_int_equal(y.avg_wage, 8600000);
	assert_int_equal(y.ratio_bp, 160);
}

static int64_t employer(struct db *db, const char *code, const char *name, const char *division, const char *year,
			const char *employees, const char *disabled)
{
	struct enterprise_input in = {.credit_code = code, .name = name, .division = division, .year = year,
				      .employees = employees, .disabled = disabled};
	struct enterprise e;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	if (enterprise_create(db, &county, &in, "office", &e, &pr, &err) != ENTERPRISE_SAVED)
		fail_msg("create %s: %s %s", code, err.msg, pr.n ? pr.items[0].reason : pr.message);
	return e.id;
}

static void wage(struct db *db, int year, const char *amount)
{
	struct levy_year y;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	if (levy_year_set(db, year, amount, "", "office", &y, &pr, &err) != 0)
		fail_msg("levy_year_set: %s %s", err.msg, pr.n ? pr.items[0].reason : "");
}

static struct levy_account account(struct db *db, int64_t id, int year)
{
	struct levy_account a;
	struct error err = ERROR_INIT;
	if (levy_account_get(db, id, year, &a, &err) < 0)
		fail_msg("levy_account_get: %s", err.msg);
	return a;
}

/* Records a collection; returns its id, or 0 when refused (pr says why). */
static int64_t collect(struct db *db, int64_t id, const char *year, const char *date, const char *amount,
		       const char *receipt, const char *reason, const char *corrects, struct enterprise_problems *pr)
{
	struct levy_collection_input in = {year, date, amount, receipt, reason, corrects};
	int64_t entry = 0;
	struct error err = ERROR_INIT;
	int rc = levy_collect(db, &county, id, &in, "office", &entry, pr, &err);
	if (rc < 0 || rc == 2)
		fail_msg("levy_collect: %d %s", rc, err.msg);
	return rc == 0 ? entry : 0;
}

static void test_override(void **state)
{
	struct t_fixture *f = *state;
	int64_t id = employer(f->db, "91341699MA2TQ7K817", "青禾纺织", VILLAGE1, "2024", "200", "0");
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;

	/* No wage yet: no amount due, whatever the figures. */
	struct levy_account a = account(f->db, id, YEAR);
	assert_true(a.has_staff);
	assert_false(a.has_wage);
	assert_false(a.has_due);
	assert_int_equal(a.due, 0);
	assert_int_equal(a.outstanding, 0);

	wage(f->db, YEAR, "85000");
	a = account(f->db, id, YEAR);
	assert_true(a.has_formula);
	assert_int_equal(a.formula, 25500000);
	assert_int_equal(a.due, 25500000);
	assert_int_equal(a.outstanding, 25500000);

	/* Above the formula, without a reason, an unknown kind: refused. */
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "reduced", "255000.01", "困难企业", "office", &pr, &err), 1);
	assert_string_equal(enterprise_reason(&pr, "amount"), "减免或缓缴后的应缴金额不能高于按公式计算的255,000.00元");
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "减免", "100000", " ", "office", &pr, &err), 1);
	assert_string_equal(enterprise_reason(&pr, "reason"), "不能为空");
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "免征", "0", "x", "office", &pr, &err), 1);
	assert_string_equal(enterprise_reason(&pr, "kind"), "应为“减免”或“缓缴”");
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "reduced", "-1", "x", "office", &pr, &err), 1);
	assert_true(*enterprise_reason(&pr, "amount"));
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "none", "", "", "office", &pr, &err), 1);
	assert_string_equal(enterprise_reason(&pr, "kind"), "该单位2024年度没有减免或缓缴，无需取消");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_override"), 0);

	/* 减免 to 100,000.00 */
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "减免", "100,000.00", "受灾减免（县政府批复）", "office", &pr, &err), 0);
	a = account(f->db, id, YEAR);
	assert_int_equal(a.kind, LEVY_KIND_REDUCED);
	assert_int_equal(a.formula, 25500000);
	assert_int_equal(a.due, 10000000);
	assert_string_equal(a.override_reason, "受灾减免（县政府批复）");
	assert_string_equal(a.override_by, "office");
	/* 缓缴 replaces it: nothing due this year */
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "deferred", "0", "经营困难，缓缴至次年", "office", &pr, &err), 0);
	a = account(f->db, id, YEAR);
	assert_int_equal(a.kind, LEVY_KIND_DEFERRED);
	assert_true(a.has_due);
	assert_int_equal(a.due, 0);
	assert_int_equal(a.outstanding, 0);
	/* removed: the formula again */
	assert_int_equal(levy_override_set(f->db, &county, id, "2024", "", "", "", "office", &pr, &err), 0);
	a = account(f->db, id, YEAR);
	assert_int_equal(a.kind, LEVY_KIND_NONE);
	assert_int_equal(a.due, 25500000);

	/* An employer without figures may still have an override (an amount set by hand). */
	int64_t bare = employer(f->db, "92341699MA2N0AB1XP", "王庄个体户", VILLAGE1, NULL, NULL, NULL);
	assert_int_equal(levy_override_set(f->db, &county, bare, "2024", "reduced", "1200", "按申报核定", "office", &pr, &err), 0);
	a = account(f->db, bare, YEAR);
	assert_false(a.has_formula);
	assert_true(a.has_due);
	assert_int_equal(a.due, 120000);

	/* Outside the writer's scope: not found. */
	int64_t far = employer(f->db, "93341699MA8P5RF03L", "望川合作社", VILLAGE3, "2024", "50", "0");
	assert_int_equal(levy_override_set(f->db, &township1, far, "2024", "reduced", "0", "x", "qinghe", &pr, &err), 2);
	assert_string_equal(pr.message, "用人单位不存在，或不在您的管辖范围内");
	assert_string_equal(levy_kind_label(LEVY_KIND_DEFERRED), "缓缴");
	assert_string_equal(levy_kind_code(LEVY_KIND_REDUCED), "reduced");
	assert_int_equal(levy_kind_parse("缓缴"), LEVY_KIND_DEFERRED);
	assert_int_equal(levy_kind_parse("x"), -1);
}

struct coll_seen {
	int n;
	int64_t sum, corrected_first;
};

static int coll_one(void *ctx, const struct levy_collection *c, struct error *e)
{
	(void)e;
	struct coll_seen *seen = ctx;
	if (seen->n == 0)
		seen->corrected_first = c->corrected;
	seen->n++;
	seen->sum += c->amount;
	return 0;
}

static void test_collections(void **state)
{
	struct t_fixture *f = *state;
	int64_t id = employer(f->db, "91341699MA2TQ7K817", "青禾纺织", VILLAGE1, "2024", "200", "0");
	int64_t other = employer(f->db, "92341699MA2N0AB1XP", "王庄个体户", VILLAGE1, "2024", "10", "0");
	wage(f->db, YEAR, "85000");
	struct enterprise_problems pr;

	int64_t first = collect(f->db, id, "2024", "2024-03-15", "200,000.00", "pj-2024-001", "", "", &pr);
	assert_true(first > 0);
	struct levy_account a = account(f->db, id, YEAR);
	assert_int_equal(a.collected, 20000000);
	assert_int_equal(a.outstanding, 5500000);
	assert_int_equal(a.receipts, 1);

	/* The receipt again (upper-cased): refused, naming where it is. */
	assert_int_equal(collect(f->db, other, "2024", "2024-03-16", "1000", "PJ-2024-001", "", "", &pr), 0);
	char expect[256];
	snprintf(expect, sizeof expect, "该票据号已登记过（青禾纺织，200,000.00元，记录编号%lld），请勿重复录入", (long long)first);
	assert_string_equal(enterprise_reason(&pr, "receipt"), expect);

	/* Every field wrong at once. */
	assert_int_equal(collect(f->db, id, "1999", "2024-02-30", "12.345", "票据", "", "x", &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "year"), "应为2000到2100之间的四位年份");
	assert_string_equal(enterprise_reason(&pr, "date"), "日期应为“年-月-日”，例如2024-06-15");
	assert_true(*enterprise_reason(&pr, "amount"));
	assert_string_equal(enterprise_reason(&pr, "corrects"), "应为要更正的缴款记录的编号（正整数）");
	assert_int_equal(collect(f->db, id, "2024", "2024-11-01", "0", "", "", "", &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "date"), "不能晚于今天（2024-10-31）");
	assert_string_equal(enterprise_reason(&pr, "amount"), "金额不能为0");
	assert_int_equal(collect(f->db, id, "2024", "2023-12-31", "100", "", "", "", &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "date"), "不能早于所属年度2024年");
	assert_string_equal(enterprise_reason(&pr, "receipt"), "不能为空");

	/* A correction needs its reason, and never takes the year below zero. */
	assert_int_equal(collect(f->db, id, "2024", "2024-04-01", "-500", "", "", "", &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "reason"), "冲减（负数）记录须写明更正原因");
	assert_int_equal(collect(f->db, other, "2024", "2024-04-01", "-1", "", "误录", "", &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "amount"), "冲减后该单位2024年度的已征收金额将为负数（现为0.00元）");
	/* Correcting one entry: of this employer and year, and no more than it has left. */
	char first_id[24];
	snprintf(first_id, sizeof first_id, "%lld", (long long)first);
	assert_int_equal(collect(f->db, other, "2024", "2024-04-01", "-1", "", "误录", first_id, &pr), 0);
	snprintf(expect, sizeof expect, "编号%lld不是该单位2024年度的缴款记录", (long long)first);
	assert_string_equal(enterprise_reason(&pr, "corrects"), expect);
	assert_int_equal(collect(f->db, id, "2024", "2024-04-01", "100", "PJ-X", "", first_id, &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "amount"), "更正某条缴款记录时金额应为负数（冲减）");
	int64_t fix = collect(f->db, id, "2024", "2024-04-01", "－50,000.00", "", "金额录入错误，实缴150,000.00元", first_id, &pr);
	assert_true(fix > 0);
	assert_int_equal(collect(f->db, id, "2024", "2024-04-02", "-150,000.01", "", "再冲", first_id, &pr), 0);
	assert_string_equal(enterprise_reason(&pr, "amount"), "冲减金额超过了原记录尚未冲减的150,000.00元");
	a = account(f->db, id, YEAR);
	assert_int_equal(a.collected, 15000000);
	assert_int_equal(a.receipts, 1);

	/* Reversed in full, the receipt may be recorded again (the entry does not stand). */
	assert_true(collect(f->db, id, "2024", "2024-04-02", "-150000", "", "票据作废，重新开具", first_id, &pr) > 0);
	assert_int_equal(account(f->db, id, YEAR).collected, 0);
	assert_true(collect(f->db, id, "2024", "2024-04-03", "150000", "PJ-2024-001", "", "", &pr) > 0);
	/* a correction not naming an entry */
	assert_true(collect(f->db, id, "2024", "2024-04-05", "-0.01", "", "尾差", "", &pr) > 0);
	a = account(f->db, id, YEAR);
	assert_int_equal(a.collected, 14999999);
	assert_int_equal(a.outstanding, 25500000 - 14999999);

	/* The list, in order, with what corrected each entry. */
	struct coll_seen seen = {0, 0, 0};
	struct error err = ERROR_INIT;
	assert_int_equal(levy_collections(f->db, id, YEAR, coll_one, &seen, &err), 0);
	assert_int_equal(seen.n, 5);
	assert_int_equal(seen.sum, 14999999);
	assert_int_equal(seen.corrected_first, -20000000);

	/* Append-only, also around huimin. */
	struct db_stmt *st;
	static const char *const bad[] = {"UPDATE levy_collection SET amount = 1", "DELETE FROM levy_collection",
					  "INSERT INTO levy_collection (enterprise_id, year, paid_on, amount, recorded_at, recorded_by)"
					  " VALUES (1, 2024, '2024-01-01', -5, 'a', 'b')"};
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		assert_int_equal(db_prepare(f->db, bad[i], &st, &err), 0);
		int rc = db_step(st, &err);
		db_done(st);
		if (rc != DB_ERROR)
			fail_msg("accepted: %s", bad[i]);
	}
	assert_int_equal(t_query_int(f->db, "SELECT sum(amount) FROM levy_collection"), 14999999);
}

struct list_seen {
	int n;
	char names[8][4 * ENTERPRISE_NAME_MAX + 1];
	int64_t due[8];
};

static int list_one(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err)
{
	(void)err;
	struct list_seen *s = ctx;
	if (s->n < 8) {
		snprintf(s->names[s->n], sizeof s->names[s->n], "%s", e->name);
		s->due[s->n] = a->due;
	}
	s->n++;
	return 0;
}

struct progress_seen {
	int n;
	char township[4][13];
	long long value[4];
};

static void progress_one(void *ctx, const char *township, long long value)
{
	struct progress_seen *p = ctx;
	if (p->n < 4) {
		snprintf(p->township[p->n], sizeof p->township[p->n], "%s", township);
		p->value[p->n] = value;
	}
	p->n++;
}

static struct progress_seen progress(struct db *db, const char *metric)
{
	struct progress_seen p;
	memset(&p, 0, sizeof p);
	struct error err = ERROR_INIT;
	if (levy_progress(db, YEAR, metric, progress_one, &p, &err) < 0)
		fail_msg("levy_progress %s: %s", metric, err.msg);
	return p;
}

static int years_fn(void *ctx, const struct levy_account *acc, struct error *e)
{
	(void)e;
	int *y = ctx;
	if (y[0] < 3)
		y[1 + y[0]] = acc->year;
	y[0]++;
	if (acc->year == 2023 && acc->collected != 100000)
		return error_set(e, "2023 collected %lld", (long long)acc->collected);
	return 0;
}

/* The report's figures: 800,000.00 collected by October against 1,000,000.00 for the year. */
static void test_list_and_progress(void **state)
{
	struct t_fixture *f = *state;
	wage(f->db, YEAR, "80000");
	/* 青禾镇: 500 staff, none disabled: 7.5 x 80,000.00 = 600,000.00 due */
	int64_t a = employer(f->db, "91341699MA2TQ7K817", "青禾纺织", VILLAGE1, "2024", "500", "0");
	/* 青禾镇: 100 staff, 1 disabled: 0.5 x 80,000.00 = 40,000.00 due */
	int64_t b = employer(f->db, "52341699MA2W1BCD78", "青禾民办学校", TOWNSHIP1, "2024", "100", "1");
	/* 望川镇: 300 staff: 4.5 x 80,000.00 = 360,000.00 due */
	int64_t c = employer(f->db, "93341699MA8P5RF03L", "望川合作社", VILLAGE3, "2024", "300", "0");
	/* 望川镇: no figures for the year */
	employer(f->db, "Y1341699MA2Q9UPX02", "望川协会", TOWNSHIP2, NULL, NULL, NULL);
	struct enterprise_problems pr;
	assert_true(collect(f->db, a, "2024", "2024-05-10", "500,000.00", "A-1", "", "", &pr) > 0);
	assert_true(collect(f->db, b, "2024", "2024-06-10", "40,000.00", "B-1", "", "", &pr) > 0);
	assert_true(collect(f->db, c, "2024", "2024-09-30", "260,000.00", "C-1", "", "", &pr) > 0);
	/* b's payment was wrongly recorded: reversed in full */
	assert_true(collect(f->db, b, "2024", "2024-07-01", "-40,000.00", "", "重复录入", "", &pr) > 0);
	assert_true(collect(f->db, b, "2024", "2024-07-02", "40,000.00", "B-2", "", "", &pr) > 0);
	/* another year's money is not this year's */
	assert_true(collect(f->db, a, "2023", "2023-12-01", "1,000.00", "OLD-1", "", "", &pr) > 0);

	struct levy_query q;
	struct user staff = t_user(ROLE_COUNTY_STAFF, "", "office");
	levy_query_init(&q, &staff, YEAR);
	struct levy_totals t;
	struct list_seen s;
	memset(&s, 0, sizeof s);
	struct error err = ERROR_INIT;
	assert_int_equal(levy_list(f->db, &q, list_one, &s, &t, &err), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(t.enterprises, 4);
	assert_int_equal(t.declared, 3);
	assert_int_equal(t.with_due, 3);
	assert_int_equal(t.paying, 3);
	assert_int_equal(t.owing, 2);
	assert_int_equal(t.due, 100000000);	  /* 1,000,000.00 */
	assert_int_equal(t.collected, 80000000);  /* 800,000.00 */
	assert_int_equal(t.outstanding, 20000000);
	assert_int_equal(t.overpaid, 0);
	/* by township, then name */
	assert_string_equal(s.names[0], "青禾民办学校");
	assert_string_equal(s.names[1], "青禾纺织");
	assert_string_equal(s.names[2], "望川协会");
	assert_int_equal(s.due[2], 0);

	/* Filters: a township, a search, those owing. */
	snprintf(q.township, sizeof q.township, TOWNSHIP2);
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 2);
	assert_int_equal(t.collected, 26000000);
	q.township[0] = '\0';
	snprintf(q.q, sizeof q.q, "纺织");
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 1);
	snprintf(q.q, sizeof q.q, "93341699");
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 1);
	snprintf(q.q, sizeof q.q, "%%");
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 0);
	q.q[0] = '\0';
	q.owing = true;
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 2);
	assert_int_equal(t.outstanding, 20000000);
	/* A township user's scope */
	struct user tw = t_user(ROLE_TOWNSHIP, TOWNSHIP1, "qinghe");
	levy_query_init(&q, &tw, YEAR);
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 2);
	assert_int_equal(t.collected, 54000000);
	/* A hospital sees nothing. */
	struct user h = t_user(ROLE_HOSPITAL, "", "hospital");
	levy_query_init(&q, &h, YEAR);
	assert_int_equal(levy_list(f->db, &q, NULL, NULL, &t, &err), 0);
	assert_int_equal(t.enterprises, 0);

	/* levy_progress: by township, nonzero values only. */
	struct progress_seen p = progress(f->db, "collected");
	assert_int_equal(p.n, 2);
	assert_string_equal(p.township[0], TOWNSHIP1);
	assert_int_equal(p.value[0], 54000000);
	assert_string_equal(p.township[1], TOWNSHIP2);
	assert_int_equal(p.value[1], 26000000);
	p = progress(f->db, "due");
	assert_int_equal(p.n, 2);
	assert_int_equal(p.value[0], 64000000);
	assert_int_equal(p.value[1], 36000000);
	p = progress(f->db, "enterprises");
	assert_int_equal(p.n, 2);
	assert_int_equal(p.value[0], 2);
	assert_int_equal(p.value[1], 1);
	struct progress_seen none;
	memset(&none, 0, sizeof none);
	assert_int_equal(levy_progress(f->db, 2030, "collected", progress_one, &none, &err), 0);
	assert_int_equal(none.n, 0);
	assert_int_equal(levy_progress(f->db, YEAR, "paid", progress_one, &none, &err), -1);
	assert_string_equal(err.msg, "就业保障金没有“paid”这项指标（可用：collected、due、enterprises）");
	assert_int_equal(none.n, 0);

	/* An employer's years, newest first. */
	int years[4] = {0};
	assert_int_equal(levy_account_years(f->db, a, years_fn, years, &err), 0);
	assert_int_equal(years[0], 2);
	assert_int_equal(years[1], 2024);
	assert_int_equal(years[2], 2023);
}

static void test_roles(void **state)
{
	(void)state;
	static const struct {
		enum role role;
		bool view, manage;
	} roles[] = {
	    {ROLE_COUNTY_ADMIN, true, true}, {ROLE_COUNTY_STAFF, true, true}, {ROLE_LEADER, true, false},
	    {ROLE_TOWNSHIP, true, false},    {ROLE_VILLAGE, false, false},   {ROLE_HOSPITAL, false, false},
	};
	for (size_t i = 0; i < N_ELEMS(roles); i++) {
		struct user u = t_user(roles[i].role, "", "u");
		assert_int_equal(levy_may_view(&u), roles[i].view);
		assert_int_equal(levy_may_manage(&u), roles[i].manage);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formula),
	    cmocka_unit_test(test_ratio_format),
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test_setup_teardown(test_year, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_override, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_collections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_and_progress, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
