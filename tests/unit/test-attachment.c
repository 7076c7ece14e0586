/*
 * Unit tests for domain/attachment: the type decided by the content (not
 * the name), the size limit, the cleaned file name, the kinds of a
 * definition, and the order of storing: the file first, the row after, so
 * that a failing insert leaves no file and a file without a row is never
 * listed; the file is found again with its digest, a changed one is not
 * served; rows are append-only; the scope holds. The shared storage on
 * its own (attachment_check, attachment_store, attachment_unstore,
 * attachment_open_stored), as other modules use it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/program.h"
#include "support.h"

#define VILLAGE1 "341699001001"

static const char PDF[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
static const unsigned char JPEG[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};

static struct user county, town2, hospital;
static int64_t case1;
static char dir[ATTACHMENT_DIR_MAX];

static int setup(void **state)
{
	t_setup(state, "test-attachment", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	struct person p = t_person("王秀英", "34169919500101002", VILLAGE1);
	p.category = 4;
	p.grade = 1;
	p.dibao = 1;
	struct error err = ERROR_INIT;
	if (person_insert(f->db, &p, &err) != 0)
		fail_msg("person_insert: %s", err.msg);
	t_program_store_file(f->db, "programs/assistance.json");
	county = t_user(ROLE_COUNTY_STAFF, "", "county");
	town2 = t_user(ROLE_TOWNSHIP, "341699002000", "town2");
	hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	struct date today = {2024, 12, 31};
	date_set_today(&today);
	const struct program *prog;
	if (program_get(f->db, "assistance", 0, &prog, &err) != 1)
		fail_msg("program_get: %s", err.msg);
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	const struct case_value docs[] = {{"doc_cert", "是"}, {"doc_dibao", "是"}, {"doc_id", "是"}, {"doc_bank", "是"}};
	if (case_enrol(f->db, prog, 2024, p.id, "apply", "2024-03-01", docs, 4, "", &county, &s, &case1, &pr, &err) != 0)
		fail_msg("case_enrol: %s %s", err.msg, pr.message);
	attachment_dir(f->path, dir);
	return 0;
}

/* Removes the files directory (flat: files only) so that t_teardown can remove its own. */
static int teardown(void **state)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		char path[ATTACHMENT_DIR_MAX + 300];
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
				snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
				unlink(path);
			}
		closedir(d);
		rmdir(dir);
	}
	date_set_today(NULL);
	return t_teardown(state);
}

/* Entries of the files directory (0 when it does not exist). */
static int files_in_dir(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int add(struct db *db, const struct user *u, const char *kind, const char *name, const void *data, size_t len,
	       struct attachment *a, struct case_problems *pr)
{
	struct registry_scope s;
	case_scope_of(u, &s);
	struct error err = ERROR_INIT;
	int rc = attachment_add(db, dir, case1, kind, name, data, len, u, &s, a, pr, &err);
	if (rc < 0)
		print_message("attachment_add: %s\n", err.msg);
	return rc;
}

static void test_sniff(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		size_t len;
		const char *type;
	} cases[] = {
	    {"%PDF-1.7\n", 9, "application/pdf"},
	    {"%PDF", 4, NULL}, /* too short to be the magic */
	    {"\xFF\xD8\xFF\xE0", 4, "image/jpeg"},
	    {"\xFF\xD8\x00", 3, NULL},
	    {"\x89PNG\r\n\x1a\n", 8, "image/png"},
	    {"\x89PNG\r\n", 6, NULL},
	    {"GIF89a", 6, NULL},
	    {"PK\x03\x04", 4, NULL}, /* a .docx or .xlsx */
	    {"hello, this is text named scan.pdf", 34, NULL},
	    {" %PDF-1.4", 9, NULL}, /* the magic must be first */
	    {"", 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t = attachment_sniff(cases[i].data, cases[i].len);
		if (!cases[i].type)
			assert_null(t);
		else
			assert_string_equal(t, cases[i].type);
	}
	assert_string_equal(attachment_type_label("image/png"), "PNG");
	assert_string_equal(attachment_type_label("text/html"), "");
	assert_null(attachment_type_static("text/html"));
}

static void test_clean_name(void **state)
{
	(void)state;
	static const struct {
		const char *in, *type, *out;
	} cases[] = {
	    {"残疾证.pdf", "application/pdf", "残疾证.pdf"},
	    {"C:\\Users\\王\\扫描 件.JPEG", "image/jpeg", "扫描 件.JPEG"},
	    {"../../etc/passwd", "application/pdf", "passwd.pdf"},
	    {"scan.pdf", "image/png", "scan.pdf.png"}, /* the content decides */
	    {"a\"b*c:d<e>f?g|h.png", "image/png", "a_b_c_d_e_f_g_h.png"},
	    {"tab\there\nnew.png", "image/png", "tabherenew.png"},
	    {"..hidden.pdf", "application/pdf", "hidden.pdf"},
	    {"", "image/jpeg", "扫描件.jpg"},
	    {".pdf", "application/pdf", "pdf.pdf"}, /* a hidden name is not kept hidden */
	    {"...", "application/pdf", "扫描件.pdf"},
	    {"bad\xff\xfeutf8.png", "image/png", "badutf8.png"},
	};
	char out[4 * ATTACHMENT_NAME_MAX + 1];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		attachment_clean_name(cases[i].in, cases[i].type, out, sizeof out);
		assert_string_equal(out, cases[i].out);
	}
	/* At most 100 characters, the extension kept. */
	char longname[300];
	memset(longname, 'x', 200);
	strcpy(longname + 200, ".pdf");
	attachment_clean_name(longname, "application/pdf", out, sizeof out);
	assert_int_equal(strlen(out), ATTACHMENT_NAME_MAX);
	assert_string_equal(out + ATTACHMENT_NAME_MAX - 4, ".pdf");
	char cjk[4 * 120 + 8] = "";
	for (int i = 0; i < 120; i++)
		strcat(cjk, "证");
	attachment_clean_name(cjk, "image/png", out, sizeof out);
	assert_int_equal(utf8_length(out), ATTACHMENT_NAME_MAX);
}

static void collect_kind(void *ctx, const char *key, const char *label)
{
	(void)label;
	char *s = ctx;
	strcat(s, key);
	strcat(s, ",");
}

static void test_kinds(void **state)
{
	struct t_fixture *f = *state;
	const struct program *p;
	struct error err = ERROR_INIT;
	assert_int_equal(program_get(f->db, "assistance", 0, &p, &err), 1);
	char keys[256] = "";
	attachment_kinds(p, collect_kind, keys);
	assert_string_equal(keys, "doc_cert,doc_dibao,doc_id,doc_bank,other,");
	assert_string_equal(attachment_kind_label(p, "doc_dibao"), "低保证");
	assert_string_equal(attachment_kind_label(p, "other"), "其他");
	assert_null(attachment_kind_label(p, "apply_date"));
	assert_null(attachment_kind_label(p, ""));
	assert_true(attachment_may(&county));
	assert_false(attachment_may(&hospital));
}

static void test_refusals(void **state)
{
	struct t_fixture *f = *state;
	struct attachment a;
	struct case_problems pr;
	const char text[] = "this is not a PDF, whatever its name says";
	assert_int_equal(add(f->db, &county, "doc_cert", "残疾证.pdf", text, sizeof text - 1, &a, &pr), 1);
	assert_string_equal(pr.items[0].field, "file");
	assert_non_null(strstr(pr.items[0].reason, "只能上传 PDF、JPEG 或 PNG"));
	assert_int_equal(add(f->db, &county, "doc_cert", "empty.pdf", "", 0, &a, &pr), 1);
	assert_string_equal(pr.items[0].field, "file");
	/* Over 5 MiB, even a real PDF. */
	size_t big = ATTACHMENT_SIZE_MAX + 1;
	char *data = calloc(1, big);
	memcpy(data, "%PDF-1.4\n", 9);
	assert_int_equal(add(f->db, &county, "doc_cert", "big.pdf", data, big, &a, &pr), 1);
	assert_non_null(strstr(pr.items[0].reason, "不能超过 5 MB"));
	/* Exactly 5 MiB is fine. */
	assert_int_equal(add(f->db, &county, "doc_cert", "big.pdf", data, big - 1, &a, &pr), 0);
	assert_int_equal(a.size, ATTACHMENT_SIZE_MAX);
	free(data);
	/* A kind outside the checklist. */
	assert_int_equal(add(f->db, &county, "apply_date", "x.pdf", PDF, sizeof PDF - 1, &a, &pr), 1);
	assert_string_equal(pr.items[0].field, "kind");
	/* Hospitals see the case but not its documents; another township does not see the case. */
	assert_int_equal(add(f->db, &hospital, "doc_cert", "x.pdf", PDF, sizeof PDF - 1, &a, &pr), 1);
	assert_non_null(strstr(pr.message, "不能上传"));
	assert_int_equal(add(f->db, &town2, "doc_cert", "x.pdf", PDF, sizeof PDF - 1, &a, &pr), 2);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_attachment"), 1);
	assert_int_equal(files_in_dir(), 1);
}

static int count_one(void *ctx, const struct attachment *a, struct error *err)
{
	(void)err;
	(void)a;
	(*(int *)ctx)++;
	return 0;
}

static void test_store_then_commit(void **state)
{
	struct t_fixture *f = *state;
	struct attachment a;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	/* The insert fails (a trigger stands for a full disk or a broken constraint): no row, no file left. */
	t_exec(f->db, "CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON case_attachment"
		      " BEGIN SELECT RAISE(ABORT, 'insert refused for the test'); END");
	assert_int_equal(add(f->db, &county, "doc_cert", "残疾证.pdf", PDF, sizeof PDF - 1, &a, &pr), -1);
	assert_int_equal(files_in_dir(), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_attachment"), 0);
	t_exec(f->db, "DROP TRIGGER fail_insert");
	/* Now it goes in: the file under its digest, the row after. */
	assert_int_equal(add(f->db, &county, "doc_cert", "残疾证.pdf", PDF, sizeof PDF - 1, &a, &pr), 0);
	assert_true(a.id > 0);
	assert_string_equal(a.content_type, "application/pdf");
	assert_string_equal(a.uploaded_by, "county");
	char path[ATTACHMENT_DIR_MAX + 80];
	snprintf(path, sizeof path, "%s/%s", dir, a.sha256);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, (off_t)(sizeof PDF - 1));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* A second upload of the same bytes: a second row, the one file. A failing insert then keeps it. */
	struct attachment b;
	assert_int_equal(add(f->db, &county, ATTACHMENT_OTHER, "again.pdf", PDF, sizeof PDF - 1, &b, &pr), 0);
	assert_int_equal(files_in_dir(), 1);
	t_exec(f->db, "CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON case_attachment"
		      " BEGIN SELECT RAISE(ABORT, 'insert refused for the test'); END");
	assert_int_equal(add(f->db, &county, ATTACHMENT_OTHER, "third.pdf", PDF, sizeof PDF - 1, &b, &pr), -1);
	assert_int_equal(stat(path, &st), 0);
	t_exec(f->db, "DROP TRIGGER fail_insert");
	/* A file without a row (a crash between the two) is not listed. */
	char stray[ATTACHMENT_DIR_MAX + 80];
	snprintf(stray, sizeof stray, "%s/%064d", dir, 0);
	FILE *fp = fopen(stray, "w");
	assert_non_null(fp);
	fputs("%PDF-1.4 orphan", fp);
	fclose(fp);
	int n = 0;
	assert_int_equal(attachment_list(f->db, case1, count_one, &n, &err), 0);
	assert_int_equal(n, 2);
	/* Found again, read and checked. */
	struct attachment got;
	assert_int_equal(attachment_get(f->db, case1, a.id, &got, &err), 1);
	assert_string_equal(got.sha256, a.sha256);
	assert_string_equal(got.name, "残疾证.pdf");
	assert_int_equal(attachment_get(f->db, case1 + 1, a.id, &got, &err), 0); /* not of that case */
	int fd;
	assert_int_equal(attachment_open(dir, &got, &fd, &err), 0);
	char back[sizeof PDF];
	assert_int_equal(read(fd, back, sizeof back), (ssize_t)(sizeof PDF - 1));
	assert_memory_equal(back, PDF, sizeof PDF - 1);
	close(fd);
	/* Changed on disk (same size): refused. */
	fp = fopen(path, "r+");
	fputc('X', fp);
	fclose(fp);
	assert_int_equal(attachment_open(dir, &got, &fd, &err), -1);
	assert_non_null(strstr(err.msg, "changed"));
	/* A row whose digest is not 64 hex digits never makes a path. */
	snprintf(got.sha256, sizeof got.sha256, "../../etc/passwd");
	assert_int_equal(attachment_open(dir, &got, &fd, &err), -1);
	/* Append-only. */
	assert_int_equal(db_exec(f->db, "DELETE FROM case_attachment", &err), -1);
	assert_int_equal(db_exec(f->db, "UPDATE case_attachment SET name = 'x.pdf'", &err), -1);
}

static void test_shared_storage(void **state)
{
	(void)state;
	const char *type;
	char why[ATTACHMENT_REASON_MAX];
	/* The checks, with the reasons every upload form shows under "file". */
	assert_int_equal(attachment_check(PDF, sizeof PDF - 1, &type, why, sizeof why), 0);
	assert_string_equal(type, "application/pdf");
	assert_int_equal(attachment_check(JPEG, sizeof JPEG, &type, why, sizeof why), 0);
	assert_string_equal(type, "image/jpeg");
	assert_int_equal(attachment_check(NULL, 0, &type, why, sizeof why), 1);
	assert_null(type);
	assert_string_equal(why, "请选择要上传的文件（上传的文件不能是空的）");
	assert_int_equal(attachment_check("GIF89a", 6, &type, why, sizeof why), 1);
	assert_non_null(strstr(why, "只能上传 PDF、JPEG 或 PNG 格式的扫描件"));
	assert_int_equal(attachment_check(PDF, ATTACHMENT_SIZE_MAX + 1, &type, why, sizeof why), 1);
	assert_string_equal(why, "文件太大（5.0 MB）：每个文件不能超过 5 MB，请降低扫描分辨率或分页上传");

	/* Stored under its digest (the directory made), created once. */
	char sha[TOKEN_HEX], want[TOKEN_HEX];
	bool created;
	struct error err = ERROR_INIT;
	token_sha256_hex(PNG, sizeof PNG, want);
	assert_int_equal(files_in_dir(), 0);
	assert_int_equal(attachment_store(dir, PNG, sizeof PNG, sha, &created, &err), 0);
	assert_string_equal(sha, want);
	assert_true(created);
	assert_int_equal(files_in_dir(), 1);
	assert_int_equal(attachment_store(dir, PNG, sizeof PNG, sha, &created, &err), 0);
	assert_false(created);
	assert_int_equal(files_in_dir(), 1);
	/* Nothing to store is an error, nothing stored. */
	assert_int_equal(attachment_store(dir, PNG, 0, sha, &created, &err), -1);
	assert_string_equal(sha, "");
	/* Read back, checked; a wrong size or digest, or a name that is not a digest, is refused. */
	int fd;
	assert_int_equal(attachment_open_stored(dir, want, sizeof PNG, &fd, &err), 0);
	unsigned char back[sizeof PNG + 1];
	assert_int_equal(read(fd, back, sizeof back), (ssize_t)sizeof PNG);
	assert_memory_equal(back, PNG, sizeof PNG);
	close(fd);
	assert_int_equal(attachment_open_stored(dir, want, sizeof PNG - 1, &fd, &err), -1);
	assert_int_equal(fd, -1);
	char other[TOKEN_HEX];
	token_sha256_hex(PDF, sizeof PDF - 1, other);
	assert_int_equal(attachment_open_stored(dir, other, sizeof PNG, &fd, &err), -1);
	assert_non_null(strstr(err.msg, "missing"));
	assert_int_equal(attachment_open_stored(dir, "../test-attachment.db", sizeof PNG, &fd, &err), -1);
	/* Removed again; a name that is not a digest removes nothing. */
	attachment_unstore(dir, "..");
	assert_int_equal(files_in_dir(), 1);
	attachment_unstore(dir, want);
	assert_int_equal(files_in_dir(), 0);
	assert_int_equal(attachment_open_stored(dir, want, sizeof PNG, &fd, &err), -1);
}

static void test_types(void **state)
{
	struct t_fixture *f = *state;
	struct attachment a;
	struct case_problems pr;
	assert_int_equal(add(f->db, &county, "doc_bank", "银行卡.png", PNG, sizeof PNG, &a, &pr), 0);
	assert_string_equal(a.content_type, "image/png");
	assert_int_equal(add(f->db, &county, "doc_id", "户口簿", JPEG, sizeof JPEG, &a, &pr), 0);
	assert_string_equal(a.content_type, "image/jpeg");
	assert_string_equal(a.name, "户口簿.jpg");
	/* A PNG named .pdf is a PNG. */
	assert_int_equal(add(f->db, &county, "doc_id", "scan.pdf", PNG, sizeof PNG, &a, &pr), 0);
	assert_string_equal(a.content_type, "image/png");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_clean_name),
	    cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_then_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_types, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shared_storage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
