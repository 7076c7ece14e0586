/*
 * Unit tests for io/svg: every chart is parsed back with expat (it must be
 * well-formed XML, its accessible name and description wired up), and its
 * geometry read from the parsed attributes: bar lengths proportional to the
 * values, ticks at round numbers, hostile labels escaped, empty, zero,
 * negative and huge data drawn without "nan" or "inf", the size cap
 * leaving the buffer as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "io/svg.h"

/* A chart parsed back: its elements in document order, with attributes and direct text. */

#define ELEMS_MAX 4096
#define ATTRS_MAX 24

struct elem {
	char name[16];
	char *attr[ATTRS_MAX][2];
	size_t nattr;
	char *text; /* the text directly inside it */
	int parent;
};

struct doc {
	struct elem e[ELEMS_MAX];
	size_t n;
	int stack[64];
	int depth;
};

static void on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct doc *d = ctx;
	assert_true(d->n < ELEMS_MAX);
	assert_true(d->depth < 63);
	struct elem *e = &d->e[d->n];
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
		assert_true(e->nattr < ATTRS_MAX);
		e->attr[e->nattr][0] = strdup(atts[i]);
		e->attr[e->nattr][1] = strdup(atts[i + 1]);
		e->nattr++;
	}
	e->text = strdup("");
	e->parent = d->depth ? d->stack[d->depth - 1] : -1;
	d->stack[d->depth++] = (int)d->n++;
}

static void on_end(void *ctx, const XML_Char *name)
{
	struct doc *d = ctx;
	(void)name;
	d->depth--;
}

static void on_text(void *ctx, const XML_Char *s, int len)
{
	struct doc *d = ctx;
	if (!d->depth)
		return;
	struct elem *e = &d->e[d->stack[d->depth - 1]];
	size_t old = strlen(e->text);
	e->text = realloc(e->text, old + (size_t)len + 1);
	memcpy(e->text + old, s, (size_t)len);
	e->text[old + (size_t)len] = '\0';
}

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t a = 0; a < d->e[i].nattr; a++) {
			free(d->e[i].attr[a][0]);
			free(d->e[i].attr[a][1]);
		}
		free(d->e[i].text);
	}
	free(d);
}

static const char *attr(const struct elem *e, const char *name)
{
	for (size_t a = 0; a < e->nattr; a++)
		if (strcmp(e->attr[a][0], name) == 0)
			return e->attr[a][1];
	return NULL;
}

static bool has_class(const struct elem *e, const char *cls)
{
	const char *c = attr(e, "class");
	return c && strcmp(c, cls) == 0;
}

/* A number attribute ("12", "12.5") in tenths; fails the test when it is anything else. */
static long tenths(const struct elem *e, const char *name)
{
	const char *s = attr(e, name);
	assert_non_null(s);
	char *end;
	long whole = strtol(s, &end, 10), frac = 0;
	if (*end == '.') {
		assert_true(end[1] >= '0' && end[1] <= '9' && end[2] == '\0');
		frac = end[1] - '0';
	} else {
		assert_true(*end == '\0');
	}
	return whole * 10 + (s[0] == '-' ? -frac : frac);
}

/*
 * Parses the chart in s: well-formed, one <svg> with the SVG namespace,
 * role img, a <title> and <desc> that aria-labelledby / aria-describedby
 * name, ids unique, valid UTF-8, nothing that is not a number where
 * numbers go, no "nan" or "inf", no style.
 */
static struct doc *parse(const char *s)
{
	struct doc *d = calloc(1, sizeof *d);
	XML_Parser p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, d);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	if (XML_Parse(p, s, (int)strlen(s), 1) != XML_STATUS_OK)
		fail_msg("not well-formed at line %lu: %s\n%s", (unsigned long)XML_GetCurrentLineNumber(p),
		         XML_ErrorString(XML_GetErrorCode(p)), s);
	XML_ParserFree(p);
	assert_true(utf8_valid(s, strlen(s)));
	assert_null(strstr(s, "nan"));
	assert_null(strstr(s, "inf"));
	assert_null(strstr(s, "NaN"));
	assert_null(strstr(s, "style"));
	assert_true(d->n >= 3);
	const struct elem *svg = &d->e[0];
	assert_string_equal(svg->name, "svg");
	assert_string_equal(attr(svg, "xmlns"), "http://www.w3.org/2000/svg");
	assert_string_equal(attr(svg, "role"), "img");
	assert_non_null(attr(svg, "viewBox"));
	assert_non_null(strstr(attr(svg, "font-family"), "Noto Sans CJK SC"));
	const char *title_id = attr(svg, "aria-labelledby"), *desc_id = attr(svg, "aria-describedby");
	assert_non_null(title_id);
	assert_non_null(desc_id);
	assert_string_equal(d->e[1].name, "title");
	assert_string_equal(attr(&d->e[1], "id"), title_id);
	assert_string_equal(d->e[2].name, "desc");
	assert_string_equal(attr(&d->e[2], "id"), desc_id);
	for (size_t i = 0; i < d->n; i++) {
		const char *id = attr(&d->e[i], "id");
		for (size_t j = i + 1; id && j < d->n; j++)
			assert_true(!attr(&d->e[j], "id") || strcmp(id, attr(&d->e[j], "id")) != 0);
		static const char *const numeric[] = {"x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy"};
		for (size_t k = 0; k < sizeof numeric / sizeof numeric[0]; k++)
			if (attr(&d->e[i], numeric[k]))
				(void)tenths(&d->e[i], numeric[k]);
	}
	return d;
}

/* The elements of class cls, in order: their indexes into d->e. */
static size_t find(const struct doc *d, const char *name, const char *cls, int *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->e[i].name, name) == 0 && (!cls || has_class(&d->e[i], cls)) && n < max)
			out[n++] = (int)i;
	return n;
}

/* The tick labels as numbers (plain integer formatting): round and covering max. */
static void check_ticks(const struct doc *d, long long max)
{
	int t[16];
	size_t n = find(d, "text", "tick", t, 16);
	assert_true(n >= 1 && n <= 6);
	long long prev = -1, step = 0;
	for (size_t i = 0; i < n; i++) {
		char *end;
		long long v = strtoll(d->e[t[i]].text, &end, 10);
		assert_true(*end == '\0');
		if (i == 0)
			assert_true(v == 0);
		else if (i == 1)
			step = v;
		else
			assert_true(v - prev == step);
		prev = v;
	}
	if (n > 1) {
		/* 1, 2 or 5 times a power of ten */
		long long m = step;
		while (m % 10 == 0)
			m /= 10;
		assert_true(m == 1 || m == 2 || m == 5);
		assert_true(prev >= max);
		assert_true(prev - step < max);
	}
}

static struct svg_chart chart(const char *id, const char *title)
{
	struct svg_chart c = {id, title, NULL, 0, NULL, NULL};
	return c;
}

/* The horizontal bar chart */

static void test_hbar_funnel(void **state)
{
	(void)state;
	struct svg_bar rows[] = {
	    {"摸底登记", 1206, false, 0, SVG_STATUS_PLAIN, NULL},
	    {"手术对象", 461, false, 0, SVG_STATUS_PLAIN, NULL},
	    {"已手术", 402, true, 400, SVG_STATUS_DONE, "超额完成2例"},
	    {"出院", 0, false, 0, SVG_STATUS_PLAIN, NULL},
	};
	struct svg_chart c = chart("funnel", "各阶段人数（全县）");
	c.css_class = "funnel";
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(buf_addstr(&b, "<p>before</p>"), 0);
	assert_int_equal(svg_hbar(&b, &c, rows, 4), 0);
	assert_true(strncmp(buf_cstr(&b), "<p>before</p><svg ", 18) == 0);
	struct doc *d = parse(buf_cstr(&b) + 13);
	assert_string_equal(attr(&d->e[0], "class"), "chart chart-hbar funnel");
	assert_string_equal(d->e[1].text, "各阶段人数（全县）");
	assert_string_equal(d->e[2].text,
	                    "摸底登记：1206；手术对象：461；已手术：402，目标400，超额完成2例；出院：0。");

	/* Three bars (0 draws none), lengths proportional to the values, starting together. */
	int bars[8];
	assert_int_equal(find(d, "rect", "bar", bars, 8), 3);
	long w0 = tenths(&d->e[bars[0]], "width");
	static const long long v[] = {1206, 461, 402};
	for (int i = 0; i < 3; i++) {
		long wi = tenths(&d->e[bars[i]], "width");
		assert_true(llabs(wi * 1206 - w0 * v[i]) <= 1206);
		assert_int_equal(tenths(&d->e[bars[i]], "x"), tenths(&d->e[bars[0]], "x"));
	}
	assert_string_equal(attr(&d->e[bars[2]], "fill"), svg_status_colour(SVG_STATUS_DONE));
	assert_string_equal(attr(&d->e[bars[0]], "fill"), svg_status_colour(SVG_STATUS_PLAIN));
	int title[2];
	assert_int_equal(find(d, "title", NULL, title, 2), 2);
	assert_string_equal(d->e[title[1]].text, "摸底登记：1206");

	/* The target marker: at 400 on the same scale, just short of the 402 bar's end. */
	int target[2];
	assert_int_equal(find(d, "line", "target", target, 2), 1);
	long x = tenths(&d->e[target[0]], "x1") - tenths(&d->e[bars[0]], "x");
	assert_true(llabs(x * 1206 - w0 * 400) <= 1206);
	assert_true(x < tenths(&d->e[bars[2]], "width"));

	/* Labels and figures */
	int labels[8], values[8];
	assert_int_equal(find(d, "text", "label", labels, 8), 4);
	assert_string_equal(d->e[labels[1]].text, "手术对象");
	assert_int_equal(find(d, "text", "value", values, 8), 4);
	assert_string_equal(d->e[values[2]].text, "402  超额完成2例");
	assert_string_equal(d->e[values[3]].text, "0");
	check_ticks(d, 1206);
	doc_free(d);
	buf_release(&b);
}

static void test_hbar_townships(void **state)
{
	(void)state;
	/* 23 townships, statuses, targets from a county split. */
	static const char *const names[] = {"城关镇",   "新安镇", "青龙乡",   "柳河镇", "东岳乡",   "西湖乡",
	                                    "南山镇",   "北河乡", "石桥镇",   "白沙乡", "红旗乡",   "胜利镇",
	                                    "和平乡",   "前进乡", "黄土岭乡", "桃园镇", "杏花村镇", "大王庄乡",
	                                    "小李庄乡", "长安镇", "永宁镇",   "太平乡", "五里铺镇"};
	struct svg_bar rows[23];
	for (int i = 0; i < 23; i++) {
		rows[i] =
		    (struct svg_bar){names[i], 10 + i * 3, true, 40, (enum svg_status)(i % SVG_STATUS__MAX), NULL};
	}
	struct svg_chart c = chart("board-towns", "各乡镇完成情况");
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(svg_hbar(&b, &c, rows, 23), 0);
	struct doc *d = parse(buf_cstr(&b));
	int bars[32], targets[32], labels[32];
	assert_int_equal(find(d, "rect", "bar", bars, 32), 23);
	assert_int_equal(find(d, "line", "target", targets, 32), 23);
	assert_int_equal(find(d, "text", "label", labels, 32), 23);
	for (int i = 0; i < 23; i++) {
		assert_string_equal(d->e[labels[i]].text, names[i]);
		assert_string_equal(attr(&d->e[bars[i]], "fill"),
		                    svg_status_colour((enum svg_status)(i % SVG_STATUS__MAX)));
		/* bars one under the other, all starting at the axis */
		if (i)
			assert_true(tenths(&d->e[bars[i]], "y") > tenths(&d->e[bars[i - 1]], "y"));
	}
	/* Every target marker at the same x */
	for (int i = 1; i < 23; i++)
		assert_int_equal(tenths(&d->e[targets[i]], "x1"), tenths(&d->e[targets[0]], "x1"));
	check_ticks(d, 76);
	/* Everything inside the viewBox */
	long w = tenths(&d->e[0], "width"), h = tenths(&d->e[0], "height");
	for (size_t i = 0; i < d->n; i++) {
		if (attr(&d->e[i], "x"))
			assert_true(tenths(&d->e[i], "x") >= 0 && tenths(&d->e[i], "x") <= w);
		if (attr(&d->e[i], "y"))
			assert_true(tenths(&d->e[i], "y") >= 0 && tenths(&d->e[i], "y") <= h);
	}
	doc_free(d);
	buf_release(&b);
}

static const char *const hostile[] = {
    "<script>alert(1)</script>",  "a & b \"quoted\" 'single'",      "]]><![CDATA[x",
    "bell\x07tab\tnewline\ncr\r", "bad\xFF\xFE bytes \xE5\xBC cut", "non-char \xEF\xBF\xBF \xEF\xBF\xBE end",
    "C1 \xC2\x85 control",        "low bytes like markup: 並丼大",  "",
};

static void test_hostile_labels(void **state)
{
	(void)state;
	size_t n = sizeof hostile / sizeof hostile[0];
	struct svg_bar rows[16];
	struct svg_series series[2];
	long long values[16][2];
	for (size_t i = 0; i < n; i++) {
		rows[i] =
		    (struct svg_bar){hostile[i], (long long)i, i % 2 == 0, 3, SVG_STATUS_LAGGING, hostile[n - 1 - i]};
		values[i][0] = (long long)i;
		values[i][1] = (long long)(n - i);
	}
	long long s0[16], s1[16];
	for (size_t i = 0; i < n; i++) {
		s0[i] = values[i][0];
		s1[i] = values[i][1];
	}
	series[0] = (struct svg_series){"<b>\"系列\"&", s0};
	series[1] = (struct svg_series){"\x01\x02", s1};
	struct svg_chart c = chart("hostile", "<title>&\"'</title>");
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(svg_hbar(&b, &c, rows, n), 0);
	struct doc *d = parse(buf_cstr(&b));
	assert_string_equal(d->e[1].text, "<title>&\"'</title>");
	assert_non_null(strstr(d->e[2].text, "<script>alert(1)</script>：0"));
	assert_non_null(strstr(d->e[2].text, "a & b \"quoted\" 'single'"));
	assert_non_null(strstr(d->e[2].text, "bell\xEF\xBF\xBDtab newline cr "));
	assert_non_null(strstr(d->e[2].text, "bad\xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD"));
	assert_non_null(strstr(d->e[2].text, "non-char \xEF\xBF\xBD \xEF\xBF\xBD end"));
	assert_non_null(strstr(d->e[2].text, "C1 \xEF\xBF\xBD control"));
	assert_non_null(strstr(d->e[2].text, "low bytes like markup: 並丼大："));
	doc_free(d);
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &c, hostile, n, series, 2), 0);
	d = parse(buf_cstr(&b));
	assert_non_null(strstr(d->e[2].text, "<b>\"系列\"&：<script>alert(1)</script> 0"));
	doc_free(d);
	buf_reset(&b);
	assert_int_equal(svg_line(&b, &c, hostile, n, series, 2), 0);
	doc_free(parse(buf_cstr(&b)));
	buf_reset(&b);
	assert_int_equal(svg_progress(&b, &c, 1, 2, 500, SVG_STATUS_NORMAL), 0);
	doc_free(parse(buf_cstr(&b)));
	buf_release(&b);
}

/* Empty, zero, negative, no-value and huge data: always a drawing, never nan or inf. */
static void test_edges(void **state)
{
	(void)state;
	struct svg_chart c = chart("edge", "边界");
	struct buf b = BUF_INIT(1 << 20);
	struct doc *d;
	int found[64];

	/* No rows */
	assert_int_equal(svg_hbar(&b, &c, NULL, 0), 0);
	d = parse(buf_cstr(&b));
	assert_string_equal(d->e[2].text, msg(MSG_CHART_NO_DATA));
	assert_int_equal(find(d, "rect", "bar", found, 64), 0);
	doc_free(d);

	/* All zero: an axis with its 0 only, no bar */
	struct svg_bar zero[] = {{"甲", 0, false, 0, 0, NULL}, {"乙", 0, true, 0, 0, NULL}};
	buf_reset(&b);
	assert_int_equal(svg_hbar(&b, &c, zero, 2), 0);
	d = parse(buf_cstr(&b));
	assert_int_equal(find(d, "rect", "bar", found, 64), 0);
	assert_int_equal(find(d, "text", "tick", found, 64), 1);
	assert_string_equal(d->e[found[0]].text, "0");
	doc_free(d);

	/* Negative: clamped to the axis, the true figure in the text */
	struct svg_bar neg[] = {{"冲正", -5, false, 0, 0, NULL},
	                        {"正常", 10, false, 0, 0, NULL},
	                        {"极小", LLONG_MIN + 1, true, -3, 0, NULL},
	                        {"无", SVG_NO_VALUE, true, SVG_NO_VALUE, 0, NULL}};
	buf_reset(&b);
	assert_int_equal(svg_hbar(&b, &c, neg, 4), 0);
	d = parse(buf_cstr(&b));
	assert_int_equal(find(d, "rect", "bar", found, 64), 1);
	assert_int_equal(find(d, "text", "value", found, 64), 4);
	assert_string_equal(d->e[found[0]].text, "-5");
	assert_string_equal(d->e[found[2]].text, "-9223372036854775807");
	assert_string_equal(d->e[found[3]].text, msg(MSG_CHART_NO_DATA));
	assert_non_null(strstr(d->e[2].text, "冲正：-5；"));
	check_ticks(d, 10);
	doc_free(d);

	/* Huge: LLONG_MAX and its neighbours */
	struct svg_bar huge[] = {{"最大", LLONG_MAX, true, LLONG_MAX - 1, 0, NULL},
	                         {"一半", LLONG_MAX / 2, false, 0, 0, NULL},
	                         {"一", 1, false, 0, 0, NULL}};
	buf_reset(&b);
	assert_int_equal(svg_hbar(&b, &c, huge, 3), 0);
	d = parse(buf_cstr(&b));
	assert_int_equal(find(d, "rect", "bar", found, 64), 2); /* 1 is less than a tenth of a pixel */
	long w0 = tenths(&d->e[found[0]], "width"), w1 = tenths(&d->e[found[1]], "width");
	assert_true(labs(w0 - 2 * w1) <= 2);
	int ticks[8];
	size_t nt = find(d, "text", "tick", ticks, 8);
	assert_true(nt >= 2 && nt <= 6);
	assert_string_equal(d->e[ticks[1]].text, "2000000000000000000");
	doc_free(d);

	/* Grouped bars and lines with nothing, or only no-values */
	const char *const months[] = {"1月", "2月", "3月"};
	long long none[] = {SVG_NO_VALUE, SVG_NO_VALUE, SVG_NO_VALUE};
	struct svg_series s = {"手术", none};
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &c, NULL, 0, NULL, 0), 0);
	doc_free(parse(buf_cstr(&b)));
	buf_reset(&b);
	assert_int_equal(svg_line(&b, &c, NULL, 0, NULL, 0), 0);
	d = parse(buf_cstr(&b));
	assert_string_equal(d->e[2].text, msg(MSG_CHART_NO_DATA));
	doc_free(d);
	buf_reset(&b);
	assert_int_equal(svg_line(&b, &c, months, 3, &s, 1), 0);
	d = parse(buf_cstr(&b));
	assert_int_equal(find(d, "path", "line", found, 64), 0);
	assert_int_equal(find(d, "circle", "point", found, 64), 0);
	doc_free(d);
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &c, months, 3, &s, 1), 0);
	d = parse(buf_cstr(&b));
	assert_int_equal(find(d, "rect", "bar", found, 64), 0);
	doc_free(d);
	long long big[] = {LLONG_MAX, LLONG_MIN, 0};
	s.values = big;
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &c, months, 3, &s, 1), 0);
	doc_free(parse(buf_cstr(&b)));
	buf_reset(&b);
	assert_int_equal(svg_line(&b, &c, months, 3, &s, 1), 0);
	doc_free(parse(buf_cstr(&b)));

	/* Progress at its edges */
	static const long long cases[][2] = {
	    {0, 0},   {5, 0},         {0, 10},        {-3, 10},           {10, 10},
	    {15, 10}, {LLONG_MAX, 1}, {1, LLONG_MAX}, {SVG_NO_VALUE, 10}, {3, SVG_NO_VALUE}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		assert_int_equal(svg_progress(&b, &c, cases[i][0], cases[i][1], (int)i * 200 - 300, SVG_STATUS_OVERDUE),
		                 0);
		doc_free(parse(buf_cstr(&b)));
	}
	buf_release(&b);
}

static void test_ticks_round(void **state)
{
	(void)state;
	static const long long maxima[] = {1,
	                                   2,
	                                   3,
	                                   5,
	                                   7,
	                                   9,
	                                   10,
	                                   11,
	                                   19,
	                                   24,
	                                   99,
	                                   100,
	                                   101,
	                                   399,
	                                   402,
	                                   1206,
	                                   9325,
	                                   99999,
	                                   100001,
	                                   1000000,
	                                   123456789,
	                                   999999999999LL,
	                                   LLONG_MAX / 10};
	struct svg_chart c = chart("ticks", "刻度");
	struct buf b = BUF_INIT(1 << 20);
	for (size_t i = 0; i < sizeof maxima / sizeof maxima[0]; i++) {
		struct svg_bar row = {"甲", maxima[i], false, 0, 0, NULL};
		buf_reset(&b);
		assert_int_equal(svg_hbar(&b, &c, &row, 1), 0);
		struct doc *d = parse(buf_cstr(&b));
		check_ticks(d, maxima[i]);
		doc_free(d);
		long long v[] = {maxima[i] / 3, maxima[i]};
		struct svg_series s = {NULL, v};
		const char *const cats[] = {"一", "二"};
		buf_reset(&b);
		assert_int_equal(svg_vbar(&b, &c, cats, 2, &s, 1), 0);
		d = parse(buf_cstr(&b));
		check_ticks(d, maxima[i]);
		doc_free(d);
	}
	buf_release(&b);
}

/* Money in fen through a formatter: ticks and figures as 万元, never a float. */
static void format_wan(void *ctx, long long fen, char *out, size_t size)
{
	(*(int *)ctx)++;
	money_format_wan(fen, out, size);
}

static void test_grouped_bars(void **state)
{
	(void)state;
	const char *const towns[] = {"城关镇", "新安镇", "青龙乡"};
	long long urban[] = {260 * 100000LL, 0, 15000000}, rural[] = {9065 * 100000LL, 400000000, 1};
	struct svg_series s[] = {{"城镇", urban}, {"农村", rural}};
	int calls = 0;
	struct svg_chart c = {"stat", "分户口资金（万元）", "stats", 0, format_wan, &calls};
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(svg_vbar(&b, &c, towns, 3, s, 2), 0);
	assert_true(calls > 0);
	struct doc *d = parse(buf_cstr(&b));
	assert_string_equal(attr(&d->e[0], "class"), "chart chart-vbar stats");
	assert_string_equal(
	    d->e[2].text,
	    "城镇：城关镇 26万元，新安镇 0万元，青龙乡 15万元；农村：城关镇 906.5万元，新安镇 400万元，青龙乡 0万元。");
	int bars[16], legend[4], cats[4];
	/* 0 draws no bar; 1 fen draws less than a tenth of a pixel, so none either */
	assert_int_equal(find(d, "rect", "bar", bars, 16), 4);
	assert_int_equal(find(d, "text", "legend", legend, 4), 2);
	assert_string_equal(d->e[legend[1]].text, "农村");
	assert_int_equal(find(d, "text", "category", cats, 4), 3);
	assert_string_equal(d->e[cats[2]].text, "青龙乡");
	assert_null(attr(&d->e[cats[0]], "transform"));
	/* Heights proportional, bottoms on one line; series colours */
	long h0 = tenths(&d->e[bars[1]], "height"); /* 906.5 万元 */
	long h1 = tenths(&d->e[bars[2]], "height"); /* 400 万元 */
	assert_true(labs(h1 * 9065 - h0 * 4000) <= 9065);
	for (int i = 0; i < 4; i++)
		assert_int_equal(tenths(&d->e[bars[i]], "y") + tenths(&d->e[bars[i]], "height"),
		                 tenths(&d->e[bars[0]], "y") + tenths(&d->e[bars[0]], "height"));
	assert_string_equal(attr(&d->e[bars[0]], "fill"), svg_series_colour(0));
	assert_string_equal(attr(&d->e[bars[1]], "fill"), svg_series_colour(1));
	int ticks[8];
	size_t nt = find(d, "text", "tick", ticks, 8);
	assert_true(nt >= 2);
	assert_string_equal(d->e[ticks[0]].text, "0万元");
	assert_string_equal(d->e[ticks[nt - 1]].text, "1000万元");
	doc_free(d);

	/* 23 townships x 6 series: slanted labels, the chart wider than asked, every bar inside it */
	static const char *const many[23] = {"城关镇",   "新安镇", "青龙乡",   "柳河镇", "东岳乡",   "西湖乡",
	                                     "南山镇",   "北河乡", "石桥镇",   "白沙乡", "红旗乡",   "胜利镇",
	                                     "和平乡",   "前进乡", "黄土岭乡", "桃园镇", "杏花村镇", "大王庄乡",
	                                     "小李庄乡", "长安镇", "永宁镇",   "太平乡", "五里铺镇"};
	long long v[6][23];
	struct svg_series six[6];
	for (int k = 0; k < 6; k++) {
		for (int i = 0; i < 23; i++)
			v[k][i] = (i + 1) * (k + 1);
		six[k] = (struct svg_series){towns[k % 3], v[k]};
	}
	struct svg_chart wide = chart("wide", "各乡镇分类人数");
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &wide, many, 23, six, 6), 0);
	d = parse(buf_cstr(&b));
	int all[256];
	assert_int_equal(find(d, "rect", "bar", all, 256), 138);
	assert_int_equal(find(d, "text", "category", cats, 4), 4);
	assert_non_null(attr(&d->e[cats[0]], "transform"));
	long w = tenths(&d->e[0], "width");
	assert_true(w > 6400);
	for (int i = 0; i < 138; i++)
		assert_true(tenths(&d->e[all[i]], "x") + tenths(&d->e[all[i]], "width") <= w);
	doc_free(d);

	/* Too many series, or a bad id: refused, nothing written */
	struct svg_series seven[7];
	for (int k = 0; k < 7; k++)
		seven[k] = (struct svg_series){"x", v[0]};
	buf_reset(&b);
	assert_int_equal(svg_vbar(&b, &wide, many, 23, seven, 7), -1);
	assert_int_equal(b.len, 0);
	static const char *const bad_ids[] = {
	    "", "1abc", "a b", "a\"b", "a<b", "中文", "a23456789012345678901234567890123456789012345678"};
	for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		struct svg_chart bad = chart(bad_ids[i], "x");
		assert_int_equal(svg_vbar(&b, &bad, many, 2, six, 1), -1);
		assert_int_equal(svg_hbar(&b, &bad, NULL, 0), -1);
		assert_int_equal(svg_progress(&b, &bad, 1, 1, 0, 0), -1);
	}
	struct svg_chart untitled = chart("ok", "");
	assert_int_equal(svg_line(&b, &untitled, many, 2, six, 1), -1);
	struct svg_chart bad_class = chart("ok", "x");
	bad_class.css_class = "a\" onload=\"x";
	assert_int_equal(svg_line(&b, &bad_class, many, 2, six, 1), -1);
	assert_int_equal(svg_line(&b, &wide, many, 2, NULL, 1), -1);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_line(void **state)
{
	(void)state;
	const char *const months[12] = {"1月", "2月", "3月", "4月",  "5月",  "6月",
	                                "7月", "8月", "9月", "10月", "11月", "12月"};
	long long a[12] = {3, 5, 0, 8, 2, 4, SVG_NO_VALUE, SVG_NO_VALUE, 6, 7, SVG_NO_VALUE, 1};
	long long z[12] = {0};
	struct svg_series s[] = {{"县医院", a}, {"（未填）", z}};
	struct svg_chart c = chart("trend-surgeon", "按手术医生（每月例数）");
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(svg_line(&b, &c, months, 12, s, 2), 0);
	struct doc *d = parse(buf_cstr(&b));
	assert_non_null(strstr(d->e[2].text, "县医院：1月 3，2月 5，3月 0，"));
	assert_non_null(strstr(d->e[2].text, "7月 无数据"));
	int paths[4], points[32], legend[4];
	assert_int_equal(find(d, "path", "line", paths, 4), 2);
	/* the line breaks at the months without a figure: three pieces */
	const char *path = attr(&d->e[paths[0]], "d");
	int moves = 0;
	for (const char *p = path; *p; p++)
		moves += *p == 'M';
	assert_int_equal(moves, 3);
	assert_null(attr(&d->e[paths[0]], "stroke-dasharray"));
	assert_non_null(attr(&d->e[paths[1]], "stroke-dasharray"));
	assert_int_equal(find(d, "circle", "point", points, 32), 9 + 12);
	/* points left to right, heights in proportion: 8 at the top, 0 on the axis */
	for (int i = 1; i < 9; i++)
		assert_true(tenths(&d->e[points[i]], "cx") > tenths(&d->e[points[i - 1]], "cx"));
	long y0 = tenths(&d->e[points[2]], "cy"), y8 = tenths(&d->e[points[3]], "cy"),
	     y4 = tenths(&d->e[points[5]], "cy");
	assert_true(labs((y0 - y4) * 2 - (y0 - y8)) <= 2);
	for (int i = 9; i < 21; i++)
		assert_int_equal(tenths(&d->e[points[i]], "cy"), y0);
	assert_int_equal(find(d, "text", "legend", legend, 4), 2);
	int title[32];
	size_t nt = find(d, "title", NULL, title, 32);
	assert_string_equal(d->e[title[1]].text, "县医院，1月：3");
	assert_true(nt == 22);
	check_ticks(d, 8);
	doc_free(d);
	buf_release(&b);
}

static void test_progress(void **state)
{
	(void)state;
	struct svg_chart c = chart("p-1-2", "完成402/400");
	struct buf b = BUF_INIT(4096);
	int found[4];

	assert_int_equal(svg_progress(&b, &c, 200, 400, 750, SVG_STATUS_LAGGING), 0);
	struct doc *d = parse(buf_cstr(&b));
	assert_string_equal(attr(&d->e[0], "class"), "chart chart-progress");
	assert_string_equal(attr(&d->e[0], "width"), "120");
	assert_string_equal(d->e[2].text, "完成200，目标400，完成率50.0%；时间已过75.0%。");
	assert_int_equal(find(d, "rect", "track", found, 4), 1);
	long track = tenths(&d->e[found[0]], "width");
	assert_int_equal(find(d, "rect", "bar", found, 4), 1);
	long fill = tenths(&d->e[found[0]], "width");
	assert_string_equal(attr(&d->e[found[0]], "fill"), svg_status_colour(SVG_STATUS_LAGGING));
	assert_true(labs(fill * 2 - (track - 10)) <= 2);
	assert_int_equal(find(d, "line", "elapsed", found, 4), 1);
	long mark = tenths(&d->e[found[0]], "x1");
	assert_true(labs((mark - 10) * 4 - 3 * (track - 10)) <= 4);
	doc_free(d);

	/* Over the target: full, the percentage above 100 */
	buf_reset(&b);
	assert_int_equal(svg_progress(&b, &c, 402, 400, -1, SVG_STATUS_DONE), 0);
	d = parse(buf_cstr(&b));
	assert_string_equal(d->e[2].text, "完成402，目标400，完成率100.5%。");
	assert_int_equal(find(d, "rect", "bar", found, 4), 1);
	assert_int_equal(tenths(&d->e[found[0]], "width"), track - 10);
	assert_int_equal(find(d, "line", "elapsed", found, 4), 0);
	doc_free(d);

	/* No target: no percentage; nothing done: no fill; a wider cell */
	c.width = 200;
	buf_reset(&b);
	assert_int_equal(svg_progress(&b, &c, 0, 0, 2000, SVG_STATUS_NONE), 0);
	d = parse(buf_cstr(&b));
	assert_string_equal(attr(&d->e[0], "width"), "200");
	assert_string_equal(d->e[2].text, "完成0，目标0，完成率—；时间已过100.0%。");
	assert_int_equal(find(d, "rect", "bar", found, 4), 0);
	doc_free(d);
	buf_release(&b);
}

/* The cap: a chart that does not fit leaves the buffer as it was. */
static void test_cap(void **state)
{
	(void)state;
	struct svg_bar rows[] = {{"摸底登记", 1206, false, 0, 0, NULL}, {"已手术", 402, true, 400, 0, "超额完成2例"}};
	struct svg_chart c = chart("cap", "各阶段人数");
	struct buf full = BUF_INIT(1 << 20);
	assert_int_equal(svg_hbar(&full, &c, rows, 2), 0);
	for (size_t cap = 0; cap + 1 < full.len; cap += 97) {
		struct buf b = BUF_INIT(cap + 5);
		assert_int_equal(buf_addstr(&b, "head"), 0);
		assert_int_equal(svg_hbar(&b, &c, rows, 2), -1);
		assert_int_equal(b.len, 4);
		assert_string_equal(buf_cstr(&b), "head");
		buf_release(&b);
	}
	struct buf exact = BUF_INIT(full.len);
	assert_int_equal(svg_hbar(&exact, &c, rows, 2), 0);
	assert_string_equal(buf_cstr(&exact), buf_cstr(&full));
	buf_release(&exact);
	buf_release(&full);
}

/* Long labels are cut with "…" to a third of the chart; the desc keeps them whole. */
static void test_long_labels(void **state)
{
	(void)state;
	char longname[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(longname, "很");
	strcat(longname, "长");
	struct svg_bar rows[] = {
	    {longname, 5, false, 0, 0, "ASCII note that is rather long indeed, and then some more text"}};
	struct svg_chart c = chart("long", "长标签");
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(svg_hbar(&b, &c, rows, 1), 0);
	struct doc *d = parse(buf_cstr(&b));
	int labels[2];
	assert_int_equal(find(d, "text", "label", labels, 2), 1);
	const char *t = d->e[labels[0]].text;
	assert_true(strlen(t) > 3 && strcmp(t + strlen(t) - 3, "…") == 0);
	assert_true(svg_text_width(t, 13) <= 640 / 3);
	assert_non_null(strstr(d->e[2].text, longname));
	doc_free(d);
	buf_release(&b);
}

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(svg_text_width("", 12), 0);
	assert_int_equal(svg_text_width(NULL, 12), 0);
	assert_int_equal(svg_text_width("城关镇", 12), 36);
	assert_int_equal(svg_text_width("（全县）", 10), 40);
	assert_int_equal(svg_text_width("1206", 10), 24);
	assert_int_equal(svg_text_width("1206", 13), 32); /* 31.2 rounded up */
	assert_int_equal(svg_text_width("Émile", 10), 31);
	assert_true(svg_text_width("黄土岭乡", 13) > svg_text_width("abcd", 13));
	assert_int_equal(svg_text_width("\xFF\xFE", 10), 20);
}

/* Contrast on white (WCAG 2): every colour a chart uses for bars, lines and marks at least 4.5:1. */
static double channel(int c)
{
	double s = c / 255.0;
	return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double contrast(const char *hex)
{
	unsigned r, g, bl;
	assert_int_equal(strlen(hex), 7);
	assert_int_equal(sscanf(hex, "#%2x%2x%2x", &r, &g, &bl), 3);
	double l = 0.2126 * channel((int)r) + 0.7152 * channel((int)g) + 0.0722 * channel((int)bl);
	return 1.05 / (l + 0.05);
}

static void test_colours(void **state)
{
	(void)state;
	for (int s = 0; s < SVG_STATUS__MAX; s++)
		assert_true(contrast(svg_status_colour((enum svg_status)s)) >= 4.5);
	for (size_t i = 0; i < SVG_SERIES_MAX; i++) {
		assert_true(contrast(svg_series_colour(i)) >= 4.5);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(svg_series_colour(i), svg_series_colour(j));
	}
	assert_string_equal(svg_series_colour(SVG_SERIES_MAX), svg_series_colour(0));
	assert_string_not_equal(svg_status_colour(SVG_STATUS_DONE), svg_status_colour(SVG_STATUS_OVERDUE));
	assert_string_not_equal(svg_status_colour(SVG_STATUS_LAGGING), svg_status_colour(SVG_STATUS_OVERDUE));
	/* Text and tick colours, as every chart writes them */
	struct svg_chart c = chart("colours", "颜色");
	struct svg_bar row = {"甲", 1, false, 0, 0, NULL};
	struct buf b = BUF_INIT(1 << 16);
	assert_int_equal(svg_hbar(&b, &c, &row, 1), 0);
	struct doc *d = parse(buf_cstr(&b));
	assert_true(contrast(attr(&d->e[0], "fill")) >= 4.5);
	doc_free(d);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hbar_funnel),
	    cmocka_unit_test(test_hbar_townships),
	    cmocka_unit_test(test_hostile_labels),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_ticks_round),
	    cmocka_unit_test(test_grouped_bars),
	    cmocka_unit_test(test_line),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_long_labels),
	    cmocka_unit_test(test_text_width),
	    cmocka_unit_test(test_colours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
