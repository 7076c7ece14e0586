/*
 * gen-roster: writes a township roster (花名册) CSV of N made-up persons of
 * the demo county, for the import benchmark (bench/import.sh).
 *
 *   gen-roster N SEED OUT.csv [DIVISIONS.csv]
 *
 * OUT.csv is UTF-8 without a byte-order mark, CRLF, with the roster header
 * (roster_columns) and one row per person as an export writes it
 * (roster_cells, unmasked). Every ID number is distinct: a repeat is drawn
 * again. "Today" is pinned to 2026-06-30, so the same N and SEED give the
 * same bytes on any day (import the file with --today 2026-06-30 or later).
 *
 * DIVISIONS.csv, when given, gets the county, townships and villages the
 * rows use, in the format of `huimin divisions import` (parents first); the
 * demo county itself (`huimin demo --persons 0`) has all of them.
 *
 * Streams: memory is the ID set (16 bytes a slot, 32 MiB for a million) and
 * a stdio buffer, whatever N is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/idcard.h"
#include "base/intmap.h"
#include "domain/demo.h"
#include "domain/dict.h"
#include "domain/person.h"
#include "domain/roster.h"
#include "io/csv.h"
#include "store/db.h"
#include "store/migrate.h"

#define OUT_BUFFER (1 << 20)
#define MAX_PERSONS 10000000L

/* A division the rows use, for DIVISIONS.csv. */
struct seen_division {
	char code[13];
	char name[161];
};

struct divisions {
	struct seen_division township[DEMO_TOWNSHIPS], village[DEMO_VILLAGES];
	size_t ntownships, nvillages;
	unsigned char seen[1000000]; /* by the last six digits of the code */
	int overflow;
};

/* Notes a division by the digits after the county's six (at most six of them): seen[] says whether it is in set. */
static void note_division(struct seen_division *set, size_t *n, size_t max, unsigned char *seen, int *overflow,
			  const char *code, const char *name)
{
	size_t key = 0;
	for (int i = 6; i < 12; i++)
		key = key * 10 + (size_t)(code[i] - '0');
	if (seen[key])
		return;
	seen[key] = 1;
	if (*n == max) {
		*overflow = 1;
		return;
	}
	snprintf(set[*n].code, sizeof set[*n].code, "%s", code);
	snprintf(set[*n].name, sizeof set[*n].name, "%s", name);
	(*n)++;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct seen_division *)a)->code, ((const struct seen_division *)b)->code);
}

static int write_divisions(const char *path, struct divisions *d)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen-roster: %s: %s\n", path, strerror(errno));
		return -1;
	}
	qsort(d->township, d->ntownships, sizeof d->township[0], by_code);
	qsort(d->village, d->nvillages, sizeof d->village[0], by_code);
	const char *header[] = { "code", "name", "level", "parent_code" };
	const char *county[] = { DEMO_COUNTY_CODE, "示范县", "county", "" };
	int rc = csv_write_row(f, header, 4) | csv_write_row(f, county, 4);
	for (size_t i = 0; i < d->ntownships; i++) {
		const char *row[] = { d->township[i].code, d->township[i].name, "township", DEMO_COUNTY_CODE };
		rc |= csv_write_row(f, row, 4);
	}
	for (size_t i = 0; i < d->nvillages; i++) {
		char parent[13];
		snprintf(parent, sizeof parent, "%.9s000", d->village[i].code);
		const char *row[] = { d->village[i].code, d->village[i].name, "village", parent };
		rc |= csv_write_row(f, row, 4);
	}
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "gen-roster: %s: write error\n", path);
		return -1;
	}
	return 0;
}

static int parse_long(const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	long n, seed;
	if (argc < 4 || argc > 5 || parse_long(argv[1], MAX_PERSONS, &n) < 0 ||
	    parse_long(argv[2], 0x7fffffffL, &seed) < 0) {
		fprintf(stderr, "usage: gen-roster N SEED OUT.csv [DIVISIONS.csv]  (N <= %ld)\n", MAX_PERSONS);
		return 2;
	}
	const struct date today = { 2026, 6, 30 };
	date_set_today(&today);

	/* The dictionaries' labels live in the database: an empty one in memory holds them. */
	struct db *db;
	int applied;
	struct error err = ERROR_INIT;
	if (db_open(&db, ":memory:", DB_WRITER, &err) < 0 || migrate_run(db, &applied, &err) < 0 ||
	    dict_load(db, &err) < 0) {
		fprintf(stderr, "gen-roster: the dictionaries: %s\n", err.msg);
		return 1;
	}

	FILE *f = fopen(argv[3], "wb");
	if (!f) {
		fprintf(stderr, "gen-roster: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	static char outbuf[OUT_BUFFER];
	setvbuf(f, outbuf, _IOFBF, sizeof outbuf);

	const char *fields[ROSTER__MAX];
	for (int i = 0; i < ROSTER__MAX; i++)
		fields[i] = roster_columns[i].name;
	int rc = csv_write_row(f, fields, ROSTER__MAX);

	static char cells[ROSTER__MAX][ROSTER_CELL_MAX];
	for (int i = 0; i < ROSTER__MAX; i++)
		fields[i] = cells[i];

	static struct divisions divs;
	struct demo_rng rng = { (uint64_t)seed };
	struct intmap ids = INTMAP_INIT;
	long redrawn = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		struct person p;
		for (;;) { /* draw again on a repeated ID number */
			demo_person(&rng, today, &p);
			if (intmap_put(&ids, idcard_key(p.id_number), i, NULL))
				break;
			redrawn++;
		}
		roster_cells(&p, false, cells);
		rc = csv_write_row(f, fields, ROSTER__MAX);
		if (argc == 5 && !divs.overflow) {
			char township[13];
			person_township(&p, township);
			note_division(divs.township, &divs.ntownships, DEMO_TOWNSHIPS, divs.seen, &divs.overflow, township,
				      p.township_name);
			note_division(divs.village, &divs.nvillages, DEMO_VILLAGES, divs.seen, &divs.overflow, p.village,
				      p.village_name);
		}
	}
	intmap_release(&ids);
	db_close(db);
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "gen-roster: %s: write error\n", argv[3]);
		return 1;
	}
	if (divs.overflow) {
		fprintf(stderr, "gen-roster: more divisions than the demo county has\n");
		return 1;
	}
	if (argc == 5 && write_divisions(argv[4], &divs) < 0)
		return 1;
	fprintf(stderr, "gen-roster: %ld persons (%ld repeated ID numbers drawn again) -> %s\n", n, redrawn, argv[3]);
	return 0;
}
