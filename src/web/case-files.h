/*
 * case-files: the scanned documents of a case (domain/attachment) in the
 * browser and the API, shared by page-cases, api-cases and the person's
 * page (page-enrol):
 *
 *   GET  /cases/{id}/files/{fid}            the document as a download
 *   POST /cases/{id}/files                  multipart: csrf, kind, file; 303 back to the case
 *   GET  /api/v1/cases/{id}/files           the list
 *   POST /api/v1/cases/{id}/files           multipart: kind, file -> 201 the attachment
 *   GET  /api/v1/cases/{id}/files/{fid}     the document
 *
 * Only the roles that work with a case's papers (attachment_may: county
 * admin and staff, township, village) see or upload them, within their
 * scope; a case outside it answers 404 as everywhere. Every upload and
 * every download (viewing a person's documents) is in the operation log;
 * a download that cannot be logged is not sent.
 */
#ifndef HUIMIN_CASE_FILES_H
#define HUIMIN_CASE_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/program.h"
#include "web/server.h"

/* The attachment id in a path rest "/files/{fid}", or 0 when rest is not one. */
int64_t case_files_path_id(const char *rest);

/*
 * Appends the section 材料扫描件 of case c's page: the documents (kind, name,
 * size, type, who, when, a download link) and the upload form; problems:
 * a refused upload, shown in the form (NULL none). Nothing for a role that
 * may not see them. 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int case_files_section(struct request *req, const struct case_file *c,
							   const struct program *p,
							   const struct case_problems *problems, struct error *err);

/*
 * Stores the upload of req (fields "kind" and "file") for case c (found in
 * req's case scope) and logs it: 0 with *out, 1 refused (problems say
 * why), -1 error.
 */
__attribute__((warn_unused_result)) int case_files_upload(struct request *req, const struct case_file *c,
							  struct attachment *out, struct case_problems *problems,
							  struct error *err);

/*
 * Answers with document fid of case c (found in req's case scope), logged
 * first; a document that is not the case's answers 404, a role that may
 * not 403, a file missing or changed on disk 500 with a message (as JSON
 * when api). 0 answered, -1 error.
 */
__attribute__((warn_unused_result)) int case_files_send(struct request *req, const struct case_file *c, int64_t fid,
							bool api, struct error *err);

/*
 * Appends links to the documents of case c (a cell of the person's list of
 * cases): "kind: name" each, "—" when there is none or the role may not
 * see them. 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int case_files_links(struct request *req, const struct case_file *c,
							 const struct program *p, struct error *err);

/* A size as people read it: "850 字节", "12.3 KB", "1.2 MB" (out: 32 bytes). */
void case_files_size_text(int64_t size, char out[32]);

#endif
