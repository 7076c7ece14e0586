#include "io/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/date.h"

#include "base/money.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "io/csv.h"
#include "io/xlsx-read.h"
#include "io/xlsx-write.h"

struct table {
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
	bool started; /* the title rows, if any, are behind */
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

static int raw_next(struct table *t, struct row **row, struct error *err)
{
	return t->xlsx ? xlsx_next(t->xlsx, row, err) : csv_next(t->csv, row, err);
}

/* How many cells of row have more than spaces (up to 2: that is all the title rule needs). */
static int filled(const struct row *row)
{
	int n = 0;
	for (size_t i = 0; i < row->count && n < 2; i++)
		n += row->field[i][strspn(row->field[i], " \t\r\n")] != '\0';
	return n;
}

static int next_row(void *ctx, struct row **row, struct error *err)
{
	struct table *t = ctx;
	int rc = raw_next(t, row, err);
	if (!t->started) {
		t->started = true;
		/* A row the reader could not read cleanly is left for the importer to report. */
		for (int skipped = 0; rc == 1 && skipped < TABLE_TITLE_ROWS && (*row)->problem == ROW_OK && filled(*row) <= 1;
		     skipped++)
			rc = raw_next(t, row, err);
	}
	return rc;
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
	enum xlsx_kind *kinds; /* of the sheet being written (.xlsx) */
	struct xlsx_cell *row;
};

static void set_columns(struct table_writer *w, const struct table_sheet *s)
{
	free(w->kinds);
	free(w->row);
	w->ncols = s->ncols;
	w->kinds = xcalloc(s->ncols, sizeof *w->kinds);
	w->row = xcalloc(s->ncols, sizeof *w->row);
	for (size_t i = 0; i < s->ncols; i++)
		w->kinds[i] = s->cols[i].kind;
}

/* Opens the xlsx writer on s's first sheet, or sets out the next one. */
static int xlsx_sheet(struct table_writer *w, const char *path, const struct table_sheet *s, struct error *err)
{
	const char **header = xcalloc(s->ncols ? s->ncols : 1, sizeof *header);
	double *widths = xcalloc(s->ncols ? s->ncols : 1, sizeof *widths);
	for (size_t i = 0; i < s->ncols; i++) {
		header[i] = s->cols[i].name;
		widths[i] = s->cols[i].width;
	}
	struct xlsx_sheet xs = {s->name, s->title, header, widths, s->ncols, s->machine};
	int rc = path ? xlsx_writer_begin(&w->xlsx, path, &xs, err) : xlsx_writer_sheet(w->xlsx, &xs, err);
	free(header);
	free(widths);
	if (rc == 0)
		set_columns(w, s);
	return rc;
}

int table_writer_begin(struct table_writer **out, const char *path, const struct table_sheet *s, struct error *err)
{
	struct table_writer *w = xcalloc(1, sizeof *w);
	w->ncols = s->ncols;
	w->path = path ? path : "（标准输出）";
	*out = NULL;
	if (path && has_suffix(path, ".xlsx")) {
		if (xlsx_sheet(w, path, s, err) < 0) {
			free(w);
			return -1;
		}
	} else {
		w->csv = path ? fopen(path, "w") : stdout;
		w->own = path != NULL;
		if (!w->csv) {
			free(w);
			return error_set(err, "无法创建文件 %s", path);
		}
		const char **header = xcalloc(s->ncols ? s->ncols : 1, sizeof *header);
		for (size_t i = 0; i < s->ncols; i++)
			header[i] = s->cols[i].name;
		bool bad = fputs("\xEF\xBB\xBF", w->csv) < 0 || csv_write_row(w->csv, header, s->ncols) < 0;
		free(header);
		if (bad) {
			int rc = table_writer_close(w, err);
			(void)rc;
			return error_set(err, "无法写入文件 %s", path);
		}
	}
	*out = w;
	return 0;
}

int table_writer_sheet(struct table_writer *w, const struct table_sheet *s, struct error *err)
{
	if (!w->xlsx)
		return error_set(err, "CSV文件只能有一张表，多张表请导出为Excel（.xlsx）");
	return xlsx_sheet(w, NULL, s, err);
}

int table_writer_open(struct table_writer **out, const char *path, const char *sheet, const char *const *header,
		      const double *widths, size_t ncols, struct error *err)
{
	struct table_column *cols = xcalloc(ncols ? ncols : 1, sizeof *cols);
	for (size_t i = 0; i < ncols; i++)
		cols[i] = (struct table_column){header[i], XLSX_TEXT, widths ? widths[i] : 0};
	struct table_sheet s = {.name = sheet, .cols = cols, .ncols = ncols, .machine = true};
	int rc = table_writer_begin(out, path, &s, err);
	free(cols);
	return rc;
}

void table_title(char *out, size_t size, const char *what)
{
	char day[11];
	time_t now = time(NULL);
	struct tm tm;
	date_format(date_today(), day);
	if (!localtime_r(&now, &tm))
		memset(&tm, 0, sizeof tm);
	snprintf(out, size, "%s（导出时间：%s %02d:%02d）", what, day, tm.tm_hour, tm.tm_min);
}

/* The text s of a column of kind as the cell it stands for (text when it does not read so). */
static struct xlsx_cell typed_cell(enum xlsx_kind kind, const char *s)
{
	struct xlsx_cell c = {.kind = XLSX_TEXT, .text = s};
	int64_t n;
	if (!s || !*s)
		return c;
	switch (kind) {
	case XLSX_DATE:
		if (date_parse(s, &c.date) == 0)
			c.kind = XLSX_DATE;
		break;
	case XLSX_MONEY:
		if (money_parse(s, 0, &n) == MONEY_OK) {
			c.kind = XLSX_MONEY;
			c.integer = n;
		}
		break;
	case XLSX_INTEGER:
		if (number_parse(s, INT64_MIN, INT64_MAX, &n)) {
			c.kind = XLSX_INTEGER;
			c.integer = n;
		}
		break;
	case XLSX_TEXT:
	case XLSX_EMPTY:
		break;
	}
	return c;
}

int table_writer_row(struct table_writer *w, const char *const *cells, struct error *err)
{
	if (w->xlsx) {
		for (size_t i = 0; i < w->ncols; i++)
			w->row[i] = typed_cell(w->kinds[i], cells[i]);
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
	free(w->kinds);
	free(w);
	return rc;
}
