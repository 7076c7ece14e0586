/*
 * api-training: 劳动就业's training classes in JSON (domain/training),
 * within the caller's data scope (trainees of other townships are neither
 * listed nor counted for a township user):
 *
 *   GET    /api/v1/training?year=Y                      the year's classes
 *   POST   /api/v1/training                             a new class (county admin, staff): 201
 *   GET    /api/v1/training/progress?year=Y             the targets' numbers: classes, trainees, support
 *   GET    /api/v1/training/{id}                        a class with its trainees
 *   POST   /api/v1/training/{id}/trainees               {person_id | id_number, support}: 201
 *   DELETE /api/v1/training/{id}/trainees/{person_id}   removes a trainee while the class is open
 *   POST   /api/v1/training/{id}/close                  结业
 *
 * Errors in the API's one shape (web/api-persons: api_error): 400 with a
 * reason per key, 403 for a role that may not, 404 for a class or a person
 * that does not exist in scope, 409 for a closed class or a person who is
 * a trainee already. Changes are logged as the pages log them.
 */
#ifndef HUIMIN_API_TRAINING_H
#define HUIMIN_API_TRAINING_H

#include "base/error.h"
#include "web/server.h"

int api_training(struct request *req, struct error *err);
int api_training_post(struct request *req, struct error *err);
/* GET /api/v1/training/... (progress, a class). */
int api_training_one(struct request *req, struct error *err);
/* POST /api/v1/training/{id}/... (trainees, close). */
int api_training_one_post(struct request *req, struct error *err);
/* DELETE /api/v1/training/{id}/trainees/{person_id}. */
int api_training_one_delete(struct request *req, struct error *err);

#endif
