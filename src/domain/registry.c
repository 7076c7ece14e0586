#include "domain/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/division.h"

/*
 * The columns of a person as person.c reads them, with the township and
 * village names; kept in step with PERSON_COLUMNS there.
 */

/*
 * One WHERE for every search: each filter is optional in the SQL itself
 * (its parameter '' or 0 turns it off), so the text never changes. The
 * scope (?1, ?2) is never optional. Category and grade lists are bit sets.
 * The age groups are birth-date bounds worked out from today in C.
 */
#define REGISTRY_WHERE                                                                                                 \
	" WHERE p.village_code BETWEEN ?1 AND ?2"                                                                      \
	" AND (?3 = '' OR p.village_code BETWEEN ?3 AND ?4)"                                                           \
	" AND (?5 = '' OR p.village_code = ?5)"                                                                        \
	" AND (?6 = 0 OR ((?6 >> coalesce(p.category, 0)) & 1) = 1)"                                                   \
	" AND (?7 = 0 OR ((?7 >> coalesce(p.grade, 0)) & 1) = 1)"                                                      \
	" AND (?8 = 0 OR p.hukou = ?8)"                                                                                \
	" AND (?9 < 0 OR p.dibao = ?9)"                                                                                \
	" AND (?10 = 0 OR p.status = ?10)"                                                                             \
	" AND (?11 = '' OR p.birth_date > ?11)"                                                                        \
	" AND (?12 = '' OR p.birth_date <= ?12)"                                                                       \
	" AND (?13 = '' OR p.name LIKE ?13 ESCAPE '\\')"                                                               \
	" AND (?14 = '' OR p.id_number = ?14)"

static const char SQL_COUNT[] = "SELECT count(*) FROM person p" REGISTRY_WHERE;
/*
 * The sort whitelist as CASEs on ?15 (the column) and ?16 (1 descending);
 * the id breaks ties so that pages never overlap. File numbers follow the
 * id, so sorting by file number is sorting by id.
 */
static const char SQL_PAGE[] =
    "SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN REGISTRY_WHERE " ORDER BY"
    " CASE WHEN ?16 = 0 THEN CASE ?15 WHEN 1 THEN p.name WHEN 2 THEN p.birth_date WHEN 3 THEN p.village_code END"
    " END ASC,"
    " CASE WHEN ?16 = 1 THEN CASE ?15 WHEN 1 THEN p.name WHEN 2 THEN p.birth_date WHEN 3 THEN p.village_code END"
    " END DESC,"
    " CASE WHEN ?16 = 1 AND ?15 = 0 THEN p.id END DESC,"
    " p.id ASC LIMIT ?17 OFFSET ?18";
static const char SQL_GET[] =
    "SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN " WHERE p.id = ?1 AND p.village_code BETWEEN ?2 AND ?3";
static const char SQL_DIVISIONS[] = "SELECT code, name FROM division WHERE level = ?1 AND code BETWEEN ?2 AND ?3"
                                    " AND code BETWEEN ?4 AND ?5 ORDER BY code";

const char *const registry_arg_names[] = {"township", "village", "category", "grade",    "hukou", "dibao", "age_group",
                                          "status",   "q",       "page",     "per_page", "sort",  "order", NULL};

static const char *const sort_names[REGISTRY_SORT__MAX] = {
    [REGISTRY_SORT_FILE_NO] = "file_no",
    [REGISTRY_SORT_NAME] = "name",
    [REGISTRY_SORT_BIRTH] = "birth_date",
    [REGISTRY_SORT_VILLAGE] = "village",
};

static const char *const age_names[] = {
    [REGISTRY_AGE_ANY] = "",
    [REGISTRY_AGE_CHILD] = "0-17",
    [REGISTRY_AGE_ADULT] = "18-59",
    [REGISTRY_AGE_SENIOR] = "60+",
};

const char *registry_sort_name(enum registry_sort s)
{
	return s < REGISTRY_SORT__MAX ? sort_names[s] : sort_names[0];
}

const char *registry_age_name(enum registry_age a)
{
	return a <= REGISTRY_AGE_SENIOR ? age_names[a] : "";
}

void registry_scope_of(const struct user *u, struct registry_scope *out)
{
	memset(out, 0, sizeof *out);
	switch (u->role) {
	case ROLE_COUNTY_ADMIN:
	case ROLE_COUNTY_STAFF:
	case ROLE_LEADER:
		/* A county account may still be bound to a division: then that subtree. */
		if (u->division[0]) {
			division_subtree(u->division, out->lo, out->hi);
		} else {
			snprintf(out->lo, sizeof out->lo, "000000000000");
			snprintf(out->hi, sizeof out->hi, "999999999999");
		}
		break;
	case ROLE_TOWNSHIP:
	case ROLE_VILLAGE:
		if (division_level_of(u->division) >= DIVISION_TOWNSHIP)
			division_subtree(u->division, out->lo, out->hi);
		break;
	default:
		/* Hospitals see their patients through the projects (later); nothing here. */
		break;
	}
}

bool registry_scope_has(const struct registry_scope *s, const char *code)
{
	return s->lo[0] && strcmp(code, s->lo) >= 0 && strcmp(code, s->hi) <= 0;
}

void registry_query_init(struct registry_query *q, const struct user *u)
{
	memset(q, 0, sizeof *q);
	registry_scope_of(u, &q->scope);
	q->dibao = -1;
	q->page = 1;
	q->per_page = REGISTRY_PER_PAGE;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A positive integer up to max, or -1. */
static long parse_long(const char *s, long max)
{
	if (!*s || strlen(s) > 9)
		return -1;
	long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v >= 1 && v <= max ? v : -1;
}

/* "1,4,7" into a bit set of codes lo..hi; 0 on any bad item. */
static unsigned parse_codes(const char *s, int lo, int hi)
{
	unsigned set = 0;
	const char *p = s;
	for (;;) {
		if (*p < '0' || *p > '9' || (p[1] != ',' && p[1] != '\0'))
			return 0;
		int c = *p - '0';
		if (c < lo || c > hi)
			return 0;
		set |= 1u << c;
		if (p[1] == '\0')
			return set;
		p += 2;
	}
}

enum msg_id registry_query_arg(struct registry_query *q, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (strcmp(name, "township") == 0) {
		if (!all_digits(value, 12) || division_level_of(value) != DIVISION_TOWNSHIP)
			return MSG_FILTER_TOWNSHIP;
		memcpy(q->township, value, 13);
	} else if (strcmp(name, "village") == 0) {
		if (!all_digits(value, 12) || division_level_of(value) != DIVISION_VILLAGE)
			return MSG_FILTER_VILLAGE;
		memcpy(q->village, value, 13);
	} else if (strcmp(name, "category") == 0 || strcmp(name, "grade") == 0) {
		bool cat = name[0] == 'c';
		unsigned set = parse_codes(value, 1, cat ? 7 : 4);
		if (!set)
			return MSG_FILTER_CODES;
		*(cat ? &q->categories : &q->grades) = set;
	} else if (strcmp(name, "hukou") == 0) {
		if (strcmp(value, "1") != 0 && strcmp(value, "2") != 0)
			return MSG_FILTER_VALUE;
		q->hukou = value[0] - '0';
	} else if (strcmp(name, "dibao") == 0) {
		if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
			return MSG_FILTER_VALUE;
		q->dibao = value[0] - '0';
	} else if (strcmp(name, "status") == 0) {
		if (strlen(value) != 1 || value[0] < '1' || value[0] > '3')
			return MSG_FILTER_VALUE;
		q->status = value[0] - '0';
	} else if (strcmp(name, "age_group") == 0) {
		enum registry_age a = REGISTRY_AGE_ANY;
		for (int i = REGISTRY_AGE_CHILD; i <= REGISTRY_AGE_SENIOR; i++)
			if (strcmp(value, age_names[i]) == 0)
				a = (enum registry_age)i;
		if (a == REGISTRY_AGE_ANY)
			return MSG_FILTER_VALUE;
		q->age = a;
	} else if (strcmp(name, "q") == 0) {
		if (strlen(value) > REGISTRY_Q_MAX)
			return MSG_FILTER_Q;
		snprintf(q->q, sizeof q->q, "%s", value);
	} else if (strcmp(name, "page") == 0) {
		long v = parse_long(value, 100000000L);
		if (v < 0)
			return MSG_FILTER_PAGE;
		q->page = v;
	} else if (strcmp(name, "per_page") == 0) {
		long v = parse_long(value, REGISTRY_PER_PAGE_MAX);
		if (v < 0)
			return MSG_FILTER_PER_PAGE;
		q->per_page = (int)v;
	} else if (strcmp(name, "sort") == 0) {
		int s = -1;
		for (int i = 0; i < REGISTRY_SORT__MAX; i++)
			if (strcmp(value, sort_names[i]) == 0)
				s = i;
		if (s < 0)
			return MSG_FILTER_VALUE;
		q->sort = (enum registry_sort)s;
	} else if (strcmp(name, "order") == 0) {
		if (strcmp(value, "asc") != 0 && strcmp(value, "desc") != 0)
			return MSG_FILTER_VALUE;
		q->desc = value[0] == 'd';
	}
	return 0;
}

/* The latest birth date of someone at least years old today ("YYYY-MM-DD"). */
static void born_by(struct date today, int years, char out[11])
{
	struct date d = {today.year - years, today.month, today.day};
	/* Feb 29 born on a leap day turns a year older on Mar 1 (date_age), so Feb 28 is the bound. */
	if (d.month == 2 && d.day > date_days_in_month(d.year, 2))
		d.day = date_days_in_month(d.year, 2);
	date_format(d, out);
}

/*
 * Whether q is a whole ID number: 17 digits and a digit or X. Such a search
 * is an equality on id_number (its unique index), never a LIKE.
 */
static bool is_id_number(const char *q)
{
	if (strlen(q) != 18)
		return false;
	for (int i = 0; i < 18; i++)
		if (!((q[i] >= '0' && q[i] <= '9') || (i == 17 && (q[i] == 'X' || q[i] == 'x'))))
			return false;
	return true;
}

/* The texts bound to a search, alive while its statement runs. */
struct bound {
	char tlo[13], thi[13];
	char older[11], younger[11]; /* birth_date > older, birth_date <= younger */
	char like[2 * REGISTRY_Q_MAX + 3];
	char id[19];
};

static void bind_where(struct db_stmt *st, const struct registry_query *q, struct bound *b)
{
	memset(b, 0, sizeof *b);
	if (q->township[0])
		division_subtree(q->township, b->tlo, b->thi);
	struct date today = date_today();
	switch (q->age) {
	case REGISTRY_AGE_CHILD:
		born_by(today, 18, b->older);
		break;
	case REGISTRY_AGE_ADULT:
		born_by(today, 60, b->older);
		born_by(today, 18, b->younger);
		break;
	case REGISTRY_AGE_SENIOR:
		born_by(today, 60, b->younger);
		break;
	default:
		break;
	}
	if (is_id_number(q->q)) {
		memcpy(b->id, q->q, 19);
		if (b->id[17] == 'x')
			b->id[17] = 'X';
	} else if (q->q[0]) {
		/* A name substring: % and _ typed by the user are matched as themselves. */
		char *o = b->like;
		*o++ = '%';
		for (const char *p = q->q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				*o++ = '\\';
			*o++ = *p;
		}
		*o++ = '%';
		*o = '\0';
	}
	/* An empty scope must not be mistaken for "everything": it binds a range nothing is in. */
	db_bind_text(st, 1, q->scope.lo[0] ? q->scope.lo : "~");
	db_bind_text(st, 2, q->scope.lo[0] ? q->scope.hi : "");
	db_bind_text(st, 3, b->tlo);
	db_bind_text(st, 4, b->thi);
	db_bind_text(st, 5, q->village);
	db_bind_int(st, 6, q->categories);
	db_bind_int(st, 7, q->grades);
	db_bind_int(st, 8, q->hukou);
	db_bind_int(st, 9, q->dibao);
	db_bind_int(st, 10, q->status);
	db_bind_text(st, 11, b->older);
	db_bind_text(st, 12, b->younger);
	db_bind_text(st, 13, b->like);
	db_bind_text(st, 14, b->id);
}

int registry_search(struct db *db, const struct registry_query *q,
                    int (*fn)(void *ctx, const struct person *p, struct error *err), void *ctx, long *total,
                    struct error *err)
{
	struct db_stmt *st;
	struct bound b;
	*total = 0;
	if (db_prepare(db, SQL_COUNT, &st, err) < 0)
		return -1;
	bind_where(st, q, &b);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? error_set(err, "registry count gave no row") : -1;
	long page = q->page >= 1 ? q->page : 1;
	int per = q->per_page >= 1 && q->per_page <= REGISTRY_PER_PAGE_MAX ? q->per_page : REGISTRY_PER_PAGE;
	if ((page - 1) * (long)per >= *total)
		return 0;
	if (db_prepare(db, SQL_PAGE, &st, err) < 0)
		return -1;
	bind_where(st, q, &b);
	db_bind_int(st, 15, q->sort < REGISTRY_SORT__MAX ? q->sort : 0);
	db_bind_int(st, 16, q->desc ? 1 : 0);
	db_bind_int(st, 17, per);
	db_bind_int(st, 18, (int64_t)(page - 1) * per);
	struct person p;
	while ((rc = db_step(st, err)) == DB_ROW) {
		person_from_row(st, &p);
		if (fn(ctx, &p, err) < 0) {
			rc = -1;
			break;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int registry_get(struct db *db, const struct registry_scope *scope, int64_t id, struct person *out, struct error *err)
{
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
		person_from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int registry_divisions(struct db *db, const struct registry_scope *scope, const char *within, int level,
                       void (*fn)(void *ctx, const char *code, const char *name), void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	char lo[13] = "000000000000", hi[13] = "999999999999";
	if (within && *within)
		division_subtree(within, lo, hi);
	struct db_stmt *st;
	if (db_prepare(db, SQL_DIVISIONS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, level);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	db_bind_text(st, 4, lo);
	db_bind_text(st, 5, hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

bool registry_may_edit(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP ||
	       u->role == ROLE_VILLAGE;
}
