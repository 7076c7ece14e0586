/*
 * libFuzzer target for io/svg: arbitrary labels, notes, names, titles,
 * values (any long long, SVG_NO_VALUE included), counts, widths and
 * statuses through all four charts. Whatever they are, a chart that is
 * written parses as XML (expat), is valid UTF-8, holds only the elements
 * the module draws, every number attribute is a plain decimal (never nan or
 * inf), and the accessible name points at its title; a refusal (too many
 * series, a bad id, the cap) leaves the buffer as it was.
 *
 * Input: 8 control bytes (kind, count, series, width, flags, status, id,
 * cap), then 8-byte values as many as the chart needs (0 when the input
 * runs out), then the rest as labels split at '\n'.
 */
#include <expat.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "io/svg.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t n;
};

static unsigned byte(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static long long value(struct input *in)
{
	unsigned long long v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | byte(in);
	return (long long)v;
}

struct check {
	bool root_seen;
	int depth;
	char title_id[SVG_ID_MAX + 16];
	bool title_found;
};

static bool numeric_chars(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789.- MLrotate()", *s))
			return false;
	return true;
}

static void on_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct check *c = ctx;
	static const char *const elements[] = {"svg", "title", "desc", "rect", "line", "text", "path", "circle"};
	static const char *const words[] = {"xmlns",           "class", "role",   "aria-labelledby", "aria-describedby",
	                                    "font-family",     "fill",  "stroke", "text-anchor",     "id",
	                                    "stroke-dasharray"};
	bool known = false;
	for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
		known = known || strcmp(name, elements[i]) == 0;
	CHECK(known);
	CHECK(c->depth > 0 || strcmp(name, "svg") == 0);
	CHECK(c->depth > 0 || !c->root_seen);
	c->root_seen = true;
	c->depth++;
	for (size_t i = 0; atts[i]; i += 2) {
		bool word = false;
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
			word = word || strcmp(atts[i], words[k]) == 0;
		if (!word)
			CHECK(numeric_chars(atts[i + 1]));
		if (strcmp(name, "svg") == 0 && strcmp(atts[i], "aria-labelledby") == 0)
			snprintf(c->title_id, sizeof c->title_id, "%s", atts[i + 1]);
		if (strcmp(name, "title") == 0 && strcmp(atts[i], "id") == 0 && strcmp(atts[i + 1], c->title_id) == 0)
			c->title_found = true;
	}
}

static void on_end(void *ctx, const XML_Char *name)
{
	struct check *c = ctx;
	(void)name;
	c->depth--;
}

static void format_odd(void *ctx, long long v, char *out, size_t size)
{
	/* A formatter that writes markup and fills its room. */
	(void)ctx;
	int n = snprintf(out, size, "<&'\"%lld\"'&>", v);
	if (n >= 0 && (size_t)n + 1 < size)
		memset(out + n, 'x', size - (size_t)n - 1), out[size - 1] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	unsigned kind = byte(&in) % 4, count = byte(&in) % 48, nseries = byte(&in) % 9, width = byte(&in) * 8,
	         flags = byte(&in), status = byte(&in) % (SVG_STATUS__MAX + 1), idk = byte(&in), cap = byte(&in);
	long long values[48 * 8];
	size_t nvalues = kind == 0 ? count * 2 : kind == 3 ? 3 : count * nseries;
	for (size_t i = 0; i < nvalues && i < sizeof values / sizeof values[0]; i++) {
		values[i] = value(&in);
		if (flags & 0x80 && i % 3 == 0)
			values[i] = SVG_NO_VALUE;
	}
	/* The rest: labels */
	char *text = malloc(in.n + 1);
	if (!text)
		return 0;
	memcpy(text, in.p, in.n);
	text[in.n] = '\0';
	const char *labels[64];
	size_t nlabels = 0;
	for (char *s = text; nlabels < 64;) {
		labels[nlabels++] = s;
		char *nl = strchr(s, '\n');
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	const char *title = nlabels > 1 ? labels[nlabels - 1] : "图表";
	const char *id = idk < 200 ? "chart-x_1" : idk < 230 ? labels[0] : "";
	struct svg_chart c = {id, title, flags & 1 ? "extra" : NULL, (int)width, flags & 2 ? format_odd : NULL, NULL};

	struct buf b = BUF_INIT(cap < 40 ? (size_t)cap * 64 : 1 << 22);
	if (buf_addstr(&b, "pre") < 0) {
		buf_release(&b);
		free(text);
		return 0;
	}
	int rc = -1;
	if (kind == 0) {
		struct svg_bar rows[48];
		for (size_t i = 0; i < count; i++)
			rows[i] = (struct svg_bar){labels[i % nlabels],
			                           values[2 * i],
			                           (flags >> 2) & 1,
			                           values[2 * i + 1],
			                           (enum svg_status)((status + i) % SVG_STATUS__MAX),
			                           flags & 8 ? labels[(i + 1) % nlabels] : NULL};
		rc = svg_hbar(&b, &c, count ? rows : NULL, count);
	} else if (kind == 3) {
		rc = svg_progress(&b, &c, values[0], values[1], (int)(values[2] % 3000), (enum svg_status)status);
	} else {
		struct svg_series series[8];
		const char *cats[48];
		for (size_t i = 0; i < count; i++)
			cats[i] = labels[(i + 2) % nlabels];
		for (size_t s = 0; s < nseries; s++)
			series[s] =
			    (struct svg_series){flags & 16 ? labels[(s + 1) % nlabels] : NULL, values + s * count};
		if (kind == 1)
			rc = svg_vbar(&b, &c, cats, count, series, nseries);
		else
			rc = svg_line(&b, &c, cats, count, series, nseries);
	}
	if (rc < 0) {
		CHECK(b.len == 3 && strcmp(buf_cstr(&b), "pre") == 0);
	} else {
		const char *svg = buf_cstr(&b) + 3;
		CHECK(utf8_valid(svg, strlen(svg)));
		struct check ch = {false, 0, "", false};
		XML_Parser p = XML_ParserCreate("UTF-8");
		CHECK(p != NULL);
		XML_SetUserData(p, &ch);
		XML_SetElementHandler(p, on_start, on_end);
		CHECK(XML_Parse(p, svg, (int)strlen(svg), 1) == XML_STATUS_OK);
		XML_ParserFree(p);
		CHECK(ch.root_seen && ch.depth == 0 && ch.title_found);
		CHECK(nseries <= SVG_SERIES_MAX || kind == 0 || kind == 3);
	}
	buf_release(&b);
	free(text);
	return 0;
}
