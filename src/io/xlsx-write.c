#include "io/xlsx-write.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "base/utf8.h"
#include "base/xalloc.h"

/* Excel's limits: characters in a cell, in a sheet name; width of a column. */
#define CELL_CHARS_MAX 32767
#define SHEET_NAME_MAX 31
#define WIDTH_MAX 255.0

struct xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *integer, *money, *date;
	size_t ncols;
	lxw_row_t next_row;
	char *path;
};

/*
 * Checks that s is UTF-8 that XML can carry. Returns its length in
 * characters, and its display width in *width, or -1.
 */
static long text_check(const char *s, double *width)
{
	/* U+FFFE and U+FFFF are no XML characters, and libxlsxwriter would write them as they are. */
	if (!utf8_valid(s, strlen(s)) || strstr(s, "\xEF\xBF\xBE") || strstr(s, "\xEF\xBF\xBF"))
		return -1;
	if (width) {
		double w = 0;
		/* Characters of three and four bytes (CJK, kana, full-width forms ...) are wide. */
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if ((*p & 0xC0) != 0x80)
				w += *p >= 0xE0 ? 2 : 1;
		}
		*width = w;
	}
	return (long)utf8_length(s);
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool at_escape(const char *s)
{
	return s[0] == '_' && s[1] == 'x' && is_hex(s[2]) && is_hex(s[3]) && is_hex(s[4]) && is_hex(s[5]) &&
	       s[6] == '_';
}

/*
 * Excel reads "_xHHHH_" in a string as an escaped character (libxlsxwriter
 * writes control characters so). Text that has such a sequence of its own
 * gets its underscore escaped as "_x005F_", as Excel does, so that it comes
 * back as written. Returns the escaped copy, or NULL when s needs none.
 */
static char *escape_x(const char *s)
{
	size_t n = 0, len = strlen(s);
	char *out, *o;

	for (const char *p = s; (p = strstr(p, "_x")); p++)
		n += at_escape(p);
	if (n == 0)
		return NULL;
	o = out = xmalloc(len + 6 * n + 1);
	for (const char *p = s; *p; p++) {
		if (at_escape(p)) {
			memcpy(o, "_x005F", 6);
			o += 6;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static int check_sheet_name(const char *name, struct error *err)
{
	long chars = name ? text_check(name, NULL) : -1;

	if (chars <= 0 || chars > SHEET_NAME_MAX)
		return error_set(err, "工作表名称须为1到%d个字", SHEET_NAME_MAX);
	if (strpbrk(name, "[]:*?/\\"))
		return error_set(err, "工作表名称不能含有 [ ] : * ? / \\ 这些字符");
	if (name[0] == '\'' || name[strlen(name) - 1] == '\'')
		return error_set(err, "工作表名称不能以单引号开头或结尾");
	/* Excel keeps this name for its change history. */
	if (!strcasecmp(name, "History"))
		return error_set(err, "工作表名称不能是History");
	return 0;
}

static int lxw_failed(lxw_error e, const char *what, struct error *err)
{
	return error_set(err, "写Excel文件失败：%s（%s）", what, lxw_strerror(e));
}

/*
 * A format with Excel's built-in number format index (49 is "@", 1 is "0",
 * 2 is "0.00": Excel shows them as its own Text and Number), or with
 * num_format when index is 0.
 */
static lxw_format *format_with(lxw_workbook *wb, uint8_t index, const char *num_format)
{
	lxw_format *f = workbook_add_format(wb);
	if (f && index)
		format_set_num_format_index(f, index);
	else if (f)
		format_set_num_format(f, num_format);
	return f;
}

int xlsx_writer_open(struct xlsx_writer **out, const char *path, const char *sheet, const char *const *header,
                     const double *widths, size_t ncols, struct error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	struct xlsx_writer *w = NULL;
	lxw_format *bold;
	lxw_error e;
	int rc = -1;

	*out = NULL;
	if (check_sheet_name(sheet, err) < 0)
		return -1;
	if (ncols == 0 || ncols > LXW_COL_MAX)
		return error_set(err, "xlsx: %zu columns, not 1 to %d", ncols, LXW_COL_MAX);

	w = xcalloc(1, sizeof *w);
	w->ncols = ncols;
	w->path = xstrdup(path);
	w->wb = workbook_new_opt(path, &opt);
	if (!w->wb) {
		error_set(err, "无法创建Excel文件%s", path);
		goto out;
	}
	/* In constant-memory mode the sheet goes to a temporary file at once. */
	w->ws = workbook_add_worksheet(w->wb, sheet);
	bold = workbook_add_format(w->wb);
	w->text = format_with(w->wb, 49, "@");
	w->integer = format_with(w->wb, 1, "0");
	w->money = format_with(w->wb, 2, "0.00");
	w->date = format_with(w->wb, 0, "yyyy-mm-dd");
	if (!w->ws || !bold || !w->text || !w->integer || !w->money || !w->date) {
		error_set(err, "无法创建Excel文件%s（无法建立工作表或临时文件）", path);
		goto out;
	}
	format_set_bold(bold);
	worksheet_freeze_panes(w->ws, 1, 0);

	for (size_t i = 0; i < ncols; i++) {
		const char *h = header[i] ? header[i] : "";
		double width;

		if (text_check(h, &width) < 0 || strlen(h) > CELL_CHARS_MAX) {
			error_set(err, "xlsx: header %zu is not valid UTF-8 or too long", i + 1);
			goto out;
		}
		if (widths && isfinite(widths[i]) && widths[i] > 0)
			width = widths[i] < WIDTH_MAX ? widths[i] : WIDTH_MAX;
		else
			width = width + 2 < 8 ? 8 : width + 2 > 60 ? 60 : width + 2;
		e = worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, width, NULL);
		if (e == LXW_NO_ERROR && *h) {
			char *escaped = escape_x(h);
			e = worksheet_write_string(w->ws, 0, (lxw_col_t)i, escaped ? escaped : h, bold);
			free(escaped);
		}
		if (e != LXW_NO_ERROR) {
			lxw_failed(e, "表头", err);
			goto out;
		}
	}
	w->next_row = 1;
	*out = w;
	w = NULL;
	rc = 0;
out:
	/* lxw_workbook_free, not workbook_close: nothing is to be written. */
	if (w) {
		if (w->wb)
			lxw_workbook_free(w->wb);
		free(w->path);
		free(w);
	}
	return rc;
}

/* Checks a row before any of it is written, so that a bad row leaves no half in the sheet. */
static int check_row(const struct xlsx_writer *w, const struct xlsx_cell *cells, struct error *err)
{
	unsigned long row = (unsigned long)w->next_row + 1;

	if (w->next_row >= LXW_ROW_MAX)
		return error_set(err, "超过Excel的行数上限（%d行），请分批导出", LXW_ROW_MAX);
	for (size_t i = 0; i < w->ncols; i++) {
		const struct xlsx_cell *c = &cells[i];
		long chars;

		switch (c->kind) {
		case XLSX_TEXT:
			chars = c->text ? text_check(c->text, NULL) : 0;
			if (chars < 0)
				return error_set(err, "第%lu行第%zu列的文字含有无效字符，无法写入Excel", row, i + 1);
			if (chars > CELL_CHARS_MAX)
				return error_set(err, "第%lu行第%zu列的文字超过Excel单元格的上限（%d字）", row, i + 1,
				                 CELL_CHARS_MAX);
			break;
		case XLSX_DATE:
			if (!date_valid(c->date.year, c->date.month, c->date.day))
				return error_set(err, "xlsx: row %lu column %zu: invalid date %d-%d-%d", row, i + 1,
				                 c->date.year, c->date.month, c->date.day);
			break;
		case XLSX_INTEGER:
		case XLSX_MONEY:
		case XLSX_EMPTY:
			break;
		default:
			return error_set(err, "xlsx: row %lu column %zu: unknown cell kind %d", row, i + 1,
			                 (int)c->kind);
		}
	}
	return 0;
}

int xlsx_writer_row(struct xlsx_writer *w, const struct xlsx_cell *cells, struct error *err)
{
	lxw_row_t r = w->next_row;

	if (check_row(w, cells, err) < 0)
		return -1;
	for (size_t i = 0; i < w->ncols; i++) {
		const struct xlsx_cell *c = &cells[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e = LXW_NO_ERROR;

		switch (c->kind) {
		case XLSX_TEXT:
			/* worksheet_write_string writes text as text, never as a formula, whatever it starts with. */
			if (c->text && *c->text) {
				char *escaped = escape_x(c->text);
				e = worksheet_write_string(w->ws, r, col, escaped ? escaped : c->text, w->text);
				free(escaped);
			}
			break;
		case XLSX_INTEGER:
			/* Exact up to 2^53, far beyond any count or age. */
			e = worksheet_write_number(w->ws, r, col, (double)c->integer, w->integer);
			break;
		case XLSX_MONEY:
			/* For display only: the fen stay exact in the database. */
			e = worksheet_write_number(w->ws, r, col, (double)c->integer / 100, w->money);
			break;
		case XLSX_DATE:
			if (c->date.year < 1900) {
				/* Excel has no dates before 1900: write the text instead. */
				char buf[11];
				date_format(c->date, buf);
				e = worksheet_write_string(w->ws, r, col, buf, w->text);
			} else {
				lxw_datetime dt = {c->date.year, c->date.month, c->date.day, 0, 0, 0};
				e = worksheet_write_datetime(w->ws, r, col, &dt, w->date);
			}
			break;
		case XLSX_EMPTY:
			break;
		}
		if (e != LXW_NO_ERROR) {
			char what[64];
			snprintf(what, sizeof what, "第%lu行第%zu列", (unsigned long)r + 1, i + 1);
			return lxw_failed(e, what, err);
		}
	}
	w->next_row++;
	return 0;
}

int xlsx_writer_close(struct xlsx_writer *w, struct error *err)
{
	lxw_error e;
	int rc = 0;

	if (!w)
		return 0;
	/* workbook_close assembles and writes the file, and frees the workbook whatever happens. */
	e = workbook_close(w->wb);
	if (e != LXW_NO_ERROR)
		rc = error_set(err, "无法写出Excel文件%s（%s）", w->path, lxw_strerror(e));
	free(w->path);
	free(w);
	return rc;
}
