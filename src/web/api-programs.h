/*
 * api-programs: the livelihood projects' definitions and counts in JSON.
 *
 *   GET /api/v1/programs               [{code, name, version}] of the stored projects
 *   GET /api/v1/programs/{code}?year=Y the newest definition's stages and transitions, the
 *                                      year's counts county-wide and by township (within the
 *                                      caller's case scope), the target and the success rate
 */
#ifndef HUIMIN_API_PROGRAMS_H
#define HUIMIN_API_PROGRAMS_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

int api_programs(struct request *req, struct error *err);
int api_program(struct request *req, struct error *err);

/* A transition as JSON (a new jansson object): key, label, from, to, roles, fields, remark_required. */
void *api_program_transition(const struct program *p, const struct program_transition *t);
/* Writes j (taken over, a json_t *) as the JSON answer with status. 0 or -1. */
int api_program_send(struct request *req, unsigned status, void *j, struct error *err);

#endif
