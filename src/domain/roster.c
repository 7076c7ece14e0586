#include "domain/roster.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idcard.h"
#include "base/intmap.h"
#include "base/xalloc.h"
#include "base/mask.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/registry.h"

const struct import_column roster_columns[ROSTER__MAX] = {
	[ROSTER_NAME] = { "姓名", "残疾人姓名", true },
	[ROSTER_SEX] = { "性别", NULL, false },
	[ROSTER_ID_NUMBER] = { "身份证号", "身份证号码|公民身份号码|身份证", true },
	[ROSTER_CERT] = { "残疾证号", "残疾证号码|残疾人证号|残疾人证号码", false },
	[ROSTER_CATEGORY] = { "残疾类别", "类别", false },
	[ROSTER_GRADE] = { "残疾等级", "等级", false },
	[ROSTER_HUKOU] = { "户口性质", "户籍性质|户口类型|户籍类型", true },
	[ROSTER_TOWNSHIP] = { "乡镇", "乡镇(街道)|乡镇（街道）|所属乡镇|乡(镇)", true },
	[ROSTER_VILLAGE] = { "村", "村(社区)|村（社区）|行政村|所属村|村居", true },
	[ROSTER_PHONE] = { "联系电话", "电话|手机|手机号码|联系方式", false },
	[ROSTER_DIBAO] = { "是否低保", "低保|是否低保户", false },
	[ROSTER_BANK] = { "开户银行", "开户行", false },
	[ROSTER_ACCOUNT] = { "银行账号", "银行卡号|账号|开户账号", false },
};

const double roster_widths[ROSTER__MAX] = {10, 6, 22, 24, 9, 9, 9, 14, 14, 14, 9, 20, 24};

/* Everything one import keeps between rows. */
struct run {
	struct db *db;
	const struct import_options *opt;
	struct import_report *r;
	struct division_resolver *resolver;
	/*
	 * The row that saved each person in this import, by person id (0: not
	 * touched yet): a second row for the same ID number is found through the
	 * registry's unique index and named by this. 4 bytes a person, in
	 * chunks made as ids are reached, so memory grows by no more than that.
	 */
	int32_t **row_chunks;
	size_t nchunks;
	/*
	 * ID numbers of rejected rows (which are not saved), so that a later
	 * row with the same number is still a repeat: key -> row, at most
	 * IMPORT_ERRORS_KEPT of them.
	 */
	struct intmap rejected_ids;
	uint64_t current_key; /* the key of the row being checked, once its ID number is valid */
	int64_t next_id; /* the id of the next new person */
	int index[ROSTER__MAX];
	size_t header_count;
	bool exact_width;
	bool check_existing; /* the registry had persons when the import began */
	struct person_bulk *bulk; /* when it had none: indexes set aside until the end */
	struct date today;
	const char *encoding;
	const struct registry_scope *scope; /* NULL: everywhere */
	/* Checking one form (roster_check_one): every refusal goes here, none to r. */
	struct roster_reasons *reasons;
};

#define ROWS_PER_CHUNK 65536

static int32_t row_of(const struct run *run, int64_t id)
{
	size_t c = (size_t)id / ROWS_PER_CHUNK;
	return id >= 0 && c < run->nchunks && run->row_chunks[c] ? run->row_chunks[c][id % ROWS_PER_CHUNK] : 0;
}

static void set_row_of(struct run *run, int64_t id, long row)
{
	size_t c = (size_t)id / ROWS_PER_CHUNK;
	if (c >= run->nchunks) {
		run->row_chunks = xrealloc(run->row_chunks, (c + 1) * sizeof *run->row_chunks);
		memset(run->row_chunks + run->nchunks, 0, (c + 1 - run->nchunks) * sizeof *run->row_chunks);
		run->nchunks = c + 1;
	}
	if (!run->row_chunks[c])
		run->row_chunks[c] = xcalloc(ROWS_PER_CHUNK, sizeof **run->row_chunks);
	run->row_chunks[c][id % ROWS_PER_CHUNK] = (int32_t)row;
}

/* Rejects the current row, naming the column; returns 1 ("rejected") for the checks below to pass on. */
static int reject(struct run *run, const struct row *row, enum roster_column col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int reject(struct run *run, const struct row *row, enum roster_column col, const char *fmt, ...)
{
	char reason[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (run->reasons) {
		/* A form: the first reason for each field. */
		if (col < ROSTER__MAX && !run->reasons->text[col][0]) {
			snprintf(run->reasons->text[col], sizeof run->reasons->text[col], "%s", reason);
			run->reasons->count++;
		}
		return 1;
	}
	import_reject(run->r, row->number, col < ROSTER__MAX ? roster_columns[col].name : "", "%s", reason);
	return 1;
}

/* Excel turns long digit strings into numbers such as 3.41699199001011E+17. */
static bool saved_as_number(const char *s)
{
	return strpbrk(s, "Ee") && strchr(s, '+') && strspn(s, "0123456789.Ee+") == strlen(s);
}

static bool digits_only(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static int check_text(struct run *run, const struct row *row, enum roster_column col, const char *s, int max,
		      char *out, size_t outsz)
{
	if (utf8_length(s) > (size_t)max)
		return reject(run, row, col, msg(MSG_TOO_LONG_CHARS), max);
	if (utf8_has_control(s))
		return reject(run, row, col, "%s", msg(MSG_CONTROL_CHARS));
	size_t n = strlen(s); /* fits: at most max characters of at most 4 bytes, and outsz holds that */
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static int check_id(struct run *run, const struct row *row, const char *s, struct idcard *id)
{
	enum roster_column c = ROSTER_ID_NUMBER;
	if (saved_as_number(s))
		return reject(run, row, c, "%s", msg(MSG_SAVED_AS_NUMBER));
	switch (idcard_parse(s, run->today, id)) {
	case IDCARD_OK:
		return 0;
	case IDCARD_EMPTY:
		return reject(run, row, c, "%s", msg(MSG_REQUIRED));
	case IDCARD_LENGTH:
		/* 18 characters but more bytes: full-width digits, say, which are not digits here. */
		if (utf8_length(s) == 18)
			return reject(run, row, c, "%s", msg(MSG_ID_CHARS));
		return reject(run, row, c, msg(MSG_ID_LENGTH), utf8_length(s));
	case IDCARD_CHARS:
		return reject(run, row, c, "%s", msg(MSG_ID_CHARS));
	case IDCARD_AREA:
		return reject(run, row, c, msg(MSG_ID_AREA), s);
	case IDCARD_BIRTH:
		return reject(run, row, c, msg(MSG_ID_BIRTH), s + 6);
	case IDCARD_FUTURE:
		return reject(run, row, c, msg(MSG_ID_FUTURE), s + 6);
	case IDCARD_CHECK:
	case IDCARD_STATUS__MAX:
		break;
	}
	return reject(run, row, c, msg(MSG_ID_CHECK), idcard_check_char(s));
}

/* Certificate, category and grade, which must agree; into p. 0, or 1 when the row is rejected. */
static int check_disability(struct run *run, struct row *row, const char *id_number, struct person *p)
{
	const int *ix = run->index;
	const char *cert_text = import_cell(row, ix[ROSTER_CERT]);
	const char *cat_text = import_cell(row, ix[ROSTER_CATEGORY]);
	const char *grade_text = import_cell(row, ix[ROSTER_GRADE]);
	int category = 0, grade = 0;

	if (*cat_text && (category = dict_parse(DICT_CATEGORY, cat_text)) < 0)
		return reject(run, row, ROSTER_CATEGORY, "%s", msg(MSG_CATEGORY_INVALID));
	if (*grade_text && (grade = dict_parse(DICT_GRADE, grade_text)) < 0)
		return reject(run, row, ROSTER_GRADE, "%s", msg(MSG_GRADE_INVALID));

	/* A column the file does not have leaves a registered person's value alone. */
	bool have_cert = ix[ROSTER_CERT] >= 0, have_cat = ix[ROSTER_CATEGORY] >= 0, have_grade = ix[ROSTER_GRADE] >= 0;
	if (have_cert) {
		p->cert[0] = '\0';
		if (*cert_text) {
			struct cert cert;
			if (saved_as_number(cert_text))
				return reject(run, row, ROSTER_CERT, "%s", msg(MSG_SAVED_AS_NUMBER));
			switch (cert_parse(cert_text, id_number, &cert)) {
			case CERT_OK:
				break;
			case CERT_LENGTH:
				if (utf8_length(cert_text) == 20)
					return reject(run, row, ROSTER_CERT, "%s", msg(MSG_CERT_CHARS));
				return reject(run, row, ROSTER_CERT, msg(MSG_CERT_LENGTH), utf8_length(cert_text));
			case CERT_ID_MISMATCH:
				return reject(run, row, ROSTER_CERT, "%s", msg(MSG_CERT_ID_MISMATCH));
			case CERT_CATEGORY:
				return reject(run, row, ROSTER_CERT, "%s", msg(MSG_CERT_CATEGORY));
			case CERT_GRADE:
			case CERT_STATUS__MAX:
				return reject(run, row, ROSTER_CERT, "%s", msg(MSG_CERT_GRADE));
			}
			if (category && category != cert.category)
				return reject(run, row, ROSTER_CATEGORY, msg(MSG_CATEGORY_MISMATCH),
					      dict_label(DICT_CATEGORY, cert.category));
			if (grade && grade != cert.grade)
				return reject(run, row, ROSTER_GRADE, msg(MSG_GRADE_MISMATCH),
					      dict_label(DICT_GRADE, cert.grade));
			memcpy(p->cert, cert.number, sizeof p->cert);
			p->category = cert.category;
			p->grade = cert.grade;
			return 0;
		}
	}
	/* With a registered certificate an empty cell means "as on the certificate". */
	if (have_cat && (category || !p->cert[0]))
		p->category = category;
	if (have_grade && (grade || !p->cert[0]))
		p->grade = grade;
	/* A registered certificate must still agree with what the file now says. */
	if (p->cert[0]) {
		if (p->category != p->cert[18] - '0')
			return reject(run, row, ROSTER_CATEGORY, msg(MSG_CATEGORY_MISMATCH),
				      dict_label(DICT_CATEGORY, p->cert[18] - '0'));
		if (p->grade != p->cert[19] - '0')
			return reject(run, row, ROSTER_GRADE, msg(MSG_GRADE_MISMATCH),
				      dict_label(DICT_GRADE, p->cert[19] - '0'));
	}
	return 0;
}

/* The optional contact and payment columns, into p: each 0, or 1 when the row is rejected. */
static int check_phone(struct run *run, struct row *row, struct person *p)
{
	if (run->index[ROSTER_PHONE] < 0)
		return 0;
	const char *s = import_cell(row, run->index[ROSTER_PHONE]);
	if (*s && (strlen(s) != 11 || !digits_only(s) || s[0] != '1'))
		return reject(run, row, ROSTER_PHONE, "%s", msg(MSG_PHONE_INVALID));
	snprintf(p->phone, sizeof p->phone, "%s", s);
	return 0;
}

static int check_dibao(struct run *run, struct row *row, struct person *p)
{
	if (run->index[ROSTER_DIBAO] < 0)
		return 0;
	const char *s = import_cell(row, run->index[ROSTER_DIBAO]);
	int v = *s ? dict_parse(DICT_YESNO, s) : 0;
	if (v < 0)
		return reject(run, row, ROSTER_DIBAO, "%s", msg(MSG_YESNO_INVALID));
	p->dibao = v;
	return 0;
}

static int check_bank(struct run *run, struct row *row, struct person *p)
{
	if (run->index[ROSTER_BANK] < 0)
		return 0;
	return check_text(run, row, ROSTER_BANK, import_cell(row, run->index[ROSTER_BANK]), PERSON_BANK_MAX,
			  p->bank_name, sizeof p->bank_name);
}

static int check_account(struct run *run, struct row *row, struct person *p)
{
	if (run->index[ROSTER_ACCOUNT] < 0)
		return 0;
	/* Card numbers are often typed in groups of four: "6228 4801 ..." */
	const char *s = import_cell(row, run->index[ROSTER_ACCOUNT]);
	char digits[PERSON_ACCOUNT_MAX + 2];
	size_t n = 0;
	if (saved_as_number(s))
		return reject(run, row, ROSTER_ACCOUNT, "%s", msg(MSG_SAVED_AS_NUMBER));
	for (; *s && n <= PERSON_ACCOUNT_MAX; s++)
		if (*s != ' ' && *s != '-')
			digits[n++] = *s;
	digits[n] = '\0';
	if (n && (*s || n < PERSON_ACCOUNT_MIN || n > PERSON_ACCOUNT_MAX || !digits_only(digits)))
		return reject(run, row, ROSTER_ACCOUNT, msg(MSG_ACCOUNT_INVALID), PERSON_ACCOUNT_MIN,
			      PERSON_ACCOUNT_MAX);
	memcpy(p->bank_account, digits, n + 1);
	return 0;
}

/*
 * The checks of one row after the ID number. Each is a statement that
 * returns 1 when it rejected the row: an import stops at the first (one
 * reason a row), a form (run->reasons) goes on to show every field's.
 */
#define CHECK(bad, all, expr)                                                                                  \
	do {                                                                                                   \
		if (expr) {                                                                                    \
			if (!(all))                                                                            \
				return 1;                                                                      \
			(bad) = 1;                                                                             \
		}                                                                                              \
	} while (0)

/* The import's view of the registry for the row's ID number: repeats, the registered file, the scope. */
static int existing_file(struct run *run, struct row *row, const struct idcard *id, struct person *p, int *existing,
			 struct error *err)
{
	int64_t first;
	if (intmap_get(&run->rejected_ids, idcard_key(id->number), &first))
		return reject(run, row, ROSTER_ID_NUMBER, msg(MSG_DUPLICATE_ROW), (long)first);
	*existing = 0;
	if (run->check_existing && (*existing = person_find_by_id_number(run->db, id->number, p, err)) < 0)
		return -1;
	if (*existing && row_of(run, p->id))
		return reject(run, row, ROSTER_ID_NUMBER, msg(MSG_DUPLICATE_ROW), (long)row_of(run, p->id));
	/* From here on a rejection is about this row alone: a later row with its number repeats it. */
	run->current_key = idcard_key(id->number);
	if (*existing && run->scope && !registry_scope_has(run->scope, p->village))
		return reject(run, row, ROSTER_ID_NUMBER, "%s", msg(MSG_EXISTS_OUT_OF_SCOPE));
	if (*existing && !run->opt->update_existing)
		return reject(run, row, ROSTER_ID_NUMBER, msg(MSG_EXISTS_NO_UPDATE), p->file_no);
	if (!*existing)
		memset(p, 0, sizeof *p);
	return 0;
}

/* A form's ID number must not be another person's. */
static int other_holder(struct run *run, struct row *row, const struct idcard *id, const struct person *p,
			struct error *err)
{
	struct person other;
	int found = person_find_by_id_number(run->db, id->number, &other, err);
	if (found < 0)
		return -1;
	if (found && other.id != p->id)
		return reject(run, row, ROSTER_ID_NUMBER, msg(MSG_ID_TAKEN), other.file_no);
	return 0;
}

/*
 * Validates one data row into p; *existing tells whether it is a registered
 * person's file (then p started from that file). 0 valid, 1 rejected, -1 on
 * a database error.
 */
static int validate(struct run *run, struct row *row, struct person *p, int *existing, struct error *err)
{
	const int *ix = run->index;
	const bool all = run->reasons != NULL;
	struct idcard id;
	const char *column;
	char reason[256];
	int bad = 0, rc;

	if (run->exact_width && row->count != run->header_count) {
		bool extra = false;
		for (size_t i = run->header_count; i < row->count; i++)
			extra = extra || *import_cell(row, (int)i);
		if (row->count < run->header_count)
			return reject(run, row, ROSTER__MAX, msg(MSG_ROW_MISSING_FIELDS), row->count,
				      run->header_count);
		if (extra) /* trailing empty fields are just extra commas */
			return reject(run, row, ROSTER__MAX, msg(MSG_ROW_EXTRA_FIELDS), row->count,
				      run->header_count);
	}

	const char *name = import_cell(row, ix[ROSTER_NAME]);
	CHECK(bad, all, !*name && reject(run, row, ROSTER_NAME, "%s", msg(MSG_REQUIRED)));
	bool id_ok = check_id(run, row, import_cell(row, ix[ROSTER_ID_NUMBER]), &id) == 0;
	CHECK(bad, all, !id_ok);
	if (id_ok) {
		if ((rc = all ? other_holder(run, row, &id, p, err) : existing_file(run, row, &id, p, existing, err)) < 0)
			return -1;
		CHECK(bad, all, rc);
	}

	CHECK(bad, all, *name && check_text(run, row, ROSTER_NAME, name, PERSON_NAME_MAX, p->name, sizeof p->name));
	const char *sex_text = import_cell(row, ix[ROSTER_SEX]);
	int sex = *sex_text ? dict_parse(DICT_SEX, sex_text) : 0;
	CHECK(bad, all, sex < 0 && reject(run, row, ROSTER_SEX, "%s", msg(MSG_SEX_INVALID)));
	if (id_ok) {
		memcpy(p->id_number, id.number, sizeof p->id_number);
		p->sex = id.sex;
		p->birth = id.birth;
		CHECK(bad, all,
		      sex > 0 && sex != (int)id.sex &&
			  reject(run, row, ROSTER_SEX, msg(MSG_SEX_MISMATCH), dict_label(DICT_SEX, id.sex)));
		CHECK(bad, all, check_disability(run, row, id.number, p));
	}

	const char *hukou_text = import_cell(row, ix[ROSTER_HUKOU]);
	CHECK(bad, all, !*hukou_text && reject(run, row, ROSTER_HUKOU, "%s", msg(MSG_REQUIRED)));
	if (*hukou_text) {
		int hukou = dict_parse(DICT_HUKOU, hukou_text);
		CHECK(bad, all, hukou < 0 && reject(run, row, ROSTER_HUKOU, "%s", msg(MSG_HUKOU_INVALID)));
		if (hukou > 0)
			p->hukou = hukou;
	}

	const char *township = import_cell(row, ix[ROSTER_TOWNSHIP]);
	const char *village = import_cell(row, ix[ROSTER_VILLAGE]);
	CHECK(bad, all, !*township && reject(run, row, ROSTER_TOWNSHIP, "%s", msg(MSG_REQUIRED)));
	CHECK(bad, all, !*village && reject(run, row, ROSTER_VILLAGE, "%s", msg(MSG_REQUIRED)));
	if (*township && *village) {
		char code[13];
		if (division_resolve(run->resolver, township, village, code, &column, reason, sizeof reason)) {
			enum roster_column c = strcmp(column, "乡镇") == 0 ? ROSTER_TOWNSHIP : ROSTER_VILLAGE;
			CHECK(bad, all, reject(run, row, c, "%s", reason));
		} else {
			CHECK(bad, all,
			      run->scope && !registry_scope_has(run->scope, code) &&
				  reject(run, row, ROSTER_VILLAGE, "%s", msg(MSG_OUT_OF_SCOPE)));
			memcpy(p->village, code, sizeof p->village);
		}
	}
	CHECK(bad, all, check_phone(run, row, p));
	CHECK(bad, all, check_dibao(run, row, p));
	CHECK(bad, all, check_bank(run, row, p));
	CHECK(bad, all, check_account(run, row, p));
	return bad;
}

#undef CHECK

/*
 * Validates one data row and saves it (an all-or-nothing import with
 * rejections is rolled back at the end: saving on lets the registry's unique
 * index catch every repeated ID number). 0, or -1 on a database error.
 */
static int import_row(struct run *run, struct row *row, struct error *err)
{
	struct person p;
	int existing = 0;
	run->current_key = 0;
	int rc = validate(run, row, &p, &existing, err);
	if (rc == 1 && run->current_key && run->rejected_ids.count < IMPORT_ERRORS_KEPT)
		intmap_put(&run->rejected_ids, run->current_key, row->number, NULL);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (existing) {
		if (person_update(run->db, &p, err) < 0)
			return -1;
		run->r->updated++;
		set_row_of(run, p.id, row->number);
		return 0;
	}
	p.id = run->next_id;
	rc = person_insert(run->db, &p, err);
	if (rc < 0)
		return -1;
	if (rc == 1) { /* the ID number was saved by an earlier row of this file (with the index in place) */
		struct person first;
		if (person_find_by_id_number(run->db, p.id_number, &first, err) != 1)
			return -1;
		reject(run, row, ROSTER_ID_NUMBER, msg(MSG_DUPLICATE_ROW), (long)row_of(run, first.id));
		return 0;
	}
	run->next_id++;
	run->r->inserted++;
	set_row_of(run, p.id, row->number);
	return 0;
}

/* A person that repeated an earlier row's ID number, found when the indexes are built again. */
static void bulk_repeat(void *ctx, int64_t id, int64_t first_id)
{
	struct run *run = ctx;
	import_reject(run->r, row_of(run, id), roster_columns[ROSTER_ID_NUMBER].name, msg(MSG_DUPLICATE_ROW),
		      (long)row_of(run, first_id));
	run->r->inserted--;
}

int roster_import(struct db *db, struct row_source src, const struct import_options *opt, bool exact_width,
		  struct import_report *r, struct error *err)
{
	struct run run = {
		.db = db,
		.opt = opt,
		.r = r,
		.exact_width = exact_width,
		.today = date_today(),
		.encoding = src.encoding,
		.scope = opt->scope,
	};
	struct row *row;
	int result = -1;
	long rows = 0;
	int rc = src.next(src.ctx, &row, err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, "%s", msg(MSG_NO_HEADER));
		return -1;
	}
	if (import_map_header(row, roster_columns, ROSTER__MAX, run.index, r, err) < 0)
		return -1;
	run.header_count = row->count;

	if (db_begin(db, err) < 0)
		return -1;
	long existing = person_count(db, err);
	if (existing < 0)
		goto out;
	run.check_existing = existing > 0;
	/*
	 * A registry's first roster is the big one (a whole county at once):
	 * load it without index upkeep, and find repeated ID numbers when the
	 * unique index is built again at the end.
	 */
	if (!run.check_existing && person_bulk_begin(db, &run.bulk, err) < 0)
		goto out;
	if ((run.next_id = person_next_id(db, err)) < 0)
		goto out;
	if (division_resolver_open(db, &run.resolver, err) < 0)
		goto out;

	while ((rc = src.next(src.ctx, &row, err)) == 1) {
		if (++rows > IMPORT_ROWS_MAX) {
			error_set(err, msg(MSG_TOO_MANY_ROWS), IMPORT_ROWS_MAX);
			goto out;
		}
		/* A row the reader could not read may look blank: its problem comes first. */
		if (import_reject_problem(r, row, roster_columns, ROSTER__MAX, run.index, run.encoding) == 0 &&
		    !import_row_blank(row) && import_row(&run, row, err) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (run.bulk) {
		if (person_bulk_end(run.bulk, bulk_repeat, &run, err) < 0)
			goto out;
		import_report_sort(r);
	}
	if (r->rejected && !opt->valid_only) { /* all or nothing: nothing */
		result = 0;
		goto out;
	}
	if (db_commit(db, err) < 0)
		goto out;
	r->committed = true;
	result = 0;
out:
	if (!r->committed) {
		db_rollback(db);
		r->inserted = r->updated = 0;
	}
	person_bulk_free(run.bulk);
	division_resolver_free(run.resolver);
	for (size_t c = 0; c < run.nchunks; c++)
		free(run.row_chunks[c]);
	free(run.row_chunks);
	intmap_release(&run.rejected_ids);
	return result;
}

void roster_cells(const struct person *p, bool masked, char cells[ROSTER__MAX][ROSTER_CELL_MAX])
{
	const char *label;
#define SET(col, ...) snprintf(cells[col], ROSTER_CELL_MAX, __VA_ARGS__)
	SET(ROSTER_NAME, "%s", p->name);
	SET(ROSTER_SEX, "%s", (label = dict_label(DICT_SEX, p->sex)) ? label : "");
	SET(ROSTER_CATEGORY, "%s", (label = dict_label(DICT_CATEGORY, p->category)) ? label : "");
	SET(ROSTER_GRADE, "%s", (label = dict_label(DICT_GRADE, p->grade)) ? label : "");
	SET(ROSTER_HUKOU, "%s", (label = dict_label(DICT_HUKOU, p->hukou)) ? label : "");
	SET(ROSTER_TOWNSHIP, "%s", p->township_name);
	SET(ROSTER_VILLAGE, "%s", p->village_name);
	SET(ROSTER_DIBAO, "%s", dict_label(DICT_YESNO, p->dibao ? 1 : 0));
	SET(ROSTER_BANK, "%s", p->bank_name);
#undef SET
	if (masked) {
		mask_idcard(p->id_number, cells[ROSTER_ID_NUMBER], ROSTER_CELL_MAX);
		mask_cert(p->cert, cells[ROSTER_CERT], ROSTER_CELL_MAX);
		mask_phone(p->phone, cells[ROSTER_PHONE], ROSTER_CELL_MAX);
		mask_account(p->bank_account, cells[ROSTER_ACCOUNT], ROSTER_CELL_MAX);
	} else {
		snprintf(cells[ROSTER_ID_NUMBER], ROSTER_CELL_MAX, "%s", p->id_number);
		snprintf(cells[ROSTER_CERT], ROSTER_CELL_MAX, "%s", p->cert);
		snprintf(cells[ROSTER_PHONE], ROSTER_CELL_MAX, "%s", p->phone);
		snprintf(cells[ROSTER_ACCOUNT], ROSTER_CELL_MAX, "%s", p->bank_account);
	}
}

int roster_check_one(struct db *db, const struct registry_scope *scope, char *cells[ROSTER__MAX], struct person *p,
		     struct roster_reasons *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct run run = {
		.db = db,
		.today = date_today(),
		.encoding = "UTF-8",
		.scope = scope,
		.reasons = out,
	};
	struct row row = {.number = 0, .count = ROSTER__MAX, .field = cells};
	for (int c = 0; c < ROSTER__MAX; c++)
		run.index[c] = cells[c] ? c : -1;
	if (division_resolver_open(db, &run.resolver, err) < 0)
		return -1;
	int existing = 0;
	int rc = validate(&run, &row, p, &existing, err);
	division_resolver_free(run.resolver);
	return rc;
}
