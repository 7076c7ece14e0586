#include "io/table.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "io/csv.h"
#include "io/xlsx-read.h"

struct table {
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
};

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && strcasecmp(path + n - m, suffix) == 0;
}

int table_open(struct table **out, const char *path, struct error *err)
{
	struct table *t = xcalloc(1, sizeof *t);
	int rc = has_suffix(path, ".xlsx") ? xlsx_open(&t->xlsx, path, err) : csv_open(&t->csv, path, err);
	if (rc < 0) {
		free(t);
		*out = NULL;
		return -1;
	}
	*out = t;
	return 0;
}

static int next_row(void *ctx, struct row **row, struct error *err)
{
	struct table *t = ctx;
	return t->xlsx ? xlsx_next(t->xlsx, row, err) : csv_next(t->csv, row, err);
}

struct row_source table_source(struct table *t)
{
	return (struct row_source){ next_row, t, table_kind(t) };
}

const char *table_kind(const struct table *t)
{
	if (t->xlsx)
		return "xlsx";
	return csv_encoding(t->csv) == CSV_UTF8 ? "UTF-8" : "GB18030";
}

void table_close(struct table *t)
{
	if (!t)
		return;
	if (t->xlsx)
		xlsx_close(t->xlsx);
	if (t->csv)
		csv_close(t->csv);
	free(t);
}
