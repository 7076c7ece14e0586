/*
 * xlsx-read: streaming rows out of the first worksheet of an .xlsx file
 * (Office Open XML, as Excel, WPS and LibreOffice save it), with libzip and
 * expat.
 *
 * The sheet is parsed as it is inflated, so memory stays bounded by the
 * shared-string table plus one row. Every cell comes out as UTF-8 text:
 * shared and inline strings as written; numbers as the text stored in the
 * file (an 18-digit ID number that Excel saved as a number arrives as
 * "3.41699199001011E+17": the importer, not the reader, explains that);
 * booleans as TRUE / FALSE. Missing cells inside a row are "" ; fields run to
 * the last cell present. Rows without any cell are skipped; row numbers are
 * the sheet's own (its r attribute), so they match what Excel shows.
 *
 * Details: the first worksheet is the first visible one in the workbook's
 * tab order (the first of all when every one is hidden). A cell with only a
 * style and no value is blank: it neither lengthens the row nor keeps the
 * row from being skipped. Strings have Excel's _xHHHH_ escapes decoded
 * (Excel writes a CR as "_x000D_"). A row with ROW_TOO_MANY_FIELDS keeps its
 * first CSV_FIELDS_MAX fields; its problem_field is CSV_FIELDS_MAX. A file
 * with a DTD is refused as damaged.
 *
 * Limits, each with a Chinese message in err when passed: an entry larger
 * than XLSX_ENTRY_MAX uncompressed (zip bombs), a shared-string table over
 * XLSX_STRINGS_MAX bytes, more than CSV_FIELDS_MAX columns in use per row
 * (row problem ROW_TOO_MANY_FIELDS), a cell over CSV_FIELD_MAX bytes (row
 * problem ROW_FIELD_TOO_LONG).
 */
#ifndef HUIMIN_XLSX_READ_H
#define HUIMIN_XLSX_READ_H

#include <stddef.h>

#include "base/error.h"
#include "base/row.h"

#define XLSX_ENTRY_MAX (2048UL * 1024 * 1024)
#define XLSX_STRINGS_MAX (256UL * 1024 * 1024)

struct xlsx_reader;

/* Opens path and its first worksheet. On error returns -1 with a Chinese message. */
__attribute__((warn_unused_result)) int xlsx_open(struct xlsx_reader **out, const char *path, struct error *err);
/* The same for a file already in memory (an upload); data must outlive the reader. */
__attribute__((warn_unused_result)) int xlsx_open_memory(struct xlsx_reader **out, const void *data, size_t len,
							  struct error *err);
/* Like csv_next: 1 and *row, 0 at the end, -1 on a damaged file (message in err). */
__attribute__((warn_unused_result)) int xlsx_next(struct xlsx_reader *r, struct row **row, struct error *err);
void xlsx_close(struct xlsx_reader *r);

#endif
