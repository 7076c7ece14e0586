/*
 * person-edit: creating and changing one person's file from values a user
 * typed (the web form, the JSON API), within the user's data scope.
 *
 * Both run on the writer connection (the caller holds it): the check
 * (roster_check_one, the import's rules, every field's reason at once) and
 * the save see the same registry. They log nothing: the caller logs the
 * change (audit_operation, after this returns) with person_changes.
 */
#ifndef HUIMIN_PERSON_EDIT_H
#define HUIMIN_PERSON_EDIT_H

#include "base/error.h"
#include "domain/person.h"
#include "domain/registry.h"
#include "domain/roster.h"
#include "store/db.h"

enum person_edit_result {
	PERSON_EDIT_SAVED = 0,
	PERSON_EDIT_REFUSED,   /* reasons say why, by column (status_reason for the status) */
	PERSON_EDIT_STALE,     /* the file was saved by someone else since version */
	PERSON_EDIT_NOT_FOUND, /* no such file within scope */
	PERSON_EDIT_ERROR = -1 /* err says why */
};

struct person_edit {
	struct roster_reasons reasons;
	const char *status_reason; /* a static message, or NULL */
	struct person before, after; /* after a save: the file as it was and as it is (names read back) */
};

/*
 * A new file from cells (as roster_check_one takes them), status 在册.
 * PERSON_EDIT_SAVED (e->after is the new file), REFUSED or ERROR.
 */
enum person_edit_result person_edit_create(struct db *w, const struct registry_scope *scope, char *cells[ROSTER__MAX],
					   struct person_edit *e, struct error *err);

/*
 * Changes file id: cells as for create (a NULL cell keeps that field; a
 * new village needs its township too),
 * status a DICT_STATUS label (NULL keeps it), version the person_version
 * of the file the user's form was made from (NULL: no check).
 */
enum person_edit_result person_edit_update(struct db *w, const struct registry_scope *scope, int64_t id,
					   const char *version, char *cells[ROSTER__MAX], const char *status,
					   struct person_edit *e, struct error *err);

#endif
