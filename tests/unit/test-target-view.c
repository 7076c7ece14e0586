/*
 * Unit tests for web/target-view: figures in a target's unit (元 from fen,
 * 万元 from 10万元 up), per cent from permille, reading typed figures (yuan,
 * whole numbers, corrections with a minus sign), the status badge with its
 * words and colour, the names of parts, and replacing a field's reason.
 * Table-driven; the database-bound helpers are exercised by the page tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/msg.h"
#include "domain/target.h"
#include "web/target-view.h"

static struct target target_in(const char *unit)
{
	struct target t;
	memset(&t, 0, sizeof t);
	snprintf(t.unit, sizeof t.unit, "%s", unit);
	return t;
}

static void test_amount(void **state)
{
	(void)state;
	static const struct {
		const char *unit;
		long long value;
		const char *shown, *typed;
	} rows[] = {
		{"名", 140, "140名", "140"},
		{"个村", 351, "351个村", "351"},
		{"人次", 0, "0人次", "0"},
		{"元", 0, "0.00元", "0.00"},
		{"元", 12345, "123.45元", "123.45"},
		{"元", 9999999, "99,999.99元", "99999.99"}, /* under 10万元: yuan */
		{"元", 10000000, "10万元", "100000.00"},    /* from 10万元: 万元 */
		{"元", 347724000, "347.724万元", "3477240.00"},
		{"元", 100000000, "100万元", "1000000.00"},
		{"元", -250, "-2.50元", "-2.50"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct target t = target_in(rows[i].unit);
		char out[TARGET_VIEW_TEXT_MAX];
		target_view_amount(&t, rows[i].value, out, sizeof out);
		assert_string_equal(out, rows[i].shown);
		target_view_amount_input(&t, rows[i].value, out, sizeof out);
		assert_string_equal(out, rows[i].typed);
	}
}

static void test_percent(void **state)
{
	(void)state;
	static const struct {
		long long permille;
		const char *text;
	} rows[] = {
		{0, "0.0%"}, {16, "1.6%"}, {898, "89.8%"}, {1000, "100.0%"}, {1150, "115.0%"}, {-5, "0.0%"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[24];
		target_view_percent(rows[i].permille, out, sizeof out);
		assert_string_equal(out, rows[i].text);
	}
}

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		bool money;
		const char *text;
		long long min;
		bool ok;
		long long value;
	} rows[] = {
		{false, "118", 1, true, 118},
		{false, "0", 1, false, 0},	    /* a target is at least 1 */
		{false, "0", 0, true, 0},	    /* a share may be 0 */
		{false, "3.5", 0, false, 0},	    /* whole numbers only */
		{false, "-3", 1, false, 0},	    /* no sign where no correction is possible */
		{false, "-3", -TARGET_VALUE_MAX, true, -3},
		{false, "－3", -TARGET_VALUE_MAX, true, -3}, /* a full-width minus */
		{false, "99999999999999", 1, true, TARGET_VALUE_MAX},
		{false, "100000000000000", 1, false, 0},
		{false, "四百", 1, false, 0},
		{true, "1,000,000", 1, true, 100000000},
		{true, "800000.00", 1, true, 80000000},
		{true, "¥300元", 1, true, 30000},
		{true, "1.234", 1, false, 0},	    /* a third decimal is refused, never rounded */
		{true, "-12.50", -TARGET_VALUE_MAX, true, -1250},
		{true, "0.00", 0, true, 0},
		{true, "0.00", 1, false, 0},
		{true, "", 1, false, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		long long v = -7;
		char why[200] = "";
		bool ok = target_view_parse(rows[i].money, rows[i].text, rows[i].min, &v, why, sizeof why);
		if (ok != rows[i].ok)
			fail_msg("row %zu (%s): %s", i, rows[i].text, ok ? "accepted" : why);
		if (ok)
			assert_int_equal(v, rows[i].value);
		else
			assert_true(why[0] != '\0');
	}
	/* The reason says what is expected where it is expected. */
	long long v;
	char why[200];
	assert_false(target_view_parse(false, "x", 1, &v, why, sizeof why));
	assert_string_equal(why, msg(MSG_TARGET_VALUE));
	assert_false(target_view_parse(false, "x", 0, &v, why, sizeof why));
	assert_string_equal(why, msg(MSG_TARGET_PART_VALUE));
	assert_false(target_view_parse(false, "x", -5, &v, why, sizeof why));
	assert_string_equal(why, msg(MSG_TARGET_ENTRY_VALUE));
}

static void test_status(void **state)
{
	(void)state;
	static const struct {
		const char *unit;
		enum target_status s;
		long long value, achieved;
		const char *html;
	} rows[] = {
		{"名", TARGET_OVER, 9325, 9465, "<span class=\"tag status ok\">超额完成140名</span>"},
		{"元", TARGET_OVER, 100000000, 112000000, "<span class=\"tag status ok\">超额完成12万元</span>"},
		{"例", TARGET_DONE, 400, 400, "<span class=\"tag status ok\">已完成</span>"},
		{"例", TARGET_ON_TRACK, 400, 300, "<span class=\"tag status info\">正常</span>"},
		{"例", TARGET_LAGGING, 400, 10, "<span class=\"tag status warn\">滞后</span>"},
		{"例", TARGET_OVERDUE, 400, 10, "<span class=\"tag status danger\">逾期</span>"},
		{"例", TARGET_STATUS__MAX, -1, 10, "<span class=\"muted\">—</span>"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct target t = target_in(rows[i].unit);
		struct buf b = BUF_INIT(1024);
		assert_int_equal(target_view_status(&b, &t, rows[i].s, rows[i].value, rows[i].achieved), 0);
		assert_string_equal(buf_cstr(&b), rows[i].html);
		buf_release(&b);
	}
	assert_string_equal(target_view_status_class(TARGET_STATUS__MAX), "");
}

static void test_parts_and_scope(void **state)
{
	(void)state;
	struct target_view_towns tw = {.n = 1};
	snprintf(tw.code[0], sizeof tw.code[0], "341699001000");
	snprintf(tw.name[0], sizeof tw.name[0], "青禾镇");
	assert_string_equal(target_view_part_name(&tw, "341699001000"), "青禾镇");
	assert_string_equal(target_view_part_name(&tw, "1"), "城镇");
	assert_string_equal(target_view_part_name(&tw, "2"), "农村");
	assert_string_equal(target_view_part_name(&tw, ""), "县级");
	assert_string_equal(target_view_part_name(&tw, "341699009000"), "341699009000");
	char own[13];
	struct registry_scope county = {"000000000000", "999999999999"}, town = {"341699001000", "341699001999"},
			      village = {"341699001001", "341699001001"}, none = {"", ""};
	target_view_scope_township(&county, own);
	assert_string_equal(own, "");
	target_view_scope_township(&town, own);
	assert_string_equal(own, "341699001000");
	target_view_scope_township(&village, own);
	assert_string_equal(own, "341699001000");
	target_view_scope_township(&none, own);
	assert_string_equal(own, "");
}

static void test_reason_set(void **state)
{
	(void)state;
	struct case_problems pr;
	memset(&pr, 0, sizeof pr);
	case_field_problem(&pr, "name", "目标名称不能为空");
	case_field_problem(&pr, "value", "目标值应为大于0的数");
	target_view_reason_set(&pr, "value", "金额最多两位小数（到分）");
	assert_int_equal(pr.n, 2);
	assert_string_equal(pr.items[1].reason, "金额最多两位小数（到分）");
	target_view_reason_set(&pr, "year", "年度应为2000至2100之间的四位数年份");
	assert_int_equal(pr.n, 3);
	assert_string_equal(pr.items[2].field, "year");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount),	      cmocka_unit_test(test_percent), cmocka_unit_test(test_parse),
		cmocka_unit_test(test_status),	      cmocka_unit_test(test_parts_and_scope),
		cmocka_unit_test(test_reason_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
