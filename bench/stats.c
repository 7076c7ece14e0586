/*
 * stats DB RUNS GOAL_MS: times 统计报表's pivots (domain/stats) on a
 * database of a million persons and a million cataract cases of 2024 plus
 * ten thousand of 2023 (bench/stats.sh builds it), on a read-only
 * connection as the web server's workers have (db_open DB_READER, 8 MiB
 * page cache), ages counted on 2026-06-30:
 *
 *   persons, county       township x -, township x category, village x
 *                         age group, category x grade (每个都是全县的档案)
 *   persons, a township   its villages x sex, as a township user sees them
 *   cases 2024 (1,000,000) township x current stage (no person read),
 *                          township x stage reached, category x stage
 *   cases 2023 (10,000)    township x stage reached, age group x stage reached
 *
 * Each pivot runs once (first, timed apart), once more unchanged (again:
 * the table kept by stats_run), then RUNS times counted anew (ages on
 * another day each run, the same work); prints the median and p99 in ms
 * of those, the median CPU time (on a machine shared with
 * other work the wall time is longer), the table's size and grand total,
 * and, for the
 * county-wide pivots of persons, whether the p99 is under GOAL_MS. Exits 0
 * whether or not the goals are met; 1 when a pivot fails or counts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/dict.h"
#include "domain/program.h"
#include "domain/stats.h"
#include "store/db.h"

static const char SQL_LARGEST[] = "SELECT township_code, count(*) FROM person GROUP BY township_code"
                                  " ORDER BY count(*) DESC, township_code LIMIT 1";

struct pivot {
	const char *label;
	const char *program; /* NULL persons */
	int year;
	enum stats_dim rows, cols;
	bool township; /* within the largest township's scope */
	bool goal;     /* a county-wide pivot of persons: held to GOAL_MS */
};

static const struct pivot pivots[] = {
    {"persons, county: township x -", NULL, 0, STATS_DIM_TOWNSHIP, STATS_DIM_NONE, false, true},
    {"persons, county: township x category", NULL, 0, STATS_DIM_TOWNSHIP, STATS_DIM_CATEGORY, false, true},
    {"persons, county: village x age group", NULL, 0, STATS_DIM_VILLAGE, STATS_DIM_AGE, false, true},
    {"persons, county: category x grade", NULL, 0, STATS_DIM_CATEGORY, STATS_DIM_GRADE, false, true},
    {"persons, largest township: village x sex", NULL, 0, STATS_DIM_VILLAGE, STATS_DIM_SEX, true, false},
    {"cases 2024 (1e6): township x stage", "cataract", 2024, STATS_DIM_TOWNSHIP, STATS_DIM_STAGE, false, false},
    {"cases 2024 (1e6): township x reached", "cataract", 2024, STATS_DIM_TOWNSHIP, STATS_DIM_REACHED, false, false},
    {"cases 2024 (1e6): category x stage", "cataract", 2024, STATS_DIM_CATEGORY, STATS_DIM_STAGE, false, false},
    {"cases 2023 (1e4): township x reached", "cataract", 2023, STATS_DIM_TOWNSHIP, STATS_DIM_REACHED, false, false},
    {"cases 2023 (1e4): age group x reached", "cataract", 2023, STATS_DIM_AGE, STATS_DIM_REACHED, false, false},
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this process: the wall time less what other processes took of the machine's cores. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int run_once(struct db *db, const struct stats_query *q, const struct program *p, struct stats_table *t,
                    struct error *err)
{
	stats_table_release(t);
	int rc = stats_run(db, q, p, t, err);
	return rc == 0 ? 0 : rc > 0 ? error_set(err, "too many cells") : -1;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: stats DB RUNS GOAL_MS\n");
		return 2;
	}
	int runs = atoi(argv[2]);
	double goal = atof(argv[3]);
	if (runs < 1 || goal <= 0) {
		fprintf(stderr, "stats: bad RUNS or GOAL_MS\n");
		return 2;
	}
	struct date today = {2026, 6, 30};
	date_set_today(&today);
	struct error err = ERROR_INIT;
	struct db *db = NULL;
	if (db_open(&db, argv[1], DB_READER, &err) < 0 || dict_load(db, &err) < 0) {
		fprintf(stderr, "stats: %s: %s\n", argv[1], err.msg);
		db_close(db);
		return 1;
	}
	char largest[13] = "";
	struct db_stmt *st;
	if (db_prepare(db, SQL_LARGEST, &st, &err) < 0) {
		fprintf(stderr, "stats: %s\n", err.msg);
		db_close(db);
		return 1;
	}
	if (db_step(st, &err) == DB_ROW)
		snprintf(largest, sizeof largest, "%s", db_col_text(st, 0));
	db_done(st);
	const struct program *cataract = NULL;
	if (!*largest || program_get(db, "cataract", 0, &cataract, &err) <= 0) {
		fprintf(stderr, "stats: no persons or no cataract project (%s)\n", err.msg);
		db_close(db);
		return 1;
	}
	struct user county = {0}, township = {0};
	county.role = ROLE_COUNTY_STAFF;
	township.role = ROLE_TOWNSHIP;
	snprintf(township.division, sizeof township.division, "%s", largest);

	printf("read-only connection (8 MiB page cache), ages on %04d-%02d-%02d, %d runs after a warm-up; times in ms\n"
	       "largest township %s\n\n",
	       today.year, today.month, today.day, runs, largest);
	printf("%-44s %7s %8s %8s %8s %8s %8s %7s\n", "pivot", "cells", "total", "first", "median", "p99", "cpu",
	       "again");
	int failed = 0;
	double worst = 0;
	double *ms = malloc((size_t)runs * sizeof *ms), *cpu = malloc((size_t)runs * sizeof *cpu);
	struct stats_table t = {0};
	for (size_t i = 0; ms && cpu && i < sizeof pivots / sizeof pivots[0]; i++) {
		const struct pivot *pv = &pivots[i];
		struct stats_query q;
		stats_query_init(&q, pv->township ? &township : &county);
		q.rows = pv->rows;
		q.cols = pv->cols;
		if (pv->program) {
			snprintf(q.program, sizeof q.program, "%s", pv->program);
			q.year = pv->year;
		}
		stats_query_default_status(&q);
		const struct program *p = pv->program ? cataract : NULL;
		double t0 = now_ms();
		if (run_once(db, &q, p, &t, &err) < 0 || t.total == 0) {
			fprintf(stderr, "stats: %s: %s\n", pv->label, t.total ? err.msg : "counted nothing");
			failed = 1;
			break;
		}
		double first = now_ms() - t0;
		/* The same table again, nothing changed: the results kept (stats_run's per-thread cache). */
		t0 = now_ms();
		if (run_once(db, &q, p, &t, &err) < 0) {
			fprintf(stderr, "stats: %s: %s\n", pv->label, err.msg);
			failed = 1;
			break;
		}
		double again = now_ms() - t0;
		/* Then counted each time: ages on another day each run (the same work, another table). */
		int warm = runs / 10 < 1 ? 1 : runs / 10 > 5 ? 5 : runs / 10;
		for (int k = 0; k < warm + runs; k++) {
			q.age_on = date_from_days(date_to_days(today) - 1 - k);
			t0 = now_ms();
			double c0 = cpu_ms();
			if (run_once(db, &q, p, &t, &err) < 0) {
				fprintf(stderr, "stats: %s: %s\n", pv->label, err.msg);
				failed = 1;
				break;
			}
			if (k >= warm) {
				ms[k - warm] = now_ms() - t0;
				cpu[k - warm] = cpu_ms() - c0;
			}
		}
		if (failed)
			break;
		qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
		qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
		double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
		int k = (int)((runs * 99 + 99) / 100) - 1;
		double p99 = ms[k < 0 ? 0 : k];
		char cells[32];
		snprintf(cells, sizeof cells, "%zux%zu", t.nrows, t.ncols);
		printf("%-44s %7s %8lld %8.1f %8.1f %8.1f %8.1f %7.2f\n", pv->label, cells, t.total, first, median, p99,
		       cpu[runs / 2], again);
		if (pv->goal && p99 > worst)
			worst = p99;
	}
	stats_table_release(&t);
	free(ms);
	free(cpu);
	db_close(db);
	if (failed)
		return 1;
	printf("\ngoal: county-wide pivots of persons, p99 < %.0f ms: %s (worst %.1f ms)\n", goal,
	       worst < goal ? "PASS" : "FAIL", worst);
	return 0;
}
