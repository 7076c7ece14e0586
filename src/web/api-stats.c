#include "web/api-stats.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/stats.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/stats-args.h"

static json_t *heads_json(const struct stats_head *h, size_t n, enum stats_dim d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s}", "key", h[i].key, "label", h[i].label);
		if (d == STATS_DIM_VILLAGE)
			json_object_set_new(o, "township", json_string(h[i].parent));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *counts_json(const long long *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)v[i]));
	return a;
}

static json_t *dim_json(enum stats_dim d)
{
	return json_pack("{s:s, s:s}", "dim", stats_dim_name(d), "label", stats_dim_label(d));
}

int api_stats(struct request *req, struct error *err)
{
	if (!stats_may_view(&req->account)) {
		api_error(req, 403, "forbidden", msg(MSG_STATS_NO_ACCESS), NULL);
		return 0;
	}
	struct stats_args *a = xcalloc(1, sizeof *a);
	struct stats_table t = {0};
	int rc = -1;
	if (stats_args_read(req, a, err) < 0)
		goto out;
	json_t *fields = NULL;
	for (size_t i = 0; i < a->nproblems; i++) {
		if (!fields)
			fields = json_object();
		json_object_set_new(fields, a->problems[i].name, json_string(a->problems[i].text));
	}
	if (fields) {
		api_error(req, 400, "bad_request", "查询条件有误", fields);
		rc = 0;
		goto out;
	}
	int ran = stats_run(req->db, &a->q, a->p, &t, err);
	if (ran < 0)
		goto out;
	if (ran > 0) {
		char text[256];
		snprintf(text, sizeof text, msg(MSG_STATS_TOO_MANY), (long)(t.nrows * t.ncols), STATS_CELLS_MAX);
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "cols", text));
		rc = 0;
		goto out;
	}
	json_t *cells = json_array();
	for (size_t r = 0; r < t.nrows; r++)
		json_array_append_new(cells, counts_json(t.cells + r * t.ncols, t.ncols));
	char on[11], title[400];
	date_format(a->q.age_on, on);
	stats_args_title(a, title, sizeof title);
	json_t *o = json_pack(
	    "{s:s, s:o, s:o, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:b, s:s}", "subject",
	    a->p ? "cases" : "persons", "program", a->p ? json_string(a->p->code) : json_null(), "year",
	    a->p ? json_integer(a->q.year) : json_null(), "status", a->q.status, "age_on", on, "rows", dim_json(t.rows),
	    "cols", dim_json(t.cols), "row_heads", heads_json(t.row_heads, t.nrows, t.rows), "col_heads",
	    heads_json(t.col_heads, t.ncols, t.cols), "cells", cells, "row_totals", counts_json(t.row_totals, t.nrows),
	    "col_totals", counts_json(t.col_totals, t.ncols), "total", (json_int_t)t.total, "distinct_totals",
	    t.rows == STATS_DIM_REACHED || t.cols == STATS_DIM_REACHED, "title", title);
	rc = api_program_send(req, 200, o, err);
out:
	stats_table_release(&t);
	free(a);
	return rc;
}
