#include "web/pdf-doc.h"

#include <stdio.h>
#include <unistd.h>

#include "domain/division.h"
#include "web/auth.h"

int pdf_doc_open(struct request *req, struct pdf_doc *doc, const char *title, struct error *err)
{
	doc->d = NULL;
	doc->path[0] = '\0';
	struct division county;
	int hc = division_the_county(req->db, &county, err);
	if (hc < 0)
		return -1;
	char header[300];
	snprintf(header, sizeof header, "%s残疾人联合会", hc ? county.name : "");
	if (server_temp_file(doc->path, ".pdf", err) < 0)
		return -1;
	if (pdf_open(doc->path, header, &doc->d, err) < 0) {
		unlink(doc->path);
		doc->path[0] = '\0';
		return -1;
	}
	pdf_title(doc->d, title);
	return 0;
}

int pdf_doc_send(struct request *req, struct pdf_doc *doc, const char *module, const char *action, const char *target,
                 const char *detail, const char *filename, struct error *err)
{
	struct pdf *d = doc->d;
	doc->d = NULL;
	int rc = pdf_close(d, err);
	if (rc == 0)
		rc = auth_audit(req, module, action, target, detail, "成功", err);
	if (rc == 0)
		rc = response_download(req, doc->path, "application/pdf", filename, err); /* removes the file */
	else
		unlink(doc->path);
	doc->path[0] = '\0';
	return rc;
}

void pdf_doc_discard(struct pdf_doc *doc)
{
	pdf_discard(doc->d);
	doc->d = NULL;
	if (doc->path[0])
		unlink(doc->path);
	doc->path[0] = '\0';
}
