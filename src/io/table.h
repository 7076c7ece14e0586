/*
 * table: a spreadsheet file as rows, whichever kind it is: .xlsx through
 * xlsx-read, anything else through csv. The importers in domain/ read it as
 * a struct row_source and never learn which.
 */
#ifndef HUIMIN_TABLE_H
#define HUIMIN_TABLE_H

#include "base/error.h"
#include "base/row.h"
#include "io/xlsx-write.h"

struct table;

/* Opens path by its extension (.xlsx, else CSV). -1 with a Chinese message. */
__attribute__((warn_unused_result)) int table_open(struct table **out, const char *path, struct error *err);
/* The rows of t, for an importer. */
struct row_source table_source(struct table *t);
/* "UTF-8", "GB18030" or "xlsx", for messages. */
const char *table_kind(const struct table *t);
void table_close(struct table *t);

/*
 * Writing a table: .xlsx (through xlsx-write: every cell text, so ID
 * numbers stay as typed) when path ends in .xlsx, else CSV in UTF-8 with a
 * byte-order mark (Excel then reads the Chinese right), where cells that
 * begin with = + - @ are escaped so no formula runs. path NULL: CSV on
 * standard output. widths (characters, one per column) only apply to .xlsx.
 */
struct table_writer;

__attribute__((warn_unused_result)) int table_writer_open(struct table_writer **out, const char *path,
							   const char *sheet, const char *const *header,
							   const double *widths, size_t ncols, struct error *err);
/* Appends a row of ncols texts. 0, or -1 with a message. */
__attribute__((warn_unused_result)) int table_writer_row(struct table_writer *w, const char *const *cells,
							  struct error *err);
/*
 * Appends a row of ncols typed cells (io/xlsx-write.h): in .xlsx as
 * xlsx_writer_row writes them (money a number with two decimals, text as
 * text); in CSV as text, money as "347.72" (base/money.h), integers in
 * decimal, dates YYYY-MM-DD. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int table_writer_cells(struct table_writer *w, const struct xlsx_cell *cells,
							    struct error *err);
/* Finishes the file and frees w (also on error; NULL is fine). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int table_writer_close(struct table_writer *w, struct error *err);

#endif
