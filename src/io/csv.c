/*
 * csv: see csv.h.
 *
 * Reading is one pass per record over a 64 KiB input buffer: parse() runs a
 * small state machine whose inner loop copies whole spans of plain bytes,
 * eight at a time where it can, field after field of a line, into rec: the
 * record's unescaped bytes, each field followed by a NUL. deliver() then
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
/*
 * GB18030 to UTF-8 grows a two-byte character to three bytes, nothing more;
 * twice the room is plenty, and gb_to_utf8() checks all the same.
 */
#define CONV_CAP (2 * REC_CAP)

/* Bytes that end a span in an unquoted field, and in a quoted one. */
enum { END_PLAIN = 1, END_QUOTED = 2 };

/* clang-format off */
static const unsigned char byte_class[256] = {
	/* NUL is taken as data, but noted: it is invalid in both encodings */
	[0] = END_PLAIN | END_QUOTED,
	[','] = END_PLAIN,
	['\r'] = END_PLAIN,
	['\n'] = END_PLAIN,
	['"'] = END_QUOTED,
};
/* clang-format on */

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
	iconv_t cd;     /* GB18030 to WCHAR_T, opened when needed */
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

	char *conv;          /* GB18030 records converted to UTF-8, with cd */
	uint32_t wide[1024]; /* iconv's output, wchar_t on glibc */
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
 * Strict UTF-8 (no overlong forms, no surrogates, nothing over U+10FFFF) is
 * checked with a shift-based DFA: the row for a byte packs, for every state,
 * the next state as a shift amount, so one step is a load and a shift with
 * no branch. States are multiples of 6: the next state for state s is bits
 * s..s+5 of the row. Being a DFA, it carries a character cut by the end of
 * an input chunk over to the next chunk by itself.
 */
enum {
	U_ACCEPT = 0,
	U_ERROR = 6,
	U_CONT1 = 12, /* one continuation byte to go */
	U_CONT2 = 18, /* two to go */
	U_E0 = 24,    /* after E0: A0..BF, then one (no overlongs) */
	U_ED = 30,    /* after ED: 80..9F, then one (no surrogates) */
	U_F0 = 36,    /* after F0: 90..BF, then two (no overlongs) */
	U_CONT3 = 42, /* three to go */
	U_F4 = 48,    /* after F4: 80..8F, then two (nothing over U+10FFFF) */
};

#define T(from, to) ((uint64_t)(to) << (from))
/* from every state but ACCEPT, a byte that is not the expected continuation is an error */
#define ERR_UNLESS_ACCEPT                                                                                              \
	(T(U_ERROR, U_ERROR) | T(U_CONT1, U_ERROR) | T(U_CONT2, U_ERROR) | T(U_E0, U_ERROR) | T(U_ED, U_ERROR) |       \
	 T(U_F0, U_ERROR) | T(U_CONT3, U_ERROR) | T(U_F4, U_ERROR))
#define R_ASCII (T(U_ACCEPT, U_ACCEPT) | ERR_UNLESS_ACCEPT)
#define R_BAD (T(U_ACCEPT, U_ERROR) | ERR_UNLESS_ACCEPT)
#define R_LEAD(to) (T(U_ACCEPT, to) | ERR_UNLESS_ACCEPT)
#define R_CONT(e0, ed, f0, f4)                                                                                         \
	(T(U_ACCEPT, U_ERROR) | T(U_ERROR, U_ERROR) | T(U_CONT1, U_ACCEPT) | T(U_CONT2, U_CONT1) | T(U_E0, e0) |       \
	 T(U_ED, ed) | T(U_F0, f0) | T(U_CONT3, U_CONT2) | T(U_F4, f4))
/* GNU range designators: accepted by gcc and clang under -std=c17 */
#define UTF8_ROWS(nul_row)                                                                                             \
	{                                                                                                              \
		[0x00] = nul_row, [0x01 ... 0x7f] = R_ASCII,                                                           \
		[0x80 ... 0x8f] = R_CONT(U_ERROR, U_CONT1, U_ERROR, U_CONT2),                                          \
		[0x90 ... 0x9f] = R_CONT(U_ERROR, U_CONT1, U_CONT2, U_ERROR),                                          \
		[0xa0 ... 0xbf] = R_CONT(U_CONT1, U_ERROR, U_CONT2, U_ERROR), [0xc0 ... 0xc1] = R_BAD,                 \
		[0xc2 ... 0xdf] = R_LEAD(U_CONT1), [0xe0] = R_LEAD(U_E0),                                              \
		[0xe1 ... 0xec] = R_LEAD(U_CONT2), [0xed] = R_LEAD(U_ED),                                              \
		[0xee ... 0xef] = R_LEAD(U_CONT2), [0xf0] = R_LEAD(U_F0),                                              \
		[0xf1 ... 0xf3] = R_LEAD(U_CONT3), [0xf4] = R_LEAD(U_F4), [0xf5 ... 0xff] = R_BAD,                     \
	}

/* NUL is valid UTF-8, but not in a CSV file: the raw check of a file rejects it. */
static const uint64_t utf8_no_nul[256] = UTF8_ROWS(R_BAD);
/* In rec, NUL ends each field; NUL bytes in the data are caught by parse(). */
static const uint64_t utf8_nul_ok[256] = UTF8_ROWS(R_ASCII);

static bool is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* Runs the DFA over s[0..n) from state st and returns the state after. */
static uint64_t utf8_run(const uint64_t *dfa, uint64_t st, const unsigned char *s, size_t n)
{
	size_t i = 0, j;

	/* eight bytes at a time while they are ASCII (and not NUL, for utf8_no_nul) */
	while (st == U_ACCEPT && n - i >= 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t stop = w & 0x8080808080808080ull;
		if (dfa == utf8_no_nul)
			stop |= (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
		if (stop)
			break;
		i += 8;
	}
	if (n - i < 64) {
		for (; i < n; i++)
			st = dfa[s[i]] >> (st & 63);
		return st & 63;
	}

	/*
	 * Each step waits for the one before (a load, then a shift by the
	 * state), so two halves are run side by side, the second starting
	 * in ACCEPT at the first byte that is not a continuation byte (a
	 * run of four of those is invalid anyway).
	 */
	size_t mid = i + (n - i) / 2;
	for (j = 0; j < 3 && is_continuation(s[mid]); j++)
		mid++;
	if (is_continuation(s[mid]))
		return U_ERROR;

	const unsigned char *a = s + i, *b = s + mid;
	size_t na = mid - i, nb = n - mid, both = na < nb ? na : nb;
	uint64_t st2 = U_ACCEPT;

	for (j = 0; j < both; j++) {
		st = dfa[a[j]] >> (st & 63);
		st2 = dfa[b[j]] >> (st2 & 63);
	}
	for (; j < na; j++)
		st = dfa[a[j]] >> (st & 63);
	for (j = both; j < nb; j++)
		st2 = dfa[b[j]] >> (st2 & 63);
	/* the first half must end between characters, as the second starts on one */
	return (st & 63) == U_ACCEPT ? st2 & 63 : U_ERROR;
}

/* Strict UTF-8, NUL allowed (it separates the fields of a record). */
static bool utf8_valid(const char *s, size_t n)
{
	return utf8_run(utf8_nul_ok, U_ACCEPT, (const unsigned char *)s, n) == U_ACCEPT;
}

/*
 * Converts n bytes of GB18030 at src to UTF-8 at dst (room bytes), setting
 * *out_len; with dst NULL, only checks. Returns 0, or -1 when src is not
 * valid GB18030.
 *
 * iconv converts to WCHAR_T (UCS-4, glibc's own representation) and the
 * UTF-8 is written here: glibc goes through UCS-4 on the way to UTF-8
 * anyway, and its UCS-4 to UTF-8 step took twice as long as the rest of
 * the conversion. What is accepted is the same: every code point the
 * GB18030 decoder yields is one UTF-8 can encode (checked all the same).
 */
static int gb_to_utf8(struct csv_reader *r, const char *src, size_t n, char *dst, size_t room, size_t *out_len)
{
	char *in = (char *)src;
	size_t in_left = n;
	unsigned char *o = (unsigned char *)dst, *o_end = dst ? o + room : NULL;
	int rc = -1;

	while (in_left > 0) {
		char *out = (char *)r->wide;
		size_t out_left = sizeof r->wide;
		size_t ret = iconv(r->cd, &in, &in_left, &out, &out_left);
		size_t m = (sizeof r->wide - out_left) / sizeof r->wide[0];

		if ((ret == (size_t)-1 && errno != E2BIG) || m == 0)
			goto out;
		if (!dst)
			continue; /* only checking: iconv accepted the bytes */
		for (size_t i = 0; i < m; i++) {
			uint32_t c = r->wide[i];
			if (o_end - o < 4)
				goto out;
			if (c < 0x80) {
				*o++ = (unsigned char)c;
			} else if (c < 0x800) {
				*o++ = (unsigned char)(0xc0 | c >> 6);
				*o++ = (unsigned char)(0x80 | (c & 0x3f));
			} else if (c < 0x10000) {
				if (c >= 0xd800 && c <= 0xdfff)
					goto out;
				*o++ = (unsigned char)(0xe0 | c >> 12);
				*o++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
				*o++ = (unsigned char)(0x80 | (c & 0x3f));
			} else if (c <= 0x10ffff) {
				*o++ = (unsigned char)(0xf0 | c >> 18);
				*o++ = (unsigned char)(0x80 | (c >> 12 & 0x3f));
				*o++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
				*o++ = (unsigned char)(0x80 | (c & 0x3f));
			} else {
				goto out;
			}
		}
	}
	*out_len = dst ? (size_t)(o - (unsigned char *)dst) : 0;
	rc = 0;
out:
	if (rc < 0)
		iconv(r->cd, NULL, NULL, NULL, NULL); /* back to the initial state for the next call */
	return rc;
}

static int open_iconv(struct csv_reader *r, struct error *err)
{
	if (r->cd != (iconv_t)-1)
		return 0;
	r->cd = iconv_open("WCHAR_T", "GB18030");
	if (r->cd == (iconv_t)-1)
		return error_set(err, "无法转换GB18030编码：%s", strerror(errno));
	r->conv = xmalloc(CONV_CAP);
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

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/*
 * Copies bytes from p to *d up to the first that ends a span (see
 * byte_class) or lim, and returns where it stopped. Whole words are
 * looked at first: in an unquoted field, a word with no byte below ','
 * (that is: no comma, CR, LF or NUL, but also no space) is copied whole;
 * in a quoted field, a word with no quote and no NUL.
 */
static const unsigned char *copy_span(const unsigned char *p, const unsigned char *lim, unsigned char **d,
                                      unsigned stop)
{
	unsigned char *o = *d;

	for (;;) {
		while (lim - p >= 8) {
			uint64_t w, hit;
			memcpy(&w, p, 8);
			if (stop == END_PLAIN) {
				hit = (w - ONES * ',' - ONES) & ~w & HIGHS;
			} else {
				uint64_t x = w ^ (ONES * '"');
				hit = ((x - ONES) & ~x & HIGHS) | ((w - ONES) & ~w & HIGHS);
			}
			if (hit)
				break;
			memcpy(o, &w, 8);
			o += 8;
			p += 8;
		}
		/* byte by byte through the word that may hold the end */
		const unsigned char *e = lim - p > 8 ? p + 8 : lim;
		while (p < e && !(byte_class[*p] & stop))
			*o++ = *p++;
		if (p < e || p == lim)
			break;
	}
	*d = o;
	return p;
}

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
		const unsigned char *q = p;
		size_t n;

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
		case ST_QUOTED: {
			/*
			 * The hot loop: copies field after field of this line
			 * while they are in the buffer, coming back to the top
			 * only at the end of the buffer, of the record, or one
			 * byte past the record limit.
			 */
			size_t room = CSV_RECORD_MAX + 1 - r->raw;
			const unsigned char *lim = (size_t)(end - p) > room ? p + room : end;
			unsigned char *d = (unsigned char *)r->rec + r->rec_len;
			unsigned stop = r->st == ST_PLAIN ? END_PLAIN : END_QUOTED;
			unsigned char c = 0;

			for (;;) {
				q = copy_span(q, lim, &d, stop);
				if (q == lim) {
					c = 0;
					break;
				}
				c = *q++;
				if (c == '\0') {
					r->has_nul = true;
					*d++ = c;
				} else if (c == '"') {
					/* in a quoted field: "" is one quote, else the closing quote */
					if (q == lim) {
						r->st = ST_QUOTE;
						c = 0;
						break;
					}
					if (*q == '"') {
						*d++ = *q++;
					} else {
						/* anything up to the comma is kept, as Excel does */
						r->st = ST_PLAIN;
						stop = END_PLAIN;
					}
				} else if (c == ',') {
					r->rec_len = (size_t)(d - (unsigned char *)r->rec);
					end_field(r);
					d = (unsigned char *)r->rec + r->rec_len;
					if (q == lim) {
						r->st = ST_FIELD;
						c = 0;
						break;
					}
					r->st = *q == '"' ? ST_QUOTED : ST_PLAIN;
					stop = *q == '"' ? END_QUOTED : END_PLAIN;
					q += *q == '"';
				} else {
					break; /* CR or LF */
				}
			}
			r->rec_len = (size_t)(d - (unsigned char *)r->rec);
			n = (size_t)(q - p);
			r->pos += n;
			if (c == '\r' || c == '\n') {
				r->raw += n - 1; /* the line end is not part of the record */
				r->after_cr = c == '\r';
				end_field(r);
				return end_record(r);
			}
			r->raw += n;
			continue;
		}

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
			bad = gb_to_utf8(r, f, len + 1, r->conv + used, CONV_CAP - used, &n) < 0;
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
	} else if (gb_to_utf8(r, r->rec, r->rec_len, r->conv, CONV_CAP, &n) == 0) {
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
	uint64_t st = U_ACCEPT;

	for (;;) {
		st = utf8_run(utf8_no_nul, st, r->in + r->pos, r->len - r->pos);
		r->pos = r->len;
		if (st == U_ERROR)
			return 0;
		if (r->eof)
			return st == U_ACCEPT;
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
		if (gb_to_utf8(r, r->rec, r->rec_len, NULL, 0, &n) == 0)
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
