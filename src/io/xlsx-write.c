#include "io/xlsx-write.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "base/money.h"
#include "base/utf8.h"
#include "base/xalloc.h"

/* Excel's limits: characters in a cell, in a sheet name; width of a column. */
#define CELL_CHARS_MAX 32767
#define SHEET_NAME_MAX 31
#define WIDTH_MAX 255.0
/* Column widths from the content: at least, at most (characters), and the room around the text. */
#define AUTO_MIN 8.0
#define AUTO_MAX 60.0
#define AUTO_PAD 2.0
/* The title's font size (the body's is 11); its row: points a line, and around, lines at most. */
#define TITLE_SIZE 14
#define TITLE_LINE_HEIGHT 19.0
#define TITLE_PAD 5.0
#define TITLE_LINES_MAX 4
/* Excel's paper number for A4. */
#define PAPER_A4 9
/* A sheet wider than this (characters) is printed landscape. */
#define PORTRAIT_MAX 100.0

struct xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *integer, *money, *money_plain, *date, *bold, *title;
	/* The sheet being written: */
	size_t ncols;
	bool machine;
	lxw_row_t header_row, next_row;
	double *min_width; /* what the caller asked, per column */
	double *width;	   /* the widest header or content so far, per column */
	bool broken; /* a sheet could not be started: rows are refused */
	char *path;
};

/*
 * The display width of UTF-8 text s in characters of a digit's width:
 * characters of three and four bytes (CJK, kana, full-width forms ...)
 * count 2. Counting stops past limit.
 */
static double display_width(const char *s, double limit)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && w <= limit; p++) {
		if ((*p & 0xC0) != 0x80)
			w += *p >= 0xE0 ? 2 : 1;
	}
	return w;
}

/*
 * Checks that s is UTF-8 that XML can carry. Returns its length in
 * characters, and its display width in *width, or -1.
 */
static long text_check(const char *s, double *width)
{
	/* U+FFFE and U+FFFF are no XML characters, and libxlsxwriter would write them as they are. */
	if (!utf8_valid(s, strlen(s)) || strstr(s, "\xEF\xBF\xBE") || strstr(s, "\xEF\xBF\xBF"))
		return -1;
	if (width)
		*width = display_width(s, WIDTH_MAX);
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

/* The characters of a money cell as shown: its text with thousands separators (or without). */
static size_t money_width(int64_t fen, bool grouped)
{
	char text[MONEY_TEXT_MAX];
	if (grouped)
		money_format(fen, text, sizeof text);
	else
		money_format_plain(fen, text, sizeof text);
	return strlen(text);
}

static size_t integer_width(int64_t n)
{
	char text[24];
	return (size_t)snprintf(text, sizeof text, "%lld", (long long)n);
}

/*
 * The number a money cell holds: the double nearest to the exact amount
 * (strtod of the exact decimal text is correctly rounded), see the header.
 */
static double money_value(int64_t fen)
{
	char text[MONEY_TEXT_MAX];
	money_format_plain(fen, text, sizeof text);
	return strtod(text, NULL);
}

/* The width of column i of the sheet being written: its widest text and room, within bounds, or what was asked. */
static double column_width(const struct xlsx_writer *w, size_t i)
{
	double a = w->width[i] + AUTO_PAD;
	a = a < AUTO_MIN ? AUTO_MIN : a > AUTO_MAX ? AUTO_MAX : a;
	return w->min_width[i] > a ? w->min_width[i] : a;
}

/* Sets the widths of the sheet being written, from what was asked and what was written. */
static int finish_sheet(struct xlsx_writer *w, struct error *err)
{
	double total = 0, *width = xcalloc(w->ncols, sizeof *width);
	int rc = 0;

	for (size_t i = 0; i < w->ncols; i++) {
		width[i] = column_width(w, i);
		total += width[i];
	}
	for (size_t i = 0; i < w->ncols && rc == 0; i++) {
		lxw_error e = worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, width[i], NULL);
		if (e != LXW_NO_ERROR)
			rc = lxw_failed(e, "列宽", err);
	}
	if (rc == 0 && !w->machine) {
		/* The filter covers the header and every row written. */
		lxw_row_t last = w->next_row > w->header_row + 1 ? w->next_row - 1 : w->header_row;
		lxw_error e = worksheet_autofilter(w->ws, w->header_row, 0, last, (lxw_col_t)(w->ncols - 1));
		if (e != LXW_NO_ERROR)
			rc = lxw_failed(e, "筛选", err);
		if (total > PORTRAIT_MAX)
			worksheet_set_landscape(w->ws);
	}
	free(width);
	return rc;
}

/* Checks sheet s before anything of it is made. */
static int check_sheet(struct xlsx_writer *w, const struct xlsx_sheet *s, struct error *err)
{
	if (check_sheet_name(s->name, err) < 0)
		return -1;
	if (w->wb && workbook_get_worksheet_by_name(w->wb, s->name))
		return error_set(err, "工作表名称“%s”重复", s->name);
	if (s->ncols == 0 || s->ncols > LXW_COL_MAX)
		return error_set(err, "xlsx: %zu columns, not 1 to %d", s->ncols, LXW_COL_MAX);
	if (s->title && *s->title && (text_check(s->title, NULL) < 0 || strlen(s->title) > CELL_CHARS_MAX))
		return error_set(err, "xlsx: the title is not valid UTF-8 or too long");
	for (size_t i = 0; i < s->ncols; i++) {
		const char *h = s->header[i] ? s->header[i] : "";
		if (text_check(h, NULL) < 0 || strlen(h) > CELL_CHARS_MAX)
			return error_set(err, "xlsx: header %zu is not valid UTF-8 or too long", i + 1);
	}
	return 0;
}

static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f)
{
	char *escaped = escape_x(text);
	lxw_error e = worksheet_write_string(ws, r, c, escaped ? escaped : text, f);
	free(escaped);
	return e;
}

/* Adds sheet s (checked) to the workbook and writes its title and header. */
static int start_sheet(struct xlsx_writer *w, const struct xlsx_sheet *s, struct error *err)
{
	bool titled = s->title && *s->title && !s->machine;
	lxw_error e = LXW_NO_ERROR;

	/* In constant-memory mode the sheet goes to a temporary file at once. */
	w->ws = workbook_add_worksheet(w->wb, s->name);
	if (!w->ws)
		return error_set(err, "无法创建Excel文件%s（无法建立工作表或临时文件）", w->path);
	free(w->width);
	free(w->min_width);
	w->ncols = s->ncols;
	w->machine = s->machine;
	w->width = xcalloc(s->ncols, sizeof *w->width);
	w->min_width = xcalloc(s->ncols, sizeof *w->min_width);
	w->header_row = titled ? 1 : 0;
	w->next_row = w->header_row + 1;

	for (size_t i = 0; i < s->ncols; i++) {
		const char *h = s->header[i] ? s->header[i] : "";
		w->width[i] = display_width(h, WIDTH_MAX);
		if (s->widths && isfinite(s->widths[i]) && s->widths[i] > 0)
			w->min_width[i] = s->widths[i] < WIDTH_MAX ? s->widths[i] : WIDTH_MAX;
	}
	if (titled) {
		/*
		 * The title wraps within the columns below it, which are as wide
		 * as their headers at least (the rows may widen them): its row is
		 * made tall enough for the lines that takes, since Excel does not
		 * fit the height of a merged cell by itself.
		 */
		double columns = 0, need = display_width(s->title, 1e9) * TITLE_SIZE / 11.0 + AUTO_PAD;
		for (size_t i = 0; i < s->ncols; i++)
			columns += column_width(w, i);
		double lines = ceil(need / columns);
		lines = lines < 1 ? 1 : lines > TITLE_LINES_MAX ? TITLE_LINES_MAX : lines;
		e = worksheet_set_row(w->ws, 0, TITLE_LINE_HEIGHT * lines + TITLE_PAD, NULL);
		if (e == LXW_NO_ERROR && s->ncols > 1) {
			char *escaped = escape_x(s->title);
			e = worksheet_merge_range(w->ws, 0, 0, 0, (lxw_col_t)(s->ncols - 1), escaped ? escaped : s->title,
						  w->title);
			free(escaped);
		} else if (e == LXW_NO_ERROR) {
			e = write_text(w->ws, 0, 0, s->title, w->title);
		}
		if (e != LXW_NO_ERROR)
			return lxw_failed(e, "标题", err);
	}
	for (size_t i = 0; i < s->ncols; i++) {
		const char *h = s->header[i] ? s->header[i] : "";
		if (*h && (e = write_text(w->ws, w->header_row, (lxw_col_t)i, h, w->bold)) != LXW_NO_ERROR)
			return lxw_failed(e, "表头", err);
	}
	worksheet_freeze_panes(w->ws, w->header_row + 1, 0);
	if (!s->machine) {
		worksheet_set_paper(w->ws, PAPER_A4);
		worksheet_fit_to_pages(w->ws, 1, 0);
		if ((e = worksheet_repeat_rows(w->ws, w->header_row, w->header_row)) != LXW_NO_ERROR ||
		    (e = worksheet_set_footer(w->ws, "&C第 &P 页，共 &N 页")) != LXW_NO_ERROR)
			return lxw_failed(e, "打印设置", err);
	}
	return 0;
}

int xlsx_writer_begin(struct xlsx_writer **out, const char *path, const struct xlsx_sheet *s, struct error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	struct xlsx_writer *w = xcalloc(1, sizeof *w);
	int rc = -1;

	*out = NULL;
	w->path = xstrdup(path);
	if (check_sheet(w, s, err) < 0)
		goto out;
	w->wb = workbook_new_opt(path, &opt);
	if (!w->wb) {
		error_set(err, "无法创建Excel文件%s", path);
		goto out;
	}
	w->bold = workbook_add_format(w->wb);
	w->title = workbook_add_format(w->wb);
	w->text = format_with(w->wb, 49, "@");
	w->integer = format_with(w->wb, 1, "0");
	w->money = format_with(w->wb, 4, "#,##0.00");
	w->money_plain = format_with(w->wb, 2, "0.00");
	w->date = format_with(w->wb, 0, "yyyy-mm-dd");
	if (!w->bold || !w->title || !w->text || !w->integer || !w->money || !w->money_plain || !w->date) {
		error_set(err, "无法创建Excel文件%s（无法建立格式）", path);
		goto out;
	}
	format_set_bold(w->bold);
	format_set_bold(w->title);
	format_set_font_size(w->title, TITLE_SIZE);
	format_set_align(w->title, LXW_ALIGN_CENTER);
	format_set_align(w->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(w->title);
	if (start_sheet(w, s, err) < 0)
		goto out;
	*out = w;
	w = NULL;
	rc = 0;
out:
	/* lxw_workbook_free, not workbook_close: nothing is to be written. */
	if (w) {
		if (w->wb)
			lxw_workbook_free(w->wb);
		free(w->width);
		free(w->min_width);
		free(w->path);
		free(w);
	}
	return rc;
}

int xlsx_writer_sheet(struct xlsx_writer *w, const struct xlsx_sheet *s, struct error *err)
{
	if (w->broken)
		return error_set(err, "xlsx: an earlier sheet could not be started");
	if (check_sheet(w, s, err) < 0 || finish_sheet(w, err) < 0 || start_sheet(w, s, err) < 0) {
		/* The sheet being written may be finished already: nothing more goes in. */
		w->broken = true;
		return -1;
	}
	return 0;
}

int xlsx_writer_open(struct xlsx_writer **out, const char *path, const char *sheet, const char *const *header,
		     const double *widths, size_t ncols, struct error *err)
{
	struct xlsx_sheet s = {.name = sheet, .header = header, .widths = widths, .ncols = ncols, .machine = true};
	return xlsx_writer_begin(out, path, &s, err);
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

	if (w->broken)
		return error_set(err, "xlsx: an earlier sheet could not be started");
	if (check_row(w, cells, err) < 0)
		return -1;
	for (size_t i = 0; i < w->ncols; i++) {
		const struct xlsx_cell *c = &cells[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_error e = LXW_NO_ERROR;
		double width = 0;

		switch (c->kind) {
		case XLSX_TEXT:
			/* worksheet_write_string writes text as text, never as a formula, whatever it starts with. */
			if (c->text && *c->text) {
				/* check_row has checked it; wider than the widest column needs no more counting. */
				width = display_width(c->text, AUTO_MAX);
				e = write_text(w->ws, r, col, c->text, w->text);
			}
			break;
		case XLSX_INTEGER:
			/* Exact up to 2^53, far beyond any count or age. */
			width = (double)integer_width(c->integer);
			e = worksheet_write_number(w->ws, r, col, (double)c->integer, w->integer);
			break;
		case XLSX_MONEY:
			width = (double)money_width(c->integer, !w->machine);
			e = worksheet_write_number(w->ws, r, col, money_value(c->integer),
						   w->machine ? w->money_plain : w->money);
			break;
		case XLSX_DATE:
			width = 10;
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
		if (width > w->width[i])
			w->width[i] = width;
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
	if (!w->broken)
		rc = finish_sheet(w, err);
	/* workbook_close assembles and writes the file, and frees the workbook whatever happens. */
	e = workbook_close(w->wb);
	if (e != LXW_NO_ERROR && rc == 0)
		rc = error_set(err, "无法写出Excel文件%s（%s）", w->path, lxw_strerror(e));
	free(w->width);
	free(w->min_width);
	free(w->path);
	free(w);
	return rc;
}
