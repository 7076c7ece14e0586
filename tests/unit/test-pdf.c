/*
 * Unit tests for io/pdf: a document long enough for two pages is written,
 * starts with %PDF and says it has two pages; a path that cannot be
 * written is refused with a message. Tables repeat their headings on every
 * page and never split a row (read back page by page with pdftotext from
 * poppler-utils); paragraphs run onto the next page; landscape turns the
 * pages sideways; glyphs that cairo's font subsetting loses with Noto Sans
 * CJK print with ink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "base/error.h"
#include "io/pdf.h"

/* cairo keeps two small buffers of its own past cairo_debug_reset_static_data. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\n";
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void two_pages(void **state)
{
	(void)state;
	char path[] = "/tmp/test-pdf-XXXXXX.pdf";
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	close(fd);
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open(path, "示例县残疾人联合会", &d, &err), 0);
	pdf_title(d, "困难残疾人生活补贴申请审批表");
	pdf_section(d, "申请人基本情况");
	pdf_row(d, "姓名", "张三");
	pdf_row(d, "身份证号", "341602199001011234");
	pdf_row(d, "空值", "");
	char longer[4096] = "";
	for (int i = 0; i < 40; i++)
		strcat(longer, "这是一段很长的备注，用来检查换行。");
	pdf_row(d, "备注", longer);
	pdf_section(d, "办理记录");
	for (int i = 0; i < 12; i++) {
		char label[32], value[64];
		snprintf(label, sizeof label, "第%d项", i + 1);
		snprintf(value, sizeof value, "2024-03-%02d 村级初审 补贴金额：80.00 元", i % 28 + 1);
		pdf_row(d, label, value);
	}
	pdf_section(d, "审批意见");
	pdf_sign(d, "申请人签字", 2);
	pdf_sign(d, "县残联审核意见", 3);
	assert_int_equal(pdf_close(d, &err), 0);
	size_t len;
	char *s = slurp(path, &len);
	assert_true(len > 1000);
	assert_memory_equal(s, "%PDF", 4);
	/* cairo writes the page count into the page tree. */
	assert_non_null(memmem(s, len, "/Count 2", 8));
	free(s);
	unlink(path);
}

static char *temp_pdf(void)
{
	char path[] = "/tmp/test-pdf-XXXXXX.pdf";
	int fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	close(fd);
	return strdup(path);
}

/* The text of one page (1-based) as pdftotext reads it; the caller frees it. */
static char *page_text(const char *path, int page)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdftotext -q -layout -f %d -l %d '%s' -", page, page, path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t got;
	while ((got = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len < 2) {
			cap *= 2;
			s = realloc(s, cap);
			assert_non_null(s);
		}
	}
	s[len] = '\0';
	assert_int_equal(pclose(f), 0);
	return s;
}

static int page_count(const char *path)
{
	size_t len;
	char *s = slurp(path, &len);
	int pages = 0;
	const char *at = memmem(s, len, "/Type /Pages", 12);
	assert_non_null(at);
	const char *count = strstr(at, "/Count ");
	assert_non_null(count);
	pages = atoi(count + 7);
	free(s);
	return pages;
}

static void table_repeats_headings(void **state)
{
	(void)state;
	char *path = temp_pdf();
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open(path, "示例县残疾人联合会", &d, &err), 0);
	pdf_title(d, "病源输送名单");
	pdf_paragraph(d, "输送批次：第一批　乡镇：城关镇");
	static const char *const heads[] = {"序号", "姓名", "性别", "身份证号", "备注说明"};
	static const int widths[] = {80, 150, 70, 300, 400};
	pdf_table_begin(d, heads, widths, 5);
	for (int i = 1; i <= 100; i++) {
		char no[16], name[32], note[256];
		snprintf(no, sizeof no, "%d", i);
		snprintf(name, sizeof name, "患者%03d", i);
		/* Every fifth note wraps over several lines: its start and end must share a page. */
		if (i % 5 == 0)
			snprintf(note, sizeof note,
			         "甲%03d起这是一条很长的备注需要换行这是一条很长的备注需要换行"
			         "这是一条很长的备注需要换行止%03d乙",
			         i, i);
		else
			snprintf(note, sizeof note, "甲%03d起止%03d乙", i, i);
		const char *cells[] = {no, name, i % 2 ? "男" : "女", "341602********1234", note};
		pdf_table_row(d, cells);
	}
	pdf_table_end(d);
	const char *ignored[] = {"不应出现", "x", "x", "x", "x"};
	pdf_table_row(d, ignored); /* no open table: nothing */
	pdf_sign(d, "经办人", 1);
	assert_int_equal(pdf_close(d, &err), 0);
	int pages = page_count(path);
	assert_true(pages >= 3);
	int seen = 0;
	for (int pg = 1; pg <= pages; pg++) {
		char *t = page_text(path, pg);
		/* The headings on every page, then whole rows only. */
		assert_non_null(strstr(t, "身份证号"));
		assert_non_null(strstr(t, "备注说明"));
		assert_null(strstr(t, "不应出现"));
		for (int i = 1; i <= 100; i++) {
			char a[32], b[32];
			snprintf(a, sizeof a, "甲%03d起", i);
			snprintf(b, sizeof b, "止%03d乙", i);
			bool has_a = strstr(t, a) != NULL, has_b = strstr(t, b) != NULL;
			assert_int_equal(has_a, has_b);
			seen += has_a;
		}
		free(t);
	}
	assert_int_equal(seen, 100);
	unlink(path);
	free(path);
}

static void paragraph_runs_on(void **state)
{
	(void)state;
	char *path = temp_pdf();
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open(path, "示例县残疾人联合会", &d, &err), 0);
	pdf_title(d, "年度工作汇报");
	char *text = malloc(64 * 1024);
	assert_non_null(text);
	strcpy(text, "　　开头标记。");
	for (int i = 0; i < 60; i++)
		strcat(text, "全县免费为贫困白内障患者做复明手术，手术成功率达百分之百。");
	strcat(text, "\n结尾标记。");
	pdf_paragraph(d, text);
	pdf_paragraph(d, "");
	free(text);
	assert_int_equal(pdf_close(d, &err), 0);
	assert_int_equal(page_count(path), 2);
	char *first = page_text(path, 1), *second = page_text(path, 2);
	assert_non_null(strstr(first, "开头标记"));
	assert_non_null(strstr(first, "复明手术"));
	assert_null(strstr(first, "结尾标记"));
	assert_non_null(strstr(second, "结尾标记"));
	assert_non_null(strstr(second, "共2页")); /* pdftotext drops the spaces */
	free(first);
	free(second);
	unlink(path);
	free(path);
}

static void landscape_and_odd_tables(void **state)
{
	(void)state;
	char *path = temp_pdf();
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open(path, "县", &d, &err), 0);
	pdf_landscape(d, true);
	pdf_title(d, "签到表");
	/* No widths: equal shares; too many columns: cut to the most. */
	const char *heads[PDF_TABLE_MAX_COLS + 2];
	const char *cells[PDF_TABLE_MAX_COLS + 2];
	for (size_t i = 0; i < PDF_TABLE_MAX_COLS + 2; i++) {
		heads[i] = i == PDF_TABLE_MAX_COLS + 1 ? "多余列" : "列";
		cells[i] = i % 2 ? NULL : "值";
	}
	pdf_table_begin(d, heads, NULL, PDF_TABLE_MAX_COLS + 2);
	pdf_table_row(d, cells);
	/* A table left open ends at the next section; zero columns opens nothing. */
	pdf_section(d, "之后");
	pdf_table_row(d, cells);
	pdf_table_begin(d, heads, NULL, 0);
	pdf_table_row(d, cells);
	static const int zero[] = {0, 0};
	pdf_table_begin(d, (const char *const[]){"甲", "乙"}, zero, 2);
	pdf_table_row(d, (const char *const[]){"一", "二"});
	assert_int_equal(pdf_close(d, &err), 0);
	size_t len;
	char *s = slurp(path, &len);
	assert_non_null(memmem(s, len, "/MediaBox [ 0 0 841.", 20));
	free(s);
	assert_int_equal(page_count(path), 1);
	char *t = page_text(path, 1);
	assert_null(strstr(t, "多余列"));
	assert_non_null(strstr(t, "之后"));
	free(t);
	unlink(path);
	free(path);
}

/* Dark pixels in a box of the first page (points from the top left), as pdftoppm renders it in grey at 144 dpi. */
static long ink(const char *path, double x, double y, double w, double h)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdftoppm -q -r 144 -gray -f 1 -l 1 -x %d -y %d -W %d -H %d '%s'", (int)(x * 2),
		 (int)(y * 2), (int)(w * 2), (int)(h * 2), path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	int width, height, max;
	assert_int_equal(fscanf(f, "P5 %d %d %d", &width, &height, &max), 3);
	fgetc(f); /* the one white space after the header */
	long dark = 0;
	for (long i = 0; i < (long)width * height; i++) {
		int c = fgetc(f);
		assert_true(c != EOF);
		dark += c < 128;
	}
	assert_int_equal(pclose(f), 0);
	return dark;
}

/*
 * Glyphs that cairo 1.16's CFF subsetter empties in Noto Sans CJK (如 瘃,
 * bold 忉 烪) are inked: each character's own box has dark pixels. With
 * the Sans font these boxes are blank.
 */
static void glyphs_survive_subsetting(void **state)
{
	(void)state;
	char *path = temp_pdf();
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open(path, "", &d, &err), 0);
	pdf_paragraph(d, "如瘃");
	assert_int_equal(pdf_close(d, &err), 0);
	/* The paragraph's first line: 11 pt characters from x 54, y 82. */
	assert_true(ink(path, 54, 80, 11, 16) > 20);
	assert_true(ink(path, 65, 80, 11, 16) > 20);
	assert_int_equal(pdf_open(path, "", &d, &err), 0);
	pdf_section(d, "忉烪");
	assert_int_equal(pdf_close(d, &err), 0);
	/* The heading: 12 pt bold from x 54, y 88. */
	assert_true(ink(path, 54, 86, 12, 18) > 20);
	assert_true(ink(path, 66, 86, 12, 18) > 20);
	unlink(path);
	free(path);
}

static void unwritable(void **state)
{
	(void)state;
	struct error err = ERROR_INIT;
	struct pdf *d;
	assert_int_equal(pdf_open("/nonexistent-dir/x.pdf", "县", &d, &err), 0);
	pdf_row(d, "姓名", "张三");
	assert_int_equal(pdf_close(d, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(pdf_open("", "县", &d, &err), -1);
	assert_null(d);
	pdf_discard(NULL);
	assert_int_equal(pdf_close(NULL, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(two_pages),
	    cmocka_unit_test(unwritable),
	    cmocka_unit_test(table_repeats_headings),
	    cmocka_unit_test(paragraph_runs_on),
	    cmocka_unit_test(landscape_and_odd_tables),
	    cmocka_unit_test(glyphs_survive_subsetting),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* The font caches live as long as the process: free them for the leak check. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return failed;
}
