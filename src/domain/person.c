#include "domain/person.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mask.h"
#include "base/stamp.h"
#include "base/token.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"

static const char SQL_BY_ID_NUMBER[] = "SELECT " PERSON_COLUMNS ", '', '' FROM person p WHERE p.id_number = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM person";
static const char SQL_NEXT_ID[] = "SELECT coalesce(max(id), 0) + 1 FROM person";
static const char SQL_INSERT[] =
	"INSERT INTO person (id, file_no, name, id_number, sex, birth_date, cert_number, category, grade, hukou,"
	" village_code, phone, dibao, bank_name, bank_account, status, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_UPDATE[] =
	"UPDATE person SET name = ?, id_number = ?, sex = ?, birth_date = ?, cert_number = ?, category = ?,"
	" grade = ?, hukou = ?, village_code = ?, phone = ?, dibao = ?, bank_name = ?, bank_account = ?,"
	" status = ?, updated_at = ? WHERE id = ?";
static const char SQL_CURSOR_ALL[] = "SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN
				     " ORDER BY p.id";
static const char SQL_CURSOR_RANGE[] = "SELECT " PERSON_COLUMNS PERSON_NAMES " FROM person p" PERSON_JOIN
				       " WHERE p.village_code BETWEEN ? AND ? ORDER BY p.id";

void person_township(const struct person *p, char out[13])
{
	division_parent_of(p->village, out);
}

/* src into dst of n bytes, cut to fit (a row is read 18 columns at a time: no snprintf). */
static void copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void person_from_row(struct db_stmt *st, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	copy(p->file_no, sizeof p->file_no, db_col_text(st, 1));
	copy(p->name, sizeof p->name, db_col_text(st, 2));
	copy(p->id_number, sizeof p->id_number, db_col_text(st, 3));
	p->sex = (int)db_col_int(st, 4);
	if (date_parse(db_col_text(st, 5), &p->birth) < 0)
		p->birth = (struct date){ 1900, 1, 1 }; /* the schema stores only dates we wrote */
	copy(p->cert, sizeof p->cert, db_col_text(st, 6));
	p->category = (int)db_col_int(st, 7);
	p->grade = (int)db_col_int(st, 8);
	p->hukou = (int)db_col_int(st, 9);
	copy(p->village, sizeof p->village, db_col_text(st, 10));
	copy(p->phone, sizeof p->phone, db_col_text(st, 11));
	p->dibao = (int)db_col_int(st, 12);
	copy(p->bank_name, sizeof p->bank_name, db_col_text(st, 13));
	copy(p->bank_account, sizeof p->bank_account, db_col_text(st, 14));
	p->status = (enum person_status)db_col_int(st, 15);
	copy(p->created_at, sizeof p->created_at, db_col_text(st, 16));
	copy(p->updated_at, sizeof p->updated_at, db_col_text(st, 17));
	copy(p->township_name, sizeof p->township_name, db_col_text(st, 18));
	copy(p->village_name, sizeof p->village_name, db_col_text(st, 19));
}

int person_find_by_id_number(struct db *db, const char *id_number, struct person *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BY_ID_NUMBER, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, id_number);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		person_from_row(st, out);
	db_done(st);
	return rc;
}

long person_count(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_COUNT, &st, err) < 0)
		return -1;
	long n = db_step(st, err) == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}


/* Binds the 14 fields from name to status as parameters at .. at+13; birth holds the date's text until the step. */
static void bind_fields(struct db_stmt *st, int at, const struct person *p, char birth[11])
{
	date_format(p->birth, birth);
	db_bind_text(st, at, p->name);
	db_bind_text(st, at + 1, p->id_number);
	db_bind_int(st, at + 2, p->sex);
	db_bind_text(st, at + 3, birth);
	db_bind_text(st, at + 4, p->cert[0] ? p->cert : NULL);
	if (p->category)
		db_bind_int(st, at + 5, p->category);
	else
		db_bind_null(st, at + 5);
	if (p->grade)
		db_bind_int(st, at + 6, p->grade);
	else
		db_bind_null(st, at + 6);
	db_bind_int(st, at + 7, p->hukou);
	db_bind_text(st, at + 8, p->village);
	db_bind_text(st, at + 9, p->phone[0] ? p->phone : NULL);
	db_bind_int(st, at + 10, p->dibao);
	db_bind_text(st, at + 11, p->bank_name[0] ? p->bank_name : NULL);
	db_bind_text(st, at + 12, p->bank_account[0] ? p->bank_account : NULL);
	db_bind_int(st, at + 13, p->status ? p->status : PERSON_ACTIVE);
}

static int step_once(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int64_t person_next_id(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_NEXT_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return id;
}

int person_insert(struct db *db, struct person *p, struct error *err)
{
	struct person q = *p;
	if (!q.id && (q.id = person_next_id(db, err)) < 0)
		return -1;
	snprintf(q.file_no, sizeof q.file_no, "%.6s%08lld", q.village, (long long)q.id);
	if (!q.status)
		q.status = PERSON_ACTIVE;
	stamp_now(q.created_at);
	memcpy(q.updated_at, q.created_at, sizeof q.updated_at);

	struct db_stmt *st;
	char birth[11];
	if (db_prepare(db, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, q.id);
	db_bind_text(st, 2, q.file_no);
	bind_fields(st, 3, &q, birth);
	db_bind_text(st, 17, q.created_at);
	db_bind_text(st, 18, q.updated_at);
	int rc = db_step(st, err);
	db_done(st);
	if (rc == DB_CONFLICT)
		return 1;
	if (rc != DB_DONE)
		return -1;
	*p = q;
	return 0;
}

int person_update(struct db *db, struct person *p, struct error *err)
{
	struct person q = *p;
	stamp_now(q.updated_at);
	struct db_stmt *st;
	char birth[11];
	if (db_prepare(db, SQL_UPDATE, &st, err) < 0)
		return -1;
	bind_fields(st, 1, &q, birth);
	db_bind_text(st, 15, q.updated_at);
	db_bind_int(st, 16, q.id);
	if (step_once(st, err) < 0)
		return -1;
	if (db_changes(db) != 1)
		return error_set(err, "找不到档案（编号%lld）", (long long)q.id);
	*p = q;
	return 0;
}

/* Every person whose ID number another has too, by number then id; no index needed. */
static const char SQL_REPEATS[] = "SELECT id, id_number FROM person WHERE id_number IN"
				  " (SELECT id_number FROM person GROUP BY id_number HAVING count(*) > 1)"
				  " ORDER BY id_number, id";
static const char SQL_DELETE[] = "DELETE FROM person WHERE id = ?";

struct person_bulk {
	struct db *db;
	struct db_bulk *indexes;
};

int person_bulk_begin(struct db *db, struct person_bulk **out, struct error *err)
{
	struct db_bulk *indexes;
	if (db_bulk_begin(db, "person", &indexes, err) < 0)
		return -1;
	*out = xcalloc(1, sizeof **out);
	(*out)->db = db;
	(*out)->indexes = indexes;
	return 0;
}

/* Removes the repeats (see person.h); the ids go to repeat first. */
static int remove_repeats(struct db *db, void (*repeat)(void *, int64_t, int64_t), void *ctx, struct error *err)
{
	struct db_stmt *st;
	int64_t *gone = NULL, first = 0;
	size_t n = 0;
	char number[19] = "";
	int rc;
	if (db_prepare(db, SQL_REPEATS, &st, err) < 0)
		return -1;
	/* Collected first: a table is not changed while a query reads it. */
	while ((rc = db_step(st, err)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		if (strcmp(number, db_col_text(st, 1)) != 0) {
			snprintf(number, sizeof number, "%s", db_col_text(st, 1));
			first = id;
			continue;
		}
		gone = xrealloc(gone, (n + 1) * sizeof *gone);
		gone[n++] = id;
		repeat(ctx, id, first);
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	if (n && db_prepare(db, SQL_DELETE, &st, err) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		db_bind_int(st, 1, gone[i]);
		if (step_once(st, err) < 0)
			goto fail;
	}
	free(gone);
	return 0;
fail:
	free(gone);
	return -1;
}

int person_bulk_end(struct person_bulk *bulk, void (*repeat)(void *ctx, int64_t id, int64_t first_id), void *ctx,
		    struct error *err)
{
	int rc = db_bulk_end(bulk->indexes, err);
	if (rc == DB_CONFLICT) {
		if (remove_repeats(bulk->db, repeat, ctx, err) < 0)
			rc = -1;
		else
			rc = db_bulk_end(bulk->indexes, err);
	}
	return rc == 0 ? 0 : -1;
}

void person_bulk_free(struct person_bulk *bulk)
{
	if (!bulk)
		return;
	db_bulk_free(bulk->indexes);
	free(bulk);
}

struct person_cursor {
	struct db_stmt *st;
	char lo[13], hi[13]; /* the bound range, alive as long as the statement runs */
};

int person_cursor_open(struct db *db, const struct person_filter *f, struct person_cursor **out, struct error *err)
{
	struct db_stmt *st;
	bool ranged = f && f->division[0];
	if (db_prepare(db, ranged ? SQL_CURSOR_RANGE : SQL_CURSOR_ALL, &st, err) < 0)
		return -1;
	struct person_cursor *c = xcalloc(1, sizeof *c);
	c->st = st;
	if (ranged) {
		division_subtree(f->division, c->lo, c->hi);
		db_bind_text(st, 1, c->lo);
		db_bind_text(st, 2, c->hi);
	}
	*out = c;
	return 0;
}

int person_cursor_next(struct person_cursor *c, struct person *out, struct error *err)
{
	int rc = db_step(c->st, err);
	if (rc == DB_ROW)
		person_from_row(c->st, out);
	return rc;
}

void person_cursor_close(struct person_cursor *c)
{
	if (!c)
		return;
	db_done(c->st);
	free(c);
}

static void change(json_t *o, const char *label, const char *before, const char *after)
{
	if (strcmp(before, after) != 0)
		json_object_set_new(o, label, json_pack("[s, s]", before, after));
}

static void change_code(json_t *o, enum dict_type type, int before, int after)
{
	const char *b = dict_label(type, before), *a = dict_label(type, after);
	if (before != after)
		json_object_set_new(o, dict_name(type), json_pack("[s, s]", b ? b : "", a ? a : ""));
}

static void change_masked(json_t *o, const char *label, void (*mask)(const char *, char *, size_t),
			  const char *before, const char *after)
{
	char b[64], a[64];
	if (strcmp(before, after) == 0)
		return;
	mask(before, b, sizeof b);
	mask(after, a, sizeof a);
	json_object_set_new(o, label, json_pack("[s, s]", b, a));
}

char *person_changes(const struct person *before, const struct person *after)
{
	json_t *o = json_object();
	change(o, "姓名", before->name, after->name);
	change_masked(o, "身份证号", mask_idcard, before->id_number, after->id_number);
	change_masked(o, "残疾证号", mask_cert, before->cert, after->cert);
	change_code(o, DICT_CATEGORY, before->category, after->category);
	change_code(o, DICT_GRADE, before->grade, after->grade);
	change_code(o, DICT_HUKOU, before->hukou, after->hukou);
	if (strcmp(before->village, after->village) != 0) {
		const char *b = *before->village_name ? before->village_name : before->village;
		const char *a = *after->village_name ? after->village_name : after->village;
		json_object_set_new(o, "村（社区）", json_pack("[s, s]", b, a));
	}
	change_masked(o, "联系电话", mask_phone, before->phone, after->phone);
	if (before->dibao != after->dibao)
		json_object_set_new(o, "低保", json_pack("[s, s]", before->dibao ? "是" : "否", after->dibao ? "是" : "否"));
	change(o, "开户银行", before->bank_name, after->bank_name);
	change_masked(o, "银行账号", mask_account, before->bank_account, after->bank_account);
	change_code(o, DICT_STATUS, (int)before->status, (int)after->status);
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text ? text : xstrdup("{}");
}

void person_version(const struct person *p, char out[PERSON_VERSION_SIZE])
{
	char birth[11], text[1024];
	date_format(p->birth, birth);
	int n = snprintf(text, sizeof text, "%lld|%s|%s|%s|%d|%s|%s|%d|%d|%d|%s|%s|%d|%s|%s|%d|%s",
			 (long long)p->id, p->file_no, p->name, p->id_number, p->sex, birth, p->cert, p->category,
			 p->grade, p->hukou, p->village, p->phone, p->dibao, p->bank_name, p->bank_account,
			 (int)p->status, p->updated_at);
	token_sha256_hex(text, n > 0 && (size_t)n < sizeof text ? (size_t)n : sizeof text - 1, out);
}
