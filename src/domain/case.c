#include "domain/case.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stamp.h"
#include "base/utf8.h"
#include "domain/division.h"
#include "domain/objection.h"
#include "domain/person.h"

static const char SQL_GET[] = "SELECT " CASE_COLUMNS " FROM program_case c" CASE_JOIN
			      " WHERE c.id = ? AND c.village_code BETWEEN ? AND ?";
static const char SQL_OPEN_CASE[] =
	"SELECT id, stage FROM program_case WHERE person_id = ? AND program_code = ? AND year = ? AND open = 1";
static const char SQL_INSERT_CASE[] =
	"INSERT INTO program_case (program_code, program_version, year, person_id, village_code, township_code,"
	" stage, stage_date, open, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_INSERT_EVENT[] =
	"INSERT INTO case_event (case_id, transition, from_stage, to_stage, date, at, user_name, role, fields, remark)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_MOVE_CASE[] =
	"UPDATE program_case SET stage = ?, stage_date = ?, open = ?, updated_at = ? WHERE id = ?";
static const char SQL_REACH[] = "INSERT INTO case_stage (case_id, stage, date, event_id) VALUES (?, ?, ?, ?)"
				" ON CONFLICT (case_id, stage) DO NOTHING";
static const char SQL_STAGE_DATE[] = "SELECT date FROM case_stage WHERE case_id = ? AND stage = ?";
static const char SQL_DUE[] = "INSERT INTO case_due (case_id, stage, program_code, year, township_code, due_date)"
			      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, stage) DO NOTHING";
static const char SQL_DUE_DONE[] =
	"UPDATE case_due SET done_date = ? WHERE case_id = ? AND stage = ? AND done_date IS NULL";
static const char SQL_DUES_SETTLED[] = "DELETE FROM case_due WHERE case_id = ? AND done_date IS NULL";
static const char SQL_COUNT[] =
	"INSERT INTO program_count (program_code, year, township_code, counter, n) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (program_code, year, township_code, counter) DO UPDATE SET n = n + excluded.n";
static const char SQL_REACHED[] = "SELECT s.stage, e.fields FROM case_stage s JOIN case_event e ON e.id = s.event_id"
				  " WHERE s.case_id = ?";
static const char SQL_TRANSFER_CASE[] =
	"UPDATE program_case SET village_code = ?, township_code = ?, updated_at = ? WHERE id = ?";
static const char SQL_TRANSFER_DUES[] = "UPDATE case_due SET township_code = ? WHERE case_id = ?";
static const char SQL_EVENTS[] = "SELECT id, transition, from_stage, to_stage, date, at, user_name, role, fields,"
				 " remark FROM case_event WHERE case_id = ? ORDER BY id";
static const char SQL_OF_PERSON[] = "SELECT " CASE_COLUMNS " FROM program_case c" CASE_JOIN
				    " WHERE c.person_id = ? AND c.village_code BETWEEN ? AND ?"
				    " ORDER BY c.year DESC, c.id DESC";
static const char SQL_ENTRY_FIELDS[] =
	"SELECT fields FROM case_event WHERE case_id = ? AND to_stage = ? ORDER BY id DESC LIMIT 1";
/* The next serial of the program-year in the county, given in the same statement (one writer). */
static const char SQL_ARCHIVE[] =
	"INSERT INTO case_archive (case_id, program_code, year, county_code, serial, archive_no, assigned_on)"
	" SELECT ?1, ?2, ?3, ?4, coalesce(max(serial), 0) + 1,"
	" ?4 || printf('%04d%06d', ?3, coalesce(max(serial), 0) + 1), ?5"
	" FROM case_archive WHERE program_code = ?2 AND year = ?3 AND county_code = ?4"
	" ON CONFLICT (case_id) DO NOTHING";
static const char SQL_ARCHIVE_NO[] = "SELECT archive_no FROM case_archive WHERE case_id = ?";

/* Lists: one text per shape, every filter optional in it (see case_search). */
/* A breakdown's line (case_query.by_*): ?12 stage, ?13 field, ?14 value. */
#define BY_WHERE                                                                                                 \
	" AND (?12 = '' OR EXISTS (SELECT 1 FROM case_stage bs JOIN case_event be ON be.id = bs.event_id"            \
	" WHERE bs.case_id = c.id AND bs.stage = ?12 AND coalesce(json_extract(be.fields, '$.' || ?13), '') = ?14))"
#define LIST_WHERE                                                                                               \
	" WHERE c.program_code = ?1 AND (?2 = 0 OR c.year = ?2) AND c.village_code BETWEEN ?3 AND ?4"               \
	" AND (?5 = '' OR c.township_code = ?5) AND (?6 = '' OR c.stage = ?6)" BY_WHERE CASE_PERSON_WHERE
static const char SQL_LIST[] = "SELECT " CASE_COLUMNS ", '', '', '' FROM program_case c" CASE_JOIN LIST_WHERE
			       " ORDER BY c.id DESC LIMIT ?7 OFFSET ?8";
static const char SQL_LIST_COUNT[] = "SELECT count(*) FROM program_case c" LIST_WHERE;
/* Working lists start from the dues (index case_due_work): a township's overdue follow-ups stay quick. */
#define DUE_WHERE                                                                                                \
	" WHERE d.program_code = ?1 AND (?2 = 0 OR d.year = ?2) AND c.village_code BETWEEN ?3 AND ?4"               \
	" AND (?5 = '' OR d.township_code = ?5) AND (?6 = '' OR c.stage = ?6) AND (?7 = '' OR d.stage = ?7)"        \
	" AND CASE ?8 WHEN 1 THEN d.done_date IS NULL AND d.due_date >= ?9"                                         \
	" WHEN 2 THEN d.done_date IS NULL AND d.due_date < ?9 WHEN 3 THEN d.done_date IS NOT NULL ELSE 1 END" BY_WHERE \
	CASE_PERSON_WHERE
#define DUE_FROM " FROM case_due d JOIN program_case c ON c.id = d.case_id"
static const char SQL_DUES[] = "SELECT " CASE_COLUMNS ", d.stage, d.due_date, coalesce(d.done_date, '')" DUE_FROM
			       CASE_JOIN DUE_WHERE " ORDER BY d.due_date, d.case_id LIMIT ?10 OFFSET ?11";
static const char SQL_DUES_COUNT[] = "SELECT count(*)" DUE_FROM DUE_WHERE;
/* The same for one township's overdue dues, which the index answers as a range. */
#define OVERDUE_WHERE                                                                                            \
	" WHERE d.program_code = ?1 AND d.township_code = ?2 AND d.done_date IS NULL AND d.due_date < ?3"           \
	" AND (?4 = 0 OR d.year = ?4) AND (?5 = '' OR d.stage = ?5) AND c.village_code BETWEEN ?6 AND ?7"          \
	" AND (?8 = '' OR c.stage = ?8)"
static const char SQL_OVERDUE[] = "SELECT " CASE_COLUMNS ", d.stage, d.due_date, ''" DUE_FROM CASE_JOIN
				  OVERDUE_WHERE " ORDER BY d.due_date, d.case_id LIMIT ?9 OFFSET ?10";
static const char SQL_OVERDUE_COUNT[] = "SELECT count(*)" DUE_FROM OVERDUE_WHERE;
/* The same count when the scope covers the township and no current stage is asked: the index alone. */
static const char SQL_OVERDUE_COUNT_TOWN[] =
	"SELECT count(*) FROM case_due d WHERE d.program_code = ?1 AND d.township_code = ?2 AND d.done_date IS NULL"
	" AND d.due_date < ?3 AND (?4 = 0 OR d.year = ?4) AND (?5 = '' OR d.stage = ?5)";
/* The county's overdue dues (a hospital's first view), on the index without the township. */
#define OVERDUE_ALL_WHERE                                                                                        \
	" WHERE d.program_code = ?1 AND d.done_date IS NULL AND d.due_date < ?2 AND (?3 = 0 OR d.year = ?3)"        \
	" AND (?4 = '' OR d.stage = ?4) AND c.village_code BETWEEN ?5 AND ?6 AND (?7 = '' OR c.stage = ?7)"
static const char SQL_OVERDUE_ALL[] = "SELECT " CASE_COLUMNS ", d.stage, d.due_date, ''" DUE_FROM CASE_JOIN
				      OVERDUE_ALL_WHERE " ORDER BY d.due_date, d.case_id LIMIT ?8 OFFSET ?9";
static const char SQL_OVERDUE_ALL_COUNT[] = "SELECT count(*)" DUE_FROM OVERDUE_ALL_WHERE;
static const char SQL_OVERDUE_ALL_COUNT_FAST[] =
	"SELECT count(*) FROM case_due d WHERE d.program_code = ?1 AND d.done_date IS NULL AND d.due_date < ?2"
	" AND (?3 = 0 OR d.year = ?3) AND (?4 = '' OR d.stage = ?4)";

static const char SQL_COUNTS[] =
	"SELECT '', counter, sum(n) FROM program_count WHERE program_code = ? AND year = ?"
	" AND township_code BETWEEN ? AND ? AND (? = '' OR township_code = ?) GROUP BY counter ORDER BY counter";
static const char SQL_COUNTS_BY_TOWNSHIP[] =
	"SELECT township_code, counter, n FROM program_count WHERE program_code = ? AND year = ?"
	" AND township_code BETWEEN ? AND ? AND (? = '' OR township_code = ?) ORDER BY township_code, counter";
/* A scope narrower than a township (a village): its cases' reached stages, counted here. */
static const char SQL_SCOPE_REACHED[] =
	"SELECT c.township_code, s.stage, e.fields FROM program_case c JOIN case_stage s ON s.case_id = c.id"
	" JOIN case_event e ON e.id = s.event_id WHERE c.program_code = ? AND c.year = ?"
	" AND c.village_code BETWEEN ? AND ? AND (? = '' OR c.township_code = ?) ORDER BY c.township_code";

/* Helpers */

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

int case_refuse(struct case_problems *pr, const char *fmt, ...)
{
	if (!pr->message[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(pr->message, sizeof pr->message, fmt, ap);
		va_end(ap);
	}
	return 1;
}

void case_field_problem(struct case_problems *pr, const char *field, const char *fmt, ...)
{
	if (pr->n == CASE_VALUES_MAX)
		return;
	copy(pr->items[pr->n].field, sizeof pr->items[pr->n].field, field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pr->items[pr->n].reason, sizeof pr->items[pr->n].reason, fmt, ap);
	va_end(ap);
	pr->n++;
}

void case_text_problem(struct case_problems *pr, const char *field, const char *label, const char *s, size_t max,
		       bool required)
{
	if (!utf8_valid(s, strlen(s)) || utf8_has_control(s))
		case_field_problem(pr, field, "%s含有无效字符", label);
	else if (required && utf8_length(s) == 0)
		case_field_problem(pr, field, "%s不能为空", label);
	else if (utf8_length(s) > max)
		case_field_problem(pr, field, "%s最多%zu个字", label, max);
}

/* Runs a statement that gives no row. */
static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

void case_from_row(struct db_stmt *st, struct case_file *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, 0);
	copy(c->program, sizeof c->program, db_col_text(st, 1));
	c->version = (int)db_col_int(st, 2);
	c->year = (int)db_col_int(st, 3);
	c->person_id = db_col_int(st, 4);
	copy(c->village, sizeof c->village, db_col_text(st, 5));
	copy(c->township, sizeof c->township, db_col_text(st, 6));
	copy(c->stage, sizeof c->stage, db_col_text(st, 7));
	copy(c->stage_date, sizeof c->stage_date, db_col_text(st, 8));
	c->open = db_col_int(st, 9) != 0;
	copy(c->created_at, sizeof c->created_at, db_col_text(st, 10));
	copy(c->updated_at, sizeof c->updated_at, db_col_text(st, 11));
	copy(c->person_name, sizeof c->person_name, db_col_text(st, 12));
	copy(c->file_no, sizeof c->file_no, db_col_text(st, 13));
	copy(c->village_name, sizeof c->village_name, db_col_text(st, 14));
	copy(c->township_name, sizeof c->township_name, db_col_text(st, 15));
}

void case_scope_of(const struct user *u, struct registry_scope *out)
{
	if (u->role == ROLE_HOSPITAL) {
		struct user county = *u;
		county.role = ROLE_COUNTY_STAFF;
		county.division[0] = '\0';
		registry_scope_of(&county, out);
		return;
	}
	registry_scope_of(u, out);
}

int case_get(struct db *db, const struct registry_scope *scope, int64_t id, struct case_file *out, struct error *err)
{
	struct db_stmt *st;
	if (!scope->lo[0])
		return 0;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		case_from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static bool role_may(const struct program_transition *t, const struct user *u)
{
	return u->role < ROLE__MAX && (t->roles & (1u << u->role));
}

static bool starts_from(const struct program_transition *t, size_t stage)
{
	for (size_t i = 0; i < t->nfrom; i++)
		if (t->from[i] == stage)
			return true;
	return false;
}

static const struct program_transition *transition_named(const struct program *p, const char *key)
{
	for (size_t i = 0; key && i < p->ntransitions; i++)
		if (strcmp(p->transitions[i].key, key) == 0)
			return &p->transitions[i];
	return NULL;
}

void case_allowed(const struct program *p, const struct case_file *c, const struct user *u,
		  void (*fn)(void *ctx, const struct program_transition *t), void *ctx)
{
	int stage = program_stage_index(p, c->stage);
	if (!c->open || stage < 0)
		return;
	for (size_t i = 0; i < p->ntransitions; i++)
		if (starts_from(&p->transitions[i], (size_t)stage) && role_may(&p->transitions[i], u))
			fn(ctx, &p->transitions[i]);
}

/* Counting */

/* Adds delta to counter of the case's project-year and township. */
static int bump(struct db *w, const struct case_file *c, const char *township, const char *counter, long delta,
		struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_COUNT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, c->program);
	db_bind_int(st, 2, c->year);
	db_bind_text(st, 3, township);
	db_bind_text(st, 4, counter);
	db_bind_int(st, 5, delta);
	return run(st, err);
}

/* Whether a case that reached stage with the stored values meets metric m. */
static bool metric_met(const struct program *p, const struct program_metric *m, size_t stage, json_t *values)
{
	if (m->stage != stage)
		return false;
	if (!m->field[0])
		return true;
	const char *value;
	char outcome[PROGRAM_KEY_MAX + 1] = "";
	if (strcmp(m->field, "outcome") == 0) {
		const char *acuity = json_string_value(json_object_get(values, p->outcome_field));
		const struct program_outcome *o = acuity && *acuity ? program_outcome_of(p, strtoll(acuity, NULL, 10)) : NULL;
		if (o)
			copy(outcome, sizeof outcome, o->key);
		value = outcome;
	} else {
		value = json_string_value(json_object_get(values, m->field));
	}
	return value && strcmp(value, m->value) == 0;
}

bool case_metric_met(const struct program *p, const struct program_metric *m, size_t stage, const char *values)
{
	json_t *v = values ? json_loads(values, 0, NULL) : NULL;
	bool met = metric_met(p, m, stage, v);
	json_decref(v);
	return met;
}

/* Calls fn for each counter the case gets from reaching stage with values. */
static int contributions(const struct program *p, size_t stage, json_t *values,
			 int (*fn)(void *ctx, const char *counter, struct error *err), void *ctx, struct error *err)
{
	char counter[PROGRAM_KEY_MAX + 8];
	snprintf(counter, sizeof counter, "stage:%s", p->stages[stage].key);
	if (fn(ctx, counter, err) < 0)
		return -1;
	for (size_t i = 0; i < p->nmetrics; i++) {
		if (!metric_met(p, &p->metrics[i], stage, values))
			continue;
		snprintf(counter, sizeof counter, "metric:%s", p->metrics[i].key);
		if (fn(ctx, counter, err) < 0)
			return -1;
	}
	return 0;
}

struct bumping {
	struct db *w;
	const struct case_file *c;
	const char *township;
	long delta;
};

static int bump_one(void *ctx, const char *counter, struct error *err)
{
	struct bumping *b = ctx;
	return bump(b->w, b->c, b->township, counter, b->delta, err);
}

/*
 * The case reaches stage on date through event: records it the first time,
 * counts it, makes the stages anchored on it fall due and its own due done.
 */
static int reach(struct db *w, const struct program *p, const struct case_file *c, size_t stage, const char *date,
		 int64_t event, json_t *values, struct error *err)
{
	struct db_stmt *st;
	const char *key = p->stages[stage].key;
	/* A case that ends (结案, 失访结案, 放弃) owes no more follow-ups: they leave the working lists. */
	if (p->stages[stage].final) {
		if (db_prepare(w, SQL_DUES_SETTLED, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, c->id);
		if (run(st, err) < 0)
			return -1;
	}
	if (db_prepare(w, SQL_REACH, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, date);
	db_bind_int(st, 4, event);
	if (run(st, err) < 0)
		return -1;
	if (db_changes(w) == 0) /* reached before (a case sent back and forth): counted once */
		return 0;
	if (p->stages[stage].archive) {
		char county[7];
		snprintf(county, sizeof county, "%.6s", c->township);
		if (db_prepare(w, SQL_ARCHIVE, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, c->id);
		db_bind_text(st, 2, c->program);
		db_bind_int(st, 3, c->year);
		db_bind_text(st, 4, county);
		db_bind_text(st, 5, date);
		if (run(st, err) < 0)
			return -1;
	}
	struct bumping b = {w, c, c->township, 1};
	if (contributions(p, stage, values, bump_one, &b, err) < 0)
		return -1;
	struct date d;
	if (date_parse(date, &d) < 0)
		return error_set(err, "bad stage date %s", date);
	for (size_t i = 0; i < p->nstages; i++) {
		if (strcmp(p->stages[i].anchor, key) != 0)
			continue;
		char due[11];
		date_format(date_from_days(date_to_days(d) + p->stages[i].offset_days), due);
		if (db_prepare(w, SQL_DUE, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, c->id);
		db_bind_text(st, 2, p->stages[i].key);
		db_bind_text(st, 3, c->program);
		db_bind_int(st, 4, c->year);
		db_bind_text(st, 5, c->township);
		db_bind_text(st, 6, due);
		if (run(st, err) < 0)
			return -1;
	}
	if (db_prepare(w, SQL_DUE_DONE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, date);
	db_bind_int(st, 2, c->id);
	db_bind_text(st, 3, key);
	return run(st, err);
}

/* Checking what was entered */

/* The date stage was reached on for case id into out: 1, 0 not reached, -1 error. */
static int stage_date(struct db *db, int64_t id, const char *stage, char out[11], struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_STAGE_DATE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, stage);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		copy(out, 11, db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static const char *value_of(const struct case_value *values, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (values[i].field && strcmp(values[i].field, field) == 0)
			return values[i].text;
	return NULL;
}

/* A document (or a condition) that must be 是 (or 否) for transition t: the refusal names it. */
static void must_be_problem(struct case_problems *pr, const struct program_transition *t,
			    const struct program_field *f, int want)
{
	if (want)
		case_field_problem(pr, f->key, "缺少%s：须为“是”才能办理“%s”", f->label, t->label);
	else
		case_field_problem(pr, f->key, "%s须为“否”才能办理“%s”", f->label, t->label);
}

/*
 * Checks the remark and the values of transition t for case id (0 at
 * enrolment) into *out (a JSON object of the stored values), and the day
 * it happened into day: the transition's first date field (手术日期,
 * 出院日期) when it has one, else date. 0 valid, 1 refused, -1 error.
 */
static int check_entry(struct db *w, const struct program *p, const struct program_transition *t, int64_t id,
		       const char *date, const char *remark, const struct case_value *values, size_t nvalues,
		       json_t **out, char day[11], struct case_problems *pr, struct error *err)
{
	*out = json_object();
	day[0] = '\0';
	bool dated = false; /* the transition has a date field, which gives the day */
	for (size_t j = 0; j < t->nfields && !dated; j++)
		dated = p->fields[t->fields[j]].type == PROGRAM_DATE;
	struct date d;
	if (date && *date) {
		if (date_parse(date, &d) < 0)
			case_field_problem(pr, "date", "应为日期，如 2024-04-10");
		else
			copy(day, 11, date);
	} else if (!dated) {
		case_field_problem(pr, "date", "请填写日期");
	}
	if (remark && (utf8_length(remark) > CASE_REMARK_MAX || utf8_has_control(remark)))
		case_field_problem(pr, "remark", "不能超过%d个字，不能有控制字符", CASE_REMARK_MAX);
	else if (t->remark_required && (!remark || !*remark))
		case_field_problem(pr, "remark", "请填写原因");
	if (nvalues > CASE_VALUES_MAX)
		return case_refuse(pr, "填写的项目太多");
	/* A value for a field the transition does not ask for is a mistake, not silently dropped. */
	for (size_t i = 0; i < nvalues; i++) {
		bool asked = false;
		for (size_t j = 0; j < t->nfields && !asked; j++)
			asked = values[i].field && strcmp(p->fields[t->fields[j]].key, values[i].field) == 0;
		if (!asked)
			case_field_problem(pr, values[i].field ? values[i].field : "", "“%s”不需要填写此项",
				      t->label);
	}
	for (size_t j = 0; j < t->nfields; j++) {
		const struct program_field *f = &p->fields[t->fields[j]];
		const char *text = value_of(values, nvalues, f->key);
		if (!text || !*text) {
			if (t->required[j] && t->must_be[j] >= 0)
				must_be_problem(pr, t, f, t->must_be[j]);
			else if (t->required[j])
				case_field_problem(pr, f->key, "不能为空");
			continue;
		}
		char stored[256], reason[256];
		if (program_value(f, text, stored, sizeof stored, reason, sizeof reason) != 0) {
			case_field_problem(pr, f->key, "%s", reason);
			continue;
		}
		if (t->must_be[j] >= 0 && strcmp(stored, t->must_be[j] ? "true" : "false") != 0) {
			must_be_problem(pr, t, f, t->must_be[j]);
			continue;
		}
		if (f->type == PROGRAM_DATE && f->after_stage[0]) {
			char base[11];
			int rc = id ? stage_date(w, id, f->after_stage, base, err) : 0;
			if (rc < 0)
				return -1;
			int si = program_stage_index(p, f->after_stage);
			const char *label = si >= 0 ? p->stages[si].label : f->after_stage;
			struct date b, v;
			if (rc == 0) {
				case_field_problem(pr, f->key, "还没有“%s”的日期，不能填写", label);
				continue;
			}
			if (date_parse(base, &b) < 0 || date_parse(stored, &v) < 0)
				return error_set(err, "bad stored date %s", base);
			long days = date_to_days(v) - date_to_days(b);
			if (days < f->min_days || days > f->max_days) {
				case_field_problem(pr, f->key, "应在“%s”（%s）之后%d至%d天之内，现在相差%ld天", label, base,
					      f->min_days, f->max_days, days);
				continue;
			}
		}
		json_object_set_new(*out, f->key, json_string(stored));
		if (f->type == PROGRAM_DATE && dated && strlen(stored) == 10) {
			memcpy(day, stored, 11);
			dated = false; /* the first one */
		}
	}
	if (day[0] && date_parse(day, &d) == 0 && date_cmp(d, date_today()) > 0)
		case_field_problem(pr, "date", "日期（%s）不能晚于今天", day);
	return pr->n || pr->message[0] ? 1 : 0;
}

static int insert_event(struct db *w, int64_t id, const char *transition, const char *from, const char *to,
			const char *date, const struct user *u, json_t *values, const char *remark, int64_t *event,
			struct error *err)
{
	struct db_stmt *st;
	char at[STAMP_SIZE];
	char *fields = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	if (!fields)
		return error_set(err, "cannot encode the event's values");
	stamp_now(at);
	int rc = db_prepare(w, SQL_INSERT_EVENT, &st, err);
	if (rc == 0) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, transition);
		db_bind_text(st, 3, from);
		db_bind_text(st, 4, to);
		db_bind_text(st, 5, date);
		db_bind_text(st, 6, at);
		db_bind_text(st, 7, u->name);
		db_bind_text(st, 8, role_code(u->role));
		db_bind_text(st, 9, fields);
		db_bind_text(st, 10, remark ? remark : "");
		rc = run(st, err);
	}
	free(fields);
	if (rc < 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	if (db_step(st, err) != DB_ROW) {
		db_done(st);
		return -1;
	}
	*event = db_col_int(st, 0);
	db_done(st);
	return 0;
}

/* Eligibility */

static bool rule_holds(const struct program_rule *r, const struct person *person, struct date on)
{
	int v;
	switch (r->field) {
	case PROGRAM_P_CATEGORY:
		v = person->category;
		break;
	case PROGRAM_P_GRADE:
		v = person->grade;
		break;
	case PROGRAM_P_HUKOU:
		v = person->hukou;
		break;
	case PROGRAM_P_DIBAO:
		v = person->dibao;
		break;
	case PROGRAM_P_STATUS:
		v = (int)person->status;
		break;
	case PROGRAM_P_AGE: {
		int age = on.year - person->birth.year -
			  (on.month < person->birth.month || (on.month == person->birth.month && on.day < person->birth.day));
		return r->nvalues == 2 && age >= r->values[0] && age <= r->values[1];
	}
	case PROGRAM_P__MAX:
	default:
		return false;
	}
	for (size_t i = 0; i < r->nvalues; i++)
		if (r->values[i] == v)
			return true;
	return false;
}

/* Refuses (1, every rule that fails named in pr) unless person meets p's rules on day on; 0 when eligible. */
static int eligible(const struct program *p, const struct person *person, struct date on, struct case_problems *pr)
{
	char failed[sizeof pr->message] = "";
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (rule_holds(&p->rules[i], person, on))
			continue;
		size_t len = strlen(failed);
		snprintf(failed + len, sizeof failed - len, "%s%s", n++ ? "；" : "", p->rules[i].message);
	}
	return n ? case_refuse(pr, "%s不符合条件：%s", person->name, failed) : 0;
}

/* The engine's writes, in one transaction on the writer */

int case_enrol(struct db *w, const struct program *p, int year, int64_t person_id, const char *transition,
	       const char *date, const struct case_value *values, size_t nvalues, const char *remark,
	       const struct user *u, const struct registry_scope *scope, int64_t *case_id, struct case_problems *pr,
	       struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*case_id = 0;
	const struct program_transition *t = transition_named(p, transition);
	if (!t || !starts_from(t, SIZE_MAX))
		return case_refuse(pr, "“%s”没有名为“%s”的登记环节", p->name, transition ? transition : "");
	if (!role_may(t, u))
		return case_refuse(pr, "您的角色（%s）不能办理“%s”", role_label(u->role), t->label);
	if (year < 2000 || year > 2100)
		return case_refuse(pr, "年度应为2000至2100之间的年份");
	struct person person;
	int found = registry_get(w, scope, person_id, &person, err);
	if (found <= 0)
		return found < 0 ? -1 : case_refuse(pr, "该人员不存在，或不在您的管辖范围内");
	struct date on;
	if (!date || date_parse(date, &on) < 0)
		on = date_today(); /* the date's own problem is reported with the values below */
	if (eligible(p, &person, on, pr))
		return 1;

	struct db_stmt *st;
	if (db_prepare(w, SQL_OPEN_CASE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, person_id);
	db_bind_text(st, 2, p->code);
	db_bind_int(st, 3, year);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		int si = program_stage_index(p, db_col_text(st, 1));
		case_refuse(pr, "%s已有%d年度“%s”的个案（编号%lld，当前阶段：%s），不能重复登记", person.name, year, p->name,
		       (long long)db_col_int(st, 0), si >= 0 ? p->stages[si].label : db_col_text(st, 1));
	}
	db_done(st);
	if (rc == DB_ROW)
		return 1;
	if (rc != DB_DONE)
		return -1;

	json_t *stored;
	char day[11];
	if ((rc = check_entry(w, p, t, 0, date, remark, values, nvalues, &stored, day, pr, err)) != 0) {
		json_decref(stored);
		return rc;
	}
	date = day;
	struct case_file c = {0};
	char now[STAMP_SIZE];
	stamp_now(now);
	copy(c.program, sizeof c.program, p->code);
	c.version = p->version;
	c.year = year;
	c.person_id = person_id;
	copy(c.village, sizeof c.village, person.village);
	person_township(&person, c.township);
	copy(c.stage, sizeof c.stage, p->stages[t->to].key);
	copy(c.stage_date, sizeof c.stage_date, date);
	c.open = !p->stages[t->to].final;
	int64_t event;
	if (db_begin(w, err) < 0) {
		json_decref(stored);
		return -1;
	}
	if (db_prepare(w, SQL_INSERT_CASE, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, c.program);
	db_bind_int(st, 2, c.version);
	db_bind_int(st, 3, c.year);
	db_bind_int(st, 4, c.person_id);
	db_bind_text(st, 5, c.village);
	db_bind_text(st, 6, c.township);
	db_bind_text(st, 7, c.stage);
	db_bind_text(st, 8, c.stage_date);
	db_bind_int(st, 9, c.open);
	db_bind_text(st, 10, now);
	db_bind_text(st, 11, now);
	if ((rc = db_step(st, err)) != DB_DONE) {
		db_done(st);
		if (rc == DB_CONFLICT) { /* enrolled by another process meanwhile */
			db_rollback(w);
			json_decref(stored);
			return case_refuse(pr, "%s已有%d年度“%s”的个案，不能重复登记", person.name, year, p->name);
		}
		goto fail;
	}
	db_done(st);
	if (db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		goto fail;
	if (db_step(st, err) != DB_ROW) {
		db_done(st);
		goto fail;
	}
	c.id = db_col_int(st, 0);
	db_done(st);
	if (insert_event(w, c.id, t->key, "", c.stage, date, u, stored, remark, &event, err) < 0 ||
	    reach(w, p, &c, t->to, date, event, stored, err) < 0 || db_commit(w, err) < 0)
		goto fail;
	json_decref(stored);
	*case_id = c.id;
	return 0;
fail:
	db_rollback(w);
	json_decref(stored);
	return -1;
}

/* Case id within scope and the definition version it runs under: 0, 2 not found (pr says so), -1 error. */
static int open_case(struct db *w, const struct registry_scope *scope, int64_t id, struct case_file *c,
		     const struct program **p, struct case_problems *pr, struct error *err)
{
	int rc = case_get(w, scope, id, c, err);
	if (rc <= 0) {
		if (rc == 0)
			case_refuse(pr, "个案不存在，或不在您的管辖范围内");
		return rc < 0 ? -1 : 2;
	}
	if ((rc = program_get(w, c->program, c->version, p, err)) <= 0)
		return rc < 0 ? -1 : error_set(err, "case %lld: program %s version %d is not stored", (long long)id,
					       c->program, c->version);
	return 0;
}

/* The values the transition into stage last entered for case id (JSON text) into out: 1, 0 none, -1 error. */
static int entry_fields(struct db *w, int64_t id, const char *stage, char *out, size_t size, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_ENTRY_FIELDS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, stage);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		copy(out, size, db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/*
 * A case in a notice stage (hold) leaves it for a stage that goes on only
 * when the period has passed on date and no objection is open: 0, 1 refused
 * (both reasons when both hold), -1 error.
 */
static int hold_check(struct db *w, const struct program *p, const struct case_file *c, size_t stage,
		      const struct program_transition *t, const char *date, struct case_problems *pr,
		      struct error *err)
{
	const struct program_stage *s = &p->stages[stage];
	int days = s->hold_days;
	if (s->hold_field[0]) {
		char fields[4096];
		int found = entry_fields(w, c->id, s->key, fields, sizeof fields, err);
		if (found < 0)
			return -1;
		json_t *v = found ? json_loads(fields, 0, NULL) : NULL;
		days = program_hold_days(s, json_string_value(json_object_get(v, s->hold_field)));
		json_decref(v);
	}
	struct date from, on;
	if (date_parse(c->stage_date, &from) < 0 || date_parse(date, &on) < 0)
		return error_set(err, "case %lld: bad dates %s %s", (long long)c->id, c->stage_date, date);
	char period[700] = "", open_text[160] = "", end[11];
	long last = date_to_days(from) + days;
	if (date_to_days(on) < last) {
		date_format(date_from_days(last), end);
		snprintf(period, sizeof period, "“%s”期未满：自%s起%d天，%s起才能办理“%s”", s->label, c->stage_date, days,
			 end, t->label);
	}
	long open = objection_open_count(w, c->id, err);
	if (open < 0)
		return -1;
	if (open > 0)
		snprintf(open_text, sizeof open_text, "有%ld条异议尚未处理（异议成立的不予通过，不成立的方可继续）", open);
	if (!period[0] && !open_text[0])
		return 0;
	return case_refuse(pr, "%s%s%s", period, period[0] && open_text[0] ? "；" : "", open_text);
}

static int transition_run(struct db *w, int64_t id, const char *transition, const char *date,
			  const struct case_value *values, size_t nvalues, const char *remark, const struct user *u,
			  const struct registry_scope *scope, bool in_tx, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct case_file c;
	const struct program *p;
	int rc = open_case(w, scope, id, &c, &p, pr, err);
	if (rc != 0)
		return rc;
	const struct program_transition *t = transition_named(p, transition);
	int stage = program_stage_index(p, c.stage);
	const char *stage_label = stage >= 0 ? p->stages[stage].label : c.stage;
	if (!t)
		return case_refuse(pr, "“%s”没有名为“%s”的环节", p->name, transition ? transition : "");
	if (!c.open)
		return case_refuse(pr, "个案已结束（%s），不能再办理“%s”", stage_label, t->label);
	if (stage < 0 || !starts_from(t, (size_t)stage))
		return case_refuse(pr, "当前阶段（%s）不能办理“%s”", stage_label, t->label);
	if (!role_may(t, u))
		return case_refuse(pr, "您的角色（%s）不能办理“%s”", role_label(u->role), t->label);
	json_t *stored;
	char day[11];
	if ((rc = check_entry(w, p, t, id, date, remark, values, nvalues, &stored, day, pr, err)) != 0) {
		json_decref(stored);
		return rc;
	}
	date = day;
	/* A stage is reached on or after the stage before it. */
	struct date now, before;
	if (date_parse(date, &now) == 0 && date_parse(c.stage_date, &before) == 0 && date_cmp(now, before) < 0) {
		json_decref(stored);
		case_field_problem(pr, "date", "不能早于上一环节（%s）的日期 %s", stage_label, c.stage_date);
		return 1;
	}
	/* 审批: the person as registered now (a death, a move, a new grade since the application). */
	if (t->check_eligibility) {
		struct registry_scope own;
		struct person person;
		copy(own.lo, sizeof own.lo, c.village);
		copy(own.hi, sizeof own.hi, c.village);
		int found = registry_get(w, &own, c.person_id, &person, err);
		if (found <= 0 || eligible(p, &person, now, pr)) {
			json_decref(stored);
			return found < 0 ? -1 : found == 0 ? case_refuse(pr, "个案的人员不在档案中") : 1;
		}
	}
	if (p->stages[stage].hold && !p->stages[t->to].final &&
	    (rc = hold_check(w, p, &c, (size_t)stage, t, date, pr, err)) != 0) {
		json_decref(stored);
		return rc;
	}
	char at[STAMP_SIZE];
	stamp_now(at);
	int64_t event;
	struct db_stmt *st;
	if (!in_tx && db_begin(w, err) < 0) {
		json_decref(stored);
		return -1;
	}
	if (insert_event(w, id, t->key, c.stage, p->stages[t->to].key, date, u, stored, remark, &event, err) < 0 ||
	    db_prepare(w, SQL_MOVE_CASE, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, p->stages[t->to].key);
	db_bind_text(st, 2, date);
	db_bind_int(st, 3, !p->stages[t->to].final);
	db_bind_text(st, 4, at);
	db_bind_int(st, 5, id);
	if (run(st, err) < 0 || reach(w, p, &c, t->to, date, event, stored, err) < 0 || (!in_tx && db_commit(w, err) < 0))
		goto fail;
	json_decref(stored);
	return 0;
fail:
	if (!in_tx)
		db_rollback(w);
	json_decref(stored);
	return -1;
}

int case_transition(struct db *w, int64_t id, const char *transition, const char *date,
		    const struct case_value *values, size_t nvalues, const char *remark, const struct user *u,
		    const struct registry_scope *scope, struct case_problems *pr, struct error *err)
{
	return transition_run(w, id, transition, date, values, nvalues, remark, u, scope, false, pr, err);
}

int case_transition_tx(struct db *w, int64_t id, const char *transition, const char *date,
		       const struct case_value *values, size_t nvalues, const char *remark, const struct user *u,
		       const struct registry_scope *scope, struct case_problems *pr, struct error *err)
{
	return transition_run(w, id, transition, date, values, nvalues, remark, u, scope, true, pr, err);
}

/* Moves the counts of the stages case c reached from one township to another. */
static int move_counts(struct db *w, const struct program *p, const struct case_file *c, const char *to,
		       struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_REACHED, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, c->id);
	/* Read them all first: the counting statements must not run while this one is open. */
	struct {
		size_t stage;
		json_t *values;
	} reached[PROGRAM_LIST_MAX];
	size_t n = 0;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && n < PROGRAM_LIST_MAX) {
		int si = program_stage_index(p, db_col_text(st, 0));
		if (si < 0)
			continue;
		reached[n].stage = (size_t)si;
		reached[n].values = json_loads(db_col_text(st, 1), 0, NULL);
		n++;
	}
	db_done(st);
	int result = rc == DB_ROW || rc == DB_DONE ? 0 : -1;
	struct bumping out = {w, c, c->township, -1}, in = {w, c, to, 1};
	for (size_t i = 0; i < n; i++) {
		if (result == 0 && (contributions(p, reached[i].stage, reached[i].values, bump_one, &out, err) < 0 ||
				    contributions(p, reached[i].stage, reached[i].values, bump_one, &in, err) < 0))
			result = -1;
		json_decref(reached[i].values);
	}
	return result;
}

int case_transfer(struct db *w, int64_t id, const char *village, const char *remark, const struct user *u,
		  const struct registry_scope *scope, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct case_file c;
	const struct program *p;
	int rc = open_case(w, scope, id, &c, &p, pr, err);
	if (rc != 0)
		return rc;
	if (!(u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP))
		return case_refuse(pr, "您的角色（%s）不能转移个案", role_label(u->role));
	if (!c.open)
		return case_refuse(pr, "个案已结束，不能转移");
	struct division d;
	int found = village && division_level_of(village) == DIVISION_VILLAGE ? division_find(w, village, &d, err) : 0;
	if (found < 0)
		return -1;
	if (!found || d.level != DIVISION_VILLAGE) {
		case_field_problem(pr, "village", "应为本县的村（社区）");
		return 1;
	}
	if (strcmp(village, c.village) == 0) {
		case_field_problem(pr, "village", "个案已在这个村");
		return 1;
	}
	/*
	 * Moving a case to a village outside the user's scope is the point of
	 * a transfer (the person moved away); it must only start inside it.
	 */
	if (!remark || !*remark) {
		case_field_problem(pr, "remark", "请填写转移原因");
		return 1;
	}
	if (utf8_length(remark) > CASE_REMARK_MAX || utf8_has_control(remark)) {
		case_field_problem(pr, "remark", "不能超过%d个字，不能有控制字符", CASE_REMARK_MAX);
		return 1;
	}
	char township[13], at[STAMP_SIZE], today[11];
	snprintf(township, sizeof township, "%s", d.parent);
	stamp_now(at);
	date_format(date_today(), today);
	json_t *values = json_pack("{s:s, s:s}", "from_village", c.village, "to_village", village);
	int64_t event;
	struct db_stmt *st;
	if (db_begin(w, err) < 0) {
		json_decref(values);
		return -1;
	}
	if (insert_event(w, id, "transfer", c.stage, c.stage, today, u, values, remark, &event, err) < 0 ||
	    move_counts(w, p, &c, township, err) < 0 || db_prepare(w, SQL_TRANSFER_CASE, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, village);
	db_bind_text(st, 2, township);
	db_bind_text(st, 3, at);
	db_bind_int(st, 4, id);
	if (run(st, err) < 0 || db_prepare(w, SQL_TRANSFER_DUES, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, township);
	db_bind_int(st, 2, id);
	if (run(st, err) < 0 || db_commit(w, err) < 0)
		goto fail;
	json_decref(values);
	return 0;
fail:
	db_rollback(w);
	json_decref(values);
	return -1;
}

/* Reading */

int case_events(struct db *db, int64_t id, int (*fn)(void *ctx, const struct case_event *e, struct error *err),
		void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_EVENTS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct case_event e = {
			.id = db_col_int(st, 0),
			.transition = db_col_text(st, 1),
			.from_stage = db_col_text(st, 2),
			.to_stage = db_col_text(st, 3),
			.date = db_col_text(st, 4),
			.at = db_col_text(st, 5),
			.user_name = db_col_text(st, 6),
			.role = db_col_text(st, 7),
			.fields = db_col_text(st, 8),
			.remark = db_col_text(st, 9),
		};
		if (fn(ctx, &e, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int case_of_person(struct db *db, const struct registry_scope *scope, int64_t person_id,
		   int (*fn)(void *ctx, const struct case_file *c, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (!scope->lo[0])
		return 0;
	if (db_prepare(db, SQL_OF_PERSON, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, person_id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct case_file c;
		case_from_row(st, &c);
		if (fn(ctx, &c, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int list_rows(struct db_stmt *st, int (*fn)(void *ctx, const struct case_row *r, struct error *err),
		     void *ctx, struct error *err)
{
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct case_row r;
		case_from_row(st, &r.c);
		copy(r.due_stage, sizeof r.due_stage, db_col_text(st, 16));
		copy(r.due_date, sizeof r.due_date, db_col_text(st, 17));
		copy(r.done_date, sizeof r.done_date, db_col_text(st, 18));
		if (fn(ctx, &r, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int count_of(struct db_stmt *st, long *total, struct error *err)
{
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* Whether scope holds every village of township. */
static bool covers(const struct registry_scope *scope, const char *township)
{
	char last[13];
	snprintf(last, sizeof last, "%.9s999", township);
	return strcmp(scope->lo, township) <= 0 && strcmp(scope->hi, last) >= 0;
}

/*
 * The working list of overdue follow-ups, on the dues' indexes: one
 * township's, or the county's. The total is counted from the index alone
 * when the scope holds all of it and no current stage is asked.
 */
static int overdue(struct db *db, const struct case_query *q, const char *today, int per_page, int64_t offset,
		   int (*fn)(void *ctx, const struct case_row *r, struct error *err), void *ctx, long *total,
		   struct error *err)
{
	bool town = q->township[0] != '\0';
	bool fast = !q->stage[0] && (town ? covers(&q->scope, q->township) : covers(&q->scope, "000000000000") &&
							     strcmp(q->scope.hi, "999999999999") == 0);
	struct db_stmt *st;
	for (int pass = 0; pass < 2; pass++) {
		const char *sql = town ? (pass ? SQL_OVERDUE : fast ? SQL_OVERDUE_COUNT_TOWN : SQL_OVERDUE_COUNT)
				       : (pass ? SQL_OVERDUE_ALL : fast ? SQL_OVERDUE_ALL_COUNT_FAST : SQL_OVERDUE_ALL_COUNT);
		if (db_prepare(db, sql, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, q->program);
		if (town) {
			db_bind_text(st, 2, q->township);
			db_bind_text(st, 3, today);
			db_bind_int(st, 4, q->year);
			db_bind_text(st, 5, q->due_stage);
			if (pass || !fast) {
				db_bind_text(st, 6, q->scope.lo);
				db_bind_text(st, 7, q->scope.hi);
				db_bind_text(st, 8, q->stage);
			}
			if (pass) {
				db_bind_int(st, 9, per_page);
				db_bind_int(st, 10, offset);
			}
		} else {
			db_bind_text(st, 2, today);
			db_bind_int(st, 3, q->year);
			db_bind_text(st, 4, q->due_stage);
			if (pass || !fast) {
				db_bind_text(st, 5, q->scope.lo);
				db_bind_text(st, 6, q->scope.hi);
				db_bind_text(st, 7, q->stage);
			}
			if (pass) {
				db_bind_int(st, 8, per_page);
				db_bind_int(st, 9, offset);
			}
		}
		if ((pass ? list_rows(st, fn, ctx, err) : count_of(st, total, err)) < 0)
			return -1;
	}
	return 0;
}

int case_search(struct db *db, const struct case_query *q,
		int (*fn)(void *ctx, const struct case_row *r, struct error *err), void *ctx, long *total,
		struct error *err)
{
	*total = 0;
	if (!q->scope.lo[0])
		return 0;
	int per_page = q->per_page >= 1 && q->per_page <= 100 ? q->per_page : 20;
	long page = q->page >= 1 ? q->page : 1;
	int64_t offset = (int64_t)(page - 1) * per_page;
	char today[11];
	date_format(q->today, today);
	struct db_stmt *st;
	bool dues = q->due != CASE_DUE_ANY || q->due_stage[0];
	if (dues && q->due == CASE_DUE_OVERDUE && !q->by_stage[0] && !q->village[0] && !case_query_by_person(q))
		return overdue(db, q, today, per_page, offset, fn, ctx, total, err);
	for (int pass = 0; pass < 2; pass++) {
		const char *sql = dues ? (pass ? SQL_DUES : SQL_DUES_COUNT) : (pass ? SQL_LIST : SQL_LIST_COUNT);
		if (db_prepare(db, sql, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, q->program);
		db_bind_int(st, 2, q->year);
		db_bind_text(st, 3, q->scope.lo);
		db_bind_text(st, 4, q->scope.hi);
		db_bind_text(st, 5, q->township);
		db_bind_text(st, 6, q->stage);
		int next = 7;
		if (dues) {
			db_bind_text(st, 7, q->due_stage);
			db_bind_int(st, 8, (int)q->due);
			db_bind_text(st, 9, today);
			next = 10;
		}
		if (pass) {
			db_bind_int(st, next, per_page);
			db_bind_int(st, next + 1, offset);
		}
		db_bind_text(st, 12, q->by_stage);
		db_bind_text(st, 13, q->by_field);
		db_bind_text(st, 14, q->by_value);
		case_bind_person(st, q);
		if ((pass ? list_rows(st, fn, ctx, err) : count_of(st, total, err)) < 0)
			return -1;
	}
	return 0;
}

bool case_query_by_person(const struct case_query *q)
{
	return q->categories || q->grades || q->hukou || q->sex || q->status || q->born_after[0] || q->born_by[0];
}

void case_bind_person(struct db_stmt *st, const struct case_query *q)
{
	db_bind_text(st, 15, q->village);
	db_bind_int(st, 16, case_query_by_person(q));
	db_bind_int(st, 17, q->categories);
	db_bind_int(st, 18, q->grades);
	db_bind_int(st, 19, q->hukou);
	db_bind_int(st, 20, q->sex);
	db_bind_text(st, 21, q->born_after);
	db_bind_text(st, 22, q->born_by);
	db_bind_int(st, 23, q->status);
}

/* Counts */

struct live {
	void (*fn)(void *ctx, const char *township, const char *counter, long n);
	void *ctx;
	bool by_township;
	/* Sums of the current township (by_township) or of all. */
	char township[13];
	struct {
		char counter[PROGRAM_KEY_MAX + 8];
		long n;
	} sums[2 * PROGRAM_LIST_MAX + 8];
	size_t nsums;
};

static int live_add(void *ctx, const char *counter, struct error *err)
{
	(void)err;
	struct live *l = ctx;
	for (size_t i = 0; i < l->nsums; i++)
		if (strcmp(l->sums[i].counter, counter) == 0) {
			l->sums[i].n++;
			return 0;
		}
	if (l->nsums < sizeof l->sums / sizeof l->sums[0]) {
		copy(l->sums[l->nsums].counter, sizeof l->sums[0].counter, counter);
		l->sums[l->nsums++].n = 1;
	}
	return 0;
}

static int cmp_counter(const void *a, const void *b)
{
	return strcmp(a, b); /* counter is the first member */
}

static void live_flush(struct live *l)
{
	qsort(l->sums, l->nsums, sizeof l->sums[0], cmp_counter);
	for (size_t i = 0; i < l->nsums; i++)
		l->fn(l->ctx, l->by_township ? l->township : "", l->sums[i].counter, l->sums[i].n);
	l->nsums = 0;
}

/* Counts of a scope narrower than a township, from the cases themselves. */
static int live_counts(struct db *db, const struct registry_scope *scope, const char *program, int year,
		       const char *township, struct live *l, struct error *err)
{
	const struct program *p;
	int rc = program_get(db, program, 0, &p, err);
	if (rc <= 0)
		return rc;
	struct db_stmt *st;
	if (db_prepare(db, SQL_SCOPE_REACHED, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	db_bind_text(st, 5, township);
	db_bind_text(st, 6, township);
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *town = db_col_text(st, 0);
		if (l->by_township && strcmp(town, l->township) != 0) {
			if (l->township[0])
				live_flush(l);
			copy(l->township, sizeof l->township, town);
		}
		int si = program_stage_index(p, db_col_text(st, 1));
		json_t *values = json_loads(db_col_text(st, 2), 0, NULL);
		if (si >= 0)
			(void)contributions(p, (size_t)si, values, live_add, l, err);
		json_decref(values);
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	live_flush(l);
	return 0;
}

int case_counts(struct db *db, const struct registry_scope *scope, const char *program, int year,
		const char *township, bool by_township,
		void (*fn)(void *ctx, const char *township, const char *counter, long n), void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	const char *town = township ? township : "";
	/* The running counts are per township: a scope that is a whole township or more can use them. */
	char lo[13], hi[13];
	snprintf(lo, sizeof lo, "%.9s000", scope->lo);
	snprintf(hi, sizeof hi, "%.9s999", scope->hi);
	bool whole = strcmp(scope->lo, lo) == 0 || strcmp(scope->lo, "000000000000") == 0;
	if (!whole) {
		struct live *l = calloc(1, sizeof *l);
		if (!l)
			return error_set(err, "out of memory");
		l->fn = fn;
		l->ctx = ctx;
		l->by_township = by_township;
		int rc = live_counts(db, scope, program, year, town, l, err);
		free(l);
		return rc < 0 ? -1 : 0;
	}
	struct db_stmt *st;
	if (db_prepare(db, by_township ? SQL_COUNTS_BY_TOWNSHIP : SQL_COUNTS, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	db_bind_text(st, 5, town);
	db_bind_text(st, 6, town);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1), (long)db_col_int(st, 2));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int case_archive_no(struct db *db, int64_t id, char out[CASE_ARCHIVE_NO_SIZE], struct error *err)
{
	struct db_stmt *st;
	out[0] = '\0';
	if (db_prepare(db, SQL_ARCHIVE_NO, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		copy(out, CASE_ARCHIVE_NO_SIZE, db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

