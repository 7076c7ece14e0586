#include "domain/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/xalloc.h"

/* Notes are a few lines of column names; this is far more than enough. */
#define NOTES_MAX 8192

void import_report_init(struct import_report *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->notes, NOTES_MAX);
}

void import_report_release(struct import_report *r)
{
	for (size_t i = 0; i < r->nerrors; i++) {
		free(r->errors[i].column);
		free(r->errors[i].reason);
	}
	free(r->errors);
	buf_release(&r->notes);
	r->errors = NULL;
	r->nerrors = r->caperrors = 0;
}

static int by_row(const void *a, const void *b)
{
	const struct import_error *x = a, *y = b;
	return (x->row > y->row) - (x->row < y->row);
}

void import_report_sort(struct import_report *r)
{
	if (r->nerrors > 1)
		qsort(r->errors, r->nerrors, sizeof *r->errors, by_row);
}

void import_reject(struct import_report *r, long row, const char *column, const char *fmt, ...)
{
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);

	r->rejected++;
	if (r->nerrors >= IMPORT_ERRORS_KEPT)
		return;
	if (r->nerrors == r->caperrors) {
		r->caperrors = r->caperrors ? r->caperrors * 2 : 64;
		r->errors = xrealloc(r->errors, r->caperrors * sizeof *r->errors);
	}
	r->errors[r->nerrors++] = (struct import_error){ row, xstrdup(column), xstrdup(reason) };
}

void import_note(struct import_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* A note that does not fit is dropped: notes are advice, not data. */
	if (buf_vaddf(&r->notes, fmt, ap) == 0 && buf_addch(&r->notes, '\n') < 0)
		buf_reset(&r->notes);
	va_end(ap);
}

/* Whether text is the name or one of the aliases of col. */
static bool column_matches(const struct import_column *col, const char *text)
{
	if (strcmp(col->name, text) == 0)
		return true;
	size_t n = strlen(text);
	for (const char *p = col->aliases ? col->aliases : ""; *p;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, text, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* Appends "、" and then s to list (or just s when list is empty). */
static void list_add(struct buf *list, const char *s)
{
	if ((list->len && buf_addstr(list, "、") < 0) || buf_addstr(list, s) < 0)
		return; /* the list is for a message: a long one is cut short */
}

int import_map_header(const struct row *header, const struct import_column *cols, size_t ncols, int *index,
		      struct import_report *r, struct error *err)
{
	struct buf unknown = BUF_INIT(1024), missing = BUF_INIT(1024);
	int rc = -1;
	for (size_t c = 0; c < ncols; c++)
		index[c] = -1;

	for (size_t i = 0; i < header->count; i++) {
		const char *text = import_cell((struct row *)header, (int)i);
		if (!*text)
			continue;
		size_t c = 0;
		while (c < ncols && !column_matches(&cols[c], text))
			c++;
		if (c == ncols) {
			list_add(&unknown, text);
			continue;
		}
		if (index[c] >= 0) {
			error_set(err, msg(MSG_DUPLICATE_COLUMN), cols[c].name);
			goto out;
		}
		index[c] = (int)i;
	}
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].required && index[c] < 0)
			list_add(&missing, cols[c].name);
	if (missing.len) {
		error_set(err, msg(MSG_MISSING_COLUMNS), buf_cstr(&missing));
		goto out;
	}
	if (unknown.len)
		import_note(r, msg(MSG_UNKNOWN_COLUMNS), buf_cstr(&unknown));
	rc = 0;
out:
	buf_release(&unknown);
	buf_release(&missing);
	return rc;
}

/* The header of the file column at position pos, or "" when none maps there. */
static const char *column_name(const struct import_column *cols, size_t ncols, const int *index, size_t pos)
{
	for (size_t c = 0; c < ncols; c++)
		if (index[c] == (int)pos)
			return cols[c].name;
	return "";
}

int import_reject_problem(struct import_report *r, const struct row *row, const struct import_column *cols,
			  size_t ncols, const int *index, const char *encoding)
{
	const char *col = column_name(cols, ncols, index, row->problem_field);
	switch (row->problem) {
	case ROW_OK:
		return 0;
	case ROW_BAD_ENCODING:
		import_reject(r, row->number, col, msg(MSG_ROW_BAD_ENCODING), encoding);
		break;
	case ROW_FIELD_TOO_LONG:
		import_reject(r, row->number, col, msg(MSG_ROW_FIELD_TOO_LONG), ROW_FIELD_MAX);
		break;
	case ROW_TOO_MANY_FIELDS:
		import_reject(r, row->number, "", msg(MSG_ROW_TOO_MANY_FIELDS), ROW_FIELDS_MAX);
		break;
	case ROW_TOO_LONG:
		import_reject(r, row->number, "", msg(MSG_ROW_TOO_LONG), ROW_RECORD_MAX);
		break;
	case ROW_UNTERMINATED_QUOTE:
	case ROW_PROBLEM__MAX:
		import_reject(r, row->number, "", "%s", msg(MSG_ROW_UNTERMINATED_QUOTE));
		break;
	}
	return 1;
}

/* Length of the blank (ASCII space, tab, U+3000, U+00A0) at s, or 0. */
static size_t blank_len(const unsigned char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	return 0;
}

const char *import_cell(struct row *row, int index)
{
	if (index < 0 || (size_t)index >= row->count || !row->field[index])
		return "";
	unsigned char *s = (unsigned char *)row->field[index];
	size_t n;
	while ((n = blank_len(s)) > 0)
		s += n;
	/* Trailing blanks, from the end: no continuation byte looks like the start of one. */
	unsigned char *end = s + strlen((char *)s);
	for (;;) {
		if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
			end -= 1;
		else if (end - s >= 3 && end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80)
			end -= 3;
		else if (end - s >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	*end = '\0';
	if (s[0] == '\'' && s[1] && strchr("=+-@", s[1]))
		s++;
	return (const char *)s;
}

bool import_row_blank(struct row *row)
{
	for (size_t i = 0; i < row->count; i++)
		if (*import_cell(row, (int)i))
			return false;
	return true;
}
