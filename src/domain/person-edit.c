#include "domain/person-edit.h"

#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "domain/dict.h"

enum person_edit_result person_edit_create(struct db *w, const struct registry_scope *scope, char *cells[ROSTER__MAX],
					   struct person_edit *e, struct error *err)
{
	memset(e, 0, sizeof *e);
	struct person p = {0};
	p.status = PERSON_ACTIVE;
	e->before.status = PERSON_ACTIVE;
	int rc = roster_check_one(w, scope, cells, &p, &e->reasons, err);
	if (rc != 0)
		return rc < 0 ? PERSON_EDIT_ERROR : PERSON_EDIT_REFUSED;
	if ((rc = person_insert(w, &p, err)) == 1) {
		/* Saved by another process between the check and the insert. */
		snprintf(e->reasons.text[ROSTER_ID_NUMBER], sizeof e->reasons.text[0], msg(MSG_ID_TAKEN), "");
		e->reasons.count = 1;
		return PERSON_EDIT_REFUSED;
	}
	if (rc < 0 || registry_get(w, scope, p.id, &e->after, err) != 1)
		return PERSON_EDIT_ERROR;
	return PERSON_EDIT_SAVED;
}

enum person_edit_result person_edit_update(struct db *w, const struct registry_scope *scope, int64_t id,
					   const char *version, char *cells[ROSTER__MAX], const char *status,
					   struct person_edit *e, struct error *err)
{
	memset(e, 0, sizeof *e);
	int found = registry_get(w, scope, id, &e->before, err);
	if (found <= 0)
		return found < 0 ? PERSON_EDIT_ERROR : PERSON_EDIT_NOT_FOUND;
	char now[PERSON_VERSION_SIZE];
	person_version(&e->before, now);
	if (version && strcmp(version, now) != 0)
		return PERSON_EDIT_STALE;
	/* A field not given keeps its value: the file's own, as an export writes it. */
	char kept[ROSTER__MAX][ROSTER_CELL_MAX];
	char *use[ROSTER__MAX];
	roster_cells(&e->before, false, kept);
	for (int c = 0; c < ROSTER__MAX; c++)
		use[c] = cells[c] ? cells[c] : c == ROSTER_SEX ? NULL : kept[c];
	struct person p = e->before;
	int rc = roster_check_one(w, scope, use, &p, &e->reasons, err);
	if (rc < 0)
		return PERSON_EDIT_ERROR;
	int code = status ? dict_parse(DICT_STATUS, status) : (int)p.status;
	if (code < 0) {
		e->status_reason = msg(MSG_STATUS_INVALID);
		e->reasons.count++;
		rc = 1;
	}
	if (rc)
		return PERSON_EDIT_REFUSED;
	p.status = (enum person_status)code;
	if (person_update(w, &p, err) < 0 || registry_get(w, scope, id, &e->after, err) != 1)
		return PERSON_EDIT_ERROR;
	return PERSON_EDIT_SAVED;
}
