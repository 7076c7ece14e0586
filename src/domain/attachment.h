/*
 * attachment: scanned copies of a case's documents (材料扫描件): the
 * 残疾证, 低保证, 身份证或户口簿, 银行卡 an application asks for, as PDF, JPEG
 * or PNG, optionally uploaded with the case; and the storage of uploaded
 * documents that every module shares (attachment_check, attachment_store,
 * attachment_unstore, attachment_open_stored: a case's documents here, the
 * evidence of a target's progress entry in domain/target).
 *
 * Invariants:
 * - An attachment belongs to one case (and so to its person) and is
 *   reached only through a case found within a registry_scope.
 * - Its type is decided by the content (the first bytes: %PDF-, FF D8 FF,
 *   89 50 4E 47 0D 0A 1A 0A), never by the name; anything else is refused,
 *   whatever the name says. Empty files and files over ATTACHMENT_SIZE_MAX
 *   are refused.
 * - The bytes live outside the database, in a directory next to the
 *   database file (attachment_dir: "<database>.files"), in a file named by
 *   their SHA-256 (64 lowercase hex digits), never by the user's file name.
 *   A file is written under a temporary name in that directory, fsync'd,
 *   renamed into place and the directory fsync'd; only then is the row
 *   inserted. If the insert fails a file this upload created is removed. A
 *   file without a row (a crash between the two) is never listed or served.
 *   Equal content is stored once, whichever module's row names it (the
 *   files are never deleted once a row names them, so sharing is safe).
 * - Append-only, like the case's history: a wrong upload is superseded by
 *   a newer one of the same kind, never changed or deleted (triggers
 *   refuse UPDATE and DELETE).
 * - The kind is a bool field of the definition's enrolment transition (the
 *   document checklist: doc_cert ...) or "other" (其他).
 * Writes run on the writer connection (which serialises them); the caller
 * logs uploads and downloads to the operation log.
 */
#ifndef HUIMIN_ATTACHMENT_H
#define HUIMIN_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/token.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "store/db.h"

#define ATTACHMENT_SIZE_MAX (5u << 20) /* bytes of one file: 5 MiB */
#define ATTACHMENT_NAME_MAX 100        /* characters of the file name kept */
#define ATTACHMENT_OTHER "other"       /* the kind of a document outside the checklist */
#define ATTACHMENT_DIR_MAX 4096
#define ATTACHMENT_REASON_MAX 256 /* bytes of a refusal's reason (attachment_check) */

struct attachment {
	int64_t id, case_id;
	char kind[PROGRAM_KEY_MAX + 1];
	char name[4 * ATTACHMENT_NAME_MAX + 1];
	char content_type[24]; /* application/pdf, image/jpeg or image/png */
	int64_t size;
	char sha256[TOKEN_HEX];
	char uploaded_at[21], uploaded_by[129];
};

/* Content */

/*
 * The type of data by its first bytes: "application/pdf", "image/jpeg" or
 * "image/png" (static strings), NULL for anything else.
 */
const char *attachment_sniff(const void *data, size_t len);
/* The static string of a stored type (for a response), or NULL when it is not one of the three. */
const char *attachment_type_static(const char *content_type);
/* "PDF", "JPEG", "PNG" for a type, "" for anything else. */
const char *attachment_type_label(const char *content_type);

/*
 * The name to keep for an upload named name (as the browser sent it) whose
 * content is of content_type: the last path component, without control
 * characters or invalid UTF-8, with " * : < > ? | replaced by _, at most
 * ATTACHMENT_NAME_MAX characters, ending in the type's extension (.pdf,
 * .jpg/.jpeg, .png: added when the name had another). "扫描件.ext" when
 * nothing is left. out must hold 4 * ATTACHMENT_NAME_MAX + 1 bytes.
 */
void attachment_clean_name(const char *name, const char *content_type, char *out, size_t size);

/* Kinds and roles */

/* The kinds of p's cases in order: each bool field of an enrolment transition, then "other" (其他). */
void attachment_kinds(const struct program *p, void (*fn)(void *ctx, const char *key, const char *label),
		      void *ctx);
/* The label of kind for p's cases, or NULL when kind is not one of attachment_kinds. */
const char *attachment_kind_label(const struct program *p, const char *kind);
/* Whether u's role sees and uploads scanned documents: county admin and staff, township, village. */
bool attachment_may(const struct user *u);

/* Storage, shared by every module that keeps uploaded documents */

/* The directory of the files of the database at db_path: "<db_path>.files". */
void attachment_dir(const char *db_path, char out[ATTACHMENT_DIR_MAX]);

/*
 * Checks an upload of len bytes as every stored document is checked: 0
 * with *type (a static string, as attachment_sniff) for a PDF, JPEG or PNG
 * of 1 to ATTACHMENT_SIZE_MAX bytes; 1 with *type NULL and a Chinese reason
 * (for the field "file": empty, too large, not PDF/JPEG/PNG) in reason
 * (ATTACHMENT_REASON_MAX bytes suffice).
 */
int attachment_check(const void *data, size_t len, const char **type, char *reason, size_t size);

/*
 * Stores data (1 to ATTACHMENT_SIZE_MAX bytes; the caller checked it with
 * attachment_check) under dir (made when missing, mode 0700) as the file
 * named by its SHA-256: written to a temporary file in dir, fsync'd,
 * renamed, the directory fsync'd. 0 with sha (the digest, 64 lowercase hex
 * digits) and *created (the file was not there before: the caller removes
 * it with attachment_unstore if its row cannot be inserted); -1 with a
 * message, nothing stored (sha "", *created false). Call it on the writer
 * connection's lock, which serialises stores and inserts.
 */
__attribute__((warn_unused_result)) int attachment_store(const char *dir, const void *data, size_t len,
							 char sha[TOKEN_HEX], bool *created, struct error *err);
/*
 * Removes the stored file sha from dir (the undo of an attachment_store
 * that created it, when the row naming it was not inserted). Nothing when
 * sha is not 64 hex digits or there is no such file.
 */
void attachment_unstore(const char *dir, const char *sha);
/*
 * Opens the stored file sha (64 hex digits, from a row) under dir for
 * reading: 0 with *fd (positioned at the start; the caller closes it) when
 * it is there with size bytes and that SHA-256; -1 with a message when sha
 * is not a digest, or the file is missing or was changed.
 */
__attribute__((warn_unused_result)) int attachment_open_stored(const char *dir, const char *sha, int64_t size,
							       int *fd, struct error *err);

/* Documents of a case */

/*
 * Stores data (len bytes, uploaded as filename) as a document of kind for
 * case case_id, by u within scope, under dir (made when missing, mode
 * 0700): 0 with *out; 1 refused (problems: "kind", "file" or a message:
 * the role may not, empty, too large, not PDF/JPEG/PNG), nothing stored;
 * 2 no such case within scope; -1 error, nothing stored (no row, and no
 * file this call made).
 */
__attribute__((warn_unused_result)) int attachment_add(struct db *w, const char *dir, int64_t case_id,
						       const char *kind, const char *filename, const void *data,
						       size_t len, const struct user *u,
						       const struct registry_scope *scope, struct attachment *out,
						       struct case_problems *problems, struct error *err);

/* The attachments of case case_id (found in scope by the caller), oldest first. 0 or -1. */
__attribute__((warn_unused_result)) int attachment_list(struct db *db, int64_t case_id,
							int (*fn)(void *ctx, const struct attachment *a,
								  struct error *err),
							void *ctx, struct error *err);

/* Attachment id of case case_id (found in scope by the caller): 1 with out, 0 none, -1 error. */
__attribute__((warn_unused_result)) int attachment_get(struct db *db, int64_t case_id, int64_t id,
						       struct attachment *out, struct error *err);

/* attachment_open_stored of a's file. */
__attribute__((warn_unused_result)) int attachment_open(const char *dir, const struct attachment *a, int *fd,
							struct error *err);

#endif
