/*
 * Unit tests for base/msg: every message is there, is clean UTF-8 text,
 * and takes the printf arguments its comment in msg.h promises.
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
#include "base/utf8.h"

/* The conversions each format must have, in order, per the comments in msg.h. */
static const char *const conversions[MSG__MAX] = {
    [MSG_NO_HEADER] = "",
    [MSG_MISSING_COLUMNS] = "%s",
    [MSG_DUPLICATE_COLUMN] = "%s",
    [MSG_UNKNOWN_COLUMNS] = "%s",
    [MSG_TOO_MANY_ROWS] = "%d",
    [MSG_NOTHING_IMPORTED] = "%ld",
    [MSG_ROW_BAD_ENCODING] = "%s",
    [MSG_ROW_FIELD_TOO_LONG] = "%d",
    [MSG_ROW_TOO_MANY_FIELDS] = "%d",
    [MSG_ROW_TOO_LONG] = "%d",
    [MSG_ROW_UNTERMINATED_QUOTE] = "",
    [MSG_ROW_EXTRA_FIELDS] = "%zu%zu",
    [MSG_ROW_MISSING_FIELDS] = "%zu%zu",
    [MSG_REQUIRED] = "",
    [MSG_TOO_LONG_CHARS] = "%d",
    [MSG_CONTROL_CHARS] = "",
    [MSG_SAVED_AS_NUMBER] = "",
    [MSG_ID_LENGTH] = "%zu",
    [MSG_ID_CHARS] = "",
    [MSG_ID_AREA] = "%.2s",
    [MSG_ID_BIRTH] = "%.8s",
    [MSG_ID_FUTURE] = "%.8s",
    [MSG_ID_CHECK] = "%c",
    [MSG_SEX_INVALID] = "",
    [MSG_SEX_MISMATCH] = "%s",
    [MSG_CERT_LENGTH] = "%zu",
    [MSG_CERT_CHARS] = "",
    [MSG_CERT_ID_MISMATCH] = "",
    [MSG_CERT_CATEGORY] = "",
    [MSG_CERT_GRADE] = "",
    [MSG_CATEGORY_INVALID] = "",
    [MSG_GRADE_INVALID] = "",
    [MSG_CATEGORY_MISMATCH] = "%s",
    [MSG_GRADE_MISMATCH] = "%s",
    [MSG_HUKOU_INVALID] = "",
    [MSG_YESNO_INVALID] = "",
    [MSG_PHONE_INVALID] = "",
    [MSG_ACCOUNT_INVALID] = "%d%d",
    [MSG_TOWNSHIP_UNKNOWN] = "%s",
    [MSG_TOWNSHIP_AMBIGUOUS] = "%s",
    [MSG_VILLAGE_UNKNOWN] = "%s%s",
    [MSG_VILLAGE_AMBIGUOUS] = "%s%s",
    [MSG_VILLAGE_ELSEWHERE] = "%s%s",
    [MSG_DUPLICATE_ROW] = "%ld",
    [MSG_EXISTS_NO_UPDATE] = "%s",
    [MSG_ID_TAKEN] = "%s",
    [MSG_OUT_OF_SCOPE] = "",
    [MSG_EXISTS_OUT_OF_SCOPE] = "",
    [MSG_STATUS_INVALID] = "",
    [MSG_DIV_CODE] = "",
    [MSG_DIV_LEVEL] = "",
    [MSG_DIV_SHAPE] = "%s",
    [MSG_DIV_PARENT_MISSING] = "%s",
    [MSG_DIV_PARENT_WRONG] = "%s",
    [MSG_DIV_DUPLICATE] = "%ld",
    [MSG_ACCOUNT_NAME] = "%d",
    [MSG_ACCOUNT_NAME_TAKEN] = "%s",
    [MSG_ACCOUNT_ROLE] = "",
    [MSG_ACCOUNT_DIV_REQUIRED] = "%s%s%s",
    [MSG_ACCOUNT_DIV_UNKNOWN] = "%s",
    [MSG_ACCOUNT_DIV_LEVEL] = "%s%s",
    [MSG_ACCOUNT_DIV_COUNTY] = "%s",
    [MSG_ACCOUNT_NOT_FOUND] = "%lld",
    [MSG_PASSWORD_SHORT] = "%d",
    [MSG_PASSWORD_LONG] = "%d",
    [MSG_PASSWORD_CHARS] = "",
    [MSG_PASSWORD_CLASSES] = "%d",
    [MSG_PASSWORD_NAME] = "",
    [MSG_PASSWORD_SAME] = "",
    [MSG_FILTER_TOWNSHIP] = "",
    [MSG_FILTER_VILLAGE] = "",
    [MSG_FILTER_CODES] = "%d%d",
    [MSG_FILTER_VALUE] = "",
    [MSG_FILTER_PAGE] = "",
    [MSG_FILTER_PER_PAGE] = "%d%d",
    [MSG_FILTER_Q] = "%d",
    [MSG_ACCOUNT_DISABLE_SELF] = "",
    [MSG_ACCOUNT_NAME_EMPTY] = "",
    [MSG_ACCOUNT_ROLE_EMPTY] = "",
    [MSG_ACCOUNT_ALREADY_DISABLED] = "",
    [MSG_ACCOUNT_ALREADY_ENABLED] = "",
    [MSG_ACCOUNT_NOT_LOCKED] = "",
    [MSG_ACCOUNT_DONE_DISABLED] = "%s%ld",
    [MSG_ACCOUNT_DONE_ENABLED] = "%s",
    [MSG_ACCOUNT_DONE_UNLOCKED] = "%s",
    [MSG_SETTING_RANGE] = "%d%d",
    [MSG_SETTING_SAVED] = "",
    [MSG_SETTING_UNCHANGED] = "",
    [MSG_LOG_DATE] = "",
    [MSG_LOG_DATE_ORDER] = "",
    [MSG_ADMIN_ONLY] = "",
    [MSG_NOTICE_SETTING_VALUE] = "",
    [MSG_NOTICE_SETTING_SAVED] = "",
    [MSG_CHART_NO_DATA] = "",
    [MSG_CHART_TARGET] = "%s",
    [MSG_CHART_COMPLETION] = "%s%s%s",
    [MSG_CHART_ELAPSED] = "%s",
    [MSG_EMP_YEAR] = "",
    [MSG_EMP_DATE_EMPTY] = "%s",
    [MSG_EMP_DATE_BAD] = "%s",
    [MSG_EMP_DATE_FUTURE] = "%s%s",
    [MSG_EMP_TEXT_EMPTY] = "%s%d",
    [MSG_EMP_TEXT_LONG] = "%s%d",
    [MSG_EMP_TEXT_CONTROL] = "%s",
    [MSG_EMP_ID_NUMBER] = "",
    [MSG_EMP_PERSON_NOT_FOUND] = "",
    [MSG_EMP_PERSON_INACTIVE] = "%s%s",
    [MSG_TRAINING_ROLE_MANAGE] = "%s",
    [MSG_TRAINING_ROLE_ENROL] = "%s",
    [MSG_TRAINING_KIND] = "",
    [MSG_TRAINING_START_YEAR] = "%d",
    [MSG_TRAINING_END_BEFORE] = "",
    [MSG_TRAINING_SUPPORT_MAX] = "%s",
    [MSG_TRAINING_NOT_FOUND] = "",
    [MSG_TRAINING_CLOSED] = "",
    [MSG_TRAINING_ALREADY_CLOSED] = "",
    [MSG_TRAINING_DUPLICATE] = "%s",
    [MSG_TRAINING_NOT_TRAINEE] = "",
    [MSG_TRAINING_CREATED] = "",
    [MSG_TRAINING_ADDED] = "",
    [MSG_TRAINING_REMOVED] = "",
    [MSG_TRAINING_DONE_CLOSED] = "",
    [MSG_TRAINING_NO_ACCESS] = "",
    [MSG_REHAB_ROLE] = "%s",
    [MSG_REHAB_KIND] = "",
    [MSG_REHAB_ADDED] = "",
    [MSG_SURVEY_NONE] = "%d",
    [MSG_SURVEY_YEAR] = "",
    [MSG_SURVEY_PERIOD_DATE] = "%s",
    [MSG_SURVEY_PERIOD_ORDER] = "",
    [MSG_SURVEY_FORM_LOCKED] = "%d",
    [MSG_SURVEY_ROLE_RECORD] = "%s",
    [MSG_SURVEY_ROLE_MANAGE] = "%s",
    [MSG_SURVEY_ROLE_CHECK] = "%s",
    [MSG_SURVEY_DIVISION] = "",
    [MSG_SURVEY_NOT_ON_ROSTER] = "%d",
    [MSG_SURVEY_OUTCOME] = "",
    [MSG_SURVEY_DATE_REQUIRED] = "",
    [MSG_SURVEY_DATE_INVALID] = "",
    [MSG_SURVEY_DATE_FUTURE] = "%s",
    [MSG_SURVEY_DATE_EARLY] = "%s",
    [MSG_SURVEY_INVESTIGATOR] = "",
    [MSG_SURVEY_NAME_LONG] = "%d",
    [MSG_SURVEY_TEXT_CONTROL] = "",
    [MSG_SURVEY_REMARK_NOT_FOUND] = "",
    [MSG_SURVEY_REMARK_CORRECTION] = "",
    [MSG_SURVEY_REMARK_LONG] = "%d",
    [MSG_SURVEY_ITEM_UNKNOWN] = "",
    [MSG_SURVEY_ITEM_REQUIRED] = "",
    [MSG_SURVEY_STALE] = "%d",
    [MSG_SURVEY_ACCOUNT] = "%s",
    [MSG_SURVEY_ASSIGN_EMPTY] = "",
    [MSG_SURVEY_CHECK_N] = "%d",
    [MSG_SURVEY_CHECK_SEED] = "",
    [MSG_SURVEY_CHECK_EMPTY] = "",
    [MSG_SURVEY_CHECK_RESULT] = "",
    [MSG_SURVEY_CHECK_NOTE] = "",
    [MSG_SURVEY_CHECK_DONE] = "",
    [MSG_SURVEY_CHECK_ITEM] = "",
    [MSG_SURVEY_CHECK_DATE] = "%s",
    [MSG_SURVEY_CHECK_DATE_INVALID] = "",
    [MSG_TARGET_NO_ACCESS] = "",
    [MSG_TARGET_READ_ONLY] = "",
    [MSG_TARGET_COUNTY_ONLY] = "",
    [MSG_TARGET_SAVED] = "",
    [MSG_TARGET_COPIED] = "%d%ld%d%d",
    [MSG_TARGET_PARTS_SAVED] = "",
    [MSG_TARGET_ENTRY_SAVED] = "",
    [MSG_TARGET_YEAR] = "",
    [MSG_TARGET_VALUE] = "",
    [MSG_TARGET_PART_VALUE] = "",
    [MSG_TARGET_ENTRY_VALUE] = "",
    [MSG_TARGET_PARTS_SUM] = "%s%s%s",
    [MSG_TARGET_NOT_FOUND] = "",
    [MSG_SUPERVISION_OPENED] = "",
    [MSG_SUPERVISION_ANSWERED] = "",
    [MSG_SUPERVISION_CLOSED] = "",
    [MSG_SUPERVISION_SENT_BACK] = "",
    [MSG_SUPERVISION_NOT_FOUND] = "",
    [MSG_USCC_LENGTH] = "%zu",
    [MSG_USCC_LENGTH_OVER] = "%d",
    [MSG_USCC_CHARS] = "%d%s",
    [MSG_USCC_AUTHORITY] = "%c",
    [MSG_USCC_TYPE] = "%c%s%s",
    [MSG_USCC_DIVISION] = "%.6s",
    [MSG_USCC_CHECK] = "%c%c",
    [MSG_USCC_INVALID] = "",
    [MSG_ENT_CODE_TAKEN] = "%s",
    [MSG_ENT_DIVISION] = "",
    [MSG_ENT_OUT_OF_SCOPE] = "",
    [MSG_ENT_PHONE] = "",
    [MSG_ENT_YEAR] = "%d%d",
    [MSG_ENT_COUNT] = "%d",
    [MSG_ENT_DISABLED_OVER] = "%ld",
    [MSG_ENT_FIGURES_YEAR] = "",
    [MSG_ENT_STALE] = "",
    [MSG_ENT_NOT_FOUND] = "",
    [MSG_LEVY_WAGE_RANGE] = "%s",
    [MSG_LEVY_RATIO] = "",
    [MSG_LEVY_NO_WAGE] = "%d",
    [MSG_LEVY_KIND] = "",
    [MSG_LEVY_OVERRIDE_OVER] = "%s",
    [MSG_LEVY_OVERRIDE_NONE] = "%d",
    [MSG_LEVY_AMOUNT_ZERO] = "",
    [MSG_LEVY_NEGATIVE_REASON] = "",
    [MSG_LEVY_NEGATIVE_OVER] = "%d%s",
    [MSG_LEVY_CORRECTS_UNKNOWN] = "%lld%d",
    [MSG_LEVY_CORRECTS_OVER] = "%s",
    [MSG_LEVY_CORRECTS_NUMBER] = "",
    [MSG_LEVY_CORRECTS_POSITIVE] = "",
    [MSG_LEVY_RECEIPT] = "%d",
    [MSG_LEVY_RECEIPT_TAKEN] = "%s%s%lld",
    [MSG_LEVY_DATE_FUTURE] = "%s",
    [MSG_LEVY_DATE_BEFORE] = "%d",
    [MSG_LEVY_METRIC] = "%s",
    [MSG_LEVY_FORBIDDEN] = "",
    [MSG_LEVY_READ_ONLY] = "",
    [MSG_TARGET_EVIDENCE_HINT] = "%u",
    [MSG_TARGET_EVIDENCE_NOT_FOUND] = "",
    [MSG_TARGET_EVIDENCE_MISSING] = "",
    [MSG_MILESTONE_ROLE] = "%s",
    [MSG_MILESTONE_LINE] = "",
    [MSG_MILESTONE_DATE] = "%d",
    [MSG_MILESTONE_DATE_FUTURE] = "%s",
    [MSG_MILESTONE_TITLE_EMPTY] = "",
    [MSG_MILESTONE_TITLE_CONTROL] = "",
    [MSG_MILESTONE_TITLE_LONG] = "%d",
    [MSG_TPL_TOO_LARGE] = "%d",
    [MSG_TPL_ENCODING] = "%d",
    [MSG_TPL_LINE_LONG] = "%d%d",
    [MSG_TPL_SECTION_SYNTAX] = "%d",
    [MSG_TPL_SECTION_UNKNOWN] = "%d%s",
    [MSG_TPL_SECTION_TWICE] = "%d%s%d",
    [MSG_TPL_OUTSIDE] = "%d",
    [MSG_TPL_BRACE] = "%d",
    [MSG_TPL_STRAY_BRACE] = "%d",
    [MSG_TPL_NAME_UNKNOWN] = "%d%s%s",
    [MSG_TPL_COND_SYNTAX] = "%d",
    [MSG_TPL_TOO_MANY] = "%d%d%d",
    [MSG_TPL_PIECES] = "%d%d",
    [MSG_TPL_MISSING] = "%s",
    [MSG_REPORT_NO_FIGURE] = "%s",
    [MSG_REPORT_NODATA] = "%s",
    [MSG_REPORT_NO_RECORDS] = "%s",
    [MSG_REPORT_NO_DATES] = "%s",
    [MSG_REPORT_NO_CASES] = "%d",
    [MSG_REPORT_NO_TARGET_METRIC] = "",
    [MSG_REPORT_NO_SHARE] = "",
    [MSG_REPORT_NO_TARGET] = "%d",
    [MSG_REPORT_NO_HUKOU_SPLIT] = "",
    [MSG_REPORT_NO_SUCCESS] = "",
    [MSG_REPORT_NO_MONEY] = "",
    [MSG_REPORT_NO_PAID] = "",
    [MSG_REPORT_NO_BUDGET] = "",
    [MSG_REPORT_NO_MILESTONES] = "",
    [MSG_REPORT_NO_SURVEY] = "%d",
    [MSG_REPORT_NO_ROSTER] = "",
    [MSG_REPORT_NO_CLASSES] = "%d",
    [MSG_REPORT_NO_SERVICES] = "%d",
    [MSG_REPORT_NO_PROJECTS] = "",
    [MSG_REPORT_NO_TARGETS] = "%d",
    [MSG_REPORT_NO_LEVY] = "%d",
    [MSG_REPORT_TEMPLATE_READ] = "%s%s",
    [MSG_REPORT_TEMPLATE_BUILTIN] = "",
    [MSG_REPORT_TEMPLATE_MISTAKES] = "%s",
    [MSG_REPORT_WRITE] = "%s%s",
    [MSG_REPORT_FORBIDDEN] = "",
    [MSG_REPORT_INTRO] = "%s%s",
    [MSG_REPORT_INTRO_TOWNSHIP] = "%s%s",
    [MSG_REPORT_MILESTONE_ADDED] = "",
    [MSG_REPORT_MILESTONE_REMOVED] = "",
    [MSG_REPORT_MILESTONE_NOT_FOUND] = "",
    [MSG_REPORT_FORMAT] = "",
    [MSG_REPORT_TEXT_INVALID] = "",
    [MSG_REPORT_NO_SHARE_OF] = "%s",
    [MSG_PRINT_FULL_DENIED] = "",
    [MSG_PRINT_CHOOSE_VILLAGE] = "",
    [MSG_PRINT_VILLAGE_NOT_FOUND] = "",
    [MSG_PRINT_TOWNSHIP_NOT_FOUND] = "",
    [MSG_PRINT_TOO_MANY] = "%ld%d",
    [MSG_FILTER_DATE] = "",
    [MSG_STATS_NO_ACCESS] = "",
    [MSG_STATS_DIM] = "",
    [MSG_STATS_SAME_DIM] = "",
    [MSG_STATS_CASES_ONLY] = "%s",
    [MSG_STATS_STAGE_REACHED] = "",
    [MSG_STATS_TOO_MANY] = "%ld%d",
    [MSG_STATS_PROGRAM] = "",
    [MSG_STATS_STATUS] = "",
};

/* The conversion specifications of fmt, concatenated ("%%" is not one). */
static void specs_of(const char *fmt, struct buf *out)
{
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *start = p++;
		while (*p && !strchr("diouxXcspfeEgGaAn", *p))
			p++;
		assert_true(*p != '\0'); /* a '%' that starts no conversion */
		assert_int_equal(buf_add(out, start, (size_t)(p - start + 1)), 0);
	}
}

static void test_every_id_has_text(void **state)
{
	(void)state;
	for (int id = 0; id < MSG__MAX; id++) {
		const char *m = msg((enum msg_id)id);
		assert_non_null(m);
		if (!*m)
			fail_msg("message %d is empty", id);
		assert_true(utf8_valid(m, strlen(m)));
		assert_false(utf8_has_control(m)); /* one line, no tabs */
		/* Every message is Chinese for a clerk: at least one non-ASCII character. */
		assert_true(utf8_length(m) < strlen(m));
	}
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_non_null(msg(MSG__MAX));
	assert_string_equal(msg(MSG__MAX), "");
	assert_string_equal(msg((enum msg_id)(MSG__MAX + 1)), "");
	assert_string_equal(msg((enum msg_id)1000000), "");
}

static void test_conversions_match_comments(void **state)
{
	(void)state;
	for (int id = 0; id < MSG__MAX; id++) {
		struct buf got = BUF_INIT(256);
		assert_non_null(conversions[id]);
		specs_of(msg((enum msg_id)id), &got);
		if (strcmp(buf_cstr(&got), conversions[id]) != 0)
			fail_msg("message %d: conversions \"%s\", expected \"%s\"", id, buf_cstr(&got),
			         conversions[id]);
		buf_release(&got);
	}
}

static void test_distinct(void **state)
{
	(void)state;
	for (int a = 0; a < MSG__MAX; a++)
		for (int b = a + 1; b < MSG__MAX; b++)
			if (strcmp(msg((enum msg_id)a), msg((enum msg_id)b)) == 0)
				fail_msg("messages %d and %d are the same text", a, b);
}

static void test_known_texts(void **state)
{
	char out[512];

	(void)state;
	assert_string_equal(msg(MSG_REQUIRED), "不能为空");
	snprintf(out, sizeof out, msg(MSG_DUPLICATE_ROW), 12L);
	assert_string_equal(out, "与第12行重复");
	snprintf(out, sizeof out, msg(MSG_ID_AREA), "991234");
	assert_string_equal(out, "前两位“99”不是有效的省级代码");
	snprintf(out, sizeof out, msg(MSG_ID_BIRTH), "19901301123X");
	assert_string_equal(out, "第7-14位出生日期“19901301”不是有效日期");
	snprintf(out, sizeof out, msg(MSG_ACCOUNT_INVALID), 8, 30);
	assert_string_equal(out, "只能是8至30位数字");
	snprintf(out, sizeof out, msg(MSG_ROW_EXTRA_FIELDS), (size_t)14, (size_t)13);
	assert_string_equal(out, "有14列，比表头的13列多");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_id_has_text),
	    cmocka_unit_test(test_out_of_range),
	    cmocka_unit_test(test_conversions_match_comments),
	    cmocka_unit_test(test_distinct),
	    cmocka_unit_test(test_known_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
