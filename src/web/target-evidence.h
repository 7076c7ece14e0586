/*
 * target-evidence: the document that may come with a target's progress
 * entered by hand (佐证材料, domain/target target_add_entry_file), in the
 * browser and the API, shared by page-target and api-targets:
 *
 *   POST /targets/{id}/entries                       multipart: csrf, part, date, value, note, file (optional)
 *   GET  /targets/{id}/entries/{eid}/file            the document as a download
 *   POST /api/v1/targets/{id}/entries                JSON as before, or multipart: part, date, value, note, file
 *   GET  /api/v1/targets/{id}/entries/{eid}/file     the document
 *
 * The document is stored like a case's scanned documents (the shared
 * storage of domain/attachment, next to the database) and sent only as a
 * download. Who sees an entry in the list may download its document: the
 * scope of target_entries (a township its own township's entries, a
 * village its township's, the county and leaders all; hospitals none); an
 * entry outside it answers 404. Every upload and every download is in the
 * operation log (module 目标管理: 填报进度 with the document's type, size and
 * digest, never its file name; 查看佐证材料), and a download that cannot be
 * logged is not sent.
 */
#ifndef HUIMIN_TARGET_EVIDENCE_H
#define HUIMIN_TARGET_EVIDENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "web/server.h"

#define TARGET_EVIDENCE_HREF_MAX 96

/* The entry id in a path rest "/entries/{eid}/file" (what follows /targets/{id}), or 0 when it is not one. */
int64_t target_evidence_path_id(const char *rest);
/* The download's path of entry eid of target id: "/targets/{id}/entries/{eid}/file" (under /api/v1 when api). */
void target_evidence_href(int64_t id, int64_t eid, bool api, char out[TARGET_EVIDENCE_HREF_MAX]);

/*
 * Records progress on target id by req's user as target_add_entry_file
 * does, with the document of req's multipart field "file" when one was
 * chosen, stored next to req's database; on the writer, under its lock.
 * Returns what target_add_entry_file returns (0 with *out, 1 refused, 2 no
 * such target, -1 error). The caller logs it (target_evidence_detail).
 */
__attribute__((warn_unused_result)) int target_evidence_add(struct request *req, int64_t id, const char *part,
                                                            const char *date, long long value, const char *note,
                                                            struct target_entry *out, struct case_problems *problems,
                                                            struct error *err);

/*
 * The operation log's detail of entry e (a new json_t *, the caller
 * decrefs it): entry, part, date, value, note, and file {type, size,
 * sha256} when it has a document; never the file's name, which may carry
 * a person's name or ID number.
 */
void *target_evidence_detail(const struct target_entry *e);

/*
 * Answers with the document of entry eid of target id, found within scope
 * (target_entry_get), after logging the view: 404 when there is no such
 * entry in scope or it has no document, 500 with a message when its file
 * is missing or was changed on disk (as JSON when api). 0 answered, -1
 * error.
 */
__attribute__((warn_unused_result)) int target_evidence_send(struct request *req, int64_t id, int64_t eid,
                                                             const struct registry_scope *scope, bool api,
                                                             struct error *err);

#endif
