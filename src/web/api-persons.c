#include "web/api-persons.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/mask.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/person-edit.h"
#include "domain/registry.h"
#include "domain/roster.h"
#include "web/auth.h"
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

/*
 * A person as a JSON object, masked (the ID number and the phone), appended
 * to b, the fields in jansson's old order; with the file's version
 * (person_version) when one person is asked for.
 */
static int person_json(struct buf *b, const struct person *p, bool with_version)
{
	char version[PERSON_VERSION_SIZE] = "";
	if (with_version)
		person_version(p, version);
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
	    field_str(b, "phone", phone) < 0 || (with_version && field_str(b, "version", version) < 0) ||
	    json_raw(b, "}") < 0)
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
	if ((it->n++ > 0 && json_raw(it->b, ",") < 0) || person_json(it->b, p, false) < 0)
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
			snprintf(text, sizeof text, msg(m), 0, strcmp(name, "category") == 0 ? 7 : 4);
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
	if (person_json(&req->res.body, &p, true) < 0)
		return error_set(err, "JSON response too large");
	return 0;
}

/* The JSON keys of a file and the roster column each feeds. */
static const struct {
	const char *key;
	enum roster_column col;
	enum dict_type dict; /* DICT__MAX: a string */
} keys[] = {
    {"name", ROSTER_NAME, DICT__MAX},
    {"id_number", ROSTER_ID_NUMBER, DICT__MAX},
    {"cert", ROSTER_CERT, DICT__MAX},
    {"category", ROSTER_CATEGORY, DICT_CATEGORY},
    {"grade", ROSTER_GRADE, DICT_GRADE},
    {"hukou", ROSTER_HUKOU, DICT_HUKOU},
    {"village", ROSTER_VILLAGE, DICT__MAX},
    {"phone", ROSTER_PHONE, DICT__MAX},
    {"dibao", ROSTER_DIBAO, DICT_YESNO},
    {"bank_name", ROSTER_BANK, DICT__MAX},
    {"bank_account", ROSTER_ACCOUNT, DICT__MAX},
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* The key a roster column's reason is reported under. */
static const char *key_of(enum roster_column c)
{
	if (c == ROSTER_TOWNSHIP)
		return "village";
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].col == c)
			return keys[i].key;
	return "";
}

struct body {
	json_t *root;
	char *cells[ROSTER__MAX]; /* owned; NULL: not given */
	const char *status;       /* a label, or NULL */
	const char *version;      /* updated_at, or NULL */
	json_t *fields;           /* reasons of values that are not even the right type */
};

static void body_release(struct body *b)
{
	for (int c = 0; c < ROSTER__MAX; c++)
		free(b->cells[c]);
	json_decref(b->root);
	json_decref(b->fields);
}

static void body_reason(struct body *b, const char *key, const char *reason)
{
	if (!b->fields)
		b->fields = json_object();
	json_object_set_new(b->fields, key, json_string(reason));
}

/*
 * Reads the request's JSON body into cells: a string as it is, a code as
 * its dictionary label (so the import's rules apply unchanged), null or ""
 * as empty. 0, or -1 when the body is not a JSON object (answered 400).
 */
static int body_read(struct request *req, struct body *b)
{
	json_error_t jerr;
	memset(b, 0, sizeof *b);
	b->root = req->body.len ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(b->root)) {
		api_error(req, 400, "bad_request", "请求内容应为JSON对象", NULL);
		return -1;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		json_t *v = json_object_get(b->root, keys[i].key);
		if (!v)
			continue;
		const char *s = NULL;
		if (json_is_null(v)) {
			s = "";
		} else if (keys[i].dict == DICT__MAX && json_is_string(v)) {
			s = json_string_value(v);
		} else if (keys[i].dict != DICT__MAX && json_is_integer(v)) {
			const char *label = dict_label(keys[i].dict, (int)json_integer_value(v));
			if (label)
				s = label;
			else
				body_reason(b, keys[i].key, "不是字典中的代码");
			if (!label)
				continue;
		} else {
			body_reason(b, keys[i].key, keys[i].dict == DICT__MAX ? "应为字符串" : "应为整数代码");
			continue;
		}
		b->cells[keys[i].col] = xstrdup(s);
	}
	/* The village decides the township. */
	const char *village = b->cells[ROSTER_VILLAGE];
	if (village) {
		char township[13] = "";
		if (division_level_of(village) == DIVISION_VILLAGE)
			snprintf(township, sizeof township, "%.9s000", village);
		b->cells[ROSTER_TOWNSHIP] = xstrdup(township);
	}
	json_t *status = json_object_get(b->root, "status");
	if (status) {
		b->status = json_is_integer(status) ? dict_label(DICT_STATUS, (int)json_integer_value(status)) : NULL;
		if (!b->status)
			body_reason(b, "status", msg(MSG_STATUS_INVALID));
	}
	json_t *version = json_object_get(b->root, "version");
	if (version && !(b->version = json_string_value(version)))
		body_reason(b, "version", "应为字符串");
	return 0;
}

/* 400 with the reasons of a refused file, by key. */
static void refused(struct request *req, const struct person_edit *e)
{
	json_t *fields = json_object();
	for (int c = 0; c < ROSTER__MAX; c++)
		if (e->reasons.text[c][0] && !json_object_get(fields, key_of((enum roster_column)c)))
			json_object_set_new(fields, key_of((enum roster_column)c), json_string(e->reasons.text[c]));
	if (e->status_reason)
		json_object_set_new(fields, "status", json_string(e->status_reason));
	api_error(req, 400, "invalid", "档案信息有误，请按各项提示修改", fields);
}

static bool api_may_edit(struct request *req)
{
	if (registry_may_edit(&req->account))
		return true;
	api_error(req, 403, "forbidden", "您的角色只能查看档案，不能新增或修改", NULL);
	return false;
}

static int saved_json(struct request *req, unsigned status, const char *action, const struct person_edit *e,
		      struct error *err)
{
	char target[32];
	snprintf(target, sizeof target, "person:%lld", (long long)e->after.id);
	char *detail = person_changes(&e->before, &e->after);
	int rc = auth_audit(req, "残疾人档案", action, target, detail, "成功", err);
	free(detail);
	if (rc < 0)
		return -1;
	json_begin(req, status);
	return person_json(&req->res.body, &e->after, true) < 0 ? error_set(err, "JSON response too large") : 0;
}

int api_person_create(struct request *req, struct error *err)
{
	if (!api_may_edit(req))
		return 0;
	struct body b;
	if (body_read(req, &b) < 0) {
		body_release(&b);
		return 0;
	}
	int rc = 0;
	if (b.fields) {
		api_error(req, 400, "invalid", "档案信息有误，请按各项提示修改", json_incref(b.fields));
		goto out;
	}
	/* Every column is given for a new file: the absent ones as empty. */
	for (int c = 0; c < ROSTER__MAX; c++)
		if (!b.cells[c] && c != ROSTER_SEX)
			b.cells[c] = xstrdup("");
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct person_edit *e = xmalloc(sizeof *e);
	struct db *w = server_writer_lock(req->server);
	enum person_edit_result r = person_edit_create(w, &scope, b.cells, e, err);
	server_writer_unlock(req->server);
	if (r == PERSON_EDIT_SAVED)
		rc = saved_json(req, 201, "新增", e, err);
	else if (r == PERSON_EDIT_REFUSED)
		refused(req, e);
	else
		rc = -1;
	free(e);
out:
	body_release(&b);
	return rc;
}

int api_person_update(struct request *req, struct error *err)
{
	int64_t id;
	if (!request_path_id(req, "/api/v1/persons/", &id)) {
		api_error(req, 404, "not_found", "该人员不存在", NULL);
		return 0;
	}
	if (!api_may_edit(req))
		return 0;
	struct body b;
	if (body_read(req, &b) < 0) {
		body_release(&b);
		return 0;
	}
	int rc = 0;
	if (b.fields) {
		api_error(req, 400, "invalid", "档案信息有误，请按各项提示修改", json_incref(b.fields));
		goto out;
	}
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct person_edit *e = xmalloc(sizeof *e);
	struct db *w = server_writer_lock(req->server);
	enum person_edit_result r = person_edit_update(w, &scope, id, b.version, b.cells, b.status, e, err);
	server_writer_unlock(req->server);
	switch (r) {
	case PERSON_EDIT_SAVED:
		rc = saved_json(req, 200, "修改", e, err);
		break;
	case PERSON_EDIT_REFUSED:
		refused(req, e);
		break;
	case PERSON_EDIT_STALE:
		api_error(req, 409, "conflict", "此档案已被他人修改，请重新读取后再改", NULL);
		break;
	case PERSON_EDIT_NOT_FOUND:
		api_error(req, 404, "not_found", "该人员不存在", NULL);
		break;
	case PERSON_EDIT_ERROR:
		rc = -1;
		break;
	}
	free(e);
out:
	body_release(&b);
	return rc;
}
