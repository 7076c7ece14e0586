/*
 * pdf-doc: the plumbing every printed document (web/person-pdf.c and the others) shares: a
 * temporary file, the io/pdf writer with the county's federation
 * ("XX县残疾人联合会") as the running header, and the answer: the file
 * written, the print logged to the operation log (a print is a viewing of
 * what it shows), then sent as a download (application/pdf).
 *
 *   struct pdf_doc doc;
 *   if (pdf_doc_open(req, &doc, "督查通知书", err) < 0) return -1;
 *   pdf_row(doc.d, "乡镇", ...);
 *   return pdf_doc_send(req, &doc, "目标管理", "打印督查通知书", "supervision:3", "", "督查通知书.pdf", err);
 *
 * Invariants: the temporary file is removed in every case (sent, refused
 * or failed); nothing is logged unless the file was written; nothing is
 * sent unless the print was logged.
 */
#ifndef HUIMIN_PDF_DOC_H
#define HUIMIN_PDF_DOC_H

#include "base/error.h"
#include "io/pdf.h"
#include "web/server.h"

/* The most rows a printed list takes (about 170 pages); a longer list is refused with a message. */
#define PDF_DOC_ROWS_MAX 5000

struct pdf_doc {
	char path[64];
	struct pdf *d; /* the writer: add to it with io/pdf */
};

/* Starts doc with title. -1 with a message, and nothing left behind. */
__attribute__((warn_unused_result)) int pdf_doc_open(struct request *req, struct pdf_doc *doc, const char *title,
                                                     struct error *err);
/*
 * Writes doc, logs the print (module, action, target, detail: see
 * auth_audit) and answers with the file, saved as filename (UTF-8). doc is
 * finished in every case. -1 with a message.
 */
__attribute__((warn_unused_result)) int pdf_doc_send(struct request *req, struct pdf_doc *doc, const char *module,
                                                     const char *action, const char *target, const char *detail,
                                                     const char *filename, struct error *err);
/* Drops doc unsent (a refusal or an error after pdf_doc_open). */
void pdf_doc_discard(struct pdf_doc *doc);

#endif
