/*
 * Unit tests for domain/report-template: the repository's template parses;
 * each mistake of a file is named with its line (a table of files and the
 * message each must give); a byte-order mark, CRLF and ideographic spaces
 * are taken as a county's editor writes them; rendering writes headings and
 * paragraphs, fills the figures with their links, keeps or drops the
 * sentences of @name and @!name, and writes the [nodata] sentence with the
 * reason when a figure has no data; literal braces; which figures a section
 * uses; the document's blocks and the figures' set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/report-template.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The sections every template must have, for the tests' small templates. */
#define REQUIRED "[project]\n{project}\n[line]\n{line}\n[target]\n{name}\n"

static struct report_template *parse_ok(const char *text)
{
	struct report_template *t;
	struct buf problems = BUF_INIT(1 << 16);
	if (report_template_parse(text, strlen(text), &t, &problems) != 0)
		fail_msg("refused: %s", buf_cstr(&problems));
	buf_release(&problems);
	return t;
}

/* The problems text of a refused template (static: the next call replaces it). */
static const char *refusal(const char *text, size_t len)
{
	static char out[4096];
	struct report_template *t = (struct report_template *)1;
	struct buf problems = BUF_INIT(1 << 16);
	assert_int_equal(report_template_parse(text, len, &t, &problems), -1);
	assert_null(t);
	snprintf(out, sizeof out, "%s", buf_cstr(&problems));
	buf_release(&problems);
	return out;
}

/* The document's text: blocks on lines, each "K:" with its kind (T 1 2 P), figures in [] with their link's stage. */
static const char *render(const struct report_template *t, const char *key, const char *fallback,
                          const struct report_vars *vs)
{
	static char out[8192];
	struct report_doc d = {0};
	report_template_render(t, key, fallback, vs, REPORT_P, &d);
	size_t at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < d.n; i++) {
		static const char kinds[] = {'T', '1', '2', 'P'};
		at += (size_t)snprintf(out + at, sizeof out - at, "%c:", kinds[d.blocks[i].kind]);
		for (size_t k = 0; k < d.blocks[i].nspans; k++) {
			const struct report_span *s = &d.blocks[i].spans[k];
			if (s->figure && s->link.kind != REPORT_LINK_NONE)
				at += (size_t)snprintf(out + at, sizeof out - at, "[%s|%s]", s->text, s->link.stage);
			else if (s->figure)
				at += (size_t)snprintf(out + at, sizeof out - at, "[%s]", s->text);
			else
				at += (size_t)snprintf(out + at, sizeof out - at, "%s", s->text);
		}
		at += (size_t)snprintf(out + at, sizeof out - at, "\n");
	}
	report_doc_release(&d);
	return out;
}

static char *read_repo_file(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", getenv("HUIMIN_ROOT") ? getenv("HUIMIN_ROOT") : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *text = malloc(REPORT_TEMPLATE_MAX + 1);
	*len = fread(text, 1, REPORT_TEMPLATE_MAX, f);
	fclose(f);
	return text;
}

static void test_repository_template(void **state)
{
	(void)state;
	size_t len;
	char *text = read_repo_file("reports/annual.zh.txt", &len);
	struct report_template *t;
	struct buf problems = BUF_INIT(1 << 16);
	if (report_template_parse(text, len, &t, &problems) != 0)
		fail_msg("reports/annual.zh.txt: %s", buf_cstr(&problems));
	for (size_t i = 0; i < 13; i++) {
		static const char *const keys[] = {"title",
		                                   "opening",
		                                   "projects",
		                                   "project",
		                                   "project:cataract",
		                                   "project:assistance",
		                                   "project:employment",
		                                   "milestone",
		                                   "targets",
		                                   "line",
		                                   "line:survey",
		                                   "target",
		                                   "nodata"};
		if (!report_template_has(t, keys[i]))
			fail_msg("no section %s", keys[i]);
	}
	assert_true(report_template_uses(t, "project:cataract", "days."));
	assert_true(report_template_uses(t, "project:assistance", "urban"));
	assert_false(report_template_uses(t, "project:assistance", "first."));
	buf_release(&problems);
	report_template_free(t);
	free(text);
}

static void test_mistakes(void **state)
{
	(void)state;
	static const struct {
		const char *text, *expect;
	} cases[] = {
	    {"手术{achieved}例\n" REQUIRED "[title]\nx\n", "第1行：文字应写在某一节（如[title]）之下"},
	    {"[title]\nx\n[project\n" REQUIRED, "第3行：节的名称应写作[名称]，如[project]"},
	    {"[title]\nx\n[summary]\n" REQUIRED, "第3行：没有名为[summary]的节"},
	    {"[title]\nx\n[project:Cataract]\n" REQUIRED, "第3行：没有名为[project:Cataract]的节"},
	    {"[title]\nx\n[target:fund]\n" REQUIRED, "第3行：没有名为[target:fund]的节"},
	    {"[title]\nx\n" REQUIRED "[title]\n", "第9行：节[title]已在第1行出现过"},
	    {"[title]\n{opreated}\n" REQUIRED, "第2行：节[title]中没有{opreated}这个数字"},
	    {"[title]\n{area\n" REQUIRED, "第2行：“{”没有对应的“}”"},
	    {"[title]\n{}\n" REQUIRED, "第2行：“{”没有对应的“}”"},
	    {"[title]\n{年度}\n" REQUIRED, "第2行：“{”没有对应的“}”"},
	    {"[title]\narea}\n" REQUIRED, "第2行：多出一个“}”"},
	    {"[title]\n@area\n" REQUIRED, "第2行：条件应写作“@名称 句子”或“@!名称 句子”"},
	    {"[title]\n@!x 年\n" REQUIRED, "第2行：节[title]中没有{x}这个数字"},
	    {"[title]\n@ 年\n" REQUIRED, "第2行：条件应写作"},
	    {"[title]\n{count.operated}\n" REQUIRED, "第2行：节[title]中没有{count.operated}这个数字"},
	    {"[title]\nx\n[project]\n{count.}\n[line]\nx\n[target]\nx\n", "第4行：节[project]中没有{count.}这个数字"},
	    {"[title]\nx\n[line]\n{days.operated}\n[project]\nx\n[target]\nx\n",
	     "第4行：节[line]中没有{days.operated}这个数字"},
	    {"[title]\nx\n[nodata]\n{year}\n" REQUIRED, "第4行：节[nodata]中没有{year}这个数字"},
	    {"[title]\nx\n[project]\nx\n[line]\nx\n", "模板缺少节[target]"},
	    {"", "模板缺少节[title]"},
	    {"[title]\nx\x01y\n" REQUIRED, "第2行：有无效的文字或控制字符"},
	    {"[title]\n\xe6\x89\n" REQUIRED, "第2行：有无效的文字或控制字符"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		const char *got = refusal(cases[i].text, strlen(cases[i].text));
		if (!strstr(got, cases[i].expect))
			fail_msg("case %zu: expected “%s” in “%s”", i, cases[i].expect, got);
	}
	/* Every mistake of a file at once, each with its line. */
	const char *all = refusal("[title]\n{a}\n{b}\n[oops]\n", strlen("[title]\n{a}\n{b}\n[oops]\n"));
	assert_non_null(strstr(all, "第2行"));
	assert_non_null(strstr(all, "第3行"));
	assert_non_null(strstr(all, "第4行：没有名为[oops]的节"));
	assert_non_null(strstr(all, "模板缺少节[project]"));
	/* Limits: a line too long, a file too large, too many sections. */
	struct buf big = BUF_INIT(1 << 22);
	assert_int_equal(buf_addstr(&big, "[title]\n"), 0);
	for (int i = 0; i < REPORT_TEMPLATE_LINE_MAX + 1; i++)
		assert_int_equal(buf_addch(&big, 'x'), 0);
	assert_non_null(strstr(refusal(big.data, big.len), "第2行：太长（一行最多2000字节）"));
	buf_reset(&big);
	for (unsigned i = 0; i <= REPORT_TEMPLATE_MAX; i++)
		assert_int_equal(buf_addch(&big, i % 50 ? 'x' : '\n'), 0);
	assert_non_null(strstr(refusal(big.data, big.len), "模板文件太大（最多65536字节）"));
	buf_reset(&big);
	assert_int_equal(buf_addstr(&big, REQUIRED "[title]\nx\n"), 0);
	for (int i = 0; i < REPORT_TEMPLATE_SECTIONS_MAX; i++)
		assert_int_equal(buf_addf(&big, "[line:l%d]\nx\n", i), 0);
	assert_non_null(strstr(refusal(big.data, big.len), "太多（一个模板最多64节"));
	buf_reset(&big);
	assert_int_equal(buf_addstr(&big, REQUIRED "[title]\n"), 0);
	for (int i = 0; i < REPORT_TEMPLATE_PIECES_MAX; i++)
		assert_int_equal(buf_addstr(&big, "{year}年"), 0);
	assert_non_null(strstr(refusal(big.data, big.len), "第8行：占位符太多"));
	buf_release(&big);
}

static void test_editor_habits(void **state)
{
	(void)state;
	/* Notepad's byte-order mark and CRLF, ideographic spaces around a line, a comment after spaces. */
	const char *text = "\xef\xbb\xbf[title]\r\n\xe3\x80\x80\xe3\x80\x80{area}汇报  \r\n   # 说明\r\n" REQUIRED;
	struct report_template *t = parse_ok(text);
	struct report_vars vs = {0};
	report_vars_set(&vs, "area", "示范县", true, NULL);
	assert_string_equal(render(t, "title", NULL, &vs), "P:[示范县]汇报\n");
	report_vars_release(&vs);
	report_template_free(t);
}

static void test_render(void **state)
{
	(void)state;
	struct report_template *t = parse_ok("[title]\n{area}\n[project]\n== （{number}）、{project}\n"
	                                     "手术{achieved}例。\n@over 超额完成{over}例。\n@!over 完成{completion}。\n"
	                                     "\n成功率{success_rate}。\n"
	                                     "[project:cataract]\n= {project}\n写作{{achieved}}。\n"
	                                     "[line]\n{line}\n[target]\n{name}\n[nodata]\n（无数据：{reason}）\n");
	struct report_vars vs = {0};
	struct report_link l = {.kind = REPORT_LINK_CASES, .year = 2024};
	snprintf(l.stage, sizeof l.stage, "operated");
	report_vars_set(&vs, "number", "一", true, NULL);
	report_vars_set(&vs, "project", "白内障", true, NULL);
	report_vars_count(&vs, "achieved", 402, &l);
	report_vars_count(&vs, "over", 2, NULL);
	report_vars_set(&vs, "completion", "100.5%", true, NULL);
	report_vars_missing(&vs, "success_rate", "未录入完成90天随访记录");
	/* A fallback when the project has no section of its own; headings; paragraphs; figures with links. */
	assert_string_equal(
	    render(t, "project:assistance", "project", &vs),
	    "2:（[一]）、[白内障]\nP:手术[402|operated]例。超额完成[2]例。\nP:（无数据：未录入完成90天随访记录）\n");
	/* Over 0: the other sentence. */
	report_vars_count(&vs, "over", 0, NULL);
	assert_string_equal(
	    render(t, "project", NULL, &vs),
	    "2:（[一]）、[白内障]\nP:手术[402|operated]例。完成[100.5%]。\nP:（无数据：未录入完成90天随访记录）\n");
	/* No target: both @over and @!over lines test the same figure; the one written has no data. */
	report_vars_missing(&vs, "over", "未设定2024年度目标");
	report_vars_missing(&vs, "completion", "未设定2024年度目标");
	assert_string_equal(render(t, "project", NULL, &vs),
	                    "2:（[一]）、[白内障]\nP:手术[402|operated]例。（无数据：未设定2024年度目标）\nP:"
	                    "（无数据：未录入完成90天随访记录）\n");
	/* The project's own section wins; braces written as such. */
	assert_string_equal(render(t, "project:cataract", "project", &vs), "1:[白内障]\nP:写作{achieved}。\n");
	/* A figure the section may name but the rendering does not give. */
	report_vars_release(&vs);
	assert_string_equal(render(t, "project", NULL, &vs),
	                    "2:（无数据：这里没有{number}这个数字）\nP:（无数据：这里没有{achieved}"
	                    "这个数字）（无数据：这里没有{completion}这个数字）\n"
	                    "P:（无数据：这里没有{success_rate}这个数字）\n");
	/* Headings only, and a paragraph of its own that says there is no data. */
	struct report_doc d = {0};
	report_vars_set(&vs, "number", "二", true, NULL);
	report_vars_set(&vs, "project", "救助", true, NULL);
	report_template_render_headings(t, "project", NULL, &vs, &d);
	report_template_nodata(t, "未录入2024年度的案例", &d);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.blocks[0].kind, REPORT_H2);
	struct buf text = BUF_INIT(1024);
	assert_int_equal(report_block_text(&d.blocks[1], &text), 0);
	assert_string_equal(buf_cstr(&text), "（无数据：未录入2024年度的案例）");
	buf_release(&text);
	report_doc_release(&d);
	report_vars_release(&vs);
	report_template_free(t);
}

static void test_nodata_default_and_text(void **state)
{
	(void)state;
	/* Without [nodata], the built-in wording. */
	struct report_template *t = parse_ok("[title]\n{year}年\n[milestone]\n{date}，{title}。\n" REQUIRED);
	struct report_vars vs = {0};
	report_vars_missing(&vs, "year", "没有年度");
	assert_string_equal(render(t, "title", NULL, &vs), "P:（无数据：没有年度）\n");
	/* Plain text of a section, and a set replacing an earlier one. */
	report_vars_set(&vs, "date", "2月10日", true, NULL);
	report_vars_set(&vs, "title", "启动会", true, NULL);
	report_vars_set(&vs, "title", "召开启动会", true, NULL);
	struct buf out = BUF_INIT(1024);
	assert_int_equal(report_template_render_text(t, "milestone", &vs, &out), 0);
	assert_string_equal(buf_cstr(&out), "2月10日，召开启动会。");
	assert_string_equal(report_vars_get(&vs, "title")->text, "召开启动会");
	assert_null(report_vars_get(&vs, "nosuch"));
	buf_release(&out);
	/* A section that does not exist renders nothing. */
	assert_string_equal(render(t, "closing", NULL, &vs), "");
	report_vars_release(&vs);
	report_template_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_repository_template),     cmocka_unit_test(test_mistakes),
	    cmocka_unit_test(test_editor_habits),           cmocka_unit_test(test_render),
	    cmocka_unit_test(test_nodata_default_and_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
