/*
 * support: the unit tests' shared set-up (see support.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/idcard.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "store/migrate.h"
#include "support.h"

#include "domain/program.h"

/* A temporary database */

void t_tmpdir(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/%s-XXXXXX", name);
	assert_non_null(mkdtemp(dir));
}

struct db *t_db_open(const char *path, bool migrate)
{
	struct db *db;
	struct error err = ERROR_INIT;

	if (db_open(&db, path, DB_WRITER, &err) < 0 ||
	    (migrate && (migrate_run(db, NULL, &err) < 0 || dict_load(db, &err) < 0)))
		fail_msg("%s", err.msg);
	return db;
}

void t_db_remove(const char *path)
{
	static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
	char p[PATH_MAX];

	unlink(path);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

int t_setup(void **state, const char *name, bool migrate)
{
	struct t_fixture *f = xcalloc(1, sizeof *f);

	t_tmpdir(f->dir, sizeof f->dir, name);
	snprintf(f->path, sizeof f->path, "%s/reg.db", f->dir);
	f->db = t_db_open(f->path, migrate);
	*state = f;
	return 0;
}

int t_teardown(void **state)
{
	struct t_fixture *f = *state;

	date_set_today(NULL);
	db_close(f->db);
	t_db_remove(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Days */

struct date t_date(const char *s)
{
	struct date d;

	if (date_parse(s, &d) < 0)
		fail_msg("bad date %s", s);
	return d;
}

void t_today(const char *s)
{
	struct date d = t_date(s);

	date_set_today(&d);
}

/* SQL */

void t_exec(struct db *db, const char *sql)
{
	struct error err = ERROR_INIT;

	if (db_exec(db, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

/* sql prepared (param bound to ?1 unless NULL) and stepped to its first row, which it must have. */
static struct db_stmt *first_row(struct db *db, const char *sql, const char *param)
{
	struct error err = ERROR_INIT;
	struct db_stmt *st;

	if (db_prepare(db, sql, &st, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
	if (param)
		db_bind_text(st, 1, param);
	assert_int_equal(db_step(st, &err), DB_ROW);
	return st;
}

int64_t t_query_int(struct db *db, const char *sql)
{
	struct error err = ERROR_INIT;
	struct db_stmt *st = first_row(db, sql, NULL);
	int64_t v = db_col_int(st, 0);

	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
	return v;
}

int64_t t_query_first_int(struct db *db, const char *sql, const char *param)
{
	struct db_stmt *st = first_row(db, sql, param);
	int64_t v = db_col_int(st, 0);

	db_done(st);
	return v;
}

const char *t_query_text(struct db *db, const char *sql, char *out, size_t size)
{
	struct db_stmt *st = first_row(db, sql, NULL);

	snprintf(out, size, "%s", db_col_text(st, 0));
	db_done(st);
	return out;
}

/* Divisions and persons */

void t_division_save(struct db *db, const char *code, const char *name)
{
	struct division d = {.level = (enum division_level)division_level_of(code)};
	struct error err = ERROR_INIT;

	snprintf(d.code, sizeof d.code, "%s", code);
	snprintf(d.name, sizeof d.name, "%s", name);
	division_parent_of(code, d.parent);
	if (division_save(db, &d, NULL, &err) < 0)
		fail_msg("%s", err.msg);
}

void t_county_save(struct db *db)
{
	t_division_save(db, "341699000000", "示范县");
	t_division_save(db, "341699001000", "青禾镇");
	t_division_save(db, "341699001001", "王庄村");
	t_division_save(db, "341699001002", "李集村");
	t_division_save(db, "341699002000", "望川镇");
	t_division_save(db, "341699002001", "王庄村");
}

long t_division_count(struct db *db, enum division_level level)
{
	struct error err = ERROR_INIT;
	long n = division_count(db, level, &err);

	if (n < 0)
		fail_msg("%s", err.msg);
	return n;
}

struct person t_person(const char *name, const char *first17, const char *village)
{
	struct person p;
	struct idcard id;
	char number[19];

	memset(&p, 0, sizeof p);
	snprintf(number, sizeof number, "%s%c", first17, idcard_check_char(first17));
	assert_int_equal(idcard_parse(number, (struct date){2024, 6, 15}, &id), IDCARD_OK);
	snprintf(p.name, sizeof p.name, "%s", name);
	memcpy(p.id_number, id.number, sizeof p.id_number);
	p.sex = id.sex;
	p.birth = id.birth;
	p.hukou = 2;
	snprintf(p.village, sizeof p.village, "%s", village);
	return p;
}

int64_t t_person_insert(struct db *db, struct person *p)
{
	struct error err = ERROR_INIT;

	if (person_insert(db, p, &err) != 0)
		fail_msg("person_insert %s: %s", p->name, err.msg);
	return p->id;
}

int64_t t_person_save(struct db *db, const char *name, const char *first17, const char *village,
                      enum person_status status)
{
	struct person p = t_person(name, first17, village);

	p.status = status;
	return t_person_insert(db, &p);
}

long t_person_count(struct db *db)
{
	struct error err = ERROR_INIT;
	long n = person_count(db, &err);

	if (n < 0)
		fail_msg("%s", err.msg);
	return n;
}

/* An in-memory row source */

static int lines_next(void *ctx, struct row **row, struct error *err)
{
	struct t_lines *m = ctx;

	if (m->fail_at > 0 && (long)m->next + 1 == m->fail_at)
		return error_set(err, "read error at row %ld", m->fail_at);
	if (m->next >= m->n)
		return 0;
	const struct t_line *l = &m->lines[m->next++];
	size_t count = 0;
	free(m->copy);
	m->copy = NULL;
	if (l->text) {
		char *p = m->copy = xstrdup(l->text);
		m->fields[count++] = p;
		while ((p = strchr(p, ',')) != NULL) {
			*p++ = '\0';
			assert_true(count < ROW_FIELDS_MAX);
			m->fields[count++] = p;
		}
	}
	m->row = (struct row){(long)m->next, count, m->fields, l->problem, l->problem_field};
	*row = &m->row;
	return 1;
}

struct row_source t_lines_source(struct t_lines *m, const struct t_line *lines, size_t n, long fail_at)
{
	*m = (struct t_lines){.lines = lines, .n = n, .fail_at = fail_at};
	return (struct row_source){lines_next, m, "UTF-8"};
}

void t_lines_release(struct t_lines *m)
{
	free(m->copy);
	m->copy = NULL;
}

/* Import reports */

const struct import_error *t_rejection(const struct import_report *r, long row)
{
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i].row == row)
			return &r->errors[i];
	return NULL;
}

void t_expect_rejection(const struct import_report *r, long row, const char *column, const char *reason)
{
	const struct import_error *e = t_rejection(r, row);

	if (!e)
		fail_msg("row %ld was not rejected", row);
	if (strcmp(e->column, column) != 0 || strcmp(e->reason, reason) != 0)
		fail_msg("row %ld: %s: %s; expected %s: %s", row, e->column, e->reason, column, reason);
}

struct user t_user(enum role role, const char *division, const char *name)
{
	struct user u;
	memset(&u, 0, sizeof u);
	u.id = role + 1;
	u.role = role;
	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.division, sizeof u.division, "%s", division);
	return u;
}

void t_users(struct t_users u)
{
	if (u.county)
		*u.county = t_user(ROLE_COUNTY_STAFF, "", "county");
	if (u.admin)
		*u.admin = t_user(ROLE_COUNTY_ADMIN, "", "admin");
	if (u.town1)
		*u.town1 = t_user(ROLE_TOWNSHIP, "341699001000", "town1");
	if (u.town2)
		*u.town2 = t_user(ROLE_TOWNSHIP, "341699002000", "town2");
	if (u.village1)
		*u.village1 = t_user(ROLE_VILLAGE, "341699001001", "village1");
	if (u.village2)
		*u.village2 = t_user(ROLE_VILLAGE, "341699001002", "village2");
	if (u.leader)
		*u.leader = t_user(ROLE_LEADER, "", "leader");
	if (u.hospital)
		*u.hospital = t_user(ROLE_HOSPITAL, "", "hospital");
}

struct registry_scope t_scope(const struct user *u)
{
	struct registry_scope s;

	registry_scope_of(u, &s);
	return s;
}

struct registry_scope t_case_scope(const struct user *u)
{
	struct registry_scope s;

	case_scope_of(u, &s);
	return s;
}

const char *t_reason(const struct case_problems *pr, const char *field)
{
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->items[i].field, field) == 0)
			return pr->items[i].reason;
	return "";
}

void t_program_store_file(struct db *db, const char *path)
{
	static char text[PROGRAM_FILE_MAX];
	FILE *in = fopen(path, "rb");
	if (!in)
		fail_msg("cannot open %s", path);
	size_t n = fread(text, 1, sizeof text, in);
	fclose(in);
	struct error err = ERROR_INIT;
	if (program_store(db, text, n, "test", &err) != 0)
		fail_msg("program_store %s: %s", path, err.msg);
}

const struct program *t_program(struct db *db, const char *code)
{
	const struct program *p;
	struct error err = ERROR_INIT;
	if (program_get(db, code, 0, &p, &err) != 1)
		fail_msg("program_get %s: %s", code, err.msg);
	return p;
}

int t_case_step_v(struct db *db, int64_t id, const struct user *u, const char *transition, const char *date,
                  const char *remark, struct case_problems *pr, va_list ap)
{
	struct case_value values[CASE_VALUES_MAX];
	size_t n = 0;
	for (const char *field; (field = va_arg(ap, const char *)) && n < CASE_VALUES_MAX;)
		values[n++] = (struct case_value){field, va_arg(ap, const char *)};
	struct registry_scope s = t_case_scope(u);
	struct error err = ERROR_INIT;
	int rc = case_transition(db, id, transition, date, values, n, remark, u, &s, pr, &err);
	if (rc < 0)
		fail_msg("case_transition %s: %s", transition, err.msg);
	return rc;
}

/* Progress numbers */

void t_progress_add(void *ctx, const char *township_code, long long value)
{
	struct t_progress *p = ctx;
	size_t n = strlen(p->text);

	snprintf(p->text + n, sizeof p->text - n, "%s=%lld;", township_code, value);
}

const char *t_progress(t_progress_fn *fn, struct db *db, int year, const char *metric)
{
	static struct t_progress p;
	struct error err = ERROR_INIT;

	memset(&p, 0, sizeof p);
	if (fn(db, year, metric, t_progress_add, &p, &err) < 0)
		fail_msg("progress of %s: %s", metric ? metric : "(null)", err.msg);
	return p.text;
}
