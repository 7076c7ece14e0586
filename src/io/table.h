/*
 * table: a spreadsheet file as rows, whichever kind it is: .xlsx through
 * xlsx-read, anything else through csv. The importers in domain/ read it as
 * a struct row_source and never learn which.
 *
 * A title above the header is skipped: rows at the top with at most one
 * filled cell (a title such as "残疾人花名册（导出时间：…）", a line such as
 * "单位：元", a blank line), up to TABLE_TITLE_ROWS of them, before the
 * first row with two or more. So huimin's own exports, and the township
 * rosters that carry a title, import as they are; row numbers stay the
 * sheet's own.
 */
#ifndef HUIMIN_TABLE_H
#define HUIMIN_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/row.h"
#include "io/xlsx-write.h"

struct table;

#define TABLE_TITLE_ROWS 3

/* Opens path by its extension (.xlsx, else CSV). -1 with a Chinese message. */
__attribute__((warn_unused_result)) int table_open(struct table **out, const char *path, struct error *err);
/* The rows of t, for an importer. */
struct row_source table_source(struct table *t);
/* "UTF-8", "GB18030" or "xlsx", for messages. */
const char *table_kind(const struct table *t);
void table_close(struct table *t);

/*
 * Writing a table: .xlsx (through xlsx-write) when path ends in .xlsx, else
 * CSV in UTF-8 with a byte-order mark (Excel then reads the Chinese right),
 * where cells that begin with = + - @ are escaped so no formula runs.
 * path NULL: CSV on standard output.
 *
 * A CSV file is the header row and the rows, nothing else: no title, one
 * table, every cell text; it imports again as it is. The title, the
 * columns' kinds and widths and further sheets only shape .xlsx.
 */
struct table_writer;

/* A column: its header, what it holds, how wide it is at least in .xlsx. */
struct table_column {
	const char *name;
	/*
	 * How table_writer_row's text is written in .xlsx: XLSX_TEXT (0) as
	 * text; XLSX_DATE "YYYY-MM-DD" as a date; XLSX_MONEY yuan ("347.72",
	 * "1,234.56") as a number with two decimals; XLSX_INTEGER a whole
	 * number as a number. Text that does not read so stays text ("" is an
	 * empty cell). table_writer_cells' cells carry their own kind.
	 */
	enum xlsx_kind kind;
	double width; /* characters at least; 0 from the content */
};

/* A sheet: its tab, its title row (.xlsx only), its columns. */
struct table_sheet {
	const char *name;
	const char *title; /* NULL or "" for none */
	const struct table_column *cols;
	size_t ncols;
	bool machine; /* a file another program reads (a bank's): no title, money 0.00 (io/xlsx-write.h) */
};

/* Opens path with its first sheet s. On error -1 with a message. */
__attribute__((warn_unused_result)) int table_writer_begin(struct table_writer **out, const char *path,
							    const struct table_sheet *s, struct error *err);
/*
 * Starts sheet s of the same .xlsx workbook (rows then go to it). A CSV
 * file has one table: -1 with a message. After an error only
 * table_writer_close may follow.
 */
__attribute__((warn_unused_result)) int table_writer_sheet(struct table_writer *w, const struct table_sheet *s,
							    struct error *err);
/*
 * The title of an export: "what（导出时间：2025-03-01 10:20）" into out
 * (today's date as date_today gives it, the clock's hour and minute).
 */
void table_title(char *out, size_t size, const char *what);

/*
 * A machine table, as table_writer_begin with machine set, no title and
 * text columns: header[i] with at least widths[i] characters in .xlsx
 * (widths NULL: from the content).
 */
__attribute__((warn_unused_result)) int table_writer_open(struct table_writer **out, const char *path,
							   const char *sheet, const char *const *header,
							   const double *widths, size_t ncols, struct error *err);
/* Appends a row of ncols texts (written in .xlsx by the columns' kinds). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int table_writer_row(struct table_writer *w, const char *const *cells,
							  struct error *err);
/*
 * Appends a row of ncols typed cells (io/xlsx-write.h): in .xlsx as
 * xlsx_writer_row writes them (money a number with two decimals, dates as
 * dates, text as text); in CSV as text, money as "347.72" (base/money.h), integers in
 * decimal, dates YYYY-MM-DD. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int table_writer_cells(struct table_writer *w, const struct xlsx_cell *cells,
							    struct error *err);
/* Finishes the file and frees w (also on error; NULL is fine). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int table_writer_close(struct table_writer *w, struct error *err);

#endif
