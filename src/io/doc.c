#include "io/doc.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define PART_MAX (64u << 20) /* bytes of one part of a .docx */

/* Appends s escaped for XML and HTML text and attributes; control characters left out, newlines as spaces. */
static int esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int rc;
		switch (c) {
		case '&':
			rc = buf_addstr(b, "&amp;");
			break;
		case '<':
			rc = buf_addstr(b, "&lt;");
			break;
		case '>':
			rc = buf_addstr(b, "&gt;");
			break;
		case '"':
			rc = buf_addstr(b, "&quot;");
			break;
		case '\n':
		case '\r':
		case '\t':
			rc = buf_addch(b, ' ');
			break;
		default:
			rc = c < 0x20 || c == 0x7f ? 0 : buf_addch(b, (char)c);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Appends s for a text file: control characters left out, newlines as spaces. */
static int plain(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n' || c == '\r' || c == '\t') {
			if (buf_addch(b, ' ') < 0)
				return -1;
		} else if (c >= 0x20 && c != 0x7f && buf_addch(b, (char)c) < 0) {
			return -1;
		}
	}
	return 0;
}

int doc_txt(const struct doc_block *b, size_t n, struct buf *out)
{
	if (buf_addstr(out, "\xef\xbb\xbf") < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && b[i].kind != DOC_P && buf_addstr(out, "\r\n") < 0)
			return -1;
		if ((b[i].kind == DOC_P && buf_addstr(out, "\xe3\x80\x80\xe3\x80\x80") < 0) ||
		    plain(out, b[i].text) < 0 || buf_addstr(out, "\r\n") < 0)
			return -1;
		if (b[i].kind == DOC_TITLE && buf_addstr(out, "\r\n") < 0)
			return -1;
	}
	return 0;
}

int doc_html(const struct doc_block *b, size_t n, struct buf *out)
{
	const char *title = "";
	for (size_t i = 0; i < n && !*title; i++)
		if (b[i].kind == DOC_TITLE)
			title = b[i].text;
	if (buf_addstr(out, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>") < 0 ||
	    esc(out, title) < 0 ||
	    buf_addstr(
	        out,
	        "</title>\n<style>\n"
	        "body{font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;font-size:16pt;line-height:1.75;"
	        "max-width:40em;margin:2em auto;padding:0 1em;color:#1f2329}\n"
	        "h1{font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:22pt;text-align:center}\n"
	        "h2{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt}\n"
	        "h3{font-family:\"KaiTi\",\"楷体\",\"Noto Serif CJK SC\",serif;font-size:16pt}\n"
	        "p{text-indent:2em;margin:0}\n</style>\n</head>\n<body>\n") < 0)
		return -1;
	static const char *const open[] = {[DOC_TITLE] = "<h1>", [DOC_H1] = "<h2>", [DOC_H2] = "<h3>", [DOC_P] = "<p>"};
	static const char *const close[] = {
	    [DOC_TITLE] = "</h1>\n", [DOC_H1] = "</h2>\n", [DOC_H2] = "</h3>\n", [DOC_P] = "</p>\n"};
	for (size_t i = 0; i < n; i++) {
		enum doc_kind k = b[i].kind <= DOC_P ? b[i].kind : DOC_P;
		if (buf_addstr(out, open[k]) < 0 || esc(out, b[i].text) < 0 || buf_addstr(out, close[k]) < 0)
			return -1;
	}
	return buf_addstr(out, "</body>\n</html>\n");
}

/* Word */

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>\n";

static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
    " Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""
    " Target=\"docProps/core.xml\"/>"
    "</Relationships>\n";

static const char DOCUMENT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
    " Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\""
    " Target=\"footer1.xml\"/>"
    "</Relationships>\n";

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define FONTS(latin, cjk)                                                                                              \
	"<w:rFonts w:ascii=\"" latin "\" w:hAnsi=\"" latin "\" w:eastAsia=\"" cjk "\" w:cs=\"" latin "\"/>"

/* 三号 is 16 pt (w:sz 32 half-points), 二号 22 pt; lines 28 pt apart (560 twips), as official documents set them. */
static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles " W_NS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr>" FONTS(
        "Times New Roman",
        "仿宋") "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
                "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
                "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/><w:jc "
                "w:val=\"both\"/></w:pPr>"
                "</w:pPrDefault></w:docDefaults>"
                "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
                "w:val=\"Normal\"/><w:qFormat/>"
                "<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:style>"
                "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn "
                "w:val=\"Normal\"/>"
                "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\"240\" w:after=\"480\" "
                "w:line=\"700\""
                " w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/>"
                "<w:outlineLvl w:val=\"0\"/></w:pPr>"
                "<w:rPr>" FONTS(
                    "Times New Roman",
                    "宋体") "<w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
                            "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading "
                            "1\"/><w:basedOn w:val=\"Normal\"/>"
                            "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl "
                            "w:val=\"1\"/></w:pPr>"
                            "<w:rPr>" FONTS(
                                "Times New Roman",
                                "黑体") "</w:rPr></w:style>"
                                        "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading "
                                        "2\"/><w:basedOn w:val=\"Normal\"/>"
                                        "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl "
                                        "w:val=\"2\"/></w:pPr>"
                                        "<w:rPr>" FONTS(
                                            "Times New Roman",
                                            "楷体") "<w:b/><w:bCs/></w:rPr></w:style>"
                                                    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name "
                                                    "w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
                                                    "<w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc "
                                                    "w:val=\"center\"/></w:pPr>"
                                                    "<w:rPr>" FONTS("Times New Roman",
                                                                    "宋体") "<w:sz w:val=\"28\"/><w:szCs "
                                                                            "w:val=\"28\"/></w:rPr></w:style>"
                                                                            "</w:styles>\n";

/* "— 3 —" centred at the foot of every page. */
static const char FOOTER[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr " W_NS "><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar "
    "w:fldCharType=\"end\"/></w:r>"
    "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>\n";

static int core_xml(const struct doc_block *b, size_t n, struct buf *out)
{
	const char *title = "";
	for (size_t i = 0; i < n && !*title; i++)
		if (b[i].kind == DOC_TITLE)
			title = b[i].text;
	return buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                       "<cp:coreProperties "
	                       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
	                       " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>") < 0 ||
	               esc(out, title) < 0 ||
	               buf_addstr(out, "</dc:title><dc:creator>huimin</dc:creator></cp:coreProperties>\n") < 0
	           ? -1
	           : 0;
}

static int document_xml(const struct doc_block *b, size_t n, struct buf *out)
{
	static const char *const styles[] = {
	    [DOC_TITLE] = "Title", [DOC_H1] = "Heading1", [DOC_H2] = "Heading2", [DOC_P] = NULL};
	if (buf_addstr(out,
	               "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W_NS
	               " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>") < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum doc_kind k = b[i].kind <= DOC_P ? b[i].kind : DOC_P;
		if (buf_addstr(out, "<w:p>") < 0 ||
		    (styles[k] && buf_addf(out, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", styles[k]) < 0) ||
		    buf_addstr(out, "<w:r><w:t xml:space=\"preserve\">") < 0 || esc(out, b[i].text) < 0 ||
		    buf_addstr(out, "</w:t></w:r></w:p>") < 0)
			return -1;
	}
	/* A4; margins of official documents (37 mm top, 35 mm bottom, 28 mm left, 26 mm right). */
	return buf_addstr(
	    out, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/>"
	         "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\""
	         " w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
	         "</w:body></w:document>\n");
}

static int add_part(zip_t *z, const char *name, const char *data, size_t len, struct error *err)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src)
		return error_set(err, "cannot add %s to the document: %s", name, zip_strerror(z));
	if (zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return error_set(err, "cannot add %s to the document: %s", name, zip_strerror(z));
	}
	return 0;
}

int doc_docx(const struct doc_block *b, size_t n, const char *path, struct error *err)
{
	struct buf document = BUF_INIT(PART_MAX), core = BUF_INIT(1u << 16);
	int rc = -1, zerr = 0;
	zip_t *z = NULL;
	if (document_xml(b, n, &document) < 0 || core_xml(b, n, &core) < 0) {
		error_set(err, "the document is too large");
		goto out;
	}
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		error_set(err, "cannot write %s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	/* The buffers live until zip_close has read them. */
	if (add_part(z, "[Content_Types].xml", CONTENT_TYPES, strlen(CONTENT_TYPES), err) < 0 ||
	    add_part(z, "_rels/.rels", RELS, strlen(RELS), err) < 0 ||
	    add_part(z, "docProps/core.xml", core.data, core.len, err) < 0 ||
	    add_part(z, "word/_rels/document.xml.rels", DOCUMENT_RELS, strlen(DOCUMENT_RELS), err) < 0 ||
	    add_part(z, "word/styles.xml", STYLES, strlen(STYLES), err) < 0 ||
	    add_part(z, "word/footer1.xml", FOOTER, strlen(FOOTER), err) < 0 ||
	    add_part(z, "word/document.xml", document.data, document.len, err) < 0) {
		zip_discard(z);
		z = NULL;
		goto out;
	}
	if (zip_close(z) < 0) {
		error_set(err, "cannot write %s: %s", path, zip_strerror(z));
		zip_discard(z);
		z = NULL;
		goto out;
	}
	rc = 0;
out:
	buf_release(&document);
	buf_release(&core);
	return rc;
}
