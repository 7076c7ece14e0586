/*
 * pdf: a small A4 document writer on cairo and pango for printed forms
 * (申请审批表): a header on every page (the county's name and the title),
 * the title large on the first page, then sections and label/value rows
 * drawn as a two-column table with lines, long values wrapped; pages break
 * by themselves and each footer says "第 N 页 共 M 页".
 *
 * The text is set in Noto Sans CJK SC (fonts-noto-cjk), embedded as a
 * subset. Values are given as text: money stays as formatted (no floating
 * point). Nothing is drawn until pdf_close, which lays the document out
 * twice: once to count the pages, once to draw them.
 */
#ifndef HUIMIN_PDF_H
#define HUIMIN_PDF_H

#include "base/error.h"

struct pdf;

/* Starts a document to be written to path; header (the county's name, UTF-8) on every page. -1 with a message. */
__attribute__((warn_unused_result)) int pdf_open(const char *path, const char *header, struct pdf **out,
						 struct error *err);
/* The document's title (the latest one given counts). */
void pdf_title(struct pdf *d, const char *title);
/* A heading above the rows that follow. */
void pdf_section(struct pdf *d, const char *text);
/* A row of the table: label on the left, value (wrapped, "" for blank) on the right. */
void pdf_row(struct pdf *d, const char *label, const char *value);
/*
 * A row for a signature or an opinion: label on the left, lines blank lines
 * of room on the right, "签字：      日期：    年  月  日" at its foot.
 */
void pdf_sign(struct pdf *d, const char *label, int lines);
/* Lays out, draws and writes the file, and frees d (also on error; NULL is fine). -1 with a message. */
__attribute__((warn_unused_result)) int pdf_close(struct pdf *d, struct error *err);
/* Frees d without writing anything more (the file may be left incomplete). NULL is fine. */
void pdf_discard(struct pdf *d);

#endif
