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
