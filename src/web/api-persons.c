#include "web/api-persons.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/mask.h"
#include "domain/registry.h"
#include "web/json.h"

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

/* ,"key":value: a field after the first of an object. */
static int field_str(struct buf *b, const char *key, const char *value)
{
	return json_raw(b, ",") < 0 || json_key(b, key) < 0 || json_str(b, value) < 0 ? -1 : 0;
}

static int field_int(struct buf *b, const char *key, int64_t value)
{
	return json_raw(b, ",") < 0 || json_key(b, key) < 0 || json_int(b, value) < 0 ? -1 : 0;
}

/* A code: null for 0 (unknown category or grade). */
static int field_code(struct buf *b, const char *key, int code)
{
	if (code)
		return field_int(b, key, code);
	return json_raw(b, ",") < 0 || json_key(b, key) < 0 || json_raw(b, "null") < 0 ? -1 : 0;
}

/* A person as a JSON object, masked (the ID number and the phone), appended to b; the fields in jansson's old order. */
static int person_json(struct buf *b, const struct person *p)
{
	char township[13], birth[11], id[32], phone[32];
	person_township(p, township);
	date_format(p->birth, birth);
	mask_idcard(p->id_number, id, sizeof id);
	mask_phone(p->phone, phone, sizeof phone);
	if (json_raw(b, "{") < 0 || json_key(b, "id") < 0 || json_int(b, p->id) < 0 ||
	    field_str(b, "file_no", p->file_no) < 0 || field_str(b, "name", p->name) < 0 ||
	    field_int(b, "sex", p->sex) < 0 || field_str(b, "township", township) < 0 ||
	    field_str(b, "township_name", p->township_name) < 0 || field_str(b, "village", p->village) < 0 ||
	    field_str(b, "village_name", p->village_name) < 0 || field_code(b, "category", p->category) < 0 ||
	    field_code(b, "grade", p->grade) < 0 || field_int(b, "hukou", p->hukou) < 0 ||
	    field_int(b, "dibao", p->dibao) < 0 || field_int(b, "status", (int)p->status) < 0 ||
	    field_str(b, "birth_date", birth) < 0 || field_str(b, "id_number", id) < 0 ||
	    field_str(b, "phone", phone) < 0 || json_raw(b, "}") < 0)
		return -1;
	return 0;
}

/* Starts a JSON answer in the response body. */
static void json_begin(struct request *req, unsigned status)
{
	buf_reset(&req->res.body);
	req->res.static_body = NULL;
	req->res.status = status;
	req->res.content_type = "application/json; charset=utf-8";
}

/* registry_search's fn: the items of the page, comma-separated. */
struct items {
	struct buf *b;
	long n;
};

static int add_item(void *ctx, const struct person *p, struct error *err)
{
	struct items *it = ctx;
	if ((it->n++ > 0 && json_raw(it->b, ",") < 0) || person_json(it->b, p) < 0)
		return error_set(err, "JSON response too large");
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
	/*
	 * {"total":N,"page":P,"per_page":K,"items":[...]}: the items are written
	 * as the rows come, the total (known only after the search) in front.
	 */
	struct buf *b = &req->res.body;
	json_begin(req, 200);
	if (json_raw(b, "{\"items\":[") < 0)
		return error_set(err, "JSON response too large");
	struct items it = {b, 0};
	long total;
	if (registry_search(req->db, &q, add_item, &it, &total, err) < 0)
		return -1;
	if (json_raw(b, "]}") < 0)
		return error_set(err, "JSON response too large");
	/* The head goes in front of the items, in place of the body's leading "{". */
	struct buf h = BUF_INIT(128);
	int rc = json_raw(&h, "{") < 0 || json_key(&h, "total") < 0 || json_int(&h, total) < 0 ||
	                 json_raw(&h, ",") < 0 || json_key(&h, "page") < 0 || json_int(&h, q.page) < 0 ||
	                 json_raw(&h, ",") < 0 || json_key(&h, "per_page") < 0 || json_int(&h, q.per_page) < 0 ||
	                 json_raw(&h, ",") < 0 || buf_add(b, h.data, h.len - 1) < 0
	             ? -1
	             : 0;
	if (rc == 0) {
		memmove(b->data + h.len - 1, b->data, b->len - (h.len - 1));
		memcpy(b->data, h.data, h.len);
	}
	buf_release(&h);
	if (rc < 0)
		return error_set(err, "JSON response too large");
	return 0;
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
	json_begin(req, 200);
	if (person_json(&req->res.body, &p) < 0)
		return error_set(err, "JSON response too large");
	return 0;
}
