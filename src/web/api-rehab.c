#include "web/api-rehab.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/rehab.h"
#include "domain/training.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/case-form.h"

static json_t *service_json(const struct rehab_service *s)
{
	char idm[32];
	mask_idcard(s->id_number, idm, sizeof idm);
	const char *kind = rehab_kind_label(s->kind);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)s->id, "person_id", (json_int_t)s->person_id, "name", s->person_name, "file_no",
			 s->file_no, "id_number", idm, "township", s->township, "township_name", s->township_name,
			 "village", s->village, "village_name", s->village_name, "kind", s->kind, "kind_label",
			 kind ? kind : "", "provider", s->provider, "date", s->date, "note", s->note, "entered_at",
			 s->entered_at, "entered_by", s->entered_by);
}

static bool forbidden(struct request *req)
{
	if (rehab_may_view(&req->account))
		return false;
	api_error(req, 403, "forbidden", msg(MSG_TRAINING_NO_ACCESS), NULL);
	return true;
}

static void reason(json_t **fields, const char *key, const char *text)
{
	if (!*fields)
		*fields = json_object();
	json_object_set_new(*fields, key, json_string(text));
}

static int add_service(void *ctx, const struct rehab_service *s, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, service_json(s));
	return 0;
}

int api_rehab(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	struct rehab_query q;
	memset(&q, 0, sizeof q);
	registry_scope_of(&req->account, &q.scope);
	q.page = 1;
	q.per_page = 20;
	json_t *fields = NULL;
	const char *v;
	int64_t n;
	if ((v = request_arg(req, "year")) && *v) {
		if (number_parse(v, 2000, 2100, &n))
			q.year = (int)n;
		else
			reason(&fields, "year", msg(MSG_EMP_YEAR));
	}
	if ((v = request_arg(req, "township")) && *v) {
		if (strlen(v) == 12 && division_level_of(v) == DIVISION_TOWNSHIP)
			snprintf(q.township, sizeof q.township, "%s", v);
		else
			reason(&fields, "township", msg(MSG_FILTER_TOWNSHIP));
	}
	if ((v = request_arg(req, "kind")) && *v && (q.kind = rehab_kind_parse(v)) < 0)
		reason(&fields, "kind", msg(MSG_REHAB_KIND));
	if ((v = request_arg(req, "page")) && *v) {
		if (number_parse(v, 1, 1000000, &n))
			q.page = (long)n;
		else
			reason(&fields, "page", msg(MSG_FILTER_PAGE));
	}
	if ((v = request_arg(req, "per_page")) && *v) {
		if (number_parse(v, 1, REHAB_PER_PAGE_MAX, &n))
			q.per_page = (int)n;
		else
			reason(&fields, "per_page", "每页条数应为1到100之间的整数");
	}
	if (fields) {
		api_error(req, 400, "bad_request", "查询条件有误", fields);
		return 0;
	}
	json_t *items = json_array();
	long total = 0;
	if (rehab_list(req->db, &q, add_service, items, &total, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200,
				json_pack("{s:I, s:I, s:i, s:o}", "total", (json_int_t)total, "page", (json_int_t)q.page,
					  "per_page", q.per_page, "items", items),
				err);
}

/* The text of key: a string as is, an integer in decimal; "" absent, NULL of another type. */
static const char *text_of(json_t *root, const char *key, char *buf, size_t size)
{
	json_t *v = json_object_get(root, key);
	if (!v || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

int api_rehab_post(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	if (!rehab_may_enter(&req->account)) {
		char text[200];
		snprintf(text, sizeof text, msg(MSG_REHAB_ROLE), role_label(req->account.role));
		api_error(req, 403, "forbidden", text, NULL);
		return 0;
	}
	json_error_t jerr;
	json_t *root = req->body.len ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		api_error(req, 400, "bad_request", "请求内容应为JSON对象", NULL);
		return 0;
	}
	static const char *const keys[] = {"kind", "provider", "date", "note"};
	char bufs[4][32];
	const char *texts[4];
	json_t *fields = NULL;
	for (size_t i = 0; i < 4; i++)
		if (!(texts[i] = text_of(root, keys[i], bufs[i], sizeof bufs[i]))) {
			reason(&fields, keys[i], "应为文字或整数");
			texts[i] = "";
		}
	json_t *jp = json_object_get(root, "person_id");
	const char *idn = json_string_value(json_object_get(root, "id_number"));
	int64_t person_id = 0;
	if (jp && !json_is_null(jp)) {
		if (!json_is_integer(jp) || json_integer_value(jp) < 1)
			reason(&fields, "person_id", "应为人员的编号（整数）");
		else
			person_id = (int64_t)json_integer_value(jp);
	} else if (!idn) {
		reason(&fields, "person_id", "须给出人员的编号 person_id 或身份证号 id_number");
	}
	int rc = 0;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	if (fields) {
		api_error(req, 400, "invalid", "请求内容有误", fields);
		goto out;
	}
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	if (!person_id) {
		struct person p;
		const char *why = NULL;
		int found = training_find_person(req->db, &scope, idn, &p, &why, err);
		if (found < 0) {
			rc = -1;
			goto out;
		}
		if (!found) {
			reason(&fields, "id_number", why);
			bool bad = why == msg(MSG_EMP_ID_NUMBER);
			api_error(req, bad ? 400 : 404, bad ? "invalid" : "not_found", why, fields);
			goto out;
		}
		person_id = p.id;
	}
	struct rehab_input in = {person_id, texts[0], texts[1], texts[2], texts[3]};
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = rehab_add(w, &in, &req->account, &scope, &id, pr, err);
	server_writer_unlock(req->server);
	if (r < 0) {
		rc = -1;
		goto out;
	}
	if (r == 1) {
		json_t *f = json_object();
		bool missing = false;
		for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++) {
			json_object_set_new(f, pr->items[i].field, json_string(pr->items[i].reason));
			missing = missing || (strcmp(pr->items[i].field, "person") == 0 &&
					      strcmp(pr->items[i].reason, msg(MSG_EMP_PERSON_NOT_FOUND)) == 0);
		}
		const char *message = *pr->message ? pr->message : "填写有误，请按各项提示修改";
		if (missing && pr->n == 1)
			api_error(req, 404, "not_found", msg(MSG_EMP_PERSON_NOT_FOUND), f);
		else
			api_error(req, 400, "invalid", message, f);
		goto out;
	}
	struct rehab_service s;
	int found = rehab_get(req->db, &scope, id, &s, err);
	if (found <= 0) {
		rc = found < 0 ? -1 : error_set(err, "rehabilitation service %lld not found after it was saved", (long long)id);
		goto out;
	}
	char target[40];
	snprintf(target, sizeof target, "rehab:%lld", (long long)id);
	json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "人员", (json_int_t)s.person_id, "服务类别",
			      rehab_kind_label(s.kind), "服务日期", s.date, "服务机构或人员", s.provider);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = auth_audit(req, "康复", "新增", target, detail ? detail : "", "成功", err);
	free(detail);
	if (rc == 0)
		rc = api_program_send(req, 201, service_json(&s), err);
out:
	free(pr);
	json_decref(root);
	return rc;
}

struct progress {
	const struct registry_scope *scope;
	json_t *out;
};

static void progress_one(void *ctx, const char *township, long long value)
{
	struct progress *p = ctx;
	if (!*township || registry_scope_has(p->scope, township))
		json_object_set_new(p->out, township, json_integer((json_int_t)value));
}

int api_rehab_one(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	if (strcmp(req->path, "/api/v1/rehab/progress") != 0) {
		api_error(req, 404, "not_found", "没有这个接口", NULL);
		return 0;
	}
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0) {
		json_t *fields = NULL;
		reason(&fields, "year", msg(MSG_EMP_YEAR));
		api_error(req, 400, "bad_request", "查询条件有误", fields);
		return 0;
	}
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	json_t *j = json_pack("{s:i}", "year", year);
	static const char *const metrics[] = {"services", "persons"};
	for (size_t i = 0; i < 2; i++) {
		struct progress p = {&scope, json_object()};
		json_object_set_new(j, metrics[i], p.out);
		if (rehab_progress(req->db, year, metrics[i], progress_one, &p, err) < 0) {
			json_decref(j);
			return -1;
		}
	}
	return api_program_send(req, 200, j, err);
}
