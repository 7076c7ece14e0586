#include "io/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* A4 in points (1/72 inch), margins and the table's geometry. */
#define A4_SHORT 595.28
#define A4_LONG 841.89
#define MARGIN_X 54.0
#define TOP 78.0      /* where the body begins, under the running header */
#define BOTTOM 64.0   /* room kept for the footer */
#define LABEL_W 118.0 /* the label column */
#define PAD 5.0       /* inside a cell */
/*
 * Noto Serif CJK SC (宋体-like, what printed forms use). Not Noto Sans CJK:
 * cairo 1.16's CFF subsetter miscounts hints when a glyph's first hintmask
 * comes after its path has begun, skips the subroutine called right after
 * and writes it empty, so a few Sans glyphs print blank (Regular 如 瘃,
 * Bold 忉 烪: 如 is in every 公示 notice). Checked over the 28,000 CJK
 * ideographs of U+3400-4DBF and U+4E00-9FFF: no Serif glyph is affected
 * (docs/design.md, Printed documents); tests/unit/test-pdf.c keeps 如 inked.
 */
#define FONT "Noto Serif CJK SC"
#define BODY_SIZE 11.0  /* paragraphs */
#define TABLE_SIZE 10.0 /* table cells */

enum item_kind { ITEM_SECTION, ITEM_ROW, ITEM_SIGN, ITEM_PARA, ITEM_TABLE, ITEM_TROW };

struct item {
	enum item_kind kind;
	char *label, *value;
	int lines;
	char **cells; /* ITEM_TABLE: the headings; ITEM_TROW: the cells; ncells of them */
	size_t ncells;
	double *widths; /* ITEM_TABLE: each column's share of the width, adding up to 1 */
};

struct pdf {
	char *path, *header, *title;
	struct item *items;
	size_t n, cap;
	bool landscape;
	size_t table_cols; /* the open table's columns, 0 when none is open */
};

int pdf_open(const char *path, const char *header, struct pdf **out, struct error *err)
{
	*out = NULL;
	if (!path || !*path)
		return error_set(err, "PDF 文件名为空");
	struct pdf *d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->header = xstrdup(header ? header : "");
	d->title = xstrdup("");
	*out = d;
	return 0;
}

void pdf_title(struct pdf *d, const char *title)
{
	free(d->title);
	d->title = xstrdup(title ? title : "");
}

static struct item *add(struct pdf *d, enum item_kind kind, const char *label, const char *value)
{
	if (kind != ITEM_TROW)
		d->table_cols = 0;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	struct item *it = &d->items[d->n++];
	it->kind = kind;
	it->label = xstrdup(label ? label : "");
	it->value = xstrdup(value ? value : "");
	it->lines = 0;
	it->cells = NULL;
	it->ncells = 0;
	it->widths = NULL;
	return it;
}

void pdf_section(struct pdf *d, const char *text)
{
	add(d, ITEM_SECTION, text, "");
}

void pdf_row(struct pdf *d, const char *label, const char *value)
{
	add(d, ITEM_ROW, label, value);
}

void pdf_sign(struct pdf *d, const char *label, int lines)
{
	add(d, ITEM_SIGN, label, "")->lines = lines < 0 ? 0 : lines;
}

void pdf_landscape(struct pdf *d, bool landscape)
{
	d->landscape = landscape;
}

void pdf_paragraph(struct pdf *d, const char *text)
{
	add(d, ITEM_PARA, "", text);
}

static char **copy_cells(const char *const *cells, size_t n)
{
	char **c = xcalloc(n, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = xstrdup(cells && cells[i] ? cells[i] : "");
	return c;
}

void pdf_table_begin(struct pdf *d, const char *const *headers, const int *widths_permille, size_t ncols)
{
	if (ncols > PDF_TABLE_MAX_COLS)
		ncols = PDF_TABLE_MAX_COLS;
	if (ncols == 0) {
		d->table_cols = 0;
		return;
	}
	struct item *it = add(d, ITEM_TABLE, "", "");
	it->cells = copy_cells(headers, ncols);
	it->ncells = ncols;
	it->widths = xcalloc(ncols, sizeof *it->widths);
	double sum = 0;
	for (size_t i = 0; i < ncols; i++)
		sum += widths_permille && widths_permille[i] > 0 ? widths_permille[i] : 0;
	for (size_t i = 0; i < ncols; i++) {
		int w = widths_permille ? widths_permille[i] : 0;
		it->widths[i] = sum > 0 ? (w > 0 ? w : 0) / sum : 1.0 / (double)ncols;
	}
	d->table_cols = ncols;
}

void pdf_table_row(struct pdf *d, const char *const *cells)
{
	if (!d->table_cols)
		return;
	size_t n = d->table_cols;
	struct item *it = add(d, ITEM_TROW, "", "");
	it->cells = copy_cells(cells, n);
	it->ncells = n;
}

void pdf_table_min_lines(struct pdf *d, int lines)
{
	if (!d->table_cols)
		return;
	for (size_t i = d->n; i-- > 0;)
		if (d->items[i].kind == ITEM_TABLE) {
			d->items[i].lines = lines < 1 ? 1 : lines > 10 ? 10 : lines;
			return;
		}
}

void pdf_table_end(struct pdf *d)
{
	d->table_cols = 0;
}

void pdf_discard(struct pdf *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].label);
		free(d->items[i].value);
		for (size_t j = 0; j < d->items[i].ncells; j++)
			free(d->items[i].cells[j]);
		free(d->items[i].cells);
		free(d->items[i].widths);
	}
	free(d->items);
	free(d->path);
	free(d->header);
	free(d->title);
	free(d);
}

/* Layout */

struct pen {
	struct pdf *d;
	cairo_t *cr;
	PangoLayout *layout;                   /* the items' text */
	PangoLayout *frame;                    /* the running header, the footer and a table's repeated headings */
	PangoLayout *cols[PDF_TABLE_MAX_COLS]; /* a table row's cells */
	PangoFontDescription *fonts[2];        /* regular, bold; the size is set per use */
	const struct item *table;              /* the table being laid out, NULL outside one */
	bool draw;                             /* false: only count the pages */
	int page;                              /* 1-based, the page being filled */
	int pages;                             /* the total, known on the drawing pass */
	double w, h;                           /* the page's size */
	double y;                              /* where the next thing goes */
};

/* Sets layout to text in size (points) and weight, width (points, 0 unlimited); returns its height. */
static double set_layout(struct pen *p, PangoLayout *layout, const char *text, double size, bool bold, double width)
{
	PangoFontDescription *fd = p->fonts[bold];
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_text(layout, text, -1);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double set_text(struct pen *p, const char *text, double size, bool bold, double width)
{
	return set_layout(p, p->layout, text, size, bold, width);
}

static double layout_width(PangoLayout *layout)
{
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	return (double)w / PANGO_SCALE;
}

static double text_width(struct pen *p)
{
	return layout_width(p->layout);
}

static void show_layout_at(struct pen *p, PangoLayout *layout, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, layout);
}

static void show_at(struct pen *p, double x, double y)
{
	show_layout_at(p, p->layout, x, y);
}

/* The running header and the footer of the current page. */
static void page_frame(struct pen *p)
{
	if (!p->draw)
		return;
	cairo_t *cr = p->cr;
	PangoLayout *l = p->frame;
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	set_layout(p, l, p->d->header, 9, false, 0);
	show_layout_at(p, l, MARGIN_X, 40);
	set_layout(p, l, p->d->title, 9, false, 0);
	show_layout_at(p, l, p->w - MARGIN_X - layout_width(l), 40);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, MARGIN_X, 58);
	cairo_line_to(cr, p->w - MARGIN_X, 58);
	cairo_stroke(cr);
	char foot[64];
	snprintf(foot, sizeof foot, "第 %d 页 共 %d 页", p->page, p->pages);
	set_layout(p, l, foot, 9, false, 0);
	show_layout_at(p, l, (p->w - layout_width(l)) / 2, p->h - 44);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

static void table_head(struct pen *p);

static void new_page(struct pen *p)
{
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	page_frame(p);
	if (p->table)
		table_head(p);
}

/* Makes room for h points, breaking the page when they do not fit (a thing taller than a page goes on anyway). */
static void room(struct pen *p, double h)
{
	if (p->y + h > p->h - BOTTOM && p->y > TOP)
		new_page(p);
}

static void cell_box(struct pen *p, double x, double y, double w, double h, bool shade)
{
	if (!p->draw)
		return;
	cairo_t *cr = p->cr;
	if (shade) {
		cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
	}
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, x, y, w, h);
	cairo_stroke(cr);
}

/* The x of column i of the current table, and its width. */
static double col_x(const struct pen *p, size_t i, double *width)
{
	const double body_w = p->w - 2 * MARGIN_X;
	double x = MARGIN_X;
	for (size_t j = 0; j < i; j++)
		x += body_w * p->table->widths[j];
	*width = body_w * p->table->widths[i];
	return x;
}

/* The height of the table's heading row (all of its cells in p->frame in turn). */
static double head_height(struct pen *p)
{
	double h = 0, w;
	for (size_t i = 0; i < p->table->ncells; i++) {
		col_x(p, i, &w);
		double ch = set_layout(p, p->frame, p->table->cells[i], TABLE_SIZE, true, w - 2 * PAD);
		if (ch > h)
			h = ch;
	}
	return h + 2 * PAD;
}

/* Draws the table's heading row at p->y (no page break: the caller made room). */
static void table_head(struct pen *p)
{
	double h = head_height(p), y = p->y, w;
	for (size_t i = 0; i < p->table->ncells; i++) {
		double x = col_x(p, i, &w);
		cell_box(p, x, y, w, h, true);
		double ch = set_layout(p, p->frame, p->table->cells[i], TABLE_SIZE, true, w - 2 * PAD);
		show_layout_at(p, p->frame, x + PAD, y + (h - ch) / 2);
	}
	p->y = y + h;
}

/* A table row: every cell in its own layout, the row as tall as its tallest cell, moved whole to the next page when it
 * does not fit. */
static void table_row(struct pen *p, const struct item *it)
{
	double h = 0, w;
	size_t n = it->ncells < p->table->ncells ? it->ncells : p->table->ncells;
	for (size_t i = 0; i < n; i++) {
		col_x(p, i, &w);
		double ch = set_layout(p, p->cols[i], it->cells[i], TABLE_SIZE, false, w - 2 * PAD);
		if (ch > h)
			h = ch;
	}
	double min = TABLE_SIZE * 1.4 * (p->table->lines > 1 ? p->table->lines : 1);
	if (h < min)
		h = min;
	h += 2 * PAD;
	room(p, h);
	double y = p->y;
	for (size_t i = 0; i < n; i++) {
		double x = col_x(p, i, &w);
		cell_box(p, x, y, w, h, false);
		if (p->draw && *it->cells[i]) {
			int lw, lh;
			pango_layout_get_size(p->cols[i], &lw, &lh);
			show_layout_at(p, p->cols[i], x + PAD, y + (h - (double)lh / PANGO_SCALE) / 2);
		}
	}
	p->y = y + h;
}

/* A paragraph across the page, line by line so that it can run onto the next page. */
static void paragraph(struct pen *p, const char *text)
{
	const double body_w = p->w - 2 * MARGIN_X, gap = BODY_SIZE * 0.45;
	set_text(p, *text ? text : " ", BODY_SIZE, false, body_w);
	p->y += 4;
	PangoLayoutIter *iter = pango_layout_get_iter(p->layout);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		double lh = (double)logical.height / PANGO_SCALE;
		double base = (double)(pango_layout_iter_get_baseline(iter) - logical.y) / PANGO_SCALE;
		room(p, lh);
		if (p->draw) {
			cairo_move_to(p->cr, MARGIN_X + (double)logical.x / PANGO_SCALE, p->y + base);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(iter));
		}
		p->y += lh + gap;
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	p->y += 4 - gap;
}

static void lay_item(struct pen *p, const struct item *it)
{
	const double body_w = p->w - 2 * MARGIN_X, value_w = body_w - LABEL_W;
	const double size = 10.5;
	if (it->kind == ITEM_TROW) {
		if (p->table)
			table_row(p, it);
		return;
	}
	if (p->table) {
		p->table = NULL;
		p->y += 6;
	}
	if (it->kind == ITEM_TABLE) {
		/* The headings never end a page alone: keep room for a row under them. */
		p->table = it;
		double hh = head_height(p);
		p->table = NULL; /* so that a page break here does not draw them twice */
		room(p, hh + TABLE_SIZE * 1.4 + 2 * PAD);
		p->table = it;
		table_head(p);
		return;
	}
	if (it->kind == ITEM_PARA) {
		paragraph(p, it->value);
		return;
	}
	if (it->kind == ITEM_SECTION) {
		double h = set_text(p, it->label, 12, true, body_w);
		/* A heading never ends a page alone: keep room for a row under it. */
		room(p, 10 + h + 6 + 2 * (size * 1.5 + 2 * PAD));
		p->y += 10;
		show_at(p, MARGIN_X, p->y);
		p->y += h + 6;
		return;
	}
	double lh = set_text(p, it->label, size, false, LABEL_W - 2 * PAD);
	double vh;
	if (it->kind == ITEM_SIGN) {
		double line = set_text(p, "签字：", size, false, value_w - 2 * PAD);
		vh = line * (it->lines + 1);
	} else {
		vh = set_text(p, *it->value ? it->value : " ", size, false, value_w - 2 * PAD);
	}
	double h = (lh > vh ? lh : vh) + 2 * PAD;
	room(p, h);
	double y = p->y;
	cell_box(p, MARGIN_X, y, LABEL_W, h, true);
	cell_box(p, MARGIN_X + LABEL_W, y, value_w, h, false);
	set_text(p, it->label, size, false, LABEL_W - 2 * PAD);
	show_at(p, MARGIN_X + PAD, y + PAD);
	if (it->kind == ITEM_SIGN) {
		double line = set_text(p, "签字：                        日期：        年      月      日", size, false,
		                       value_w - 2 * PAD);
		show_at(p, MARGIN_X + LABEL_W + PAD, y + h - PAD - line);
	} else if (*it->value) {
		set_text(p, it->value, size, false, value_w - 2 * PAD);
		show_at(p, MARGIN_X + LABEL_W + PAD, y + PAD);
	}
	p->y = y + h;
}

/* One pass over the document; returns the number of pages. */
static PangoLayout *new_layout(cairo_t *cr)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
	return l;
}

static int lay_out(struct pdf *d, cairo_t *cr, bool draw, int pages)
{
	struct pen p = {.d = d, .cr = cr, .draw = draw, .pages = pages, .page = 1, .y = TOP};
	p.w = d->landscape ? A4_LONG : A4_SHORT;
	p.h = d->landscape ? A4_SHORT : A4_LONG;
	for (int b = 0; b < 2; b++) {
		p.fonts[b] = pango_font_description_new();
		pango_font_description_set_family(p.fonts[b], FONT);
		pango_font_description_set_weight(p.fonts[b], b ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	}
	p.layout = new_layout(cr);
	p.frame = new_layout(cr);
	for (size_t i = 0; i < PDF_TABLE_MAX_COLS; i++)
		p.cols[i] = new_layout(cr);
	page_frame(&p);
	if (*d->title) {
		double h = set_text(&p, d->title, 18, true, p.w - 2 * MARGIN_X);
		show_at(&p, (p.w - text_width(&p)) / 2, p.y);
		p.y += h + 10;
	}
	for (size_t i = 0; i < d->n; i++)
		lay_item(&p, &d->items[i]);
	if (draw)
		cairo_show_page(cr);
	g_object_unref(p.layout);
	g_object_unref(p.frame);
	for (size_t i = 0; i < PDF_TABLE_MAX_COLS; i++)
		g_object_unref(p.cols[i]);
	pango_font_description_free(p.fonts[0]);
	pango_font_description_free(p.fonts[1]);
	return p.page;
}

int pdf_close(struct pdf *d, struct error *err)
{
	if (!d)
		return 0;
	int rc = 0;
	cairo_surface_t *s =
	    cairo_pdf_surface_create(d->path, d->landscape ? A4_LONG : A4_SHORT, d->landscape ? A4_SHORT : A4_LONG);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rc = error_set(err, "无法创建 PDF 文件：%s", cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		pdf_discard(d);
		return rc;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "huimin");
	cairo_t *cr = cairo_create(s);
	int pages = lay_out(d, cr, false, 0);
	lay_out(d, cr, true, pages);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		rc = error_set(err, "写入 PDF 文件失败：%s", cairo_status_to_string(st));
	pdf_discard(d);
	return rc;
}
