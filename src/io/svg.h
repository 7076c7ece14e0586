/*
 * svg: charts drawn by the server as inline SVG (no script, no chart
 * library, nothing loaded from outside: county networks are often cut off
 * from the internet). Four kinds: a horizontal bar chart (townships, stages
 * of a funnel; a target marker and a status colour per bar), a vertical
 * grouped bar chart and a line chart (categories or months x up to
 * SVG_SERIES_MAX series, with a legend), and a compact progress bar for a
 * table cell (completion against target, with a mark for time elapsed).
 *
 * Invariants of every chart written:
 * - Well-formed XML (an <svg> element with the SVG namespace) and valid
 *   UTF-8 whatever the labels: labels and every other text go through the
 *   module's own escaping (& < > " ' as references; control characters,
 *   bytes that are not UTF-8 and the non-characters U+FFFE/U+FFFF written
 *   as U+FFFD; tab, CR and LF as a space).
 * - Accessible: role="img", a <title> (the chart's name) and a <desc> (the
 *   data as text: every label with its figure), referenced by
 *   aria-labelledby and aria-describedby; element ids are the chart's id
 *   plus "-title" / "-desc", so the id must be unique in the page. Text is
 *   drawn in colours of at least 4.5:1 on white, bars and lines in colours
 *   of at least 4.5:1 too (svg_status_colour, svg_series_colour); series are
 *   told apart by dash patterns as well as colours, statuses by the caller's
 *   note beside the bar as well as colours.
 * - Scales: a viewBox with the natural width and height as attributes; the
 *   stylesheet lets it shrink to its container (svg.chart).
 * - No floating point: values are long long (counts, or fen with a
 *   formatter), positions are computed in integers (tenths of a pixel,
 *   128-bit intermediates) and printed with at most one decimal, so "nan"
 *   or "inf" can never appear. Styling is by presentation attributes only
 *   (fill, stroke, font-size ...), never a style attribute or element, so
 *   the page's Content-Security-Policy (style-src 'self') holds.
 * - Axes start at 0 and end at a round number (1, 2 or 5 times a power of
 *   ten a tick, at most 5 ticks above 0). Negative values are clamped to the
 *   axis: the bar has no length (the line point sits on 0), but the text
 *   (value label, tooltip, desc) shows the true figure. SVG_NO_VALUE means
 *   "no figure" (a month yet to come): no bar or point, "无数据" in the text.
 *   All values 0, or no rows at all: an axis with only its 0 line, and the
 *   desc says there are no data. Any long long, LLONG_MAX included, is drawn
 *   (the top tick is left unlabelled when it passes LLONG_MAX).
 *
 * Every function appends one chart to b and returns 0; or returns -1 and
 * leaves b as it was (no partial chart) when b's cap would be passed or an
 * argument is outside the limits below (an id that is not a name, too many
 * rows or series, a NULL array with a count). Label pointers may be NULL
 * (drawn as ""). Nothing is kept after a call.
 */
#ifndef HUIMIN_SVG_H
#define HUIMIN_SVG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define SVG_NO_VALUE LLONG_MIN /* a figure that does not exist (yet) */
#define SVG_ID_MAX 48          /* bytes of a chart id: [A-Za-z][A-Za-z0-9_-]* */
#define SVG_ROWS_MAX 1000      /* rows of a horizontal bar chart */
#define SVG_CATEGORIES_MAX 400 /* categories (points) of a grouped bar or line chart */
#define SVG_SERIES_MAX 6       /* series of a grouped bar or line chart */
#define SVG_TEXT_MAX 64        /* bytes a formatter may write, its NUL included */

/*
 * A bar's colour by the status of its figure against its target (the
 * target board's statuses). SVG_STATUS_PLAIN, the zero value, is the chart's
 * ordinary blue for figures that have no status.
 */
enum svg_status {
	SVG_STATUS_PLAIN,   /* no status: blue */
	SVG_STATUS_DONE,    /* 已完成, 超额完成: green */
	SVG_STATUS_NORMAL,  /* 正常: blue */
	SVG_STATUS_LAGGING, /* 滞后: orange */
	SVG_STATUS_OVERDUE, /* 逾期: red */
	SVG_STATUS_NONE,    /* no target or not started: grey */
	SVG_STATUS__MAX
};

/*
 * Writes value as text into out (size is SVG_TEXT_MAX), e.g. money as
 * 万元. Called for every figure and tick; must always write a NUL-terminated
 * string. Never called with SVG_NO_VALUE.
 */
typedef void svg_format_fn(void *ctx, long long value, char *out, size_t size);

/* What every chart has. */
struct svg_chart {
	const char *id;        /* unique in the page, [A-Za-z][A-Za-z0-9_-]*, under SVG_ID_MAX bytes */
	const char *title;     /* the accessible name ("各阶段人数（全县）"); NULL or "" is refused */
	const char *css_class; /* NULL, or another class beside "chart" ("funnel"), [A-Za-z0-9_-]* */
	int width;             /* the natural width in pixels; 0 the kind's default (a table cell's 120, else 640) */
	svg_format_fn *format; /* NULL: plain integers ("1206", "-5") */
	void *format_ctx;
};

/* A row of a horizontal bar chart. */
struct svg_bar {
	const char *label; /* drawn left of the bar, cut with "…" when longer than a third of the chart */
	long long value;   /* or SVG_NO_VALUE */
	bool has_target;   /* draw target as a marker across the bar (targets count for the axis) */
	long long target;
	enum svg_status status; /* the bar's colour */
	const char *note;       /* NULL, or words after the figure ("超额完成2例", "滞后") */
};

/* A series of a grouped bar or line chart: one value per category (SVG_NO_VALUE: none). */
struct svg_series {
	const char *name; /* in the legend (NULL or "" for a single unnamed series: no legend) */
	const long long *values;
};

/* A horizontal bar chart of n rows (n may be 0), in the order given, figures to the right of the bars. */
__attribute__((warn_unused_result)) int svg_hbar(struct buf *b, const struct svg_chart *c, const struct svg_bar *rows,
                                                 size_t n);

/*
 * A vertical grouped bar chart: ncategories groups (labels under the axis,
 * slanted when they do not fit), one bar per series in each, a legend when
 * the series have names. The chart grows wider than c->width when the bars
 * would be thinner than a few pixels.
 */
__attribute__((warn_unused_result)) int svg_vbar(struct buf *b, const struct svg_chart *c,
                                                 const char *const *categories, size_t ncategories,
                                                 const struct svg_series *series, size_t nseries);

/*
 * A line chart over npoints points (months: "1月" ... "12月"), one line per
 * series with a marker at each point; a line breaks where a value is
 * SVG_NO_VALUE. A legend when the series have names.
 */
__attribute__((warn_unused_result)) int svg_line(struct buf *b, const struct svg_chart *c, const char *const *points,
                                                 size_t npoints, const struct svg_series *series, size_t nseries);

/*
 * A progress bar for a table cell (c->width wide, 14 high): value against
 * target filled in status's colour (full at or over the target; empty when
 * target <= 0 and value <= 0), a dark mark at elapsed_permille (0..1000,
 * clamped; negative: no mark). c->title is its accessible name (say the
 * figures: "完成402/400"); the desc gives completion and time elapsed in
 * per cent.
 */
__attribute__((warn_unused_result)) int svg_progress(struct buf *b, const struct svg_chart *c, long long value,
                                                     long long target, int elapsed_permille, enum svg_status status);

/* Helpers, also for callers that lay text out beside a chart */

/*
 * The width in pixels, rounded up, that s takes in font_px: full-width
 * characters (CJK, kana, hangul, full-width forms) an em each, ASCII
 * letters and digits about 0.6 em, other characters about 0.7 em.
 */
int svg_text_width(const char *s, int font_px);
/* "#rrggbb" of a status; of series i (i modulo SVG_SERIES_MAX). */
const char *svg_status_colour(enum svg_status s);
const char *svg_series_colour(size_t i);

#endif
