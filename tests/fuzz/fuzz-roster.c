/*
 * libFuzzer target for the whole roster import: the input is a CSV file that
 * goes through io/table and domain/roster into an in-memory database holding
 * a small county. Whatever the bytes, the import must not crash, must account
 * for every row (inserted + updated + rejected never exceeds the rows read),
 * and in all-or-nothing mode must leave the registry empty when it rejected
 * anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/person.h"
#include "domain/roster.h"
#include "io/table.h"
#include "store/migrate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void add(struct db *db, const char *code, const char *name, enum division_level level, const char *parent)
{
	struct division d = { .level = level };
	snprintf(d.code, sizeof d.code, "%s", code);
	snprintf(d.name, sizeof d.name, "%s", name);
	snprintf(d.parent, sizeof d.parent, "%s", parent);
	struct error err = ERROR_INIT;
	if (division_save(db, &d, NULL, &err) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		snprintf(path, sizeof path, "/dev/shm/fuzz-roster-%d.csv", (int)getpid());
		struct date today = { 2026, 6, 30 };
		date_set_today(&today);
	}
	if (size < 1)
		return 0;
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		abort();

	struct error err = ERROR_INIT;
	struct db *db;
	if (db_open(&db, ":memory:", DB_WRITER, &err) < 0 || migrate_run(db, NULL, &err) < 0)
		abort();
	/* Every database here is the same schema: the dictionaries are read once. */
	static int dict_loaded;
	if (!dict_loaded && dict_load(db, &err) < 0)
		abort();
	dict_loaded = 1;
	add(db, "341698000000", "测试县", DIVISION_COUNTY, "");
	add(db, "341698101000", "河口镇", DIVISION_TOWNSHIP, "341698000000");
	add(db, "341698101001", "河口村", DIVISION_VILLAGE, "341698101000");
	add(db, "341698102000", "山前乡", DIVISION_TOWNSHIP, "341698000000");
	add(db, "341698102001", "河口村", DIVISION_VILLAGE, "341698102000");

	struct table *t;
	if (table_open(&t, path, &err) == 0) {
		struct import_options opt = { .valid_only = data[0] & 1, .update_existing = data[0] & 2 };
		struct import_report r;
		import_report_init(&r);
		if (roster_import(db, table_source(t), &opt, data[0] & 4, &r, &err) == 0) {
			long persons = person_count(db, &err);
			if (persons != r.inserted)
				abort();
			if (!opt.valid_only && r.rejected && persons != 0)
				abort();
			if ((long)r.nerrors != r.rejected && r.nerrors != IMPORT_ERRORS_KEPT)
				abort();
		} else if (person_count(db, &err) != 0) {
			abort(); /* a failed import writes nothing */
		}
		import_report_release(&r);
		table_close(t);
	}
	db_close(db);
	return 0;
}
