#include "domain/stats.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/number.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"

/*
 * The statements. Each returns groups of (village, status, category,
 * grade, hukou, sex, current stage, stage reached) with the group's count
 * in three age groups; columns a statement does not know are constants.
 * C folds the groups into the chosen rows and columns (fold below).
 *
 *   ?1 ?2  the age bounds: born after ?1 is 0-17, on or before ?2 is 60+
 *   ?3 ?4  the range of village codes (scope and filters)
 *   ?5     status (0 any)   ?6 category bit set   ?7 grade bit set
 *   ?8 ?9  the project and the year (cases)
 *
 * The persons' GROUP BY follows the index person_stats (village_code,
 * status, category, grade, hukou, sex, birth_date), so the groups come
 * from the index in order, without a sort; the cases' bare texts (no
 * person's column asked for) follow program_case_stats the same way.
 */
#define AGES(p)                                                                                                        \
	" sum(" p "birth_date > ?1), sum(" p "birth_date <= ?1 AND " p "birth_date > ?2), sum(" p "birth_date <= ?2)"
#define PERSON_FILTERS(p)                                                                                              \
	" AND (?5 = 0 OR " p "status = ?5) AND (?6 = 0 OR ((?6 >> coalesce(" p "category, 0)) & 1) = 1)"               \
	" AND (?7 = 0 OR ((?7 >> coalesce(" p "grade, 0)) & 1) = 1)"
#define PERSON_KEYS(p) p "status, coalesce(" p "category, 0), coalesce(" p "grade, 0), " p "hukou, " p "sex"
#define CASES_WHERE " WHERE c.program_code = ?8 AND c.year = ?9 AND c.village_code BETWEEN ?3 AND ?4"

static const char SQL_PERSONS[] = "SELECT village_code, " PERSON_KEYS("") ", '', ''," AGES(
    "") " FROM person WHERE village_code BETWEEN ?3 AND ?4" PERSON_FILTERS("") " GROUP BY village_code, status, "
                                                                               "category, grade, hukou, sex";
/* Cases by the person's columns: each case's person by its id. */
static const char SQL_CASES[] = "SELECT c.village_code, " PERSON_KEYS("p.") ", c.stage, ''," AGES(
    "p.") " FROM program_case c JOIN person p ON p.id = c.person_id" CASES_WHERE
    PERSON_FILTERS("p.") " GROUP BY c.village_code, c.stage, p.status, p.category, p.grade, p.hukou, p.sex";
/* Cases by village and stage alone: the index program_case_stats, no person read. */
static const char SQL_CASES_BARE[] = "SELECT c.village_code, 0, 0, 0, 0, 0, c.stage, '', count(*), 0, 0"
                                     " FROM program_case c" CASES_WHERE " GROUP BY c.village_code, c.stage";
/* The same for every stage each case reached (case_stage: one row per case and stage). */
static const char SQL_REACHED[] = "SELECT c.village_code, " PERSON_KEYS("p.") ", c.stage, s.stage," AGES(
    "p.") " FROM program_case c JOIN case_stage s ON s.case_id = c.id"
          " JOIN person p ON p.id = c.person_id" CASES_WHERE PERSON_FILTERS(
              "p.") " GROUP BY c.village_code, c.stage, s.stage, p.status, p.category, p.grade, p.hukou,"
                    " p.sex";
static const char SQL_REACHED_BARE[] = "SELECT c.village_code, 0, 0, 0, 0, 0, c.stage, s.stage, count(*), 0, 0"
                                       " FROM program_case c JOIN case_stage s ON s.case_id = c.id" CASES_WHERE
                                       " GROUP BY c.village_code, c.stage, s.stage";

/* Dimensions */

static const struct {
	const char *name, *label, *arg;
} dims[STATS_DIM__MAX] = {
    [STATS_DIM_NONE] = {"", "不分列", ""},
    [STATS_DIM_TOWNSHIP] = {"township", "乡镇", "township"},
    [STATS_DIM_VILLAGE] = {"village", "村（社区）", "village"},
    [STATS_DIM_CATEGORY] = {"category", "残疾类别", "category"},
    [STATS_DIM_GRADE] = {"grade", "残疾等级", "grade"},
    [STATS_DIM_HUKOU] = {"hukou", "户口性质", "hukou"},
    [STATS_DIM_AGE] = {"age_group", "年龄段", "age_group"},
    [STATS_DIM_SEX] = {"sex", "性别", "sex"},
    [STATS_DIM_STATUS] = {"status", "人员状态", "status"},
    [STATS_DIM_STAGE] = {"stage", "当前阶段", "stage"},
    [STATS_DIM_REACHED] = {"reached", "到达过的阶段", "reached"},
};

const char *stats_dim_name(enum stats_dim d)
{
	return d < STATS_DIM__MAX ? dims[d].name : "";
}

const char *stats_dim_label(enum stats_dim d)
{
	return d < STATS_DIM__MAX ? dims[d].label : "";
}

const char *stats_dim_arg(enum stats_dim d)
{
	return d < STATS_DIM__MAX ? dims[d].arg : "";
}

int stats_dim_parse(const char *name)
{
	for (int i = 0; i < STATS_DIM__MAX; i++)
		if (strcmp(name, dims[i].name) == 0)
			return i;
	return -1;
}

/* Whether d is a person's attribute (the cases' statements must read the person). */
static bool of_person(enum stats_dim d)
{
	return d == STATS_DIM_CATEGORY || d == STATS_DIM_GRADE || d == STATS_DIM_HUKOU || d == STATS_DIM_AGE ||
	       d == STATS_DIM_SEX || d == STATS_DIM_STATUS;
}

static bool of_stage(enum stats_dim d)
{
	return d == STATS_DIM_STAGE || d == STATS_DIM_REACHED;
}

bool stats_may_view(const struct user *u)
{
	return u->role < ROLE__MAX && u->role != ROLE_HOSPITAL;
}

/* Queries */

const char *const stats_arg_names[] = {"rows",    "cols",     "program", "year",   "status", "township",
                                       "village", "category", "grade",   "age_on", NULL};

void stats_query_init(struct stats_query *q, const struct user *u)
{
	memset(q, 0, sizeof *q);
	registry_scope_of(u, &q->scope);
	q->rows = STATS_DIM_TOWNSHIP;
	q->cols = STATS_DIM_NONE;
	q->status = -1; /* not given yet: stats_query_default_status */
	q->age_on = date_today();
	q->year = q->age_on.year;
}

void stats_query_default_status(struct stats_query *q)
{
	if (q->status < 0)
		q->status = q->program[0] ? 0 : 1;
}

static bool is_key(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PROGRAM_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

enum msg_id stats_query_arg(struct stats_query *q, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (strcmp(name, "rows") == 0 || strcmp(name, "cols") == 0) {
		int d = stats_dim_parse(value);
		if (d <= STATS_DIM_NONE)
			return MSG_STATS_DIM;
		*(name[0] == 'r' ? &q->rows : &q->cols) = (enum stats_dim)d;
	} else if (strcmp(name, "program") == 0) {
		if (!is_key(value))
			return MSG_STATS_PROGRAM;
		snprintf(q->program, sizeof q->program, "%s", value);
	} else if (strcmp(name, "year") == 0) {
		int64_t y;
		if (!number_parse(value, 2000, 2100, &y))
			return MSG_EMP_YEAR;
		q->year = (int)y;
	} else if (strcmp(name, "status") == 0) {
		if (strlen(value) != 1 || value[0] < '0' || value[0] > '3')
			return MSG_STATS_STATUS;
		q->status = value[0] - '0';
	} else if (strcmp(name, "township") == 0 || strcmp(name, "village") == 0 || strcmp(name, "category") == 0 ||
	           strcmp(name, "grade") == 0 || strcmp(name, "age_on") == 0) {
		/* The registry list's own parsing, so that a link passes on exactly what was counted. */
		struct registry_query rq;
		memset(&rq, 0, sizeof rq);
		enum msg_id m = registry_query_arg(&rq, name, value);
		if (m)
			return m;
		switch (name[0]) {
		case 't':
			memcpy(q->township, rq.township, sizeof q->township);
			break;
		case 'v':
			memcpy(q->village, rq.village, sizeof q->village);
			break;
		case 'c':
			q->categories = rq.categories;
			break;
		case 'g':
			q->grades = rq.grades;
			break;
		default:
			q->age_on = rq.age_on;
			break;
		}
	}
	return 0;
}

enum msg_id stats_query_check(const struct stats_query *q, enum stats_dim *which)
{
	*which = STATS_DIM_NONE;
	if (q->rows <= STATS_DIM_NONE || q->rows >= STATS_DIM__MAX || q->cols >= STATS_DIM__MAX)
		return MSG_STATS_DIM;
	if (q->rows == q->cols)
		return MSG_STATS_SAME_DIM;
	if (!q->program[0] && (of_stage(q->rows) || of_stage(q->cols))) {
		*which = of_stage(q->rows) ? q->rows : q->cols;
		return MSG_STATS_CASES_ONLY;
	}
	if (of_stage(q->rows) && of_stage(q->cols))
		return MSG_STATS_STAGE_REACHED;
	return 0;
}

/* Heads */

/* A division of the range: its code, name, and (villages) the index of its township. */
struct place {
	char code[13];
	char name[4 * DIVISION_NAME_MAX + 1];
	size_t township; /* villages: index into the townships */
};

struct places {
	struct place *townships, *villages;
	size_t ntownships, nvillages, cap_t, cap_v;
};

static void add_village(void *ctx, const char *township, const char *township_name, const char *village,
                        const char *village_name)
{
	struct places *pl = ctx;
	if (!pl->ntownships || strcmp(pl->townships[pl->ntownships - 1].code, township) != 0) {
		if (pl->ntownships == pl->cap_t) {
			pl->cap_t = pl->cap_t ? 2 * pl->cap_t : 32;
			pl->townships = xrealloc(pl->townships, pl->cap_t * sizeof *pl->townships);
		}
		struct place *t = &pl->townships[pl->ntownships++];
		snprintf(t->code, sizeof t->code, "%s", township);
		snprintf(t->name, sizeof t->name, "%s", township_name);
	}
	if (pl->nvillages == pl->cap_v) {
		pl->cap_v = pl->cap_v ? 2 * pl->cap_v : 256;
		pl->villages = xrealloc(pl->villages, pl->cap_v * sizeof *pl->villages);
	}
	struct place *v = &pl->villages[pl->nvillages++];
	snprintf(v->code, sizeof v->code, "%s", village);
	snprintf(v->name, sizeof v->name, "%s", village_name);
	v->township = pl->ntownships - 1;
}

static int cmp_place(const void *key, const void *elem)
{
	return strcmp(key, ((const struct place *)elem)->code);
}

/* The stages: the definition's, then any other a case is at (an older definition's). */
struct stages {
	char keys[2 * PROGRAM_LIST_MAX][PROGRAM_KEY_MAX + 1];
	const char *labels[2 * PROGRAM_LIST_MAX];
	size_t n;
};

/* The index of stage key, added when new; -1 when the list is full. */
static int stage_index(struct stages *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->keys[i], key) == 0)
			return (int)i;
	if (s->n == sizeof s->keys / sizeof s->keys[0] || strlen(key) > PROGRAM_KEY_MAX)
		return -1;
	snprintf(s->keys[s->n], sizeof s->keys[0], "%s", key);
	s->labels[s->n] = NULL;
	return (int)s->n++;
}

/* A group as the statements return it, with indexes instead of codes. */
struct group {
	uint32_t village; /* index into places.villages */
	uint8_t status, category, grade, hukou, sex;
	uint8_t stage, reached; /* indexes into stages; 0 when the statement has none */
	long long n[3];         /* 0-17, 18-59, 60+ */
};

struct groups {
	struct group *g;
	size_t n, cap;
};

/* The coded dimensions' values, in the order of their heads (未持证 last). */
static const int category_codes[] = {1, 2, 3, 4, 5, 6, 7, 0};
static const int grade_codes[] = {1, 2, 3, 4, 0};
static const int two_codes[] = {1, 2};
static const int status_codes[] = {1, 2, 3};
static const char *const age_keys[] = {"0-17", "18-59", "60+"};
static const char *const age_labels[] = {"0-17岁", "18-59岁", "60岁及以上"};

/*
 * Per dimension, the head index of each value (by code, or index), -1 for
 * a value the filters leave out; and the heads.
 */
struct axis {
	enum stats_dim dim;
	int map[2 * PROGRAM_LIST_MAX]; /* coded and stage dimensions: value -> head, -1 none */
	struct stats_head *heads;
	size_t n;
};

static void head_add(struct axis *a, size_t *cap, const char *key, const char *label, const char *parent)
{
	if (a->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		a->heads = xrealloc(a->heads, *cap * sizeof *a->heads);
	}
	struct stats_head *h = &a->heads[a->n++];
	snprintf(h->key, sizeof h->key, "%s", key);
	snprintf(h->label, sizeof h->label, "%s", label ? label : key);
	snprintf(h->parent, sizeof h->parent, "%s", parent ? parent : "");
}

/* The heads of a coded dimension: the codes the bit set allows (0 all). */
static void coded_heads(struct axis *a, size_t *cap, const int *codes, size_t n, unsigned allowed, enum dict_type type)
{
	for (size_t i = 0; i < n; i++) {
		int c = codes[i];
		if (allowed && !((allowed >> c) & 1u))
			continue;
		char key[4];
		snprintf(key, sizeof key, "%d", c);
		a->map[c] = (int)a->n;
		head_add(a, cap, key, c == 0 ? "未持证" : dict_label(type, c), NULL);
	}
}

static void axis_heads(struct axis *a, const struct stats_query *q, const struct places *pl, const struct stages *st)
{
	size_t cap = 0;
	for (size_t i = 0; i < sizeof a->map / sizeof a->map[0]; i++)
		a->map[i] = -1;
	switch (a->dim) {
	case STATS_DIM_NONE:
		a->map[0] = 0;
		head_add(a, &cap, "", "合计", NULL);
		break;
	case STATS_DIM_TOWNSHIP:
		for (size_t i = 0; i < pl->ntownships; i++)
			head_add(a, &cap, pl->townships[i].code, pl->townships[i].name, NULL);
		break;
	case STATS_DIM_VILLAGE:
		for (size_t i = 0; i < pl->nvillages; i++)
			head_add(a, &cap, pl->villages[i].code, pl->villages[i].name,
			         pl->townships[pl->villages[i].township].name);
		break;
	case STATS_DIM_CATEGORY:
		coded_heads(a, &cap, category_codes, 8, q->categories, DICT_CATEGORY);
		break;
	case STATS_DIM_GRADE:
		coded_heads(a, &cap, grade_codes, 5, q->grades, DICT_GRADE);
		break;
	case STATS_DIM_HUKOU:
		coded_heads(a, &cap, two_codes, 2, 0, DICT_HUKOU);
		break;
	case STATS_DIM_SEX:
		coded_heads(a, &cap, two_codes, 2, 0, DICT_SEX);
		break;
	case STATS_DIM_STATUS:
		coded_heads(a, &cap, status_codes, 3, q->status ? 1u << q->status : 0, DICT_STATUS);
		break;
	case STATS_DIM_AGE:
		for (int i = 0; i < 3; i++) {
			a->map[i] = i;
			head_add(a, &cap, age_keys[i], age_labels[i], NULL);
		}
		break;
	case STATS_DIM_STAGE:
	case STATS_DIM_REACHED:
		for (size_t i = 0; i < st->n; i++) {
			a->map[i] = (int)i;
			head_add(a, &cap, st->keys[i], st->labels[i], NULL);
		}
		break;
	default:
		break;
	}
}

/* The head of group g (age group age) on axis a, -1 when the heads leave it out. */
static int head_of(const struct axis *a, const struct places *pl, const struct group *g, int age)
{
	switch (a->dim) {
	case STATS_DIM_NONE:
		return 0;
	case STATS_DIM_TOWNSHIP:
		return (int)pl->villages[g->village].township;
	case STATS_DIM_VILLAGE:
		return (int)g->village;
	case STATS_DIM_CATEGORY:
		return a->map[g->category];
	case STATS_DIM_GRADE:
		return a->map[g->grade];
	case STATS_DIM_HUKOU:
		return a->map[g->hukou];
	case STATS_DIM_SEX:
		return a->map[g->sex];
	case STATS_DIM_STATUS:
		return a->map[g->status];
	case STATS_DIM_AGE:
		return age;
	case STATS_DIM_STAGE:
		return a->map[g->stage];
	case STATS_DIM_REACHED:
		return a->map[g->reached];
	default:
		return -1;
	}
}

/* Reading */

/* A small code from column i, checked against hi (the schema's CHECKs say the same). */
static int small(struct db_stmt *st, int i, int hi, uint8_t *out, struct error *err)
{
	int64_t v = db_col_int(st, i);
	if (v < 0 || v > hi)
		return error_set(err, "statistics: column %d holds %lld, not 0..%d", i, (long long)v, hi);
	*out = (uint8_t)v;
	return 0;
}

/* Runs sql for q into gs: each row a group, its village and stages as indexes. */
static int read_groups(struct db *db, const char *sql, const struct stats_query *q, const char *lo, const char *hi,
                       const char *older, const char *younger, const struct places *pl, struct stages *stages,
                       struct groups *gs, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, older);
	db_bind_text(st, 2, younger);
	db_bind_text(st, 3, lo);
	db_bind_text(st, 4, hi);
	db_bind_int(st, 5, q->status > 0 ? q->status : 0);
	db_bind_int(st, 6, q->categories);
	db_bind_int(st, 7, q->grades);
	if (q->program[0]) {
		db_bind_text(st, 8, q->program);
		db_bind_int(st, 9, q->year);
	}
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (gs->n == gs->cap) {
			gs->cap = gs->cap ? 2 * gs->cap : 1024;
			gs->g = xrealloc(gs->g, gs->cap * sizeof *gs->g);
		}
		struct group *g = &gs->g[gs->n];
		memset(g, 0, sizeof *g);
		const char *village = db_col_text(st, 0);
		const struct place *v = bsearch(village, pl->villages, pl->nvillages, sizeof *pl->villages, cmp_place);
		if (!v) {
			rc = error_set(err, "statistics: village %s is not a division of the scope", village);
			break;
		}
		g->village = (uint32_t)(v - pl->villages);
		if (small(st, 1, 3, &g->status, err) < 0 || small(st, 2, 7, &g->category, err) < 0 ||
		    small(st, 3, 4, &g->grade, err) < 0 || small(st, 4, 2, &g->hukou, err) < 0 ||
		    small(st, 5, 2, &g->sex, err) < 0) {
			rc = -1;
			break;
		}
		for (int k = 0; k < 2; k++) {
			const char *key = db_col_text(st, 6 + k);
			int i = *key ? stage_index(stages, key) : 0;
			if (i < 0) {
				rc = error_set(err, "statistics: too many stages");
				break;
			}
			*(k ? &g->reached : &g->stage) = (uint8_t)i;
		}
		if (rc < 0)
			break;
		for (int a = 0; a < 3; a++)
			g->n[a] = db_col_int(st, 8 + a);
		gs->n++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Folding */

/*
 * Adds the groups to t. From the base statement (reached false: every
 * person or case once) the totals, and the cells when no axis is
 * "reached"; from the reached statement the cells, and the totals along
 * a "reached" axis (each stage's cases; the other axis is a partition).
 */
static void fold(struct stats_table *t, const struct axis *rows, const struct axis *cols, const struct places *pl,
                 const struct groups *gs, bool reached)
{
	bool any_reached = rows->dim == STATS_DIM_REACHED || cols->dim == STATS_DIM_REACHED;
	for (size_t i = 0; i < gs->n; i++) {
		const struct group *g = &gs->g[i];
		for (int age = 0; age < 3; age++) {
			long long n = g->n[age];
			if (!n)
				continue;
			int r = head_of(rows, pl, g, age), c = head_of(cols, pl, g, age);
			if (!reached) {
				t->total += n;
				if (r >= 0 && rows->dim != STATS_DIM_REACHED)
					t->row_totals[r] += n;
				if (c >= 0 && cols->dim != STATS_DIM_REACHED)
					t->col_totals[c] += n;
				if (any_reached)
					continue;
			} else {
				if (r >= 0 && rows->dim == STATS_DIM_REACHED && c >= 0)
					t->row_totals[r] += n;
				if (c >= 0 && cols->dim == STATS_DIM_REACHED && r >= 0)
					t->col_totals[c] += n;
			}
			if (r >= 0 && c >= 0)
				t->cells[(size_t)r * t->ncols + (size_t)c] += n;
		}
	}
}

/* The range of village codes of the scope and the filters: false when it is empty. */
static bool range_of(const struct stats_query *q, char lo[13], char hi[13])
{
	if (!q->scope.lo[0] || strlen(q->scope.lo) != 12 || strlen(q->scope.hi) != 12)
		return false;
	memcpy(lo, q->scope.lo, 13);
	memcpy(hi, q->scope.hi, 13);
	const char *filters[] = {q->township, q->village};
	for (size_t i = 0; i < 2; i++) {
		if (!filters[i][0])
			continue;
		char flo[13], fhi[13];
		division_subtree(filters[i], flo, fhi);
		if (strcmp(flo, lo) > 0)
			memcpy(lo, flo, 13);
		if (strcmp(fhi, hi) < 0)
			memcpy(hi, fhi, 13);
	}
	return strcmp(lo, hi) <= 0;
}

/*
 * Tables already counted, per thread (each server worker reads through
 * its own connection), so that the page, its export and the API asking
 * for the same table while nothing changed count it once. An entry is
 * valid while the connection's memo (db_memo_get) still holds its stamp
 * under its key: the memo forgets everything as soon as the database may
 * have changed, by any connection. Stamps are unique in the process.
 */
#define RESULTS 4
static _Thread_local struct result {
	const struct db *db;
	char key[DB_MEMO_KEY_MAX];
	int64_t stamp;
	struct stats_table t;
} results[RESULTS];
static _Thread_local int results_next;
static atomic_int_fast64_t stamps;

/* The memo key of q (everything that decides the table), false when it does not fit. */
static bool result_key(const struct stats_query *q, const struct program *p, char key[DB_MEMO_KEY_MAX])
{
	char on[11];
	date_format(q->age_on.year ? q->age_on : date_today(), on);
	int n = snprintf(key, DB_MEMO_KEY_MAX, "stats|%d|%d|%s|%d|%d|%d|%s|%s|%s|%s|%x|%x|%s", (int)q->rows,
	                 (int)q->cols, q->program, q->program[0] ? q->year : 0, p ? p->version : 0, q->status,
	                 q->scope.lo, q->scope.hi, q->township, q->village, q->categories, q->grades, on);
	return n > 0 && n < DB_MEMO_KEY_MAX;
}

static void table_copy(struct stats_table *to, const struct stats_table *from)
{
	*to = *from;
	size_t cells = from->nrows * from->ncols + 1;
	to->row_heads = xmalloc((from->nrows + 1) * sizeof *to->row_heads);
	to->col_heads = xmalloc((from->ncols + 1) * sizeof *to->col_heads);
	to->cells = xmalloc(cells * sizeof *to->cells);
	to->row_totals = xmalloc((from->nrows + 1) * sizeof *to->row_totals);
	to->col_totals = xmalloc((from->ncols + 1) * sizeof *to->col_totals);
	if (from->nrows)
		memcpy(to->row_heads, from->row_heads, from->nrows * sizeof *to->row_heads);
	if (from->ncols)
		memcpy(to->col_heads, from->col_heads, from->ncols * sizeof *to->col_heads);
	/* A table refused for its size (stats_run's 1) is never kept: these are all there. */
	memcpy(to->cells, from->cells, cells * sizeof *to->cells);
	memcpy(to->row_totals, from->row_totals, (from->nrows + 1) * sizeof *to->row_totals);
	memcpy(to->col_totals, from->col_totals, (from->ncols + 1) * sizeof *to->col_totals);
}

static int count(struct db *db, const struct stats_query *q, const struct program *p, struct stats_table *out,
                 struct error *err);

int stats_run(struct db *db, const struct stats_query *q, const struct program *p, struct stats_table *out,
              struct error *err)
{
	memset(out, 0, sizeof *out);
	char key[DB_MEMO_KEY_MAX];
	int64_t stamp = 0;
	bool keep = result_key(q, p, key);
	if (keep) {
		int hit = db_memo_get(db, key, &stamp, err);
		if (hit < 0)
			return -1;
		for (int i = 0; hit && i < RESULTS; i++)
			if (results[i].db == db && results[i].stamp == stamp && strcmp(results[i].key, key) == 0) {
				table_copy(out, &results[i].t);
				return 0;
			}
	}
	int rc = count(db, q, p, out, err);
	if (rc != 0 || !keep)
		return rc;
	struct result *r = &results[results_next];
	results_next = (results_next + 1) % RESULTS;
	stats_table_release(&r->t);
	r->db = db;
	memcpy(r->key, key, sizeof r->key);
	r->stamp = atomic_fetch_add(&stamps, 1) + 1;
	table_copy(&r->t, out);
	db_memo_put(db, key, r->stamp);
	return 0;
}

/* Counts q into out (stats_run without the results kept). */
static int count(struct db *db, const struct stats_query *q, const struct program *p, struct stats_table *out,
                 struct error *err)
{
	memset(out, 0, sizeof *out);
	out->rows = q->rows;
	out->cols = q->cols;
	enum stats_dim which;
	if (stats_query_check(q, &which) != 0 || (q->program[0] && !p) || (!q->program[0] && p))
		return error_set(err, "statistics: the query was not checked");
	int rc = -1;
	struct places pl = {0};
	struct stages *stages = xcalloc(1, sizeof *stages);
	struct groups base = {0}, reached = {0};
	struct axis *rows = xcalloc(1, sizeof *rows), *cols = xcalloc(1, sizeof *cols);
	rows->dim = q->rows;
	cols->dim = q->cols;

	char lo[13], hi[13];
	bool any = range_of(q, lo, hi);
	if (any) {
		struct registry_scope range;
		memcpy(range.lo, lo, 13);
		memcpy(range.hi, hi, 13);
		if (registry_villages(db, &range, add_village, &pl, err) < 0)
			goto out;
	}
	if (p)
		for (size_t i = 0; i < p->nstages; i++) {
			int k = stage_index(stages, p->stages[i].key);
			if (k >= 0)
				stages->labels[k] = p->stages[i].label;
		}

	/* The groups: the persons or cases once, and for "reached" each case at every stage it reached. */
	struct date on = q->age_on.year ? q->age_on : date_today();
	char older[11], younger[11], none[11];
	registry_age_bounds(REGISTRY_AGE_CHILD, on, older, none);
	registry_age_bounds(REGISTRY_AGE_SENIOR, on, none, younger);
	bool by_person = of_person(q->rows) || of_person(q->cols) || q->status > 0 || q->categories || q->grades;
	bool by_reached = q->rows == STATS_DIM_REACHED || q->cols == STATS_DIM_REACHED;
	if (any && pl.nvillages) {
		const char *sql = !q->program[0] ? SQL_PERSONS : by_person ? SQL_CASES : SQL_CASES_BARE;
		if (read_groups(db, sql, q, lo, hi, older, younger, &pl, stages, &base, err) < 0)
			goto out;
		if (by_reached && read_groups(db, by_person ? SQL_REACHED : SQL_REACHED_BARE, q, lo, hi, older, younger,
		                              &pl, stages, &reached, err) < 0)
			goto out;
	}

	/* The heads, then the table (the stages are all known now). */
	axis_heads(rows, q, &pl, stages);
	axis_heads(cols, q, &pl, stages);
	out->row_heads = rows->heads;
	out->col_heads = cols->heads;
	out->nrows = rows->n;
	out->ncols = cols->n;
	rows->heads = cols->heads = NULL;
	out->townships = pl.ntownships;
	if (out->nrows && out->ncols > STATS_CELLS_MAX / out->nrows) {
		rc = 1;
		goto out;
	}
	out->cells = xcalloc(out->nrows * out->ncols + 1, sizeof *out->cells);
	out->row_totals = xcalloc(out->nrows + 1, sizeof *out->row_totals);
	out->col_totals = xcalloc(out->ncols + 1, sizeof *out->col_totals);
	fold(out, rows, cols, &pl, &base, false);
	fold(out, rows, cols, &pl, &reached, true);
	rc = 0;
out:
	free(pl.townships);
	free(pl.villages);
	free(stages);
	free(base.g);
	free(reached.g);
	free(rows);
	free(cols);
	return rc;
}

void stats_table_release(struct stats_table *t)
{
	free(t->row_heads);
	free(t->col_heads);
	free(t->cells);
	free(t->row_totals);
	free(t->col_totals);
	memset(t, 0, sizeof *t);
}
