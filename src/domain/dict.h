/*
 * dict: the dictionaries (字典) of coded values: sex, disability category
 * and grade, hukou type, yes/no, person status, division level. Codes are
 * what the database stores; labels are what pages, exports and public lists
 * show; parsing accepts the label, the older or longer words clerks still
 * type (农业户口, 视力残疾, 1级 ...) and, where a roster may carry them, the
 * bare codes.
 */
#ifndef HUIMIN_DICT_H
#define HUIMIN_DICT_H

enum dict_type {
	DICT_SEX,	/* 1 男, 2 女 */
	DICT_CATEGORY,	/* 1 视力 .. 7 多重 */
	DICT_GRADE,	/* 1 一级 .. 4 四级 */
	DICT_HUKOU,	/* 1 城镇, 2 农村 */
	DICT_YESNO,	/* 1 是, 0 否 */
	DICT_STATUS,	/* 1 在册, 2 死亡, 3 迁出 */
	DICT_LEVEL,	/* 1 县, 2 乡镇, 3 村 */
	DICT__MAX
};

struct dict_entry {
	enum dict_type type;
	int code;
	const char *label;
	const char *aliases; /* '|'-separated other spellings accepted by dict_parse */
};

/* The dictionary's name as users know it, e.g. "残疾类别". */
const char *dict_name(enum dict_type type);
/* The label of code, or NULL when the code is not in the dictionary. */
const char *dict_label(enum dict_type type, int code);
/* The code for text (label, alias or accepted bare code), or -1. */
int dict_parse(enum dict_type type, const char *text);
/* All entries, in order, ending with an entry whose label is NULL. */
const struct dict_entry *dict_entries(void);

#endif
