/*
 * row: one row of a spreadsheet or CSV file, as the readers in io/ hand it
 * to the importers in domain/.
 *
 * A reader owns the row and its strings; they stay valid until the reader's
 * next call. Every field is UTF-8 and NUL-terminated. A row the reader could
 * not read cleanly (bad bytes for the file's encoding, a field over the size
 * limit ...) still comes out, with its number and a problem, so the importer
 * can reject exactly that row and go on.
 */
#ifndef HUIMIN_ROW_H
#define HUIMIN_ROW_H

#include <stddef.h>

#include "base/error.h"

/* The limits every reader keeps to (a row past one comes out with its problem). */
#define ROW_FIELD_MAX 4096    /* bytes in one field */
#define ROW_FIELDS_MAX 256    /* fields in one row */
#define ROW_RECORD_MAX 65536  /* bytes in one row as stored in the file */

enum row_problem {
	ROW_OK = 0,
	ROW_BAD_ENCODING,	/* bytes invalid in the file's encoding (problem_field set) */
	ROW_FIELD_TOO_LONG,	/* a field over the reader's limit (problem_field set) */
	ROW_TOO_MANY_FIELDS,	/* more fields than the reader's limit */
	ROW_TOO_LONG,		/* the whole record over the reader's limit */
	ROW_UNTERMINATED_QUOTE, /* a quoted field still open at the end of the file */
	ROW_PROBLEM__MAX
};

struct row {
	long number;		/* as the spreadsheet shows it: the header is row 1 */
	size_t count;		/* number of fields */
	char **field;		/* count UTF-8 strings, NUL-terminated */
	enum row_problem problem;
	size_t problem_field;	/* 0-based column of the problem, where it has one */
};

/*
 * Where rows come from: next returns 1 and sets *row, 0 at the end, -1 when
 * the file cannot be read on (message in err). io/table.h makes one for a
 * CSV or .xlsx file.
 */
struct row_source {
	int (*next)(void *ctx, struct row **row, struct error *err);
	void *ctx;
	const char *encoding; /* how the file was read, for messages: "UTF-8", "GB18030", "xlsx" */
};

/* Field i, or "" when the row is shorter. */
const char *row_get(const struct row *r, size_t i);

#endif
