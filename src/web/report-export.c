#include "web/report-export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/xalloc.h"
#include "io/pdf.h"
#include "web/assets.h"

static const struct {
	const char *name, *type;
} formats[REPORT_FORMAT__MAX] = {
    [REPORT_FORMAT_TXT] = {"txt", "text/plain"},
    [REPORT_FORMAT_HTML] = {"html", "text/html"},
    [REPORT_FORMAT_DOCX] = {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    [REPORT_FORMAT_PDF] = {"pdf", "application/pdf"},
};

int report_format_parse(const char *name)
{
	for (int i = 0; name && i < REPORT_FORMAT__MAX; i++)
		if (strcmp(formats[i].name, name) == 0)
			return i;
	return -1;
}

const char *report_format_ext(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT__MAX ? formats[f].name : "";
}

const char *report_format_type(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT__MAX ? formats[f].type : "application/octet-stream";
}

void report_export_href(const struct report_link *l, char *out, size_t size)
{
	switch (l->kind) {
	case REPORT_LINK_CASES:
		snprintf(out, size, "/projects/%s/cases?year=%d&reached=%s%s%s", l->program, l->year, l->stage,
		         l->hukou == 1   ? "&hukou=1"
		         : l->hukou == 2 ? "&hukou=2"
		                         : "",
		         l->over ? "&over_target=1" : "");
		break;
	case REPORT_LINK_PAYMENTS:
		snprintf(out, size, "/projects/%s/payments/lines?year=%d&status=paid", l->program, l->year);
		break;
	case REPORT_LINK_SURVEY:
		snprintf(out, size, "/survey?year=%d", l->year);
		break;
	case REPORT_LINK_TRAINING:
		snprintf(out, size, "/training?year=%d", l->year);
		break;
	case REPORT_LINK_REHAB:
		snprintf(out, size, "/rehab?year=%d", l->year);
		break;
	case REPORT_LINK_LEVY:
		snprintf(out, size, "/levy?year=%d", l->year);
		break;
	case REPORT_LINK_TARGET:
		snprintf(out, size, "/targets/%lld", (long long)l->target);
		break;
	case REPORT_LINK_TARGETS:
		snprintf(out, size, "/targets?year=%d", l->year);
		break;
	default:
		snprintf(out, size, "%s", "");
	}
}

/* Reads path whole (at most REPORT_TEMPLATE_MAX + 1 bytes: more is refused by the parser). NULL with err. */
static char *read_file(const char *path, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		error_set(err, msg(MSG_REPORT_TEMPLATE_READ), path, strerror(errno));
		return NULL;
	}
	char *text = xmalloc(REPORT_TEMPLATE_MAX + 2);
	*len = fread(text, 1, REPORT_TEMPLATE_MAX + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(text);
		error_set(err, msg(MSG_REPORT_TEMPLATE_READ), path, strerror(EIO));
		return NULL;
	}
	text[*len] = '\0';
	return text;
}

int report_export_template(const char *path, struct report_template **out, char *source, size_t size,
                           struct buf *problems, struct error *err)
{
	*out = NULL;
	const char *env = getenv(REPORT_TEMPLATE_ENV);
	const char *file = path && *path                             ? path
	                   : env && *env                             ? env
	                   : access(REPORT_TEMPLATE_FILE, R_OK) == 0 ? REPORT_TEMPLATE_FILE
	                                                             : NULL;
	char *text = NULL;
	const char *bytes;
	size_t len;
	if (file) {
		if (!(text = read_file(file, &len, err)))
			return -1;
		bytes = text;
		snprintf(source, size, "%s", file);
	} else {
		const struct asset *a = asset_find(REPORT_TEMPLATE_BUILTIN);
		if (!a)
			return error_set(err, "the built-in template %s is missing", REPORT_TEMPLATE_BUILTIN);
		bytes = (const char *)a->bytes;
		len = a->length;
		snprintf(source, size, "%s", msg(MSG_REPORT_TEMPLATE_BUILTIN));
	}
	struct buf mistakes = BUF_INIT(1u << 16);
	int rc = report_template_parse(bytes, len, out, &mistakes);
	free(text);
	if (rc < 0) {
		if (buf_addf(problems, msg(MSG_REPORT_TEMPLATE_MISTAKES), source) < 0 ||
		    buf_addch(problems, '\n') < 0 || buf_addstr(problems, buf_cstr(&mistakes)) < 0) {
			/* The list is cut where it no longer fits. */
		}
		buf_release(&mistakes);
		return 1;
	}
	buf_release(&mistakes);
	return 0;
}

void report_blocks_add(struct report_blocks *bl, enum doc_kind kind, const char *text)
{
	if (bl->n == bl->alloc) {
		bl->alloc = bl->alloc ? 2 * bl->alloc : 32;
		bl->b = xrealloc(bl->b, bl->alloc * sizeof *bl->b);
	}
	bl->b[bl->n].kind = kind;
	bl->b[bl->n].text = xstrdup(text);
	bl->n++;
}

void report_blocks_of(struct report_blocks *bl, const struct report_doc *d)
{
	static const enum doc_kind kinds[] = {
	    [REPORT_TITLE] = DOC_TITLE, [REPORT_H1] = DOC_H1, [REPORT_H2] = DOC_H2, [REPORT_P] = DOC_P};
	for (size_t i = 0; i < d->n; i++) {
		size_t len = 0;
		for (size_t k = 0; k < d->blocks[i].nspans; k++)
			len += strlen(d->blocks[i].spans[k].text);
		char *text = xmalloc(len + 1);
		text[0] = '\0';
		for (size_t k = 0, at = 0; k < d->blocks[i].nspans; k++) {
			size_t n = strlen(d->blocks[i].spans[k].text);
			memcpy(text + at, d->blocks[i].spans[k].text, n + 1);
			at += n;
		}
		enum report_block_kind k = d->blocks[i].kind;
		report_blocks_add(bl, k <= REPORT_P ? kinds[k] : DOC_P, text);
		free(text);
	}
}

void report_blocks_release(struct report_blocks *bl)
{
	for (size_t i = 0; i < bl->n; i++)
		free((char *)bl->b[i].text);
	free(bl->b);
	memset(bl, 0, sizeof *bl);
}

static int write_pdf(const struct report_blocks *bl, const char *path, const char *header, struct error *err)
{
	struct pdf *d;
	if (pdf_open(path, header, &d, err) < 0)
		return -1;
	struct buf para = BUF_INIT(1u << 20);
	for (size_t i = 0; i < bl->n; i++) {
		const struct doc_block *b = &bl->b[i];
		if (b->kind == DOC_TITLE) {
			pdf_title(d, b->text);
		} else if (b->kind == DOC_H1 || b->kind == DOC_H2) {
			pdf_section(d, b->text);
		} else {
			buf_reset(&para);
			/* The first-line indent of Chinese reports: two ideographic spaces. */
			if (buf_addstr(&para, "\xe3\x80\x80\xe3\x80\x80") < 0 || buf_addstr(&para, b->text) < 0) {
				buf_release(&para);
				pdf_discard(d);
				return error_set(err, "a paragraph is too long for the PDF");
			}
			pdf_paragraph(d, buf_cstr(&para));
		}
	}
	buf_release(&para);
	return pdf_close(d, err);
}

int report_export_write(const struct report_blocks *bl, enum report_format f, const char *path, const char *header,
                        struct error *err)
{
	if (f == REPORT_FORMAT_DOCX)
		return doc_docx(bl->b, bl->n, path, err);
	if (f == REPORT_FORMAT_PDF)
		return write_pdf(bl, path, header, err);
	struct buf out = BUF_INIT(64u << 20);
	int rc = f == REPORT_FORMAT_HTML ? doc_html(bl->b, bl->n, &out) : doc_txt(bl->b, bl->n, &out);
	if (rc < 0) {
		buf_release(&out);
		return error_set(err, "the report is too large");
	}
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		buf_release(&out);
		return error_set(err, msg(MSG_REPORT_WRITE), path, strerror(errno));
	}
	size_t len = out.len, wrote = fwrite(out.data ? out.data : "", 1, len, fp);
	int closed = fclose(fp);
	buf_release(&out);
	if (wrote != len || closed != 0)
		return error_set(err, msg(MSG_REPORT_WRITE), path, strerror(errno));
	return 0;
}
