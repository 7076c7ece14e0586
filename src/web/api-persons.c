#include "web/api-persons.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/mask.h"
#include "domain/registry.h"

/* Writes j (taken over) as the response body. */
static int api_send(struct request *req, unsigned status, json_t *j, struct error *err)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		return error_set(err, "cannot encode JSON");
	buf_reset(&req->res.body);
	req->res.static_body = NULL;
	req->res.status = status;
	req->res.content_type = "application/json; charset=utf-8";
	int rc = buf_addstr(&req->res.body, text);
	free(text);
	return rc < 0 ? error_set(err, "JSON response too large") : 0;
}

void api_error(struct request *req, unsigned status, const char *code, const char *message, void *fields)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (e && fields)
		json_object_set_new(e, "fields", fields);
	else if (fields)
		json_decref(fields);
	struct error err = ERROR_INIT;
	if (!e || api_send(req, status, json_pack("{s:o}", "error", e), &err) < 0) {
		log_error("API error response: %s", err.msg);
		req->res.status = status;
	}
}

/* A code as JSON: null for 0 (unknown category or grade). */
static json_t *code_or_null(int code)
{
	return code ? json_integer(code) : json_null();
}

static json_t *person_json(const struct person *p)
{
	char township[13], birth[11], id[32], phone[32];
	person_township(p, township);
	date_format(p->birth, birth);
	mask_idcard(p->id_number, id, sizeof id);
	mask_phone(p->phone, phone, sizeof phone);
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:i, s:i, s:i, s:s, s:s, s:s}", "id",
	                 (json_int_t)p->id, "file_no", p->file_no, "name", p->name, "sex", p->sex, "township", township,
	                 "township_name", p->township_name, "village", p->village, "village_name", p->village_name,
	                 "category", code_or_null(p->category), "grade", code_or_null(p->grade), "hukou", p->hukou,
	                 "dibao", p->dibao, "status", (int)p->status, "birth_date", birth, "id_number", id, "phone",
	                 phone);
}

static int add_item(void *ctx, const struct person *p, struct error *err)
{
	json_t *item = person_json(p);
	if (!item || json_array_append_new(ctx, item) < 0)
		return error_set(err, "cannot build JSON item");
	return 0;
}

int api_persons(struct request *req, struct error *err)
{
	struct registry_query q;
	registry_query_init(&q, &req->account);
	json_t *fields = NULL;
	for (size_t i = 0; registry_arg_names[i]; i++) {
		const char *name = registry_arg_names[i];
		enum msg_id m = registry_query_arg(&q, name, request_arg(req, name));
		if (!m)
			continue;
		char text[256];
		/* The formats take the bounds of the filter they are about, if any. */
		if (m == MSG_FILTER_CODES)
			snprintf(text, sizeof text, msg(m), 1, strcmp(name, "category") == 0 ? 7 : 4);
		else if (m == MSG_FILTER_PER_PAGE)
			snprintf(text, sizeof text, msg(m), 1, REGISTRY_PER_PAGE_MAX);
		else if (m == MSG_FILTER_Q)
			snprintf(text, sizeof text, msg(m), REGISTRY_Q_MAX);
		else
			snprintf(text, sizeof text, "%s", msg(m));
		if (!fields)
			fields = json_object();
		json_object_set_new(fields, name, json_string(text));
	}
	if (fields) {
		api_error(req, 400, "bad_request", "查询条件有误", fields);
		return 0;
	}
	json_t *items = json_array();
	long total;
	if (registry_search(req->db, &q, add_item, items, &total, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_send(req, 200,
	                json_pack("{s:I, s:I, s:i, s:o}", "total", (json_int_t)total, "page", (json_int_t)q.page,
	                          "per_page", q.per_page, "items", items),
	                err);
}

int api_person(struct request *req, struct error *err)
{
	int64_t id;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct person p;
	int found = 0;
	if (request_path_id(req, "/api/v1/persons/", &id) && (found = registry_get(req->db, &scope, id, &p, err)) < 0)
		return -1;
	if (found <= 0) {
		api_error(req, 404, "not_found", "该人员不存在", NULL);
		return 0;
	}
	return api_send(req, 200, person_json(&p), err);
}
