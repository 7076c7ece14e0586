/*
 * Unit tests for domain/program: a small definition parses into the
 * expected structs; the cataract definition loads; each broken definition
 * of tests/data/programs/broken/ gives its one problem, with where it is;
 * several mistakes are all reported; limits; values of every field type;
 * storing, versions, the cache (also from several threads) and the list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/acuity.h"
#include "base/xalloc.h"
#include "domain/program.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define DATA "tests/data/programs/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *text = xmalloc(PROGRAM_FILE_MAX + 2);
	*len = fread(text, 1, PROGRAM_FILE_MAX + 1, f);
	text[*len] = '\0';
	fclose(f);
	return text;
}

/* Parses the file at path; fails the test unless it parses. */
static struct program *load(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	struct buf problems = BUF_INIT(1 << 16);
	struct program *p;
	if (program_parse(text, len, &p, &problems) != 0)
		fail_msg("%s does not parse:\n%s", path, buf_cstr(&problems));
	assert_string_equal(buf_cstr(&problems), "");
	buf_release(&problems);
	free(text);
	return p;
}

/* The problems of text (must not parse). */
static char *problems_of(const char *text, size_t len)
{
	struct buf problems = BUF_INIT(1 << 16);
	struct program *p = (struct program *)1;
	assert_int_equal(program_parse(text, len, &p, &problems), -1);
	assert_null(p);
	return buf_detach(&problems);
}

static void test_small_parses(void **state)
{
	(void)state;
	struct program *p = load(DATA "small.json");
	assert_string_equal(p->code, "demo");
	assert_string_equal(p->name, "示例项目");
	assert_int_equal(p->version, 1);

	assert_int_equal(p->nstages, 4);
	assert_string_equal(p->stages[0].key, "applied");
	assert_string_equal(p->stages[0].label, "申请");
	assert_false(p->stages[0].final);
	assert_string_equal(p->stages[0].anchor, "");
	assert_string_equal(p->stages[2].anchor, "approved");
	assert_int_equal(p->stages[2].offset_days, 30);
	assert_true(p->stages[3].final);

	assert_int_equal(p->nfields, 7);
	const struct program_field *f = &p->fields[0];
	assert_int_equal(f->type, PROGRAM_DECIMAL);
	assert_true(f->has_min && f->has_max);
	assert_int_equal(f->min, 0);
	assert_int_equal(f->max, 10000500);
	f = &p->fields[1];
	assert_int_equal(f->type, PROGRAM_CHOICE);
	assert_int_equal(f->nchoices, 2);
	assert_string_equal(f->choices[1].key, "b");
	assert_string_equal(f->choices[1].label, "乙");
	assert_int_equal(p->fields[2].type, PROGRAM_ACUITY);
	f = &p->fields[3];
	assert_int_equal(f->type, PROGRAM_DATE);
	assert_string_equal(f->after_stage, "applied");
	assert_int_equal(f->min_days, 1);
	assert_int_equal(f->max_days, 30);
	f = &p->fields[4];
	assert_int_equal(f->type, PROGRAM_INTEGER);
	assert_true(f->has_min);
	assert_false(f->has_max);
	assert_int_equal(f->min, 1);
	f = &p->fields[5];
	assert_int_equal(f->type, PROGRAM_TEXT);
	assert_true(f->has_max);
	assert_int_equal(f->max, 5);
	assert_int_equal(p->fields[6].type, PROGRAM_BOOL);

	assert_int_equal(p->ntransitions, 4);
	const struct program_transition *t = &p->transitions[0];
	assert_string_equal(t->key, "apply");
	assert_int_equal(t->nfrom, 1);
	assert_true(t->from[0] == SIZE_MAX);
	assert_int_equal(t->to, 0);
	assert_int_equal(t->roles, (1u << ROLE_VILLAGE) | (1u << ROLE_TOWNSHIP));
	assert_int_equal(t->nfields, 2);
	assert_int_equal(t->fields[0], 1);
	assert_true(t->required[0]);
	assert_int_equal(t->fields[1], 5);
	assert_false(t->required[1]);
	assert_false(t->remark_required);
	t = &p->transitions[3];
	assert_int_equal(t->nfrom, 2);
	assert_int_equal(t->from[0], 2);
	assert_int_equal(t->from[1], 1);
	assert_int_equal(t->to, 3);
	assert_int_equal(t->roles, 1u << ROLE_COUNTY_ADMIN);
	assert_int_equal(t->nfields, 0);
	assert_true(t->remark_required);

	assert_int_equal(p->nrules, 2);
	assert_int_equal(p->rules[0].field, PROGRAM_P_STATUS);
	assert_int_equal(p->rules[0].nvalues, 1);
	assert_int_equal(p->rules[0].values[0], 1);
	assert_string_equal(p->rules[0].message, "须在册");
	assert_int_equal(p->rules[1].field, PROGRAM_P_AGE);
	assert_int_equal(p->rules[1].nvalues, 2);
	assert_int_equal(p->rules[1].values[0], 18);
	assert_int_equal(p->rules[1].values[1], 80);

	assert_string_equal(p->outcome_field, "va");
	assert_int_equal(p->noutcomes, 3);
	assert_true(p->outcomes[0].has_min);
	assert_int_equal(p->outcomes[0].min, 300);
	assert_int_equal(p->outcomes[1].min, 100); /* "6/60" */
	assert_false(p->outcomes[2].has_min);

	assert_int_equal(p->nmetrics, 5);
	assert_string_equal(p->metrics[1].key, "kind_a");
	assert_int_equal(p->metrics[1].stage, 0);
	assert_string_equal(p->metrics[1].field, "kind");
	assert_string_equal(p->metrics[1].value, "a");
	assert_string_equal(p->metrics[0].field, "");
	assert_string_equal(p->metrics[3].field, "outcome");
	assert_string_equal(p->target_metric, "applied");
	assert_string_equal(p->success_metric, "good");
	assert_string_equal(p->success_of, "visited");

	assert_int_equal(program_stage_index(p, "visit"), 2);
	assert_int_equal(program_stage_index(p, "nope"), -1);
	assert_int_equal(program_field_index(p, "memo"), 5);
	assert_int_equal(program_field_index(p, ""), -1);
	assert_int_equal(program_metric_index(p, "good"), 3);
	assert_int_equal(program_metric_index(p, "bad"), -1);
	program_free(p);
	program_free(NULL);
}

static void test_cataract_loads(void **state)
{
	(void)state;
	struct program *p = load("programs/cataract.json");
	assert_string_equal(p->code, "cataract");
	assert_int_equal(p->version, 1);
	static const struct {
		const char *stage;
		int days;
	} followups[] = { { "followup7", 7 }, { "followup30", 30 }, { "followup90", 90 } };
	for (size_t i = 0; i < N_ELEMS(followups); i++) {
		int s = program_stage_index(p, followups[i].stage);
		assert_true(s >= 0);
		assert_string_equal(p->stages[s].anchor, "discharged");
		assert_int_equal(p->stages[s].offset_days, followups[i].days);
	}
	int d = program_field_index(p, "discharge_date");
	assert_true(d >= 0);
	assert_string_equal(p->fields[d].after_stage, "operated");
	assert_int_equal(p->fields[d].min_days, 2);
	assert_int_equal(p->fields[d].max_days, 7);
	assert_true(p->stages[program_stage_index(p, "prescreen_failed")].final);
	assert_true(p->stages[program_stage_index(p, "not_candidate")].final);
	assert_true(p->stages[program_stage_index(p, "closed")].final);

	/* WHO categories on the decimal bounds 0.3 and 0.1. */
	static const struct {
		const char *acuity, *outcome;
	} outcomes[] = {
		{ "1.0", "good" },	  { "0.3", "good" },	    { "6/18", "good" }, { "4.5", "good" },
		{ "0.25", "borderline" }, { "6/24", "borderline" }, { "0.1", "borderline" },
		{ "6/60", "borderline" }, { "0.08", "poor" },	    { "3/60", "poor" }, { "指数", "poor" },
		{ "无光感", "poor" },
	};
	for (size_t i = 0; i < N_ELEMS(outcomes); i++) {
		int64_t v;
		assert_int_equal(acuity_parse(outcomes[i].acuity, &v), ACUITY_OK);
		const struct program_outcome *o = program_outcome_of(p, v);
		assert_non_null(o);
		if (strcmp(o->key, outcomes[i].outcome) != 0)
			fail_msg("%s: %s, expected %s", outcomes[i].acuity, o->key, outcomes[i].outcome);
	}
	assert_string_equal(p->target_metric, "operated");
	assert_string_equal(p->success_metric, "good90");
	assert_string_equal(p->success_of, "followup90_done");
	int m = program_metric_index(p, "good90");
	assert_true(m >= 0);
	assert_int_equal(p->metrics[m].stage, (size_t)program_stage_index(p, "followup90"));
	/* Enrolment by village and township, no dibao rule. */
	for (size_t i = 0; i < p->ntransitions; i++)
		if (p->transitions[i].from[0] == SIZE_MAX)
			assert_true(p->transitions[i].roles & (1u << ROLE_VILLAGE));
	for (size_t i = 0; i < p->nrules; i++)
		assert_int_not_equal(p->rules[i].field, PROGRAM_P_DIBAO);
	program_free(p);
}

/* The living assistance definition: notice, archive, documents, eligibility again, objections. */
static void test_assistance_loads(void **state)
{
	(void)state;
	struct program *p = load("programs/assistance.json");
	int notice = program_stage_index(p, "in_notice"), approved = program_stage_index(p, "approved");
	assert_true(notice >= 0 && approved >= 0);
	assert_true(p->stages[notice].hold);
	assert_int_equal(p->stages[notice].hold_days, 7);
	assert_string_equal(p->stages[notice].hold_field, "notice_days");
	assert_false(p->stages[approved].final);
	assert_true(p->stages[approved].archive);
	assert_int_equal(program_archive_stage(p), approved);
	assert_int_equal(p->monthly_amount, -1);
	const struct program_transition *apply = &p->transitions[0];
	assert_string_equal(apply->key, "apply");
	assert_int_equal(apply->nfields, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_true(apply->required[i]);
		assert_int_equal(apply->must_be[i], 1);
	}
	const struct program_transition *up = program_upheld_transition(p);
	assert_non_null(up);
	assert_string_equal(up->key, "objection_upheld");
	assert_true(p->stages[up->to].final);
	bool approve_checks = false;
	for (size_t i = 0; i < p->ntransitions; i++)
		if (strcmp(p->transitions[i].key, "approve") == 0)
			approve_checks = p->transitions[i].check_eligibility;
	assert_true(approve_checks);
	assert_int_equal(p->nrules, 3);
	program_free(p);
}

/* A small definition with a notice stage, to break one option at a time. */
static const char NOTICE_DEF[] =
	"{\"code\": \"n\", \"name\": \"公示\", \"version\": 1, %s"
	"\"stages\": [{\"key\": \"a\", \"label\": \"申请\"}, {\"key\": \"b\", \"label\": \"公示\", %s},"
	" {\"key\": \"c\", \"label\": \"通过\"}, {\"key\": \"x\", \"label\": \"不通过\", \"final\": true}],"
	"\"fields\": [{\"key\": \"doc\", \"label\": \"证件\", \"type\": \"bool\"},"
	" {\"key\": \"days\", \"label\": \"天数\", \"type\": \"integer\"},"
	" {\"key\": \"note_text\", \"label\": \"说明\", \"type\": \"text\"}],"
	"\"transitions\": [{\"key\": \"apply\", \"label\": \"申请\", \"from\": [\"\"], \"to\": \"a\", \"roles\": [\"township\"],"
	" \"fields\": [{\"field\": %s, \"required\": true, \"must_be\": true}]},"
	" {\"key\": \"pub\", \"label\": \"公示\", \"from\": [\"a\"], \"to\": \"b\", \"roles\": [\"township\"],"
	" \"fields\": [{\"field\": \"days\"}, {\"field\": \"note_text\"}]},"
	" {\"key\": \"pass\", \"label\": \"通过\", \"from\": [\"b\"], \"to\": \"c\", \"roles\": [\"township\"]},"
	" {\"key\": \"up\", \"label\": \"异议成立\", \"from\": [\"b\"], \"to\": %s, \"roles\": [\"township\"],"
	" \"objection_upheld\": true}]}";

static void test_notice_options(void **state)
{
	(void)state;
	static const struct {
		const char *top, *stage, *field, *to, *problems;
	} cases[] = {
		{ "", "\"hold_days\": 7, \"hold_field\": \"days\", \"archive\": true", "\"doc\"", "\"x\"", "" },
		{ "\"monthly_amount\": 60.5,", "\"hold_days\": 7", "\"doc\"", "\"x\"", "" },
		{ "", "\"hold_days\": 7", "\"days\"", "\"x\"",
		  "transitions[0].fields[0].must_be：must_be 只适用于是否（bool）类型的字段，days 是整数类型\n" },
		{ "", "\"hold_days\": 7, \"hold_field\": \"note_text\"", "\"doc\"", "\"x\"",
		  "stages[1].hold_field：公示天数的字段应为整数（integer）类型，note_text 是文字类型\n" },
		{ "", "\"hold_field\": \"days\"", "\"doc\"", "\"x\"",
		  "stages[1].hold_field：写了 hold_field 就要写 hold_days（默认的公示天数）\n" },
		{ "", "\"hold_days\": 7", "\"doc\"", "\"c\"",
		  "transitions[3].objection_upheld：异议成立时的流转应到达结束的阶段（final），c 不是\n" },
		{ "\"monthly_amount\": 60.125,", "\"hold_days\": 7", "\"doc\"", "\"x\"",
		  "monthly_amount：应为不小于0的金额（元），最多2位小数\n" },
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char text[4096];
		snprintf(text, sizeof text, NOTICE_DEF, cases[i].top, cases[i].stage, cases[i].field, cases[i].to);
		struct buf problems = BUF_INIT(1 << 16);
		struct program *p = NULL;
		int rc = program_parse(text, strlen(text), &p, &problems);
		if (strcmp(buf_cstr(&problems), cases[i].problems) != 0)
			fail_msg("case %zu:\n got      %s\n expected %s", i, buf_cstr(&problems), cases[i].problems);
		assert_int_equal(rc, *cases[i].problems ? -1 : 0);
		if (i == 0) {
			assert_true(p->stages[1].hold && p->stages[1].archive);
			assert_string_equal(p->stages[1].hold_field, "days");
			assert_int_equal(p->transitions[0].must_be[0], 1);
		}
		if (i == 1)
			assert_int_equal(p->monthly_amount, 6050);
		program_free(p);
		buf_release(&problems);
	}
}

/* Each file of broken/ has one mistake; the whole report is this text. */
static const struct {
	const char *file, *problems;
} broken[] = {
	{ "after-days", "fields[3].after：min_days（40）大于 max_days（30）\n" },
	{ "bad-code", "code：“Demo Project”应为1至32个小写英文字母、数字或下划线\n" },
	{ "decimal-precision", "fields[0].max：最多3位小数\n" },
	{ "duplicate-json-key", "第4行第25列：同一个 {…} 中有两个相同的键（duplicate object key near '\"version\"'）\n" },
	{ "duplicate-key", "transitions[3].key：“approve”与 transitions[1] 重复\n" },
	{ "eligibility-code", "eligibility[0].in[1]：状态的代码应为1至3的整数\n" },
	{ "field-unknown", "transitions[2].fields[2].field：没有名为 vaa 的字段\n" },
	{ "from-repeated", "transitions[3].from[1]：“visit”重复\n" },
	{ "label-too-long", "stages[0].label：最多40个字\n" },
	{ "metric-choice", "metrics[1].value：字段 kind 没有名为 c 的选项\n" },
	{ "metric-not-asked", "metrics[1].field：到达阶段 approved 的流转不填写字段 kind\n" },
	{ "min-above-max", "fields[0]：min（100）大于 max（10.25）\n" },
	{ "missing-label", "stages[2].label：缺少“label”\n" },
	{ "no-enrolment", "transitions：至少要有一个从 \"\"（新登记）开始的流转（from 中写 \"\"）\n" },
	{ "not-for-type", "fields[5].min：“min”不适用于文字类型的字段\n" },
	{ "outcome-last-min", "outcome.categories[2].min：最后一类不设下限（去掉 min）：低于上一类下限的都归入这一类\n" },
	{ "outcome-not-acuity",
	  "outcome.field：字段 amount 是小数类型，视力结果只能按视力类型（acuity）的字段分类\n" },
	{ "outcome-order", "outcome.categories[1].min：各类应按下限从高到低排列：0.5 不低于上一类的 0.3\n" },
	{ "schedule-cycle", "stages[1].due.after：预约形成循环（approved → visit → approved）\n" },
	{ "schedule-self", "stages[2].due.after：预约不能以阶段自己为起点\n" },
	{ "syntax-comma", "第10行第3列：] 前面多了一个逗号，或缺少值（unexpected token near ']'）\n" },
	{ "unknown-key", "transitions[3].remark_requried：不认识的键“remark_requried”"
			 "（这里可用：key、label、from、to、roles、fields、remark_required、check_eligibility、objection_upheld、note）\n" },
	{ "unknown-role", "transitions[0].roles[0]：没有“villager”这个角色"
			  "（可用：county_admin、county_staff、township、village、hospital、leader）\n" },
	{ "unknown-stage", "transitions[1].to：没有名为 approvedd 的阶段\n" },
	{ "unknown-success-metric", "success.of：没有名为 visits 的指标\n" },
	{ "unknown-type", "fields[4].type：不认识的字段类型“number”（可用：date、integer、decimal、text、choice、acuity、bool）\n" },
	{ "unreachable-stage", "stages[3]：没有流转到达阶段 done（transitions 中没有 \"to\": \"done\"）\n" },
	{ "version-text", "version：应为整数（不带引号）\n" },
};

static void test_broken(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(broken); i++) {
		char path[128];
		size_t len;
		snprintf(path, sizeof path, DATA "broken/%s.json", broken[i].file);
		char *text = slurp(path, &len);
		char *got = problems_of(text, len);
		if (strcmp(got, broken[i].problems) != 0)
			fail_msg("%s:\n got      %s expected %s", broken[i].file, got, broken[i].problems);
		free(got);
		free(text);
	}
}

/* Every mistake is reported, each where it is, in one pass. */
static void test_every_mistake(void **state)
{
	static const char text[] =
		"{\"code\":\"x\",\"name\":\"\",\"version\":0,\"colour\":1,"
		"\"stages\":[{\"key\":\"a\",\"label\":\"甲\"},{\"key\":\"a\",\"label\":\"乙\",\"final\":\"yes\"}],"
		"\"fields\":[{\"key\":\"f\",\"label\":\"字段\",\"type\":\"text\",\"max\":0}],"
		"\"transitions\":[{\"key\":\"t\",\"label\":\"流转\",\"from\":[\"\"],\"to\":\"b\",\"roles\":[]}],"
		"\"target_metric\":\"m\"}";
	static const char *const expected[] = {
		"colour：不认识的键“colour”",
		"name：不能为空",
		"version：应在1至1000000之间",
		"stages[1].key：“a”与 stages[0] 重复",
		"stages[1].final：应为 true 或 false（不带引号）",
		"fields[0].max：应在1至2000之间",
		"transitions[0].to：没有名为 b 的阶段",
		"transitions[0].roles：至少要有1项",
		"target_metric：没有名为 m 的指标",
	};
	(void)state;
	char *got = problems_of(text, strlen(text));
	size_t lines = 0;
	for (const char *s = got; *s; s++)
		lines += *s == '\n';
	for (size_t i = 0; i < N_ELEMS(expected); i++)
		if (!strstr(got, expected[i]))
			fail_msg("missing \"%s\" in:\n%s", expected[i], got);
	assert_int_equal(lines, N_ELEMS(expected));
	free(got);
}

static void test_limits(void **state)
{
	(void)state;
	/* Too big, whatever it holds. */
	char *big = xmalloc(PROGRAM_FILE_MAX + 2);
	memset(big, ' ', PROGRAM_FILE_MAX + 1);
	big[PROGRAM_FILE_MAX + 1] = '\0';
	char *got = problems_of(big, PROGRAM_FILE_MAX + 1);
	assert_string_equal(got, "文件太大：定义文件最大1024KB\n");
	free(got);
	free(big);

	/* 65 stages. */
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(buf_addstr(&b, "{\"code\":\"x\",\"name\":\"x\",\"version\":1,\"stages\":["), 0);
	for (int i = 0; i <= PROGRAM_LIST_MAX; i++)
		assert_int_equal(buf_addf(&b, "%s{\"key\":\"s%d\",\"label\":\"s\"}", i ? "," : "", i), 0);
	assert_int_equal(buf_addstr(&b, "],\"transitions\":[{\"key\":\"t\",\"label\":\"t\",\"from\":[\"\"],"
					"\"to\":\"s0\",\"roles\":[\"village\"]}]}"),
			 0);
	got = problems_of(b.data, b.len);
	/* Without its stages, the transition's stage is unknown too. */
	assert_string_equal(got, "stages：最多64项\ntransitions[0].to：没有名为 s0 的阶段\n");
	free(got);
	buf_release(&b);

	/* A key of 33 characters; a control character in a label; a NUL. */
	static const char long_key[] = "{\"code\":\"abcdefghijabcdefghijabcdefghijabc\",\"name\":\"x\\ty\",\"version\":1}";
	got = problems_of(long_key, strlen(long_key));
	assert_non_null(strstr(got, "code：“abcdefghijabcdefghijabcdefghijabc”应为1至32个"));
	assert_non_null(strstr(got, "name：不能有换行、制表符等控制字符"));
	free(got);
	static const char nul[] = "{\"code\":\"a\0b\"}";
	got = problems_of(nul, sizeof nul - 1);
	assert_non_null(strstr(got, "第1行"));
	free(got);

	/* A byte-order mark is fine. */
	size_t len;
	char *text = slurp(DATA "small.json", &len);
	char *bom = xmalloc(len + 4);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, text, len + 1);
	struct buf problems = BUF_INIT(4096);
	struct program *p;
	assert_int_equal(program_parse(bom, len + 3, &p, &problems), 0);
	program_free(p);
	buf_release(&problems);
	free(bom);
	free(text);
}

static const struct program_choice choices[] = { { "pass", "合格" }, { "fail", "不合格" } };

static void test_values(void **state)
{
	static const struct program_field date = { .key = "d", .type = PROGRAM_DATE };
	static const struct program_field integer = { .key = "i", .type = PROGRAM_INTEGER, .has_min = true, .min = -5, .has_max = true,
					 .max = 100 };
	static const struct program_field open_int = { .key = "i", .type = PROGRAM_INTEGER };
	static const struct program_field decimal = { .key = "x", .type = PROGRAM_DECIMAL, .has_min = true, .min = 0, .has_max = true,
					 .max = 99999 };
	static const struct program_field text = { .key = "t", .type = PROGRAM_TEXT, .has_max = true, .max = 4 };
	static const struct program_field choice = { .key = "c", .type = PROGRAM_CHOICE, .choices = (struct program_choice *)(uintptr_t)choices,
					.nchoices = 2 };
	static const struct program_field acuity = { .key = "a", .type = PROGRAM_ACUITY };
	static const struct program_field yesno = { .key = "b", .type = PROGRAM_BOOL };
	static const struct {
		const struct program_field *f;
		const char *in;
		int rc;
		const char *out; /* the stored value, or the reason */
	} rows[] = {
		{ &date, "2024-04-13", 0, "2024-04-13" },
		{ &date, " 2024/4/3 ", 0, "2024-04-03" },
		{ &date, "20240229", 0, "2024-02-29" },
		{ &date, "2023-02-29", 1, "应为日期，如2024-04-13" },
		{ &date, "", 1, "不能为空" },
		{ &integer, "42", 0, "42" },
		{ &integer, "-5", 0, "-5" },
		{ &integer, "+7", 0, "7" },
		{ &integer, "101", 1, "应在-5至100之间" },
		{ &integer, "-6", 1, "应在-5至100之间" },
		{ &integer, "4.0", 1, "应为整数" },
		{ &integer, "4a", 1, "应为整数" },
		{ &integer, "   ", 1, "不能为空" },
		{ &open_int, "999999999999999", 0, "999999999999999" },
		{ &open_int, "9999999999999999", 1, "应为整数" },
		{ &decimal, "1.25", 0, "1250" },
		{ &decimal, "99.999", 0, "99999" },
		{ &decimal, "0", 0, "0" },
		{ &decimal, "2.5000", 0, "2500" },
		{ &decimal, "1.2345", 1, "最多3位小数" },
		{ &decimal, "100", 1, "应在0至99.999之间" },
		{ &decimal, "-0.001", 1, "应在0至99.999之间" },
		{ &decimal, ".5", 1, "应为数，如1.25" },
		{ &decimal, "1.", 1, "应为数，如1.25" },
		{ &decimal, "1e3", 1, "应为数，如1.25" },
		{ &text, "  张医生 ", 0, "张医生" },
		{ &text, "\xE3\x80\x80" "四个字啊", 0, "四个字啊" },
		{ &text, "五个字了吧", 1, "最多4个字" },
		{ &text, "a\tb", 1, "不能有换行、制表符等控制字符" },
		{ &text, "\xff", 1, "含有无法识别的字符" },
		{ &choice, "pass", 0, "pass" },
		{ &choice, "不合格", 0, "fail" },
		{ &choice, "Pass", 1, "应为以下之一：合格、不合格" },
		{ &acuity, "0.3", 0, "300" },
		{ &acuity, "6/18", 0, "333" },
		{ &acuity, "光感", 0, "1" },
		{ &acuity, "无光感", 0, "0" },
		{ &acuity, "3", 1, "视力应在0.01至2.0之间（五分记录3.0至5.3）；更差时写指数、手动、光感或无光感" },
		{ &yesno, "是", 0, "true" },
		{ &yesno, "false", 0, "false" },
		{ &yesno, "否", 0, "false" },
		{ &yesno, "也许", 1, "应为“是”或“否”" },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char out[64] = "unchanged", reason[256] = "";
		int rc = program_value(rows[i].f, rows[i].in, out, sizeof out, reason, sizeof reason);
		if (rc != rows[i].rc)
			fail_msg("row %zu \"%s\": rc %d (%s)", i, rows[i].in, rc, reason);
		const char *got = rc == 0 ? out : reason;
		if (strcmp(got, rows[i].out) != 0)
			fail_msg("row %zu \"%s\": \"%s\", expected \"%s\"", i, rows[i].in, got, rows[i].out);
	}
	/* Too long for out. */
	char small[4], reason[64];
	assert_int_equal(program_value(&date, "2024-04-13", small, sizeof small, reason, sizeof reason), 1);
	assert_string_equal(reason, "太长");
	assert_int_equal(program_value(&text, "abc", small, sizeof small, reason, sizeof reason), 0);
	assert_string_equal(small, "abc");
}

static void test_value_text(void **state)
{
	static const struct program_field decimal = { .type = PROGRAM_DECIMAL };
	static const struct program_field choice = { .type = PROGRAM_CHOICE, .choices = (struct program_choice *)(uintptr_t)choices,
					.nchoices = 2 };
	static const struct program_field acuity = { .type = PROGRAM_ACUITY };
	static const struct program_field yesno = { .type = PROGRAM_BOOL };
	static const struct program_field date = { .type = PROGRAM_DATE };
	static const struct {
		const struct program_field *f;
		const char *stored, *text;
	} rows[] = {
		{ &decimal, "1250", "1.25" },	  { &decimal, "1000", "1" },   { &decimal, "-500", "-0.5" },
		{ &decimal, "7", "0.007" },	  { &choice, "fail", "不合格" }, { &choice, "gone", "gone" },
		{ &acuity, "300", "0.3" },	  { &acuity, "1000", "1.0" },  { &acuity, "5", "指数" },
		{ &acuity, "0", "无光感" },	  { &acuity, "abc", "abc" },   { &yesno, "true", "是" },
		{ &yesno, "false", "否" },	  { &date, "2024-04-13", "2024-04-13" },
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char out[64];
		program_value_text(rows[i].f, rows[i].stored, out, sizeof out);
		assert_string_equal(out, rows[i].text);
	}
}

static int setup(void **state)
{
	return t_setup(state, "test-program", true);
}

static void names(void *ctx, const char *code, const char *name, int version)
{
	struct buf *b = ctx;
	assert_int_equal(buf_addf(b, "%s|%s|%d\n", code, name, version), 0);
}

static void test_store_get_list(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	size_t len;
	char *text = slurp(DATA "small.json", &len);

	const struct program *p;
	assert_int_equal(program_get(f->db, "demo", 0, &p, &err), 0);
	assert_null(p);
	assert_int_equal(program_store(f->db, text, len, "admin", &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM program"), 1);
	char who[32];
	assert_string_equal(t_query_text(f->db, "SELECT loaded_by FROM program", who, sizeof who), "admin");
	/* The same text again is fine and stores nothing new. */
	assert_int_equal(program_store(f->db, text, len, "admin", &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM program"), 1);

	/* Another text for version 1 is refused. */
	char *changed = xstrdup(text);
	char *at = strstr(changed, "示例项目");
	assert_non_null(at);
	memcpy(at, "新例", strlen("新例"));
	memmove(at + strlen("新例"), at + strlen("示例"), strlen(at + strlen("示例")) + 1);
	assert_int_equal(program_store(f->db, changed, strlen(changed), "admin", &err), 1);
	assert_non_null(strstr(err.msg, "demo 第1版已经载入过"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM program"), 1);

	/* Version 2 of it goes in; version 0 is now it. */
	at = strstr(changed, "\"version\": 1");
	assert_non_null(at);
	at[strlen("\"version\": ")] = '2';
	assert_int_equal(program_store(f->db, changed, strlen(changed), "staff", &err), 0);

	assert_int_equal(program_get(f->db, "demo", 0, &p, &err), 1);
	assert_int_equal(p->version, 2);
	assert_string_equal(p->name, "新例项目");
	const struct program *again;
	assert_int_equal(program_get(f->db, "demo", 2, &again, &err), 1);
	assert_ptr_equal(p, again);
	assert_int_equal(program_get(f->db, "demo", 1, &p, &err), 1);
	assert_int_equal(p->version, 1);
	assert_string_equal(p->name, "示例项目");
	assert_int_equal(program_get(f->db, "demo", 3, &p, &err), 0);
	assert_int_equal(program_get(f->db, "other", 0, &p, &err), 0);
	assert_int_equal(program_get(f->db, "Bad Code", 0, &p, &err), 0);

	/* A broken text is not stored. */
	assert_int_equal(program_store(f->db, "{", 1, "admin", &err), -1);
	assert_non_null(strstr(err.msg, "定义有错误"));

	size_t clen;
	char *cataract = slurp("programs/cataract.json", &clen);
	assert_int_equal(program_store(f->db, cataract, clen, "admin", &err), 0);
	struct buf b = BUF_INIT(4096);
	assert_int_equal(program_list(f->db, names, &b, &err), 0);
	assert_string_equal(buf_cstr(&b), "cataract|贫困白内障复明工程|1\ndemo|新例项目|2\n");
	buf_release(&b);
	free(cataract);
	free(changed);
	free(text);
}

struct reader_run {
	const char *path;
	const struct program *seen;
	int failures;
};

static void *reader(void *arg)
{
	struct reader_run *r = arg;
	struct db *db;
	struct error err = ERROR_INIT;
	if (db_open(&db, r->path, DB_READER, &err) < 0) {
		r->failures++;
		return NULL;
	}
	for (int i = 0; i < 200; i++) {
		const struct program *p;
		if (program_get(db, "cataract", i % 2, &p, &err) != 1 || (r->seen && p != r->seen))
			r->failures++;
		r->seen = p;
	}
	db_close(db);
	return NULL;
}

/* Worker threads reading at once all get the one cached definition. */
static void test_get_threads(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	size_t len;
	char *text = slurp("programs/cataract.json", &len);
	assert_int_equal(program_store(f->db, text, len, "admin", &err), 0);
	free(text);
	pthread_t threads[4];
	struct reader_run runs[4] = { { 0 } };
	for (int i = 0; i < 4; i++) {
		runs[i].path = f->path;
		assert_int_equal(pthread_create(&threads[i], NULL, reader, &runs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(runs[i].failures, 0);
		assert_ptr_equal(runs[i].seen, runs[0].seen);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assistance_loads),
		cmocka_unit_test(test_notice_options),
		cmocka_unit_test(test_small_parses),
		cmocka_unit_test(test_cataract_loads),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_every_mistake),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test_setup_teardown(test_store_get_list, setup, t_teardown),
		cmocka_unit_test_setup_teardown(test_get_threads, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
