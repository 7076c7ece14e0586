/*
 * Fuzzes xlsx-read. The first byte picks the mode:
 *   low bit 0: the whole input is the .xlsx file (the seeds are real ones);
 *   low bit 1: the rest is the sheet XML inside an otherwise valid workbook
 *     built here, so that mutations reach the XML paths and not only the zip
 *     parser; with bit 1 set as well, the rest is split at its first NUL
 *     into the sheet XML and the shared-string table.
 * Every row must keep the reader's promises: valid UTF-8, within the limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "io/csv.h"
#include "io/xlsx-read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                               "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                               "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char default_sst[] = "<sst><si><t>甲</t></si><si><r><t>乙</t></r><rPh><t>x</t></rPh></si><si/></sst>";

static void check(int ok)
{
	if (!ok)
		abort();
}

static int utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned long c, min;
		size_t n;
		if (s[0] < 0x80) {
			s++;
			continue;
		} else if ((s[0] & 0xE0) == 0xC0) {
			n = 2, c = s[0] & 0x1F, min = 0x80;
		} else if ((s[0] & 0xF0) == 0xE0) {
			n = 3, c = s[0] & 0x0F, min = 0x800;
		} else if ((s[0] & 0xF8) == 0xF0) {
			n = 4, c = s[0] & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		for (size_t i = 1; i < n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		s += n;
	}
	return 1;
}

static void add(zip_t *za, const char *name, const void *text, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, text, len, 0);
	zip_int64_t idx;

	check(s != NULL);
	idx = zip_file_add(za, name, s, 0);
	check(idx >= 0);
	/* Stored, not deflated: faster, and the input stays visible in the zip. */
	zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
}

/* A workbook around sheet (and sst, when not NULL), in malloc'd memory. */
static void *build_zip(const char *sheet, size_t sheet_len, const char *sst, size_t sst_len, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	void *out;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	check(src != NULL);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	check(za != NULL);
	zip_source_keep(src);
	add(za, "xl/workbook.xml", workbook, sizeof workbook - 1);
	add(za, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1);
	add(za, "xl/worksheets/sheet1.xml", sheet, sheet_len);
	add(za, "xl/sharedStrings.xml", sst, sst_len);
	check(zip_close(za) == 0);
	check(zip_source_stat(src, &st) == 0);
	check(zip_source_open(src) == 0);
	out = malloc(st.size ? st.size : 1);
	check(out != NULL);
	check(zip_source_read(src, out, st.size) == (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

static void read_all(const void *data, size_t size)
{
	struct error err = ERROR_INIT;
	struct xlsx_reader *r;
	struct row *row;
	int rc;

	if (xlsx_open_memory(&r, data, size, &err) < 0) {
		check(r == NULL && err.msg[0] && utf8_valid(err.msg));
		return;
	}
	while ((rc = xlsx_next(r, &row, &err)) == 1) {
		check(row->number >= 1);
		check(row->count <= CSV_FIELDS_MAX);
		check(row->problem >= ROW_OK && row->problem < ROW_PROBLEM__MAX);
		if (row->problem == ROW_FIELD_TOO_LONG)
			check(row->problem_field < row->count);
		for (size_t i = 0; i < row->count; i++) {
			check(row->field[i] != NULL);
			check(strlen(row->field[i]) <= CSV_FIELD_MAX);
			check(utf8_valid(row->field[i]));
		}
	}
	if (rc < 0) {
		check(err.msg[0] && utf8_valid(err.msg));
		/* A failed reader stays failed. */
		check(xlsx_next(r, &row, &err) == -1);
	}
	xlsx_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sheet, *sst = default_sst, *nul;
	size_t sheet_len, sst_len = sizeof default_sst - 1, len;
	void *zip;

	if (size == 0 || !(data[0] & 1)) {
		read_all(data, size);
		return 0;
	}
	sheet = (const char *)data + 1;
	sheet_len = size - 1;
	if ((data[0] & 2) && (nul = memchr(sheet, '\0', sheet_len))) {
		sst = nul + 1;
		sst_len = sheet_len - (size_t)(sst - sheet);
		sheet_len = (size_t)(nul - sheet);
	}
	zip = build_zip(sheet, sheet_len, sst, sst_len, &len);
	read_all(zip, len);
	free(zip);
	return 0;
}
