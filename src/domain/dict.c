#include "domain/dict.h"

#include <string.h>

static const char *const names[DICT__MAX] = {
	[DICT_SEX] = "性别",	     [DICT_CATEGORY] = "残疾类别", [DICT_GRADE] = "残疾等级", [DICT_HUKOU] = "户口性质",
	[DICT_YESNO] = "是否",	     [DICT_STATUS] = "人员状态",  [DICT_LEVEL] = "区划级别",
};

static const struct dict_entry entries[] = {
	{ DICT_SEX, 1, "男", "男性" },
	{ DICT_SEX, 2, "女", "女性" },
	{ DICT_CATEGORY, 1, "视力", "视力残疾|1" },
	{ DICT_CATEGORY, 2, "听力", "听力残疾|2" },
	{ DICT_CATEGORY, 3, "言语", "言语残疾|3" },
	{ DICT_CATEGORY, 4, "肢体", "肢体残疾|4" },
	{ DICT_CATEGORY, 5, "智力", "智力残疾|5" },
	{ DICT_CATEGORY, 6, "精神", "精神残疾|6" },
	{ DICT_CATEGORY, 7, "多重", "多重残疾|7" },
	{ DICT_GRADE, 1, "一级", "1级|一|1" },
	{ DICT_GRADE, 2, "二级", "2级|二|2" },
	{ DICT_GRADE, 3, "三级", "3级|三|3" },
	{ DICT_GRADE, 4, "四级", "4级|四|4" },
	{ DICT_HUKOU, 1, "城镇", "城镇户口|非农业|非农业户口|城市" },
	{ DICT_HUKOU, 2, "农村", "农村户口|农业|农业户口" },
	{ DICT_YESNO, 1, "是", "Y|y|1" },
	{ DICT_YESNO, 0, "否", "N|n|0" },
	{ DICT_STATUS, 1, "在册", "" },
	{ DICT_STATUS, 2, "死亡", "" },
	{ DICT_STATUS, 3, "迁出", "" },
	{ DICT_LEVEL, 1, "县", "county|区|县级" },
	{ DICT_LEVEL, 2, "乡镇", "township|乡|镇|街道" },
	{ DICT_LEVEL, 3, "村", "village|社区|行政村" },
	{ DICT__MAX, 0, NULL, NULL },
};

const char *dict_name(enum dict_type type)
{
	return type < DICT__MAX ? names[type] : "";
}

const char *dict_label(enum dict_type type, int code)
{
	for (const struct dict_entry *e = entries; e->label; e++)
		if (e->type == type && e->code == code)
			return e->label;
	return NULL;
}

/* Whether text is one of the '|'-separated words of list. */
static int in_list(const char *list, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, text, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

int dict_parse(enum dict_type type, const char *text)
{
	if (!*text)
		return -1;
	for (const struct dict_entry *e = entries; e->label; e++)
		if (e->type == type && (strcmp(e->label, text) == 0 || in_list(e->aliases, text)))
			return e->code;
	return -1;
}

const struct dict_entry *dict_entries(void)
{
	return entries;
}
