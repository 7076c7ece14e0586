#include "io/svg.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/msg.h"

/*
 * Positions and lengths are in tenths of a pixel (long); they are printed
 * as "12" or "12.5". Font sizes and paddings are given in whole pixels.
 */
#define PX(n) ((long)(n)*10)

#define FG "#1f2329"    /* text: 15.8:1 on white */
#define MUTED "#646a73" /* tick labels: 5.5:1 */
#define GRID "#e5e6eb"  /* grid lines (decoration only) */
#define AXIS "#8a9099"  /* the 0 line and the progress track's edge: 3.2:1 */
#define TRACK "#eef0f3"
#define FONTS "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC',sans-serif"

static const char *const status_colours[SVG_STATUS__MAX] = {
    [SVG_STATUS_PLAIN] = "#1d5fbf",   /* 6.1:1 */
    [SVG_STATUS_DONE] = "#2e7d32",    /* 5.1:1 */
    [SVG_STATUS_NORMAL] = "#1d5fbf",  /* 6.1:1 */
    [SVG_STATUS_LAGGING] = "#b45309", /* 5.0:1 */
    [SVG_STATUS_OVERDUE] = "#c4302b", /* 5.5:1 */
    [SVG_STATUS_NONE] = "#6b7280",    /* 4.8:1 */
};

static const char *const series_colours[SVG_SERIES_MAX] = {
    "#1d5fbf", /* blue 6.1:1 */
    "#c2410c", /* orange 5.2:1 */
    "#2e7d32", /* green 5.1:1 */
    "#8e24aa", /* purple 7.0:1 */
    "#00796b", /* teal 5.3:1 */
    "#6d4c41", /* brown 7.6:1 */
};

/* Dash patterns of the lines, so that series differ without colour too. */
static const char *const series_dashes[SVG_SERIES_MAX] = {"", "8 4", "2 3", "10 3 2 3", "4 2 1 2", "14 4"};

const char *svg_status_colour(enum svg_status s)
{
	return (unsigned)s < SVG_STATUS__MAX ? status_colours[s] : status_colours[SVG_STATUS_PLAIN];
}

const char *svg_series_colour(size_t i)
{
	return series_colours[i % SVG_SERIES_MAX];
}

/* Text */

/*
 * The character at s (s[0] != 0): its length in bytes, *cp the code point,
 * or length 1 and U+FFFD for a byte that does not start a valid sequence.
 */
static size_t next_char(const unsigned char *s, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len;
	uint32_t min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t v = c & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) { /* a NUL stops here too */
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return len;
}

/* Whether cp is drawn an em wide: CJK, kana, hangul, full-width forms, and the punctuation CJK fonts set full. */
static bool full_width(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x2190 && cp <= 0x2BFF) ||
	       (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* The width of one character in tenths of a pixel at font_px. */
static long char_width(uint32_t cp, int font_px)
{
	if (full_width(cp) || cp == 0xFFFD)
		return PX(font_px);
	if (cp < 0x80)
		return 6L * font_px;
	return 7L * font_px;
}

/* The width of the first n bytes of s in tenths of a pixel. */
static long width_n(const char *s, size_t n, int font_px)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	long w = 0;
	while (p < end && *p) {
		uint32_t cp;
		p += next_char(p, &cp);
		w += char_width(cp, font_px);
	}
	return w;
}

static long width_of(const char *s, int font_px)
{
	return s ? width_n(s, strlen(s), font_px) : 0;
}

int svg_text_width(const char *s, int font_px)
{
	if (font_px <= 0 || font_px > 1000)
		return 0;
	long w = width_of(s, font_px);
	return (int)((w + 9) / 10 > INT_MAX ? INT_MAX : (w + 9) / 10);
}

/* Output: appends that remember the first failure, and a way back to where the chart began. */

struct out {
	struct buf *b;
	size_t mark;
	bool failed;
};

static void raw(struct out *o, const char *s)
{
	if (!o->failed && buf_addstr(o->b, s) < 0)
		o->failed = true;
}

__attribute__((format(printf, 2, 3))) static void rawf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!o->failed && buf_vaddf(o->b, fmt, ap) < 0)
		o->failed = true;
	va_end(ap);
}

/* The first n bytes of s as XML text (element content or a double-quoted attribute). */
static void esc_n(struct out *o, const char *s, size_t n)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (!o->failed && p < end && *p) {
		const unsigned char *run = p;
		uint32_t cp = 0;
		size_t len = 0;
		/* A run of characters that need nothing. */
		while (p < end && *p) {
			len = next_char(p, &cp);
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF ||
			    (cp == 0xFFFD && len == 1) || cp == '&' || cp == '<' || cp == '>' || cp == '"' ||
			    cp == '\'')
				break;
			p += len;
		}
		if (p > run && buf_add(o->b, run, (size_t)(p - run)) < 0) {
			o->failed = true;
			return;
		}
		if (p >= end || !*p)
			return;
		const char *rep = replacement;
		switch (cp) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\t':
		case '\n':
		case '\r':
			rep = " ";
			break;
		}
		raw(o, rep);
		p += len;
	}
}

static void esc(struct out *o, const char *s)
{
	if (s)
		esc_n(o, s, strlen(s));
}

/* s as text, cut to at most max (tenths of a pixel) at font_px with "…" when longer. */
static void esc_fit(struct out *o, const char *s, int font_px, long max)
{
	if (!s)
		return;
	if (width_of(s, font_px) <= max) {
		esc(o, s);
		return;
	}
	long room = max - char_width(0x2026, font_px), w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t len = next_char(p, &cp);
		if (w + char_width(cp, font_px) > room)
			break;
		w += char_width(cp, font_px);
		p += len;
	}
	esc_n(o, s, (size_t)(p - (const unsigned char *)s));
	raw(o, "…");
}

/* A position or length as an attribute: ` name="12.5"`. */
static void pos(struct out *o, const char *name, long t)
{
	unsigned long a = t < 0 ? 0UL - (unsigned long)t : (unsigned long)t;
	if (a % 10)
		rawf(o, " %s=\"%s%lu.%lu\"", name, t < 0 ? "-" : "", a / 10, a % 10);
	else
		rawf(o, " %s=\"%s%lu\"", name, t < 0 ? "-" : "", a / 10);
}

/* A position as a number alone, for paths and transforms. */
static void coord(struct out *o, long t)
{
	unsigned long a = t < 0 ? 0UL - (unsigned long)t : (unsigned long)t;
	if (a % 10)
		rawf(o, "%s%lu.%lu", t < 0 ? "-" : "", a / 10, a % 10);
	else
		rawf(o, "%s%lu", t < 0 ? "-" : "", a / 10);
}

/* Figures */

static void value_text(const struct svg_chart *c, long long v, char out[SVG_TEXT_MAX])
{
	if (v == SVG_NO_VALUE) {
		snprintf(out, SVG_TEXT_MAX, "%s", msg(MSG_CHART_NO_DATA));
		return;
	}
	out[0] = '\0';
	if (c->format)
		c->format(c->format_ctx, v, out, SVG_TEXT_MAX);
	else
		snprintf(out, SVG_TEXT_MAX, "%lld", v);
	out[SVG_TEXT_MAX - 1] = '\0';
}

/* "100.5%" for permille (any __int128, as computed from long longs). */
static void percent_text(__int128 permille, char *out, size_t size)
{
	char digits[48];
	size_t n = 0;
	unsigned __int128 a =
	    permille < 0 ? (unsigned __int128)0 - (unsigned __int128)permille : (unsigned __int128)permille;
	do {
		digits[n++] = (char)('0' + (int)(a % 10));
		a /= 10;
	} while (a && n < sizeof digits);
	/* digits holds permille's digits, least significant first; the last one is the tenth. */
	char text[64];
	size_t t = 0;
	if (permille < 0)
		text[t++] = '-';
	if (n == 1)
		text[t++] = '0';
	for (size_t i = n; i-- > 1;)
		text[t++] = digits[i];
	text[t++] = '.';
	text[t++] = digits[0];
	text[t] = '\0';
	snprintf(out, size, "%s%%", text);
}

/*
 * An axis from 0 to top = n * step, step 1, 2 or 5 times a power of ten, n
 * at most 5: the smallest such that covers max. top is 0 when max <= 0.
 */
struct axis {
	unsigned __int128 step, top;
	int n;
};

static struct axis axis_of(long long max)
{
	struct axis a = {0, 0, 0};
	if (max <= 0)
		return a;
	unsigned __int128 m = (unsigned __int128)max, raw_step = (m + 4) / 5, p = 1;
	while (p * 10 <= raw_step)
		p *= 10;
	a.step = p >= raw_step ? p : 2 * p >= raw_step ? 2 * p : 5 * p >= raw_step ? 5 * p : 10 * p;
	a.n = (int)((m + a.step - 1) / a.step);
	a.top = a.step * (unsigned __int128)a.n;
	return a;
}

/* v's length on an axis of span (tenths): 0 for v <= 0 or no axis, v * span / top otherwise. */
static long scale(const struct axis *a, long long v, long span)
{
	if (v <= 0 || v == SVG_NO_VALUE || a->top == 0 || span <= 0)
		return 0;
	unsigned __int128 x = (unsigned __int128)v;
	if (x > a->top)
		x = a->top;
	return (long)(x * (unsigned __int128)span / a->top);
}

/* The text of tick k, or false when it passes LLONG_MAX (left unlabelled). */
static bool tick_text(const struct svg_chart *c, const struct axis *a, int k, char out[SVG_TEXT_MAX])
{
	unsigned __int128 v = a->step * (unsigned __int128)k;
	if (v > (unsigned __int128)LLONG_MAX)
		return false;
	value_text(c, (long long)v, out);
	return true;
}

/* The widest tick label of a, in tenths at font_px. */
static long ticks_width(const struct svg_chart *c, const struct axis *a, int font_px)
{
	char t[SVG_TEXT_MAX];
	long w = 0;
	for (int k = 0; k <= a->n; k++)
		if (tick_text(c, a, k, t) && width_of(t, font_px) > w)
			w = width_of(t, font_px);
	return w;
}

/* Checking arguments */

static bool is_name(const char *s, bool first_letter)
{
	if (!s || strlen(s) >= SVG_ID_MAX)
		return false;
	if (first_letter && !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return false;
	return true;
}

static bool chart_ok(const struct svg_chart *c)
{
	return c && is_name(c->id, true) && c->title && *c->title && (!c->css_class || is_name(c->css_class, false));
}

static int width_px(const struct svg_chart *c, int deflt, int min)
{
	int w = c->width > 0 ? c->width : deflt;
	if (w < min)
		w = min;
	if (w > 20000)
		w = 20000;
	return w;
}

/* The opening tag, title and the start of desc. */
static void open_chart(struct out *o, const struct svg_chart *c, const char *kind, long w, long h, int font_px)
{
	raw(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ");
	raw(o, kind);
	if (c->css_class && *c->css_class) {
		raw(o, " ");
		raw(o, c->css_class);
	}
	raw(o, "\" role=\"img\"");
	pos(o, "width", w);
	pos(o, "height", h);
	raw(o, " viewBox=\"0 0 ");
	coord(o, w);
	raw(o, " ");
	coord(o, h);
	rawf(o,
	     "\" aria-labelledby=\"%s-title\" aria-describedby=\"%s-desc\" font-family=\"" FONTS
	     "\" font-size=\"%d\" fill=\"" FG "\"><title id=\"%s-title\">",
	     c->id, c->id, font_px, c->id);
	esc(o, c->title);
	rawf(o, "</title><desc id=\"%s-desc\">", c->id);
}

static int finish(struct out *o)
{
	raw(o, "</svg>\n");
	if (!o->failed)
		return 0;
	o->b->len = o->mark;
	if (o->b->data)
		o->b->data[o->mark] = '\0';
	return -1;
}

/*
 * Opens a <text> at x, y (tenths) with an optional anchor, class and font
 * size (0: inherited), turned 45 degrees up about x, y when slant; the
 * caller writes the content and "</text>".
 */
static void text_tag(struct out *o, long x, long y, const char *anchor, const char *cls, int font_px, bool slant)
{
	raw(o, "<text");
	pos(o, "x", x);
	pos(o, "y", y);
	if (anchor)
		rawf(o, " text-anchor=\"%s\"", anchor);
	if (cls)
		rawf(o, " class=\"%s\"", cls);
	if (font_px)
		rawf(o, " font-size=\"%d\"", font_px);
	if (slant) {
		raw(o, " transform=\"rotate(-45 ");
		coord(o, x);
		raw(o, " ");
		coord(o, y);
		raw(o, ")\"");
	}
	raw(o, ">");
}

static void text_at(struct out *o, long x, long y, const char *anchor, const char *cls, int font_px)
{
	text_tag(o, x, y, anchor, cls, font_px, false);
}

static void line_at(struct out *o, long x1, long y1, long x2, long y2, const char *stroke, int width_tenths,
                    const char *cls)
{
	raw(o, "<line");
	if (cls)
		rawf(o, " class=\"%s\"", cls);
	pos(o, "x1", x1);
	pos(o, "y1", y1);
	pos(o, "x2", x2);
	pos(o, "y2", y2);
	rawf(o, " stroke=\"%s\"", stroke);
	pos(o, "stroke-width", width_tenths);
}

/* The baseline that centres a line of font_px text on y. */
static long baseline(long y, int font_px)
{
	return y + 35L * font_px / 10;
}

/* The horizontal bar chart */

#define HB_FONT 13
#define HB_TICK_FONT 12
#define HB_ROW 28
#define HB_BAR 18

/* The text after a bar: the figure, and the note. */
static void bar_text(const struct svg_chart *c, const struct svg_bar *r, char *out, size_t size)
{
	char v[SVG_TEXT_MAX];
	value_text(c, r->value, v);
	snprintf(out, size, "%s%s%s", v, r->note && *r->note ? "  " : "", r->note ? r->note : "");
}

int svg_hbar(struct buf *b, const struct svg_chart *c, const struct svg_bar *rows, size_t n)
{
	struct out o = {b, b->len, false};
	if (!chart_ok(c) || n > SVG_ROWS_MAX || (n && !rows))
		return -1;
	long w = PX(width_px(c, 640, 240));
	long long max = 0;
	long label_w = 0, text_w = 0;
	char text[SVG_TEXT_MAX + 512];
	for (size_t i = 0; i < n; i++) {
		if (rows[i].value != SVG_NO_VALUE && rows[i].value > max)
			max = rows[i].value;
		if (rows[i].has_target && rows[i].target != SVG_NO_VALUE && rows[i].target > max)
			max = rows[i].target;
		long lw = width_of(rows[i].label, HB_FONT);
		label_w = lw > label_w ? lw : label_w;
		bar_text(c, &rows[i], text, sizeof text);
		long tw = width_of(text, HB_FONT);
		text_w = tw > text_w ? tw : text_w;
	}
	if (n == 0)
		text_w = width_of(msg(MSG_CHART_NO_DATA), HB_FONT);
	struct axis a = axis_of(max);
	/* Labels and figures take at most a third of the width each; a bar at least 120 px. */
	if (label_w > w / 3)
		label_w = w / 3;
	if (text_w > w / 3)
		text_w = w / 3;
	long left = label_w + PX(10), right = text_w + PX(14);
	long span = w - left - right;
	/* The last tick's label is centred on the end of the axis. */
	long tick_half = ticks_width(c, &a, HB_TICK_FONT) / 2;
	if (right < tick_half + PX(4)) {
		right = tick_half + PX(4);
		span = w - left - right;
	}
	if (span < PX(120)) {
		w += PX(120) - span;
		span = PX(120);
	}
	long top = PX(6), rows_h = PX(HB_ROW) * (long)(n ? n : 1), h = top + rows_h + PX(24);

	open_chart(&o, c, "chart-hbar", w, h, HB_FONT);
	if (n == 0)
		esc(&o, msg(MSG_CHART_NO_DATA));
	for (size_t i = 0; i < n; i++) {
		char v[SVG_TEXT_MAX];
		esc(&o, rows[i].label);
		raw(&o, "：");
		value_text(c, rows[i].value, v);
		esc(&o, v);
		if (rows[i].has_target && rows[i].target != SVG_NO_VALUE) {
			char t[SVG_TEXT_MAX], tt[SVG_TEXT_MAX + 32];
			value_text(c, rows[i].target, t);
			snprintf(tt, sizeof tt, msg(MSG_CHART_TARGET), t);
			raw(&o, "，");
			esc(&o, tt);
		}
		if (rows[i].note && *rows[i].note) {
			raw(&o, "，");
			esc(&o, rows[i].note);
		}
		raw(&o, i + 1 < n ? "；" : "。");
	}
	raw(&o, "</desc>");

	/* Grid and ticks */
	for (int k = 0; k <= a.n; k++) {
		long x = left + (a.n ? span * k / a.n : 0);
		char t[SVG_TEXT_MAX];
		line_at(&o, x, top, x, top + rows_h, k ? GRID : AXIS, 10, k ? "grid" : "axis");
		raw(&o, "/>");
		if (tick_text(c, &a, k, t)) {
			text_at(&o, x, top + rows_h + PX(16), "middle", "tick", HB_TICK_FONT);
			esc(&o, t);
			raw(&o, "</text>");
		}
	}
	if (n == 0) {
		text_at(&o, left + PX(6), baseline(top + PX(HB_ROW) / 2, HB_FONT), NULL, "value", 0);
		esc(&o, msg(MSG_CHART_NO_DATA));
		raw(&o, "</text>");
	}

	/* Rows */
	for (size_t i = 0; i < n && !o.failed; i++) {
		const struct svg_bar *r = &rows[i];
		long y = top + PX(HB_ROW) * (long)i, mid = y + PX(HB_ROW) / 2;
		long len = scale(&a, r->value, span), end = left + len;
		char v[SVG_TEXT_MAX];
		value_text(c, r->value, v);
		text_at(&o, left - PX(8), baseline(mid, HB_FONT), "end", "label", 0);
		esc_fit(&o, r->label, HB_FONT, label_w);
		raw(&o, "</text>");
		if (len > 0) {
			rawf(&o, "<rect class=\"bar\"");
			pos(&o, "x", left);
			pos(&o, "y", mid - PX(HB_BAR) / 2);
			pos(&o, "width", len);
			pos(&o, "height", PX(HB_BAR));
			rawf(&o, " fill=\"%s\"><title>", svg_status_colour(r->status));
			esc(&o, r->label);
			raw(&o, "：");
			esc(&o, v);
			raw(&o, "</title></rect>");
		}
		if (r->has_target && r->target != SVG_NO_VALUE) {
			char t[SVG_TEXT_MAX], tt[SVG_TEXT_MAX + 32];
			long tx = left + scale(&a, r->target, span);
			value_text(c, r->target, t);
			snprintf(tt, sizeof tt, msg(MSG_CHART_TARGET), t);
			line_at(&o, tx, y + PX(2), tx, y + PX(HB_ROW - 2), FG, 20, "target");
			raw(&o, "><title>");
			esc(&o, tt);
			raw(&o, "</title></line>");
			if (tx > end)
				end = tx;
		}
		bar_text(c, r, text, sizeof text);
		text_at(&o, end + PX(6), baseline(mid, HB_FONT), NULL, "value", 0);
		esc_fit(&o, text, HB_FONT, text_w);
		raw(&o, "</text>");
	}
	return finish(&o);
}

/* Grouped bars and lines: a legend above, a vertical axis on the left, categories below */

#define VB_FONT 12
#define VB_PLOT 200      /* px */
#define VB_LABEL_MAX 120 /* px of a slanted category label */

static bool named(const struct svg_series *series, size_t nseries)
{
	for (size_t s = 0; s < nseries; s++)
		if (series[s].name && *series[s].name)
			return true;
	return false;
}

/* Lays the legend out from y (tenths) across width w; draws it when draw. Returns its height. */
static long legend(struct out *o, const struct svg_series *series, size_t nseries, long w, long y, bool lines,
                   bool draw)
{
	if (!named(series, nseries))
		return 0;
	long x = PX(8), line = 0, item_max = w - PX(16);
	for (size_t s = 0; s < nseries; s++) {
		long sw = lines ? PX(22) : PX(12), tw = width_of(series[s].name, VB_FONT);
		if (sw + PX(6) + tw > item_max)
			tw = item_max - sw - PX(6);
		long item = sw + PX(6) + tw;
		if (x > PX(8) && x + item > w - PX(8)) {
			x = PX(8);
			line++;
		}
		long mid = y + PX(20) * line + PX(10);
		if (draw) {
			if (lines) {
				line_at(o, x, mid, x + sw, mid, svg_series_colour(s), 20, "legend");
				if (*series_dashes[s])
					rawf(o, " stroke-dasharray=\"%s\"", series_dashes[s]);
				raw(o, "/><circle");
				pos(o, "cx", x + sw / 2);
				pos(o, "cy", mid);
				rawf(o, " r=\"3\" fill=\"%s\"/>", svg_series_colour(s));
			} else {
				raw(o, "<rect class=\"legend\"");
				pos(o, "x", x);
				pos(o, "y", mid - PX(6));
				rawf(o, " width=\"12\" height=\"12\" fill=\"%s\"/>", svg_series_colour(s));
			}
			text_at(o, x + sw + PX(6), baseline(mid, VB_FONT), NULL, "legend", 0);
			esc_fit(o, series[s].name, VB_FONT, tw);
			raw(o, "</text>");
		}
		x += item + PX(16);
	}
	return PX(20) * (line + 1) + PX(4);
}

/* The data as text for desc: series by series, each category with its figure. */
static void series_desc(struct out *o, const struct svg_chart *c, const char *const *categories, size_t ncat,
                        const struct svg_series *series, size_t nseries)
{
	if (!ncat || !nseries) {
		esc(o, msg(MSG_CHART_NO_DATA));
		return;
	}
	for (size_t s = 0; s < nseries; s++) {
		if (series[s].name && *series[s].name) {
			esc(o, series[s].name);
			raw(o, "：");
		}
		for (size_t i = 0; i < ncat; i++) {
			char v[SVG_TEXT_MAX];
			value_text(c, series[s].values[i], v);
			esc(o, categories[i]);
			raw(o, " ");
			esc(o, v);
			raw(o, i + 1 < ncat ? "，" : "");
		}
		raw(o, s + 1 < nseries ? "；" : "。");
	}
}

/* The layout both charts share. */
struct frame {
	long w, h;
	long legend_y, legend_h;
	long left, right, top, plot_h; /* the plot: left..w-right, top..top+plot_h */
	long slot;                     /* a category's width */
	bool slanted;                  /* category labels at -45 degrees */
	long label_max;                /* a category label's width at most */
	struct axis a;
};

static bool series_ok(const struct svg_series *series, size_t nseries, size_t ncat, const char *const *categories)
{
	if (nseries > SVG_SERIES_MAX || ncat > SVG_CATEGORIES_MAX || (nseries && !series) || (ncat && !categories))
		return false;
	for (size_t s = 0; s < nseries; s++)
		if (ncat && !series[s].values)
			return false;
	return true;
}

static void frame_of(struct frame *f, const struct svg_chart *c, const char *const *categories, size_t ncat,
                     const struct svg_series *series, size_t nseries, long slot_min, bool lines)
{
	long long max = 0;
	long label_w = 0;
	for (size_t s = 0; s < nseries; s++)
		for (size_t i = 0; i < ncat; i++)
			if (series[s].values[i] != SVG_NO_VALUE && series[s].values[i] > max)
				max = series[s].values[i];
	for (size_t i = 0; i < ncat; i++)
		if (width_of(categories[i], VB_FONT) > label_w)
			label_w = width_of(categories[i], VB_FONT);
	f->a = axis_of(max);
	f->w = PX(width_px(c, 640, 200));
	f->left = ticks_width(c, &f->a, VB_FONT) + PX(12);
	if (f->left < PX(24))
		f->left = PX(24);
	f->right = PX(12);
	long n = (long)(ncat ? ncat : 1);
	if (f->w - f->left - f->right < slot_min * n)
		f->w = f->left + f->right + slot_min * n;
	f->slot = (f->w - f->left - f->right) / n;
	f->legend_y = PX(4);
	f->legend_h = legend(NULL, series, nseries, f->w, f->legend_y, lines, false);
	f->top = f->legend_y + f->legend_h + PX(10);
	f->plot_h = PX(VB_PLOT);
	f->slanted = label_w > f->slot - PX(4);
	f->label_max = f->slanted ? (label_w < PX(VB_LABEL_MAX) ? label_w : PX(VB_LABEL_MAX)) : f->slot - PX(4);
	/* A slanted label reaches left of its category by 0.71 of its width: room for the first one. */
	if (f->slanted && f->left < f->label_max * 71 / 100 + PX(4)) {
		f->left = f->label_max * 71 / 100 + PX(4);
		if (f->w - f->left - f->right < slot_min * n)
			f->w = f->left + f->right + slot_min * n;
		f->slot = (f->w - f->left - f->right) / n;
	}
	long below = f->slanted ? f->label_max * 71 / 100 + PX(VB_FONT) + PX(12) : PX(26);
	f->h = f->top + f->plot_h + below;
}

/* The y of v on the frame's axis. */
static long frame_y(const struct frame *f, long long v)
{
	return f->top + f->plot_h - scale(&f->a, v, f->plot_h);
}

static void frame_draw(struct out *o, const struct svg_chart *c, const struct frame *f, const char *const *categories,
                       size_t ncat, const struct svg_series *series, size_t nseries, bool lines)
{
	legend(o, series, nseries, f->w, f->legend_y, lines, true);
	long x2 = f->w - f->right, bottom = f->top + f->plot_h;
	for (int k = 0; k <= f->a.n; k++) {
		long y = bottom - (f->a.n ? f->plot_h * k / f->a.n : 0);
		char t[SVG_TEXT_MAX];
		line_at(o, f->left, y, x2, y, k ? GRID : AXIS, 10, k ? "grid" : "axis");
		raw(o, "/>");
		if (tick_text(c, &f->a, k, t)) {
			text_at(o, f->left - PX(6), baseline(y, VB_FONT), "end", "tick", 0);
			esc(o, t);
			raw(o, "</text>");
		}
	}
	if (!ncat) {
		text_at(o, f->left + (x2 - f->left) / 2, f->top + f->plot_h / 2, "middle", "value", 0);
		esc(o, msg(MSG_CHART_NO_DATA));
		raw(o, "</text>");
	}
	for (size_t i = 0; i < ncat && !o->failed; i++) {
		long cx = f->left + f->slot * (long)i + f->slot / 2;
		if (f->slanted)
			text_tag(o, cx, bottom + PX(12), "end", "category", 0, true);
		else
			text_at(o, cx, bottom + PX(18), "middle", "category", 0);
		esc_fit(o, categories[i], VB_FONT, f->label_max);
		raw(o, "</text>");
	}
}

int svg_vbar(struct buf *b, const struct svg_chart *c, const char *const *categories, size_t ncategories,
             const struct svg_series *series, size_t nseries)
{
	struct out o = {b, b->len, false};
	if (!chart_ok(c) || !series_ok(series, nseries, ncategories, categories))
		return -1;
	struct frame f;
	long k = (long)(nseries ? nseries : 1);
	frame_of(&f, c, categories, ncategories, series, nseries, PX(5) * k + PX(6), false);
	open_chart(&o, c, "chart-vbar", f.w, f.h, VB_FONT);
	series_desc(&o, c, categories, ncategories, series, nseries);
	raw(&o, "</desc>");
	frame_draw(&o, c, &f, categories, ncategories, series, nseries, false);

	/* Bars: three quarters of the slot, split among the series; figures on top when they all fit. */
	long bar = f.slot * 3 / 4 / k, bottom = f.top + f.plot_h;
	bool figures = ncategories > 0 && nseries > 0;
	for (size_t s = 0; s < nseries && figures; s++)
		for (size_t i = 0; i < ncategories && figures; i++) {
			char v[SVG_TEXT_MAX];
			value_text(c, series[s].values[i], v);
			figures = width_of(v, 11) <= bar + PX(2);
		}
	for (size_t i = 0; i < ncategories && !o.failed; i++) {
		long x0 = f.left + f.slot * (long)i + (f.slot - bar * k) / 2;
		for (size_t s = 0; s < nseries; s++) {
			long long v = series[s].values[i];
			long x = x0 + bar * (long)s, y = frame_y(&f, v);
			char t[SVG_TEXT_MAX];
			value_text(c, v, t);
			if (bottom > y) {
				raw(&o, "<rect class=\"bar\"");
				pos(&o, "x", x);
				pos(&o, "y", y);
				pos(&o, "width", bar > PX(2) ? bar - PX(1) : bar);
				pos(&o, "height", bottom - y);
				rawf(&o, " fill=\"%s\"><title>", svg_series_colour(s));
				esc(&o, categories[i]);
				if (series[s].name && *series[s].name) {
					raw(&o, "，");
					esc(&o, series[s].name);
				}
				raw(&o, "：");
				esc(&o, t);
				raw(&o, "</title></rect>");
			}
			if (figures && v != SVG_NO_VALUE) {
				text_at(&o, x + bar / 2, y - PX(4), "middle", "value", 11);
				esc(&o, t);
				raw(&o, "</text>");
			}
		}
	}
	return finish(&o);
}

int svg_line(struct buf *b, const struct svg_chart *c, const char *const *points, size_t npoints,
             const struct svg_series *series, size_t nseries)
{
	struct out o = {b, b->len, false};
	if (!chart_ok(c) || !series_ok(series, nseries, npoints, points))
		return -1;
	struct frame f;
	frame_of(&f, c, points, npoints, series, nseries, PX(24), true);
	open_chart(&o, c, "chart-line", f.w, f.h, VB_FONT);
	series_desc(&o, c, points, npoints, series, nseries);
	raw(&o, "</desc>");
	frame_draw(&o, c, &f, points, npoints, series, nseries, true);
	for (size_t s = 0; s < nseries && !o.failed; s++) {
		const char *colour = svg_series_colour(s);
		bool drawn = false, open = false;
		for (size_t i = 0; i < npoints; i++) {
			long long v = series[s].values[i];
			if (v == SVG_NO_VALUE) {
				open = false;
				continue;
			}
			if (!drawn) {
				rawf(&o, "<path class=\"line\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"", colour);
				if (*series_dashes[s])
					rawf(&o, " stroke-dasharray=\"%s\"", series_dashes[s]);
				raw(&o, " d=\"");
				drawn = true;
			} else {
				raw(&o, " ");
			}
			raw(&o, open ? "L" : "M");
			coord(&o, f.left + f.slot * (long)i + f.slot / 2);
			raw(&o, " ");
			coord(&o, frame_y(&f, v));
			open = true;
		}
		if (drawn)
			raw(&o, "\"/>");
		for (size_t i = 0; i < npoints; i++) {
			long long v = series[s].values[i];
			if (v == SVG_NO_VALUE)
				continue;
			char t[SVG_TEXT_MAX];
			value_text(c, v, t);
			raw(&o, "<circle class=\"point\"");
			pos(&o, "cx", f.left + f.slot * (long)i + f.slot / 2);
			pos(&o, "cy", frame_y(&f, v));
			rawf(&o, " r=\"3\" fill=\"%s\"><title>", colour);
			if (series[s].name && *series[s].name) {
				esc(&o, series[s].name);
				raw(&o, "，");
			}
			esc(&o, points[i]);
			raw(&o, "：");
			esc(&o, t);
			raw(&o, "</title></circle>");
		}
	}
	return finish(&o);
}

/* The progress bar */

int svg_progress(struct buf *b, const struct svg_chart *c, long long value, long long target, int elapsed_permille,
                 enum svg_status status)
{
	struct out o = {b, b->len, false};
	if (!chart_ok(c))
		return -1;
	long w = PX(width_px(c, 120, 24)), h = PX(14), span = w - PX(2);
	long fill;
	char v[SVG_TEXT_MAX], t[SVG_TEXT_MAX], pct[48], text[3 * SVG_TEXT_MAX + 128];
	value_text(c, value, v);
	value_text(c, target, t);
	if (target > 0 && target != SVG_NO_VALUE && value != SVG_NO_VALUE) {
		__int128 permille = (__int128)value * 1000 / target;
		percent_text(permille, pct, sizeof pct);
		fill = value <= 0 ? 0 : value >= target ? span : (long)((__int128)value * span / target);
	} else {
		snprintf(pct, sizeof pct, "—");
		fill = value > 0 && value != SVG_NO_VALUE ? span : 0;
	}
	open_chart(&o, c, "chart-progress", w, h, 12);
	snprintf(text, sizeof text, msg(MSG_CHART_COMPLETION), v, t, pct);
	esc(&o, text);
	if (elapsed_permille >= 0) {
		int e = elapsed_permille > 1000 ? 1000 : elapsed_permille;
		percent_text(e, pct, sizeof pct);
		snprintf(text, sizeof text, msg(MSG_CHART_ELAPSED), pct);
		raw(&o, "；");
		esc(&o, text);
	}
	raw(&o, "。</desc><rect class=\"track\" x=\"0.5\" y=\"2.5\"");
	pos(&o, "width", w - PX(1));
	raw(&o, " height=\"9\" fill=\"" TRACK "\" stroke=\"" AXIS "\"/>");
	if (fill > 0) {
		raw(&o, "<rect class=\"bar\" x=\"1\" y=\"3\"");
		pos(&o, "width", fill);
		rawf(&o, " height=\"8\" fill=\"%s\"/>", svg_status_colour(status));
	}
	if (elapsed_permille >= 0) {
		long x = PX(1) + span * (elapsed_permille > 1000 ? 1000 : elapsed_permille) / 1000;
		line_at(&o, x, 0, x, h, FG, 20, "elapsed");
		raw(&o, "/>");
	}
	return finish(&o);
}
