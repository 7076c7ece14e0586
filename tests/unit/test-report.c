/*
 * Unit tests for domain/report: writing figures (percent, dates of the
 * year, Chinese numerals); who reads which report; the report of a small
 * county's year built with the repository's template (the cataract project
 * with its funnel, dates, target and success rate, a milestone, a manual
 * target of another work line, a target split to townships), each figure
 * with the records it counts; a township's report against its share; a
 * year without data; the lists behind the figures (by hukou, beyond the
 * target in the order of the stage's dates, within scope and township).
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
#include "domain/case.h"
#include "domain/milestone.h"
#include "domain/person.h"
#include "domain/program.h"
#include "domain/report.h"
#include "domain/target.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TOWN1 "341699001000"
#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define TOWN2 "341699002000"
#define VILLAGE3 "341699002001"

static struct user county, town1, leader, village1, hospital;
static struct report_template *tpl;

static int64_t save_person(struct db *db, const char *name, const char *first17, const char *village, int hukou)
{
	struct person p = t_person(name, first17, village);
	p.hukou = hukou;
	p.status = PERSON_ACTIVE;
	struct error err = ERROR_INIT;
	if (person_insert(db, &p, &err) != 0)
		fail_msg("person_insert: %s", err.msg);
	return p.id;
}

static const struct program *cataract(struct db *db)
{
	const struct program *p;
	struct error err = ERROR_INIT;
	if (program_get(db, "cataract", 0, &p, &err) != 1)
		fail_msg("program_get: %s", err.msg);
	return p;
}

static int64_t enrol(struct db *db, int64_t person)
{
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id;
	if (case_enrol(db, cataract(db), 2024, person, "register", "2024-03-01", NULL, 0, "", &county, &s, &id, &pr,
	               &err) != 0)
		fail_msg("case_enrol: %s %s", err.msg, pr.message);
	return id;
}

static void step(struct db *db, int64_t id, const char *transition, const char *date, ...)
{
	struct case_value values[CASE_VALUES_MAX];
	size_t n = 0;
	va_list ap;
	va_start(ap, date);
	for (const char *field; (field = va_arg(ap, const char *)) && n < CASE_VALUES_MAX;)
		values[n++] = (struct case_value){field, va_arg(ap, const char *)};
	va_end(ap);
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transition(db, id, transition, date, values, n, "", &county, &s, &pr, &err) != 0)
		fail_msg("%s: %s %s %s", transition, err.msg, pr.message, pr.n ? pr.items[0].reason : "");
}

/* Registered to operated on day (transported on the 13th or 14th of April). */
static void operate(struct db *db, int64_t id, const char *batch_date, const char *day)
{
	step(db, id, "prescreen_pass", "2024-04-08", NULL);
	step(db, id, "transport", "", "batch_date", batch_date, "batch", "第1批", NULL);
	step(db, id, "reexam_pass", "2024-04-14", NULL);
	step(db, id, "operate", "", "surgery_date", day, "hospital_name", "县人民医院", "surgeon", "省眼科专家",
	     "visiting_expert", "是", "eye", "右眼", "technique", "超声乳化+人工晶体植入", "va_preop", "0.05", NULL);
}

static int64_t save_target(struct db *db, const char *line, const char *name, const char *unit, long long value,
                           const char *source)
{
	struct target t;
	memset(&t, 0, sizeof t);
	t.year = 2024;
	snprintf(t.line, sizeof t.line, "%s", line);
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.unit, sizeof t.unit, "%s", unit);
	t.value = value;
	snprintf(t.start, sizeof t.start, "2024-01-01");
	snprintf(t.deadline, sizeof t.deadline, "2024-12-31");
	snprintf(t.source, sizeof t.source, "%s", source);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (target_save(db, &t, &county, &pr, &err) != 0)
		fail_msg("target_save: %s %s %s", err.msg, pr.message, pr.n ? pr.items[0].reason : "");
	return t.id;
}

static int64_t case_ids[4];

static int setup(void **state)
{
	t_setup(state, "test-report", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_program_store_file(f->db, "programs/cataract.json");
	county = t_user(ROLE_COUNTY_STAFF, "", "county");
	town1 = t_user(ROLE_TOWNSHIP, TOWN1, "town1");
	leader = t_user(ROLE_LEADER, "", "leader");
	village1 = t_user(ROLE_VILLAGE, VILLAGE1, "village1");
	hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	struct date today = {2024, 12, 31};
	date_set_today(&today);

	/*
	 * 青禾镇: an urban and a rural patient operated on 15 April; 望川镇: an urban one operated on the
	 * 16th, the fourth registered only. Six months on, two of the three have good sight at 90 days.
	 */
	int64_t p1 = save_person(f->db, "王秀英", "34169919500101002", VILLAGE1, 1);
	int64_t p2 = save_person(f->db, "李国华", "34169919480202001", VILLAGE2, 2);
	int64_t p3 = save_person(f->db, "张桂兰", "34169919520303002", VILLAGE3, 1);
	int64_t p4 = save_person(f->db, "周明", "34169919600505001", VILLAGE3, 2);
	int64_t ids[] = {enrol(f->db, p1), enrol(f->db, p2), enrol(f->db, p3), enrol(f->db, p4)};
	memcpy(case_ids, ids, sizeof ids);
	operate(f->db, ids[0], "2024-04-13", "2024-04-15");
	operate(f->db, ids[1], "2024-04-14", "2024-04-15");
	operate(f->db, ids[2], "2024-04-14", "2024-04-16");
	for (int i = 0; i < 3; i++) {
		step(f->db, ids[i], "discharge", "", "discharge_date", "2024-04-18", NULL);
		step(f->db, ids[i], "followup_90", "", "followup_date", "2024-07-20", "va_followup",
		     i < 2 ? "0.6" : "0.05", NULL);
	}
	/* The project's target (2 operations), a manual target of rehabilitation split to the townships. */
	save_target(f->db, "cataract", "白内障复明手术", "例", 2, "program:cataract:operated");
	int64_t rehab = save_target(f->db, "rehab", "残疾儿童康复救助", "人", 10, TARGET_MANUAL);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct target_part parts[] = {{TOWN1, 4}, {TOWN2, 6}};
	struct target t;
	assert_int_equal(target_get(f->db, rehab, &t, &err), 1);
	snprintf(t.split, sizeof t.split, "township");
	if (target_save(f->db, &t, &county, &pr, &err) != 0 ||
	    target_set_parts(f->db, rehab, parts, 2, &county, &pr, &err) != 0)
		fail_msg("parts: %s %s", err.msg, pr.message);
	assert_int_equal(target_add_entry(f->db, rehab, TOWN1, "2024-06-01", 5, "康复中心名单", &county, &pr, &err), 0);
	int64_t mid;
	assert_int_equal(
	    milestone_add(f->db, "2024", "cataract", "2024/2/10", "召开全县民生工程启动会", &county, &mid, &pr, &err),
	    0);

	size_t len;
	FILE *in = fopen("reports/annual.zh.txt", "rb");
	assert_non_null(in);
	static char text[REPORT_TEMPLATE_MAX];
	len = fread(text, 1, sizeof text, in);
	fclose(in);
	struct buf problems = BUF_INIT(1 << 16);
	if (report_template_parse(text, len, &tpl, &problems) != 0)
		fail_msg("template: %s", buf_cstr(&problems));
	buf_release(&problems);
	return 0;
}

static int teardown(void **state)
{
	report_template_free(tpl);
	date_set_today(NULL);
	return t_teardown(state);
}

static void test_writing_figures(void **state)
{
	(void)state;
	char out[64];
	static const struct {
		long long permille;
		const char *text;
	} pct[] = {{1000, "100%"}, {857, "85.7%"}, {5, "0.5%"}, {0, "0%"}, {1005, "100.5%"}, {25000, "2500%"}};
	for (size_t i = 0; i < N_ELEMS(pct); i++) {
		report_percent(pct[i].permille, out, sizeof out);
		assert_string_equal(out, pct[i].text);
	}
	static const struct {
		const char *iso, *text;
	} dates[] = {{"2024-04-13", "4月13日"},
	             {"2024-12-01", "12月1日"},
	             {"2023-12-05", "2023年12月5日"},
	             {"", ""},
	             {"soon", "soon"}};
	for (size_t i = 0; i < N_ELEMS(dates); i++) {
		report_date(dates[i].iso, 2024, out, sizeof out);
		assert_string_equal(out, dates[i].text);
	}
	static const struct {
		int n;
		const char *text;
	} nums[] = {{1, "一"},      {9, "九"},      {10, "十"},   {11, "十一"}, {20, "二十"},
	            {23, "二十三"}, {99, "九十九"}, {100, "100"}, {0, "0"}};
	for (size_t i = 0; i < N_ELEMS(nums); i++) {
		report_number(nums[i].n, out, sizeof out);
		assert_string_equal(out, nums[i].text);
	}
}

static void test_readers(void **state)
{
	(void)state;
	struct report_options o;
	struct date today = {2024, 12, 31};
	assert_int_equal(report_options_of(&county, 2024, today, &o), 1);
	assert_string_equal(o.scope.lo, "000000000000");
	assert_int_equal(report_options_of(&leader, 2024, today, &o), 1);
	assert_int_equal(report_options_of(&town1, 2024, today, &o), 2);
	assert_string_equal(o.township, TOWN1);
	assert_int_equal(o.year, 2024);
	assert_int_equal(report_options_of(&village1, 2024, today, &o), 0);
	assert_int_equal(report_options_of(&hospital, 2024, today, &o), 0);
	struct user bound = t_user(ROLE_COUNTY_STAFF, TOWN2, "bound");
	assert_int_equal(report_options_of(&bound, 2024, today, &o), 2);
	assert_string_equal(o.township, TOWN2);
	struct user loose = t_user(ROLE_TOWNSHIP, "", "loose");
	assert_int_equal(report_options_of(&loose, 2024, today, &o), 0);
}

/* The report of u's scope for year, as text (static), and the document in *d when d is given. */
static const char *build(struct db *db, const struct user *u, int year, struct report_doc *d)
{
	static struct buf text = BUF_INIT(1 << 20);
	struct report_options o;
	assert_true(report_options_of(u, year, date_today(), &o) > 0);
	struct report_doc mine = {0};
	struct report_doc *doc = d ? d : &mine;
	struct error err = ERROR_INIT;
	if (report_build(db, tpl, &o, doc, &err) != 0)
		fail_msg("report_build: %s", err.msg);
	buf_reset(&text);
	assert_int_equal(report_doc_text(doc, &text), 0);
	report_doc_release(&mine);
	return buf_cstr(&text);
}

static void expect(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("“%s” not in:\n%s", needle, text);
}

/* The first figure span whose text is text in a block containing needle. */
static const struct report_span *figure(const struct report_doc *d, const char *needle, const char *text)
{
	struct buf b = BUF_INIT(1 << 16);
	for (size_t i = 0; i < d->n; i++) {
		buf_reset(&b);
		assert_int_equal(report_block_text(&d->blocks[i], &b), 0);
		if (!strstr(buf_cstr(&b), needle))
			continue;
		for (size_t k = 0; k < d->blocks[i].nspans; k++)
			if (d->blocks[i].spans[k].figure && strcmp(d->blocks[i].spans[k].text, text) == 0) {
				buf_release(&b);
				return &d->blocks[i].spans[k];
			}
	}
	buf_release(&b);
	fail_msg("no figure %s near %s", text, needle);
	return NULL;
}

static void test_county_report(void **state)
{
	struct t_fixture *f = *state;
	struct report_doc d = {0};
	const char *text = build(f->db, &leader, 2024, &d);
	expect(text, "示范县残联2024年民生工程及目标管理汇报材料\n");
	expect(text, "（一）、贫困白内障复明工程\n");
	expect(text, "县免费为贫困白内障患者做复明手术3例，");
	expect(text, "2月10日，召开全县民生工程启动会。");
	expect(text, "摸底登记白内障患者4人");
	expect(text, "到4月8日共选出3名合格对象");
	expect(text, "从4月13日开始，2个乡镇陆续将3名复查对象输送到县医院，进行了为期2天的复查，共确定了3名手术对象。");
	expect(text, "手术从4月15日开始，历时2天，3名贫困白内障患者得到有效救治。");
	expect(text, "超额完成了2例的任务。");
	expect(text, "手术成功率达66.6%。");
	/* Part 二: the board's statuses; the rehabilitation line with its target. */
	expect(text, "全年共有目标2项，已完成1项（其中超额完成1项）。");
	expect(text, "（一）康复\n");
	expect(text, "残疾儿童康复救助：目标10人，完成5人（50%），滞后。");
	/* The figures link to their records. */
	const struct report_span *s = figure(&d, "复明手术", "3");
	assert_int_equal(s->link.kind, REPORT_LINK_CASES);
	assert_string_equal(s->link.program, "cataract");
	assert_string_equal(s->link.stage, "operated");
	assert_false(s->link.over);
	s = figure(&d, "摸底登记", "4");
	assert_string_equal(s->link.stage, "registered");
	s = figure(&d, "残疾儿童康复救助", "10");
	assert_int_equal(s->link.kind, REPORT_LINK_TARGET);
	s = figure(&d, "全年共有目标", "2");
	assert_int_equal(s->link.kind, REPORT_LINK_TARGETS);
	/* The success rate is a rate, without a list: figures of dates are not linked either. */
	assert_int_equal(figure(&d, "成功率", "66.6%")->link.kind, REPORT_LINK_NONE);
	assert_int_equal(figure(&d, "手术从", "4月15日")->link.kind, REPORT_LINK_NONE);
	report_doc_release(&d);
}

static void test_township_and_empty_year(void **state)
{
	struct t_fixture *f = *state;
	const char *text = build(f->db, &town1, 2024, NULL);
	expect(text, "示范县青禾镇残联2024年民生工程及目标管理汇报材料");
	expect(text, "县免费为贫困白内障患者做复明手术2例，");
	expect(text, "到4月8日共选出2名合格对象");
	/* The project's target is the county's: the township has no share. */
	expect(text, "（无数据：目标未分解到本乡镇）");
	/* The rehabilitation target is split: the township's share and what it did. */
	expect(text, "残疾儿童康复救助：目标4人，完成5人，超额完成1人。");
	expect(text, "全年共有目标1项，已完成1项（其中超额完成1项）。");

	/* A year without any record: the project says so once, the targets' part has nothing to tell. */
	text = build(f->db, &county, 2023, NULL);
	expect(text, "（一）、贫困白内障复明工程\n（无数据：未录入2023年度的案例）\n");
	assert_null(strstr(text, "复明手术"));
	assert_null(strstr(text, "（一）康复"));
}

struct names {
	char list[512];
};

static int collect(void *ctx, const struct case_row *r, struct error *err)
{
	(void)err;
	struct names *n = ctx;
	size_t at = strlen(n->list);
	snprintf(n->list + at, sizeof n->list - at, "%s%s", at ? "," : "", r->c.person_name);
	return 0;
}

static int list(struct db *db, const struct user *u, const char *stage, const char *township, int hukou, bool over,
                struct names *out, long *total)
{
	struct report_case_query q = {
	    .p = cataract(db), .year = 2024, .hukou = hukou, .over = over, .page = 1, .per_page = 20};
	case_scope_of(u, &q.scope);
	snprintf(q.stage, sizeof q.stage, "%s", stage);
	snprintf(q.township, sizeof q.township, "%s", township);
	memset(out, 0, sizeof *out);
	struct error err = ERROR_INIT;
	int rc = report_cases(db, &q, collect, out, total, &err);
	if (rc < 0)
		fail_msg("report_cases: %s", err.msg);
	return rc;
}

static void test_lists_behind_figures(void **state)
{
	struct t_fixture *f = *state;
	struct names n;
	long total;
	assert_int_equal(list(f->db, &county, "operated", "", 0, false, &n, &total), 0);
	assert_int_equal(total, 3);
	assert_string_equal(n.list, "王秀英,李国华,张桂兰");
	assert_int_equal(list(f->db, &county, "operated", "", 1, false, &n, &total), 0);
	assert_string_equal(n.list, "王秀英,张桂兰");
	assert_int_equal(list(f->db, &county, "registered", "", 2, false, &n, &total), 0);
	assert_string_equal(n.list, "李国华,周明");
	assert_int_equal(list(f->db, &county, "operated", TOWN2, 0, false, &n, &total), 0);
	assert_string_equal(n.list, "张桂兰");
	/* A township user sees its own only, whatever township is asked for. */
	assert_int_equal(list(f->db, &town1, "operated", TOWN2, 0, false, &n, &total), 0);
	assert_int_equal(total, 0);

	/* Over the county's target of 2, in the order of the surgery dates: the one operated on the 16th. */
	assert_int_equal(list(f->db, &county, "operated", "", 0, true, &n, &total), 0);
	assert_int_equal(total, 1);
	assert_string_equal(n.list, "张桂兰");
	assert_int_equal(list(f->db, &county, "operated", TOWN1, 0, true, &n, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(list(f->db, &county, "operated", "", 2, true, &n, &total), 0);
	assert_int_equal(total, 0);
	/* No meaning: another stage than the target's, or a township without a share of the target. */
	assert_int_equal(list(f->db, &county, "registered", "", 0, true, &n, &total), 1);
	assert_int_equal(total, 0);
	assert_int_equal(list(f->db, &town1, "operated", "", 0, true, &n, &total), 1);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_writing_figures),      cmocka_unit_test(test_readers),
	    cmocka_unit_test(test_county_report),        cmocka_unit_test(test_township_and_empty_year),
	    cmocka_unit_test(test_lists_behind_figures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
