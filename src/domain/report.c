#include "domain/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/case-report.h"
#include "domain/division.h"
#include "domain/levy.h"
#include "domain/milestone.h"
#include "domain/payment.h"
#include "domain/rehab.h"
#include "domain/survey.h"
#include "domain/target.h"
#include "domain/training.h"

/* The work lines of 目标管理 told in part 二, in the report's order; any other line comes after them. */
static const char *const report_lines[] = {"survey", "employment", "levy", "rehab", "other"};

/* The first and last day each stage was reached, by the cases of a program-year within a scope. */
/*
 * The first and the last day a stage was reached by the cases of a
 * program-year within a scope: case_stage walked in date order by its index
 * on (stage, date) (migration 017; CROSS JOIN keeps it the outer loop), so
 * the answer is the first row that is the program-year's, not a pass over
 * every case.
 */
#define STAGE_DATE                                                                                                     \
	"SELECT s.date FROM case_stage s CROSS JOIN program_case c ON c.id = s.case_id"                                \
	" WHERE s.stage = ?1 AND c.program_code = ?2 AND c.year = ?3 AND c.village_code BETWEEN ?4 AND ?5"
static const char SQL_STAGE_FIRST[] = STAGE_DATE " ORDER BY s.date LIMIT 1";
static const char SQL_STAGE_LAST[] = STAGE_DATE " ORDER BY s.date DESC LIMIT 1";
/* The cases that reached a stage, by the person's hukou (for a metric that is the stage alone). */
static const char SQL_HUKOU[] =
    "SELECT p.hukou, count(*) FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?1"
    " JOIN person p ON p.id = c.person_id WHERE c.program_code = ?2 AND c.year = ?3"
    " AND c.village_code BETWEEN ?4 AND ?5 GROUP BY p.hukou";
/* The same with the event's values, for a metric that counts a field's value. */
static const char SQL_HUKOU_FIELDS[] =
    "SELECT p.hukou, e.fields FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?1"
    " JOIN case_event e ON e.id = s.event_id JOIN person p ON p.id = c.person_id"
    " WHERE c.program_code = ?2 AND c.year = ?3 AND c.village_code BETWEEN ?4 AND ?5";

/* The lists behind a figure. ?1 stage ?2 program ?3 year ?4 ?5 scope ?6 township ("" any) ?7 hukou (0 any). */
#define REACHED_BODY                                                                                                   \
	" FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?1" CASE_JOIN                        \
	" WHERE c.program_code = ?2 AND c.year = ?3 AND c.village_code BETWEEN ?4 AND ?5"                              \
	" AND (?6 = '' OR c.township_code = ?6) AND (?7 = 0 OR p.hukou = ?7)"
static const char SQL_REACHED_COUNT[] = "SELECT count(*)" REACHED_BODY;
static const char SQL_REACHED[] = "SELECT " CASE_COLUMNS REACHED_BODY " ORDER BY c.id LIMIT ?8 OFFSET ?9";
/* Ranked in the order they reached the stage within the scope; ?8 the rank to start after. */
#define OVER_BODY                                                                                                      \
	" FROM (SELECT c2.id AS cid, row_number() OVER (ORDER BY s2.date, s2.event_id) AS rn"                          \
	" FROM program_case c2 JOIN case_stage s2 ON s2.case_id = c2.id AND s2.stage = ?1"                             \
	" WHERE c2.program_code = ?2 AND c2.year = ?3 AND c2.village_code BETWEEN ?4 AND ?5) r"                        \
	" JOIN program_case c ON c.id = r.cid" CASE_JOIN                                                               \
	" WHERE r.rn > ?8 AND (?6 = '' OR c.township_code = ?6) AND (?7 = 0 OR p.hukou = ?7)"
static const char SQL_OVER_COUNT[] = "SELECT count(*)" OVER_BODY;
static const char SQL_OVER[] = "SELECT " CASE_COLUMNS OVER_BODY " ORDER BY r.rn LIMIT ?9 OFFSET ?10";

/* Writing figures */

void report_percent(long long permille, char *out, size_t size)
{
	if (permille % 10)
		snprintf(out, size, "%lld.%lld%%", permille / 10, permille % 10);
	else
		snprintf(out, size, "%lld%%", permille / 10);
}

void report_date(const char *iso, int year, char *out, size_t size)
{
	struct date d;
	if (!iso || date_parse(iso, &d) < 0) {
		snprintf(out, size, "%s", iso ? iso : "");
		return;
	}
	if (d.year == year)
		snprintf(out, size, "%d月%d日", d.month, d.day);
	else
		snprintf(out, size, "%d年%d月%d日", d.year, d.month, d.day);
}

void report_number(int n, char *out, size_t size)
{
	static const char *const digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n < 1 || n > 99)
		snprintf(out, size, "%d", n);
	else if (n < 10)
		snprintf(out, size, "%s", digits[n]);
	else
		snprintf(out, size, "%s十%s", n >= 20 ? digits[n / 10] : "", digits[n % 10]);
}

/* Money in 万元 without the unit ("347.724"), for a figure followed by its unit in the template. */
static void wan_number(int64_t fen, char *out, size_t size)
{
	char text[MONEY_TEXT_MAX];
	money_format_wan(fen, text, sizeof text);
	size_t n = strlen(text), u = strlen("万元");
	if (n > u && strcmp(text + n - u, "万元") == 0)
		text[n - u] = '\0';
	snprintf(out, size, "%s", text);
}

int report_options_of(const struct user *u, int year, struct date today, struct report_options *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->today = today;
	if (u->role != ROLE_COUNTY_ADMIN && u->role != ROLE_COUNTY_STAFF && u->role != ROLE_LEADER &&
	    u->role != ROLE_TOWNSHIP)
		return 0;
	int level = u->division[0] ? division_level_of(u->division) : 0;
	if (level == DIVISION_VILLAGE || (u->role == ROLE_TOWNSHIP && level != DIVISION_TOWNSHIP))
		return 0;
	registry_scope_of(u, &out->scope);
	if (!out->scope.lo[0])
		return 0;
	if (level == DIVISION_TOWNSHIP) {
		snprintf(out->township, sizeof out->township, "%s", u->division);
		return 2;
	}
	return 1;
}

/* Building */

struct tgt {
	struct target t;
	struct target_progress pr;
};

struct build {
	struct db *db;
	const struct report_template *t;
	const struct report_options *o;
	struct report_doc *doc;
	struct error *err;
	char county[161], area[330];
	struct tgt *targets;
	size_t ntargets;
	char **programs; /* codes of the stored projects, in the report's order */
	size_t nprograms;
};

static void common(const struct build *b, struct report_vars *vs)
{
	report_vars_count(vs, "year", b->o->year, NULL);
	report_vars_set(vs, "area", b->area, true, NULL);
	report_vars_set(vs, "county", b->county, true, NULL);
}

/* Sets name missing with a message of the table formatted with one argument (a string or an int, per id). */
static void missing_s(struct report_vars *vs, const char *name, enum msg_id id, const char *arg)
{
	char text[300];
	snprintf(text, sizeof text, msg(id), arg);
	report_vars_missing(vs, name, text);
}

static void missing_d(struct report_vars *vs, const char *name, enum msg_id id, int arg)
{
	char text[300];
	snprintf(text, sizeof text, msg(id), arg);
	report_vars_missing(vs, name, text);
}

static struct report_link link_of(enum report_link_kind kind, int year)
{
	struct report_link l;
	memset(&l, 0, sizeof l);
	l.kind = kind;
	l.year = year;
	return l;
}

static struct report_link cases_link(const struct program *p, int year, const char *stage)
{
	struct report_link l = link_of(REPORT_LINK_CASES, year);
	snprintf(l.program, sizeof l.program, "%s", p->code);
	snprintf(l.stage, sizeof l.stage, "%s", stage);
	return l;
}

/* The targets of the year, with their progress within the scope. */
static int collect_target(void *ctx, const struct target *t, struct error *err)
{
	(void)err;
	struct build *b = ctx;
	b->targets = xrealloc(b->targets, (b->ntargets + 1) * sizeof *b->targets);
	memset(&b->targets[b->ntargets], 0, sizeof b->targets[b->ntargets]);
	b->targets[b->ntargets++].t = *t;
	return 0;
}

static int load_targets(struct build *b)
{
	if (target_list(b->db, b->o->year, "", collect_target, b, b->err) < 0)
		return -1;
	for (size_t i = 0; i < b->ntargets; i++)
		if (target_progress_of(b->db, &b->targets[i].t, &b->o->scope, b->o->today, &b->targets[i].pr, b->err) <
		    0)
			return -1;
	return 0;
}

/* The project target of p (its target metric counted live), or NULL. */
static const struct tgt *program_target(const struct build *b, const struct program *p)
{
	char source[TARGET_SOURCE_MAX + 1];
	snprintf(source, sizeof source, "program:%s:%s", p->code, p->target_metric);
	for (size_t i = 0; p->target_metric[0] && i < b->ntargets; i++)
		if (strcmp(b->targets[i].t.source, source) == 0)
			return &b->targets[i];
	return NULL;
}

static bool is_report_line(const char *key)
{
	for (size_t i = 0; i < sizeof report_lines / sizeof report_lines[0]; i++)
		if (strcmp(report_lines[i], key) == 0)
			return true;
	return false;
}

static bool is_program(const struct build *b, const char *code)
{
	for (size_t i = 0; i < b->nprograms; i++)
		if (strcmp(b->programs[i], code) == 0)
			return true;
	return false;
}

static void collect_program(void *ctx, const char *code, const char *name, int version)
{
	(void)name;
	(void)version;
	struct build *b = ctx;
	b->programs = xrealloc(b->programs, (b->nprograms + 1) * sizeof *b->programs);
	b->programs[b->nprograms++] = xstrdup(code);
}

/* The order of target_lines() first (cataract, assistance ...), then by code. */
static int line_rank(const char *code)
{
	size_t n;
	const struct target_line *lines = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i].key, code) == 0)
			return (int)i;
	return (int)n;
}

static int by_line_rank(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int rx = line_rank(x), ry = line_rank(y);
	return rx != ry ? rx - ry : strcmp(x, y);
}

/* Milestones */

struct milestones {
	const struct build *b;
	struct buf *out;
	long n;
	int rc;
};

static int one_milestone(void *ctx, const struct milestone *m, struct error *err)
{
	(void)err;
	struct milestones *ms = ctx;
	struct report_vars vs = {0};
	char date[40];
	common(ms->b, &vs);
	report_date(m->date, ms->b->o->year, date, sizeof date);
	report_vars_set(&vs, "date", date, true, NULL);
	report_vars_set(&vs, "title", m->title, true, NULL);
	if (report_template_has(ms->b->t, "milestone")) {
		if (report_template_render_text(ms->b->t, "milestone", &vs, ms->out) < 0)
			ms->rc = -1;
	} else if (buf_addf(ms->out, "%s，%s。", date, m->title) < 0) {
		ms->rc = -1;
	}
	ms->n++;
	report_vars_release(&vs);
	return 0;
}

/* Sets {milestones} of line: its milestones told one after the other. 0 or -1. Returns how many in *n. */
static int milestones_var(struct build *b, const char *line, struct report_vars *vs, long *n)
{
	struct buf text = BUF_INIT(1u << 20);
	struct milestones ms = {b, &text, 0, 0};
	int rc = milestone_list(b->db, b->o->year, line, one_milestone, &ms, b->err);
	if (rc == 0 && ms.rc < 0)
		rc = error_set(b->err, "milestones of %s too long", line);
	if (rc == 0) {
		if (ms.n)
			report_vars_set(vs, "milestones", buf_cstr(&text), true, NULL);
		else
			report_vars_missing(vs, "milestones", msg(MSG_REPORT_NO_MILESTONES));
	}
	*n = ms.n;
	buf_release(&text);
	return rc;
}

/* A project's figures */

#define COUNTERS_MAX (2 * PROGRAM_LIST_MAX + 8)

struct counts {
	size_t n;
	struct {
		char counter[PROGRAM_KEY_MAX + 8];
		long n;
	} items[COUNTERS_MAX];
	long townships;
	char last_township[13];
};

static void count_one(void *ctx, const char *township, const char *counter, long n)
{
	struct counts *c = ctx;
	if (n > 0 && strcmp(township, c->last_township) != 0) {
		c->townships++;
		snprintf(c->last_township, sizeof c->last_township, "%s", township);
	}
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].counter, counter) == 0) {
			c->items[i].n += n;
			return;
		}
	if (c->n < COUNTERS_MAX) {
		snprintf(c->items[c->n].counter, sizeof c->items[c->n].counter, "%s", counter);
		c->items[c->n++].n = n;
	}
}

static long metric_count(const struct counts *c, const char *metric)
{
	char key[PROGRAM_KEY_MAX + 8];
	snprintf(key, sizeof key, "metric:%s", metric);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->items[i].counter, key) == 0)
			return c->items[i].n;
	return 0;
}

struct stage_dates {
	size_t n;
	struct {
		char stage[PROGRAM_KEY_MAX + 1];
		char first[11], last[11];
	} items[PROGRAM_LIST_MAX];
};

/* The date of the first (or last) case of p's year within scope that reached stage into out ("" none). 0 or -1. */
static int stage_date(struct build *b, const struct program *p, const char *stage, bool last, char out[11])
{
	struct db_stmt *st;
	out[0] = '\0';
	if (db_prepare(b->db, last ? SQL_STAGE_LAST : SQL_STAGE_FIRST, &st, b->err) < 0)
		return -1;
	db_bind_text(st, 1, stage);
	db_bind_text(st, 2, p->code);
	db_bind_int(st, 3, b->o->year);
	db_bind_text(st, 4, b->o->scope.lo);
	db_bind_text(st, 5, b->o->scope.hi);
	int rc = db_step(st, b->err);
	if (rc == DB_ROW)
		snprintf(out, 11, "%s", db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* The first and last day of every stage a metric counts (alone, without a field's value). 0 or -1. */
static int stage_dates(struct build *b, const struct program *p, struct stage_dates *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < p->nmetrics && out->n < PROGRAM_LIST_MAX; i++) {
		const char *stage = p->stages[p->metrics[i].stage].key;
		bool seen = p->metrics[i].field[0] != '\0';
		for (size_t k = 0; k < out->n && !seen; k++)
			seen = strcmp(out->items[k].stage, stage) == 0;
		if (seen)
			continue;
		snprintf(out->items[out->n].stage, sizeof out->items[out->n].stage, "%s", stage);
		if (stage_date(b, p, stage, false, out->items[out->n].first) < 0 ||
		    stage_date(b, p, stage, true, out->items[out->n].last) < 0)
			return -1;
		out->n++;
	}
	return 0;
}

/* The cases of p's year within scope that met metric m, by hukou: n[1] 城镇, n[2] 农村. 0 or -1. */
static int by_hukou(struct build *b, const struct program *p, const struct program_metric *m, long n[3])
{
	n[0] = n[1] = n[2] = 0;
	struct db_stmt *st;
	bool fields = m->field[0] != '\0';
	if (db_prepare(b->db, fields ? SQL_HUKOU_FIELDS : SQL_HUKOU, &st, b->err) < 0)
		return -1;
	db_bind_text(st, 1, p->stages[m->stage].key);
	db_bind_text(st, 2, p->code);
	db_bind_int(st, 3, b->o->year);
	db_bind_text(st, 4, b->o->scope.lo);
	db_bind_text(st, 5, b->o->scope.hi);
	int rc;
	while ((rc = db_step(st, b->err)) == DB_ROW) {
		int64_t h = db_col_int(st, 0);
		if (h != 1 && h != 2)
			continue;
		if (!fields)
			n[h] += (long)db_col_int(st, 1);
		else if (case_metric_met(p, m, m->stage, db_col_text(st, 1)))
			n[h]++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* count.KEY, first.KEY, last.KEY and days.KEY of every metric. */
static void metric_vars(struct build *b, const struct program *p, const struct counts *c,
                        const struct stage_dates *dates, struct report_vars *vs)
{
	for (size_t i = 0; i < p->nmetrics; i++) {
		const struct program_metric *m = &p->metrics[i];
		char name[REPORT_NAME_MAX + 1];
		long n = metric_count(c, m->key);
		struct report_link l = cases_link(p, b->o->year, p->stages[m->stage].key);
		snprintf(name, sizeof name, "count.%s", m->key);
		if (n > 0)
			report_vars_count(vs, name, n, m->field[0] ? NULL : &l);
		else
			missing_s(vs, name, MSG_REPORT_NO_RECORDS, m->label);
		const char *first = NULL, *last = NULL;
		for (size_t k = 0; dates && !m->field[0] && k < dates->n; k++)
			if (strcmp(dates->items[k].stage, p->stages[m->stage].key) == 0) {
				first = dates->items[k].first;
				last = dates->items[k].last;
			}
		static const char *const prefixes[] = {"first.", "last.", "days."};
		for (size_t k = 0; k < 3; k++) {
			snprintf(name, sizeof name, "%s%s", prefixes[k], m->key);
			if (!dates)
				continue;
			if (!first || n <= 0) {
				missing_s(vs, name, m->field[0] ? MSG_REPORT_NO_DATES : MSG_REPORT_NO_RECORDS,
				          m->label);
				continue;
			}
			char text[40];
			struct date d1, d2;
			if (k == 2 && date_parse(first, &d1) == 0 && date_parse(last, &d2) == 0) {
				report_vars_count(vs, name, date_to_days(d2) - date_to_days(d1) + 1, NULL);
			} else {
				report_date(k == 0 ? first : last, b->o->year, text, sizeof text);
				report_vars_set(vs, name, text, true, NULL);
			}
		}
	}
}

static int project_vars(struct build *b, const struct program *p, int number, struct report_vars *vs, const char *key,
                        bool *any)
{
	common(b, vs);
	int year = b->o->year;
	char text[160];
	report_number(number, text, sizeof text);
	report_vars_set(vs, "number", text, true, NULL);
	report_vars_set(vs, "project", p->name, true, NULL);
	report_vars_set(vs, "unit", p->unit[0] ? p->unit : "例", true, NULL);

	struct counts *c = xcalloc(1, sizeof *c);
	struct stage_dates *dates = NULL;
	int rc = -1;
	if (case_counts(b->db, &b->o->scope, p->code, year, "", true, count_one, c, b->err) < 0)
		goto out;
	*any = c->townships > 0;
	if (report_template_uses(b->t, key, "first.") || report_template_uses(b->t, key, "last.") ||
	    report_template_uses(b->t, key, "days.")) {
		dates = xcalloc(1, sizeof *dates);
		if (stage_dates(b, p, dates) < 0)
			goto out;
	}
	metric_vars(b, p, c, dates, vs);
	if (c->townships > 0)
		report_vars_count(vs, "townships", c->townships, NULL);
	else
		missing_d(vs, "townships", MSG_REPORT_NO_CASES, year);

	/* Applicants: the first metric of the definition (申请, 摸底登记). */
	if (p->nmetrics) {
		const struct program_metric *m = &p->metrics[0];
		long n = metric_count(c, m->key);
		struct report_link l = cases_link(p, year, p->stages[m->stage].key);
		report_vars_set(vs, "applicants_label", m->label, true, NULL);
		if (n > 0)
			report_vars_count(vs, "applicants", n, m->field[0] ? NULL : &l);
		else
			missing_s(vs, "applicants", MSG_REPORT_NO_RECORDS, m->label);
	}

	/* What the target counts, and the target. */
	int tm = program_metric_index(p, p->target_metric);
	const struct program_metric *m = tm >= 0 ? &p->metrics[tm] : NULL;
	long achieved = m ? metric_count(c, m->key) : 0;
	const struct tgt *t = program_target(b, p);
	long long target = t && t->pr.value > 0 ? t->pr.value : -1;
	if (m) {
		struct report_link l = cases_link(p, year, p->stages[m->stage].key);
		report_vars_set(vs, "target_label", m->label, true, NULL);
		if (achieved > 0)
			report_vars_count(vs, "achieved", achieved, m->field[0] ? NULL : &l);
		else
			missing_s(vs, "achieved", MSG_REPORT_NO_RECORDS, m->label);
	} else {
		report_vars_missing(vs, "target_label", msg(MSG_REPORT_NO_TARGET_METRIC));
		report_vars_missing(vs, "achieved", msg(MSG_REPORT_NO_TARGET_METRIC));
	}
	static const char *const against[] = {"target", "over", "short", "completion"};
	if (!m) {
		for (size_t i = 0; i < 4; i++)
			report_vars_missing(vs, against[i], msg(MSG_REPORT_NO_TARGET_METRIC));
	} else if (target < 0) {
		for (size_t i = 0; i < 4; i++) {
			if (t)
				report_vars_missing(vs, against[i], msg(MSG_REPORT_NO_SHARE));
			else
				missing_d(vs, against[i], MSG_REPORT_NO_TARGET, year);
		}
	} else {
		struct report_link tl = link_of(REPORT_LINK_TARGET, year);
		tl.target = t->t.id;
		report_vars_count(vs, "target", target, &tl);
		struct report_link ol = cases_link(p, year, p->stages[m->stage].key);
		ol.over = true;
		report_vars_count(vs, "over", achieved > target ? achieved - target : 0, m->field[0] ? NULL : &ol);
		report_vars_count(vs, "short", achieved < target ? target - achieved : 0, NULL);
		report_percent(target_permille(achieved, target), text, sizeof text);
		report_vars_set(vs, "completion", text, true, &tl);
	}
	/* The target's urban/rural parts (the county's), and what was achieved by hukou. */
	long long share[3] = {-1, -1, -1};
	for (size_t i = 0; t && strcmp(t->t.split, "hukou") == 0 && !b->o->township[0] && i < t->pr.nparts; i++)
		if (strcmp(t->pr.parts[i].part, "1") == 0 || strcmp(t->pr.parts[i].part, "2") == 0)
			share[t->pr.parts[i].part[0] - '0'] = t->pr.parts[i].share;
	for (int h = 1; h <= 2; h++) {
		const char *name = h == 1 ? "target_urban" : "target_rural";
		if (share[h] >= 0) {
			struct report_link tl = link_of(REPORT_LINK_TARGET, year);
			tl.target = t->t.id;
			report_vars_count(vs, name, share[h], &tl);
		} else {
			report_vars_missing(vs, name, msg(MSG_REPORT_NO_HUKOU_SPLIT));
		}
	}
	if (m && (report_template_uses(b->t, key, "urban") || report_template_uses(b->t, key, "rural"))) {
		long n[3];
		if (by_hukou(b, p, m, n) < 0)
			goto out;
		for (int h = 1; h <= 2; h++) {
			struct report_link l = cases_link(p, year, p->stages[m->stage].key);
			l.hukou = h;
			if (achieved > 0)
				report_vars_count(vs, h == 1 ? "urban" : "rural", n[h], m->field[0] ? NULL : &l);
			else
				missing_s(vs, h == 1 ? "urban" : "rural", MSG_REPORT_NO_RECORDS, m->label);
		}
	}

	/* The success rate. */
	int sm = program_metric_index(p, p->success_metric), so = program_metric_index(p, p->success_of);
	if (sm < 0 || so < 0) {
		report_vars_missing(vs, "success_rate", msg(MSG_REPORT_NO_SUCCESS));
		report_vars_missing(vs, "success", msg(MSG_REPORT_NO_SUCCESS));
		report_vars_missing(vs, "success_of", msg(MSG_REPORT_NO_SUCCESS));
	} else {
		long ns = metric_count(c, p->metrics[sm].key), no = metric_count(c, p->metrics[so].key);
		struct report_link l = cases_link(p, year, p->stages[p->metrics[so].stage].key);
		if (no > 0) {
			report_vars_count(vs, "success_of", no, p->metrics[so].field[0] ? NULL : &l);
			report_vars_count(vs, "success", ns, NULL);
			report_percent((long long)ns * 1000 / no, text, sizeof text);
			report_vars_set(vs, "success_rate", text, true, NULL);
		} else {
			missing_s(vs, "success_of", MSG_REPORT_NO_RECORDS, p->metrics[so].label);
			missing_s(vs, "success", MSG_REPORT_NO_RECORDS, p->metrics[so].label);
			missing_s(vs, "success_rate", MSG_REPORT_NO_RECORDS, p->metrics[so].label);
		}
	}

	/* Money. */
	struct payment_ledger ledger;
	if (payment_ledger(b->db, &b->o->scope, p->code, year, &ledger, b->err) < 0)
		goto out;
	if (ledger.paid > 0) {
		struct report_link l = link_of(REPORT_LINK_PAYMENTS, year);
		snprintf(l.program, sizeof l.program, "%s", p->code);
		money_format_wan(ledger.paid, text, sizeof text);
		report_vars_set(vs, "paid", text, true, &l);
	} else {
		report_vars_missing(
		    vs, "paid",
		    msg(p->monthly_amount < 0 && !ledger.batches ? MSG_REPORT_NO_MONEY : MSG_REPORT_NO_PAID));
	}
	if (ledger.has_budget) {
		money_format_wan(ledger.budget, text, sizeof text);
		report_vars_set(vs, "budget", text, ledger.budget > 0, NULL);
	} else {
		report_vars_missing(vs, "budget", msg(MSG_REPORT_NO_BUDGET));
	}
	long nm;
	if (milestones_var(b, p->code, vs, &nm) < 0)
		goto out;
	(void)nm;
	rc = 0;
out:
	free(dates);
	free(c);
	return rc;
}

/* Renders project p (numbered number; 0 inside a work line). */
static int render_project(struct build *b, const struct program *p, int number, bool *any)
{
	char key[REPORT_KEY_MAX + 1];
	snprintf(key, sizeof key, "project:%s", p->code);
	struct report_vars vs = {0};
	int rc = project_vars(b, p, number, &vs, report_template_has(b->t, key) ? key : "project", any);
	if (rc == 0 && *any) {
		report_template_render(b->t, key, "project", &vs, REPORT_P, b->doc);
	} else if (rc == 0) {
		/* Nothing entered for the year: one sentence says so, not one per figure. */
		char reason[200];
		snprintf(reason, sizeof reason, msg(MSG_REPORT_NO_CASES), b->o->year);
		report_template_render_headings(b->t, key, "project", &vs, b->doc);
		const struct report_var *m = report_vars_get(&vs, "milestones");
		if (number && m && m->has)
			report_doc_add(b->doc, REPORT_P, m->text);
		if (number)
			report_template_nodata(b->t, reason, b->doc);
	}
	report_vars_release(&vs);
	return rc;
}

/* Targets */

static void target_vars(struct build *b, const struct tgt *x, int number, struct report_vars *vs)
{
	common(b, vs);
	int year = b->o->year;
	bool money = target_is_money(&x->t);
	char text[160];
	struct report_link l = link_of(REPORT_LINK_TARGET, year);
	l.target = x->t.id;
	report_number(number, text, sizeof text);
	report_vars_set(vs, "number", text, true, NULL);
	report_vars_set(vs, "name", x->t.name, true, NULL);
	report_vars_set(vs, "line", target_line_label(x->t.line), true, NULL);
	report_vars_set(vs, "unit", money ? "万元" : x->t.unit, true, NULL);
	report_date(x->t.deadline, year, text, sizeof text);
	report_vars_set(vs, "deadline", text, true, NULL);
	const struct target_progress *pr = &x->pr;
	if (money)
		wan_number(pr->achieved, text, sizeof text);
	else
		snprintf(text, sizeof text, "%lld", pr->achieved);
	report_vars_set(vs, "achieved", text, pr->achieved != 0, &l);
	if (pr->value <= 0) {
		/* The sentence gives way to the reason: it names the target. */
		static const char *const names[] = {"value", "over", "short", "completion", "status"};
		for (size_t i = 0; i < 5; i++)
			missing_s(vs, names[i], MSG_REPORT_NO_SHARE_OF, x->t.name);
		return;
	}
	long long over = pr->achieved > pr->value ? pr->achieved - pr->value : 0;
	long long shortfall = pr->achieved < pr->value ? pr->value - pr->achieved : 0;
	if (money) {
		wan_number(pr->value, text, sizeof text);
		report_vars_set(vs, "value", text, true, &l);
		wan_number(over, text, sizeof text);
		report_vars_set(vs, "over", text, over > 0, &l);
		wan_number(shortfall, text, sizeof text);
		report_vars_set(vs, "short", text, shortfall > 0, &l);
	} else {
		report_vars_count(vs, "value", pr->value, &l);
		report_vars_count(vs, "over", over, &l);
		report_vars_count(vs, "short", shortfall, &l);
	}
	report_percent(pr->permille, text, sizeof text);
	report_vars_set(vs, "completion", text, true, &l);
	if (pr->status < TARGET_STATUS__MAX)
		report_vars_set(vs, "status", target_status_label(pr->status), true, &l);
	else
		missing_s(vs, "status", MSG_REPORT_NO_SHARE_OF, x->t.name);
}

static int render_target(struct build *b, const struct tgt *x, int number)
{
	struct report_vars vs = {0};
	target_vars(b, x, number, &vs);
	report_template_render(b->t, "target", NULL, &vs, REPORT_P, b->doc);
	report_vars_release(&vs);
	return 0;
}

/* Part 二's work lines */

struct classes {
	long classes, by_kind[TRAINING_KIND_MAX + 1], trainees;
	int64_t support;
};

static int one_class(void *ctx, const struct training_class *c, struct error *err)
{
	(void)err;
	struct classes *k = ctx;
	k->classes++;
	if (c->kind >= 1 && c->kind <= TRAINING_KIND_MAX)
		k->by_kind[c->kind]++;
	k->trainees += c->trainees;
	k->support += c->support_total;
	return 0;
}

static int no_township(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)ctx;
	(void)s;
	(void)err;
	return 0;
}

/* A figure of a module counted by township for the targets, summed within the report's scope. */
struct rehab_sum {
	const struct report_options *o;
	long long n;
};

static void rehab_one(void *ctx, const char *township, long long value)
{
	struct rehab_sum *r = ctx;
	/* A figure not attributable to a township is the county's. */
	if (*township ? registry_scope_has(&r->o->scope, township) : !r->o->township[0])
		r->n += value;
}

/* The figures of work line key; *any when it has any of its own. 0 or -1. */
static int line_vars(struct build *b, const char *key, int number, struct report_vars *vs, bool *any)
{
	common(b, vs);
	int year = b->o->year;
	char text[160];
	report_number(number, text, sizeof text);
	report_vars_set(vs, "number", text, true, NULL);
	report_vars_set(vs, "line", target_line_label(key), true, NULL);
	long n = 0;
	for (size_t i = 0; i < b->ntargets; i++)
		n += strcmp(b->targets[i].t.line, key) == 0;
	struct report_link board = link_of(REPORT_LINK_TARGETS, year);
	report_vars_count(vs, "targets", n, &board);
	*any = n > 0;
	long nm;
	if (milestones_var(b, key, vs, &nm) < 0)
		return -1;
	*any = *any || nm > 0;
	if (strcmp(key, "survey") == 0) {
		struct survey s;
		int found = survey_get(b->db, year, &s, b->err);
		if (found < 0)
			return -1;
		static const char *const names[] = {"survey_start", "survey_end", "villages", "drawn",     "complete",
		                                    "roster",       "recorded",   "visited",  "visit_rate"};
		if (!found) {
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				missing_d(vs, names[i], MSG_REPORT_NO_SURVEY, year);
			return 0;
		}
		*any = true;
		struct survey_stats total;
		memset(&total, 0, sizeof total);
		int rc = survey_townships(b->db, year, &b->o->scope, no_township, NULL, &total, b->err);
		report_date(s.start_date, year, text, sizeof text);
		report_vars_set(vs, "survey_start", text, true, NULL);
		report_date(s.end_date, year, text, sizeof text);
		report_vars_set(vs, "survey_end", text, true, NULL);
		survey_release(&s);
		if (rc < 0)
			return -1;
		struct report_link l = link_of(REPORT_LINK_SURVEY, year);
		report_vars_count(vs, "villages", total.villages, &l);
		report_vars_count(vs, "drawn", total.drawn, &l);
		report_vars_count(vs, "complete", total.complete, &l);
		report_vars_count(vs, "roster", total.roster, &l);
		report_vars_count(vs, "recorded", total.recorded, &l);
		report_vars_count(vs, "visited", total.visited, &l);
		if (total.roster > 0) {
			char rate[16];
			survey_rate_text(total.visited, total.roster, rate);
			report_vars_set(vs, "visit_rate", rate, total.visited > 0, &l);
		} else {
			report_vars_missing(vs, "visit_rate", msg(MSG_REPORT_NO_ROSTER));
		}
	} else if (strcmp(key, "employment") == 0) {
		struct classes k;
		memset(&k, 0, sizeof k);
		if (training_list(b->db, &b->o->scope, year, one_class, &k, b->err) < 0)
			return -1;
		static const char *const names[] = {"classes", "classes_employment", "classes_massage", "trainees",
		                                    "support"};
		if (!k.classes) {
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				missing_d(vs, names[i], MSG_REPORT_NO_CLASSES, year);
			return 0;
		}
		*any = true;
		struct report_link l = link_of(REPORT_LINK_TRAINING, year);
		report_vars_count(vs, "classes", k.classes, &l);
		report_vars_count(vs, "classes_employment", k.by_kind[TRAINING_EMPLOYMENT], &l);
		report_vars_count(vs, "classes_massage", k.by_kind[TRAINING_MASSAGE], &l);
		report_vars_count(vs, "trainees", k.trainees, &l);
		money_format_wan(k.support, text, sizeof text);
		report_vars_set(vs, "support", text, k.support > 0, &l);
	} else if (strcmp(key, "levy") == 0) {
		static const char *const metrics[] = {"collected", "due", "enterprises"};
		struct rehab_sum sums[3] = {{b->o, 0}, {b->o, 0}, {b->o, 0}};
		for (size_t i = 0; i < 3; i++)
			if (levy_progress(b->db, year, metrics[i], rehab_one, &sums[i], b->err) < 0)
				return -1;
		if (!sums[0].n && !sums[1].n) {
			for (size_t i = 0; i < 3; i++)
				missing_d(vs, metrics[i], MSG_REPORT_NO_LEVY, year);
			return 0;
		}
		*any = true;
		struct report_link l = link_of(REPORT_LINK_LEVY, year);
		money_format_wan(sums[0].n, text, sizeof text);
		report_vars_set(vs, "collected", text, sums[0].n > 0, &l);
		money_format_wan(sums[1].n, text, sizeof text);
		report_vars_set(vs, "due", text, sums[1].n > 0, &l);
		report_vars_count(vs, "enterprises", sums[2].n, &l);
	} else if (strcmp(key, "rehab") == 0) {
		struct rehab_sum services = {b->o, 0}, persons = {b->o, 0};
		if (rehab_progress(b->db, year, "services", rehab_one, &services, b->err) < 0 ||
		    rehab_progress(b->db, year, "persons", rehab_one, &persons, b->err) < 0)
			return -1;
		if (!services.n) {
			missing_d(vs, "services", MSG_REPORT_NO_SERVICES, year);
			missing_d(vs, "rehab_persons", MSG_REPORT_NO_SERVICES, year);
			return 0;
		}
		*any = true;
		struct report_link l = link_of(REPORT_LINK_REHAB, year);
		report_vars_count(vs, "services", services.n, &l);
		report_vars_count(vs, "rehab_persons", persons.n, &l);
	}
	return 0;
}

/*
 * A work line of part 二: its figures, the project of the same code, its
 * targets. Rendered only when there is something to tell; *number moves on then.
 */
static int render_line(struct build *b, const char *key, int *number)
{
	struct report_doc part = {0};
	struct report_doc *doc = b->doc;
	b->doc = &part;
	struct report_vars vs = {0};
	bool any = false, pany = false;
	int rc = line_vars(b, key, *number, &vs, &any);
	char section[REPORT_KEY_MAX + 1];
	snprintf(section, sizeof section, "line:%s", key);
	if (rc == 0)
		report_template_render(b->t, section, "line", &vs, REPORT_P, &part);
	report_vars_release(&vs);
	const struct program *p = NULL;
	if (rc == 0 && is_program(b, key) && (rc = program_get(b->db, key, 0, &p, b->err)) > 0)
		rc = render_project(b, p, 0, &pany);
	int nt = 0;
	for (size_t i = 0; rc >= 0 && i < b->ntargets; i++)
		if (strcmp(b->targets[i].t.line, key) == 0)
			rc = render_target(b, &b->targets[i], ++nt);
	b->doc = doc;
	if (rc >= 0 && (any || pany)) {
		(*number)++;
		for (size_t i = 0; i < part.n; i++) {
			if (doc->n == doc->alloc) {
				doc->alloc = doc->alloc ? 2 * doc->alloc : 16;
				doc->blocks = xrealloc(doc->blocks, doc->alloc * sizeof *doc->blocks);
			}
			doc->blocks[doc->n++] = part.blocks[i];
		}
		part.n = 0;
	}
	report_doc_release(&part);
	return rc < 0 ? -1 : 0;
}

static int names_of_projects(struct build *b, const struct program **ps, size_t n, struct report_vars *vs)
{
	struct buf names = BUF_INIT(8192);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = buf_addf(&names, "%s“%s”", i == 0 ? "" : i + 1 == n ? "和" : "、", ps[i]->name);
	if (rc == 0 && n)
		report_vars_set(vs, "projects", buf_cstr(&names), true, NULL);
	else
		report_vars_missing(vs, "projects", msg(MSG_REPORT_NO_PROJECTS));
	report_vars_count(vs, "project_count", (long long)n, NULL);
	buf_release(&names);
	return rc < 0 ? error_set(b->err, "project names too long") : 0;
}

static int targets_summary(struct build *b, struct report_vars *vs)
{
	common(b, vs);
	long n = 0, by[TARGET_STATUS__MAX] = {0};
	for (size_t i = 0; i < b->ntargets; i++)
		if (b->targets[i].pr.value > 0 && b->targets[i].pr.status < TARGET_STATUS__MAX) {
			n++;
			by[b->targets[i].pr.status]++;
		}
	struct report_link l = link_of(REPORT_LINK_TARGETS, b->o->year);
	if (!n) {
		static const char *const names[] = {"targets",        "targets_done",    "targets_over",
		                                    "targets_normal", "targets_lagging", "targets_overdue"};
		for (size_t i = 0; i < 6; i++)
			missing_d(vs, names[i], MSG_REPORT_NO_TARGETS, b->o->year);
		return 0;
	}
	report_vars_count(vs, "targets", n, &l);
	report_vars_count(vs, "targets_done", by[TARGET_DONE] + by[TARGET_OVER], &l);
	report_vars_count(vs, "targets_over", by[TARGET_OVER], &l);
	report_vars_count(vs, "targets_normal", by[TARGET_ON_TRACK], &l);
	report_vars_count(vs, "targets_lagging", by[TARGET_LAGGING], &l);
	report_vars_count(vs, "targets_overdue", by[TARGET_OVERDUE], &l);
	return 0;
}

static int area_of(struct build *b)
{
	struct division county, town;
	int found = division_the_county(b->db, &county, b->err);
	if (found < 0)
		return -1;
	snprintf(b->county, sizeof b->county, "%s", found ? county.name : "");
	snprintf(b->area, sizeof b->area, "%s", b->county);
	if (b->o->township[0]) {
		found = division_find(b->db, b->o->township, &town, b->err);
		if (found < 0)
			return -1;
		if (found)
			snprintf(b->area, sizeof b->area, "%s%s", b->county, town.name);
	}
	return 0;
}

int report_build(struct db *db, const struct report_template *t, const struct report_options *o, struct report_doc *out,
                 struct error *err)
{
	struct build b = {db, t, o, out, err, "", "", NULL, 0, NULL, 0};
	const struct program **part1 = NULL;
	size_t n1 = 0;
	int rc = -1;
	if (area_of(&b) < 0 || load_targets(&b) < 0 || program_list(db, collect_program, &b, err) < 0)
		goto out;
	qsort(b.programs, b.nprograms, sizeof *b.programs, by_line_rank);
	part1 = xcalloc(b.nprograms + 1, sizeof *part1);
	for (size_t i = 0; i < b.nprograms; i++) {
		const struct program *p;
		int got = program_get(db, b.programs[i], 0, &p, err);
		if (got < 0)
			goto out;
		if (got && !is_report_line(p->code))
			part1[n1++] = p;
	}

	struct report_vars vs = {0};
	common(&b, &vs);
	report_template_render(t, "title", NULL, &vs, REPORT_TITLE, out);
	report_template_render(t, "opening", NULL, &vs, REPORT_P, out);
	if (n1) {
		if (names_of_projects(&b, part1, n1, &vs) < 0) {
			report_vars_release(&vs);
			goto out;
		}
		report_template_render(t, "projects", NULL, &vs, REPORT_P, out);
	}
	report_vars_release(&vs);
	for (size_t i = 0; i < n1; i++) {
		bool any = false;
		if (render_project(&b, part1[i], (int)i + 1, &any) < 0)
			goto out;
		/* The project line's other targets (the project's own is told above). */
		const struct tgt *own = program_target(&b, part1[i]);
		int nt = 0;
		for (size_t k = 0; k < b.ntargets; k++)
			if (strcmp(b.targets[k].t.line, part1[i]->code) == 0 && &b.targets[k] != own &&
			    render_target(&b, &b.targets[k], ++nt) < 0)
				goto out;
	}

	struct report_vars ts = {0};
	rc = targets_summary(&b, &ts);
	if (rc == 0)
		report_template_render(t, "targets", NULL, &ts, REPORT_P, out);
	report_vars_release(&ts);
	if (rc < 0)
		goto out;
	rc = -1;
	int number = 1;
	for (size_t i = 0; i < sizeof report_lines / sizeof report_lines[0]; i++)
		if (render_line(&b, report_lines[i], &number) < 0)
			goto out;
	/* Lines the targets name that are neither a project of part 一 nor one of the lines above. */
	for (size_t i = 0; i < b.ntargets; i++) {
		const char *line = b.targets[i].t.line;
		bool told = is_report_line(line);
		for (size_t k = 0; k < n1 && !told; k++)
			told = strcmp(part1[k]->code, line) == 0;
		for (size_t k = 0; k < i && !told; k++)
			told = strcmp(b.targets[k].t.line, line) == 0;
		if (!told && render_line(&b, line, &number) < 0)
			goto out;
	}
	struct report_vars cs = {0};
	common(&b, &cs);
	report_template_render(t, "closing", NULL, &cs, REPORT_P, out);
	report_vars_release(&cs);
	rc = 0;
out:
	free(part1);
	for (size_t i = 0; i < b.nprograms; i++)
		free(b.programs[i]);
	free(b.programs);
	free(b.targets);
	return rc;
}

int report_doc_text(const struct report_doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct report_block *b = &d->blocks[i];
		if (i > 0 && b->kind != REPORT_P && buf_addch(out, '\n') < 0)
			return -1;
		if (report_block_text(b, out) < 0 || buf_addch(out, '\n') < 0)
			return -1;
	}
	return 0;
}

/* The records behind a figure */

/* The target value that applies to the scope for p's year: 1 with *value, 0 none, -1 error. */
static int scope_target(struct db *db, const struct report_case_query *q, long long *value, struct error *err)
{
	struct build b;
	memset(&b, 0, sizeof b);
	b.db = db;
	b.err = err;
	struct report_options o;
	memset(&o, 0, sizeof o);
	o.year = q->year;
	o.scope = q->scope;
	o.today = date_today();
	b.o = &o;
	if (target_list(db, q->year, q->p->code, collect_target, &b, err) < 0)
		return -1;
	const struct tgt *t = program_target(&b, q->p);
	int rc = 0;
	if (t) {
		struct target_progress pr;
		rc = target_progress_of(db, &t->t, &q->scope, o.today, &pr, err);
		if (rc == 0 && pr.value > 0) {
			*value = pr.value;
			rc = 1;
		}
	}
	free(b.targets);
	return rc;
}

static void bind_query(struct db_stmt *st, const struct report_case_query *q)
{
	db_bind_text(st, 1, q->stage);
	db_bind_text(st, 2, q->p->code);
	db_bind_int(st, 3, q->year);
	db_bind_text(st, 4, q->scope.lo);
	db_bind_text(st, 5, q->scope.hi);
	db_bind_text(st, 6, q->township);
	db_bind_int(st, 7, q->hukou);
}

int report_cases(struct db *db, const struct report_case_query *q,
                 int (*fn)(void *ctx, const struct case_row *r, struct error *err), void *ctx, long *total,
                 struct error *err)
{
	*total = 0;
	long long skip = 0;
	if (q->over) {
		int tm = program_metric_index(q->p, q->p->target_metric);
		if (tm < 0 || q->p->metrics[tm].field[0] ||
		    strcmp(q->p->stages[q->p->metrics[tm].stage].key, q->stage) != 0)
			return 1;
		int got = scope_target(db, q, &skip, err);
		if (got <= 0)
			return got < 0 ? -1 : 1;
	}
	struct db_stmt *st;
	if (db_prepare(db, q->over ? SQL_OVER_COUNT : SQL_REACHED_COUNT, &st, err) < 0)
		return -1;
	bind_query(st, q);
	if (q->over)
		db_bind_int(st, 8, skip);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return -1;
	int per_page = q->per_page > 0 && q->per_page <= 100 ? q->per_page : 20;
	long page = q->page > 0 ? q->page : 1;
	if (db_prepare(db, q->over ? SQL_OVER : SQL_REACHED, &st, err) < 0)
		return -1;
	bind_query(st, q);
	int at = 8;
	if (q->over)
		db_bind_int(st, at++, skip);
	db_bind_int(st, at, per_page);
	db_bind_int(st, at + 1, (int64_t)(page - 1) * per_page);
	struct case_row r;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(&r, 0, sizeof r);
		case_from_row(st, &r.c);
		if (fn(ctx, &r, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
