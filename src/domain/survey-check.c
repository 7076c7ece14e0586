#include "domain/survey-check.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/division.h"

/* The rows a sample is drawn from: the township's roster persons with a record, in person order. */
static const char SQL_POPULATION[] =
    "SELECT person_id, record_id FROM survey_roster"
    " WHERE year = ? AND township_code = ? AND record_id IS NOT NULL ORDER BY person_id";
static const char SQL_SURVEY[] = "SELECT 1 FROM survey WHERE year = ?";
static const char SQL_TOWNSHIP[] = "SELECT 1 FROM division WHERE code = ? AND level = 2";
static const char SQL_INSERT[] = "INSERT INTO survey_check (year, township_code, seed, requested, population, drawn,"
                                 " drawn_on, drawn_at, drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_ITEM_INSERT[] =
    "INSERT INTO survey_check_item (check_id, seq, person_id, record_id) VALUES (?, ?, ?, ?)";

#define CHECK_COLUMNS                                                                                                  \
	"c.id, c.year, c.township_code, t.name, c.seed, c.requested, c.population, c.drawn, c.drawn_at, c.drawn_by,"   \
	" c.drawn_on,"                                                                                                 \
	" (SELECT count(i.result) FROM survey_check_item i WHERE i.check_id = c.id),"                                  \
	" (SELECT count(*) FROM survey_check_item i WHERE i.check_id = c.id AND i.result = 2)"                         \
	" FROM survey_check c JOIN division t ON t.code = c.township_code"
static const char SQL_GET[] = "SELECT " CHECK_COLUMNS " WHERE c.id = ?1 AND c.township_code BETWEEN ?2 AND ?3";
static const char SQL_LIST[] = "SELECT " CHECK_COLUMNS " WHERE c.year = ?1 AND c.township_code BETWEEN ?2 AND ?3"
                               " AND (?4 = '' OR c.township_code = ?4) ORDER BY c.id DESC";
static const char SQL_LATEST[] =
    "SELECT " CHECK_COLUMNS " WHERE c.id IN (SELECT max(id) FROM survey_check WHERE year = ?1 GROUP BY township_code)"
    " AND c.township_code BETWEEN ?2 AND ?3 ORDER BY c.township_code";

static const char SQL_ITEMS[] =
    "SELECT i.seq, i.person_id, i.record_id, r.name, r.village_code, v.name, s.version, coalesce(cur.version, 0),"
    " s.outcome, s.visit_date, s.investigator, coalesce(i.result, 0), i.note, coalesce(i.verified_on, ''),"
    " coalesce(i.verified_at, ''), coalesce(i.verified_by, '')"
    " FROM survey_check_item i JOIN survey_check c ON c.id = i.check_id"
    " JOIN survey_roster r ON r.year = c.year AND r.person_id = i.person_id"
    " JOIN survey_record s ON s.id = i.record_id LEFT JOIN survey_record cur ON cur.id = r.record_id"
    " JOIN division v ON v.code = r.village_code WHERE i.check_id = ? ORDER BY i.seq";
static const char SQL_ITEM_ONE[] =
    "SELECT coalesce(result, 0) FROM survey_check_item WHERE check_id = ? AND person_id = ?";
static const char SQL_VERIFY[] = "UPDATE survey_check_item SET result = ?, note = ?, verified_on = ?, verified_at = ?,"
                                 " verified_by = ? WHERE check_id = ? AND person_id = ? AND result IS NULL";

/* The generator and the sample */

uint64_t survey_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform draw below m (m >= 1): values under (2^64 - m) mod m are rejected, so none is favoured. */
static uint64_t below(uint64_t *state, uint64_t m)
{
	uint64_t threshold = (0 - m) % m;
	for (;;) {
		uint64_t r = survey_splitmix64(state);
		if (r >= threshold)
			return r % m;
	}
}

void survey_sample(uint64_t seed, size_t population, size_t n, size_t *out)
{
	if (n > population)
		n = population;
	size_t *rows = xmalloc((population ? population : 1) * sizeof *rows);
	for (size_t i = 0; i < population; i++)
		rows[i] = i;
	uint64_t state = seed;
	for (size_t i = 0; i < n; i++) {
		size_t j = i + (size_t)below(&state, (uint64_t)(population - i));
		size_t t = rows[i];
		rows[i] = rows[j];
		rows[j] = t;
		out[i] = rows[i];
	}
	free(rows);
}

bool survey_check_may(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

const char *survey_verdict_code(enum survey_verdict v)
{
	return v == SURVEY_AGREES ? "agrees" : v == SURVEY_DISCREPANCY ? "discrepancy" : "";
}

const char *survey_verdict_label(enum survey_verdict v)
{
	return v == SURVEY_AGREES ? "一致" : v == SURVEY_DISCREPANCY ? "有差错" : "未核实";
}

int survey_verdict_parse(const char *text)
{
	if (!text)
		return -1;
	if (strcmp(text, "agrees") == 0 || strcmp(text, "一致") == 0)
		return SURVEY_AGREES;
	if (strcmp(text, "discrepancy") == 0 || strcmp(text, "有差错") == 0)
		return SURVEY_DISCREPANCY;
	return -1;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* 1 when sql (one text parameter or one integer) gives a row, 0 not, -1 error. */
static int any_row(struct db *db, const char *sql, const char *text, int64_t n, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, n);
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* A random seed of 1..SURVEY_CHECK_SEED_MAX, when the user gives none. */
static int64_t random_seed(void)
{
	if (sodium_init() < 0)
		abort();
	uint64_t r;
	randombytes_buf(&r, sizeof r);
	return (int64_t)(r % (uint64_t)SURVEY_CHECK_SEED_MAX) + 1;
}

struct population {
	int64_t *person, *record;
	size_t n, cap;
};

static int population_read(struct db *w, int year, const char *township, struct population *pop, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_POPULATION, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, township);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (pop->n == pop->cap) {
			pop->cap = pop->cap ? 2 * pop->cap : 256;
			pop->person = xrealloc(pop->person, pop->cap * sizeof *pop->person);
			pop->record = xrealloc(pop->record, pop->cap * sizeof *pop->record);
		}
		pop->person[pop->n] = db_col_int(st, 0);
		pop->record[pop->n] = db_col_int(st, 1);
		pop->n++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int survey_check_draw(struct db *w, int year, const char *township, int n, int64_t seed, const struct user *u,
                      const struct registry_scope *scope, int64_t *id, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	int found = any_row(w, SQL_SURVEY, NULL, year, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, msg(MSG_SURVEY_NONE), year), 2);
	found = township && division_level_of(township) == DIVISION_TOWNSHIP && registry_scope_has(scope, township)
	            ? any_row(w, SQL_TOWNSHIP, township, 0, err)
	            : 0;
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "%s", msg(MSG_SURVEY_DIVISION)), 2);
	if (!survey_check_may(u))
		return case_refuse(pr, msg(MSG_SURVEY_ROLE_CHECK), role_label(u->role));
	if (n < 1 || n > SURVEY_CHECK_MAX)
		case_field_problem(pr, "n", msg(MSG_SURVEY_CHECK_N), SURVEY_CHECK_MAX);
	if (seed < 0 || seed > SURVEY_CHECK_SEED_MAX)
		case_field_problem(pr, "seed", "%s", msg(MSG_SURVEY_CHECK_SEED));
	if (pr->n)
		return 1;
	if (seed == 0)
		seed = random_seed();
	char at[STAMP_SIZE], today[11];
	stamp_now(at);
	date_format(date_today(), today);
	struct population pop = {0};
	size_t *pick = NULL;
	int rc = -1;
	struct db_stmt *st;
	/* The rows are read in the transaction that stores the sample, so both see the same roster. */
	if (db_begin(w, err) < 0)
		goto out;
	if (population_read(w, year, township, &pop, err) < 0)
		goto fail;
	if (pop.n == 0) {
		db_rollback(w);
		rc = case_refuse(pr, "%s", msg(MSG_SURVEY_CHECK_EMPTY));
		goto out;
	}
	size_t drawn = (size_t)n < pop.n ? (size_t)n : pop.n;
	pick = xmalloc(drawn * sizeof *pick);
	survey_sample((uint64_t)seed, pop.n, drawn, pick);
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, township);
	db_bind_int(st, 3, seed);
	db_bind_int(st, 4, n);
	db_bind_int(st, 5, (int64_t)pop.n);
	db_bind_int(st, 6, (int64_t)drawn);
	db_bind_text(st, 7, today);
	db_bind_text(st, 8, at);
	db_bind_text(st, 9, u->name);
	if (run(st, err) < 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		goto fail;
	int step = db_step(st, err);
	if (step == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	if (step != DB_ROW)
		goto fail;
	for (size_t i = 0; i < drawn; i++) {
		if (db_prepare(w, SQL_ITEM_INSERT, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_int(st, 3, pop.person[pick[i]]);
		db_bind_int(st, 4, pop.record[pick[i]]);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
	*id = 0;
	rc = -1;
out:
	free(pick);
	free(pop.person);
	free(pop.record);
	return rc;
}

static void check_from(struct db_stmt *st, struct survey_check *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, 0);
	c->year = (int)db_col_int(st, 1);
	copy(c->township, sizeof c->township, db_col_text(st, 2));
	copy(c->township_name, sizeof c->township_name, db_col_text(st, 3));
	c->seed = db_col_int(st, 4);
	c->requested = (int)db_col_int(st, 5);
	c->population = (long)db_col_int(st, 6);
	c->drawn = (long)db_col_int(st, 7);
	copy(c->drawn_at, sizeof c->drawn_at, db_col_text(st, 8));
	copy(c->drawn_by, sizeof c->drawn_by, db_col_text(st, 9));
	copy(c->drawn_on, sizeof c->drawn_on, db_col_text(st, 10));
	c->verified = (long)db_col_int(st, 11);
	c->discrepancies = (long)db_col_int(st, 12);
}

int survey_check_get(struct db *db, int64_t id, const struct registry_scope *scope, struct survey_check *out,
                     struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		check_from(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Runs a list statement (year, scope, and township when sql is SQL_LIST) through fn. */
static int checks(struct db *db, const char *sql, int year, const char *township, const struct registry_scope *scope,
                  int (*fn)(void *ctx, const struct survey_check *c, struct error *err), void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	if (sql == SQL_LIST)
		db_bind_text(st, 4, township ? township : "");
	struct survey_check c;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		check_from(st, &c);
		if (fn(ctx, &c, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int survey_check_list(struct db *db, int year, const char *township, const struct registry_scope *scope,
                      int (*fn)(void *ctx, const struct survey_check *c, struct error *err), void *ctx,
                      struct error *err)
{
	return checks(db, SQL_LIST, year, township, scope, fn, ctx, err);
}

int survey_check_latest(struct db *db, int year, const struct registry_scope *scope,
                        int (*fn)(void *ctx, const struct survey_check *c, struct error *err), void *ctx,
                        struct error *err)
{
	return checks(db, SQL_LATEST, year, "", scope, fn, ctx, err);
}

int survey_check_items(struct db *db, int64_t id,
                       int (*fn)(void *ctx, const struct survey_check_item *it, struct error *err), void *ctx,
                       struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_ITEMS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	struct survey_check_item *it = xmalloc(sizeof *it);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(it, 0, sizeof *it);
		it->seq = (int)db_col_int(st, 0);
		it->person_id = db_col_int(st, 1);
		it->record_id = db_col_int(st, 2);
		copy(it->name, sizeof it->name, db_col_text(st, 3));
		copy(it->village, sizeof it->village, db_col_text(st, 4));
		copy(it->village_name, sizeof it->village_name, db_col_text(st, 5));
		it->version = (int)db_col_int(st, 6);
		it->current_version = (int)db_col_int(st, 7);
		int o = (int)db_col_int(st, 8);
		it->outcome = o >= SURVEY_VISITED && o <= SURVEY_DECEASED ? (enum survey_outcome)o : SURVEY_NONE;
		copy(it->visit_date, sizeof it->visit_date, db_col_text(st, 9));
		copy(it->investigator, sizeof it->investigator, db_col_text(st, 10));
		int v = (int)db_col_int(st, 11);
		it->verdict =
		    v == SURVEY_AGREES || v == SURVEY_DISCREPANCY ? (enum survey_verdict)v : SURVEY_UNVERIFIED;
		copy(it->note, sizeof it->note, db_col_text(st, 12));
		copy(it->verified_on, sizeof it->verified_on, db_col_text(st, 13));
		copy(it->verified_at, sizeof it->verified_at, db_col_text(st, 14));
		copy(it->verified_by, sizeof it->verified_by, db_col_text(st, 15));
		if (fn(ctx, it, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	free(it);
	return rc == DB_DONE ? 0 : -1;
}

int survey_check_verify(struct db *w, int64_t id, int64_t person_id, const char *verdict, const char *note,
                        const char *date, const struct user *u, const struct registry_scope *scope,
                        struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct survey_check c;
	int found = survey_check_get(w, id, scope, &c, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "%s", msg(MSG_SURVEY_DIVISION)), 2);
	if (!survey_check_may(u))
		return case_refuse(pr, msg(MSG_SURVEY_ROLE_CHECK), role_label(u->role));
	struct db_stmt *st;
	if (db_prepare(w, SQL_ITEM_ONE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, person_id);
	int rc = db_step(st, err);
	int64_t result = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (rc == DB_DONE)
		return case_refuse(pr, "%s", msg(MSG_SURVEY_CHECK_ITEM)), 2;
	if (result)
		return case_refuse(pr, "%s", msg(MSG_SURVEY_CHECK_DONE));
	int v = survey_verdict_parse(verdict);
	note = note ? note : "";
	if (v < 0)
		case_field_problem(pr, "result", "%s", msg(MSG_SURVEY_CHECK_RESULT));
	if (!utf8_valid(note, strlen(note)) || utf8_has_control(note))
		case_field_problem(pr, "note", "%s", msg(MSG_SURVEY_TEXT_CONTROL));
	else if (utf8_length(note) > SURVEY_CHECK_NOTE_MAX)
		case_field_problem(pr, "note", msg(MSG_SURVEY_REMARK_LONG), SURVEY_CHECK_NOTE_MAX);
	else if (v == SURVEY_DISCREPANCY && strspn(note, " ") == strlen(note))
		case_field_problem(pr, "note", "%s", msg(MSG_SURVEY_CHECK_NOTE));
	struct date d, drawn = {0};
	if (!date || date_parse(date, &d) < 0 || date_cmp(d, date_today()) > 0)
		case_field_problem(pr, "date", "%s", msg(MSG_SURVEY_CHECK_DATE_INVALID));
	else if (date_parse(c.drawn_on, &drawn) == 0 && date_cmp(d, drawn) < 0)
		case_field_problem(pr, "date", msg(MSG_SURVEY_CHECK_DATE), c.drawn_on);
	if (pr->n)
		return 1;
	char day[11], at[STAMP_SIZE];
	date_format(d, day);
	stamp_now(at);
	if (db_prepare(w, SQL_VERIFY, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, v);
	db_bind_text(st, 2, note);
	db_bind_text(st, 3, day);
	db_bind_text(st, 4, at);
	db_bind_text(st, 5, u->name);
	db_bind_int(st, 6, id);
	db_bind_int(st, 7, person_id);
	if (run(st, err) < 0)
		return -1;
	return db_changes(w) == 1 ? 0 : case_refuse(pr, "%s", msg(MSG_SURVEY_CHECK_DONE));
}
