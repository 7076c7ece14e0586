/*
 * cases DB YEAR TODAY RUNS GOAL_MS: times the case engine's reads on a
 * database of cataract cases (bench/cases.sh builds it), on a read-only
 * connection as the web server's workers have (db_open DB_READER, 8 MiB page
 * cache), "today" pinned to TODAY so that follow-ups are overdue:
 *
 *   overdue, largest township   case_search: q.township, q.due = CASE_DUE_OVERDUE,
 *   overdue, smallest township  page 1 of 50, with the exact total;
 *   funnel, county              case_counts of the whole county, summed;
 *   funnel, by township         the same, per township;
 *   overdue, county (no goal)   the overdue list without a township (a county
 *                               or hospital user's first view), for comparison.
 *
 * Each query runs once (first, timed apart), then RUNS times; prints the
 * median and p99 in ms, its rows and total, and whether the p99 is under
 * GOAL_MS. Exits 0 whether or not the goals are met; 1 when a query fails
 * or gives nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "store/db.h"

#define PROGRAM "cataract"

/* The townships with the most and the fewest cases of the year (not timed). */
static const char SQL_TOWNSHIPS[] = "SELECT township_code, count(*) FROM program_case WHERE program_code = ?"
				    " AND year = ? GROUP BY township_code ORDER BY count(*) DESC, township_code";

struct result {
	long rows, total;
};

static int row_seen(void *ctx, const struct case_row *r, struct error *err)
{
	(void)r;
	(void)err;
	((struct result *)ctx)->rows++;
	return 0;
}

static void count_seen(void *ctx, const char *township, const char *counter, long n)
{
	(void)township;
	(void)counter;
	struct result *res = ctx;
	res->rows++;
	res->total += n;
}

struct bench {
	struct db *db;
	int year;
	struct date today;
	struct registry_scope county;
};

enum what { OVERDUE, FUNNEL, FUNNEL_BY_TOWNSHIP };

/* One run of a query: 0 and *res, or -1 with err. */
static int run_once(struct bench *b, enum what what, const char *township, struct result *res, struct error *err)
{
	memset(res, 0, sizeof *res);
	if (what == OVERDUE) {
		struct case_query q;
		memset(&q, 0, sizeof q);
		q.scope = b->county;
		snprintf(q.program, sizeof q.program, "%s", PROGRAM);
		q.year = b->year;
		snprintf(q.township, sizeof q.township, "%s", township);
		q.due = CASE_DUE_OVERDUE;
		q.today = b->today;
		q.page = 1;
		q.per_page = 50;
		return case_search(b->db, &q, row_seen, res, &res->total, err);
	}
	return case_counts(b->db, &b->county, PROGRAM, b->year, "", what == FUNNEL_BY_TOWNSHIP, count_seen, res, err);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Times a query; prints its line; 1 when its p99 meets the goal, 0 not, -1 on an error. */
static int measure(struct bench *b, const char *label, enum what what, const char *township, int runs, double goal,
		   double *p99_out)
{
	struct error err = ERROR_INIT;
	struct result res;
	double t0 = now_ms();
	if (run_once(b, what, township, &res, &err) < 0) {
		fprintf(stderr, "cases: %s: %s\n", label, err.msg);
		return -1;
	}
	double first = now_ms() - t0;
	if (res.rows == 0) {
		fprintf(stderr, "cases: %s gave no rows\n", label);
		return -1;
	}
	/* Warm-up: a tenth of the runs, 1 to 20. */
	int warm = runs / 10 < 1 ? 1 : runs / 10 > 20 ? 20 : runs / 10;
	for (int i = 0; i < warm; i++)
		if (run_once(b, what, township, &res, &err) < 0) {
			fprintf(stderr, "cases: %s: %s\n", label, err.msg);
			return -1;
		}
	double *ms = malloc((size_t)runs * sizeof *ms);
	if (!ms)
		return -1;
	for (int i = 0; i < runs; i++) {
		t0 = now_ms();
		if (run_once(b, what, township, &res, &err) < 0) {
			fprintf(stderr, "cases: %s: %s\n", label, err.msg);
			free(ms);
			return -1;
		}
		ms[i] = now_ms() - t0;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	int k = (int)((runs * 99 + 99) / 100) - 1; /* the ceil(0.99 n)-th smallest */
	double p99 = ms[k < 0 ? 0 : k];
	free(ms);
	printf("%-44s %6ld %8ld %9.2f %10.2f %9.2f\n", label, res.rows, res.total, first, median, p99);
	*p99_out = p99;
	return p99 < goal;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: cases DB YEAR TODAY RUNS GOAL_MS\n");
		return 2;
	}
	struct bench b;
	memset(&b, 0, sizeof b);
	b.year = atoi(argv[2]);
	int runs = atoi(argv[4]);
	double goal = atof(argv[5]);
	if (date_parse(argv[3], &b.today) < 0 || b.year <= 0 || runs < 1 || goal <= 0) {
		fprintf(stderr, "cases: bad YEAR, TODAY, RUNS or GOAL_MS\n");
		return 2;
	}
	date_set_today(&b.today);
	snprintf(b.county.lo, sizeof b.county.lo, "000000000000");
	snprintf(b.county.hi, sizeof b.county.hi, "999999999999");

	struct error err = ERROR_INIT;
	if (db_open(&b.db, argv[1], DB_READER, &err) < 0 || dict_load(b.db, &err) < 0) {
		fprintf(stderr, "cases: %s: %s\n", argv[1], err.msg);
		db_close(b.db);
		return 1;
	}

	char big[13] = "", small[13] = "";
	long nbig = 0, nsmall = 0, ntownships = 0;
	struct db_stmt *st;
	if (db_prepare(b.db, SQL_TOWNSHIPS, &st, &err) < 0) {
		fprintf(stderr, "cases: %s\n", err.msg);
		db_close(b.db);
		return 1;
	}
	db_bind_text(st, 1, PROGRAM);
	db_bind_int(st, 2, b.year);
	int rc;
	while ((rc = db_step(st, &err)) == DB_ROW) {
		snprintf(ntownships ? small : big, 13, "%s", db_col_text(st, 0));
		*(ntownships ? &nsmall : &nbig) = (long)db_col_int(st, 1);
		ntownships++;
	}
	db_done(st);
	if (rc != DB_DONE || ntownships < 2) {
		fprintf(stderr, "cases: no cases of %s %d in two townships or more (%s)\n", PROGRAM, b.year, err.msg);
		db_close(b.db);
		return 1;
	}

	printf("read-only connection (8 MiB page cache), today %s, %d runs after a warm-up; times in ms\n", argv[3],
	       runs);
	printf("largest township %s: %ld cases; smallest %s: %ld cases; %ld townships\n\n", big, nbig, small, nsmall,
	       ntownships);
	printf("%-44s %6s %8s %9s %10s %9s\n", "query", "rows", "total", "first", "median", "p99");
	char l1[80], l2[80];
	snprintf(l1, sizeof l1, "overdue, largest township (page 1 of 50)");
	snprintf(l2, sizeof l2, "overdue, smallest township (page 1 of 50)");
	struct {
		const char *label;
		enum what what;
		const char *township;
		bool goal;
		int met;
		double p99;
	} q[] = {
		{l1, OVERDUE, big, true, 0, 0},
		{l2, OVERDUE, small, true, 0, 0},
		{"funnel, county (case_counts, summed)", FUNNEL, "", true, 0, 0},
		{"funnel, county by township (case_counts)", FUNNEL_BY_TOWNSHIP, "", true, 0, 0},
		{"overdue, whole county (page 1 of 50; no goal)", OVERDUE, "", false, 0, 0},
	};
	size_t n = sizeof q / sizeof q[0];
	for (size_t i = 0; i < n; i++) {
		q[i].met = measure(&b, q[i].label, q[i].what, q[i].township, q[i].goal ? runs : (runs < 5 ? runs : 5),
				   goal, &q[i].p99);
		if (q[i].met < 0) {
			db_close(b.db);
			return 1;
		}
	}
	printf("(rows: cases on the page, or counters; total: the list's exact total, or the sum of the counters)\n\n");
	for (size_t i = 0; i < n; i++)
		if (q[i].goal)
			printf("goal: %s, p99 < %.0f ms: %s (%.2f ms)\n", q[i].label, goal, q[i].met ? "PASS" : "MISS",
			       q[i].p99);
	db_close(b.db);
	dict_unload();
	return 0;
}
