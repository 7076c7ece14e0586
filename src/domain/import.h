/*
 * import: what every spreadsheet import shares: finding the columns by their
 * header, reading cells as clerks type them, and the report of what went in
 * and which rows were rejected, where and why.
 *
 * A rejection names the row as the spreadsheet shows it (header = row 1),
 * the column by its header, and the reason in Chinese, so a clerk can fix
 * the file: "第12行 身份证号：校验位错误".
 */
#ifndef HUIMIN_IMPORT_H
#define HUIMIN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/row.h"

/* The report keeps this many rejections (about 12 MiB at most); past it they are only counted. */
#define IMPORT_ERRORS_KEPT 100000
/* Rows read from one file at the most (past it the import stops with an error). */
#define IMPORT_ROWS_MAX 5000000

struct registry_scope;

struct import_options {
	bool valid_only;      /* import the valid rows, reject the rest (default: all or nothing) */
	bool update_existing; /* a row for someone already registered updates the file (default on) */
	/*
	 * The importing user's data scope (domain/registry.h): a row for a
	 * village outside it, or for a person registered outside it, is
	 * rejected. NULL: the whole county (the command line).
	 */
	const struct registry_scope *scope;
};

struct import_error {
	long row;
	char *column; /* header text, or "" when the row as a whole is wrong */
	char *reason;
};

struct import_report {
	long inserted, updated, rejected;
	struct import_error *errors; /* the first IMPORT_ERRORS_KEPT rejections, by row once finished */
	size_t nerrors, caperrors;
	struct buf notes; /* remarks for the clerk, one per line (unknown columns ...) */
	bool committed;   /* whether anything was written */
};

/* A column an importer knows: its header, other headers that mean it, whether it must be there. */
struct import_column {
	const char *name;
	const char *aliases; /* '|'-separated */
	bool required;
};

void import_report_init(struct import_report *r);
void import_report_release(struct import_report *r);

/* Puts the kept rejections in row order (importers that check in several passes call it last). */
void import_report_sort(struct import_report *r);

/* Records a rejected row. */
__attribute__((format(printf, 4, 5))) void import_reject(struct import_report *r, long row, const char *column,
							   const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void import_note(struct import_report *r, const char *fmt, ...);

/*
 * Maps the header row onto cols: index[i] is the 0-based position of
 * cols[i] in the file, or -1 when it is absent. Unknown headers are noted
 * once. On a missing required column or a column given twice returns -1
 * with a Chinese message naming them.
 */
__attribute__((warn_unused_result)) int import_map_header(const struct row *header, const struct import_column *cols,
							   size_t ncols, int *index, struct import_report *r,
							   struct error *err);

/*
 * Rejects a row that the reader could not read cleanly (bad bytes, a field
 * too long ...), naming the column from cols/index. Returns 1 if the row was
 * rejected, 0 if it is fine.
 */
int import_reject_problem(struct import_report *r, const struct row *row, const struct import_column *cols,
			  size_t ncols, const int *index, const char *encoding);

/*
 * The cell of column index (-1: absent) as a clerk meant it: surrounding
 * spaces (also full-width and non-breaking) removed, and the apostrophe
 * that exports put before = + - @ taken off. Trims the row's field in place.
 */
const char *import_cell(struct row *row, int index);

/* Whether the row has no non-blank cell (skipped, like a blank line). */
bool import_row_blank(struct row *row);

#endif
