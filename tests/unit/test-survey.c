/*
 * Unit tests for domain/survey (残疾人基本情况调查) and the form parser of
 * domain/program it uses: opening a survey with programs/survey-form.json,
 * drawing village rosters as snapshots (a later change of the registry
 * does not change them, drawing again adds and never loses), investigators,
 * records with the form's items checked and corrections kept as versions,
 * progress per village and township, complete villages, and
 * survey_progress for targets. The tests run in order on one database.
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
#include "base/xalloc.h"
#include "domain/account.h"
#include "domain/survey.h"
#include "support.h"

#define TOWN1 "341699001000"
#define TOWN2 "341699002000"
#define VILLAGE1 "341699001001" /* 青禾镇 王庄村 */
#define VILLAGE2 "341699001002" /* 青禾镇 李集村 */
#define VILLAGE3 "341699002001" /* 望川镇 王庄村 */
#define YEAR 2024

static struct user admin, county, town1, town2, village1, village2, leader, hospital;
static int64_t ann, ben, cal, dan, eve, fay, gus;
static char *form_text;
static size_t form_len;

static int64_t save(struct db *db, const char *name, const char *first17, const char *village, int status)
{
	struct person p = t_person(name, first17, village);
	p.category = 4;
	p.grade = 2;
	p.status = (enum person_status)status;
	return t_person_insert(db, &p);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *text = xmalloc(SURVEY_FORM_MAX + 1);
	*len = fread(text, 1, SURVEY_FORM_MAX, f);
	fclose(f);
	text[*len] = '\0';
	return text;
}

static int setup(void **state)
{
	t_setup(state, "test-survey", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	ann = save(f->db, "王秀英", "34169919500101002", VILLAGE1, 1);
	ben = save(f->db, "李国华", "34169919600202001", VILLAGE1, 1);
	cal = save(f->db, "张桂兰", "34169919800303002", VILLAGE1, 1);
	dan = save(f->db, "赵大", "34169919700404001", VILLAGE1, 2); /* 死亡: not on a roster */
	eve = save(f->db, "钱二", "34169919750505002", VILLAGE2, 1);
	fay = save(f->db, "孙三", "34169919850606002", VILLAGE3, 1);
	t_users((struct t_users){.county = &county, .admin = &admin, .town1 = &town1, .town2 = &town2,
	                         .village1 = &village1, .village2 = &village2, .leader = &leader, .hospital = &hospital});
	date_set_today(&(struct date){YEAR, 9, 20});
	form_text = read_all("programs/survey-form.json", &form_len);
	return 0;
}

static int teardown(void **state)
{
	free(form_text);
	return t_teardown(state);
}

static struct db *db_of(void **state)
{
	return ((struct t_fixture *)*state)->db;
}

/* The form */

/* Fails unless text is refused with a problem line containing want. */
static void form_refused(const char *text, const char *want)
{
	struct buf problems = BUF_INIT(1 << 16);
	struct program_form *f;
	assert_int_equal(program_form_parse(text, strlen(text), &f, &problems), -1);
	assert_null(f);
	if (!strstr(buf_cstr(&problems), want))
		fail_msg("problems \"%s\" do not say \"%s\"", buf_cstr(&problems), want);
	buf_release(&problems);
}

static void test_form(void **state)
{
	(void)state;
	struct buf problems = BUF_INIT(1 << 16);
	struct program_form *f;
	if (program_form_parse(form_text, form_len, &f, &problems) != 0)
		fail_msg("%s", buf_cstr(&problems));
	assert_string_equal(f->code, "basic_survey");
	assert_true(f->nfields >= 8);
	int k = program_form_field_index(f, "employment");
	assert_true(k >= 0);
	assert_int_equal(f->fields[k].type, PROGRAM_CHOICE);
	assert_true(f->required[k]);
	int needs = program_form_field_index(f, "needs");
	assert_false(f->required[needs]);
	assert_int_equal(program_form_field_index(f, "nosuch"), -1);
	program_form_free(f);
	buf_release(&problems);

	form_refused("{\"code\":\"x\",\"name\":\"表\",\"version\":1,\"fields\":[]}", "fields：至少要有1项");
	form_refused("{\"code\":\"x\",\"name\":\"表\",\"version\":1,\"fields\":[{\"key\":\"a\",\"label\":\"甲\","
	             "\"type\":\"bool\"}],"
	             "\"required\":[\"b\"]}",
	             "required[0]：没有名为 b 的字段");
	form_refused("{\"code\":\"x\",\"name\":\"表\",\"version\":1,\"fields\":[{\"key\":\"a\",\"label\":\"甲\","
	             "\"type\":\"colour\"}]}",
	             "fields[0].type：不认识的字段类型“colour”");
	form_refused("{\"code\":\"x\",\"name\":\"表\",\"version\":1,\"stages\":[],\"fields\":[{\"key\":\"a\",\"label\":"
	             "\"甲\",\"type\":\"bool\"}]}",
	             "不认识的键“stages”");
	form_refused("{\"code\":\"x\",", "第1行");
}

/* Opening */

static void test_open(void **state)
{
	struct db *db = db_of(state);
	struct buf problems = BUF_INIT(1 << 16);
	struct error err = ERROR_INIT;
	enum survey_open_result what;
	assert_int_equal(survey_open(db, YEAR, form_text, form_len, NULL, NULL, "admin", &what, &problems, &err), 0);
	assert_int_equal(what, SURVEY_OPENED);
	assert_int_equal(survey_open(db, YEAR, form_text, form_len, "", "", "admin", &what, &problems, &err), 0);
	assert_int_equal(what, SURVEY_UNCHANGED);
	struct survey s;
	assert_int_equal(survey_get(db, YEAR, &s, &err), 1);
	assert_string_equal(s.start_date, "2024-09-01");
	assert_string_equal(s.end_date, "2024-09-30");
	assert_int_equal(s.target_permille, 950);
	assert_string_equal(s.form->code, "basic_survey");
	survey_release(&s);
	assert_int_equal(survey_get(db, YEAR + 1, &s, &err), 0);

	/* Dates outside the year or in the wrong order are refused, nothing changes. */
	assert_int_equal(
	    survey_open(db, YEAR, form_text, form_len, "2023-09-01", NULL, "admin", &what, &problems, &err), 1);
	assert_non_null(strstr(buf_cstr(&problems), "开始日期应为该年度内的日期"));
	buf_reset(&problems);
	assert_int_equal(
	    survey_open(db, YEAR, form_text, form_len, "2024-09-10", "2024-09-05", "admin", &what, &problems, &err), 1);
	assert_non_null(strstr(buf_cstr(&problems), "调查结束日期不能早于开始日期"));
	buf_reset(&problems);
	assert_int_equal(survey_open(db, 1999, form_text, form_len, NULL, NULL, "admin", &what, &problems, &err), 1);
	buf_reset(&problems);
	/* Other dates: updated; a bad form: refused with its mistakes. */
	assert_int_equal(
	    survey_open(db, YEAR, form_text, form_len, "2024-09-01", "2024-10-15", "admin", &what, &problems, &err), 0);
	assert_int_equal(what, SURVEY_UPDATED);
	assert_int_equal(survey_open(db, YEAR, "{}", 2, NULL, NULL, "admin", &what, &problems, &err), 1);
	assert_non_null(strstr(buf_cstr(&problems), "缺少“code”"));
	buf_release(&problems);
	assert_int_equal(survey_get(db, YEAR, &s, &err), 1);
	assert_string_equal(s.end_date, "2024-10-15");
	survey_release(&s);
}

/* Rosters */

static long draw(struct db *db, const char *division, const struct user *u, int want)
{
	struct registry_scope s = t_scope(u);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	long added = -1;
	int rc = survey_draw(db, YEAR, division, u, &s, &added, &pr, &err);
	if (rc < 0)
		fail_msg("survey_draw: %s", err.msg);
	if (rc != want)
		fail_msg("survey_draw %s by %s: %d (%s), expected %d", division, u->name, rc, pr.message, want);
	return added;
}

struct names {
	char text[512];
	long n;
};

static int name_row(void *ctx, const struct survey_row *r, struct error *err)
{
	(void)err;
	struct names *n = ctx;
	size_t len = strlen(n->text);
	snprintf(n->text + len, sizeof n->text - len, "%s%s", len ? "," : "", r->name);
	n->n++;
	return 0;
}

static struct names roster_of(struct db *db, const char *village, const struct user *u)
{
	struct names n = {"", 0};
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	if (survey_roster(db, YEAR, village, &s, name_row, &n, &err) < 0)
		fail_msg("survey_roster: %s", err.msg);
	return n;
}

static void test_roster(void **state)
{
	struct db *db = db_of(state);
	/* Who may draw, and where. */
	draw(db, TOWN1, &village1, 1);
	draw(db, TOWN1, &leader, 1);
	assert_int_equal(draw(db, TOWN2, &town1, 2), 0);
	assert_int_equal(draw(db, "341699009000", &county, 2), 0); /* no such township */
	/* The township's villages: the persons 在册 (not 赵大, deceased). */
	assert_int_equal(draw(db, TOWN1, &town1, 0), 4);
	struct names n = roster_of(db, VILLAGE1, &town1);
	assert_string_equal(n.text, "王秀英,李国华,张桂兰");
	assert_int_equal(roster_of(db, VILLAGE2, &town1).n, 1);
	assert_int_equal(roster_of(db, VILLAGE3, &county).n, 0); /* 望川镇 not drawn yet */

	/* The registry changes: a name, a move to 李集村, a new person. The roster keeps what it drew. */
	t_exec(db, "UPDATE person SET name = '王秀珍' WHERE name = '王秀英'");
	t_exec(db, "UPDATE person SET village_code = '341699001002' WHERE name = '李国华'");
	gus = save(db, "周四", "34169919900707001", VILLAGE1, 1);
	n = roster_of(db, VILLAGE1, &town1);
	assert_string_equal(n.text, "王秀英,李国华,张桂兰");
	assert_int_equal(roster_of(db, VILLAGE2, &town1).n, 1);
	/* Drawing again adds the new person only: 李国华 stays on 王庄村's roster, once. */
	assert_int_equal(draw(db, VILLAGE1, &county, 0), 1);
	assert_int_equal(draw(db, VILLAGE2, &town1, 0), 0);
	n = roster_of(db, VILLAGE1, &town1);
	assert_string_equal(n.text, "王秀英,李国华,张桂兰,周四");
	assert_int_equal(t_query_int(db, "SELECT count(*) FROM survey_roster WHERE year = 2024"), 5);
	/* Scope: a village user sees their village only; another village's roster is empty to them. */
	assert_int_equal(roster_of(db, VILLAGE1, &village1).n, 4);
	assert_int_equal(roster_of(db, VILLAGE2, &village1).n, 0);
	assert_int_equal(roster_of(db, VILLAGE1, &town2).n, 0);
	/* The other township. */
	assert_int_equal(draw(db, TOWN2, &town2, 0), 1);

	/* A roster row read alone, in scope only. */
	struct survey_row r;
	struct registry_scope s = t_scope(&village1);
	struct error err = ERROR_INIT;
	assert_int_equal(survey_roster_get(db, YEAR, ben, &s, &r, &err), 1);
	assert_string_equal(r.village, VILLAGE1);
	assert_string_equal(r.township, TOWN1);
	assert_int_equal(r.version, 0);
	assert_int_equal(r.outcome, SURVEY_NONE);
	assert_int_equal(survey_roster_get(db, YEAR, eve, &s, &r, &err), 0);
	assert_int_equal(survey_roster_get(db, YEAR, dan, &s, &r, &err), 0);
}

static int assign(struct db *db, const char *village, const char *account, const char *name, const struct user *u,
                  struct case_problems *pr)
{
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	int rc = survey_assign(db, YEAR, village, account, name, u, &s, pr, &err);
	if (rc < 0)
		fail_msg("survey_assign: %s", err.msg);
	return rc;
}

static void test_investigators(void **state)
{
	struct db *db = db_of(state);
	struct account_policy policy;
	struct error err = ERROR_INIT;
	account_policy_defaults(&policy);
	struct user made;
	assert_int_equal(
	    account_create(db, &policy, "wz01", ROLE_VILLAGE, VILLAGE1, "Start#2024x", 1700000000, &made, &err), 0);
	assert_int_equal(
	    account_create(db, &policy, "lj01", ROLE_VILLAGE, VILLAGE2, "Start#2024x", 1700000000, &made, &err), 0);
	struct case_problems pr;
	/* An account of another village is refused; nothing at all is refused. */
	assert_int_equal(assign(db, VILLAGE1, "lj01", "", &town1, &pr), 1);
	assert_string_equal(pr.items[0].field, "account");
	assert_int_equal(assign(db, VILLAGE1, "", "", &town1, &pr), 1);
	assert_int_equal(assign(db, VILLAGE1, "wz01", "", &village1, &pr), 1); /* a village user may not */
	assert_int_equal(assign(db, VILLAGE3, "", "刘五", &town1, &pr), 2);    /* not town1's */
	assert_int_equal(assign(db, VILLAGE1, "wz01", "王小明", &town1, &pr), 0);
	assert_int_equal(assign(db, VILLAGE2, "", "李调查", &town1, &pr), 0);
	struct survey_village v;
	struct registry_scope s = t_scope(&town1);
	assert_int_equal(survey_village_get(db, YEAR, VILLAGE1, &s, &v, &err), 1);
	assert_string_equal(v.investigator, "王小明");
	assert_string_equal(v.investigator_account, "wz01");
	assert_true(v.drawn_at[0] != '\0');
	assert_int_equal(survey_village_get(db, YEAR, VILLAGE2, &s, &v, &err), 1);
	assert_string_equal(v.investigator, "李调查");
	assert_string_equal(v.investigator_account, "");
	assert_int_equal(survey_village_get(db, YEAR, VILLAGE3, &s, &v, &err), 0);
}

/* Records */

static const struct case_value visit[] = {
    {"respondent", "本人"}, {"living", "与家人同住"}, {"employment", "务农"}, {"pension", "是"},
    {"medical", "是"},      {"housing", "safe"},      {"income", "5200"},     {"needs", "需要轮椅"},
};

static int record(struct db *db, int64_t person, const char *outcome, const char *date, const struct case_value *v,
                  size_t n, const char *remark, int based_on, const struct user *u, struct case_problems *pr,
                  int *version)
{
	struct registry_scope s = t_scope(u);
	struct survey_entry e = {outcome, date, "", v, n, remark, based_on};
	struct error err = ERROR_INIT;
	int64_t id;
	int ver;
	int rc = survey_record(db, YEAR, person, &e, u, &s, &id, version ? version : &ver, pr, &err);
	if (rc < 0)
		fail_msg("survey_record: %s", err.msg);
	return rc;
}

static const char *reason(const struct case_problems *pr, const char *field)
{
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->items[i].field, field) == 0)
			return pr->items[i].reason;
	return NULL;
}

struct versions {
	char text[512];
};

static int version_row(void *ctx, const struct survey_record *r, struct error *err)
{
	(void)err;
	struct versions *v = ctx;
	size_t len = strlen(v->text);
	snprintf(v->text + len, sizeof v->text - len, "%s%d:%s:%s:%s", len ? "|" : "", r->version,
	         survey_outcome_code(r->outcome), r->investigator, r->answers);
	return 0;
}

static void test_records(void **state)
{
	struct db *db = db_of(state);
	struct case_problems pr;
	int version = 0;
	size_t nv = sizeof visit / sizeof visit[0];
	/* Every mistake at once, by field. */
	static const struct case_value bad[] = {
	    {"respondent", "邻居"},
	    {"income", "-5"},
	    {"colour", "红"},
	    {"pension", "也许"},
	};
	assert_int_equal(record(db, ann, "visited", "2024-09-21", bad, 4, "", 0, &village1, &pr, NULL), 1);
	assert_non_null(strstr(reason(&pr, "date"), "不能晚于今天"));
	assert_non_null(strstr(reason(&pr, "respondent"), "应为以下之一：本人、家属、监护人、其他知情人"));
	assert_string_equal(reason(&pr, "income"), "应在0至10000000之间");
	assert_string_equal(reason(&pr, "colour"), "调查表中没有这一项");
	assert_string_equal(reason(&pr, "pension"), "应为“是”或“否”");
	assert_string_equal(reason(&pr, "living"), "入户调查时必须填写");
	assert_null(reason(&pr, "needs")); /* optional */
	assert_int_equal(record(db, ann, "", "2024-08-31", visit, nv, "", 0, &village1, &pr, NULL), 1);
	assert_non_null(reason(&pr, "outcome"));
	assert_string_equal(reason(&pr, "date"), "调查日期不能早于本次调查的开始日期2024-09-01");
	/* The role and the scope. */
	assert_int_equal(record(db, ann, "visited", "2024-09-05", visit, nv, "", 0, &leader, &pr, NULL), 1);
	assert_non_null(strstr(pr.message, "领导"));
	assert_int_equal(record(db, ann, "visited", "2024-09-05", visit, nv, "", 0, &village2, &pr, NULL), 2);
	assert_int_equal(record(db, dan, "deceased", "2024-09-05", NULL, 0, "", 0, &county, &pr, NULL), 2);
	assert_int_equal(t_query_int(db, "SELECT count(*) FROM survey_record"), 0);

	/* A visit, by the village's investigator by default. */
	assert_int_equal(record(db, ann, "visited", "2024-09-05", visit, nv, "", 0, &village1, &pr, &version), 0);
	assert_int_equal(version, 1);
	/* 未找到 needs a word on why; moved and deceased need none, and take no items. */
	assert_int_equal(record(db, cal, "not_found", "2024-09-06", NULL, 0, "", 0, &village1, &pr, NULL), 1);
	assert_string_equal(reason(&pr, "remark"), "未找到时请说明情况（怎样寻找、向谁了解）");
	assert_int_equal(record(db, cal, "未找到", "2024-09-06", NULL, 0, "邻居说外出务工", 0, &village1, &pr, NULL),
	                 0);
	assert_int_equal(record(db, ben, "moved", "2024-09-07", visit, nv, "", 0, &town1, &pr, NULL), 0);

	/* A correction needs its reason and the version it corrects. */
	assert_int_equal(record(db, ann, "deceased", "2024-09-08", NULL, 0, "", 1, &village1, &pr, NULL), 1);
	assert_string_equal(reason(&pr, "remark"), "更正已有的调查记录时请填写更正原因");
	assert_int_equal(record(db, ann, "deceased", "2024-09-08", NULL, 0, "录入时选错", 0, &village1, &pr, NULL), 3);
	assert_non_null(strstr(pr.message, "现为第1版"));
	assert_int_equal(record(db, ann, "deceased", "2024-09-08", NULL, 0, "录入时选错", 1, &village1, &pr, &version),
	                 0);
	assert_int_equal(version, 2);
	assert_int_equal(record(db, ann, "visited", "2024-09-09", visit, 6, "核实后改回", -1, &county, &pr, &version),
	                 0);
	assert_int_equal(version, 3);

	/* Every version is kept; the roster follows the newest. */
	struct versions v = {""};
	struct error err = ERROR_INIT;
	assert_int_equal(survey_history(db, YEAR, ann, version_row, &v, &err), 0);
	assert_string_equal(
	    v.text, "1:visited:王小明:{\"respondent\":\"self\",\"living\":\"family\",\"employment\":\"farming\","
	            "\"income\":\"5200\",\"pension\":\"true\",\"medical\":\"true\",\"housing\":\"safe\","
	            "\"needs\":\"需要轮椅\"}|2:deceased:王小明:{}|3:visited:王小明:{\"respondent\":\"self\","
	            "\"living\":\"family\",\"employment\":\"farming\",\"pension\":\"true\",\"medical\":\"true\","
	            "\"housing\":\"safe\"}");
	struct survey_row r;
	struct registry_scope s = t_scope(&county);
	assert_int_equal(survey_roster_get(db, YEAR, ann, &s, &r, &err), 1);
	assert_int_equal(r.version, 3);
	assert_int_equal(r.outcome, SURVEY_VISITED);
	assert_string_equal(r.visit_date, "2024-09-09");
	assert_int_equal(survey_roster_get(db, YEAR, ben, &s, &r, &err), 1);
	assert_int_equal(r.outcome, SURVEY_MOVED);
	v.text[0] = '\0';
	assert_int_equal(survey_history(db, YEAR, ben, version_row, &v, &err), 0);
	assert_string_equal(v.text, "1:moved:王小明:{}");
	/* Records are append-only. */
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, "UPDATE survey_record SET outcome = 1", &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
	/* Once a record exists the form cannot change. */
	struct buf problems = BUF_INIT(4096);
	enum survey_open_result what;
	static const char other[] = "{\"code\":\"x\",\"name\":\"表\",\"version\":2,\"fields\":[{\"key\":\"a\","
	                            "\"label\":\"甲\",\"type\":\"bool\"}]}";
	assert_int_equal(survey_open(db, YEAR, other, strlen(other), NULL, NULL, "admin", &what, &problems, &err), 1);
	assert_non_null(strstr(buf_cstr(&problems), "不能更换调查表"));
	buf_release(&problems);
}

/* Progress */

struct stats_list {
	char text[1024];
};

static int stats_row(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)err;
	struct stats_list *l = ctx;
	size_t len = strlen(l->text);
	char rate[16];
	survey_rate_text(s->visited, s->roster, rate);
	snprintf(l->text + len, sizeof l->text - len, "%s%s %s v%ld d%ld c%ld r%ld rec%ld vis%ld %s", len ? "|" : "",
	         s->code, s->name, s->villages, s->drawn, s->complete, s->roster, s->recorded, s->visited, rate);
	return 0;
}

static void progress_fn(void *ctx, const char *township, long long value)
{
	struct stats_list *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof l->text - len, "%s%s=%lld", len ? "," : "", township, value);
}

static void test_progress(void **state)
{
	struct db *db = db_of(state);
	struct error err = ERROR_INIT;
	struct case_problems pr;
	struct registry_scope s = t_scope(&county);
	struct stats_list l = {""};
	/* 王庄村: 4 on the roster, 3 recorded, 1 visited; 李集村: 1, none; 望川镇 王庄村: 1, none. */
	assert_int_equal(survey_villages(db, YEAR, &s, "", stats_row, &l, &err), 0);
	assert_string_equal(l.text, "341699001001 王庄村 v1 d1 c0 r4 rec3 vis1 25.0%|"
	                            "341699001002 李集村 v1 d1 c0 r1 rec0 vis0 0.0%|"
	                            "341699002001 王庄村 v1 d1 c0 r1 rec0 vis0 0.0%");
	/* 周四 and 钱二 recorded: both 青禾镇 villages complete. */
	assert_int_equal(record(db, gus, "visited", "2024-09-10", visit, 6, "", 0, &village1, &pr, NULL), 0);
	assert_int_equal(record(db, eve, "visited", "2024-09-10", visit, 6, "", 0, &town1, &pr, NULL), 0);
	l.text[0] = '\0';
	struct survey_stats total;
	assert_int_equal(survey_townships(db, YEAR, &s, stats_row, &l, &total, &err), 0);
	assert_string_equal(l.text, "341699001000 青禾镇 v2 d2 c2 r5 rec5 vis3 60.0%|"
	                            "341699002000 望川镇 v1 d1 c0 r1 rec0 vis0 0.0%");
	assert_int_equal(total.villages, 3);
	assert_int_equal(total.complete, 2);
	assert_int_equal(total.roster, 6);
	assert_int_equal(total.recorded, 5);
	assert_int_equal(total.visited, 3);
	/* A township user counts their township only; a village user their village. */
	l.text[0] = '\0';
	s = t_scope(&town2);
	assert_int_equal(survey_townships(db, YEAR, &s, stats_row, &l, NULL, &err), 0);
	assert_string_equal(l.text, "341699002000 望川镇 v1 d1 c0 r1 rec0 vis0 0.0%");
	l.text[0] = '\0';
	s = t_scope(&village2);
	assert_int_equal(survey_villages(db, YEAR, &s, "", stats_row, &l, &err), 0);
	assert_string_equal(l.text, "341699001002 李集村 v1 d1 c1 r1 rec1 vis1 100.0%");
	/* One village alone, whatever the scope. */
	struct survey_stats one;
	assert_int_equal(survey_village_stats(db, YEAR, VILLAGE1, &one, &err), 0);
	assert_string_equal(one.name, "王庄村");
	assert_string_equal(one.township_name, "青禾镇");
	assert_int_equal(one.roster, 4);
	assert_int_equal(one.recorded, 4);
	assert_int_equal(one.visited, 2);
	assert_true(one.complete);
	assert_string_equal(one.investigator, "王小明");
	assert_true(one.investigator_account);
	/* No survey that year: villages listed, nothing drawn. */
	l.text[0] = '\0';
	s = t_scope(&village2);
	assert_int_equal(survey_villages(db, YEAR + 1, &s, "", stats_row, &l, &err), 0);
	assert_string_equal(l.text, "341699001002 李集村 v1 d0 c0 r0 rec0 vis0 —");

	/* For targets: one call per township with a value, county-wide. */
	l.text[0] = '\0';
	assert_int_equal(survey_progress(db, YEAR, "villages", progress_fn, &l, &err), 0);
	assert_string_equal(l.text, "341699001000=2");
	l.text[0] = '\0';
	assert_int_equal(survey_progress(db, YEAR, "visited", progress_fn, &l, &err), 0);
	assert_string_equal(l.text, "341699001000=3");
	/* 孙三 of 望川镇 not found: recorded, not visited; the village has no investigator yet. */
	assert_int_equal(record(db, fay, "not_found", "2024-09-11", NULL, 0, "全家外出", 0, &town2, &pr, NULL), 1);
	assert_string_equal(reason(&pr, "investigator"), "请填写调查员姓名（该村还没有指定调查员）");
	assert_int_equal(assign(db, VILLAGE3, "", "刘五", &town2, &pr), 0);
	assert_int_equal(record(db, fay, "not_found", "2024-09-11", NULL, 0, "全家外出", 0, &town2, &pr, NULL), 0);
	l.text[0] = '\0';
	assert_int_equal(survey_progress(db, YEAR, "recorded", progress_fn, &l, &err), 0);
	assert_string_equal(l.text, "341699001000=5,341699002000=1");
	l.text[0] = '\0';
	assert_int_equal(survey_progress(db, YEAR, "villages", progress_fn, &l, &err), 0);
	assert_string_equal(l.text, "341699001000=2,341699002000=1");
	assert_int_equal(survey_progress(db, YEAR, "operations", progress_fn, &l, &err), -1);
	assert_non_null(strstr(err.msg, "operations"));
	l.text[0] = '\0';
	assert_int_equal(survey_progress(db, YEAR + 1, "recorded", progress_fn, &l, &err), 0);
	assert_string_equal(l.text, "");
}

static void test_rates(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(survey_permille(949, 1000), 949);
	assert_int_equal(survey_permille(18999, 20000), 949); /* 94.995%: rounded down, not to 95.0% */
	assert_int_equal(survey_permille(0, 0), -1);
	survey_rate_text(2, 3, out);
	assert_string_equal(out, "66.6%");
	survey_rate_text(1, 1, out);
	assert_string_equal(out, "100.0%");
	assert_int_equal(survey_outcome_parse("已死亡"), SURVEY_DECEASED);
	assert_int_equal(survey_outcome_parse("moved"), SURVEY_MOVED);
	assert_int_equal(survey_outcome_parse("gone"), -1);
	assert_string_equal(survey_outcome_label(SURVEY_NONE), "未登记");
	assert_false(survey_may_view(&hospital));
	assert_true(survey_may_view(&leader));
	assert_false(survey_may_record(&leader));
	assert_true(survey_may_record(&village1));
	assert_false(survey_may_manage(&village1));
	assert_true(survey_may_open(&admin));
	assert_false(survey_may_open(&county));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_form),          cmocka_unit_test(test_open),    cmocka_unit_test(test_roster),
	    cmocka_unit_test(test_investigators), cmocka_unit_test(test_records), cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_rates),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
