#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "io/csv.h"
#include "io/xlsx-read.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct part {
	const char *name;
	const char *text;
};

#define WORKBOOK                                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                                              \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "                               \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"                             \
	"<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"

#define WB_RELS                                                                                                        \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                                 \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"                       \
	"<Relationship Id=\"rId1\" "                                                                                   \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "                      \
	"Target=\"worksheets/sheet1.xml\"/>"                                                                           \
	"<Relationship Id=\"rId2\" "                                                                                   \
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "                  \
	"Target=\"sharedStrings.xml\"/></Relationships>"

#define SHEET_HEAD                                                                                                     \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                                 \
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

#define SST_HEAD "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"

/* A zip archive holding parts, in memory; the caller frees it. */
static void *make_zip(const struct part *parts, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	void *data;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i].text, strlen(parts[i].text), 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	data = xmalloc(st.size);
	assert_int_equal(zip_source_read(src, data, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return data;
}

/*
 * All rows of r as "N:f1|f2|...\n" lines ("!" before N marks a row problem,
 * "!err" at the end a read error); the caller frees it.
 */
static char *dump_reader(struct xlsx_reader *r)
{
	struct buf b = BUF_INIT(1 << 24);
	struct error err = ERROR_INIT;
	struct row *row;
	int rc;

	while ((rc = xlsx_next(r, &row, &err)) == 1) {
		if (row->problem != ROW_OK)
			assert_int_equal(buf_addf(&b, "!%d@%zu ", (int)row->problem, row->problem_field), 0);
		assert_int_equal(buf_addf(&b, "%ld:", row->number), 0);
		for (size_t i = 0; i < row->count; i++)
			assert_int_equal(buf_addf(&b, "%s%s", i ? "|" : "", row->field[i]), 0);
		assert_int_equal(buf_addch(&b, '\n'), 0);
	}
	if (rc < 0) {
		assert_true(err.msg[0] != '\0');
		assert_int_equal(buf_addf(&b, "!err %s", err.msg), 0);
	}
	return buf_detach(&b);
}

/* Opens parts as an xlsx in memory and returns dump_reader's text, or "!open <message>". */
static char *read_parts(const struct part *parts, size_t n)
{
	struct error err = ERROR_INIT;
	struct xlsx_reader *r;
	size_t len;
	void *zip = make_zip(parts, n, &len);
	char *out;

	if (xlsx_open_memory(&r, zip, len, &err) < 0) {
		size_t need = strlen(err.msg) + 8;
		out = xmalloc(need);
		snprintf(out, need, "!open %s", err.msg);
	} else {
		out = dump_reader(r);
		xlsx_close(r);
	}
	free(zip);
	return out;
}

/* read_parts for the usual workbook with this sheet and (unless NULL) string table. */
static char *read_sheet(const char *sheet, const char *sst)
{
	struct part parts[] = {
	    {"xl/workbook.xml", WORKBOOK},
	    {"xl/_rels/workbook.xml.rels", WB_RELS},
	    {"xl/worksheets/sheet1.xml", sheet},
	    {"xl/sharedStrings.xml", sst},
	};
	return read_parts(parts, sst ? 4 : 3);
}

#define assert_read(got_expr, want)                                                                                    \
	do {                                                                                                           \
		char *got_ = (got_expr);                                                                               \
		assert_string_equal(got_, want);                                                                       \
		free(got_);                                                                                            \
	} while (0)

static void test_shared_strings_rich_text(void **state)
{
	static const char sst[] =
	    SST_HEAD "<si><t>姓名</t></si>"
	             "<si><r><rPr><b/></rPr><t>身份</t></r><r><t xml:space=\"preserve\">证 号</t></r></si>"
	             "<si><t>山田</t><rPh sb=\"0\" eb=\"2\"><t>やまだ</t></rPh><phoneticPr fontId=\"1\"/></si>"
	             "<si><t xml:space=\"preserve\">  spaced  </t></si>"
	             "<si><t>a_x000D_b_x005F_x0041_</t></si>"
	             "<si/>"
	             "</sst>";
	static const char sheet[] =
	    SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	               "<c r=\"C1\" t=\"s\"><v>2</v></c></row>"
	               "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\"><v>4</v></c>"
	               "<c r=\"C2\" t=\"s\"><v>5</v></c></row>" SHEET_TAIL;
	(void)state;
	assert_read(read_sheet(sheet, sst), "1:姓名|身份证 号|山田\n2:  spaced  |a\rb_x0041_|\n");
}

static void test_inline_and_types(void **state)
{
	static const char sheet[] = SHEET_HEAD
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>11010519491231002X</t></is></c>"
	    "<c r=\"C1\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\"><v>3.41699199001011E+17</v></c><c r=\"B2\" t=\"n\"><v>0.1</v></c>"
	    "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"b\"><v>0</v></c><c r=\"E2\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"F2\" t=\"str\"><f>A1&amp;\"x\"</f><v>=1+1</v></c><c r=\"G2\" s=\"3\"/></row>"
	    "<row r=\"5\"><c r=\"B5\" s=\"1\"/><c r=\"D5\"><v>45366</v></c></row>"
	    "<row r=\"7\" spans=\"1:3\"><c r=\"A7\" s=\"1\"/><c r=\"B7\" s=\"1\"/></row>"
	    "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t></t></is></c></row>" SHEET_TAIL;
	(void)state;
	/* No string table at all: a sheet with only inline strings. */
	assert_read(read_sheet(sheet, NULL), "1:11010519491231002X||富文本\n"
	                                     "2:3.41699199001011E+17|0.1|TRUE|FALSE|#N/A|=1+1\n"
	                                     "5:|||45366\n"
	                                     "9:\n");
}

static void test_missing_refs(void **state)
{
	/* No r on rows or cells: rows count on from the last, cells from the last column. */
	static const char sheet[] = SHEET_HEAD "<row><c><v>1</v></c><c><v>2</v></c></row>"
	                                       "<row r=\"4\"><c r=\"B4\"><v>3</v></c><c><v>4</v></c></row>"
	                                       "<row><c r=\"12\"><v>5</v></c><c r=\"C6\"><v>6</v></c></row>"
	                                       "<row r=\"x\"><c r=\"A7\"><v>7</v></c></row>" SHEET_TAIL;
	(void)state;
	assert_read(read_sheet(sheet, NULL), "1:1|2\n4:|3|4\n5:5||6\n6:7\n");
}

static void test_prefixed_namespace(void **state)
{
	static const char sheet[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
	    "<x:row x:r=\"2\"><x:c r=\"B2\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C2\" t=\"inlineStr\"><x:is><x:t>乙</x:t>"
	    "</x:is></x:c></x:row></x:sheetData></x:worksheet>";
	static const char sst[] = "<x:sst xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	                          "<x:si><x:t>甲</x:t></x:si></x:sst>";
	(void)state;
	assert_read(read_sheet(sheet, sst), "2:|甲|乙\n");
}

static void test_sheet_via_rels(void **state)
{
	/* The first sheet in workbook order is rId7, stored under a path of its own. */
	static const char wb[] =
	    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
	    "<sheet name=\"隐藏\" sheetId=\"3\" state=\"hidden\" r:id=\"rId3\"/>"
	    "<sheet name=\"名单\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"其他\" sheetId=\"1\" r:id=\"rId1\"/>"
	    "</sheets></workbook>";
	static const char rels[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "worksheet\" Target=\"/xl/hidden.xml\"/>"
	    "<Relationship Id=\"rId7\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
	    "Target=\"./data/../data/名单.xml\"/>"
	    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "sharedStrings\" Target=\"/strings/s.xml\"/></Relationships>";
	static const char root[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "officeDocument\" Target=\"book/wb.xml\"/></Relationships>";
	struct part parts[] = {
	    {"_rels/.rels", root},
	    {"book/wb.xml", wb},
	    {"book/_rels/wb.xml.rels", rels},
	    {"book/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" SHEET_TAIL},
	    {"xl/hidden.xml", SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>" SHEET_TAIL},
	    {"book/data/名单.xml", SHEET_HEAD "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>0</v></c></row>" SHEET_TAIL},
	    {"strings/s.xml", SST_HEAD "<si><t>找到了</t></si></sst>"},
	    {"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>wrong</v></c></row>" SHEET_TAIL},
	};
	(void)state;
	assert_read(read_parts(parts, N_ELEMS(parts)), "3:找到了\n");
}

static void test_fallback_sheet1(void **state)
{
	/* No workbook, no relationships: xl/worksheets/sheet1.xml all the same. */
	struct part parts[] = {
	    {"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" SHEET_TAIL},
	};
	(void)state;
	assert_read(read_parts(parts, N_ELEMS(parts)), "1:1\n");
}

static void test_bad_shared_index(void **state)
{
	static const char sst[] = SST_HEAD "<si><t>a</t></si></sst>";
	(void)state;
	assert_read(read_sheet(SHEET_HEAD
	                       "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
	                       "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c>"
	                       "</row>" SHEET_TAIL,
	                       sst),
	            "1:a\n!err Excel文件损坏：第2行的单元格B2引用了不存在的共享字符串");
	assert_read(read_sheet(SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" SHEET_TAIL, NULL),
	            "!err Excel文件损坏：第1行的单元格A1引用了不存在的共享字符串");
	assert_read(read_sheet(SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>\n 0 </v></c></row>" SHEET_TAIL, sst),
	            "1:a\n");
	assert_read(read_sheet(SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>" SHEET_TAIL, sst),
	            "!err Excel文件损坏：第1行的单元格A1引用了不存在的共享字符串");
}

static void test_not_xlsx(void **state)
{
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old .xls";
	struct error err = ERROR_INIT;
	struct xlsx_reader *r = (struct xlsx_reader *)1;
	static const unsigned char empty_zip[22] = {'P', 'K', 5, 6};
	struct part other[] = {{"word/document.xml", "<w/>"}};

	(void)state;
	assert_int_equal(xlsx_open_memory(&r, "姓名,身份证号\n", strlen("姓名,身份证号\n"), &err), -1);
	assert_null(r);
	assert_string_equal(err.msg, "文件不是有效的Excel工作簿(.xlsx)");
	assert_int_equal(xlsx_open_memory(&r, "", 0, &err), -1);
	assert_string_equal(err.msg, "文件不是有效的Excel工作簿(.xlsx)");
	assert_int_equal(xlsx_open_memory(&r, ole, sizeof ole - 1, &err), -1);
	assert_non_null(strstr(err.msg, ".xls"));
	/* A zip, but not a workbook; and an empty zip (only its end record). */
	assert_read(read_parts(other, N_ELEMS(other)), "!open 文件不是有效的Excel工作簿(.xlsx)");
	assert_int_equal(xlsx_open_memory(&r, empty_zip, sizeof empty_zip, &err), -1);
	assert_string_equal(err.msg, "文件不是有效的Excel工作簿(.xlsx)");
}

static void test_no_worksheet(void **state)
{
	struct part parts[] = {{"xl/workbook.xml", WORKBOOK}, {"xl/_rels/workbook.xml.rels", WB_RELS}};
	(void)state;
	assert_read(read_parts(parts, N_ELEMS(parts)), "!open Excel工作簿中没有找到工作表");
}

static void test_damaged_xml(void **state)
{
	char *got;
	(void)state;
	got = read_sheet(SHEET_HEAD "\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n<row r=\"2\"><c></row>" SHEET_TAIL,
	                 NULL);
	assert_non_null(strstr(got, "1:1\n!err 工作表XML损坏：第4行附近（"));
	assert_non_null(strstr(got, "表格第1行之后"));
	free(got);
	got = read_sheet(SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>&bogus;</v></c></row>" SHEET_TAIL, NULL);
	assert_non_null(strstr(got, "!err 工作表XML损坏：第2行附近"));
	free(got);
	got = read_sheet(SHEET_HEAD "<row", NULL);
	assert_non_null(strstr(got, "!err 工作表XML损坏"));
	free(got);
	/* Damaged string table: the open fails. */
	got = read_sheet(SHEET_HEAD SHEET_TAIL, SST_HEAD "<si><t>x</si></sst>");
	assert_non_null(strstr(got, "!open 共享字符串表XML损坏：第1行附近"));
	free(got);
}

static void test_dtd_refused(void **state)
{
	static const char laughs[] = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	                             "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
	                             "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
	                             "</sheetData></worksheet>";
	char *got;
	(void)state;
	got = read_sheet(laughs, NULL);
	assert_non_null(strstr(got, "!err Excel文件损坏：含有不允许的DTD声明"));
	free(got);
	got = read_sheet(SHEET_HEAD SHEET_TAIL, laughs);
	assert_non_null(strstr(got, "!open Excel文件损坏：含有不允许的DTD声明"));
	free(got);
}

static void test_limits(void **state)
{
	struct buf sheet = BUF_INIT(1 << 20);
	char *got;

	(void)state;
	/* A cell over CSV_FIELD_MAX, one at the limit, a column past CSV_FIELDS_MAX, absurd letters. */
	assert_int_equal(buf_addstr(&sheet, SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>ok</v></c>"
	                                               "<c r=\"B1\" t=\"inlineStr\"><is><t>"),
	                 0);
	for (int i = 0; i <= CSV_FIELD_MAX; i++)
		assert_int_equal(buf_addch(&sheet, 'x'), 0);
	assert_int_equal(buf_addstr(&sheet, "</t></is></c><c r=\"C1\"><v>z</v></c></row><row r=\"2\"><c r=\"A2\"><v>"),
	                 0);
	for (int i = 0; i < CSV_FIELD_MAX; i++)
		assert_int_equal(buf_addch(&sheet, '9'), 0);
	assert_int_equal(buf_addstr(&sheet,
	                            "</v></c></row>"
	                            "<row r=\"3\"><c r=\"IV3\"><v>last</v></c><c r=\"IW3\"><v>over</v></c></row>"
	                            "<row r=\"4\"><c r=\"A4\"><v>a</v></c><c r=\"XFD4\"><v>b</v></c></row>"
	                            "<row r=\"5\"><c r=\"ZZZZZZZZZZZZZZZZZZZZZZZZ5\"><v>b</v></c></row>"
	                            "<row r=\"6\"><c r=\"A6\" s=\"1\"/><c r=\"XFD6\" s=\"1\"/></row>" SHEET_TAIL),
	                 0);
	got = read_sheet(buf_cstr(&sheet), NULL);
	buf_release(&sheet);

	const char *p = got;
	assert_true(!strncmp(p, "!2@1 1:ok||z\n", 13));
	p += 13;
	assert_true(!strncmp(p, "2:99999", 7));
	p = strchr(p, '\n') + 1;
	assert_int_equal(strncmp(p, "!3@256 3:", 9), 0);
	p += 9;
	for (int i = 0; i < 255; i++) {
		assert_int_equal(*p, '|');
		p++;
	}
	assert_true(!strncmp(p, "last\n!3@256 4:a\n!3@256 5:\n", 26));
	assert_string_equal(p + 26, "");
	free(got);
}

static void test_many_rows(void **state)
{
	/* Far more XML than one chunk: the parser is suspended and resumed row by row. */
	struct buf sheet = BUF_INIT(1 << 24);
	struct error err = ERROR_INIT;
	struct xlsx_reader *r;
	struct row *row;
	size_t len;
	void *zip;
	long n = 0;

	(void)state;
	assert_int_equal(buf_addstr(&sheet, SHEET_HEAD), 0);
	for (long i = 1; i <= 20000; i++)
		assert_int_equal(buf_addf(&sheet,
		                          "<row r=\"%ld\"><c r=\"A%ld\"><v>%ld</v></c><c r=\"B%ld\" "
		                          "t=\"inlineStr\"><is><t>第%ld行</t></is></c></row>",
		                          2 * i, 2 * i, i, 2 * i, i),
		                 0);
	assert_int_equal(buf_addstr(&sheet, SHEET_TAIL), 0);
	struct part parts[] = {{"xl/worksheets/sheet1.xml", buf_cstr(&sheet)}};
	zip = make_zip(parts, 1, &len);
	buf_release(&sheet);

	assert_int_equal(xlsx_open_memory(&r, zip, len, &err), 0);
	while (xlsx_next(r, &row, &err) == 1) {
		char want[32];
		n++;
		assert_int_equal(row->number, 2 * n);
		assert_int_equal(row->count, 2);
		snprintf(want, sizeof want, "%ld", n);
		assert_string_equal(row->field[0], want);
		snprintf(want, sizeof want, "第%ld行", n);
		assert_string_equal(row_get(row, 1), want);
		assert_string_equal(row_get(row, 2), "");
	}
	assert_int_equal(n, 20000);
	assert_int_equal(xlsx_next(r, &row, &err), 0);
	xlsx_close(r);
	free(zip);
}

static void test_open_path(void **state)
{
	char path[] = "/tmp/test-xlsx-read-XXXXXX";
	struct error err = ERROR_INIT;
	struct xlsx_reader *r;
	struct row *row;
	size_t len;
	int fd;
	struct part parts[] = {
	    {"xl/workbook.xml", WORKBOOK},
	    {"xl/_rels/workbook.xml.rels", WB_RELS},
	    {"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" SHEET_TAIL},
	    {"xl/sharedStrings.xml", SST_HEAD "<si><t>残疾证号</t></si></sst>"},
	};
	void *zip = make_zip(parts, N_ELEMS(parts), &len);

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zip, len), (ssize_t)len);
	close(fd);
	free(zip);

	assert_int_equal(xlsx_open(&r, path, &err), 0);
	assert_int_equal(xlsx_next(r, &row, &err), 1);
	assert_int_equal(row->number, 1);
	assert_string_equal(row_get(row, 0), "残疾证号");
	assert_int_equal(xlsx_next(r, &row, &err), 0);
	assert_int_equal(xlsx_next(r, &row, &err), 0);
	xlsx_close(r);
	unlink(path);

	assert_int_equal(xlsx_open(&r, path, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err.msg, "无法打开文件"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_strings_rich_text),
	    cmocka_unit_test(test_inline_and_types),
	    cmocka_unit_test(test_missing_refs),
	    cmocka_unit_test(test_prefixed_namespace),
	    cmocka_unit_test(test_sheet_via_rels),
	    cmocka_unit_test(test_fallback_sheet1),
	    cmocka_unit_test(test_bad_shared_index),
	    cmocka_unit_test(test_not_xlsx),
	    cmocka_unit_test(test_no_worksheet),
	    cmocka_unit_test(test_damaged_xml),
	    cmocka_unit_test(test_dtd_refused),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_many_rows),
	    cmocka_unit_test(test_open_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
