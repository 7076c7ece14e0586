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
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 54.0
#define TOP 78.0	 /* where the body begins, under the running header */
#define BOTTOM 64.0	 /* room kept for the footer */
#define LABEL_W 118.0 /* the label column */
#define PAD 5.0	 /* inside a cell */
#define FONT "Noto Sans CJK SC"

enum item_kind { ITEM_SECTION, ITEM_ROW, ITEM_SIGN };

struct item {
	enum item_kind kind;
	char *label, *value;
	int lines;
};

struct pdf {
	char *path, *header, *title;
	struct item *items;
	size_t n, cap;
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
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	struct item *it = &d->items[d->n++];
	it->kind = kind;
	it->label = xstrdup(label ? label : "");
	it->value = xstrdup(value ? value : "");
	it->lines = 0;
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

void pdf_discard(struct pdf *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].label);
		free(d->items[i].value);
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
	PangoLayout *layout;
	bool draw;  /* false: only count the pages */
	int page;   /* 1-based, the page being filled */
	int pages;  /* the total, known on the drawing pass */
	double y;   /* where the next thing goes */
};

/* Sets the layout to text in size (points) and weight, width (points, 0 unlimited); returns its height. */
static double set_text(struct pen *p, const char *text, double size, bool bold, double width)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
	pango_layout_set_text(p->layout, text, -1);
	int w, h;
	pango_layout_get_size(p->layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double text_width(struct pen *p)
{
	int w, h;
	pango_layout_get_size(p->layout, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void show_at(struct pen *p, double x, double y)
{
	if (!p->draw)
		return;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->layout);
}

/* The running header and the footer of the current page. */
static void page_frame(struct pen *p)
{
	if (!p->draw)
		return;
	cairo_t *cr = p->cr;
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	set_text(p, p->d->header, 9, false, 0);
	show_at(p, MARGIN_X, 40);
	set_text(p, p->d->title, 9, false, 0);
	show_at(p, PAGE_W - MARGIN_X - text_width(p), 40);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, MARGIN_X, 58);
	cairo_line_to(cr, PAGE_W - MARGIN_X, 58);
	cairo_stroke(cr);
	char foot[64];
	snprintf(foot, sizeof foot, "第 %d 页 共 %d 页", p->page, p->pages);
	set_text(p, foot, 9, false, 0);
	show_at(p, (PAGE_W - text_width(p)) / 2, PAGE_H - 44);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

static void new_page(struct pen *p)
{
	if (p->draw)
		cairo_show_page(p->cr);
	p->page++;
	p->y = TOP;
	page_frame(p);
}

/* Makes room for h points, breaking the page when they do not fit (a thing taller than a page goes on anyway). */
static void room(struct pen *p, double h)
{
	if (p->y + h > PAGE_H - BOTTOM && p->y > TOP)
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

static void lay_item(struct pen *p, const struct item *it)
{
	const double body_w = PAGE_W - 2 * MARGIN_X, value_w = body_w - LABEL_W;
	const double size = 10.5;
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
static int lay_out(struct pdf *d, cairo_t *cr, bool draw, int pages)
{
	struct pen p = {.d = d, .cr = cr, .draw = draw, .pages = pages, .page = 1, .y = TOP};
	p.layout = pango_cairo_create_layout(cr);
	page_frame(&p);
	if (*d->title) {
		double h = set_text(&p, d->title, 18, true, PAGE_W - 2 * MARGIN_X);
		show_at(&p, (PAGE_W - text_width(&p)) / 2, p.y);
		p.y += h + 10;
	}
	for (size_t i = 0; i < d->n; i++)
		lay_item(&p, &d->items[i]);
	if (draw)
		cairo_show_page(cr);
	g_object_unref(p.layout);
	return p.page;
}

int pdf_close(struct pdf *d, struct error *err)
{
	if (!d)
		return 0;
	int rc = 0;
	cairo_surface_t *s = cairo_pdf_surface_create(d->path, PAGE_W, PAGE_H);
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
