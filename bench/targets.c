/*
 * The target board benchmark (bench/targets.sh builds the database and runs
 * it; docs/performance.md, "Target board"):
 *
 *   targets setup DB YEAR TODAY
 *       adds the year's 50 targets to DB (a copy of bench/cases.sh's million
 *       cataract cases, with the assistance cases and payments that
 *       bench/targets.sh generated) through the target module, as a county
 *       admin would: 12 cataract metrics (4 split to the townships in
 *       proportion to their persons, 2 by agreed parts, 1 urban/rural), 4 of
 *       the assistance programme (its metrics, 1 split urban/rural, and the
 *       money paid, split to the townships), 34 entered
 *       by hand over every work line, with a few hundred entries with their
 *       evidence spread over the townships (a few of them corrections).
 *
 *   targets time DB YEAR TODAY RUNS GOAL_MS
 *       times on a read-only connection, as the web server's workers have
 *       (db_open DB_READER, 8 MiB page cache), "today" pinned to TODAY:
 *         county board    target_list of YEAR, then target_progress_of of
 *                         every target with the county's scope;
 *         township board  the same with the scope of the township with the
 *                         most cases (what its own user sees);
 *       each run once (first), then a warm-up, then RUNS times: median and
 *       p99 in ms, and whether the p99 is under GOAL_MS, with a digest of
 *       every figure of each board, so that a change of query can be shown
 *       to give the same results. Then each target's progress alone (median
 *       of a few runs), the slowest first; and, not on the board, what an
 *       urban/rural split of a metric with a field would take (90-day
 *       follow-ups with good acuity, counted from every such follow-up).
 *
 * Exits 0 whether or not the goal is met; 1 when a step fails, 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "store/db.h"

#define NTARGETS_MAX 64

/* The townships in code order, and the one with the most cataract cases of the year (not timed). */
static const char SQL_TOWNSHIPS[] = "SELECT code FROM division WHERE level = 2 ORDER BY code";
static const char SQL_BIGGEST[] = "SELECT township_code FROM program_case WHERE program_code = 'cataract' AND year = ?"
				  " GROUP BY township_code ORDER BY count(*) DESC, township_code LIMIT 1";

static char towns[TARGET_PARTS_MAX][13];
static size_t ntowns;

static int load_towns(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_TOWNSHIPS, &st, err) < 0)
		return -1;
	int rc;
	ntowns = 0;
	while ((rc = db_step(st, err)) == DB_ROW && ntowns < TARGET_PARTS_MAX)
		snprintf(towns[ntowns++], 13, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return -1;
	return ntowns ? 0 : error_set(err, "no townships");
}

/* A draw in 0 .. n-1 from a and b (deterministic: the same database every time). */
static long draw(unsigned long a, unsigned long b, long n)
{
	unsigned long long x = (a + 1) * 2654435761ULL ^ (b + 7) * 40503ULL;
	x ^= x >> 13;
	x *= 0x5bd1e995ULL;
	x ^= x >> 15;
	return (long)(x % (unsigned long long)n);
}

/* Setup */

enum split { NONE, BY_PERSONS, BY_PARTS, HUKOU };

struct plan {
	const char *line, *name, *unit, *source;
	long long value; /* in the unit (yuan for 元: fen below) */
	enum split split;
	long long urban; /* HUKOU: the urban part; the rest is rural */
	const char *deadline; /* "" for 31 December */
	const char *owner, *note;
	int entries; /* manual targets: how many hand entries */
};

static const struct plan plans[] = {
	/* The cataract project: live counts of its cases. */
	{"cataract", "贫困白内障患者摸底登记", "人", "program:cataract:registered", 950000, BY_PERSONS, 0, "", "医疗康复部 王丽",
	 "市残联下达，按各乡镇在册人数分解", 0},
	{"cataract", "白内障初查合格", "人", "program:cataract:prescreen_passed", 580000, NONE, 0, "", "医疗康复部 王丽", "", 0},
	{"cataract", "输送县医院复查", "人", "program:cataract:transported", 570000, BY_PERSONS, 0, "", "医疗康复部 王丽", "", 0},
	{"cataract", "确定手术对象", "人", "program:cataract:candidates", 235000, BY_PARTS, 0, "", "医疗康复部 王丽",
	 "各乡镇上报数经县残联审定", 0},
	{"cataract", "白内障复明手术", "例", "program:cataract:operated", 210000, HUKOU, 6500, "", "医疗康复部 王丽",
	 "省残联按城镇、农村分别考核", 0},
	{"cataract", "术后出院", "例", "program:cataract:discharged", 205000, BY_PERSONS, 0, "", "医疗康复部 王丽", "", 0},
	{"cataract", "完成7天随访", "人", "program:cataract:followup7_done", 190000, NONE, 0, "", "医疗康复部 李明", "", 0},
	{"cataract", "完成30天随访", "人", "program:cataract:followup30_done", 165000, BY_PARTS, 0, "2025-01-31",
	 "医疗康复部 李明", "", 0},
	{"cataract", "完成90天随访", "人", "program:cataract:followup90_done", 140000, BY_PERSONS, 0, "2025-03-31",
	 "医疗康复部 李明", "12月手术的对象随访到次年3月", 0},
	{"cataract", "90天随访视力良好", "人", "program:cataract:good90", 110000, NONE, 0, "2025-03-31", "医疗康复部 李明",
	 "视力0.3及以上", 0},
	{"cataract", "30天随访视力良好", "人", "program:cataract:good30", 120000, NONE, 0, "2025-01-31", "医疗康复部 李明", "", 0},
	{"cataract", "7天随访视力良好", "人", "program:cataract:good7", 125000, NONE, 0, "", "医疗康复部 李明", "", 0},
	/* The assistance programme: its cases and the money paid. */
	{"assistance", "重度残疾人生活救助申请受理", "名", "program:assistance:applied", 10000, NONE, 0, "", "社会保障部 赵刚", "", 0},
	{"assistance", "重度残疾人生活救助", "名", "program:assistance:approved", 9325, HUKOU, 280, "", "社会保障部 赵刚",
	 "城镇280名、农村9045名", 0},
	{"assistance", "生活救助上门审核", "名", "program:assistance:home_review", 3000, NONE, 0, "", "社会保障部 赵刚", "", 0},
	{"assistance", "生活救助资金发放", "元", "paid:assistance", 10500000, BY_PERSONS, 0, "", "社会保障部 赵刚",
	 "全年12个月，按月打卡发放", 0},
	/* Entered by hand, with evidence. */
	{"survey", "残疾人基本情况入户调查", "人", TARGET_MANUAL, 980000, BY_PERSONS, 0, "2024-10-31", "办公室 孙强", "", 16},
	{"survey", "调查数据审核录入", "人", TARGET_MANUAL, 980000, NONE, 0, "", "办公室 孙强", "", 12},
	{"survey", "村级调查员培训", "期", TARGET_MANUAL, 23, NONE, 0, "2024-05-31", "办公室 孙强", "", 10},
	{"survey", "调查覆盖行政村", "个村", TARGET_MANUAL, 351, BY_PARTS, 0, "2024-10-31", "办公室 孙强", "", 14},
	{"survey", "残疾人信息动态更新", "人", TARGET_MANUAL, 30000, BY_PERSONS, 0, "", "办公室 孙强", "", 14},
	{"survey", "调查质量抽查", "户", TARGET_MANUAL, 2000, NONE, 0, "", "办公室 孙强", "", 8},
	{"employment", "城乡残疾人新增就业", "人", TARGET_MANUAL, 1200, BY_PERSONS, 0, "", "就业服务所 周敏", "", 16},
	{"employment", "残疾人职业技能培训", "人次", TARGET_MANUAL, 3000, BY_PARTS, 0, "", "就业服务所 周敏", "", 14},
	{"employment", "盲人按摩从业人员", "人", TARGET_MANUAL, 150, NONE, 0, "", "就业服务所 周敏", "", 8},
	{"employment", "农村残疾人实用技术培训", "人次", TARGET_MANUAL, 5000, BY_PERSONS, 0, "", "就业服务所 周敏", "", 16},
	{"employment", "扶持残疾人自主创业", "户", TARGET_MANUAL, 200, NONE, 0, "", "就业服务所 周敏", "", 10},
	{"employment", "新建辅助性就业机构", "个", TARGET_MANUAL, 5, NONE, 0, "", "就业服务所 周敏", "", 5},
	{"employment", "按比例就业年审单位", "个", TARGET_MANUAL, 800, NONE, 0, "2024-09-30", "就业服务所 周敏", "", 12},
	{"levy", "征收残疾人就业保障金", "元", TARGET_MANUAL, 12000000, BY_PERSONS, 0, "", "就业服务所 周敏", "税务部门代征",
	 20},
	{"levy", "保障金减免审核", "个", TARGET_MANUAL, 120, NONE, 0, "", "就业服务所 周敏", "", 8},
	{"levy", "保障金政策宣传", "场", TARGET_MANUAL, 24, NONE, 0, "", "就业服务所 周敏", "", 8},
	{"rehab", "残疾儿童康复救助", "名", TARGET_MANUAL, 600, BY_PERSONS, 0, "", "医疗康复部 王丽", "", 16},
	{"rehab", "辅助器具适配", "件", TARGET_MANUAL, 8000, BY_PERSONS, 0, "", "医疗康复部 王丽", "", 16},
	{"rehab", "精神障碍患者服药补贴", "人", TARGET_MANUAL, 4500, BY_PARTS, 0, "", "医疗康复部 王丽", "", 14},
	{"rehab", "社区康复站建设", "个", TARGET_MANUAL, 23, NONE, 0, "", "医疗康复部 王丽", "", 8},
	{"rehab", "残疾人家庭医生签约", "人", TARGET_MANUAL, 60000, BY_PERSONS, 0, "", "医疗康复部 王丽", "", 14},
	{"rehab", "听力残疾儿童人工耳蜗植入", "名", TARGET_MANUAL, 12, NONE, 0, "", "医疗康复部 王丽", "", 5},
	{"rehab", "肢体矫治手术", "例", TARGET_MANUAL, 80, NONE, 0, "", "医疗康复部 王丽", "", 6},
	{"rehab", "社区康复训练指导", "人次", TARGET_MANUAL, 15000, NONE, 0, "", "医疗康复部 王丽", "", 12},
	{"rehab", "孤独症儿童康复训练", "名", TARGET_MANUAL, 90, NONE, 0, "", "医疗康复部 王丽", "", 6},
	{"rehab", "康复救助资金", "元", TARGET_MANUAL, 3600000, NONE, 0, "", "医疗康复部 王丽", "", 10},
	{"other", "困难重度残疾人家庭无障碍改造", "户", TARGET_MANUAL, 1500, BY_PERSONS, 0, "2024-11-30", "办公室 孙强", "", 16},
	{"other", "重度残疾人托养服务", "人", TARGET_MANUAL, 900, NONE, 0, "", "社会保障部 赵刚", "", 10},
	{"other", "残疾人两项补贴核查", "人", TARGET_MANUAL, 120000, BY_PARTS, 0, "2024-06-30", "社会保障部 赵刚", "", 14},
	{"other", "全国助残日活动", "场", TARGET_MANUAL, 25, NONE, 0, "2024-05-31", "办公室 孙强", "", 6},
	{"other", "残疾人证新办换领", "人", TARGET_MANUAL, 9000, NONE, 0, "", "办公室 孙强", "", 12},
	{"other", "残疾人文体活动", "场", TARGET_MANUAL, 40, NONE, 0, "", "办公室 孙强", "", 8},
	{"other", "残疾人法律援助", "件", TARGET_MANUAL, 150, NONE, 0, "", "办公室 孙强", "", 8},
	{"other", "残疾人信访事项办结", "件", TARGET_MANUAL, 60, NONE, 0, "", "办公室 孙强", "", 6},
};

static int refused(const char *what, const char *name, const struct case_problems *pr)
{
	fprintf(stderr, "targets: %s “%s” refused: %s%s%s\n", what, name, pr->message, pr->n ? " " : "",
		pr->n ? pr->items[0].reason : "");
	return -1;
}

/* Hand entries for manual target id: n entries over the year up to today, most for a township. */
static int add_entries(struct db *w, const struct plan *p, int64_t id, int k, int year, struct date today,
		       const struct user *u, long *added, struct error *err)
{
	long long unit = strcmp(p->unit, "元") == 0 ? 100 : 1;
	/* Together the entries come to 55-95% of the value. */
	long long want = p->value * (55 + draw((unsigned long)k, 1, 41)) / 100;
	long span = date_to_days(today) - date_to_days((struct date){year, 1, 1});
	if (span > 364)
		span = 364;
	for (int i = 0; i < p->entries; i++) {
		char part[13] = "", day[11], note[200];
		/* One in eight for the county level (a county-wide event, training), else a township. */
		if (draw((unsigned long)k, (unsigned long)i * 3 + 2, 8) != 0)
			snprintf(part, sizeof part, "%s", towns[draw((unsigned long)k, (unsigned long)i * 3 + 3, (long)ntowns)]);
		struct date d = date_from_days(date_to_days((struct date){year, 1, 1}) + span * (i + 1) / (p->entries + 1));
		date_format(d, day);
		long long v = want / p->entries;
		if (v < 1)
			v = 1;
		/* Every 7th entry corrects the one before it. */
		bool correction = i > 0 && i % 7 == 0;
		if (correction)
			v = -(v / 10 > 0 ? v / 10 : 1);
		snprintf(note, sizeof note, correction ? "更正%s第%d次填报（重复统计），见说明材料第%d号" : "%s第%d批，佐证材料存县残联档案室%d号",
			 p->name, correction ? i : i + 1, 100 * k + i + 1);
		struct case_problems pr;
		int rc = target_add_entry(w, id, part, day, v * unit, note, u, &pr, err);
		if (rc < 0)
			return -1;
		if (rc)
			return refused("entry of", p->name, &pr);
		++*added;
	}
	return 0;
}

static int setup(struct db *w, int year, struct date today)
{
	struct error err = ERROR_INIT;
	struct user u;
	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "bench_admin");
	u.role = ROLE_COUNTY_ADMIN;
	if (load_towns(w, &err) < 0) {
		fprintf(stderr, "targets: %s\n", err.msg);
		return -1;
	}
	size_t n = sizeof plans / sizeof plans[0];
	long entries = 0, made = 0, split = 0;
	for (size_t k = 0; k < n; k++) {
		const struct plan *p = &plans[k];
		struct target t;
		memset(&t, 0, sizeof t);
		t.year = year;
		snprintf(t.line, sizeof t.line, "%s", p->line);
		snprintf(t.name, sizeof t.name, "%s", p->name);
		snprintf(t.unit, sizeof t.unit, "%s", p->unit);
		t.value = strcmp(p->unit, "元") == 0 ? p->value * 100 : p->value;
		snprintf(t.split, sizeof t.split, "%s", p->split == HUKOU ? "hukou" : p->split == NONE ? "" : "township");
		if (p->deadline[0])
			snprintf(t.deadline, sizeof t.deadline, "%s", p->deadline);
		else
			snprintf(t.deadline, sizeof t.deadline, "%04d-12-31", year);
		snprintf(t.owner, sizeof t.owner, "%s", p->owner);
		snprintf(t.source, sizeof t.source, "%s", p->source);
		snprintf(t.note, sizeof t.note, "%s", p->note);
		struct case_problems pr;
		int rc = target_save(w, &t, &u, &pr, &err);
		if (rc < 0)
			goto fail;
		if (rc)
			return refused("target", p->name, &pr);
		made++;
		if (p->split == BY_PERSONS) {
			rc = target_split_by_persons(w, t.id, &u, &pr, &err);
		} else if (p->split == BY_PARTS || p->split == HUKOU) {
			struct target_part parts[TARGET_PARTS_MAX];
			size_t np = p->split == HUKOU ? 2 : ntowns;
			if (p->split == HUKOU) {
				snprintf(parts[0].part, sizeof parts[0].part, "1");
				parts[0].value = p->urban;
				snprintf(parts[1].part, sizeof parts[1].part, "2");
				parts[1].value = t.value - p->urban;
			} else {
				/* Shares agreed with each township: weights 70-130, rounded to add up exactly. */
				long long weights[TARGET_PARTS_MAX], out[TARGET_PARTS_MAX];
				for (size_t i = 0; i < np; i++)
					weights[i] = 70 + draw(k, i, 61);
				if (target_split_proportional(t.value, weights, np, out) < 0) {
					error_set(&err, "split failed");
					goto fail;
				}
				for (size_t i = 0; i < np; i++) {
					memcpy(parts[i].part, towns[i], sizeof parts[i].part);
					parts[i].value = out[i];
				}
			}
			rc = target_set_parts(w, t.id, parts, np, &u, &pr, &err);
		}
		if (rc < 0)
			goto fail;
		if (rc)
			return refused("split of", p->name, &pr);
		split += p->split != NONE;
		if (strcmp(p->source, TARGET_MANUAL) == 0 && add_entries(w, p, t.id, (int)k, year, today, &u, &entries, &err) < 0)
			goto fail;
	}
	printf("%ld targets for %d (%ld split), %ld hand entries\n", made, year, split, entries);
	return 0;
fail:
	fprintf(stderr, "targets: %s\n", err.msg);
	return -1;
}

/* Timing */

struct board {
	struct db *db;
	int year;
	struct date today;
	struct registry_scope scope;
	long targets;
	unsigned long long digest; /* FNV-1a over every figure */
	long long achieved;        /* the sum of the targets' achieved (a check that the board counted something) */
	/* The targets, kept by the first listing for the per-target times. */
	struct target *list;
	size_t nlist;
};

static void mix(struct board *b, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		b->digest ^= s[i];
		b->digest *= 1099511628211ULL;
	}
}

static void mix_progress(struct board *b, const struct target *t, const struct target_progress *p)
{
	long long v[5] = {t->id, p->achieved, p->value, p->permille, (long long)p->status * 10000 + p->elapsed_permille};
	mix(b, v, sizeof v);
	for (size_t i = 0; i < p->nparts; i++) {
		long long w[3] = {p->parts[i].share, p->parts[i].achieved, p->parts[i].status};
		mix(b, p->parts[i].part, strlen(p->parts[i].part) + 1);
		mix(b, w, sizeof w);
	}
}

static int board_one(void *ctx, const struct target *t, struct error *err)
{
	struct board *b = ctx;
	struct target_progress p;
	if (target_progress_of(b->db, t, &b->scope, b->today, &p, err) < 0)
		return -1;
	b->targets++;
	b->achieved += p.achieved;
	mix_progress(b, t, &p);
	if (b->list && b->nlist < NTARGETS_MAX)
		b->list[b->nlist++] = *t;
	return 0;
}

/* One board: 0, or -1 with err. */
static int run_board(struct board *b, struct error *err)
{
	b->targets = 0;
	b->achieved = 0;
	b->digest = 14695981039346656037ULL;
	return target_list(b->db, b->year, "", board_one, b, err);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	return n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
}

/* Times a board; prints its line; 1 when its p99 meets the goal, 0 not, -1 on an error. */
static int measure(struct board *b, const char *label, int runs, double goal, double *p99_out)
{
	struct error err = ERROR_INIT;
	double t0 = now_ms();
	if (run_board(b, &err) < 0) {
		fprintf(stderr, "targets: %s: %s\n", label, err.msg);
		return -1;
	}
	double first = now_ms() - t0;
	b->list = NULL; /* the first run kept the targets (when asked) */
	if (b->targets == 0) {
		fprintf(stderr, "targets: %s: no targets\n", label);
		return -1;
	}
	unsigned long long digest = b->digest;
	int warm = runs / 10 < 1 ? 1 : runs / 10 > 20 ? 20 : runs / 10;
	for (int i = 0; i < warm; i++)
		if (run_board(b, &err) < 0) {
			fprintf(stderr, "targets: %s: %s\n", label, err.msg);
			return -1;
		}
	double *ms = malloc((size_t)runs * sizeof *ms);
	if (!ms)
		return -1;
	for (int i = 0; i < runs; i++) {
		t0 = now_ms();
		if (run_board(b, &err) < 0) {
			fprintf(stderr, "targets: %s: %s\n", label, err.msg);
			free(ms);
			return -1;
		}
		ms[i] = now_ms() - t0;
		if (b->digest != digest) {
			fprintf(stderr, "targets: %s: a run gave other figures than the first\n", label);
			free(ms);
			return -1;
		}
	}
	double median = median_of(ms, runs);
	int k = (runs * 99 + 99) / 100 - 1; /* the ceil(0.99 n)-th smallest */
	double p99 = ms[k < 0 ? 0 : k];
	free(ms);
	printf("%-40s %7ld %12lld %9.2f %9.2f %9.2f  %016llx\n", label, b->targets, b->achieved, first, median, p99,
	       digest);
	*p99_out = p99;
	return p99 < goal;
}

struct slow {
	const struct target *t;
	double ms;
};

static int cmp_slow(const void *a, const void *b)
{
	double x = ((const struct slow *)a)->ms, y = ((const struct slow *)b)->ms;
	return (x < y) - (x > y);
}

/* Each target's progress alone (county scope), median of 5 runs; the slowest first. */
static int per_target(struct board *b, const struct target *list, size_t n)
{
	struct slow s[NTARGETS_MAX];
	struct error err = ERROR_INIT;
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		double ms[5];
		for (int r = 0; r < 5; r++) {
			struct target_progress p;
			double t0 = now_ms();
			if (target_progress_of(b->db, &list[i], &b->scope, b->today, &p, &err) < 0) {
				fprintf(stderr, "targets: %s: %s\n", list[i].name, err.msg);
				return -1;
			}
			ms[r] = now_ms() - t0;
		}
		s[i].t = &list[i];
		s[i].ms = median_of(ms, 5);
		total += s[i].ms;
	}
	qsort(s, n, sizeof s[0], cmp_slow);
	printf("\neach target's progress, county scope (median of 5; the 8 slowest of %zu, %.2f ms in all):\n", n, total);
	for (size_t i = 0; i < n && i < 8; i++)
		printf("  %8.2f ms  %-9s %-36s %s\n", s[i].ms, s[i].t->split[0] ? s[i].t->split : "-", s[i].t->source,
		       s[i].t->name);
	/* Not on the board: the same as the good90 target, split urban/rural. */
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i].source, "program:cataract:good90") != 0)
			continue;
		struct target t = list[i];
		snprintf(t.split, sizeof t.split, "hukou");
		double ms[5];
		long long urban = 0, rural = 0;
		for (int r = 0; r < 5; r++) {
			struct target_progress p;
			double t0 = now_ms();
			if (target_progress_of(b->db, &t, &b->scope, b->today, &p, &err) < 0) {
				fprintf(stderr, "targets: %s split urban/rural: %s\n", t.name, err.msg);
				return -1;
			}
			ms[r] = now_ms() - t0;
			for (size_t k = 0; k < p.nparts; k++)
				*(strcmp(p.parts[k].part, "1") == 0 ? &urban : &rural) = p.parts[k].achieved;
		}
		printf("\nnot on the board: %s split urban/rural (a metric with a field: every case's event read):\n"
		       "  %8.2f ms  (median of 5; urban %lld, rural %lld)\n",
		       t.name, median_of(ms, 5), urban, rural);
	}
	return 0;
}

static int time_boards(struct db *db, int year, struct date today, int runs, double goal)
{
	struct error err = ERROR_INIT;
	char big[13] = "";
	struct db_stmt *st;
	if (db_prepare(db, SQL_BIGGEST, &st, &err) < 0)
		goto fail;
	db_bind_int(st, 1, year);
	int rc = db_step(st, &err);
	if (rc == DB_ROW)
		snprintf(big, sizeof big, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			error_set(&err, "no cataract cases in %d", year);
		goto fail;
	}
	struct board county = {db, year, today, {"000000000000", "999999999999"}, 0, 0, 0, NULL, 0};
	struct board town = county;
	snprintf(town.scope.lo, sizeof town.scope.lo, "%.9s000", big);
	snprintf(town.scope.hi, sizeof town.scope.hi, "%.9s999", big);
	static struct target list[NTARGETS_MAX];
	county.list = list;

	char tlabel[80];
	snprintf(tlabel, sizeof tlabel, "township board (%s)", big);
	printf("%-40s %7s %12s %9s %9s %9s  %s\n", "board", "targets", "achieved", "first", "median", "p99", "digest");
	double p99c = 0, p99t = 0;
	int mc = measure(&county, "county board", runs, goal, &p99c);
	size_t nlist = county.nlist;
	int mt = mc < 0 ? -1 : measure(&town, tlabel, runs, goal, &p99t);
	if (mc < 0 || mt < 0)
		return -1;
	printf("(achieved: the sum of the targets' achieved in the scope; digest: of every figure of the board)\n");
	county.list = NULL;
	if (per_target(&county, list, nlist) < 0)
		return -1;
	printf("\ngoal: county board, p99 < %.0f ms: %s (%.2f ms)\n", goal, mc ? "PASS" : "MISS", p99c);
	printf("goal: township board, p99 < %.0f ms: %s (%.2f ms)\n", goal, mt ? "PASS" : "MISS", p99t);
	return 0;
fail:
	fprintf(stderr, "targets: %s\n", err.msg);
	return -1;
}

int main(int argc, char **argv)
{
	bool do_setup = argc == 5 && strcmp(argv[1], "setup") == 0;
	bool do_time = argc == 7 && strcmp(argv[1], "time") == 0;
	if (!do_setup && !do_time) {
		fprintf(stderr, "usage: targets setup DB YEAR TODAY\n       targets time DB YEAR TODAY RUNS GOAL_MS\n");
		return 2;
	}
	int year = atoi(argv[3]);
	struct date today;
	int runs = do_time ? atoi(argv[5]) : 1;
	double goal = do_time ? atof(argv[6]) : 1;
	if (date_parse(argv[4], &today) < 0 || year < 2000 || year > 2100 || runs < 1 || goal <= 0) {
		fprintf(stderr, "targets: bad YEAR, TODAY, RUNS or GOAL_MS\n");
		return 2;
	}
	date_set_today(&today);
	struct error err = ERROR_INIT;
	struct db *db = NULL;
	if (db_open(&db, argv[2], do_setup ? DB_WRITER : DB_READER, &err) < 0 || dict_load(db, &err) < 0) {
		fprintf(stderr, "targets: %s: %s\n", argv[2], err.msg);
		db_close(db);
		return 1;
	}
	int rc;
	if (do_setup) {
		rc = setup(db, year, today);
	} else {
		printf("read-only connection (8 MiB page cache), today %s, %d runs after a warm-up; times in ms\n\n",
		       argv[4], runs);
		rc = time_boards(db, year, today, runs, goal);
	}
	db_close(db);
	dict_unload();
	return rc < 0 ? 1 : 0;
}
