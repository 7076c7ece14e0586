#include "web/api-cases.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/division.h"
#include "domain/objection.h"
#include "domain/registry.h"
#include "web/api-body.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/case-files.h"
#include "web/case-form.h"
#include "web/case-pdf.h"

static json_t *case_json(const struct case_file *c, const struct program *p)
{
	return json_pack("{s:I, s:s, s:i, s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
			 (json_int_t)c->id, "program", c->program, "version", c->version, "year", c->year, "person_id",
			 (json_int_t)c->person_id, "person_name", c->person_name, "file_no", c->file_no, "township",
			 c->township, "township_name", c->township_name, "village", c->village, "village_name",
			 c->village_name, "stage", c->stage, "stage_label", case_form_stage_label(p, c->stage), "open",
			 c->open, "stage_date", c->stage_date, "updated_at", c->updated_at);
}

/* The list */

struct items {
	json_t *items;
	const struct program *p;
	bool dues;
};

static int add_item(void *ctx, const struct case_row *r, struct error *err)
{
	(void)err;
	struct items *it = ctx;
	json_t *j = case_json(&r->c, it->p);
	if (it->dues) {
		json_object_set_new(j, "due_stage", json_string(r->due_stage));
		json_object_set_new(j, "due_date", json_string(r->due_date));
		json_object_set_new(j, "done_date", *r->done_date ? json_string(r->done_date) : json_null());
	}
	json_array_append_new(it->items, j);
	return 0;
}

static void reason(json_t **fields, const char *key, const char *text)
{
	if (!*fields)
		*fields = json_object();
	json_object_set_new(*fields, key, json_string(text));
}

int api_cases(struct request *req, struct error *err)
{
	struct case_query q;
	memset(&q, 0, sizeof q);
	case_scope_of(&req->account, &q.scope);
	q.today = date_today();
	q.page = 1;
	q.per_page = 20;
	json_t *fields = NULL;
	const char *code = request_arg(req, "program");
	const struct program *p = NULL;
	int found = 0;
	if (code && *code && strlen(code) <= PROGRAM_KEY_MAX && (found = program_get(req->db, code, 0, &p, err)) < 0)
		return -1;
	if (!found) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "program", "须给出已载入的项目代码"));
		return 0;
	}
	snprintf(q.program, sizeof q.program, "%s", p->code);
	const char *v = request_arg(req, "year");
	if ((q.year = case_form_year(v)) < 0)
		reason(&fields, "year", "应为2000到2100之间的四位年份");
	if ((v = request_arg(req, "township")) && *v) {
		if (strlen(v) == 12 && strspn(v, "0123456789") == 12 && division_level_of(v) == DIVISION_TOWNSHIP)
			snprintf(q.township, sizeof q.township, "%s", v);
		else
			reason(&fields, "township", "应为12位乡镇代码");
	}
	if ((v = request_arg(req, "stage")) && *v) {
		if (program_stage_index(p, v) >= 0)
			snprintf(q.stage, sizeof q.stage, "%s", v);
		else
			reason(&fields, "stage", "不是该项目的阶段");
	}
	const char *reached = request_arg(req, "reached");
	if (reached && *reached && program_stage_index(p, reached) < 0)
		reason(&fields, "reached", "不是该项目的阶段");
	if ((v = request_arg(req, "due_stage")) && *v) {
		int i = program_stage_index(p, v);
		if (i >= 0 && *p->stages[i].anchor)
			snprintf(q.due_stage, sizeof q.due_stage, "%s", v);
		else
			reason(&fields, "due_stage", "不是该项目的随访阶段");
	}
	if ((v = request_arg(req, "due")) && *v) {
		if (strcmp(v, "upcoming") == 0)
			q.due = CASE_DUE_UPCOMING;
		else if (strcmp(v, "overdue") == 0)
			q.due = CASE_DUE_OVERDUE;
		else if (strcmp(v, "done") == 0)
			q.due = CASE_DUE_DONE;
		else
			reason(&fields, "due", "应为 upcoming、overdue 或 done");
	}
	/* A breakdown's line (by=hospital&value=县人民医院): one hospital's or surgeon's list. */
	const char *by = request_arg(req, "by"), *value = request_arg(req, "value");
	if (by && *by) {
		for (size_t k = 0; k < p->nbreakdowns && !q.by_stage[0]; k++)
			if (strcmp(p->breakdowns[k].key, by) == 0) {
				snprintf(q.by_stage, sizeof q.by_stage, "%s", p->stages[p->breakdowns[k].stage].key);
				snprintf(q.by_field, sizeof q.by_field, "%s", p->breakdowns[k].field);
			}
		if (!q.by_stage[0])
			reason(&fields, "by", "不是该项目的分项统计");
		else if (!value || strlen(value) >= sizeof q.by_value)
			reason(&fields, "value", "请给出分项的值（最多255字节）");
		else
			snprintf(q.by_value, sizeof q.by_value, "%s", value);
	}
	int64_t n;
	if ((v = request_arg(req, "page")) && *v) {
		if (number_parse(v, 1, 999999999, &n))
			q.page = (long)n;
		else
			reason(&fields, "page", "应为从1起的页码");
	}
	if ((v = request_arg(req, "per_page")) && *v) {
		if (number_parse(v, 1, 100, &n))
			q.per_page = (int)n;
		else
			reason(&fields, "per_page", "应为1到100之间的整数");
	}
	if (fields) {
		api_error(req, 400, "bad_request", "查询条件有误", fields);
		return 0;
	}
	bool by_reached = reached && *reached;
	struct items it = {json_array(), p, q.due != CASE_DUE_ANY && !by_reached};
	long total = 0;
	int rc = by_reached ? case_report_reached(req->db, &q, reached, add_item, &it, &total, err)
			    : case_search(req->db, &q, add_item, &it, &total, err);
	if (rc < 0) {
		json_decref(it.items);
		return -1;
	}
	return api_program_send(req, 200,
				json_pack("{s:I, s:I, s:i, s:o}", "total", (json_int_t)total, "page", (json_int_t)q.page,
					  "per_page", q.per_page, "items", it.items),
				err);
}

/* One case */

/* The case of the path within the caller's case scope, and its definition: 1, 0 answered 404, -1. */
static int find_case(struct request *req, struct case_file *c, const struct program **p, const char **rest,
		     struct error *err)
{
	int64_t id;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	int found = 0;
	if (request_path_id_rest(req, "/api/v1/cases/", &id, rest) && (found = case_get(req->db, &scope, id, c, err)) < 0)
		return -1;
	if (found > 0 && (found = program_get(req->db, c->program, c->version, p, err)) < 0)
		return -1;
	if (found <= 0)
		api_error(req, 404, "not_found", "该案例不存在", NULL);
	return found > 0;
}

struct detail {
	const struct program *p;
	json_t *events, *dues, *allowed;
};

static int event_one(void *ctx, const struct case_event *e, struct error *err)
{
	(void)err;
	struct detail *d = ctx;
	const struct program_transition *t = case_form_transition(d->p, e->transition);
	json_t *values = *e->fields ? json_loads(e->fields, 0, NULL) : NULL;
	json_array_append_new(d->events,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)e->id,
					"transition", e->transition, "transition_label", t ? t->label : e->transition,
					"from_stage", e->from_stage, "to_stage", e->to_stage, "date", e->date, "at", e->at,
					"user", e->user_name, "role", e->role, "values", values ? values : json_object(),
					"remark", e->remark));
	return 0;
}

static void due_one(void *ctx, const char *stage, const char *due_date, const char *done_date)
{
	struct detail *d = ctx;
	json_array_append_new(d->dues, json_pack("{s:s, s:s, s:s, s:o}", "stage", stage, "label",
						 case_form_stage_label(d->p, stage), "due_date", due_date, "done_date",
						 *done_date ? json_string(done_date) : json_null()));
}

static void allowed_one(void *ctx, const struct program_transition *t)
{
	struct detail *d = ctx;
	json_array_append_new(d->allowed, api_program_transition(d->p, t));
}

static int objection_one(void *ctx, const struct objection *o, struct error *err)
{
	(void)err;
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id, "objector", o->objector,
			      "content", o->content, "raised_on", o->raised_on, "entered_at", o->entered_at, "entered_by",
			      o->entered_by, "resolution", objection_resolution_code(o->resolution));
	if (o->resolution != OBJECTION_OPEN) {
		json_object_set_new(j, "resolved_on", json_string(o->resolved_on));
		json_object_set_new(j, "resolved_at", json_string(o->resolved_at));
		json_object_set_new(j, "resolved_by", json_string(o->resolved_by));
		json_object_set_new(j, "remark", json_string(o->remark));
	}
	json_array_append_new(ctx, j);
	return 0;
}

/* The whole case as the answer (status), read again after a change. */
static int send_case(struct request *req, unsigned status, int64_t id, struct error *err)
{
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct case_file c;
	const struct program *p;
	int found = case_get(req->db, &scope, id, &c, err);
	if (found < 0 || (found && program_get(req->db, c.program, c.version, &p, err) < 0))
		return -1;
	if (!found) { /* moved out of the caller's scope by the change itself (a transfer) */
		return api_program_send(req, status, json_pack("{s:I}", "id", (json_int_t)id), err);
	}
	struct detail d = {p, json_array(), json_array(), json_array()};
	json_t *j = case_json(&c, p), *objections = json_array();
	char archive[CASE_ARCHIVE_NO_SIZE];
	json_object_set_new(j, "events", d.events);
	json_object_set_new(j, "dues", d.dues);
	json_object_set_new(j, "allowed", d.allowed);
	json_object_set_new(j, "objections", objections);
	int an = case_archive_no(req->db, c.id, archive, err);
	json_object_set_new(j, "archive_no", an > 0 ? json_string(archive) : json_null());
	if (an < 0 || case_events(req->db, c.id, event_one, &d, err) < 0 ||
	    case_report_dues(req->db, c.id, due_one, &d, err) < 0 ||
	    objection_list(req->db, c.id, false, objection_one, objections, err) < 0) {
		json_decref(j);
		return -1;
	}
	case_allowed(p, &c, &req->account, allowed_one, &d);
	return api_program_send(req, status, j, err);
}

/* Scanned documents */


static json_t *attachment_json(const struct attachment *a, const struct program *p)
{
	const char *label = attachment_kind_label(p, a->kind);
	char href[80];
	snprintf(href, sizeof href, "/api/v1/cases/%lld/files/%lld", (long long)a->case_id, (long long)a->id);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "case_id",
			 (json_int_t)a->case_id, "kind", a->kind, "kind_label", label ? label : a->kind, "name", a->name,
			 "content_type", a->content_type, "size", (json_int_t)a->size, "sha256", a->sha256, "uploaded_at",
			 a->uploaded_at, "uploaded_by", a->uploaded_by, "href", href);
}

struct files {
	const struct program *p;
	json_t *items;
};

static int file_one(void *ctx, const struct attachment *a, struct error *err)
{
	(void)err;
	struct files *f = ctx;
	json_array_append_new(f->items, attachment_json(a, f->p));
	return 0;
}

/* GET /api/v1/cases/{id}/files */
static int files_list(struct request *req, const struct case_file *c, const struct program *p, struct error *err)
{
	if (!attachment_may(&req->account)) {
		api_error(req, 403, "forbidden", "您的角色不能查看材料扫描件", NULL);
		return 0;
	}
	struct files f = {p, json_array()};
	if (attachment_list(req->db, c->id, file_one, &f, err) < 0) {
		json_decref(f.items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:o}", "items", f.items), err);
}

/* POST /api/v1/cases/{id}/files, multipart: kind, file. */
static int files_post(struct request *req, const struct case_file *c, const struct program *p, struct error *err)
{
	if (!attachment_may(&req->account)) {
		api_error(req, 403, "forbidden", "您的角色不能上传材料扫描件", NULL);
		return 0;
	}
	if (!multipart_is(request_header(req, "Content-Type"))) {
		api_error(req, 400, "bad_request", "请用 multipart/form-data 上传：字段 kind 和 file", NULL);
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct attachment a;
	int rc = case_files_upload(req, c, &a, pr, err);
	if (rc == 1) {
		api_refused(req, pr);
		rc = 0;
	} else if (rc == 0) {
		rc = api_program_send(req, 201, attachment_json(&a, p), err);
	}
	free(pr);
	return rc;
}

int api_case(struct request *req, struct error *err)
{
	struct case_file c;
	const struct program *p;
	const char *rest;
	int found = find_case(req, &c, &p, &rest, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "/files") == 0)
		return files_list(req, &c, p, err);
	if (strcmp(rest, "/form.pdf") == 0) {
		struct registry_scope scope;
		case_scope_of(&req->account, &scope);
		return case_pdf_send(req, &c, p, &scope, true, err);
	}
	int64_t fid = case_files_path_id(rest);
	if (fid)
		return case_files_send(req, &c, fid, true, err);
	if (*rest) {
		api_error(req, 404, "not_found", "该案例不存在", NULL);
		return 0;
	}
	return send_case(req, 200, c.id, err);
}

/* Changes */

/* 400 with the engine's reasons. */
static bool may_transfer(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

int api_case_create(struct request *req, struct error *err)
{
	struct api_body *b = xmalloc(sizeof *b); /* 33 KiB of typed values: not on a worker's stack */
	if (api_body_read(req, b, CASE_VALUES_MAX, "应为对象：字段代码到填写的值") < 0) {
		api_body_release(b);
		free(b);
		return 0;
	}
	int rc = 0;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const struct program *p = NULL;
	const char *code = api_body_str(b, "program");
	int found = 0;
	if (*code && strlen(code) <= PROGRAM_KEY_MAX && (found = program_get(req->db, code, 0, &p, err)) < 0) {
		rc = -1;
		goto out;
	}
	if (!found)
		reason(&b->fields, "program", "须给出已载入的项目代码");
	json_t *jy = json_object_get(b->root, "year");
	int year = date_today().year;
	if (jy && !(json_is_integer(jy) && json_integer_value(jy) >= 2000 && json_integer_value(jy) <= 2100))
		reason(&b->fields, "year", "应为2000到2100之间的整数");
	else if (jy)
		year = (int)json_integer_value(jy);
	json_t *jp = json_object_get(b->root, "person_id");
	if (!json_is_integer(jp) || json_integer_value(jp) < 1)
		reason(&b->fields, "person_id", "应为人员的编号（整数）");
	const struct program_transition *t = NULL;
	if (p) {
		const char *tk = api_body_str(b, "transition");
		for (size_t i = 0; !*tk && i < p->ntransitions; i++) /* the enrolment, when there is one */
			if (case_form_is_enrolment(&p->transitions[i]) && case_form_role_may(&p->transitions[i], req->account.role))
				t = &p->transitions[i];
		if (*tk)
			t = case_form_transition(p, tk);
		if (!t || !case_form_is_enrolment(t))
			reason(&b->fields, "transition", "不是该项目的登记事项");
	}
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		goto out;
	}
	if (!case_form_role_may(t, req->account.role)) {
		api_error(req, 403, "forbidden", "您的角色不能办理这项登记", NULL);
		goto out;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct person person;
	int64_t pid = (int64_t)json_integer_value(jp);
	if ((found = registry_get(req->db, &scope, pid, &person, err)) < 0) {
		rc = -1;
		goto out;
	}
	if (!found) {
		api_error(req, 404, "not_found", "该人员不存在", NULL);
		goto out;
	}
	char today[11];
	date_format(date_today(), today);
	const char *date = *api_body_str(b, "date") ? api_body_str(b, "date") : today;
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = case_enrol(w, p, year, pid, t->key, date, b->values, b->n, api_body_str(b, "remark"), &req->account, &scope, &id,
			   pr, err);
	server_writer_unlock(req->server);
	if (r < 0) {
		rc = -1;
	} else if (r == 1) {
		api_refused(req, pr);
	} else {
		char target[40];
		snprintf(target, sizeof target, "case:%lld", (long long)id);
		char *detail = case_form_detail(t->key, date, b->values, b->n, api_body_str(b, "remark"));
		rc = auth_audit(req, "民生工程", t->label, target, detail, "成功", err);
		free(detail);
		if (rc == 0)
			rc = send_case(req, 201, id, err);
	}
out:
	free(pr);
	api_body_release(b);
	free(b);
	return rc;
}

static int transition(struct request *req, const struct case_file *c, const struct program *p, struct api_body *b,
		      struct error *err)
{
	const struct program_transition *t = case_form_transition(p, api_body_str(b, "transition"));
	if (!t || case_form_is_enrolment(t))
		reason(&b->fields, "transition", "不是该项目的办理事项");
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	if (!case_form_role_may(t, req->account.role)) {
		api_error(req, 403, "forbidden", "您的角色不能办理这一事项", NULL);
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	char today[11];
	date_format(date_today(), today);
	const char *date = *api_body_str(b, "date") ? api_body_str(b, "date") : today;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int r = case_transition(w, c->id, t->key, date, b->values, b->n, api_body_str(b, "remark"), &req->account, &scope, pr, err);
	server_writer_unlock(req->server);
	int rc = 0;
	if (r < 0) {
		rc = -1;
	} else if (r == 1) {
		api_refused(req, pr);
	} else {
		char target[40];
		snprintf(target, sizeof target, "case:%lld", (long long)c->id);
		char *detail = case_form_detail(t->key, date, b->values, b->n, api_body_str(b, "remark"));
		rc = auth_audit(req, "民生工程", t->label, target, detail, "成功", err);
		free(detail);
		if (rc == 0)
			rc = send_case(req, 200, c->id, err);
	}
	free(pr);
	return rc;
}

static int transfer(struct request *req, const struct case_file *c, struct api_body *b, struct error *err)
{
	if (!may_transfer(&req->account)) {
		api_error(req, 403, "forbidden", "您的角色不能转移案例", NULL);
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const char *village = api_body_str(b, "village"), *remark = api_body_str(b, "remark");
	struct db *w = server_writer_lock(req->server);
	int r = case_transfer(w, c->id, village, remark, &req->account, &scope, pr, err);
	server_writer_unlock(req->server);
	int rc = 0;
	if (r < 0) {
		rc = -1;
	} else if (r == 1) {
		api_refused(req, pr);
	} else {
		char target[40];
		snprintf(target, sizeof target, "case:%lld", (long long)c->id);
		json_t *d = json_pack("{s:s, s:s, s:s}", "from", c->village, "to", village, "remark", remark);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = auth_audit(req, "民生工程", "转移", target, detail ? detail : "", "成功", err);
		free(detail);
		if (rc == 0)
			rc = send_case(req, 200, c->id, err);
	}
	free(pr);
	return rc;
}

/* POST /api/v1/cases/{id}/objections: {"objector", "content", "date"}. */
static int objection_new(struct request *req, const struct case_file *c, struct api_body *b, struct error *err)
{
	if (!objection_may_record(&req->account)) {
		api_error(req, 403, "forbidden", "您的角色不能登记异议", NULL);
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	char today[11];
	date_format(date_today(), today);
	const char *date = *api_body_str(b, "date") ? api_body_str(b, "date") : today;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = objection_record(w, c->id, api_body_str(b, "objector"), api_body_str(b, "content"), date, &req->account, &scope, &id, pr, err);
	server_writer_unlock(req->server);
	int rc = 0;
	if (r < 0) {
		rc = -1;
	} else if (r == 2) {
		api_error(req, 404, "not_found", "该案例不存在", NULL);
	} else if (r == 1) {
		api_refused(req, pr);
	} else {
		char target[40];
		snprintf(target, sizeof target, "case:%lld", (long long)c->id);
		json_t *d = json_pack("{s:I, s:s, s:s}", "objection", (json_int_t)id, "objector", api_body_str(b, "objector"), "date", date);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = auth_audit(req, "民生工程", "登记异议", target, detail ? detail : "", "成功", err);
		free(detail);
		if (rc == 0)
			rc = send_case(req, 201, c->id, err);
	}
	free(pr);
	return rc;
}

/* POST /api/v1/cases/{id}/objections/{oid}/resolve: {"resolution": "upheld"|"dismissed", "remark", "date"}. */
static int objection_done(struct request *req, const struct case_file *c, int64_t oid, struct api_body *b,
			  struct error *err)
{
	if (!objection_may_resolve(&req->account)) {
		api_error(req, 403, "forbidden", "您的角色不能处理异议", NULL);
		return 0;
	}
	int res = objection_resolution_parse(api_body_str(b, "resolution"));
	if (res < 0) {
		api_error(req, 400, "invalid", "请求内容有误", json_pack("{s:s}", "resolution", "应为 upheld（异议成立）或 dismissed（异议不成立）"));
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	char today[11];
	date_format(date_today(), today);
	const char *date = *api_body_str(b, "date") ? api_body_str(b, "date") : today;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int r = objection_resolve(w, c->id, oid, (enum objection_resolution)res, date, api_body_str(b, "remark"), &req->account,
				  &scope, pr, err);
	server_writer_unlock(req->server);
	int rc = 0;
	if (r < 0) {
		rc = -1;
	} else if (r == 2) {
		api_error(req, 404, "not_found", *pr->message ? pr->message : "该异议不存在", NULL);
	} else if (r == 1) {
		api_refused(req, pr);
	} else {
		char target[40];
		snprintf(target, sizeof target, "case:%lld", (long long)c->id);
		json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "objection", (json_int_t)oid, "resolution",
				      objection_resolution_code((enum objection_resolution)res), "date", date, "remark",
				      api_body_str(b, "remark"));
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = auth_audit(req, "民生工程", objection_resolution_label((enum objection_resolution)res), target,
				detail ? detail : "", "成功", err);
		free(detail);
		if (rc == 0)
			rc = send_case(req, 200, c->id, err);
	}
	free(pr);
	return rc;
}

/* The objection id of a rest "/objections/{oid}/resolve", or 0. */
static int64_t resolve_path(const char *rest)
{
	static const char prefix[] = "/objections/", suffix[] = "/resolve";
	if (strncmp(rest, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *s = rest + sizeof prefix - 1;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 18 || s[0] == '0' || strcmp(s + digits, suffix) != 0)
		return 0;
	return strtoll(s, NULL, 10);
}

int api_case_post(struct request *req, struct error *err)
{
	struct case_file c;
	const struct program *p;
	const char *rest;
	int found = find_case(req, &c, &p, &rest, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "/files") == 0)
		return files_post(req, &c, p, err);
	int64_t oid = resolve_path(rest);
	bool objection = strcmp(rest, "/objections") == 0;
	if (strcmp(rest, "/transitions") != 0 && strcmp(rest, "/transfer") != 0 && !objection && !oid) {
		api_error(req, 404, "not_found", "没有这个接口", NULL);
		return 0;
	}
	struct api_body *b = xmalloc(sizeof *b);
	int rc = 0;
	if (api_body_read(req, b, CASE_VALUES_MAX, "应为对象：字段代码到填写的值") == 0)
		rc = objection ? objection_new(req, &c, b, err)
		     : oid	   ? objection_done(req, &c, oid, b, err)
		     : strcmp(rest, "/transfer") == 0 ? transfer(req, &c, b, err)
						      : transition(req, &c, p, b, err);
	api_body_release(b);
	free(b);
	return rc;
}
