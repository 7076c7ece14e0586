/*
 * xlsx-write: tables as .xlsx, one or several sheets a workbook, with
 * libxlsxwriter in constant memory mode (rows are written out as they
 * come, so exports of any size keep memory flat).
 *
 * A sheet is what a person reads (huimin's export convention, docs/design.md
 * "Spreadsheets"): an optional title row (row 1, merged across the columns,
 * bold and larger) above the header row; the header bold and frozen (the
 * panes split below it), with a filter; columns as wide as their content
 * (CJK and other wide characters count double, at most 60 characters, at
 * least what the caller asks); printed on A4 with the header repeated on
 * every page, fitted to the page width, page numbers in the footer. A
 * machine sheet (a file another program reads, like a bank's) has no title,
 * filter or print settings, only the frozen bold header.
 *
 * Cells: text is written as text with the "@" format, so an 18-digit ID
 * number keeps every digit and a value that looks like a formula stays
 * text. Integers are numbers ("0"). Money is integer fen written as a
 * number with two decimals: "#,##0.00" on a sheet people read, "0.00" on a
 * machine sheet. Dates are real dates (a day number with the format
 * yyyy-mm-dd).
 *
 * Money exactness: the amount's number is the double nearest to its exact
 * decimal (the text money_format_plain gives, read back with strtod), the
 * same number Excel holds when a clerk types the amount. libxlsxwriter
 * writes a number with 16 significant digits, so 9.95 yuan is stored as
 * "9.949999999999999"; Excel, WPS and LibreOffice read that back as the
 * very same double (a unit test checks this for every amount up to
 * 1,000,000.00 yuan and for large ones), show 9.95 and sum it exactly as
 * typed amounts; huimin's own readers take such a cell back to the fen
 * (money_parse's MONEY_FLOAT_CELL). The fen in the database are never
 * touched: the spreadsheet is a copy for reading.
 *
 * Details: a NULL or "" text is an empty cell, like XLSX_EMPTY. Dates
 * before 1900, which Excel cannot hold, are written as "YYYY-MM-DD" text.
 * A row is checked whole before any cell is written (valid UTF-8, at most
 * 32767 characters a cell, valid dates), so a refused row leaves nothing in
 * the sheet. The file itself is only written at xlsx_writer_close, so an
 * unwritable path shows there.
 */
#ifndef HUIMIN_XLSX_WRITE_H
#define HUIMIN_XLSX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"

enum xlsx_kind { XLSX_TEXT, XLSX_INTEGER, XLSX_MONEY, XLSX_DATE, XLSX_EMPTY };

struct xlsx_cell {
	enum xlsx_kind kind;
	const char *text;	/* XLSX_TEXT */
	int64_t integer;	/* XLSX_INTEGER, or fen for XLSX_MONEY */
	struct date date;	/* XLSX_DATE */
};

struct xlsx_writer;

/* A sheet of a workbook. */
struct xlsx_sheet {
	const char *name;	   /* the tab: 1..31 characters, none of [ ] : * ? / \, unique in the workbook */
	const char *title;	   /* the title row above the header; NULL or "" for none */
	const char *const *header; /* ncols texts (NULL is an empty header cell) */
	const double *widths;	   /* NULL, or at least widths[i] characters for column i (0: from the content) */
	size_t ncols;		   /* 1 .. 16384 */
	bool machine;		   /* read by a program: no title, filter or print settings, money as 0.00 */
};

/*
 * Creates path with its first sheet s and writes its title and header.
 * On error returns -1 with a message and *out NULL.
 */
__attribute__((warn_unused_result)) int xlsx_writer_begin(struct xlsx_writer **out, const char *path,
							   const struct xlsx_sheet *s, struct error *err);
/*
 * Finishes the sheet being written (its column widths) and starts sheet s
 * of the same workbook; rows then go to s. On error returns -1 with a
 * message; then every later row is refused, and xlsx_writer_close still
 * frees w (and writes what there is).
 */
__attribute__((warn_unused_result)) int xlsx_writer_sheet(struct xlsx_writer *w, const struct xlsx_sheet *s,
							   struct error *err);
/*
 * A machine sheet (as xlsx_writer_begin with machine set and no title):
 * one sheet named sheet with the header row; widths[i] is the least width
 * of column i in characters (NULL: from the content). -1 with a message.
 */
__attribute__((warn_unused_result)) int xlsx_writer_open(struct xlsx_writer **out, const char *path, const char *sheet,
							  const char *const *header, const double *widths, size_t ncols,
							  struct error *err);
/* Appends a row of ncols cells (the count of the sheet being written). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int xlsx_writer_row(struct xlsx_writer *w, const struct xlsx_cell *cells,
							 struct error *err);
/* Finishes the file and frees w (also on error). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int xlsx_writer_close(struct xlsx_writer *w, struct error *err);

#endif
