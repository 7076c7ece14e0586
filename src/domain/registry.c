#include "domain/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/number.h"
#include "domain/division.h"

/*
 * The search is static SQL, one text per access path and order, picked in C
 * (never built at run time: the statement cache is keyed by the text's
 * address). Each text starts with the condition an index serves (the LEAD),
 * then every filter in its optional form (its parameter '' or 0 turns it
 * off), so the same parameters mean the same thing in every text:
 *
 *   ?1 ?2   the scope as a range of township codes (first nine digits + 000),
 *           never optional; an empty scope binds a range nothing is in
 *   ?3 ?4   the scope as a range of village codes, when it is finer than a
 *           township (a village user), else ''
 *   ?5      township code      ?6  village code
 *   ?7      category bit set   ?8  grade bit set
 *   ?9      hukou  ?10 dibao (-1 any)  ?11 status
 *   ?12 ?13 birth-date bounds of the age group (> ?12, <= ?13)
 *   ?14     LIKE pattern of a name   ?15 a whole ID number
 *   ?16 ?17 LIMIT and OFFSET (pages; -1 and 0 for registry_each)
 *   ?18 ?19 ?20 ?21  the LEAD's township, grade, village, ID number
 *   ?22     sex
 *
 * A filter that the LEAD serves is bound off in the rest (C does that), so a
 * count whose filters all sit in an index never reads a row. The person's
 * township is the generated column township_code (migration 003), indexed
 * with the grade: see docs/performance.md for the plans.
 */
#define REST                                                                                                           \
	" AND (?3 = '' OR p.village_code BETWEEN ?3 AND ?4)"                                                           \
	" AND (?5 = '' OR p.township_code = ?5)"                                                                       \
	" AND (?6 = '' OR p.village_code = ?6)"                                                                        \
	" AND (?7 = 0 OR ((?7 >> coalesce(p.category, 0)) & 1) = 1)"                                                   \
	" AND (?8 = 0 OR ((?8 >> coalesce(p.grade, 0)) & 1) = 1)"                                                      \
	" AND (?9 = 0 OR p.hukou = ?9)"                                                                                \
	" AND (?10 < 0 OR p.dibao = ?10)"                                                                              \
	" AND (?11 = 0 OR p.status = ?11)"                                                                             \
	" AND (?12 = '' OR p.birth_date > ?12)"                                                                        \
	" AND (?13 = '' OR p.birth_date <= ?13)"                                                                       \
	" AND (?14 = '' OR p.name LIKE ?14 ESCAPE '\\')"                                                               \
	" AND (?15 = '' OR p.id_number = ?15)"                                                                         \
	" AND (?22 = 0 OR p.sex = ?22)"

/* The scope on the indexed township code, and (for pages of the whole scope) kept off every index. */
#define SCOPE " p.township_code BETWEEN ?1 AND ?2"
#define SCOPE_NOINDEX " p.township_code || '' BETWEEN ?1 AND ?2"

/* The access paths, most selective first (plan_of). */
enum plan {
	PLAN_ID,             /* a whole ID number: its unique index */
	PLAN_VILLAGE,        /* one village: person_village, in id order */
	PLAN_TOWNSHIP_GRADE, /* one township and one grade: person_township_grade, in id order */
	PLAN_TOWNSHIP,       /* one township: person_township, in id order */
	PLAN_ALL,            /* the whole scope: the table in id order, or the index of the sort */
	PLAN__MAX
};

#define LEAD_ID " p.id_number = ?21 AND" SCOPE
#define LEAD_VILLAGE " p.village_code = ?20 AND" SCOPE
#define LEAD_TOWNSHIP_GRADE " p.township_code = ?18 AND p.grade = ?19 AND" SCOPE
#define LEAD_TOWNSHIP " p.township_code = ?18 AND" SCOPE

#define COUNT(lead) "SELECT count(*) FROM person p WHERE" lead REST
/* [plan][0] with the rest, [plan][1] without: when the LEAD is the whole query, the count is an index range alone. */
static const char *const sql_count[PLAN__MAX][2] = {
    [PLAN_ID] = {COUNT(LEAD_ID), "SELECT count(*) FROM person p WHERE" LEAD_ID},
    [PLAN_VILLAGE] = {COUNT(LEAD_VILLAGE), "SELECT count(*) FROM person p WHERE" LEAD_VILLAGE},
    [PLAN_TOWNSHIP_GRADE] = {COUNT(LEAD_TOWNSHIP_GRADE), "SELECT count(*) FROM person p WHERE" LEAD_TOWNSHIP_GRADE},
    [PLAN_TOWNSHIP] = {COUNT(LEAD_TOWNSHIP), "SELECT count(*) FROM person p WHERE" LEAD_TOWNSHIP},
    [PLAN_ALL] = {COUNT(SCOPE), "SELECT count(*) FROM person p WHERE" SCOPE},
};

/*
 * The sort whitelist; the id breaks ties (ascending, as the list always
 * did) so that pages never overlap. File numbers follow the id, so sorting
 * by file number is sorting by id.
 */
#define BY_ID_ASC " ORDER BY p.id ASC"
#define BY_ID_DESC " ORDER BY p.id DESC"
#define BY_NAME_ASC " ORDER BY p.name ASC, p.id ASC"
#define BY_NAME_DESC " ORDER BY p.name DESC, p.id ASC"
#define BY_BIRTH_ASC " ORDER BY p.birth_date ASC, p.id ASC"
#define BY_BIRTH_DESC " ORDER BY p.birth_date DESC, p.id ASC"
#define BY_VILLAGE_ASC " ORDER BY p.village_code ASC, p.id ASC"
#define BY_VILLAGE_DESC " ORDER BY p.village_code DESC, p.id ASC"

#define PAGE(lead, order)                                                                                              \
	"SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN " WHERE" lead REST order                    \
	" LIMIT ?16 OFFSET ?17"
/* Every order of one access path: [sort][desc]. */
#define PAGES(lead)                                                                                                    \
	{                                                                                                              \
		[REGISTRY_SORT_FILE_NO] = {PAGE(lead, BY_ID_ASC), PAGE(lead, BY_ID_DESC)},                             \
		[REGISTRY_SORT_NAME] = {PAGE(lead, BY_NAME_ASC), PAGE(lead, BY_NAME_DESC)},                            \
		[REGISTRY_SORT_BIRTH] = {PAGE(lead, BY_BIRTH_ASC), PAGE(lead, BY_BIRTH_DESC)},                         \
		[REGISTRY_SORT_VILLAGE] = {PAGE(lead, BY_VILLAGE_ASC), PAGE(lead, BY_VILLAGE_DESC)},                   \
	}
static const char *const sql_page[PLAN__MAX][REGISTRY_SORT__MAX][2] = {
    [PLAN_ID] = PAGES(LEAD_ID),
    [PLAN_VILLAGE] = PAGES(LEAD_VILLAGE),
    [PLAN_TOWNSHIP_GRADE] = PAGES(LEAD_TOWNSHIP_GRADE),
    [PLAN_TOWNSHIP] = PAGES(LEAD_TOWNSHIP),
    /* Kept off the township indexes, so that an order's own index (or the table, by id) is read in order. */
    [PLAN_ALL] = PAGES(SCOPE_NOINDEX),
};

static const char SQL_GET[] = "SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN
                              " WHERE p.id = ?1 AND p.village_code BETWEEN ?2 AND ?3";
static const char SQL_DIVISIONS[] = "SELECT code, name FROM division WHERE level = ?1 AND code BETWEEN ?2 AND ?3"
                                    " AND code BETWEEN ?4 AND ?5 ORDER BY code";

static const char SQL_VILLAGES[] = "SELECT t.code, t.name, v.code, v.name FROM division v"
                                   " JOIN division t ON t.code = v.parent_code"
                                   " WHERE v.level = 3 AND v.code BETWEEN ? AND ? ORDER BY v.code";

const char *const registry_arg_names[] = {"township",  "village", "category", "grade", "hukou",    "dibao",
                                          "age_group", "status",  "q",        "page",  "per_page", "sort",
                                          "order",     "sex",     "age_on",   NULL};

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
	int64_t v;
	return number_parse(s, 1, max, &v) ? (long)v : -1;
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
		unsigned set = parse_codes(value, 0, cat ? 7 : 4); /* 0: none (未持证) */
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
	} else if (strcmp(name, "sex") == 0) {
		if (strcmp(value, "1") != 0 && strcmp(value, "2") != 0)
			return MSG_FILTER_VALUE;
		q->sex = value[0] - '0';
	} else if (strcmp(name, "age_on") == 0) {
		struct date d;
		if (strlen(value) != 10 || date_parse(value, &d) < 0 || d.year < 1900 || d.year > 2100)
			return MSG_FILTER_DATE;
		q->age_on = d;
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

/* The latest birth date of someone at least years old on the day on ("YYYY-MM-DD"). */
static void born_by(struct date on, int years, char out[11])
{
	struct date d = {on.year - years, on.month, on.day};
	/* Feb 29 born on a leap day turns a year older on Mar 1 (date_age), so Feb 28 is the bound. */
	if (d.month == 2 && d.day > date_days_in_month(d.year, 2))
		d.day = date_days_in_month(d.year, 2);
	date_format(d, out);
}

void registry_age_bounds(enum registry_age a, struct date on, char older[11], char younger[11])
{
	older[0] = younger[0] = '\0';
	switch (a) {
	case REGISTRY_AGE_CHILD:
		born_by(on, 18, older);
		break;
	case REGISTRY_AGE_ADULT:
		born_by(on, 60, older);
		born_by(on, 18, younger);
		break;
	case REGISTRY_AGE_SENIOR:
		born_by(on, 60, younger);
		break;
	default:
		break;
	}
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

/* What a search binds, worked out once from the query; alive while its statements run. */
struct bound {
	enum plan plan;
	bool empty;                        /* the scope sees nothing */
	char slo[13], shi[13];             /* ?1 ?2 the scope's township codes */
	char vlo[13], vhi[13];             /* ?3 ?4 the scope's village codes, "" when a township's range is exact */
	char township[13];                 /* ?5 */
	char village[13];                  /* ?6 */
	unsigned categories, grades;       /* ?7 ?8 */
	char older[11], younger[11];       /* ?12 ?13: birth_date > older, birth_date <= younger */
	char like[2 * REGISTRY_Q_MAX + 3]; /* ?14 */
	char id[19];                       /* ?15 */
	char lead_township[13];            /* ?18 */
	int lead_grade;                    /* ?19 */
	char lead_village[13];             /* ?20 */
	char lead_id[19];                  /* ?21 */
};

/* The township code of a village code (its first nine digits and "000"). */
static void township_of(const char *code, char out[13])
{
	memcpy(out, code, 9);
	memcpy(out + 9, "000", 4);
}

/* Whether lo..hi is exactly a range of whole townships (…000 to …999). */
static bool township_aligned(const char *lo, const char *hi)
{
	return strcmp(lo + 9, "000") == 0 && strcmp(hi + 9, "999") == 0;
}

/* The one grade of a bit set that has exactly one, else 0. */
static int single_grade(unsigned set)
{
	if (!set || (set & (set - 1)))
		return 0;
	int g = 0;
	while (!(set & 1u)) {
		set >>= 1;
		g++;
	}
	return g;
}

static void prepare_bound(const struct registry_query *q, struct bound *b)
{
	memset(b, 0, sizeof *b);
	const struct registry_scope *sc = &q->scope;
	if (!sc->lo[0] || strlen(sc->lo) != 12 || strlen(sc->hi) != 12) {
		/* An empty scope must not be mistaken for "everything": it binds a range nothing is in. */
		b->empty = true;
		snprintf(b->slo, sizeof b->slo, "~");
	} else {
		township_of(sc->lo, b->slo);
		township_of(sc->hi, b->shi);
		if (!township_aligned(sc->lo, sc->hi)) {
			memcpy(b->vlo, sc->lo, 13);
			memcpy(b->vhi, sc->hi, 13);
		}
	}
	if (q->township[0])
		township_of(q->township, b->township);
	memcpy(b->village, q->village, 13);
	b->categories = q->categories;
	b->grades = q->grades;

	registry_age_bounds(q->age, q->age_on.year ? q->age_on : date_today(), b->older, b->younger);
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

	/*
	 * The access path, and the filter it serves bound off in the rest. A
	 * village or township the scope is (a village or township user) is
	 * also a lead: the scope still applies in full on top of it.
	 */
	const char *village = b->village[0] ? b->village : NULL;
	if (!village && !b->empty && b->vlo[0] && strcmp(sc->lo, sc->hi) == 0)
		village = sc->lo;
	char scope_township[13] = "";
	if (!b->empty && strcmp(b->slo, b->shi) == 0)
		memcpy(scope_township, b->slo, 13);
	const char *township = b->township[0] ? b->township : scope_township[0] ? scope_township : NULL;
	if (b->id[0]) {
		b->plan = PLAN_ID;
		memcpy(b->lead_id, b->id, 19);
		b->id[0] = '\0';
	} else if (village) {
		b->plan = PLAN_VILLAGE;
		memcpy(b->lead_village, village, 13);
		if (village == b->village)
			b->village[0] = '\0';
	} else if (township) {
		b->plan = PLAN_TOWNSHIP;
		b->lead_grade = single_grade(b->grades);
		if (b->lead_grade) {
			b->plan = PLAN_TOWNSHIP_GRADE;
			b->grades = 0;
		}
		memcpy(b->lead_township, township, 13);
		if (township == b->township)
			b->township[0] = '\0';
	} else {
		b->plan = PLAN_ALL;
	}
}

/* Whether every filter of the rest is off (the LEAD and the scope's township range say it all). */
static bool rest_off(const struct registry_query *q, const struct bound *b)
{
	return !b->vlo[0] && !b->township[0] && !b->village[0] && !b->categories && !b->grades && !q->hukou &&
	       q->dibao < 0 && !q->status && !b->older[0] && !b->younger[0] && !b->like[0] && !b->id[0] && !q->sex;
}

/* Binds the scope and the LEAD (every text has them). */
static void bind_lead(struct db_stmt *st, const struct bound *b)
{
	db_bind_text(st, 1, b->slo);
	db_bind_text(st, 2, b->shi);
	switch (b->plan) {
	case PLAN_ID:
		db_bind_text(st, 21, b->lead_id);
		break;
	case PLAN_VILLAGE:
		db_bind_text(st, 20, b->lead_village);
		break;
	case PLAN_TOWNSHIP_GRADE:
		db_bind_int(st, 19, b->lead_grade);
		/* fall through */
	case PLAN_TOWNSHIP:
		db_bind_text(st, 18, b->lead_township);
		break;
	default:
		break;
	}
}

/* Binds everything: the scope, the LEAD and the rest. */
static void bind_where(struct db_stmt *st, const struct registry_query *q, const struct bound *b)
{
	bind_lead(st, b);
	db_bind_text(st, 3, b->vlo);
	db_bind_text(st, 4, b->vhi);
	db_bind_text(st, 5, b->township);
	db_bind_text(st, 6, b->village);
	db_bind_int(st, 7, b->categories);
	db_bind_int(st, 8, b->grades);
	db_bind_int(st, 9, q->hukou);
	db_bind_int(st, 10, q->dibao);
	db_bind_int(st, 11, q->status);
	db_bind_text(st, 12, b->older);
	db_bind_text(st, 13, b->younger);
	db_bind_text(st, 14, b->like);
	db_bind_text(st, 15, b->id);
	db_bind_int(st, 22, q->sex);
}

/*
 * The memo key of a count: everything bound but the plan (which follows
 * from the rest); the age bounds are dates, so a count is not kept past
 * midnight.
 */
static bool count_key(const struct registry_query *q, const struct bound *b, char *key, size_t size)
{
	int n = snprintf(key, size, "registry|%s|%s|%s|%s|%s%s|%s%s|%x|%x|%d|%d|%d|%s|%s|%s|%s%s|%d|%d", b->slo, b->shi,
	                 b->vlo, b->vhi, b->township, b->lead_township, b->village, b->lead_village, b->categories,
	                 b->grades, q->hukou, q->dibao, q->status, b->older, b->younger, b->like, b->id, b->lead_id,
	                 b->lead_grade, q->sex);
	return n > 0 && (size_t)n < size;
}

/* How many persons match (exact; kept in the connection's memo until the database changes). */
static int count(struct db *db, const struct registry_query *q, const struct bound *b, long *total, struct error *err)
{
	char key[DB_MEMO_KEY_MAX + 64];
	bool keep = count_key(q, b, key, sizeof key) && strlen(key) < DB_MEMO_KEY_MAX;
	int64_t n = 0;
	if (keep) {
		int hit = db_memo_get(db, key, &n, err);
		if (hit < 0)
			return -1;
		if (hit) {
			*total = (long)n;
			return 0;
		}
	}
	struct db_stmt *st;
	bool bare = rest_off(q, b);
	if (db_prepare(db, sql_count[b->plan][bare], &st, err) < 0)
		return -1;
	if (bare)
		bind_lead(st, b);
	else
		bind_where(st, q, b);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? error_set(err, "registry count gave no row") : -1;
	if (keep)
		db_memo_put(db, key, n);
	*total = (long)n;
	return 0;
}

/* Runs the page statement of b with limit and offset, each row to fn. */
static int rows(struct db *db, const struct registry_query *q, const struct bound *b, int64_t limit, int64_t offset,
                int (*fn)(void *ctx, const struct person *p, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	enum registry_sort sort = q->sort < REGISTRY_SORT__MAX ? q->sort : REGISTRY_SORT_FILE_NO;
	if (db_prepare(db, sql_page[b->plan][sort][q->desc ? 1 : 0], &st, err) < 0)
		return -1;
	bind_where(st, q, b);
	db_bind_int(st, 16, limit);
	db_bind_int(st, 17, offset);
	struct person p;
	int rc;
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

int registry_search(struct db *db, const struct registry_query *q,
                    int (*fn)(void *ctx, const struct person *p, struct error *err), void *ctx, long *total,
                    struct error *err)
{
	struct bound b;
	*total = 0;
	prepare_bound(q, &b);
	if (b.empty)
		return 0;
	if (count(db, q, &b, total, err) < 0)
		return -1;
	long page = q->page >= 1 ? q->page : 1;
	int per = q->per_page >= 1 && q->per_page <= REGISTRY_PER_PAGE_MAX ? q->per_page : REGISTRY_PER_PAGE;
	if ((page - 1) * (long)per >= *total)
		return 0;
	return rows(db, q, &b, per, (int64_t)(page - 1) * per, fn, ctx, err);
}

int registry_each(struct db *db, const struct registry_query *q,
                  int (*fn)(void *ctx, const struct person *p, struct error *err), void *ctx, struct error *err)
{
	struct bound b;
	prepare_bound(q, &b);
	if (b.empty)
		return 0;
	/* LIMIT -1: no limit (SQLite; the PostgreSQL backend writes LIMIT ALL). */
	return rows(db, q, &b, -1, 0, fn, ctx, err);
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

int registry_villages(struct db *db, const struct registry_scope *scope,
                      void (*fn)(void *ctx, const char *township, const char *township_name, const char *village,
                                 const char *village_name),
                      void *ctx, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_VILLAGES, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, scope->lo);
	db_bind_text(st, 2, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
