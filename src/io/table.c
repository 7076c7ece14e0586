#include "io/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/money.h"
#include "base/xalloc.h"
#include "io/csv.h"
#include "io/xlsx-read.h"
#include "io/xlsx-write.h"

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

struct table_writer {
	struct xlsx_writer *xlsx;
	FILE *csv;
	bool own; /* csv was opened here (not standard output) */
	const char *path;
	size_t ncols;
	struct xlsx_cell *row;
};

int table_writer_open(struct table_writer **out, const char *path, const char *sheet, const char *const *header,
		      const double *widths, size_t ncols, struct error *err)
{
	struct table_writer *w = xcalloc(1, sizeof *w);
	w->ncols = ncols;
	w->path = path ? path : "（标准输出）";
	*out = NULL;
	if (path && has_suffix(path, ".xlsx")) {
		if (xlsx_writer_open(&w->xlsx, path, sheet, header, widths, ncols, err) < 0) {
			free(w);
			return -1;
		}
		w->row = xcalloc(ncols, sizeof *w->row);
	} else {
		w->csv = path ? fopen(path, "w") : stdout;
		w->own = path != NULL;
		if (!w->csv) {
			free(w);
			return error_set(err, "无法创建文件 %s", path);
		}
		if (fputs("\xEF\xBB\xBF", w->csv) < 0 || csv_write_row(w->csv, header, ncols) < 0) {
			int rc = table_writer_close(w, err);
			(void)rc;
			return error_set(err, "无法写入文件 %s", path);
		}
	}
	*out = w;
	return 0;
}

int table_writer_row(struct table_writer *w, const char *const *cells, struct error *err)
{
	if (w->xlsx) {
		for (size_t i = 0; i < w->ncols; i++)
			w->row[i] = (struct xlsx_cell){.kind = XLSX_TEXT, .text = cells[i]};
		return xlsx_writer_row(w->xlsx, w->row, err);
	}
	return csv_write_row(w->csv, cells, w->ncols) < 0 ? error_set(err, "无法写入文件 %s", w->path) : 0;
}

int table_writer_cells(struct table_writer *w, const struct xlsx_cell *cells, struct error *err)
{
	if (w->xlsx)
		return xlsx_writer_row(w->xlsx, cells, err);
	char(*text)[MONEY_TEXT_MAX] = xcalloc(w->ncols, sizeof *text);
	const char **row = xcalloc(w->ncols, sizeof *row);
	for (size_t i = 0; i < w->ncols; i++) {
		row[i] = text[i];
		switch (cells[i].kind) {
		case XLSX_TEXT:
			row[i] = cells[i].text ? cells[i].text : "";
			break;
		case XLSX_INTEGER:
			snprintf(text[i], sizeof text[i], "%lld", (long long)cells[i].integer);
			break;
		case XLSX_MONEY:
			money_format_plain(cells[i].integer, text[i], sizeof text[i]);
			break;
		case XLSX_DATE:
			date_format(cells[i].date, text[i]);
			break;
		case XLSX_EMPTY:
			break;
		}
	}
	int rc = csv_write_row(w->csv, row, w->ncols) < 0 ? error_set(err, "无法写入文件 %s", w->path) : 0;
	free(row);
	free(text);
	return rc;
}

int table_writer_close(struct table_writer *w, struct error *err)
{
	if (!w)
		return 0;
	int rc = 0;
	if (w->xlsx) {
		rc = xlsx_writer_close(w->xlsx, err);
	} else if (w->csv) {
		bool bad = fflush(w->csv) != 0 || ferror(w->csv);
		if (w->own && fclose(w->csv) != 0)
			bad = true;
		if (bad)
			rc = error_set(err, "无法写完文件 %s", w->path);
	}
	free(w->row);
	free(w);
	return rc;
}
