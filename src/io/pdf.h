/*
 * pdf: a small A4 document writer on cairo and pango for printed forms
 * (申请审批表): a header on every page (the county's name and the title),
 * the title large on the first page, then sections and label/value rows
 * drawn as a two-column table with lines, long values wrapped; pages break
 * by themselves and each footer says "第 N 页 共 M 页". Lists and reports
 * add wrapped paragraphs and multi-column tables (名单, 签到表) whose
 * header row is repeated at the top of every page they run onto; a table
 * row is never split across pages (a row taller than a whole page is the
 * one exception: it goes on a page of its own and runs off its foot).
 *
 * The text is set in Noto Serif CJK SC (fonts-noto-cjk: 宋体-like, and
 * every glyph survives cairo's subsetting, see pdf.c), embedded as a
 * subset. Values are given as text: money stays as formatted (no floating
 * point). Nothing is drawn until pdf_close, which lays the document out
 * twice: once to count the pages, once to draw them.
 */
#ifndef HUIMIN_PDF_H
#define HUIMIN_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

/* The most columns a table may have; more are cut off. */
#define PDF_TABLE_MAX_COLS 16

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
/* Turns the whole document's pages sideways (A4 landscape) or back; portrait by default. */
void pdf_landscape(struct pdf *d, bool landscape);
/*
 * Body text across the page's width, wrapped; "\n" starts a new line. A
 * paragraph longer than the room left on a page goes on, line by line, on
 * the next. No first-line indent: start the text with two U+3000 (　　)
 * for the indent of Chinese reports.
 */
void pdf_paragraph(struct pdf *d, const char *text);
/*
 * Starts a table of ncols columns (1..PDF_TABLE_MAX_COLS; more are cut
 * off): headers[i] is column i's heading (bold, shaded, repeated on every
 * page the table reaches), widths_permille[i] its share of the page's width
 * in thousandths (scaled when they do not add up to 1000; NULL shares the
 * width equally). The arrays are copied. A table left open is ended by the
 * next pdf_section/pdf_row/pdf_sign/pdf_paragraph/pdf_table_begin or by
 * pdf_close.
 */
void pdf_table_begin(struct pdf *d, const char *const *headers, const int *widths_permille, size_t ncols);
/* A row of the open table: cells[0..ncols-1] (NULL is blank), copied, each wrapped in its column. Ignored with no open
 * table. */
void pdf_table_row(struct pdf *d, const char *const *cells);
/* Makes every row of the open table at least lines lines of text tall (room to sign); 1 by default. */
void pdf_table_min_lines(struct pdf *d, int lines);
/* Ends the open table (nothing happens when none is open). */
void pdf_table_end(struct pdf *d);
/* Lays out, draws and writes the file, and frees d (also on error; NULL is fine). -1 with a message. */
__attribute__((warn_unused_result)) int pdf_close(struct pdf *d, struct error *err);
/* Frees d without writing anything more (the file may be left incomplete). NULL is fine. */
void pdf_discard(struct pdf *d);

#endif
