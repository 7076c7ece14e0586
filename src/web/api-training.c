#include "web/api-training.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/registry.h"
#include "domain/training.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/case-form.h"

#define MODULE "劳动就业"

static json_t *yuan(int64_t fen)
{
	char text[MONEY_TEXT_MAX];
	money_format_plain(fen, text, sizeof text);
	return json_string(text);
}

static json_t *class_json(const struct training_class *c)
{
	json_t *j = json_pack("{s:I, s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:I, s:I}", "id",
			      (json_int_t)c->id, "year", c->year, "kind", c->kind, "kind_label",
			      training_kind_label(c->kind) ? training_kind_label(c->kind) : "", "name", c->name,
			      "start_date", c->start_date, "end_date", c->end_date, "place", c->place, "support_fen",
			      (json_int_t)c->support, "closed", c->closed, "created_at", c->created_at, "created_by",
			      c->created_by, "trainee_count", (json_int_t)c->trainees, "support_total_fen",
			      (json_int_t)c->support_total);
	json_object_set_new(j, "support", yuan(c->support));
	json_object_set_new(j, "support_total", yuan(c->support_total));
	json_object_set_new(j, "closed_at", *c->closed_at ? json_string(c->closed_at) : json_null());
	json_object_set_new(j, "closed_by", *c->closed_by ? json_string(c->closed_by) : json_null());
	return j;
}

static bool forbidden(struct request *req)
{
	if (training_may_view(&req->account))
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

/* The year argument (absent: this year): the year, or -1 answered 400. */
static int year_arg(struct request *req)
{
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0) {
		json_t *fields = NULL;
		reason(&fields, "year", msg(MSG_EMP_YEAR));
		api_error(req, 400, "bad_request", "查询条件有误", fields);
	}
	return year;
}

/* 400 (or 404 when the person is not found in scope) with the domain's reasons. */
static void refused(struct request *req, const struct case_problems *pr)
{
	json_t *fields = json_object();
	bool person = false;
	for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++) {
		json_object_set_new(fields, pr->items[i].field, json_string(pr->items[i].reason));
		person = person || strcmp(pr->items[i].field, "person") == 0 || strcmp(pr->items[i].field, "id_number") == 0;
	}
	const char *message = *pr->message ? pr->message : "填写有误，请按各项提示修改";
	if (person && !json_object_get(fields, "support"))
		api_error(req, 404, "not_found", message, fields);
	else
		api_error(req, 400, "invalid", message, fields);
}

static int audit(struct request *req, const char *action, int64_t class_id, json_t *detail, struct error *err)
{
	char target[40];
	snprintf(target, sizeof target, "training:%lld", (long long)class_id);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

/* The list */

static int add_class(void *ctx, const struct training_class *c, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, class_json(c));
	return 0;
}

int api_training(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	int year = year_arg(req);
	if (year < 0)
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	json_t *items = json_array();
	if (training_list(req->db, &scope, year, add_class, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:i, s:o}", "year", year, "items", items), err);
}

/* The text of key in a JSON object body: a string as is, an integer in decimal; "" absent, NULL of another type. */
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

/* The JSON object body, or NULL answered 400. */
static json_t *body_object(struct request *req)
{
	json_error_t jerr;
	json_t *root = req->body.len ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		api_error(req, 400, "bad_request", "请求内容应为JSON对象", NULL);
		return NULL;
	}
	return root;
}

/* Sends class id as read now within the caller's scope, with its trainees when with_trainees. */
static int send_class(struct request *req, unsigned status, int64_t id, bool with_trainees, struct error *err);

int api_training_post(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	if (!training_may_manage(&req->account)) {
		char text[200];
		snprintf(text, sizeof text, msg(MSG_TRAINING_ROLE_MANAGE), role_label(req->account.role));
		api_error(req, 403, "forbidden", text, NULL);
		return 0;
	}
	json_t *root = body_object(req);
	if (!root)
		return 0;
	static const char *const keys[] = {"year", "kind", "name", "start_date", "end_date", "place", "support"};
	char bufs[7][32];
	const char *texts[7];
	json_t *fields = NULL;
	for (size_t i = 0; i < 7; i++)
		if (!(texts[i] = text_of(root, keys[i], bufs[i], sizeof bufs[i]))) {
			reason(&fields, keys[i], "应为文字或整数");
			texts[i] = "";
		}
	int rc = 0;
	if (fields) {
		api_error(req, 400, "invalid", "请求内容有误", fields);
		goto out;
	}
	struct training_input in = {texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6]};
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = training_create(w, &in, &req->account, &id, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		rc = -1;
	else if (r == 1)
		refused(req, pr);
	else if ((rc = audit(req, "新增", id,
			     json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "年度", in.year, "类别", in.kind, "名称",
				       in.name, "开班日期", in.start_date, "结业日期", in.end_date, "地点", in.place,
				       "每人扶持资金", in.support),
			     err)) == 0)
		rc = send_class(req, 201, id, true, err);
	free(pr);
out:
	json_decref(root);
	return rc;
}

/* A class */

static int add_trainee(void *ctx, const struct training_trainee *t, struct error *err)
{
	(void)err;
	const struct person *p = &t->person;
	char idm[32];
	mask_idcard(p->id_number, idm, sizeof idm);
	json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "person_id",
			      (json_int_t)p->id, "name", p->name, "file_no", p->file_no, "sex", p->sex, "id_number", idm,
			      "township", t->township, "township_name", p->township_name, "village", t->village,
			      "village_name", p->village_name, "support_fen", (json_int_t)t->support, "added_at",
			      t->added_at, "added_by", t->added_by);
	json_object_set_new(j, "support", yuan(t->support));
	json_array_append_new(ctx, j);
	return 0;
}

static int send_class(struct request *req, unsigned status, int64_t id, bool with_trainees, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct training_class c;
	int found = training_get(req->db, &scope, id, &c, err);
	if (found <= 0) {
		if (found == 0)
			api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
		return found;
	}
	json_t *j = class_json(&c);
	if (with_trainees) {
		json_t *trainees = json_array();
		json_object_set_new(j, "trainees", trainees);
		if (training_trainees(req->db, &scope, id, add_trainee, trainees, err) < 0) {
			json_decref(j);
			return -1;
		}
	}
	return api_program_send(req, status, j, err);
}

struct progress {
	const struct registry_scope *scope;
	json_t *out;
};

static void progress_one(void *ctx, const char *township, long long value)
{
	struct progress *p = ctx;
	/* "" is the county's own (classes): everyone sees it; a township's number only within scope. */
	if (!*township || registry_scope_has(p->scope, township))
		json_object_set_new(p->out, township, json_integer((json_int_t)value));
}

static int progress(struct request *req, struct error *err)
{
	int year = year_arg(req);
	if (year < 0)
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	json_t *j = json_pack("{s:i}", "year", year);
	static const char *const metrics[] = {"classes", "trainees", "support"};
	for (size_t i = 0; i < 3; i++) {
		struct progress p = {&scope, json_object()};
		json_object_set_new(j, metrics[i], p.out);
		if (training_progress(req->db, year, metrics[i], progress_one, &p, err) < 0) {
			json_decref(j);
			return -1;
		}
	}
	return api_program_send(req, 200, j, err);
}

int api_training_one(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	if (strcmp(req->path, "/api/v1/training/progress") == 0)
		return progress(req, err);
	int64_t id;
	if (!request_path_id(req, "/api/v1/training/", &id)) {
		api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
		return 0;
	}
	return send_class(req, 200, id, true, err);
}

/* A class's state for the API's 409: 1 open, 0 answered (404 or 409), -1 error. */
static int open_class(struct request *req, int64_t id, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct training_class c;
	int found = training_get(req->db, &scope, id, &c, err);
	if (found == 0)
		api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
	else if (found > 0 && c.closed) {
		api_error(req, 409, "closed", msg(MSG_TRAINING_CLOSED), NULL);
		found = 0;
	}
	return found;
}

static bool may_enrol_or_403(struct request *req)
{
	if (training_may_enrol(&req->account))
		return true;
	char text[200];
	snprintf(text, sizeof text, msg(MSG_TRAINING_ROLE_ENROL), role_label(req->account.role));
	api_error(req, 403, "forbidden", text, NULL);
	return false;
}

static int trainee_post(struct request *req, int64_t id, struct error *err)
{
	if (!may_enrol_or_403(req))
		return 0;
	json_t *root = body_object(req);
	if (!root)
		return 0;
	int rc = open_class(req, id, err);
	if (rc <= 0)
		goto out;
	rc = 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	json_t *jp = json_object_get(root, "person_id"), *fields = NULL;
	char buf[32];
	const char *support = text_of(root, "support", buf, sizeof buf);
	const char *idn = json_string_value(json_object_get(root, "id_number"));
	int64_t person_id = 0;
	if (!support)
		reason(&fields, "support", "应为金额（元）的文字，如 \"800.00\"");
	if (jp && !json_is_null(jp)) {
		if (!json_is_integer(jp) || json_integer_value(jp) < 1)
			reason(&fields, "person_id", "应为人员的编号（整数）");
		else
			person_id = (int64_t)json_integer_value(jp);
	} else if (!idn) {
		reason(&fields, "person_id", "须给出人员的编号 person_id 或身份证号 id_number");
	}
	if (fields) {
		api_error(req, 400, "invalid", "请求内容有误", fields);
		goto out;
	}
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
			api_error(req, why == msg(MSG_EMP_ID_NUMBER) ? 400 : 404,
				  why == msg(MSG_EMP_ID_NUMBER) ? "invalid" : "not_found", why, fields);
			goto out;
		}
		person_id = p.id;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t fen = 0;
	struct db *w = server_writer_lock(req->server);
	int r = training_add(w, id, person_id, support, &req->account, &scope, &fen, pr, err);
	server_writer_unlock(req->server);
	if (r < 0) {
		rc = -1;
	} else if (r == 2) {
		api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
	} else if (r == 3) {
		api_error(req, 409, "conflict", pr->message, NULL);
	} else if (r == 1) {
		refused(req, pr);
	} else {
		char amount[MONEY_TEXT_MAX];
		money_format_plain(fen, amount, sizeof amount);
		rc = audit(req, "新增", id,
			   json_pack("{s:s, s:I, s:s}", "操作", "加入学员", "人员", (json_int_t)person_id, "扶持资金", amount),
			   err);
		if (rc == 0) {
			json_t *j = json_pack("{s:I, s:I, s:I}", "class_id", (json_int_t)id, "person_id",
					      (json_int_t)person_id, "support_fen", (json_int_t)fen);
			json_object_set_new(j, "support", yuan(fen));
			rc = api_program_send(req, 201, j, err);
		}
	}
	free(pr);
out:
	json_decref(root);
	return rc;
}

static int close_post(struct request *req, int64_t id, struct error *err)
{
	if (!training_may_manage(&req->account)) {
		char text[200];
		snprintf(text, sizeof text, msg(MSG_TRAINING_ROLE_MANAGE), role_label(req->account.role));
		api_error(req, 403, "forbidden", text, NULL);
		return 0;
	}
	int rc = open_class(req, id, err);
	if (rc <= 0)
		return rc;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int r = training_close(w, id, &req->account, pr, err);
	server_writer_unlock(req->server);
	rc = 0;
	if (r < 0)
		rc = -1;
	else if (r == 2)
		api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
	else if (r == 1)
		api_error(req, 409, "closed", pr->message, NULL);
	else if ((rc = audit(req, "修改", id, json_pack("{s:[s, s]}", "状态", "进行中", "已结业"), err)) == 0)
		rc = send_class(req, 200, id, false, err);
	free(pr);
	return rc;
}

int api_training_one_post(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/api/v1/training/", &id, &rest)) {
		if (strcmp(rest, "/trainees") == 0)
			return trainee_post(req, id, err);
		if (strcmp(rest, "/close") == 0)
			return close_post(req, id, err);
	}
	api_error(req, 404, "not_found", "没有这个接口", NULL);
	return 0;
}

int api_training_one_delete(struct request *req, struct error *err)
{
	if (forbidden(req))
		return 0;
	int64_t id, person_id;
	const char *rest;
	if (!request_path_id_rest(req, "/api/v1/training/", &id, &rest) || strncmp(rest, "/trainees/", 10) != 0 ||
	    !number_parse(rest + 10, 1, INT64_MAX, &person_id)) {
		api_error(req, 404, "not_found", "没有这个接口", NULL);
		return 0;
	}
	if (!may_enrol_or_403(req))
		return 0;
	int rc = open_class(req, id, err);
	if (rc <= 0)
		return rc;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int r = training_remove(w, id, person_id, &req->account, &scope, pr, err);
	server_writer_unlock(req->server);
	rc = 0;
	if (r < 0)
		rc = -1;
	else if (r == 2)
		api_error(req, 404, "not_found", msg(MSG_TRAINING_NOT_FOUND), NULL);
	else if (r == 1)
		api_error(req, 404, "not_found", pr->message, NULL);
	else if ((rc = audit(req, "删除", id,
			     json_pack("{s:s, s:I}", "操作", "移出学员", "人员", (json_int_t)person_id), err)) == 0)
		rc = api_program_send(req, 200,
				      json_pack("{s:I, s:I, s:b}", "class_id", (json_int_t)id, "person_id",
						(json_int_t)person_id, "removed", 1),
				      err);
	free(pr);
	return rc;
}
