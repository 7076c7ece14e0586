/*
 * page-person-edit: creating and editing a person's file in the browser
 * (新增 GET/POST /persons/new, 修改 GET/POST /persons/{id}/edit), for the
 * roles that work with files (registry_may_edit), within their scope.
 *
 * The form checks every field with the import's rules (roster_check_one)
 * on the writer connection, so the check and the save see the same
 * registry; a refused form comes back with each reason under its field and
 * everything typed kept. An edit carries the file's updated_at: if someone
 * saved the file meanwhile, nothing is overwritten and the user is told.
 * Each save is logged with the changed fields (person_changes). Opening the
 * edit form shows the full values and is logged as a viewing.
 */
#ifndef HUIMIN_PAGE_PERSON_EDIT_H
#define HUIMIN_PAGE_PERSON_EDIT_H

#include "base/error.h"
#include "web/server.h"

int page_person_new(struct request *req, struct error *err);
int page_person_new_post(struct request *req, struct error *err);
/* GET and POST /persons/{id}/edit: called by page-persons for paths under /persons/. */
int page_person_edit(struct request *req, int64_t id, struct error *err);
int page_person_edit_post(struct request *req, int64_t id, struct error *err);

#endif
