/*
 * xlsx-write: one-sheet tables as .xlsx, with libxlsxwriter in constant
 * memory mode (rows are written out as they come, so exports of any size
 * keep memory flat).
 *
 * The header row is bold and frozen. Text cells are written as text with the
 * "@" format, so an 18-digit ID number keeps every digit and a value that
 * looks like a formula stays text. Money is integer fen written as a number
 * with two decimals; dates are real dates (yyyy-mm-dd).
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

/*
 * Creates path with one sheet named sheet and writes the header row;
 * widths[i] is column i's width in characters (NULL: a width from the
 * header). On error returns -1 with a message.
 */
__attribute__((warn_unused_result)) int xlsx_writer_open(struct xlsx_writer **out, const char *path, const char *sheet,
							  const char *const *header, const double *widths, size_t ncols,
							  struct error *err);
/* Appends a row of ncols cells (the count given at open). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int xlsx_writer_row(struct xlsx_writer *w, const struct xlsx_cell *cells,
							 struct error *err);
/* Finishes the file and frees w (also on error). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int xlsx_writer_close(struct xlsx_writer *w, struct error *err);

#endif
