/*
 * api-targets: the JSON resources of target management (docs/api.md):
 * /api/v1/targets (the board of a year, new targets, copy to the next
 * year), /api/v1/targets/{id} (progress, parts, entries, supervision;
 * PUT to change; POST .../parts and .../entries), and /api/v1/supervision
 * (items, opening, the township's answer, closing or sending back).
 * Scoped like the pages: a township sees its own share and items; hospital
 * users none; leaders read only. Every change is logged.
 */
#ifndef HUIMIN_API_TARGETS_H
#define HUIMIN_API_TARGETS_H

#include "base/error.h"
#include "web/server.h"

int api_targets(struct request *req, struct error *err);
int api_targets_post(struct request *req, struct error *err);
int api_target(struct request *req, struct error *err);
int api_target_put(struct request *req, struct error *err);
int api_target_post(struct request *req, struct error *err);
int api_supervision(struct request *req, struct error *err);
int api_supervision_post(struct request *req, struct error *err);
int api_supervision_item_post(struct request *req, struct error *err);

#endif
