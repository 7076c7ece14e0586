#include "domain/dict.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static const char *const keys[DICT__MAX] = {
	[DICT_SEX] = "sex",	    [DICT_CATEGORY] = "category", [DICT_GRADE] = "grade", [DICT_HUKOU] = "hukou",
	[DICT_YESNO] = "yesno", [DICT_STATUS] = "status",	  [DICT_LEVEL] = "level",
};

/* What dict_load read: entries (ending with a NULL label) and each dictionary's name. */
struct loaded {
	struct dict_entry *entries;
	size_t n;
	char *names[DICT__MAX];
};

static struct loaded current;
static bool loaded;

static const char SQL_ALL[] = "SELECT type, type_name, code, label, aliases FROM dictionary ORDER BY sort, code";

/* A lookup before dict_load: a bug in the program's start-up, never a value "not found". */
static void need_load(const char *fn)
{
	if (loaded)
		return;
	fprintf(stderr, "huimin: %s called before dict_load: the dictionaries are not loaded\n", fn);
	fflush(stderr);
	abort();
}

static void loaded_free(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->entries[i].label);
		free((char *)l->entries[i].aliases);
	}
	free(l->entries);
	for (int t = 0; t < DICT__MAX; t++)
		free(l->names[t]);
	memset(l, 0, sizeof *l);
}

/* Whether text is one of the '|'-separated words of list. */
static bool in_list(const char *list, const char *text, size_t n)
{
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, text, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static bool means(const struct dict_entry *e, const char *text, size_t n)
{
	return (strlen(e->label) == n && memcmp(e->label, text, n) == 0) || in_list(e->aliases, text, n);
}

static int type_of(const char *key)
{
	for (int t = 0; t < DICT__MAX; t++)
		if (strcmp(keys[t], key) == 0)
			return t;
	return -1;
}

/* Whether word (n bytes) of entry i means another code of the same dictionary: -1 with a message, else 0. */
static int check_word(const struct loaded *l, size_t i, const char *word, size_t n, struct error *err)
{
	const struct dict_entry *a = &l->entries[i];
	if (n == 0)
		return error_set(err, "dictionary %s, code %d: an empty alias in '%s'", keys[a->type], a->code,
				 a->aliases);
	for (size_t j = 0; j < l->n; j++) {
		const struct dict_entry *b = &l->entries[j];
		if (j != i && b->type == a->type && means(b, word, n))
			return error_set(err, "dictionary %s: '%.*s' means both code %d and code %d", keys[a->type],
					 (int)n, word, a->code, b->code);
	}
	return 0;
}

/* The checks of dict.h on l: 0, or -1 with a message. */
static int check(const struct loaded *l, struct error *err)
{
	for (int t = 0; t < DICT__MAX; t++)
		if (!l->names[t])
			return error_set(err, "the dictionary table has no entries of type '%s'", keys[t]);
	for (size_t i = 0; i < l->n; i++) {
		const struct dict_entry *a = &l->entries[i];
		if (check_word(l, i, a->label, strlen(a->label), err) < 0)
			return -1;
		for (const char *p = a->aliases; *a->aliases;) {
			const char *end = strchr(p, '|');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (check_word(l, i, p, len, err) < 0)
				return -1;
			if (!end)
				break;
			p = end + 1;
		}
	}
	return 0;
}

int dict_load(struct db *db, struct error *err)
{
	struct loaded l = { 0 };
	struct dict_entry *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct db_stmt *st;
	int rc;
	if (db_prepare(db, SQL_ALL, &st, err) < 0)
		return -1;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int t = type_of(db_col_text(st, 0));
		if (t < 0) {
			error_set(err, "the dictionary table has an unknown type '%s'", db_col_text(st, 0));
			rc = DB_ERROR;
			break;
		}
		if (!l.names[t]) {
			l.names[t] = xstrdup(db_col_text(st, 1));
		} else if (strcmp(l.names[t], db_col_text(st, 1)) != 0) {
			error_set(err, "dictionary %s has two names, '%s' and '%s'", keys[t], l.names[t],
				  db_col_text(st, 1));
			rc = DB_ERROR;
			break;
		}
		if (nrows == cap) {
			cap = cap ? 2 * cap : 32;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[nrows++] = (struct dict_entry){ (enum dict_type)t, (int)db_col_int(st, 2),
						     xstrdup(db_col_text(st, 3)), xstrdup(db_col_text(st, 4)) };
	}
	db_done(st);

	/* Grouped by dictionary in enum order, each in the table's order (sort, code). */
	l.entries = xcalloc(nrows + 1, sizeof *l.entries);
	for (int t = 0; t < DICT__MAX; t++)
		for (size_t i = 0; i < nrows; i++)
			if (rows[i].type == (enum dict_type)t)
				l.entries[l.n++] = rows[i];
	free(rows);
	l.entries[l.n] = (struct dict_entry){ DICT__MAX, 0, NULL, NULL };

	if (rc != DB_DONE || check(&l, err) < 0) {
		loaded_free(&l);
		return -1;
	}
	loaded_free(&current);
	current = l;
	loaded = true;
	return 0;
}

void dict_unload(void)
{
	loaded_free(&current);
	loaded = false;
}

const char *dict_type_key(enum dict_type type)
{
	return (int)type >= 0 && type < DICT__MAX ? keys[type] : "";
}

const char *dict_name(enum dict_type type)
{
	need_load("dict_name");
	return (int)type >= 0 && type < DICT__MAX ? current.names[type] : "";
}

const char *dict_label(enum dict_type type, int code)
{
	need_load("dict_label");
	for (const struct dict_entry *e = current.entries; e->label; e++)
		if (e->type == type && e->code == code)
			return e->label;
	return NULL;
}

int dict_parse(enum dict_type type, const char *text)
{
	need_load("dict_parse");
	size_t n = strlen(text);
	if (!n)
		return -1;
	for (const struct dict_entry *e = current.entries; e->label; e++)
		if (e->type == type && means(e, text, n))
			return e->code;
	return -1;
}

const struct dict_entry *dict_entries(void)
{
	need_load("dict_entries");
	return current.entries;
}
