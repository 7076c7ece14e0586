/*
 * csv: see csv.h.
 *
 * Reading is one pass per record over a 64 KiB input buffer: parse() runs a
 * small state machine whose inner loops scan whole spans of plain bytes (a
 * table lookup per byte, no function call), and copies the record's
 * unescaped bytes into rec, each field followed by a NUL. deliver() then
 * checks the record against the file's encoding with one call for the whole
 * record (the NULs between fields are valid in both encodings), and only a
 * record that fails is looked at field by field. Fields are handed out
 * pointing into rec, or into conv for GB18030 records that were converted.
 * Nothing is allocated per row or per field.
 *
 * Memory is bounded by the limits: a record may hold at most
 * CSV_RECORD_MAX raw bytes, so rec and conv have fixed sizes.
 *
 * CSV_FIELD_MAX counts the bytes of the field as handed out, that is UTF-8
 * after conversion: a GB18030 field of 3,000 bytes of Chinese becomes 4,500
 * bytes of UTF-8 and is over the limit.
 *
 * Choosing the encoding (csv_open): a UTF-8 byte-order mark decides at once.
 * Otherwise the raw bytes of the whole file are checked as strict UTF-8
 * (no parsing; this stops at the first bad byte, so it is cheap for a
 * GB18030 file); a file that passes is UTF-8. A file that fails is parsed
 * once, counting the records that are valid UTF-8 and those that iconv
 * accepts as GB18030. GB18030 is ASCII-compatible and its multibyte
 * characters never contain a comma, quote, CR or LF byte, so the records
 * split the same way under either encoding and one parser serves both.
 */
#include "io/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"

#define CHUNK (64 * 1024)
/*
 * A record's unescaped bytes are never more than its raw bytes, and parse()
 * notices a record over the limit at most one byte late, so rec needs the
 * limit, one NUL per kept field and a little slack.
 */
#define REC_CAP (CSV_RECORD_MAX + CSV_FIELDS_MAX + 64)
/* GB18030 to UTF-8 grows a two-byte character to three bytes, nothing more. */
#define CONV_CAP (REC_CAP + REC_CAP / 2 + 64)

/* Bytes that end a span in an unquoted field, and in a quoted one. */
enum { END_PLAIN = 1, END_QUOTED = 2 };

static const unsigned char byte_class[256] = {
	/* NUL is taken as data, but noted: it is invalid in both encodings */
	[0] = END_PLAIN | END_QUOTED,
	[','] = END_PLAIN,
	['\r'] = END_PLAIN,
	['\n'] = END_PLAIN,
	['"'] = END_QUOTED,
};

enum state {
	ST_LINE,   /* between records: blank lines, the LF of a CRLF */
	ST_FIELD,  /* at the start of a field */
	ST_PLAIN,  /* in an unquoted field, or after a quoted one's closing quote */
	ST_QUOTED, /* in a quoted field */
	ST_QUOTE,  /* just after a quote inside a quoted field */
	ST_SKIP,   /* record over CSV_RECORD_MAX: skipping to the end of the line */
};

struct csv_reader {
	int fd;
	char *path;
	enum csv_encoding enc;
	iconv_t cd;	/* GB18030 to UTF-8, opened when needed */
	int read_errno; /* non-zero once a read failed */

	unsigned char *in; /* CHUNK bytes of input */
	size_t pos, len;
	bool eof;   /* read() reported the end: in holds the rest of the file */
	bool whole; /* in holds the whole file, so rewinding needs no reading */

	enum state st;
	bool after_cr; /* the last line ended with CR: an LF right after is part of it */
	long lines;    /* records and blank lines so far */
	size_t raw;    /* raw bytes of the current record so far */
	char *rec;     /* the record's unescaped fields, each NUL-terminated */
	size_t rec_len;
	size_t fstart; /* where the current field starts in rec */
	size_t nfields;
	size_t foff[CSV_FIELDS_MAX];
	size_t flen[CSV_FIELDS_MAX];
	bool too_many, too_long, open_quote, has_nul;
	size_t open_field;

	char *conv; /* GB18030 records converted to UTF-8 */
	char *field[CSV_FIELDS_MAX];
	struct row row;
};

/* Encoding checks */

/* Whether s[0..n) is all ASCII, looked at eight bytes at a time. */
static bool ascii_only(const char *s, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return !(acc & 0x8080808080808080ull);
}

/*
 * Returns n when s[0..n) is strict UTF-8 (no overlong forms, no surrogates,
 * nothing over U+10FFFF; NUL only when nul_ok), else the offset of the first
 * bad sequence, with *cut set when that sequence is only cut short by the
 * end of s (the next chunk of the file may complete it).
 */
static size_t utf8_prefix(const unsigned char *s, size_t n, bool nul_ok, bool *cut)
{
	size_t i = 0;

	*cut = false;
	while (i < n) {
		/* ASCII (and, unless nul_ok, no NUL) eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			uint64_t bad = w & 0x8080808080808080ull;
			if (!nul_ok)
				bad |= (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
			if (bad)
				break;
			i += 8;
		}
		if (i == n)
			break;

		unsigned c = s[i];
		if (c < 0x80) {
			if (c == 0 && !nul_ok)
				return i;
			i++;
			continue;
		}
		size_t len;
		unsigned lo = 0x80, hi = 0xbf; /* range of the second byte */
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			if (c == 0xe0)
				lo = 0xa0; /* overlong */
			else if (c == 0xed)
				hi = 0x9f; /* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			if (c == 0xf0)
				lo = 0x90; /* overlong */
			else if (c == 0xf4)
				hi = 0x8f; /* over U+10FFFF */
		} else {
			return i;
		}
		for (size_t k = 1; k < len; k++) {
			if (i + k >= n) {
				*cut = true;
				return i;
			}
			unsigned b = s[i + k];
			if (k == 1 ? b < lo || b > hi : (b & 0xc0) != 0x80)
				return i;
		}
		i += len;
	}
	return n;
}

/* Strict UTF-8, NUL allowed (it separates the fields of a record). */
static bool utf8_valid(const char *s, size_t n)
{
	bool cut;
	return utf8_prefix((const unsigned char *)s, n, true, &cut) == n;
}

/*
 * Converts n bytes of GB18030 at src to UTF-8 at dst (room bytes), setting
 * *out_len. Returns 0, or -1 when src is not valid GB18030.
 */
static int gb_to_utf8(iconv_t cd, const char *src, size_t n, char *dst, size_t room, size_t *out_len)
{
	char *in = (char *)src, *out = dst;
	size_t in_left = n, out_left = room;

	if (iconv(cd, &in, &in_left, &out, &out_left) == (size_t)-1 || in_left) {
		iconv(cd, NULL, NULL, NULL, NULL);
		return -1;
	}
	*out_len = room - out_left;
	return 0;
}

static int open_iconv(struct csv_reader *r, struct error *err)
{
	if (r->cd != (iconv_t)-1)
		return 0;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1)
		return error_set(err, "无法转换GB18030编码：%s", strerror(errno));
	return 0;
}

/* Input */

static int read_error(const struct csv_reader *r, struct error *err)
{
	return error_set(err, "无法读取文件 %s：%s", r->path, strerror(r->read_errno));
}

/* Moves the unread bytes to the front and reads until the buffer is full or the file ends. */
static int fill(struct csv_reader *r)
{
	size_t keep = r->len - r->pos;

	memmove(r->in, r->in + r->pos, keep);
	r->pos = 0;
	r->len = keep;
	while (r->len < CHUNK && !r->eof) {
		ssize_t n = read(r->fd, r->in + r->len, CHUNK - r->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r->read_errno = errno;
			return -1;
		}
		if (n == 0)
			r->eof = true;
		r->len += (size_t)n;
	}
	return 0;
}

/* Back to the first byte for the real reading after the encoding pass (there is no BOM to skip then). */
static int rewind_input(struct csv_reader *r)
{
	r->st = ST_LINE;
	r->after_cr = false;
	r->lines = 0;
	if (r->whole) {
		r->pos = 0;
		return 0;
	}
	if (lseek(r->fd, 0, SEEK_SET) < 0) {
		r->read_errno = errno;
		return -1;
	}
	r->pos = 0;
	r->len = 0;
	r->eof = false;
	return fill(r);
}

/* Parsing */

static void begin_record(struct csv_reader *r)
{
	r->row.number = r->lines + 1;
	r->raw = 0;
	r->rec_len = 0;
	r->fstart = 0;
	r->nfields = 0;
	r->too_many = false;
	r->too_long = false;
	r->open_quote = false;
	r->has_nul = false;
}

static void add(struct csv_reader *r, const unsigned char *p, size_t n)
{
	memcpy(r->rec + r->rec_len, p, n);
	r->rec_len += n;
}

static void end_field(struct csv_reader *r)
{
	if (r->nfields == CSV_FIELDS_MAX) {
		/* dropped: the row comes out with its first CSV_FIELDS_MAX fields */
		r->too_many = true;
		r->rec_len = r->fstart;
		return;
	}
	r->foff[r->nfields] = r->fstart;
	r->flen[r->nfields] = r->rec_len - r->fstart;
	r->nfields++;
	r->rec[r->rec_len++] = '\0';
	r->fstart = r->rec_len;
}

static int end_record(struct csv_reader *r)
{
	if (r->raw > CSV_RECORD_MAX)
		r->too_long = true;
	r->lines++;
	r->st = ST_LINE;
	return 1;
}

/*
 * Reads the next record into rec. Returns 1, 0 at the end of the file, or
 * -1 on a read error (errno in read_errno).
 */
static int parse(struct csv_reader *r)
{
	for (;;) {
		if (r->pos == r->len) {
			if (!r->eof) {
				if (fill(r) < 0)
					return -1;
				continue;
			}
			/* the end of the file ends the last record, newline or not */
			switch (r->st) {
			case ST_LINE:
				return 0;
			case ST_SKIP:
				break;
			case ST_QUOTED:
				r->open_quote = true;
				r->open_field = r->nfields;
				end_field(r);
				break;
			default:
				end_field(r);
				break;
			}
			return end_record(r);
		}
		if (r->st != ST_LINE && r->st != ST_SKIP && r->raw > CSV_RECORD_MAX) {
			r->too_long = true;
			r->st = ST_SKIP;
		}

		const unsigned char *p = r->in + r->pos;
		const unsigned char *end = r->in + r->len;
		const unsigned char *q = p, *lim;
		size_t room, n;

		switch (r->st) {
		case ST_LINE:
			if (r->after_cr) {
				r->after_cr = false;
				if (*p == '\n') {
					r->pos++;
					continue;
				}
			}
			if (*p == '\n' || *p == '\r') {
				/* a blank line: counted, not handed out */
				r->after_cr = *p == '\r';
				r->pos++;
				r->lines++;
				continue;
			}
			begin_record(r);
			r->st = ST_FIELD;
			continue;

		case ST_FIELD:
			if (*p == '"') {
				r->pos++;
				r->raw++;
				r->st = ST_QUOTED;
			} else {
				r->st = ST_PLAIN;
			}
			continue;

		case ST_PLAIN:
		case ST_QUOTED:
			/* scan no further than one byte past the record limit */
			room = CSV_RECORD_MAX + 1 - r->raw;
			lim = (size_t)(end - p) > room ? p + room : end;
			if (r->st == ST_PLAIN) {
				while (q < lim && !(byte_class[*q] & END_PLAIN))
					q++;
			} else {
				while (q < lim && !(byte_class[*q] & END_QUOTED))
					q++;
			}
			n = (size_t)(q - p);
			add(r, p, n);
			r->pos += n;
			r->raw += n;
			if (q == lim)
				continue;
			r->pos++;
			if (*q == '\0') {
				r->has_nul = true;
				add(r, q, 1);
				r->raw++;
			} else if (*q == '"') {
				r->raw++;
				r->st = ST_QUOTE;
			} else if (*q == ',') {
				r->raw++;
				end_field(r);
				r->st = ST_FIELD;
			} else {
				r->after_cr = *q == '\r';
				end_field(r);
				return end_record(r);
			}
			continue;

		case ST_QUOTE:
			if (*p == '"') {
				/* "" inside quotes is one quote */
				add(r, p, 1);
				r->pos++;
				r->raw++;
				r->st = ST_QUOTED;
			} else {
				/* the closing quote; anything up to the comma is kept, as Excel does */
				r->st = ST_PLAIN;
			}
			continue;

		case ST_SKIP:
			/*
			 * Quotes are ignored here: the record is already lost,
			 * and a quote left open would swallow the rest of the
			 * file. CR ends the line too, for files with CR line ends.
			 */
			while (q < end && *q != '\n' && *q != '\r')
				q++;
			r->pos += (size_t)(q - p);
			if (q == end)
				continue;
			r->pos++;
			r->after_cr = *q == '\r';
			return end_record(r);
		}
	}
}

/* Handing out */

static void set_problem(struct row *row, enum row_problem problem, size_t field)
{
	if (row->problem != ROW_OK)
		return;
	row->problem = problem;
	row->problem_field = field;
}

static void set_field(struct csv_reader *r, size_t i, char *f, size_t len)
{
	if (len > CSV_FIELD_MAX) {
		set_problem(&r->row, ROW_FIELD_TOO_LONG, i);
		f[0] = '\0';
	}
	r->field[i] = f;
}

/*
 * Checks a record that failed as a whole field by field: a field with bytes
 * invalid in the file's encoding is handed out as "", the others converted.
 */
static void deliver_by_field(struct csv_reader *r)
{
	size_t used = 0;

	for (size_t i = 0; i < r->nfields; i++) {
		char *f = r->rec + r->foff[i];
		size_t len = r->flen[i], n;
		bool bad = memchr(f, '\0', len) != NULL;

		if (!bad && r->enc == CSV_UTF8) {
			bad = !utf8_valid(f, len);
		} else if (!bad && !ascii_only(f, len)) {
			bad = gb_to_utf8(r->cd, f, len + 1, r->conv + used, CONV_CAP - used, &n) < 0;
			if (!bad) {
				f = r->conv + used;
				used += n;
				len = n - 1;
			}
		}
		if (bad) {
			set_problem(&r->row, ROW_BAD_ENCODING, i);
			f[0] = '\0';
			len = 0;
		}
		set_field(r, i, f, len);
	}
}

/*
 * Points row.field at the fields of the record parse() just read, checking
 * them against the file's encoding and the field size limit.
 */
static void deliver(struct csv_reader *r)
{
	struct row *row = &r->row;
	size_t n;

	row->count = 0;
	row->problem = ROW_OK;
	row->problem_field = 0;
	if (r->too_long) {
		/* its fields were never all read: none are handed out */
		row->problem = ROW_TOO_LONG;
		return;
	}
	if (r->open_quote)
		set_problem(row, ROW_UNTERMINATED_QUOTE, r->open_field);
	else if (r->too_many)
		set_problem(row, ROW_TOO_MANY_FIELDS, CSV_FIELDS_MAX);
	row->count = r->nfields;

	if (r->has_nul || (r->enc == CSV_UTF8 && !utf8_valid(r->rec, r->rec_len))) {
		deliver_by_field(r);
	} else if (r->enc == CSV_UTF8 || ascii_only(r->rec, r->rec_len)) {
		for (size_t i = 0; i < r->nfields; i++)
			set_field(r, i, r->rec + r->foff[i], r->flen[i]);
	} else if (gb_to_utf8(r->cd, r->rec, r->rec_len, r->conv, CONV_CAP, &n) == 0) {
		/* each field's NUL came through, so the fields are found again by their NULs */
		char *f = r->conv;
		for (size_t i = 0; i < r->nfields; i++) {
			size_t len = strlen(f);
			set_field(r, i, f, len);
			f += len + 1;
		}
	} else {
		deliver_by_field(r);
	}
}

/* Choosing the encoding */

/* Returns 1 when the file from the current position on is strict UTF-8 without NUL, 0 when not, -1 on a read error. */
static int rest_is_utf8(struct csv_reader *r)
{
	for (;;) {
		size_t n = r->len - r->pos;
		bool cut;
		size_t ok = utf8_prefix(r->in + r->pos, n, false, &cut);

		r->pos += ok;
		if (ok < n && (!cut || r->eof))
			return 0;
		if (r->eof)
			return 1;
		/* a character cut by the end of the buffer stays for the next chunk */
		if (fill(r) < 0)
			return -1;
	}
}

/* Counts the records that are valid UTF-8 and those valid GB18030. */
static int count_records(struct csv_reader *r, long *utf8, long *gb)
{
	int rc;
	size_t n;

	while ((rc = parse(r)) == 1) {
		if (r->too_long || r->has_nul)
			continue;
		if (ascii_only(r->rec, r->rec_len)) {
			++*utf8;
			++*gb;
			continue;
		}
		if (utf8_valid(r->rec, r->rec_len))
			++*utf8;
		if (gb_to_utf8(r->cd, r->rec, r->rec_len, r->conv, CONV_CAP, &n) == 0)
			++*gb;
	}
	return rc;
}

static int choose_encoding(struct csv_reader *r, struct error *err)
{
	long utf8 = 0, gb = 0;
	int rc;

	r->enc = CSV_UTF8;
	rc = rest_is_utf8(r);
	if (rc < 0 || rewind_input(r) < 0)
		return read_error(r, err);
	if (rc == 1)
		return 0;

	if (open_iconv(r, err) < 0)
		return -1;
	if (count_records(r, &utf8, &gb) < 0 || rewind_input(r) < 0)
		return read_error(r, err);
	if (gb > utf8)
		r->enc = CSV_GB18030;
	return 0;
}

/* Public */

int csv_open(struct csv_reader **out, const char *path, struct error *err)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	int rc = -1;

	*out = NULL;
	r->fd = -1;
	r->cd = (iconv_t)-1;
	r->path = xstrdup(path);
	r->in = xmalloc(CHUNK);
	r->rec = xmalloc(REC_CAP);
	r->conv = xmalloc(CONV_CAP);
	r->row.field = r->field;

	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		error_set(err, "无法打开文件 %s：%s", path, strerror(errno));
		goto out;
	}
	if (fill(r) < 0) {
		read_error(r, err);
		goto out;
	}
	r->whole = r->eof;

	if (r->len >= 3 && memcmp(r->in, "\xef\xbb\xbf", 3) == 0) {
		r->pos = 3;
		r->enc = CSV_UTF8;
	} else if (r->len >= 2 && (memcmp(r->in, "\xff\xfe", 2) == 0 || memcmp(r->in, "\xfe\xff", 2) == 0)) {
		/* Excel's "Unicode 文本" (UTF-16, tab-separated) */
		error_set(err, "不支持UTF-16编码的文件 %s，请在Excel中另存为“CSV (逗号分隔)”", path);
		goto out;
	} else if (choose_encoding(r, err) < 0) {
		goto out;
	}
	if (r->enc == CSV_GB18030 && open_iconv(r, err) < 0)
		goto out;

	*out = r;
	r = NULL;
	rc = 0;
out:
	csv_close(r);
	return rc;
}

int csv_next(struct csv_reader *r, struct row **row, struct error *err)
{
	int rc = r->read_errno ? -1 : parse(r);

	*row = NULL;
	if (rc < 0)
		return read_error(r, err);
	if (rc == 0)
		return 0;
	deliver(r);
	*row = &r->row;
	return 1;
}

enum csv_encoding csv_encoding(const struct csv_reader *r)
{
	return r->enc;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->path);
	free(r->in);
	free(r->rec);
	free(r->conv);
	free(r);
}

/* Writing */

static void put_quoted(FILE *f, const char *s)
{
	const char *q;

	while ((q = strchr(s, '"'))) {
		fwrite(s, 1, (size_t)(q - s + 1), f);
		putc('"', f);
		s = q + 1;
	}
	fputs(s, f);
}

int csv_write_row(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
		/* a record of one empty field would be an empty line, which reads back as a blank line */
		bool quote = strpbrk(s, ",\"\r\n") != NULL || (n == 1 && s[0] == '\0');

		if (i > 0)
			putc(',', f);
		if (quote)
			putc('"', f);
		if (formula)
			putc('\'', f);
		if (quote) {
			put_quoted(f, s);
			putc('"', f);
		} else {
			fputs(s, f);
		}
	}
	fputs("\r\n", f);
	return ferror(f) ? -1 : 0;
}
