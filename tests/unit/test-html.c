/* Unit tests for web/html: every escaper, table-driven, and the size cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/utf8.h"
#include "web/html.h"

struct row {
	const char *in, *txt, *attr, *url;
};

static const struct row rows[] = {
	{ "", "", "", "" },
	{ "张三", "张三", "张三", "%E5%BC%A0%E4%B8%89" },
	{ "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
	  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E" },
	{ "a\"b&c", "a&quot;b&amp;c", "a&quot;b&amp;c", "a%22b%26c" },
	{ "\" onmouseover=\"x", "&quot; onmouseover=&quot;x", "&quot; onmouseover=&quot;x", "%22%20onmouseover%3D%22x" },
	{ "line1\nline2\tend\r", "line1\nline2\tend\r", "line1&#10;line2&#9;end&#13;", "line1%0Aline2%09end%0D" },
	{ "A-z_0.9~", "A-z_0.9~", "A-z_0.9~", "A-z_0.9~" },
	{ "bell\x07", "bell\xEF\xBF\xBD", "bell\xEF\xBF\xBD", "bell%07" },
	{ "bad\xFF byte", "bad\xEF\xBF\xBD byte", "bad\xEF\xBF\xBD byte", "bad%FF%20byte" },
	{ "cut\xE5\xBC", "cut\xEF\xBF\xBD\xEF\xBF\xBD", "cut\xEF\xBF\xBD\xEF\xBF\xBD", "cut%E5%BC" },
	{ "overlong\xC0\xAF", "overlong\xEF\xBF\xBD\xEF\xBF\xBD", "overlong\xEF\xBF\xBD\xEF\xBF\xBD", "overlong%C0%AF" },
	{ "341699********1234", "341699********1234", "341699********1234", "341699%2A%2A%2A%2A%2A%2A%2A%2A1234" },
};

static void test_escapes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct buf t = BUF_INIT(4096), a = BUF_INIT(4096), u = BUF_INIT(4096);
		assert_int_equal(html_txt(&t, rows[i].in), 0);
		assert_int_equal(html_attr(&a, rows[i].in), 0);
		assert_int_equal(html_url_arg(&u, rows[i].in), 0);
		if (strcmp(buf_cstr(&t), rows[i].txt) || strcmp(buf_cstr(&a), rows[i].attr) ||
		    strcmp(buf_cstr(&u), rows[i].url))
			fail_msg("row %zu: txt \"%s\" attr \"%s\" url \"%s\"", i, buf_cstr(&t), buf_cstr(&a), buf_cstr(&u));
		/* What reaches a page is always valid UTF-8. */
		assert_true(utf8_valid(t.data ? t.data : "", t.len));
		assert_true(utf8_valid(a.data ? a.data : "", a.len));
		buf_release(&t);
		buf_release(&a);
		buf_release(&u);
	}
}

static void test_raw_is_as_is(void **state)
{
	struct buf b = BUF_INIT(64);
	(void)state;
	assert_int_equal(html_raw(&b, "<p class=\"x\">"), 0);
	assert_string_equal(buf_cstr(&b), "<p class=\"x\">");
	buf_release(&b);
}

static void test_cap(void **state)
{
	struct buf b = BUF_INIT(8);
	(void)state;
	assert_int_equal(html_txt(&b, "abc"), 0);
	assert_int_equal(html_txt(&b, "<<"), -1); /* 8 bytes would be needed */
	assert_true(b.len <= 8);
	assert_int_equal(html_url_arg(&b, "张"), -1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_raw_is_as_is),
		cmocka_unit_test(test_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
