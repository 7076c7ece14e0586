/*
 * dict: the dictionaries (字典) of coded values: sex, disability category
 * and grade, hukou type, yes/no, person status, division level. Codes are
 * what the database stores; labels are what pages, exports and public lists
 * show; parsing accepts the label, the older or longer words clerks still
 * type (农业户口, 视力残疾, 1级 ...) and, where a roster may carry them, the
 * bare codes.
 *
 * The database table `dictionary` (migration 004) is the one source of
 * codes, labels and aliases; the program only knows each dictionary's
 * identifier (its `type`). dict_load reads the table into memory once per
 * process, after the database is opened and migrated (the CLI's open, the
 * server's start) and before any thread uses the dictionaries; from then on
 * the lookups below read memory only and are safe on any thread.
 *
 * Every lookup before dict_load is a programming error: it prints a message
 * naming the function and aborts, rather than answer "not found".
 */
#ifndef HUIMIN_DICT_H
#define HUIMIN_DICT_H

#include "base/error.h"
#include "store/db.h"

enum dict_type {
	DICT_SEX,	/* sex: 1 男, 2 女 */
	DICT_CATEGORY,	/* category: 1 视力 .. 7 多重 */
	DICT_GRADE,	/* grade: 1 一级 .. 4 四级 */
	DICT_HUKOU,	/* hukou: 1 城镇, 2 农村 */
	DICT_YESNO,	/* yesno: 1 是, 0 否 */
	DICT_STATUS,	/* status: 1 在册, 2 死亡, 3 迁出 */
	DICT_LEVEL,	/* level: 1 县, 2 乡镇, 3 村 */
	DICT__MAX
};

struct dict_entry {
	enum dict_type type;
	int code;
	const char *label;
	const char *aliases; /* '|'-separated other spellings accepted by dict_parse ("" for none) */
};

/* Loading */

/*
 * Reads the dictionary table of db into memory, replacing what an earlier
 * call loaded (strings from before are freed: call it before threads start,
 * and again only where nothing holds an old label, as tests do). The table
 * is checked: every dictionary the program knows has at least one entry, no
 * row has a type the program does not know, no alias is empty, and no word
 * (label or alias) of a dictionary means two codes. On error returns -1
 * with a message and the previous contents (or none) stay.
 */
__attribute__((warn_unused_result)) int dict_load(struct db *db, struct error *err);
/* Frees what dict_load loaded; the lookups abort again until the next load. */
void dict_unload(void);

/* Lookups (abort before dict_load) */

/* The program's identifier of type ("sex", "category" ...), "" for an unknown type; needs no load. */
const char *dict_type_key(enum dict_type type);
/* The dictionary's name as users know it, e.g. "残疾类别"; "" for an unknown type. */
const char *dict_name(enum dict_type type);
/* The label of code, or NULL when the code is not in the dictionary. */
const char *dict_label(enum dict_type type, int code);
/* The code for text (label, alias or accepted bare code), or -1. */
int dict_parse(enum dict_type type, const char *text);
/* All entries, grouped by dictionary in enum order, each in the table's order, ending with an entry whose label is NULL. */
const struct dict_entry *dict_entries(void);

#endif
