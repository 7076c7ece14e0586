/*
 * stats: 统计报表, pivot counts of the registry's persons or of a
 * project-year's cases, by a row dimension and a column dimension chosen
 * from a fixed list (township, village, category, grade, hukou, age group,
 * sex, status; for cases also the current stage and the stages reached),
 * within the asking user's data scope.
 *
 * Invariants:
 * - The SQL is static: one grouped statement per subject returns the
 *   counts by every dimension at once (village, status, category, grade,
 *   hukou, sex; the age groups as three sums of the birth date against two
 *   bound dates; for cases the stage), and C folds those groups into the
 *   chosen rows x columns. The persons' statement groups in the order of
 *   the index person_stats (migration 016), so a county of a million
 *   persons is counted from that index without a sort (docs/performance.md).
 * - The data scope always applies: the scope and the township and village
 *   filters are one range of village codes (a case's village is where it
 *   is run). An empty scope counts nothing.
 * - Counts are exact and add up: every cell is a number of persons (or
 *   cases); the row and column totals and the grand total count each once.
 *   The one dimension that is not a partition is "reached" (a case reached
 *   several stages): its cells count every case that reached the stage,
 *   its totals along the other dimension count each case once (so a row's
 *   cells add up to more than its total; the funnel: 1206, 461, 402).
 * - Ages are full years (周岁) on q->age_on, with the registry's own bounds
 *   (registry_age_bounds), so a count's link to the registry list (with
 *   age_group and age_on) lists exactly the persons counted.
 * - Heads: every township or village of the scope and filters (also those
 *   with 0), every value of a coded dimension the filters allow (未持证,
 *   code 0, for category and grade), every stage of the project (and any
 *   other stage a case of an older definition is at), in a fixed order.
 *
 *   struct stats_query q;
 *   stats_query_init(&q, user);
 *   if ((m = stats_query_arg(&q, "rows", "township")) != 0) ...m says why...
 *   if ((m = stats_query_check(&q)) != 0) ...
 *   struct stats_table t;
 *   int rc = stats_run(db, &q, program_or_NULL, &t, err);  // 1: too many cells
 *   ... t.cells[r * t.ncols + c] ...
 *   stats_table_release(&t);
 */
#ifndef HUIMIN_STATS_H
#define HUIMIN_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/error.h"
#include "base/msg.h"
#include "domain/account.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "store/db.h"

#define STATS_CELLS_MAX 20000 /* rows x columns of one table */

/* The dimension whitelist; the identifiers (stats_dim_name) are the API's. */
enum stats_dim {
	STATS_DIM_NONE,     /* "": no columns (one column, the totals) */
	STATS_DIM_TOWNSHIP, /* "township" 乡镇 */
	STATS_DIM_VILLAGE,  /* "village" 村（社区） */
	STATS_DIM_CATEGORY, /* "category" 残疾类别, 0 未持证 */
	STATS_DIM_GRADE,    /* "grade" 残疾等级, 0 未持证 */
	STATS_DIM_HUKOU,    /* "hukou" 户口性质 */
	STATS_DIM_AGE,      /* "age_group" 年龄段: 0-17, 18-59, 60+ */
	STATS_DIM_SEX,      /* "sex" 性别 */
	STATS_DIM_STATUS,   /* "status" 人员状态: 在册, 死亡, 迁出 (the person's file now) */
	STATS_DIM_STAGE,    /* "stage" 当前阶段 (cases only) */
	STATS_DIM_REACHED,  /* "reached" 到达过的阶段 (cases only; not a partition) */
	STATS_DIM__MAX
};

struct stats_query {
	struct registry_scope scope;
	enum stats_dim rows, cols;         /* rows never NONE */
	char program[PROGRAM_KEY_MAX + 1]; /* "" the registry's persons, else this project's cases */
	int year;                          /* of the cases (with program) */
	int status;                        /* the person's status 1..3, 0 any */
	char township[13], village[13];    /* filters, "" any */
	unsigned categories, grades;       /* bit sets, bit 0 未持证; 0 any */
	struct date age_on;                /* the day ages are counted on */
};

/*
 * An empty query within u's scope: the registry's persons 在册 by
 * township, no columns, ages today; year this year.
 */
void stats_query_init(struct stats_query *q, const struct user *u);

/* The argument names stats_query_arg knows, ending with NULL. */
extern const char *const stats_arg_names[];
/*
 * Sets the argument called name (rows cols program year status township
 * village category grade age_on) from its text: a dimension's identifier;
 * a project's code (its existence is the caller's to check, program_get);
 * a year 2000..2100; a status 1..3, or 0 for any (absent: 在册 for persons,
 * any for cases: the caller sets it after reading every argument, see
 * stats_query_default_status); township, village, category, grade and
 * age_on as the registry list takes them (registry_query_arg). "" leaves
 * the default. Returns 0, or the message saying what the value should be
 * (q unchanged for that name); an unknown name is ignored (0).
 */
enum msg_id stats_query_arg(struct stats_query *q, const char *name, const char *value);
/* The default status when the status argument was absent: 1 在册 for persons, 0 any for cases. */
void stats_query_default_status(struct stats_query *q);
/*
 * Whether the dimensions go together: 0, or MSG_STATS_SAME_DIM (rows and
 * columns alike), MSG_STATS_CASES_ONLY (a stage without a project: the
 * message takes the dimension's label), MSG_STATS_STAGE_REACHED.
 */
enum msg_id stats_query_check(const struct stats_query *q, enum stats_dim *which);

/* Whether u may see statistics: every role but the hospital (which sees only its patients' cases). */
bool stats_may_view(const struct user *u);

/* The identifier ("township"), the label ("乡镇"); "" beyond the list. */
const char *stats_dim_name(enum stats_dim d);
const char *stats_dim_label(enum stats_dim d);
/* The dimension of an identifier, or -1 ("" is STATS_DIM_NONE). */
int stats_dim_parse(const char *name);
/*
 * The name of the list filter a head's key of d is given to, in the
 * registry list (/persons) and the case list (/projects/CODE/cases):
 * "township", "village", "category", "grade", "hukou", "age_group", "sex",
 * "status", "stage", "reached"; "" for NONE. Keys are those filters' values.
 */
const char *stats_dim_arg(enum stats_dim d);

struct stats_head {
	char key[PROGRAM_KEY_MAX + 1]; /* the filter value: a division code, "1", "0-17", a stage key; "" total */
	char label[4 * PROGRAM_LABEL_MAX + 1];
	char parent[4 * PROGRAM_LABEL_MAX + 1]; /* a village's township name, else "" */
};

struct stats_table {
	enum stats_dim rows, cols;
	size_t nrows, ncols; /* ncols 1 when cols is NONE (its head: key "", label 合计) */
	struct stats_head *row_heads, *col_heads;
	long long *cells;                   /* nrows * ncols, row by row */
	long long *row_totals, *col_totals; /* nrows, ncols */
	long long total;
	size_t townships; /* how many townships the heads' villages span */
};

/*
 * Counts q (checked by stats_query_check) into out: the persons of the
 * registry, or with q->program the cases of that project's q->year (p is
 * its newest definition, for the stages' order and labels; NULL for
 * persons). 0 with out filled (stats_table_release it); 1 when the table
 * would have more than STATS_CELLS_MAX cells (out->nrows and out->ncols
 * say how many heads; nothing else filled, release it all the same); -1
 * with a message.
 */
__attribute__((warn_unused_result)) int stats_run(struct db *db, const struct stats_query *q, const struct program *p,
                                                  struct stats_table *out, struct error *err);
/* Frees what stats_run filled; a zeroed or released table is fine. */
void stats_table_release(struct stats_table *t);

/* The cell at row r, column c. */
static inline long long stats_cell(const struct stats_table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

#endif
