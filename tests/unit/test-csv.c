/*
 * Unit tests for io/csv: files are written under /tmp and read back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "io/csv.h"

/* Helpers */

static char *write_tmp(const void *data, size_t n)
{
	char *path = xstrdup("/tmp/test-csv-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

static void remove_tmp(char *path)
{
	unlink(path);
	free(path);
}

/* An expected row; the list ends at number 0. */
struct exp_row {
	long number;
	enum row_problem problem;
	size_t problem_field; /* checked when problem is set */
	size_t count;
	const char *fields; /* joined with '|' */
};

static char *join(const struct row *row)
{
	struct buf b = BUF_INIT(1 << 20);

	for (size_t i = 0; i < row->count; i++) {
		assert_non_null(row->field[i]);
		assert_int_equal(buf_addstr(&b, i ? "|" : ""), 0);
		assert_int_equal(buf_addstr(&b, row->field[i]), 0);
	}
	return buf_detach(&b);
}

static void check_row(const struct row *row, const struct exp_row *e)
{
	char *got = join(row);

	assert_int_equal(row->number, e->number);
	assert_int_equal(row->problem, e->problem);
	if (e->problem != ROW_OK)
		assert_int_equal(row->problem_field, e->problem_field);
	assert_int_equal(row->count, e->count);
	assert_string_equal(got, e->fields);
	free(got);
}

/* Reads path and checks its encoding and every row against rows. */
static void check_file(const char *path, enum csv_encoding enc, const struct exp_row *rows)
{
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	size_t i = 0;

	assert_int_equal(csv_open(&r, path, &err), 0);
	assert_int_equal(csv_encoding(r), enc);
	while (csv_next(r, &row, &err) == 1) {
		assert_true(rows[i].number != 0);
		check_row(row, &rows[i]);
		i++;
	}
	assert_int_equal(rows[i].number, 0);
	/* the end stays the end */
	assert_int_equal(csv_next(r, &row, &err), 0);
	csv_close(r);
}

static void check_data(const void *data, size_t n, enum csv_encoding enc, const struct exp_row *rows)
{
	char *path = write_tmp(data, n);
	check_file(path, enc, rows);
	remove_tmp(path);
}

/* Table of small files */

#define DATA(s) s, sizeof(s) - 1
/* clang-format off */
#define OK(num, count, fields) { num, ROW_OK, 0, count, fields }
#define BAD(num, problem, field, count, fields) { num, problem, field, count, fields }
/* clang-format on */

struct read_case {
	const char *name;
	const char *data;
	size_t len;
	enum csv_encoding enc;
	struct exp_row rows[8];
};

static const struct read_case read_cases[] = {
    {"empty file", DATA(""), CSV_UTF8, {{0}}},
    {"only a BOM", DATA("\xef\xbb\xbf"), CSV_UTF8, {{0}}},
    {"only blank lines", DATA("\n\r\n\n"), CSV_UTF8, {{0}}},
    {"plain UTF-8",
     DATA("姓名,身份证号\n张三,11010119900307777X\n"),
     CSV_UTF8,
     {OK(1, 2, "姓名|身份证号"), OK(2, 2, "张三|11010119900307777X")}},
    {"UTF-8 BOM stripped",
     DATA("\xef\xbb\xbf姓名,年龄\n张三,30\n"),
     CSV_UTF8,
     {OK(1, 2, "姓名|年龄"), OK(2, 2, "张三|30")}},
    {"GB18030",
     DATA("\xd0\xd5\xc3\xfb,\xc4\xea\xc1\xe4\n\xd5\xc5\xc8\xfd,30\n"),
     CSV_GB18030,
     {OK(1, 2, "姓名|年龄"), OK(2, 2, "张三|30")}},
    {"GB18030 four-byte sequence", DATA("\xc0\xee\xcb\xc4,\x95\x32\x82\x36\n"), CSV_GB18030, {OK(1, 2, "李四|𠀀")}},
    {"quoted fields",
     DATA("a,\"b,c\",\"d\"\"e\"\n\"multi\nline\",x\nlast,\"\"\n"),
     CSV_UTF8,
     {OK(1, 3, "a|b,c|d\"e"), OK(2, 2, "multi\nline|x"), OK(3, 2, "last|")}},
    {"row numbers across multi-line records",
     DATA("h\n\"1\n2\n3\"\n\nx\n"),
     CSV_UTF8,
     {OK(1, 1, "h"), OK(2, 1, "1\n2\n3"), OK(4, 1, "x")}},
    {"CRLF", DATA("a,b\r\n\"c\r\nd\",e\r\n"), CSV_UTF8, {OK(1, 2, "a|b"), OK(2, 2, "c\r\nd|e")}},
    {"lone CR", DATA("a\rb\r\rc"), CSV_UTF8, {OK(1, 1, "a"), OK(2, 1, "b"), OK(4, 1, "c")}},
    {"blank lines counted", DATA("\r\na\n\n\nb\r\n\r\nc\n"), CSV_UTF8, {OK(2, 1, "a"), OK(5, 1, "b"), OK(7, 1, "c")}},
    {"no trailing newline", DATA("a,b\nc,d"), CSV_UTF8, {OK(1, 2, "a|b"), OK(2, 2, "c|d")}},
    {"trailing comma at the end", DATA("a,"), CSV_UTF8, {OK(1, 2, "a|")}},
    {"empty fields", DATA(",,\n\"\"\n"), CSV_UTF8, {OK(1, 3, "||"), OK(2, 1, "")}},
    {"stray quotes taken literally",
     DATA("ab\"c,d\"\n\"ab\"c,\"x\" y\n"),
     CSV_UTF8,
     {OK(1, 2, "ab\"c|d\""), OK(2, 2, "abc|x y")}},
    {"unterminated quote",
     DATA("a,b\nc,\"open,d\nefg\n"),
     CSV_UTF8,
     {OK(1, 2, "a|b"), BAD(2, ROW_UNTERMINATED_QUOTE, 1, 2, "c|open,d\nefg\n")}},
    {"quote closed at the end", DATA("\"x\"\"\""), CSV_UTF8, {OK(1, 1, "x\"")}},
    {"NUL byte", DATA("x,y\na\0b,c\n"), CSV_UTF8, {OK(1, 2, "x|y"), BAD(2, ROW_BAD_ENCODING, 0, 2, "|c")}},
    {"NUL in a quoted field", DATA("x,\"\0\"\n"), CSV_UTF8, {BAD(1, ROW_BAD_ENCODING, 1, 2, "x|")}},
    /* one record each way: a tie goes to UTF-8 */
    {"tie goes to UTF-8", DATA("张\n\xd5\xc5\n"), CSV_UTF8, {OK(1, 1, "张"), BAD(2, ROW_BAD_ENCODING, 0, 1, "")}},
    {"overlong and surrogate UTF-8",
     DATA("a,\xc0\xaf\nb,\xed\xa0\x80\nc,\xf4\x90\x80\x80\nd,\xe5\xbc\n张三丰,\xef\xbf\xbf\n北京市\n王\n"),
     CSV_UTF8,
     {BAD(1, ROW_BAD_ENCODING, 1, 2, "a|"), BAD(2, ROW_BAD_ENCODING, 1, 2, "b|"), BAD(3, ROW_BAD_ENCODING, 1, 2, "c|"),
      BAD(4, ROW_BAD_ENCODING, 1, 2, "d|"), OK(5, 2, "张三丰|\xef\xbf\xbf"), OK(6, 1, "北京市"), OK(7, 1, "王")}},
    {"bad GB18030 bytes",
     DATA("\xd5\xc5\xc8\xfd,\x80,\xc0\xee\n\xcd\xf5\xce\xe5,1\n"),
     CSV_GB18030,
     {BAD(1, ROW_BAD_ENCODING, 1, 3, "张三||李"), OK(2, 2, "王五|1")}},
};

static void test_read_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof read_cases / sizeof read_cases[0]; i++) {
		const struct read_case *c = &read_cases[i];
		print_message("  %s\n", c->name);
		check_data(c->data, c->len, c->enc, c->rows);
	}
}

/* Encoding detection over whole files */

static void test_utf8_with_corrupt_rows(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct exp_row rows[21] = {{0}};
	char expect[20][64];

	(void)state;
	for (int i = 1; i <= 20; i++) {
		struct exp_row *e = &rows[i - 1];
		*e = (struct exp_row)OK(i, 3, expect[i - 1]);
		if (i == 5) {
			/* GBK bytes for 北京 in the third column */
			assert_int_equal(buf_addf(&file, "%d,张三丰,\xb1\xb1\xbe\xa9\n", i), 0);
			snprintf(expect[i - 1], sizeof expect[0], "%d|张三丰|", i);
			e->problem = ROW_BAD_ENCODING;
			e->problem_field = 2;
		} else if (i == 13) {
			assert_int_equal(buf_addf(&file, "\xff%d,张三丰,北京市朝阳区\n", i), 0);
			snprintf(expect[i - 1], sizeof expect[0], "|张三丰|北京市朝阳区");
			e->problem = ROW_BAD_ENCODING;
			e->problem_field = 0;
		} else {
			assert_int_equal(buf_addf(&file, "%d,张三丰,北京市朝阳区\n", i), 0);
			snprintf(expect[i - 1], sizeof expect[0], "%d|张三丰|北京市朝阳区", i);
		}
	}
	check_data(file.data, file.len, CSV_UTF8, rows);
	buf_release(&file);
}

static void test_gb18030_detected(void **state)
{
	static const char *const gb[] = {"\xd5\xc5\xc8\xfd", "\xc0\xee\xcb\xc4", "\xcd\xf5\xce\xe5"};
	static const char *const utf8[] = {"张三", "李四", "王五"};
	struct buf file = BUF_INIT(1 << 20);
	struct exp_row rows[22] = {{0}};
	char expect[21][64];

	(void)state;
	assert_int_equal(buf_addstr(&file, "id,name,note\n"), 0);
	rows[0] = (struct exp_row)OK(1, 3, "id|name|note");
	for (int i = 1; i <= 20; i++) {
		assert_int_equal(buf_addf(&file, "%d,%s,\xb1\xb1\xbe\xa9\n", i, gb[i % 3]), 0);
		snprintf(expect[i], sizeof expect[0], "%d|%s|北京", i, utf8[i % 3]);
		rows[i] = (struct exp_row)OK(i + 1, 3, expect[i]);
	}
	check_data(file.data, file.len, CSV_GB18030, rows);
	buf_release(&file);
}

/*
 * Files over several 64 KiB chunks, with quoted multi-line fields, CRLF
 * and blank lines, in UTF-8 and GB18030: fields and row numbers must come
 * out the same whatever falls on a chunk boundary.
 */
static void check_big_file(int gb18030)
{
	static const char *const gb[] = {"\xd5\xc5\xc8\xfd", "\xc0\xee\xcb\xc4", "\xcd\xf5\xce\xe5\xb1\xb1"};
	static const char *const utf8[] = {"张三", "李四", "王五北"};
	struct buf file = BUF_INIT(16 << 20);
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	const int n = 12000;
	long number = 0;
	char *path;

	for (int i = 0; i < n; i++) {
		assert_int_equal(buf_addf(&file, "%d,%s,\"say \"\"hi\"\" %d\",\"line1\r\nline2\",\r\n", i,
		                          gb18030 ? gb[i % 3] : utf8[i % 3], i),
		                 0);
		if (i % 10 == 0)
			assert_int_equal(buf_addstr(&file, "\r\n"), 0);
	}
	assert_true(file.len > 4 * 65536);
	path = write_tmp(file.data, file.len);

	assert_int_equal(csv_open(&r, path, &err), 0);
	assert_int_equal(csv_encoding(r), gb18030 ? CSV_GB18030 : CSV_UTF8);
	for (int i = 0; i < n; i++) {
		char id[16], say[32];
		assert_int_equal(csv_next(r, &row, &err), 1);
		number++;
		assert_int_equal(row->number, number);
		if (i % 10 == 0)
			number++;
		assert_int_equal(row->problem, ROW_OK);
		assert_int_equal(row->count, 5);
		snprintf(id, sizeof id, "%d", i);
		snprintf(say, sizeof say, "say \"hi\" %d", i);
		assert_string_equal(row->field[0], id);
		assert_string_equal(row->field[1], utf8[i % 3]);
		assert_string_equal(row->field[2], say);
		assert_string_equal(row->field[3], "line1\r\nline2");
		assert_string_equal(row->field[4], "");
	}
	assert_int_equal(csv_next(r, &row, &err), 0);
	csv_close(r);
	remove_tmp(path);
	buf_release(&file);
}

static void test_big_utf8(void **state)
{
	(void)state;
	check_big_file(0);
}

static void test_big_gb18030(void **state)
{
	(void)state;
	check_big_file(1);
}

/* Strict UTF-8, written plainly, to check the reader's faster check against. */
static bool plain_utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i], len;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc0 && c < 0xe0) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c < 0xf0) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c < 0xf8) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < (len == 2   ? 0x80u
		          : len == 3 ? 0x800u
		                     : 0x10000u) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/*
 * Random fields of 1 to 200 bytes from valid and invalid pieces, edge
 * cases of the UTF-8 rules among them, in a file with a BOM so that every
 * record is checked as UTF-8: exactly the invalid ones must be flagged.
 */
static void test_utf8_validation(void **state)
{
	static const char *const good[] = {
	    "a",
	    "z",
	    "0",
	    "\xc2\x80",
	    "\xc3\xa9",
	    "\xdf\xbf",
	    "\xe0\xa0\x80",
	    "张",
	    "\xed\x9f\xbf",
	    "\xee\x80\x80",
	    "\xef\xbf\xbf",
	    "\xf0\x90\x80\x80",
	    "𠀀",
	    "\xf3\xbf\xbf\xbf",
	    "\xf4\x8f\xbf\xbf",
	};
	static const char *const bad[] = {
	    "\x80",
	    "\xbf",
	    "\xc0\x80",
	    "\xc1\xbf",
	    "\xe0\x9f\xbf",
	    "\xed\xa0\x80",
	    "\xed\xbf\xbf",
	    "\xf0\x8f\xbf\xbf",
	    "\xf4\x90\x80\x80",
	    "\xf5\x80\x80\x80",
	    "\xff",
	    "\xfe",
	    "\xc3",
	    "\xe5\xbc",
	    "\xf0\xa0\x80",
	};
	struct buf file = BUF_INIT(4 << 20), field = BUF_INIT(1024);
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	const int n = 5000;
	bool *valid = xcalloc(n, sizeof *valid);
	unsigned seed = 1;
	long flagged = 0;
	char *path;

	(void)state;
	assert_int_equal(buf_addstr(&file, "\xef\xbb\xbf"), 0);
	for (int i = 0; i < n; i++) {
		size_t len = (size_t)(rand_r(&seed) % 200) + 1;
		buf_reset(&field);
		while (field.len < len) {
			int k = rand_r(&seed);
			const char *piece = k % 40 == 0 ? bad[(k / 40) % 15] : good[(k / 40) % 15];
			assert_int_equal(buf_addstr(&field, piece), 0);
		}
		valid[i] = plain_utf8_valid((const unsigned char *)field.data, field.len);
		assert_int_equal(buf_addf(&file, "%s\n", field.data), 0);
	}
	path = write_tmp(file.data, file.len);
	assert_int_equal(csv_open(&r, path, &err), 0);
	for (int i = 0; i < n; i++) {
		assert_int_equal(csv_next(r, &row, &err), 1);
		assert_int_equal(row->number, i + 1);
		assert_int_equal(row->problem, valid[i] ? ROW_OK : ROW_BAD_ENCODING);
		assert_true(valid[i] ? row->field[0][0] != '\0' : row->field[0][0] == '\0');
		flagged += !valid[i];
	}
	assert_int_equal(csv_next(r, &row, &err), 0);
	/* both kinds were tried */
	assert_true(flagged > n / 10 && flagged < n - n / 10);
	csv_close(r);
	remove_tmp(path);
	free(valid);
	buf_release(&field);
	buf_release(&file);
}

/* Limits */

static void add_repeat(struct buf *b, const char *s, size_t times)
{
	for (size_t i = 0; i < times; i++)
		assert_int_equal(buf_addstr(b, s), 0);
}

static void test_field_too_long(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct buf exp1 = BUF_INIT(1 << 20);
	struct exp_row rows[4] = {{0}};

	(void)state;
	assert_int_equal(buf_addstr(&file, "a,"), 0);
	add_repeat(&file, "x", CSV_FIELD_MAX);
	assert_int_equal(buf_addstr(&file, "\nb,"), 0);
	add_repeat(&file, "x", CSV_FIELD_MAX + 1);
	assert_int_equal(buf_addstr(&file, ",c\nd\n"), 0);

	assert_int_equal(buf_addstr(&exp1, "a|"), 0);
	add_repeat(&exp1, "x", CSV_FIELD_MAX);
	rows[0] = (struct exp_row)OK(1, 2, exp1.data);
	rows[1] = (struct exp_row)BAD(2, ROW_FIELD_TOO_LONG, 1, 3, "b||c");
	rows[2] = (struct exp_row)OK(3, 1, "d");
	check_data(file.data, file.len, CSV_UTF8, rows);
	buf_release(&file);
	buf_release(&exp1);
}

/* The field limit counts UTF-8 bytes after conversion. */
static void test_field_too_long_after_conversion(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct buf exp1 = BUF_INIT(1 << 20);
	struct buf exp3 = BUF_INIT(1 << 20);
	struct exp_row rows[4] = {{0}};

	(void)state;
	/* 1365 characters: 2,730 bytes of GB18030, 4,095 of UTF-8 */
	add_repeat(&file, "\xd5\xc5", 1365);
	add_repeat(&exp1, "张", 1365);
	assert_int_equal(buf_addstr(&file, "\n1,"), 0);
	/* 1500 characters: 3,000 bytes of GB18030, 4,500 of UTF-8 */
	add_repeat(&file, "\xd5\xc5", 1500);
	assert_int_equal(buf_addstr(&file, "\n"), 0);

	/* a record near the limit, all Chinese: 23 such fields, 62,812 raw bytes, 94,185 of UTF-8 */
	for (int i = 0; i < 23; i++) {
		assert_int_equal(buf_addstr(&file, i ? "," : ""), 0);
		add_repeat(&file, "\xd5\xc5", 1365);
		assert_int_equal(buf_addstr(&exp3, i ? "|" : ""), 0);
		assert_int_equal(buf_addstr(&exp3, exp1.data), 0);
	}
	assert_int_equal(buf_addstr(&file, "\n"), 0);

	rows[0] = (struct exp_row)OK(1, 1, exp1.data);
	rows[1] = (struct exp_row)BAD(2, ROW_FIELD_TOO_LONG, 1, 2, "1|");
	rows[2] = (struct exp_row)OK(3, 23, exp3.data);
	check_data(file.data, file.len, CSV_GB18030, rows);
	buf_release(&file);
	buf_release(&exp1);
	buf_release(&exp3);
}

static void test_too_many_fields(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct buf exp0 = BUF_INIT(1 << 20);
	struct buf exp1 = BUF_INIT(1 << 20);
	struct exp_row rows[4] = {{0}};

	(void)state;
	/* CSV_FIELDS_MAX fields, then one more */
	add_repeat(&file, "f,", CSV_FIELDS_MAX - 1);
	assert_int_equal(buf_addstr(&file, "last\n"), 0);
	add_repeat(&file, "f,", CSV_FIELDS_MAX);
	assert_int_equal(buf_addstr(&file, "extra\nnext\n"), 0);

	add_repeat(&exp0, "f|", CSV_FIELDS_MAX - 1);
	assert_int_equal(buf_addstr(&exp0, "last"), 0);
	rows[0] = (struct exp_row)OK(1, CSV_FIELDS_MAX, exp0.data);
	add_repeat(&exp1, "f|", CSV_FIELDS_MAX - 1);
	assert_int_equal(buf_addstr(&exp1, "f"), 0);
	rows[1] = (struct exp_row)BAD(2, ROW_TOO_MANY_FIELDS, CSV_FIELDS_MAX, CSV_FIELDS_MAX, exp1.data);
	rows[2] = (struct exp_row)OK(3, 1, "next");
	check_data(file.data, file.len, CSV_UTF8, rows);
	buf_release(&file);
	buf_release(&exp0);
	buf_release(&exp1);
}

/* Adds a record of exactly raw bytes (before the line end): fields of 4,000 bytes. */
static void add_record(struct buf *b, size_t raw, char c)
{
	size_t done = 0;

	while (raw - done > 4001) {
		for (int i = 0; i < 4000; i++)
			assert_int_equal(buf_addch(b, c), 0);
		assert_int_equal(buf_addch(b, ','), 0);
		done += 4001;
	}
	for (; done < raw; done++)
		assert_int_equal(buf_addch(b, c), 0);
}

static void test_record_too_long(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	char *path;

	(void)state;
	add_record(&file, CSV_RECORD_MAX, 'a');
	assert_int_equal(buf_addstr(&file, "\r\n"), 0);
	add_record(&file, CSV_RECORD_MAX + 1, 'b');
	assert_int_equal(buf_addstr(&file, "\r\nnext\n"), 0);
	/* quotes count as raw bytes: 16 fields "4094 x", 65,551 raw bytes, 65,519 unescaped */
	for (int i = 0; i < 16; i++) {
		assert_int_equal(buf_addstr(&file, i ? ",\"" : "\""), 0);
		add_repeat(&file, "x", 4094);
		assert_int_equal(buf_addstr(&file, "\""), 0);
	}
	/* the skip after a long record ignores quotes: it stops at the first line end */
	assert_int_equal(buf_addstr(&file, "\n\""), 0);
	add_repeat(&file, "y", 70000);
	assert_int_equal(buf_addstr(&file, "\ntail\",b\n张三,ok"), 0);
	path = write_tmp(file.data, file.len);

	assert_int_equal(csv_open(&r, path, &err), 0);
	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 1);
	assert_int_equal(row->problem, ROW_OK);
	assert_int_equal(row->count, CSV_RECORD_MAX / 4001 + 1);

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 2);
	assert_int_equal(row->problem, ROW_TOO_LONG);
	assert_int_equal(row->count, 0);

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 3);
	assert_int_equal(row->problem, ROW_OK);
	assert_string_equal(row_get(row, 0), "next");

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 4);
	assert_int_equal(row->problem, ROW_TOO_LONG);

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 5);
	assert_int_equal(row->problem, ROW_TOO_LONG);

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 6);
	assert_int_equal(row->problem, ROW_OK);
	assert_int_equal(row->count, 2);
	assert_string_equal(row->field[0], "tail\"");
	assert_string_equal(row->field[1], "b");

	assert_int_equal(csv_next(r, &row, &err), 1);
	assert_int_equal(row->number, 7);
	assert_string_equal(row->field[0], "张三");
	assert_string_equal(row->field[1], "ok");

	assert_int_equal(csv_next(r, &row, &err), 0);
	csv_close(r);
	remove_tmp(path);
	buf_release(&file);
}

/* An unterminated quote near the start does not swallow the file: it ends as a long record. */
static void test_unterminated_quote_long(void **state)
{
	struct buf file = BUF_INIT(1 << 20);
	struct error err = ERROR_INIT;
	struct csv_reader *r;
	struct row *row;
	long rows = 0, too_long = 0;
	char *path;

	(void)state;
	assert_int_equal(buf_addstr(&file, "a,\"b\n"), 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addf(&file, "%d,row\n", i), 0);
	path = write_tmp(file.data, file.len);
	assert_int_equal(csv_open(&r, path, &err), 0);
	while (csv_next(r, &row, &err) == 1) {
		rows++;
		if (row->problem == ROW_TOO_LONG)
			too_long++;
		else
			assert_int_equal(row->problem, ROW_OK);
	}
	assert_int_equal(too_long, 1);
	assert_true(rows > 1000);
	csv_close(r);
	remove_tmp(path);
	buf_release(&file);
}

/* Errors from csv_open */

static void test_utf16_rejected(void **state)
{
	static const char le[] = "\xff\xfe"
	                         "a\0,\0b\0\r\0\n\0";
	static const char be[] = "\xfe\xff\0a\0,\0b";
	struct error err = ERROR_INIT;
	struct csv_reader *r = (struct csv_reader *)&err;
	char *path;

	(void)state;
	path = write_tmp(le, sizeof le - 1);
	assert_int_equal(csv_open(&r, path, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.msg, "UTF-16"));
	assert_non_null(strstr(err.msg, "CSV (逗号分隔)"));
	remove_tmp(path);

	err = (struct error)ERROR_INIT;
	path = write_tmp(be, sizeof be - 1);
	assert_int_equal(csv_open(&r, path, &err), -1);
	assert_non_null(strstr(err.msg, "UTF-16"));
	remove_tmp(path);
}

static void test_missing_file(void **state)
{
	struct error err = ERROR_INIT;
	struct csv_reader *r;

	(void)state;
	assert_int_equal(csv_open(&r, "/tmp/test-csv-no-such-file/x.csv", &err), -1);
	assert_non_null(strstr(err.msg, "无法打开文件 /tmp/test-csv-no-such-file/x.csv："));
}

static void test_directory(void **state)
{
	struct error err = ERROR_INIT;
	struct csv_reader *r;

	(void)state;
	assert_int_equal(csv_open(&r, "/tmp", &err), -1);
	assert_non_null(strstr(err.msg, "无法读取文件 /tmp："));
}

/* Writing */

static void test_write_and_read_back(void **state)
{
	static const char *const row1[] = {
	    "plain", "a,b", "say \"hi\"", "line\nbreak", "=1+2", "+86", "-5", "@x", "\tx", "\rx", "", "'q", NULL,
	};
	static const char *const row2[] = {""};
	static const char *const row3[] = {"=HYPERLINK(\"x\")", "-1,5", "张三"};
	static const char expect[] =
	    "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",'=1+2,'+86,'-5,'@x,'\tx,\"'\rx\",,'q,\r\n"
	    "\"\"\r\n"
	    "\"'=HYPERLINK(\"\"x\"\")\",\"'-1,5\",张三\r\n";
	static const struct exp_row rows[] = {
	    OK(1, 13, "plain|a,b|say \"hi\"|line\nbreak|'=1+2|'+86|'-5|'@x|'\tx|'\rx||'q|"),
	    OK(2, 1, ""),
	    OK(3, 3, "'=HYPERLINK(\"x\")|'-1,5|张三"),
	    {0},
	};
	char *path = write_tmp("", 0);
	char got[sizeof expect + 16];
	FILE *f;

	(void)state;
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(csv_write_row(f, row1, sizeof row1 / sizeof row1[0]), 0);
	assert_int_equal(csv_write_row(f, row2, 1), 0);
	assert_int_equal(csv_write_row(f, row3, 3), 0);
	assert_int_equal(fclose(f), 0);

	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof got, f), sizeof expect - 1);
	fclose(f);
	assert_memory_equal(got, expect, sizeof expect - 1);

	check_file(path, CSV_UTF8, rows);
	remove_tmp(path);
}

static void test_write_error(void **state)
{
	static const char *const row[] = {"a", "b"};
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(csv_write_row(f, row, 2), -1);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_read_table),
	    cmocka_unit_test(test_utf8_with_corrupt_rows),
	    cmocka_unit_test(test_gb18030_detected),
	    cmocka_unit_test(test_big_utf8),
	    cmocka_unit_test(test_big_gb18030),
	    cmocka_unit_test(test_utf8_validation),
	    cmocka_unit_test(test_field_too_long),
	    cmocka_unit_test(test_field_too_long_after_conversion),
	    cmocka_unit_test(test_too_many_fields),
	    cmocka_unit_test(test_record_too_long),
	    cmocka_unit_test(test_unterminated_quote_long),
	    cmocka_unit_test(test_utf16_rejected),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_directory),
	    cmocka_unit_test(test_write_and_read_back),
	    cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
