/*
 * libFuzzer target for domain/report-template: any bytes as a template
 * file. A refusal says why, one line per mistake, and leaves no template;
 * a template that parses renders every section (a fixed set of figures,
 * some with data and some without) into a document whose every text is
 * valid UTF-8 without control characters, and says which figures each
 * section uses without a fault. Nothing leaks (ASan).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "domain/report-template.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_doc(const struct report_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		CHECK(d->blocks[i].kind <= REPORT_P);
		CHECK(d->blocks[i].nspans > 0);
		for (size_t k = 0; k < d->blocks[i].nspans; k++) {
			const char *s = d->blocks[i].spans[k].text;
			CHECK(s && utf8_valid(s, strlen(s)) && !utf8_has_control(s));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_template *t = NULL;
	struct buf problems = BUF_INIT(1 << 20);
	int rc = report_template_parse((const char *)data, size, &t, &problems);
	if (rc < 0) {
		CHECK(t == NULL);
		CHECK(problems.len > 0);
		CHECK(utf8_valid(buf_cstr(&problems), problems.len));
		buf_release(&problems);
		return 0;
	}
	CHECK(rc == 0 && t);
	struct report_vars vs = {0};
	struct report_link l = {.kind = REPORT_LINK_CASES, .year = 2024};
	static const char *const have[] = {"year", "area",     "number", "project",        "line",
	                                   "name", "achieved", "target", "count.operated", "first.operated",
	                                   "date", "title",    "over"};
	static const char *const lack[] = {"county",     "completion", "success_rate",  "paid",
	                                   "milestones", "value",      "days.operated", "short"};
	for (size_t i = 0; i < sizeof have / sizeof have[0]; i++)
		report_vars_count(&vs, have[i], (long long)i, i % 2 ? &l : NULL);
	for (size_t i = 0; i < sizeof lack / sizeof lack[0]; i++)
		report_vars_missing(&vs, lack[i], "未录入手术记录");
	static const char *const keys[] = {"title",     "opening", "projects", "project",     "project:cataract",
	                                   "milestone", "targets", "line",     "line:survey", "target",
	                                   "closing",   "nodata"};
	struct report_doc d = {0};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		report_template_render(t, keys[i], i == 4 ? "project" : NULL, &vs, i ? REPORT_P : REPORT_TITLE, &d);
		(void)report_template_uses(t, keys[i], "count.");
	}
	report_template_render_headings(t, "project", NULL, &vs, &d);
	report_template_nodata(t, "没有数据", &d);
	check_doc(&d);
	struct buf text = BUF_INIT(1 << 24);
	CHECK(report_template_render_text(t, "milestone", &vs, &text) == 0);
	CHECK(utf8_valid(buf_cstr(&text), text.len));
	buf_release(&text);
	report_doc_release(&d);
	report_vars_release(&vs);
	report_template_free(t);
	buf_release(&problems);
	return 0;
}
