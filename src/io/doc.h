/*
 * doc: a plain written document (a title, headings of two levels,
 * paragraphs), such as the annual report, in the formats an office opens:
 * text, a stand-alone HTML page, and Word (.docx: WordprocessingML written
 * with libzip, fonts and sizes of Chinese official documents: the title in
 * 宋体 二号 bold, headings in 黑体 and 楷体 三号, the text in 仿宋 三号 with
 * a first-line indent of two characters, A4, page numbers in the footer).
 *
 * Text is UTF-8 and is escaped here for each format; characters XML does
 * not allow (control characters) are left out. A block's text is one
 * paragraph: line breaks inside it are written as spaces.
 */
#ifndef HUIMIN_DOC_H
#define HUIMIN_DOC_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

enum doc_kind { DOC_TITLE, DOC_H1, DOC_H2, DOC_P };

struct doc_block {
	enum doc_kind kind;
	const char *text;
};

/*
 * The document as text: UTF-8 with a byte-order mark and CRLF line ends
 * (Notepad on older Windows reads it right), the title, a blank line
 * before each heading, paragraphs indented by two ideographic spaces.
 * 0, or -1 when out is full.
 */
__attribute__((warn_unused_result)) int doc_txt(const struct doc_block *b, size_t n, struct buf *out);
/* The document as a stand-alone HTML page (styles inside, nothing loaded). 0, or -1 when out is full. */
__attribute__((warn_unused_result)) int doc_html(const struct doc_block *b, size_t n, struct buf *out);
/* Writes the document to path as .docx (replacing the file). 0, or -1 with a message. */
__attribute__((warn_unused_result)) int doc_docx(const struct doc_block *b, size_t n, const char *path,
                                                 struct error *err);

#endif
