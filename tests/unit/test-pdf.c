/*
 * Unit tests for io/pdf: a document long enough for two pages is written,
 * starts with %PDF and says it has two pages; a path that cannot be
 * written is refused with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* The font caches live as long as the process: free them for the leak check. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return failed;
}
