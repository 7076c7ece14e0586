#include "domain/division.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/intmap.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/dict.h"

static const char SQL_FIND[] = "SELECT code, name, level, coalesce(parent_code, '') FROM division WHERE code = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM division WHERE level = ?";
static const char SQL_COUNTIES[] = "SELECT code, name, level, '' FROM division WHERE level = 1 LIMIT 2";
static const char SQL_INSERT[] = "INSERT INTO division (code, name, level, parent_code) VALUES (?, ?, ?, ?)";
static const char SQL_UPDATE[] = "UPDATE division SET name = ?, level = ?, parent_code = ? WHERE code = ?";

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[n] == '\0';
}

int division_level_of(const char *code)
{
	/* Each level's digits must be non-zero down to the level: 341698000001 is no village. */
	if (strlen(code) != 12 || !all_digits(code, 12) || memcmp(code + 4, "00", 2) == 0)
		return 0; /* not a code, or a city or province code: not kept here */
	bool township = memcmp(code + 6, "000", 3) != 0, village = memcmp(code + 9, "000", 3) != 0;
	if (village)
		return township ? DIVISION_VILLAGE : 0;
	return township ? DIVISION_TOWNSHIP : DIVISION_COUNTY;
}

void division_parent_of(const char *code, char out[13])
{
	switch (division_level_of(code)) {
	case DIVISION_TOWNSHIP:
		snprintf(out, 13, "%.6s000000", code);
		break;
	case DIVISION_VILLAGE:
		snprintf(out, 13, "%.9s000", code);
		break;
	default:
		out[0] = '\0';
	}
}

void division_subtree(const char *code, char lo[13], char hi[13])
{
	size_t keep = 12;
	switch (division_level_of(code)) {
	case 0: /* not a division code: just itself */
		snprintf(lo, 13, "%s", code);
		snprintf(hi, 13, "%s", code);
		return;
	case DIVISION_COUNTY:
		keep = 6;
		break;
	case DIVISION_TOWNSHIP:
		keep = 9;
		break;
	default:
		break;
	}
	memcpy(lo, code, keep);
	memcpy(hi, code, keep);
	memset(lo + keep, '0', 12 - keep);
	memset(hi + keep, '9', 12 - keep);
	lo[12] = hi[12] = '\0';
}

static void read_row(struct db_stmt *st, struct division *out)
{
	snprintf(out->code, sizeof out->code, "%s", db_col_text(st, 0));
	snprintf(out->name, sizeof out->name, "%s", db_col_text(st, 1));
	out->level = (enum division_level)db_col_int(st, 2);
	snprintf(out->parent, sizeof out->parent, "%s", db_col_text(st, 3));
}

int division_find(struct db *db, const char *code, struct division *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_FIND, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		read_row(st, out);
	db_done(st);
	return rc;
}

long division_count(struct db *db, enum division_level level, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_COUNT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, level);
	long n = db_step(st, err) == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

int division_the_county(struct db *db, struct division *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_COUNTIES, &st, err) < 0)
		return -1;
	int n = 0, rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		if (n++ == 0)
			read_row(st, out);
	db_done(st);
	if (rc == DB_ERROR)
		return -1;
	return n == 1;
}

int division_save(struct db *db, const struct division *d, bool *updated, struct error *err)
{
	struct division old;
	int found = division_find(db, d->code, &old, err);
	if (found < 0)
		return -1;
	struct db_stmt *st;
	if (db_prepare(db, found ? SQL_UPDATE : SQL_INSERT, &st, err) < 0)
		return -1;
	const char *parent = d->parent[0] ? d->parent : NULL;
	if (found) {
		db_bind_text(st, 1, d->name);
		db_bind_int(st, 2, d->level);
		db_bind_text(st, 3, parent);
		db_bind_text(st, 4, d->code);
	} else {
		db_bind_text(st, 1, d->code);
		db_bind_text(st, 2, d->name);
		db_bind_int(st, 3, d->level);
		db_bind_text(st, 4, parent);
	}
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (updated)
		*updated = found;
	return 0;
}

/* Import */

enum { COL_CODE, COL_NAME, COL_LEVEL, COL_PARENT, COL__MAX };

static const struct import_column columns[COL__MAX] = {
	[COL_CODE] = { "code", "代码|区划代码|统计用区划代码", true },
	[COL_NAME] = { "name", "名称|区划名称", true },
	[COL_LEVEL] = { "level", "级别|层级", true },
	[COL_PARENT] = { "parent_code", "上级代码|上级区划代码", false },
};

struct pending {
	struct division d;
	long row;
	bool ok;
};

/* Key for the code in an intmap: 12 digits fit in 64 bits; +1 keeps it non-zero. */
static uint64_t code_key(const char *code)
{
	return strtoull(code, NULL, 10) + 1;
}

/* Checks one row on its own; fills p->d; 0 ok, or rejects it and returns -1. */
static int check_row(struct row *row, const int *index, struct pending *p, struct import_report *r)
{
	const char *code = import_cell(row, index[COL_CODE]);
	const char *name = import_cell(row, index[COL_NAME]);
	const char *level_text = import_cell(row, index[COL_LEVEL]);
	const char *parent = import_cell(row, index[COL_PARENT]);
	long n = row->number;

	if (!*code) {
		import_reject(r, n, columns[COL_CODE].name, "%s", msg(MSG_REQUIRED));
		return -1;
	}
	int shape = division_level_of(code);
	if (!shape) {
		import_reject(r, n, columns[COL_CODE].name, "%s", msg(MSG_DIV_CODE));
		return -1;
	}
	if (!*name) {
		import_reject(r, n, columns[COL_NAME].name, "%s", msg(MSG_REQUIRED));
		return -1;
	}
	if (utf8_length(name) > DIVISION_NAME_MAX) {
		import_reject(r, n, columns[COL_NAME].name, msg(MSG_TOO_LONG_CHARS), DIVISION_NAME_MAX);
		return -1;
	}
	int level = dict_parse(DICT_LEVEL, level_text);
	if (level < 0) {
		import_reject(r, n, columns[COL_LEVEL].name, "%s", *level_text ? msg(MSG_DIV_LEVEL) : msg(MSG_REQUIRED));
		return -1;
	}
	if (level != shape) {
		import_reject(r, n, columns[COL_LEVEL].name, msg(MSG_DIV_SHAPE), dict_label(DICT_LEVEL, shape));
		return -1;
	}
	char expected[13];
	division_parent_of(code, expected);
	if (*parent && level != DIVISION_COUNTY && strcmp(parent, expected) != 0) {
		import_reject(r, n, columns[COL_PARENT].name, msg(MSG_DIV_PARENT_WRONG), expected);
		return -1;
	}
	memset(&p->d, 0, sizeof p->d);
	snprintf(p->d.code, sizeof p->d.code, "%s", code);
	snprintf(p->d.name, sizeof p->d.name, "%s", name);
	p->d.level = (enum division_level)level;
	snprintf(p->d.parent, sizeof p->d.parent, "%s", expected);
	p->row = n;
	p->ok = true;
	return 0;
}

/* Whether the parent of p exists among the valid rows or in the database. */
static int parent_exists(struct db *db, const struct pending *p, const struct intmap *valid, struct error *err)
{
	if (p->d.level == DIVISION_COUNTY)
		return 1;
	if (intmap_get(valid, code_key(p->d.parent), NULL))
		return 1;
	struct division found;
	return division_find(db, p->d.parent, &found, err);
}

int division_import(struct db *db, struct row_source src, const struct import_options *opt, struct import_report *r,
		    struct error *err)
{
	struct pending *rows = NULL;
	size_t n = 0, cap = 0;
	struct intmap seen = INTMAP_INIT; /* code -> index in rows of its first valid row */
	int index[COL__MAX];
	struct row *row;
	int rc = src.next(src.ctx, &row, err);
	int result = -1;

	if (rc <= 0) {
		if (rc == 0)
			error_set(err, "%s", msg(MSG_NO_HEADER));
		goto out;
	}
	if (import_map_header(row, columns, COL__MAX, index, r, err) < 0)
		goto out;

	/* Division files are small (a province has some 30,000 villages): hold them, then check parents. */
	while ((rc = src.next(src.ctx, &row, err)) == 1) {
		if (n >= IMPORT_ROWS_MAX) {
			error_set(err, msg(MSG_TOO_MANY_ROWS), IMPORT_ROWS_MAX);
			goto out;
		}
		if (import_reject_problem(r, row, columns, COL__MAX, index, src.encoding) || import_row_blank(row))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		if (check_row(row, index, &rows[n], r) < 0)
			continue;
		int64_t first;
		if (!intmap_put(&seen, code_key(rows[n].d.code), (int64_t)n, &first)) {
			import_reject(r, row->number, columns[COL_CODE].name, msg(MSG_DIV_DUPLICATE), rows[first].row);
			continue;
		}
		n++;
	}
	if (rc < 0)
		goto out;

	/*
	 * Parents: a row whose parent is missing is rejected, and so are its
	 * children, level by level, which is why counties go first.
	 */
	struct intmap valid = INTMAP_INIT;
	for (int level = DIVISION_COUNTY; level <= DIVISION_VILLAGE; level++) {
		for (size_t i = 0; i < n; i++) {
			if (rows[i].d.level != (enum division_level)level)
				continue;
			int exists = parent_exists(db, &rows[i], &valid, err);
			if (exists < 0) {
				intmap_release(&valid);
				goto out;
			}
			if (!exists) {
				rows[i].ok = false;
				import_reject(r, rows[i].row, columns[COL_PARENT].name, msg(MSG_DIV_PARENT_MISSING),
					      rows[i].d.parent);
				continue;
			}
			intmap_put(&valid, code_key(rows[i].d.code), (int64_t)i, NULL);
		}
	}
	intmap_release(&valid);
	import_report_sort(r);

	if (r->rejected && !opt->valid_only) {
		result = 0;
		goto out;
	}
	if (db_begin(db, err) < 0)
		goto out;
	for (int level = DIVISION_COUNTY; level <= DIVISION_VILLAGE; level++) {
		for (size_t i = 0; i < n; i++) {
			bool updated;
			if (!rows[i].ok || rows[i].d.level != (enum division_level)level)
				continue;
			if (division_save(db, &rows[i].d, &updated, err) < 0) {
				db_rollback(db);
				r->inserted = r->updated = 0;
				goto out;
			}
			if (updated)
				r->updated++;
			else
				r->inserted++;
		}
	}
	if (db_commit(db, err) < 0) {
		db_rollback(db);
		r->inserted = r->updated = 0;
		goto out;
	}
	r->committed = true;
	result = 0;
out:
	free(rows);
	intmap_release(&seen);
	return result;
}

/* Resolver */

/*
 * The townships and villages, read once when the resolver opens, so that
 * resolving a row never asks the database (an import may resolve on one
 * thread while another writes). A county has a few hundred, a province some
 * tens of thousands.
 */
struct place {
	char code[13];
	char parent[13];
	char *name;
	enum division_level level;
};

struct resolved {
	char *township, *village; /* the cells, as typed */
	int status;		  /* 0 resolved, 1 rejected */
	char code[13];
	const char *column;
	char reason[256];
};

#define RESOLVER_CACHE_MAX 100000

struct division_resolver {
	struct place *places;
	size_t nplaces;
	struct place **by_code;	       /* all, by code */
	struct place **towns_by_name;  /* townships, by name */
	struct place **villages_by_key; /* villages, by parent code then name */
	size_t ntowns, nvillages;
	/* Answers already given: hash of the two cells -> position in entries. */
	struct intmap index;
	struct resolved *entries;
	size_t n, cap;
};

static const char SQL_PLACES[] = "SELECT code, name, level, coalesce(parent_code, '') FROM division WHERE level >= 2";

static int cmp_code(const void *a, const void *b)
{
	return strcmp((*(struct place *const *)a)->code, (*(struct place *const *)b)->code);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct place *const *)a)->name, (*(struct place *const *)b)->name);
}

static int cmp_parent_name(const void *a, const void *b)
{
	const struct place *x = *(struct place *const *)a, *y = *(struct place *const *)b;
	int c = strcmp(x->parent, y->parent);
	return c ? c : strcmp(x->name, y->name);
}

int division_resolver_open(struct db *db, struct division_resolver **out, struct error *err)
{
	struct division_resolver *res = xcalloc(1, sizeof *res);
	size_t cap = 0;
	struct db_stmt *st;
	int rc;
	*out = NULL;
	if (db_prepare(db, SQL_PLACES, &st, err) < 0)
		goto fail;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (res->nplaces == cap) {
			cap = cap ? cap * 2 : 512;
			res->places = xrealloc(res->places, cap * sizeof *res->places);
		}
		struct place *pl = &res->places[res->nplaces++];
		snprintf(pl->code, sizeof pl->code, "%s", db_col_text(st, 0));
		pl->name = xstrdup(db_col_text(st, 1));
		pl->level = (enum division_level)db_col_int(st, 2);
		snprintf(pl->parent, sizeof pl->parent, "%s", db_col_text(st, 3));
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	res->by_code = xcalloc(res->nplaces + 1, sizeof *res->by_code);
	res->towns_by_name = xcalloc(res->nplaces + 1, sizeof *res->towns_by_name);
	res->villages_by_key = xcalloc(res->nplaces + 1, sizeof *res->villages_by_key);
	for (size_t i = 0; i < res->nplaces; i++) {
		struct place *pl = &res->places[i];
		res->by_code[i] = pl;
		if (pl->level == DIVISION_TOWNSHIP)
			res->towns_by_name[res->ntowns++] = pl;
		else
			res->villages_by_key[res->nvillages++] = pl;
	}
	qsort(res->by_code, res->nplaces, sizeof *res->by_code, cmp_code);
	qsort(res->towns_by_name, res->ntowns, sizeof *res->towns_by_name, cmp_name);
	qsort(res->villages_by_key, res->nvillages, sizeof *res->villages_by_key, cmp_parent_name);
	*out = res;
	return 0;
fail:
	division_resolver_free(res);
	return -1;
}

static void forget_all(struct division_resolver *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->entries[i].township);
		free(res->entries[i].village);
	}
	res->n = 0;
	intmap_release(&res->index);
}

void division_resolver_free(struct division_resolver *res)
{
	if (!res)
		return;
	forget_all(res);
	free(res->entries);
	for (size_t i = 0; i < res->nplaces; i++)
		free(res->places[i].name);
	free(res->places);
	free(res->by_code);
	free(res->towns_by_name);
	free(res->villages_by_key);
	free(res);
}

/*
 * The places in sorted (n of them) that compare equal to key under cmp:
 * the first is returned, their number in *count.
 */
static struct place **equal_range(struct place **sorted, size_t n, const struct place *key,
				  int (*cmp)(const void *, const void *), size_t *count)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* the first not below key */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp(&sorted[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && cmp(&sorted[end], &key) == 0)
		end++;
	*count = end - lo;
	return sorted + lo;
}

static const struct place *by_code(const struct division_resolver *res, const char *code)
{
	struct place key = { .name = "" };
	size_t count;
	snprintf(key.code, sizeof key.code, "%s", code);
	struct place **found = equal_range(res->by_code, res->nplaces, &key, cmp_code, &count);
	return count ? *found : NULL;
}

static void reject_with(struct resolved *out, const char *column, const char *reason)
{
	out->status = 1;
	out->column = column;
	snprintf(out->reason, sizeof out->reason, "%s", reason);
}

/* The township the cell names (a name or a code), or NULL with out rejected. */
static const struct place *find_township(const struct division_resolver *res, const char *text, struct resolved *out)
{
	char reason[256];
	if (division_level_of(text)) {
		const struct place *pl = by_code(res, text);
		if (pl && pl->level == DIVISION_TOWNSHIP)
			return pl;
	} else {
		struct place key = { .name = (char *)text };
		size_t count;
		struct place **found = equal_range(res->towns_by_name, res->ntowns, &key, cmp_name, &count);
		if (count == 1)
			return *found;
		if (count > 1) {
			snprintf(reason, sizeof reason, msg(MSG_TOWNSHIP_AMBIGUOUS), text);
			reject_with(out, "乡镇", reason);
			return NULL;
		}
	}
	snprintf(reason, sizeof reason, msg(MSG_TOWNSHIP_UNKNOWN), text);
	reject_with(out, "乡镇", reason);
	return NULL;
}

/* Resolves the two cells into out (status and code, or the rejection). */
static void resolve_uncached(const struct division_resolver *res, const char *township, const char *village,
			     struct resolved *out)
{
	char reason[256];
	const struct place *town = find_township(res, township, out);
	if (!town)
		return;
	if (division_level_of(village)) {
		const struct place *pl = by_code(res, village);
		if (pl && pl->level == DIVISION_VILLAGE && strcmp(pl->parent, town->code) == 0) {
			snprintf(out->code, sizeof out->code, "%s", pl->code);
			return;
		}
		if (pl && pl->level == DIVISION_VILLAGE)
			snprintf(reason, sizeof reason, msg(MSG_VILLAGE_ELSEWHERE), village, township);
		else
			snprintf(reason, sizeof reason, msg(MSG_VILLAGE_UNKNOWN), township, village);
		reject_with(out, "村", reason);
		return;
	}
	struct place key = { .name = (char *)village };
	size_t count;
	snprintf(key.parent, sizeof key.parent, "%s", town->code);
	struct place **found = equal_range(res->villages_by_key, res->nvillages, &key, cmp_parent_name, &count);
	if (count == 1) {
		snprintf(out->code, sizeof out->code, "%s", (*found)->code);
		return;
	}
	snprintf(reason, sizeof reason, msg(count ? MSG_VILLAGE_AMBIGUOUS : MSG_VILLAGE_UNKNOWN), township, village);
	reject_with(out, "村", reason);
}

/* FNV-1a over both cells with a separator; never 0. */
static uint64_t cells_hash(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h = (h ^ 0x1f) * 0x100000001b3ull;
	for (const unsigned char *p = (const unsigned char *)b; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h ? h : 1;
}

int division_resolve(struct division_resolver *res, const char *township, const char *village,
		     char village_code[13], const char **column, char *reason, size_t reasonsz)
{
	uint64_t h = cells_hash(township, village);
	int64_t at;
	struct resolved *e = NULL;
	if (intmap_get(&res->index, h, &at) && strcmp(res->entries[at].township, township) == 0 &&
	    strcmp(res->entries[at].village, village) == 0) {
		e = &res->entries[at];
	} else {
		struct resolved fresh = { 0 };
		resolve_uncached(res, township, village, &fresh);
		if (res->n >= RESOLVER_CACHE_MAX)
			forget_all(res);
		if (res->n == res->cap) {
			res->cap = res->cap ? res->cap * 2 : 64;
			res->entries = xrealloc(res->entries, res->cap * sizeof *res->entries);
		}
		fresh.township = xstrdup(township);
		fresh.village = xstrdup(village);
		res->entries[res->n] = fresh;
		/* On a hash collision the first pair keeps the slot; the other is resolved afresh each time. */
		intmap_put(&res->index, h, (int64_t)res->n, NULL);
		e = &res->entries[res->n++];
	}
	if (e->status == 0) {
		memcpy(village_code, e->code, 13);
		return 0;
	}
	*column = e->column;
	snprintf(reason, reasonsz, "%s", e->reason);
	return 1;
}
