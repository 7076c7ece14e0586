/*
 * Unit tests for io/doc: the text file (byte-order mark, CRLF, the title
 * apart, blank lines before headings, paragraphs indented by two
 * ideographic spaces, control characters left out); the HTML page (escaped,
 * headings and paragraphs in order); the .docx package (the parts a word
 * processor needs, every part well-formed XML read back with libzip and
 * expat, the text escaped, the styles with the CJK fonts, A4, the page
 * number field), a path that cannot be written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "io/doc.h"
#include "support.h"

static const struct doc_block blocks[] = {
    {DOC_TITLE, "示范县残联2024年汇报材料"},
    {DOC_P, "在县委、县政府的坚强领导下，现汇报如下："},
    {DOC_H1, "一、民生工程"},
    {DOC_H2, "（一）、贫困白内障复明工程"},
    {DOC_P, "手术402例 <超额> & \"完成\"\x01。"},
    {DOC_P, "第二段\n换行"},
};
#define NBLOCKS (sizeof blocks / sizeof blocks[0])

static void test_txt(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(1 << 16);
	assert_int_equal(doc_txt(blocks, NBLOCKS, &out), 0);
	assert_string_equal(buf_cstr(&out), "\xef\xbb\xbf"
	                                    "示范县残联2024年汇报材料\r\n\r\n"
	                                    "\xe3\x80\x80\xe3\x80\x80在县委、县政府的坚强领导下，现汇报如下：\r\n"
	                                    "\r\n一、民生工程\r\n"
	                                    "\r\n（一）、贫困白内障复明工程\r\n"
	                                    "\xe3\x80\x80\xe3\x80\x80手术402例 <超额> & \"完成\"。\r\n"
	                                    "\xe3\x80\x80\xe3\x80\x80第二段 换行\r\n");
	/* A full buffer is an error, not a cut file. */
	struct buf small = BUF_INIT(20);
	assert_int_equal(doc_txt(blocks, NBLOCKS, &small), -1);
	buf_release(&small);
	buf_release(&out);
}

static void test_html(void **state)
{
	(void)state;
	struct buf out = BUF_INIT(1 << 16);
	assert_int_equal(doc_html(blocks, NBLOCKS, &out), 0);
	const char *h = buf_cstr(&out);
	assert_non_null(strstr(h, "<title>示范县残联2024年汇报材料</title>"));
	assert_non_null(strstr(h, "<h1>示范县残联2024年汇报材料</h1>\n<p>在县委"));
	assert_non_null(strstr(h, "<h2>一、民生工程</h2>\n<h3>（一）、贫困白内障复明工程</h3>\n"));
	assert_non_null(strstr(h, "<p>手术402例 &lt;超额&gt; &amp; &quot;完成&quot;。</p>"));
	assert_null(strstr(h, "\x01"));
	buf_release(&out);
}

/* The text of part name of the zip at path (the caller frees it), NULL when absent. */
static char *part(const char *path, const char *name)
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	zip_stat_t st;
	char *text = NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		assert_non_null(f);
		text = calloc(1, st.size + 1);
		assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(z);
	return text;
}

static void well_formed(const char *name, const char *xml)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (XML_Parse(p, xml, (int)strlen(xml), 1) != XML_STATUS_OK)
		fail_msg("%s is not well-formed XML: %s at line %lu", name, XML_ErrorString(XML_GetErrorCode(p)),
		         (unsigned long)XML_GetCurrentLineNumber(p));
	XML_ParserFree(p);
}

static void test_docx(void **state)
{
	(void)state;
	char dir[64], path[128];
	t_tmpdir(dir, sizeof dir, "test-doc");
	snprintf(path, sizeof path, "%s/report.docx", dir);
	struct error err = ERROR_INIT;
	if (doc_docx(blocks, NBLOCKS, path, &err) != 0)
		fail_msg("doc_docx: %s", err.msg);
	static const char *const parts[] = {
	    "[Content_Types].xml", "_rels/.rels",      "docProps/core.xml", "word/_rels/document.xml.rels",
	    "word/styles.xml",     "word/footer1.xml", "word/document.xml"};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char *xml = part(path, parts[i]);
		if (!xml)
			fail_msg("no part %s", parts[i]);
		well_formed(parts[i], xml);
		free(xml);
	}
	char *doc = part(path, "word/document.xml");
	assert_non_null(strstr(
	    doc, "<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t xml:space=\"preserve\">示范县残联2024年汇报材料</w:t>"));
	assert_non_null(
	    strstr(doc, "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">一、民生工程"));
	assert_non_null(strstr(doc, "<w:pStyle w:val=\"Heading2\"/>"));
	assert_non_null(strstr(doc, "手术402例 &lt;超额&gt; &amp; &quot;完成&quot;。"));
	assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	free(doc);
	char *styles = part(path, "word/styles.xml");
	assert_non_null(strstr(styles, "w:eastAsia=\"仿宋\""));
	assert_non_null(strstr(styles, "w:eastAsia=\"黑体\""));
	free(styles);
	char *footer = part(path, "word/footer1.xml");
	assert_non_null(strstr(footer, " PAGE "));
	free(footer);
	char *core = part(path, "docProps/core.xml");
	assert_non_null(strstr(core, "<dc:title>示范县残联2024年汇报材料</dc:title>"));
	free(core);
	unlink(path);
	/* Writing into a folder that is not there fails with a message. */
	snprintf(path, sizeof path, "%s/no/such/report.docx", dir);
	assert_int_equal(doc_docx(blocks, NBLOCKS, path, &err), -1);
	assert_true(strlen(err.msg) > 0);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_txt),
	    cmocka_unit_test(test_html),
	    cmocka_unit_test(test_docx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
