/*
 * libFuzzer target for io/csv.
 *
 * The input is written to a file and read to the end. Every row must hold
 * valid UTF-8 within the limits. Where the file is valid UTF-8 the rows are
 * also compared with a naive byte-at-a-time parser (ref_next) written from
 * the rules in csv.h, and the clean rows are written with csv_write_row and
 * read back.
 *
 * The first two bytes choose how the rest becomes a file, so that short
 * inputs still reach the 64 KiB chunk boundaries and the record limit:
 *   mode 1  after a prefix of simple lines, so that the input straddles
 *           the end of the first chunk
 *   mode 2  repeated to just over CSV_RECORD_MAX bytes
 *   else    as it is
 * Modes 1 and 2 cost a hundred times more under the sanitizers, so they
 * are chosen by 1 and 2 out of 16 values, and skip the round trip.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/*
 * Each run allocates a few hundred KiB; with ASan's default 256 MB
 * quarantine every run touches fresh pages, and page faults take most of
 * the time.
 */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

#define CHUNK (64 * 1024) /* the reader's chunk size (csv.c) */

static char path[64], rt_path[64];

/* Strict UTF-8 without NUL, written apart from csv.c's so as not to share its mistakes. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		uint32_t cp;
		size_t len;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
			return false;
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* The reference parser */

struct ref {
	const unsigned char *s;
	size_t n, i;
	long lines;
	bool after_cr;
	/* the last record */
	long number;
	size_t raw;
	bool open_quote;
	size_t open_field;
	char *text; /* the fields, each NUL-terminated */
	size_t len, cap;
	size_t *off, nfields, fcap;
};

static void ref_addch(struct ref *r, char c)
{
	if (r->len == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->text = xrealloc(r->text, r->cap);
	}
	r->text[r->len++] = c;
}

static void ref_end_field(struct ref *r, size_t *start)
{
	if (r->nfields == r->fcap) {
		r->fcap = r->fcap ? 2 * r->fcap : 16;
		r->off = xrealloc(r->off, r->fcap * sizeof *r->off);
	}
	r->off[r->nfields++] = *start;
	ref_addch(r, '\0');
	*start = r->len;
}

static bool ref_next(struct ref *r)
{
	enum { FIELD, PLAIN, QUOTED, QUOTE } st = FIELD;
	size_t begin, start = 0;

	for (;;) {
		if (r->i == r->n)
			return false;
		unsigned char c = r->s[r->i];
		if (r->after_cr) {
			r->after_cr = false;
			if (c == '\n') {
				r->i++;
				continue;
			}
		}
		if (c != '\r' && c != '\n')
			break;
		r->after_cr = c == '\r';
		r->i++;
		r->lines++;
	}
	r->number = ++r->lines;
	r->len = 0;
	r->nfields = 0;
	r->open_quote = false;
	begin = r->i;
	for (;;) {
		if (r->i == r->n) {
			r->raw = r->i - begin;
			if (st == QUOTED) {
				r->open_quote = true;
				r->open_field = r->nfields;
			}
			ref_end_field(r, &start);
			return true;
		}
		unsigned char c = r->s[r->i];
		switch (st) {
		case FIELD:
			if (c == '"') {
				st = QUOTED;
				r->i++;
			} else {
				st = PLAIN;
			}
			break;
		case PLAIN:
			if (c == ',') {
				ref_end_field(r, &start);
				st = FIELD;
			} else if (c == '\r' || c == '\n') {
				r->raw = r->i - begin;
				ref_end_field(r, &start);
				r->after_cr = c == '\r';
				r->i++;
				return true;
			} else {
				ref_addch(r, (char)c);
			}
			r->i++;
			break;
		case QUOTED:
			if (c == '"')
				st = QUOTE;
			else
				ref_addch(r, (char)c);
			r->i++;
			break;
		case QUOTE:
			if (c == '"') {
				ref_addch(r, '"');
				st = QUOTED;
				r->i++;
			} else {
				st = PLAIN;
			}
			break;
		}
	}
}

/*
 * Compares a row with the reference's record. Returns false when the
 * record was too long, after which the two may split the rest differently.
 */
static bool compare(const struct row *row, struct ref *ref)
{
	enum row_problem problem = ROW_OK;
	size_t problem_field = 0, count;

	if (!ref_next(ref))
		abort(); /* the reader made up a row */
	count = ref->nfields;
	if (row->number != ref->number)
		abort();
	if (ref->raw > CSV_RECORD_MAX) {
		if (row->problem != ROW_TOO_LONG)
			abort();
		return false;
	}
	if (count > CSV_FIELDS_MAX)
		count = CSV_FIELDS_MAX;
	if (ref->open_quote) {
		problem = ROW_UNTERMINATED_QUOTE;
		problem_field = ref->open_field < CSV_FIELDS_MAX ? ref->open_field : CSV_FIELDS_MAX;
	} else if (ref->nfields > CSV_FIELDS_MAX) {
		problem = ROW_TOO_MANY_FIELDS;
		problem_field = CSV_FIELDS_MAX;
	}
	if (row->count != count)
		abort();
	for (size_t i = 0; i < count; i++) {
		const char *want = ref->text + ref->off[i];
		if (strlen(want) > CSV_FIELD_MAX) {
			if (problem == ROW_OK) {
				problem = ROW_FIELD_TOO_LONG;
				problem_field = i;
			}
			want = "";
		}
		if (strcmp(row->field[i], want) != 0)
			abort();
	}
	if (row->problem != problem || (problem != ROW_OK && row->problem_field != problem_field))
		abort();
	return true;
}

/* Round trip through csv_write_row */

struct written {
	char *text; /* the fields, each NUL-terminated */
	size_t len, cap;
	size_t *count; /* fields per row */
	size_t rows, rcap;
	bool skip; /* a row could pass a limit once written, or starts the file with a BOM */
};

static void remember(struct written *w, const struct row *row, long bytes)
{
	if (w->rows == w->rcap) {
		w->rcap = w->rcap ? 2 * w->rcap : 16;
		w->count = xrealloc(w->count, w->rcap * sizeof *w->count);
	}
	w->count[w->rows++] = row->count;
	for (size_t i = 0; i < row->count; i++) {
		size_t n = strlen(row->field[i]) + 1;
		if (w->len + n > w->cap) {
			w->cap = 2 * (w->len + n);
			w->text = xrealloc(w->text, w->cap);
		}
		memcpy(w->text + w->len, row->field[i], n);
		w->len += n;
		if (n > CSV_FIELD_MAX)
			w->skip = true;
	}
	if (bytes > CSV_RECORD_MAX)
		w->skip = true;
	if (w->rows == 1 && row->count > 0 && strncmp(row->field[0], "\xef\xbb\xbf", 3) == 0)
		w->skip = true;
}

static void read_back(struct written *w)
{
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	const char *f = w->text;

	if (csv_open(&r, rt_path, &err) < 0)
		abort();
	if (csv_encoding(r) != CSV_UTF8)
		abort();
	for (size_t i = 0; i < w->rows; i++) {
		if (csv_next(r, &row, &err) != 1)
			abort();
		if (row->number != (long)i + 1 || row->problem != ROW_OK || row->count != w->count[i])
			abort();
		for (size_t j = 0; j < row->count; j++) {
			const char *got = row->field[j];
			if (f[0] && strchr("=+-@\t\r", f[0])) {
				if (got[0] != '\'')
					abort();
				got++;
			}
			if (strcmp(got, f) != 0)
				abort();
			f += strlen(f) + 1;
		}
	}
	if (csv_next(r, &row, &err) != 0)
		abort();
	csv_close(r);
}

/* Making the file */

static void put(int fd, const void *p, size_t n)
{
	if (n && write(fd, p, n) != (ssize_t)n)
		abort();
}

static void remove_files(void)
{
	unlink(path);
	unlink(rt_path);
}

static unsigned char *make_file(const uint8_t *data, size_t size, size_t *len)
{
	unsigned mode = size >= 2 ? data[0] % 16 : 0;
	unsigned param = size >= 2 ? data[1] : 0;
	const uint8_t *content = size >= 2 ? data + 2 : data;
	size_t n = size >= 2 ? size - 2 : size;
	unsigned char *file;

	if (mode == 1) {
		/* long lines, few records; odd: ASCII, which counts for both encodings */
		const char *ch = param & 1 ? "a" : "行";
		size_t prefix = CHUNK - 64 + param % 128, cl = strlen(ch), i = 0, ll = 600 * cl + 3;

		file = xmalloc(prefix + n + 1);
		for (size_t k = 0; k < 600; k++)
			memcpy(file + k * cl, ch, cl);
		memcpy(file + 600 * cl, ",b\n", 3);
		for (i = ll; i + ll <= prefix; i += ll)
			memcpy(file + i, file, ll);
		memset(file + i, '\n', prefix - i);
		memcpy(file + prefix, content, n);
		*len = prefix + n;
	} else if (mode == 2 && n > 0) {
		size_t times = (CSV_RECORD_MAX + 2048) / n + 1;
		file = xmalloc(times * n);
		for (size_t i = 0; i < times; i++)
			memcpy(file + i * n, content, n);
		*len = times * n;
	} else {
		file = xmalloc(n + 1);
		memcpy(file, content, n);
		*len = n;
	}
	return file;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = ERROR_INIT;
	struct written w = {0};
	struct ref ref = {0};
	struct csv_reader *r;
	struct row *row;
	size_t len, start = 0;
	unsigned char *file = make_file(data, size, &len);
	bool utf16, comparing, round_trip;
	long last = 0;
	FILE *rt;
	int fd, rc;

	if (!path[0]) {
		snprintf(path, sizeof path, "/dev/shm/fuzz-csv-%d", (int)getpid());
		snprintf(rt_path, sizeof rt_path, "/dev/shm/fuzz-csv-rt-%d", (int)getpid());
		atexit(remove_files);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	put(fd, file, len);
	close(fd);

	utf16 = len >= 2 && (memcmp(file, "\xff\xfe", 2) == 0 || memcmp(file, "\xfe\xff", 2) == 0);
	if (len >= 3 && memcmp(file, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	comparing = !utf16 && valid_utf8(file + start, len - start);
	round_trip = len <= CHUNK / 2;
	ref.s = file + start;
	ref.n = len - start;

	if (csv_open(&r, path, &err) < 0) {
		if (!utf16)
			abort();
		goto out;
	}
	if (utf16)
		abort();
	if (comparing && csv_encoding(r) != CSV_UTF8)
		abort();
	rt = fopen(rt_path, "wb");
	if (!rt)
		abort();

	while ((rc = csv_next(r, &row, &err)) == 1) {
		if (row->number <= last || row->count > CSV_FIELDS_MAX || row->problem >= ROW_PROBLEM__MAX)
			abort();
		last = row->number;
		if (row->problem == ROW_TOO_LONG && row->count != 0)
			abort();
		if ((row->problem == ROW_BAD_ENCODING || row->problem == ROW_FIELD_TOO_LONG) &&
		    row->problem_field >= row->count)
			abort();
		for (size_t i = 0; i < row->count; i++) {
			size_t flen = strlen(row->field[i]);
			if (flen > CSV_FIELD_MAX || !valid_utf8((const unsigned char *)row->field[i], flen))
				abort();
		}
		if (comparing)
			comparing = compare(row, &ref);
		if (round_trip && row->problem == ROW_OK) {
			long before = ftell(rt);
			if (csv_write_row(rt, (const char *const *)row->field, row->count) < 0)
				abort();
			remember(&w, row, ftell(rt) - before);
		}
	}
	if (rc < 0)
		abort();
	/* the reader must not stop early either */
	if (comparing && ref_next(&ref))
		abort();
	csv_close(r);
	if (fclose(rt) != 0)
		abort();
	if (round_trip && !w.skip)
		read_back(&w);
out:
	free(w.text);
	free(w.count);
	free(ref.text);
	free(ref.off);
	free(file);
	return 0;
}
