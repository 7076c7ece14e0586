/*
 * csv: reading and writing CSV files (RFC 4180: commas, double quotes,
 * CRLF or LF line ends) as township rosters are exchanged.
 *
 * Reading streams: memory stays bounded whatever the file's size. The
 * encoding is chosen once for the whole file before the first row: a UTF-8
 * byte-order mark means UTF-8; otherwise the file is read in full once and
 * the encoding under which more records decode cleanly wins, UTF-8 on a tie
 * (Excel in China saves CSV as GB18030/GBK, most other tools as UTF-8). So a
 * UTF-8 roster with a few corrupt rows stays UTF-8 and only those rows come
 * out with ROW_BAD_ENCODING. Every field is handed out as UTF-8.
 *
 * Limits (a row over one is handed out with its problem set, and the reader
 * goes on with the next line): CSV_FIELD_MAX bytes per field,
 * CSV_FIELDS_MAX fields per record, CSV_RECORD_MAX bytes per record.
 *
 * What a row with a problem holds (problem_field is a 0-based column):
 *   ROW_BAD_ENCODING        each field with bytes invalid in the file's
 *                           encoding, or a NUL byte, is ""; the others are
 *                           as usual. problem_field: the first such field.
 *   ROW_FIELD_TOO_LONG      that field is "". The limit counts the field as
 *                           handed out, in UTF-8: GB18030 text grows by up to
 *                           half in conversion.
 *   ROW_TOO_MANY_FIELDS     the first CSV_FIELDS_MAX fields; problem_field is
 *                           CSV_FIELDS_MAX.
 *   ROW_TOO_LONG            no fields (count 0). The limit counts the raw
 *                           bytes in the file, quotes and line breaks inside
 *                           quotes included, the line end not. The reader
 *                           goes on after the next CR or LF, inside quotes or
 *                           not: a quote left open near the top of a file
 *                           costs one row, not the rest of the file.
 *   ROW_UNTERMINATED_QUOTE  the fields as read to the end of the file;
 *                           problem_field: the open field.
 * A row with several problems shows the first of: too long, unterminated
 * quote, too many fields, then bad encoding or a field too long, by column.
 *
 * Row numbers count records as a spreadsheet shows them: the first record is
 * row 1. Blank lines are counted but not handed out.
 */
#ifndef HUIMIN_CSV_H
#define HUIMIN_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "base/row.h"

#define CSV_FIELD_MAX ROW_FIELD_MAX
#define CSV_FIELDS_MAX ROW_FIELDS_MAX
#define CSV_RECORD_MAX ROW_RECORD_MAX

enum csv_encoding { CSV_UTF8, CSV_GB18030 };

struct csv_reader;

/*
 * Opens path and chooses its encoding. On error returns -1 with a Chinese
 * message in err (the file cannot be opened or read, or it is UTF-16, which
 * is not a CSV that Excel's "CSV (逗号分隔)" writes).
 */
__attribute__((warn_unused_result)) int csv_open(struct csv_reader **out, const char *path, struct error *err);
/*
 * Reads the next record: returns 1 and sets *row (owned by the reader, valid
 * until the next call), 0 at the end, -1 on a read error (message in err).
 */
__attribute__((warn_unused_result)) int csv_next(struct csv_reader *r, struct row **row, struct error *err);
enum csv_encoding csv_encoding(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/*
 * Writes one record to f with CRLF, quoting fields that need it. A field
 * that begins with = + - @ or a tab or CR is written with a leading
 * apostrophe so that no spreadsheet runs it as a formula. Returns 0, or -1
 * on a write error.
 *
 * The apostrophe stays when the file is read back (negative numbers too:
 * "-5" is written '-5). A NULL field is written as an empty one; a record
 * of one empty field as "" (an empty line would read back as a blank
 * line). No byte-order mark is written: Excel opens a UTF-8 CSV as GBK
 * unless the caller writes "\xEF\xBB\xBF" before the first row.
 */
__attribute__((warn_unused_result)) int csv_write_row(FILE *f, const char *const *fields, size_t n);

#endif
