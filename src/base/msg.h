/*
 * msg: the user-facing Chinese text of huimin, in one table, so wording is
 * consistent, reviewable in one place and translatable later. Each entry is
 * a printf format; the comment gives its arguments.
 */
#ifndef HUIMIN_MSG_H
#define HUIMIN_MSG_H

enum msg_id {
	/* spreadsheet import, whole file */
	MSG_NO_HEADER,		/* (none) */
	MSG_MISSING_COLUMNS,	/* %s list of headers */
	MSG_DUPLICATE_COLUMN,	/* %s header */
	MSG_UNKNOWN_COLUMNS,	/* %s list of headers */
	MSG_TOO_MANY_ROWS,	/* %d limit */
	MSG_NOTHING_IMPORTED,	/* %ld rejected rows */
	/* a row the reader could not read */
	MSG_ROW_BAD_ENCODING,	/* %s encoding */
	MSG_ROW_FIELD_TOO_LONG, /* %d bytes */
	MSG_ROW_TOO_MANY_FIELDS, /* %d */
	MSG_ROW_TOO_LONG,	/* %d bytes */
	MSG_ROW_UNTERMINATED_QUOTE, /* (none) */
	MSG_ROW_EXTRA_FIELDS,	/* %zu fields, %zu headers */
	MSG_ROW_MISSING_FIELDS, /* %zu fields, %zu headers */
	/* cells */
	MSG_REQUIRED,		/* (none) */
	MSG_TOO_LONG_CHARS,	/* %d characters */
	MSG_CONTROL_CHARS,	/* (none) */
	MSG_SAVED_AS_NUMBER,	/* (none) */
	MSG_ID_LENGTH,		/* %zu length */
	MSG_ID_CHARS,		/* (none) */
	MSG_ID_AREA,		/* %.2s first two digits */
	MSG_ID_BIRTH,		/* %.8s digits 7-14 */
	MSG_ID_FUTURE,		/* %.8s digits 7-14 */
	MSG_ID_CHECK,		/* %c expected check character */
	MSG_SEX_INVALID,	/* (none) */
	MSG_SEX_MISMATCH,	/* %s sex per ID */
	MSG_CERT_LENGTH,	/* %zu length */
	MSG_CERT_CHARS,		/* (none) */
	MSG_CERT_ID_MISMATCH,	/* (none) */
	MSG_CERT_CATEGORY,	/* (none) */
	MSG_CERT_GRADE,		/* (none) */
	MSG_CATEGORY_INVALID,	/* (none) */
	MSG_GRADE_INVALID,	/* (none) */
	MSG_CATEGORY_MISMATCH,	/* %s category per certificate */
	MSG_GRADE_MISMATCH,	/* %s grade per certificate */
	MSG_HUKOU_INVALID,	/* (none) */
	MSG_YESNO_INVALID,	/* (none) */
	MSG_PHONE_INVALID,	/* (none) */
	MSG_ACCOUNT_INVALID,	/* %d min, %d max digits */
	MSG_TOWNSHIP_UNKNOWN,	/* %s township */
	MSG_TOWNSHIP_AMBIGUOUS, /* %s township */
	MSG_VILLAGE_UNKNOWN,	/* %s township, %s village */
	MSG_VILLAGE_AMBIGUOUS,	/* %s township, %s village */
	MSG_VILLAGE_ELSEWHERE,	/* %s village, %s township */
	MSG_DUPLICATE_ROW,	/* %ld first row */
	MSG_EXISTS_NO_UPDATE,	/* %s file number */
	MSG_ID_TAKEN,		/* %s file number */
	MSG_OUT_OF_SCOPE,	/* (none) */
	MSG_EXISTS_OUT_OF_SCOPE, /* (none) */
	MSG_STATUS_INVALID,	/* (none) */
	/* divisions */
	MSG_DIV_CODE,		/* (none) */
	MSG_DIV_LEVEL,		/* (none) */
	MSG_DIV_SHAPE,		/* %s level label */
	MSG_DIV_PARENT_MISSING, /* %s code */
	MSG_DIV_PARENT_WRONG,	/* %s expected code */
	MSG_DIV_DUPLICATE,	/* %ld first row */
	/* accounts and passwords */
	MSG_ACCOUNT_NAME,	/* %d max characters */
	MSG_ACCOUNT_NAME_TAKEN, /* %s name */
	MSG_ACCOUNT_ROLE,	/* (none) */
	MSG_ACCOUNT_DIV_REQUIRED, /* %s role label, %s level label, %s level label */
	MSG_ACCOUNT_DIV_UNKNOWN, /* %s code */
	MSG_ACCOUNT_DIV_LEVEL,	/* %s code, %s level label */
	MSG_ACCOUNT_DIV_COUNTY, /* %s role label */
	MSG_ACCOUNT_NOT_FOUND,	/* %lld user id */
	MSG_PASSWORD_SHORT,	/* %d min characters */
	MSG_PASSWORD_LONG,	/* %d max bytes */
	MSG_PASSWORD_CHARS,	/* (none) */
	MSG_PASSWORD_CLASSES,	/* %d min classes */
	MSG_PASSWORD_NAME,	/* (none) */
	MSG_PASSWORD_SAME,	/* (none) */
	/* registry filters (list page, API) */
	MSG_FILTER_TOWNSHIP,	/* (none) */
	MSG_FILTER_VILLAGE,	/* (none) */
	MSG_FILTER_CODES,	/* %d lowest code, %d highest code */
	MSG_FILTER_VALUE,	/* (none) */
	MSG_FILTER_PAGE,	/* (none) */
	MSG_FILTER_PER_PAGE,	/* %d min, %d max */
	MSG_FILTER_Q,		/* %d max bytes */
	/* 系统管理 (administration pages) */
	MSG_ACCOUNT_DISABLE_SELF, /* (none) */
	MSG_ACCOUNT_NAME_EMPTY, /* (none) */
	MSG_ACCOUNT_ROLE_EMPTY, /* (none) */
	MSG_ACCOUNT_ALREADY_DISABLED, /* (none) */
	MSG_ACCOUNT_ALREADY_ENABLED, /* (none) */
	MSG_ACCOUNT_NOT_LOCKED, /* (none) */
	MSG_ACCOUNT_DONE_DISABLED, /* %s name, %ld sessions ended */
	MSG_ACCOUNT_DONE_ENABLED, /* %s name */
	MSG_ACCOUNT_DONE_UNLOCKED, /* %s name */
	MSG_SETTING_RANGE,	/* %d min, %d max */
	MSG_SETTING_SAVED,	/* (none) */
	MSG_SETTING_UNCHANGED,	/* (none) */
	MSG_LOG_DATE,		/* (none) */
	MSG_LOG_DATE_ORDER,	/* (none) */
	MSG_ADMIN_ONLY,		/* (none) */
	MSG_NOTICE_SETTING_VALUE, /* (none) */
	MSG_NOTICE_SETTING_SAVED, /* (none) */
	/* charts (io/svg): their text for screen readers and tooltips */
	MSG_CHART_NO_DATA,	/* (none) */
	MSG_CHART_TARGET,	/* %s target */
	MSG_CHART_COMPLETION,	/* %s value, %s target, %s completion per cent */
	MSG_CHART_ELAPSED,	/* %s time elapsed per cent */
	/* 劳动就业 and 康复 (training classes, rehabilitation services) */
	MSG_EMP_YEAR,	/* (none) */
	MSG_EMP_DATE_EMPTY,	/* %s label */
	MSG_EMP_DATE_BAD,	/* %s label */
	MSG_EMP_DATE_FUTURE,	/* %s label, %s date */
	MSG_EMP_TEXT_EMPTY,	/* %s label, %d max characters */
	MSG_EMP_TEXT_LONG,	/* %s label, %d max characters */
	MSG_EMP_TEXT_CONTROL,	/* %s label */
	MSG_EMP_ID_NUMBER,	/* (none) */
	MSG_EMP_PERSON_NOT_FOUND,	/* (none) */
	MSG_EMP_PERSON_INACTIVE,	/* %s name, %s status label */
	MSG_TRAINING_ROLE_MANAGE,	/* %s role label */
	MSG_TRAINING_ROLE_ENROL,	/* %s role label */
	MSG_TRAINING_KIND,	/* (none) */
	MSG_TRAINING_START_YEAR,	/* %d year */
	MSG_TRAINING_END_BEFORE,	/* (none) */
	MSG_TRAINING_SUPPORT_MAX,	/* %s amount */
	MSG_TRAINING_NOT_FOUND,	/* (none) */
	MSG_TRAINING_CLOSED,	/* (none) */
	MSG_TRAINING_ALREADY_CLOSED,	/* (none) */
	MSG_TRAINING_DUPLICATE,	/* %s name */
	MSG_TRAINING_NOT_TRAINEE,	/* (none) */
	MSG_TRAINING_CREATED,	/* (none) */
	MSG_TRAINING_ADDED,	/* (none) */
	MSG_TRAINING_REMOVED,	/* (none) */
	MSG_TRAINING_DONE_CLOSED,	/* (none) */
	MSG_TRAINING_NO_ACCESS,	/* (none) */
	MSG_REHAB_ROLE,	/* %s role label */
	MSG_REHAB_KIND,	/* (none) */
	MSG_REHAB_ADDED,	/* (none) */
	/* 残疾人基本情况调查 (survey, survey-check) */
	MSG_SURVEY_NONE,	/* %d year */
	MSG_SURVEY_YEAR,	/* (none) */
	MSG_SURVEY_PERIOD_DATE, /* %s which date (开始日期/结束日期) */
	MSG_SURVEY_PERIOD_ORDER, /* (none) */
	MSG_SURVEY_FORM_LOCKED, /* %d year */
	MSG_SURVEY_ROLE_RECORD, /* %s role label */
	MSG_SURVEY_ROLE_MANAGE, /* %s role label */
	MSG_SURVEY_ROLE_CHECK, /* %s role label */
	MSG_SURVEY_DIVISION, /* (none) */
	MSG_SURVEY_NOT_ON_ROSTER, /* %d year */
	MSG_SURVEY_OUTCOME, /* (none) */
	MSG_SURVEY_DATE_REQUIRED, /* (none) */
	MSG_SURVEY_DATE_INVALID, /* (none) */
	MSG_SURVEY_DATE_FUTURE, /* %s date */
	MSG_SURVEY_DATE_EARLY, /* %s start date */
	MSG_SURVEY_INVESTIGATOR, /* (none) */
	MSG_SURVEY_NAME_LONG, /* %d max characters */
	MSG_SURVEY_TEXT_CONTROL, /* (none) */
	MSG_SURVEY_REMARK_NOT_FOUND, /* (none) */
	MSG_SURVEY_REMARK_CORRECTION, /* (none) */
	MSG_SURVEY_REMARK_LONG, /* %d max characters */
	MSG_SURVEY_ITEM_UNKNOWN, /* (none) */
	MSG_SURVEY_ITEM_REQUIRED, /* (none) */
	MSG_SURVEY_STALE, /* %d current version */
	MSG_SURVEY_ACCOUNT, /* %s account name */
	MSG_SURVEY_ASSIGN_EMPTY, /* (none) */
	MSG_SURVEY_CHECK_N, /* %d max */
	MSG_SURVEY_CHECK_SEED, /* (none) */
	MSG_SURVEY_CHECK_EMPTY, /* (none) */
	MSG_SURVEY_CHECK_RESULT, /* (none) */
	MSG_SURVEY_CHECK_NOTE, /* (none) */
	MSG_SURVEY_CHECK_DONE, /* (none) */
	MSG_SURVEY_CHECK_ITEM, /* (none) */
	MSG_SURVEY_CHECK_DATE, /* %s draw date */
	MSG_SURVEY_CHECK_DATE_INVALID, /* (none) */
	/* 目标管理 and 督查 (target pages) */
	MSG_TARGET_NO_ACCESS,	/* (none) */
	MSG_TARGET_READ_ONLY,	/* (none) */
	MSG_TARGET_COUNTY_ONLY, /* (none) */
	MSG_TARGET_SAVED,	/* (none) */
	MSG_TARGET_COPIED,	/* %d from year, %ld targets, %d to year, %d to year */
	MSG_TARGET_PARTS_SAVED, /* (none) */
	MSG_TARGET_ENTRY_SAVED, /* (none) */
	MSG_TARGET_YEAR,	/* (none) */
	MSG_TARGET_VALUE,	/* (none) */
	MSG_TARGET_PART_VALUE,	/* (none) */
	MSG_TARGET_ENTRY_VALUE, /* (none) */
	MSG_TARGET_PARTS_SUM,	/* %s sum, %s target value, %s difference */
	MSG_TARGET_NOT_FOUND,	/* (none) */
	MSG_SUPERVISION_OPENED, /* (none) */
	MSG_SUPERVISION_ANSWERED, /* (none) */
	MSG_SUPERVISION_CLOSED, /* (none) */
	MSG_SUPERVISION_SENT_BACK, /* (none) */
	MSG_SUPERVISION_NOT_FOUND, /* (none) */
	/* 统一社会信用代码 (base/uscc) */
	MSG_USCC_LENGTH,	/* %zu length */
	MSG_USCC_LENGTH_OVER,	/* %d length */
	MSG_USCC_CHARS,	/* %d place, %s character */
	MSG_USCC_AUTHORITY,	/* %c character 1 */
	MSG_USCC_TYPE,	/* %c character 2, %s authority, %s its types */
	MSG_USCC_DIVISION,	/* %.6s characters 3-8 */
	MSG_USCC_CHECK,	/* %c expected, %c given */
	MSG_USCC_INVALID,	/* (none) */
	/* 用人单位 (domain/enterprise) */
	MSG_ENT_CODE_TAKEN,	/* %s name */
	MSG_ENT_DIVISION,	/* (none) */
	MSG_ENT_OUT_OF_SCOPE,	/* (none) */
	MSG_ENT_PHONE,	/* (none) */
	MSG_ENT_YEAR,	/* %d min, %d max */
	MSG_ENT_COUNT,	/* %d max */
	MSG_ENT_DISABLED_OVER,	/* %ld employees */
	MSG_ENT_FIGURES_YEAR,	/* (none) */
	MSG_ENT_STALE,	/* (none) */
	MSG_ENT_NOT_FOUND,	/* (none) */
	/* 就业保障金 (domain/levy) */
	MSG_LEVY_WAGE_RANGE,	/* %s max yuan */
	MSG_LEVY_RATIO,	/* (none) */
	MSG_LEVY_NO_WAGE,	/* %d year */
	MSG_LEVY_KIND,	/* (none) */
	MSG_LEVY_OVERRIDE_OVER,	/* %s formula yuan */
	MSG_LEVY_OVERRIDE_NONE,	/* %d year */
	MSG_LEVY_AMOUNT_ZERO,	/* (none) */
	MSG_LEVY_NEGATIVE_REASON,	/* (none) */
	MSG_LEVY_NEGATIVE_OVER,	/* %d year, %s collected yuan */
	MSG_LEVY_CORRECTS_UNKNOWN,	/* %lld entry, %d year */
	MSG_LEVY_CORRECTS_OVER,	/* %s yuan left */
	MSG_LEVY_CORRECTS_NUMBER,	/* (none) */
	MSG_LEVY_CORRECTS_POSITIVE,	/* (none) */
	MSG_LEVY_RECEIPT,	/* %d max */
	MSG_LEVY_RECEIPT_TAKEN,	/* %s name, %s yuan, %lld entry */
	MSG_LEVY_DATE_FUTURE,	/* %s today */
	MSG_LEVY_DATE_BEFORE,	/* %d year */
	MSG_LEVY_METRIC,	/* %s metric */
	MSG_LEVY_FORBIDDEN,	/* (none) */
	MSG_LEVY_READ_ONLY,	/* (none) */
	/* 目标管理: the evidence's document of a progress entry */
	MSG_TARGET_EVIDENCE_HINT,      /* %u megabytes at most */
	MSG_TARGET_EVIDENCE_NOT_FOUND, /* (none) */
	MSG_TARGET_EVIDENCE_MISSING,   /* (none) */
	MSG_MILESTONE_ROLE, /* %s role label */
	MSG_MILESTONE_LINE, /* (none) */
	MSG_MILESTONE_DATE, /* %d year */
	MSG_MILESTONE_DATE_FUTURE, /* %s date */
	MSG_MILESTONE_TITLE_EMPTY, /* (none) */
	MSG_MILESTONE_TITLE_CONTROL, /* (none) */
	MSG_MILESTONE_TITLE_LONG, /* %d max characters */
	MSG_TPL_TOO_LARGE, /* %d max bytes */
	MSG_TPL_ENCODING, /* %d line */
	MSG_TPL_LINE_LONG, /* %d line, %d max bytes */
	MSG_TPL_SECTION_SYNTAX, /* %d line */
	MSG_TPL_SECTION_UNKNOWN, /* %d line, %s key */
	MSG_TPL_SECTION_TWICE, /* %d line, %s key, %d first line */
	MSG_TPL_OUTSIDE, /* %d line */
	MSG_TPL_BRACE, /* %d line */
	MSG_TPL_STRAY_BRACE, /* %d line */
	MSG_TPL_NAME_UNKNOWN, /* %d line, %s section, %s name */
	MSG_TPL_COND_SYNTAX, /* %d line */
	MSG_TPL_TOO_MANY, /* %d line, %d max sections, %d max lines */
	MSG_TPL_PIECES, /* %d line, %d max */
	MSG_TPL_MISSING, /* %s section */
	MSG_REPORT_NO_FIGURE, /* %s name */
	MSG_REPORT_NODATA, /* %s reason */
	MSG_REPORT_NO_RECORDS, /* %s metric label */
	MSG_REPORT_NO_DATES, /* %s metric label */
	MSG_REPORT_NO_CASES, /* %d year */
	MSG_REPORT_NO_TARGET_METRIC, /* (none) */
	MSG_REPORT_NO_SHARE, /* (none) */
	MSG_REPORT_NO_TARGET, /* %d year */
	MSG_REPORT_NO_HUKOU_SPLIT, /* (none) */
	MSG_REPORT_NO_SUCCESS, /* (none) */
	MSG_REPORT_NO_MONEY, /* (none) */
	MSG_REPORT_NO_PAID, /* (none) */
	MSG_REPORT_NO_BUDGET, /* (none) */
	MSG_REPORT_NO_MILESTONES, /* (none) */
	MSG_REPORT_NO_SURVEY, /* %d year */
	MSG_REPORT_NO_ROSTER, /* (none) */
	MSG_REPORT_NO_CLASSES, /* %d year */
	MSG_REPORT_NO_SERVICES, /* %d year */
	MSG_REPORT_NO_PROJECTS, /* (none) */
	MSG_REPORT_NO_TARGETS, /* %d year */
	MSG_REPORT_NO_LEVY, /* %d year */
	MSG_REPORT_TEMPLATE_READ, /* %s path, %s reason */
	MSG_REPORT_TEMPLATE_BUILTIN, /* (none) */
	MSG_REPORT_TEMPLATE_MISTAKES, /* %s template */
	MSG_REPORT_WRITE, /* %s path, %s reason */
	MSG_REPORT_FORBIDDEN, /* (none) */
	MSG_REPORT_INTRO, /* %s today, %s template */
	MSG_REPORT_INTRO_TOWNSHIP, /* %s today, %s template */
	MSG_REPORT_MILESTONE_ADDED, /* (none) */
	MSG_REPORT_MILESTONE_REMOVED, /* (none) */
	MSG_REPORT_MILESTONE_NOT_FOUND, /* (none) */
	MSG_REPORT_FORMAT, /* (none) */
	MSG_REPORT_TEXT_INVALID, /* (none) */
	MSG_REPORT_NO_SHARE_OF, /* %s target name */
	/* printed documents (PDF) */
	MSG_PRINT_FULL_DENIED,	    /* (none) */
	MSG_PRINT_CHOOSE_VILLAGE,   /* (none) */
	MSG_PRINT_VILLAGE_NOT_FOUND, /* (none) */
	MSG_PRINT_TOWNSHIP_NOT_FOUND, /* (none) */
	MSG_PRINT_TOO_MANY,	    /* %ld rows, %d limit */
	MSG_FILTER_DATE, /* (none) */
	MSG_STATS_NO_ACCESS, /* (none) */
	MSG_STATS_DIM, /* (none) */
	MSG_STATS_SAME_DIM, /* (none) */
	MSG_STATS_CASES_ONLY, /* %s the dimension's label */
	MSG_STATS_STAGE_REACHED, /* (none) */
	MSG_STATS_TOO_MANY, /* %ld cells, %d the limit */
	MSG_STATS_PROGRAM, /* (none) */
	MSG_STATS_STATUS, /* (none) */
	MSG__MAX
};

/* The format of id. */
const char *msg(enum msg_id id);

#endif
