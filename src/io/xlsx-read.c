#include "io/xlsx-read.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "io/csv.h"

#define CHUNK_SIZE 65536

/*
 * Cell and string text is collected up to this many bytes before the
 * _xHHHH_ escapes are decoded (an escape is 7 bytes for 1 to 3 decoded), so
 * the CSV_FIELD_MAX check applies to the decoded text.
 */
#define TEXT_COLLECT_MAX (7 * CSV_FIELD_MAX)

/* Relationship ids and targets are short; longer ones are ignored. */
#define REL_ATTR_MAX 1024
#define RELS_MAX 4096

#define MSG_NOT_XLSX "文件不是有效的Excel工作簿(.xlsx)"
/* An OLE compound file: an old .xls, or a workbook with a password (Excel encrypts into one). */
#define MSG_OLE "文件是旧版Excel格式(.xls)或设有打开密码，请在Excel中另存为不加密的.xlsx文件后再导入"

/*
 * What every XML pass shares: the parser, so that handlers can stop it, and
 * the message a handler leaves when it does. First member of each pass's
 * context, so that the DTD handlers can find it whatever the pass.
 */
struct ctx {
	XML_Parser parser;
	bool failed;
	struct error err;
};

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_OTHER };

struct xlsx_reader {
	struct ctx c; /* the sheet's parser */
	zip_t *zip;
	zip_file_t *sheet;
	char *chunk;
	uint64_t inflated;
	bool suspended; /* the parser stopped after a row, mid-chunk */
	bool final;     /* the last (empty) chunk has been fed */
	bool done;

	/* Shared strings, NUL-terminated one after another; SIZE_MAX: too long. */
	struct buf strtab;
	size_t *stroff;
	size_t nstr, capstr;

	/* Where the parse is: the depth of each open element of interest, or 0. */
	long depth, sd_depth, row_depth, cell_depth, v_depth, is_depth, t_depth, rph_depth;
	long last_row;
	struct row build; /* the row being read; field has CSV_FIELDS_MAX slots */
	bool row_present;
	size_t next_col;
	size_t cell_col;
	enum cell_type cell_type;
	bool cell_has_value, cell_too_long;
	struct buf text;

	/* Rows read but not handed out yet, and the row handed out. */
	struct row *queue;
	size_t qhead, qlen, qcap;
	struct row out;
};

static const char *local_name(const char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

/* The value of the attribute with this local name (any prefix), or NULL. */
static const char *attr(const XML_Char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2) {
		/* xmlns:r="..." declares a prefix; its local name is no attribute's. */
		if (!strncmp(atts[i], "xmlns", 5))
			continue;
		if (!strcmp(local_name(atts[i]), want))
			return atts[i + 1];
	}
	return NULL;
}

static void ctx_stop(struct ctx *c, const char *msg)
{
	if (c->failed)
		return;
	error_set(&c->err, "%s", msg);
	c->failed = true;
	XML_StopParser(c->parser, XML_FALSE);
}

/*
 * No part of a workbook has a DTD; refusing them keeps entity expansion
 * (billion laughs) and external entities out altogether.
 */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	ctx_stop(ud, "Excel文件损坏：含有不允许的DTD声明");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_length,
                              const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
	(void)name;
	(void)is_param;
	(void)value;
	(void)value_length;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	ctx_stop(ud, "Excel文件损坏：含有不允许的实体声明");
}

/* A parser whose handlers get c (the first member of a pass's context). */
static XML_Parser parser_new(struct ctx *c)
{
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p) {
		fprintf(stderr, "huimin: out of memory creating an XML parser\n");
		abort();
	}
	c->parser = p;
	c->failed = false;
	XML_SetUserData(p, c);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	return p;
}

/* The message for a failed XML_Parse: the handler's own, or expat's. */
static int xml_failure(struct ctx *c, const char *what, struct error *err)
{
	if (c->failed)
		return error_set(err, "%s", c->err.msg);
	return error_set(err, "%sXML损坏：第%llu行附近（%s）", what,
	                 (unsigned long long)XML_GetCurrentLineNumber(c->parser),
	                 XML_ErrorString(XML_GetErrorCode(c->parser)));
}

static int too_large(const char *what, struct error *err)
{
	return error_set(err, "%s解压后超过%luMB，文件过大或已损坏", what, XLSX_ENTRY_MAX / (1024 * 1024));
}

/* Index of the entry called name (part names ignore case), or -1. */
static zip_int64_t find_entry(zip_t *zip, const char *name)
{
	return name ? zip_name_locate(zip, name, ZIP_FL_NOCASE) : -1;
}

/* Opens entry idx for reading, refusing one that says it is too large. */
static zip_file_t *open_entry(zip_t *zip, zip_int64_t idx, const char *what, struct error *err)
{
	zip_stat_t st;
	zip_file_t *f;

	if (zip_stat_index(zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > XLSX_ENTRY_MAX) {
		too_large(what, err);
		return NULL;
	}
	f = zip_fopen_index(zip, (zip_uint64_t)idx, 0);
	if (!f)
		error_set(err, "Excel文件损坏：无法读取%s（%s）", what, zip_strerror(zip));
	return f;
}

/* Reads the next chunk of f into chunk, counting against XLSX_ENTRY_MAX. Bytes read, or -1. */
static zip_int64_t read_chunk(zip_file_t *f, char *chunk, uint64_t *total, const char *what, struct error *err)
{
	zip_int64_t n = zip_fread(f, chunk, CHUNK_SIZE);
	if (n < 0)
		return error_set(err, "Excel文件损坏：读取%s失败（%s）", what, zip_file_strerror(f));
	*total += (uint64_t)n;
	if (*total > XLSX_ENTRY_MAX)
		return too_large(what, err);
	return n;
}

/* Streams entry idx through the parser of c from start to end. 0, or -1. */
static int parse_entry(zip_t *zip, zip_int64_t idx, struct ctx *c, const char *what, char *chunk, struct error *err)
{
	uint64_t total = 0;
	int rc = -1;
	zip_file_t *f = open_entry(zip, idx, what, err);

	if (!f)
		return -1;
	for (;;) {
		zip_int64_t n = read_chunk(f, chunk, &total, what, err);
		if (n < 0)
			goto out;
		if (XML_Parse(c->parser, chunk, (int)n, n == 0) != XML_STATUS_OK || c->failed) {
			xml_failure(c, what, err);
			goto out;
		}
		if (n == 0)
			break;
	}
	rc = 0;
out:
	zip_fclose(f);
	return rc;
}

/*
 * Decodes the _xHHHH_ escapes of OOXML strings in place (Excel writes
 * control characters that way, and a literal "_x" as "_x005F_x"). An escape
 * for NUL or a surrogate stays as it is, so the text stays valid UTF-8.
 * Returns the new length.
 */
static size_t unescape_x(char *s, size_t len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		unsigned cp = 0;
		bool ok = s[i] == '_' && len - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; ok && k < 6; k++) {
			char h = s[i + k];
			if (h >= '0' && h <= '9')
				cp = cp * 16 + (unsigned)(h - '0');
			else if (h >= 'a' && h <= 'f')
				cp = cp * 16 + (unsigned)(h - 'a' + 10);
			else if (h >= 'A' && h <= 'F')
				cp = cp * 16 + (unsigned)(h - 'A' + 10);
			else
				ok = false;
		}
		if (ok && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
			if (cp < 0x80) {
				s[o++] = (char)cp;
			} else if (cp < 0x800) {
				s[o++] = (char)(0xC0 | (cp >> 6));
				s[o++] = (char)(0x80 | (cp & 0x3F));
			} else {
				s[o++] = (char)(0xE0 | (cp >> 12));
				s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				s[o++] = (char)(0x80 | (cp & 0x3F));
			}
			i += 7;
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = '\0';
	return o;
}

/* Collects text into b, or notes that it overflowed. */
static void collect(struct buf *b, bool *too_long, const XML_Char *s, int len)
{
	if (*too_long || len <= 0)
		return;
	if (buf_add(b, s, (size_t)len) < 0)
		*too_long = true;
}

/* Decodes the escapes in b; true when the result is within CSV_FIELD_MAX. */
static bool finish_text(struct buf *b)
{
	if (b->len)
		b->len = unescape_x(b->data, b->len);
	return b->len <= CSV_FIELD_MAX;
}

/*
 * Joins a relationship target to the directory of the part that names it,
 * as a zip entry name: "/xl/a.xml" is from the root, "." and ".." segments
 * are resolved.
 */
static char *resolve(const char *dir, const char *target)
{
	size_t dlen = target[0] == '/' ? 0 : strlen(dir);
	size_t tlen = strlen(target);
	char *joined = xmalloc(dlen + tlen + 1);
	char *out = xmalloc(dlen + tlen + 1);
	size_t o = 0;

	memcpy(joined, dir, dlen);
	memcpy(joined + dlen, target, tlen + 1);
	for (const char *p = joined; *p;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (o > 0)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		if (*p)
			p++;
	}
	out[o] = '\0';
	free(joined);
	return out;
}

/* ---- relationships (_rels/.rels, xl/_rels/workbook.xml.rels) ---- */

struct rel {
	char *id;
	char *target;
};

struct rels_ctx {
	struct ctx c;
	const char *dir;
	char *office;       /* the workbook */
	char *shared;       /* the shared-string table */
	struct rel *sheets; /* worksheets */
	size_t nsheets;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_ctx *x = ud;
	const char *id, *type, *target, *mode;

	if (x->c.failed || strcmp(local_name(name), "Relationship"))
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	if (strlen(id) > REL_ATTR_MAX || strlen(target) > REL_ATTR_MAX)
		return;
	/* Types end the same in transitional and strict OOXML. */
	if (ends_with(type, "/officeDocument")) {
		if (!x->office)
			x->office = resolve(x->dir, target);
	} else if (ends_with(type, "/sharedStrings")) {
		if (!x->shared)
			x->shared = resolve(x->dir, target);
	} else if (ends_with(type, "/worksheet")) {
		if (x->nsheets == RELS_MAX)
			return;
		if (!x->sheets)
			x->sheets = xcalloc(RELS_MAX, sizeof *x->sheets);
		x->sheets[x->nsheets].id = xstrdup(id);
		x->sheets[x->nsheets].target = resolve(x->dir, target);
		x->nsheets++;
	}
}

static void rels_free(struct rels_ctx *x)
{
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].id);
		free(x->sheets[i].target);
	}
	free(x->sheets);
	free(x->office);
	free(x->shared);
}

/* Reads the relationships in entry name, if there is one. 0, or -1. */
static int rels_load(struct rels_ctx *x, zip_t *zip, const char *name, const char *dir, char *chunk, struct error *err)
{
	zip_int64_t idx = find_entry(zip, name);
	int rc;

	memset(x, 0, sizeof *x);
	x->dir = dir;
	if (idx < 0)
		return 0;
	parser_new(&x->c);
	XML_SetStartElementHandler(x->c.parser, rels_start);
	rc = parse_entry(zip, idx, &x->c, "Excel文件的关系表", chunk, err);
	XML_ParserFree(x->c.parser);
	return rc;
}

/* ---- the workbook: which sheet comes first ---- */

struct wb_ctx {
	struct ctx c;
	const struct rels_ctx *rels;
	const char *first;         /* the first worksheet */
	const char *first_visible; /* the first one not hidden */
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_ctx *x = ud;
	const char *id, *state;

	if (x->c.failed || x->first_visible || strcmp(local_name(name), "sheet"))
		return;
	id = attr(atts, "id");
	state = attr(atts, "state");
	for (size_t i = 0; id && i < x->rels->nsheets; i++) {
		if (strcmp(x->rels->sheets[i].id, id))
			continue;
		if (!x->first)
			x->first = x->rels->sheets[i].target;
		if (!state || !strcmp(state, "visible"))
			x->first_visible = x->rels->sheets[i].target;
		break;
	}
}

/* ---- the shared-string table ---- */

struct sst_ctx {
	struct ctx c;
	struct xlsx_reader *r;
	long depth, si_depth, t_depth, rph_depth;
	struct buf text;
	bool too_long;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst_ctx *x = ud;
	const char *n = local_name(name);

	(void)atts;
	x->depth++;
	if (!x->si_depth) {
		if (x->depth == 2 && !strcmp(n, "si")) {
			x->si_depth = x->depth;
			buf_reset(&x->text);
			x->too_long = false;
		}
	} else if (!x->rph_depth && !strcmp(n, "rPh")) {
		/* Phonetic guides (furigana) are not part of the text. */
		x->rph_depth = x->depth;
	} else if (!x->t_depth && !strcmp(n, "t")) {
		x->t_depth = x->depth;
	}
}

static void sst_push(struct sst_ctx *x)
{
	struct xlsx_reader *r = x->r;
	bool too_long = x->too_long || !finish_text(&x->text);
	size_t len = too_long ? 0 : x->text.len;
	/* Offsets count against the cap too: a million empty strings are not free. */
	size_t charge = sizeof(size_t) + (too_long ? 0 : len + 1);

	if (charge > XLSX_STRINGS_MAX - r->strtab.len - r->nstr * sizeof(size_t)) {
		ctx_stop(&x->c, "Excel文件的共享字符串表过大（超过256MB）");
		return;
	}
	if (r->nstr == r->capstr) {
		r->capstr = r->capstr ? 2 * r->capstr : 1024;
		r->stroff = xrealloc(r->stroff, r->capstr * sizeof *r->stroff);
	}
	if (too_long) {
		r->stroff[r->nstr++] = SIZE_MAX;
		return;
	}
	r->stroff[r->nstr++] = r->strtab.len;
	if (buf_add(&r->strtab, buf_cstr(&x->text), len + 1) < 0)
		ctx_stop(&x->c, "Excel文件的共享字符串表过大（超过256MB）");
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_ctx *x = ud;
	long d = x->depth--;

	(void)name;
	if (x->c.failed)
		return;
	if (d == x->t_depth) {
		x->t_depth = 0;
	} else if (d == x->rph_depth) {
		x->rph_depth = 0;
	} else if (d == x->si_depth) {
		x->si_depth = 0;
		sst_push(x);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_ctx *x = ud;

	if (!x->c.failed && x->si_depth && x->t_depth && !x->rph_depth)
		collect(&x->text, &x->too_long, s, len);
}

static int sst_load(struct xlsx_reader *r, zip_int64_t idx, struct error *err)
{
	struct sst_ctx x = {.r = r, .text = BUF_INIT(TEXT_COLLECT_MAX)};
	int rc;

	parser_new(&x.c);
	XML_SetElementHandler(x.c.parser, sst_start, sst_end);
	XML_SetCharacterDataHandler(x.c.parser, sst_text);
	rc = parse_entry(r->zip, idx, &x.c, "共享字符串表", r->chunk, err);
	XML_ParserFree(x.c.parser);
	buf_release(&x.text);
	return rc;
}

/* ---- the worksheet ---- */

static void row_clear(struct row *row)
{
	for (size_t i = 0; i < row->count; i++)
		free(row->field[i]);
	row->count = 0;
}

static void row_free(struct row *row)
{
	row_clear(row);
	free(row->field);
	row->field = NULL;
}

static void set_problem(struct xlsx_reader *r, enum row_problem p, size_t field)
{
	if (r->build.problem != ROW_OK)
		return;
	r->build.problem = p;
	r->build.problem_field = field;
}

/*
 * The 0-based column of a cell reference like "AB12", or -1 when it has no
 * letters. Saturates at CSV_FIELDS_MAX, so that "XFD" or absurd letters
 * neither overflow nor make anyone allocate for them.
 */
static long ref_column(const char *ref)
{
	long col = 0;
	const char *p = ref;

	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (col <= CSV_FIELDS_MAX)
			col = col * 26 + ((*p | 0x20) - 'a' + 1);
	}
	if (p == ref)
		return -1;
	return col - 1 < CSV_FIELDS_MAX ? col - 1 : CSV_FIELDS_MAX;
}

/* "A", "B", ... "IV" for a column index below CSV_FIELDS_MAX. */
static void column_name(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0, o = 0;

	col++;
	while (col > 0 && n < sizeof tmp) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n > 0)
		out[o++] = tmp[--n];
	out[o] = '\0';
}

/* A decimal number of at most 18 digits, nothing else. */
static bool parse_number(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n == 18)
			return false;
		v = v * 10 + (unsigned)(s[n] - '0');
	}
	if (n == 0 || s[n])
		return false;
	*out = v;
	return true;
}

/* A shared-string index: a number, with XML whitespace around it allowed. */
static bool parse_index(struct buf *text, unsigned long long *idx)
{
	char *s = text->data;
	size_t n = text->len;

	if (!s)
		return false;
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	s += strspn(s, " \t\r\n");
	return parse_number(s, idx);
}

static void row_start(struct xlsx_reader *r, const XML_Char **atts)
{
	const char *num = attr(atts, "r");
	unsigned long long n;

	r->row_depth = r->depth;
	row_clear(&r->build);
	if (num && parse_number(num, &n) && n >= 1 && n <= LONG_MAX)
		r->build.number = (long)n;
	else
		r->build.number = r->last_row < LONG_MAX ? r->last_row + 1 : LONG_MAX;
	r->build.problem = ROW_OK;
	r->build.problem_field = 0;
	r->row_present = false;
	r->next_col = 0;
}

static void row_end(struct xlsx_reader *r)
{
	r->last_row = r->build.number;
	if (!r->row_present) {
		row_clear(&r->build);
		return;
	}
	if (r->qhead + r->qlen == r->qcap) {
		if (r->qhead > 0) {
			memmove(r->queue, r->queue + r->qhead, r->qlen * sizeof *r->queue);
			r->qhead = 0;
		} else {
			r->qcap = r->qcap ? 2 * r->qcap : 4;
			r->queue = xrealloc(r->queue, r->qcap * sizeof *r->queue);
		}
	}
	r->queue[r->qhead + r->qlen++] = r->build;
	r->build.field = NULL;
	r->build.count = 0;
	/*
	 * Suspend after each row: xlsx_next resumes the parser when the queue
	 * is empty, so however many rows a chunk of XML holds, at most one
	 * is in memory.
	 */
	XML_StopParser(r->c.parser, XML_TRUE);
}

static void cell_start(struct xlsx_reader *r, const XML_Char **atts)
{
	const char *ref = attr(atts, "r");
	const char *t = attr(atts, "t");
	long col = ref ? ref_column(ref) : -1;

	r->cell_depth = r->depth;
	r->cell_col = col >= 0 ? (size_t)col : r->next_col;
	r->next_col = r->cell_col < CSV_FIELDS_MAX ? r->cell_col + 1 : CSV_FIELDS_MAX;
	if (!t || !strcmp(t, "n"))
		r->cell_type = CELL_NUMBER;
	else if (!strcmp(t, "s"))
		r->cell_type = CELL_SHARED;
	else if (!strcmp(t, "inlineStr"))
		r->cell_type = CELL_INLINE;
	else if (!strcmp(t, "str"))
		r->cell_type = CELL_STR;
	else if (!strcmp(t, "b"))
		r->cell_type = CELL_BOOL;
	else
		r->cell_type = CELL_OTHER; /* "e" (#N/A ...), "d" (ISO dates): the text as stored */
	r->cell_has_value = false;
	r->cell_too_long = false;
	buf_reset(&r->text);
}

static void set_field(struct xlsx_reader *r, size_t col, const char *s, size_t len)
{
	struct row *b = &r->build;

	if (!b->field)
		b->field = xcalloc(CSV_FIELDS_MAX, sizeof *b->field);
	while (b->count <= col)
		b->field[b->count++] = xstrdup("");
	free(b->field[col]);
	b->field[col] = xstrndup(s, len);
}

static void cell_end(struct xlsx_reader *r)
{
	size_t col = r->cell_col;
	bool too_long = r->cell_too_long;
	const char *val = "";
	size_t len = 0;

	/* A cell with only a style (no <v>, no <is>) is blank: it is not there. */
	if (!r->cell_has_value)
		return;
	r->row_present = true;
	if (col >= CSV_FIELDS_MAX) {
		set_problem(r, ROW_TOO_MANY_FIELDS, CSV_FIELDS_MAX);
		return;
	}
	switch (r->cell_type) {
	case CELL_SHARED: {
		unsigned long long idx;
		if (too_long || !parse_index(&r->text, &idx) || idx >= r->nstr) {
			char name[8], msg[256];
			column_name(col, name);
			snprintf(msg, sizeof msg, "Excel文件损坏：第%ld行的单元格%s%ld引用了不存在的共享字符串",
			         r->build.number, name, r->build.number);
			ctx_stop(&r->c, msg);
			return;
		}
		if (r->stroff[idx] == SIZE_MAX) {
			too_long = true;
		} else {
			val = r->strtab.data + r->stroff[idx];
			len = strlen(val);
		}
		break;
	}
	case CELL_INLINE:
	case CELL_STR:
		too_long = too_long || !finish_text(&r->text);
		val = buf_cstr(&r->text);
		len = r->text.len;
		break;
	case CELL_BOOL:
		val = buf_cstr(&r->text);
		if (!strcmp(val, "1"))
			val = "TRUE";
		else if (!strcmp(val, "0"))
			val = "FALSE";
		len = strlen(val);
		break;
	default:
		val = buf_cstr(&r->text);
		len = r->text.len;
		break;
	}
	if (len > CSV_FIELD_MAX)
		too_long = true;
	if (too_long) {
		set_field(r, col, "", 0);
		set_problem(r, ROW_FIELD_TOO_LONG, col);
		return;
	}
	set_field(r, col, val, len);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *n = local_name(name);

	r->depth++;
	if (r->c.failed)
		return;
	if (!r->sd_depth) {
		if (!strcmp(n, "sheetData"))
			r->sd_depth = r->depth;
	} else if (!r->row_depth) {
		if (r->depth == r->sd_depth + 1 && !strcmp(n, "row"))
			row_start(r, atts);
	} else if (!r->cell_depth) {
		if (r->depth == r->row_depth + 1 && !strcmp(n, "c"))
			cell_start(r, atts);
	} else if (r->depth == r->cell_depth + 1) {
		if (!strcmp(n, "v")) {
			r->v_depth = r->depth;
			r->cell_has_value = true;
		} else if (!strcmp(n, "is")) {
			r->is_depth = r->depth;
			r->cell_has_value = true;
		}
	} else if (r->is_depth) {
		/* Inside <is>: <t>, or rich-text runs <r><t>, and phonetic <rPh><t>. */
		if (!r->rph_depth && !strcmp(n, "rPh"))
			r->rph_depth = r->depth;
		else if (!r->t_depth && !strcmp(n, "t"))
			r->t_depth = r->depth;
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	long d = r->depth--;

	(void)name;
	if (r->c.failed)
		return;
	if (d == r->t_depth) {
		r->t_depth = 0;
	} else if (d == r->rph_depth) {
		r->rph_depth = 0;
	} else if (d == r->v_depth) {
		r->v_depth = 0;
	} else if (d == r->is_depth) {
		r->is_depth = 0;
	} else if (d == r->cell_depth) {
		r->cell_depth = 0;
		cell_end(r);
	} else if (d == r->row_depth) {
		r->row_depth = 0;
		row_end(r);
	} else if (d == r->sd_depth) {
		r->sd_depth = 0;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;

	if (r->c.failed || !r->cell_depth)
		return;
	if (r->v_depth || (r->t_depth && !r->rph_depth))
		collect(&r->text, &r->cell_too_long, s, len);
}

/* ---- opening ---- */

static bool is_ole(const unsigned char *head, size_t len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	return len >= sizeof magic && !memcmp(head, magic, sizeof magic);
}

/* Finds the first worksheet and the string table, loads the table, opens the sheet. */
static int start(struct xlsx_reader *r, struct error *err)
{
	struct rels_ctx root, wbrels;
	struct wb_ctx wb = {0};
	char *wbpath = NULL, *dir = NULL, *relspath = NULL;
	const char *sheet, *base;
	zip_int64_t wbidx, sheetidx, sstidx;
	int rc = -1;

	memset(&wbrels, 0, sizeof wbrels);
	if (rels_load(&root, r->zip, "_rels/.rels", "", r->chunk, err) < 0)
		goto out;
	wbpath = xstrdup(root.office && find_entry(r->zip, root.office) >= 0 ? root.office : "xl/workbook.xml");
	wbidx = find_entry(r->zip, wbpath);

	/* The workbook's relationships: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
	base = strrchr(wbpath, '/');
	base = base ? base + 1 : wbpath;
	dir = xstrndup(wbpath, (size_t)(base - wbpath));
	size_t relsize = strlen(wbpath) + sizeof "_rels/.rels";
	relspath = xmalloc(relsize);
	snprintf(relspath, relsize, "%s_rels/%s.rels", dir, base);
	if (rels_load(&wbrels, r->zip, relspath, dir, r->chunk, err) < 0)
		goto out;

	if (wbidx >= 0) {
		wb.rels = &wbrels;
		parser_new(&wb.c);
		XML_SetStartElementHandler(wb.c.parser, wb_start);
		int prc = parse_entry(r->zip, wbidx, &wb.c, "工作簿", r->chunk, err);
		XML_ParserFree(wb.c.parser);
		if (prc < 0)
			goto out;
	}
	sheet = wb.first_visible ? wb.first_visible : wb.first;
	sheetidx = find_entry(r->zip, sheet);
	if (sheetidx < 0)
		sheetidx = find_entry(r->zip, "xl/worksheets/sheet1.xml");
	if (sheetidx < 0) {
		error_set(err, "%s", wbidx >= 0 ? "Excel工作簿中没有找到工作表" : MSG_NOT_XLSX);
		goto out;
	}

	sstidx = find_entry(r->zip, wbrels.shared);
	if (sstidx < 0)
		sstidx = find_entry(r->zip, "xl/sharedStrings.xml");
	if (sstidx >= 0 && sst_load(r, sstidx, err) < 0)
		goto out;

	r->sheet = open_entry(r->zip, sheetidx, "工作表", err);
	if (!r->sheet)
		goto out;
	parser_new(&r->c);
	XML_SetElementHandler(r->c.parser, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(r->c.parser, sheet_text);
	rc = 0;
out:
	rels_free(&root);
	rels_free(&wbrels);
	free(wbpath);
	free(dir);
	free(relspath);
	return rc;
}

/*
 * Opens the archive in src (which it takes over, also on error); head is
 * the start of the file, to recognise an old .xls in the message.
 */
static int open_source(struct xlsx_reader **out, zip_source_t *src, const unsigned char *head, size_t headlen,
                       struct error *err)
{
	zip_error_t ze;
	zip_t *zip;
	struct xlsx_reader *r;

	*out = NULL;
	zip_error_init(&ze);
	zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!zip) {
		zip_source_free(src);
		if (zip_error_code_zip(&ze) == ZIP_ER_OPEN || zip_error_code_zip(&ze) == ZIP_ER_READ)
			error_set(err, "无法读取文件（%s）", zip_error_strerror(&ze));
		else
			error_set(err, "%s", is_ole(head, headlen) ? MSG_OLE : MSG_NOT_XLSX);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);

	r = xcalloc(1, sizeof *r);
	r->zip = zip;
	r->chunk = xmalloc(CHUNK_SIZE);
	buf_init(&r->strtab, XLSX_STRINGS_MAX);
	buf_init(&r->text, TEXT_COLLECT_MAX);
	if (start(r, err) < 0) {
		xlsx_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int xlsx_open(struct xlsx_reader **out, const char *path, struct error *err)
{
	unsigned char head[8] = {0};
	size_t headlen = 0;
	zip_error_t ze;
	zip_source_t *src;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return error_set(err, "无法打开文件%s（%s）", path, strerror(errno));
	headlen = fread(head, 1, sizeof head, f);
	fclose(f);

	zip_error_init(&ze);
	src = zip_source_file_create(path, 0, -1, &ze);
	if (!src) {
		error_set(err, "无法打开文件%s（%s）", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	return open_source(out, src, head, headlen, err);
}

int xlsx_open_memory(struct xlsx_reader **out, const void *data, size_t len, struct error *err)
{
	zip_error_t ze;
	zip_source_t *src;

	*out = NULL;
	zip_error_init(&ze);
	src = zip_source_buffer_create(len ? data : NULL, len, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return error_set(err, "%s", MSG_NOT_XLSX);
	return open_source(out, src, data, len, err);
}

/* Feeds the sheet's parser one step: resumes it after a row, or gives it the next chunk. */
static int pump(struct xlsx_reader *r, struct error *err)
{
	enum XML_Status st;

	if (r->suspended) {
		st = XML_ResumeParser(r->c.parser);
	} else {
		zip_int64_t n = read_chunk(r->sheet, r->chunk, &r->inflated, "工作表", err);
		if (n < 0)
			return -1;
		r->final = n == 0;
		st = XML_Parse(r->c.parser, r->chunk, (int)n, r->final);
	}
	if (st == XML_STATUS_ERROR || r->c.failed) {
		xml_failure(&r->c, "工作表", err);
		if (!r->c.failed && r->last_row > 0) {
			size_t n = strlen(err->msg);
			snprintf(err->msg + n, sizeof err->msg - n, "，表格第%ld行之后", r->last_row);
		}
		return -1;
	}
	r->suspended = st == XML_STATUS_SUSPENDED;
	if (!r->suspended && r->final)
		r->done = true;
	return 0;
}

int xlsx_next(struct xlsx_reader *r, struct row **row, struct error *err)
{
	row_free(&r->out);
	if (r->done && r->c.failed)
		return error_set(err, "%s", r->c.err.msg);
	while (r->qlen == 0) {
		if (r->done)
			return 0;
		if (pump(r, err) < 0) {
			/* Every later call fails the same way. */
			r->done = true;
			r->c.failed = true;
			snprintf(r->c.err.msg, sizeof r->c.err.msg, "%s", err->msg);
			return -1;
		}
	}
	r->out = r->queue[r->qhead++];
	r->qlen--;
	*row = &r->out;
	return 1;
}

void xlsx_close(struct xlsx_reader *r)
{
	if (!r)
		return;
	while (r->qlen > 0) {
		row_free(&r->queue[r->qhead++]);
		r->qlen--;
	}
	free(r->queue);
	row_free(&r->out);
	row_free(&r->build);
	if (r->c.parser)
		XML_ParserFree(r->c.parser);
	if (r->sheet)
		zip_fclose(r->sheet);
	if (r->zip)
		zip_discard(r->zip);
	buf_release(&r->strtab);
	buf_release(&r->text);
	free(r->stroff);
	free(r->chunk);
	free(r);
}
