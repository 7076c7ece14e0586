#include "web/api-targets.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "domain/registry.h"
#include "domain/supervision.h"
#include "domain/target.h"
#include "web/api-body.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/target-evidence.h"
#include "web/target-view.h"

#define MODULE "目标管理"

static bool forbidden(struct request *req, bool allowed, const char *message)
{
	if (!allowed)
		api_error(req, 403, "forbidden", message, NULL);
	return !allowed;
}

static bool may_view(const struct user *u)
{
	return u->role != ROLE_HOSPITAL;
}

static void not_found(struct request *req, const char *what)
{
	api_error(req, 404, "not_found", what, NULL);
}

/* Township names for the parts. */
struct names {
	char code[TARGET_PARTS_MAX][13], name[TARGET_PARTS_MAX][121];
	size_t n;
};

static void name_one(void *ctx, const char *code, const char *name)
{
	struct names *t = ctx;
	if (t->n < TARGET_PARTS_MAX) {
		snprintf(t->code[t->n], sizeof t->code[0], "%s", code);
		snprintf(t->name[t->n++], sizeof t->name[0], "%s", name);
	}
}

static const char *part_name(const struct names *t, const char *part)
{
	if (strcmp(part, "1") == 0)
		return "城镇";
	if (strcmp(part, "2") == 0)
		return "农村";
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->code[i], part) == 0)
			return t->name[i];
	return part;
}

/* "超额完成140名" / "" : what the report says of an over-achievement. */
static void over_text(const struct target *t, long long over, char *out, size_t size)
{
	if (over <= 0) {
		*out = '\0';
		return;
	}
	if (target_is_money(t)) {
		char m[MONEY_TEXT_MAX];
		money_format_wan(over, m, sizeof m);
		snprintf(out, size, "超额完成%s", m); /* "2万元" */
	} else {
		snprintf(out, size, "超额完成%lld%s", over, t->unit);
	}
}

static json_t *target_json(struct db *db, const struct target *t)
{
	char source[300];
	target_source_label(db, t->source, source, sizeof source);
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)t->id, "year", t->year, "line", t->line, "line_label", target_line_label(t->line),
			 "name", t->name, "unit", t->unit, "value", (json_int_t)t->value, "money", target_is_money(t),
			 "split", t->split, "start", t->start, "deadline", t->deadline, "owner", t->owner, "source",
			 t->source, "source_label", source, "note", t->note, "updated_at", t->updated_at, "updated_by",
			 t->updated_by);
}

static json_t *status_json(enum target_status s)
{
	return s < TARGET_STATUS__MAX ? json_string(target_status_code(s)) : json_null();
}

static json_t *progress_json(const struct target *t, const struct target_progress *p, const struct names *names)
{
	char over[120];
	over_text(t, p->value > 0 ? p->achieved - p->value : 0, over, sizeof over);
	json_t *j = json_pack("{s:I, s:I, s:I, s:i, s:o, s:s, s:s}", "achieved", (json_int_t)p->achieved, "value",
			      (json_int_t)p->value, "permille", (json_int_t)p->permille, "elapsed_permille",
			      p->elapsed_permille, "status", status_json(p->status), "status_label",
			      p->status < TARGET_STATUS__MAX ? target_status_label(p->status) : "", "over", over);
	json_t *parts = json_array();
	for (size_t i = 0; i < p->nparts; i++)
		json_array_append_new(
			parts, json_pack("{s:s, s:s, s:I, s:I, s:o, s:s}", "part", p->parts[i].part, "name",
					 part_name(names, p->parts[i].part), "share", (json_int_t)p->parts[i].share,
					 "achieved", (json_int_t)p->parts[i].achieved, "status",
					 status_json(p->parts[i].status), "status_label",
					 p->parts[i].status < TARGET_STATUS__MAX ? target_status_label(p->parts[i].status)
										  : ""));
	json_object_set_new(j, "parts", parts);
	return j;
}

/* The scope of the request, narrowed to one township of it when township is given (a county user's filter). */
static void scope_for(struct request *req, const char *township, struct registry_scope *scope)
{
	registry_scope_of(&req->account, scope);
	if (township && strlen(township) == 12 && strspn(township, "0123456789") == 12 &&
	    strcmp(township + 9, "000") == 0 && strcmp(township, scope->lo) >= 0 && strcmp(township, scope->hi) <= 0) {
		snprintf(scope->lo, sizeof scope->lo, "%.9s000", township);
		snprintf(scope->hi, sizeof scope->hi, "%.9s999", township);
	}
}

struct board {
	struct request *req;
	const struct registry_scope *scope;
	struct names *names;
	json_t *items;
};

static int board_one(void *ctx, const struct target *t, struct error *err)
{
	struct board *b = ctx;
	struct target_progress *p = xcalloc(1, sizeof *p);
	if (target_progress_of(b->req->db, t, b->scope, date_today(), p, err) < 0) {
		free(p);
		return -1;
	}
	json_t *j = target_json(b->req->db, t);
	json_object_set_new(j, "progress", progress_json(t, p, b->names));
	json_array_append_new(b->items, j);
	free(p);
	return 0;
}

static int year_arg(struct request *req, const char *text, int *year)
{
	*year = text && *text ? case_form_year(text) : date_today().year;
	if (*year < 0) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "year", "应为2000到2100之间的四位年份"));
		return -1;
	}
	return 0;
}

/* GET /api/v1/targets?year=&line=&township= */
int api_targets(struct request *req, struct error *err)
{
	if (forbidden(req, may_view(&req->account), "您的角色不能查看目标管理"))
		return 0;
	int year;
	if (year_arg(req, request_arg(req, "year"), &year) < 0)
		return 0;
	const char *line = request_arg(req, "line");
	struct registry_scope scope;
	scope_for(req, request_arg(req, "township"), &scope);
	struct names *names = xcalloc(1, sizeof *names);
	struct registry_scope county;
	registry_scope_of(&req->account, &county);
	struct board b = {req, &scope, names, json_array()};
	if (registry_divisions(req->db, &county, "", 2, name_one, names, err) < 0 ||
	    target_list(req->db, year, line ? line : "", board_one, &b, err) < 0) {
		json_decref(b.items);
		free(names);
		return -1;
	}
	free(names);
	char today[11];
	date_format(date_today(), today);
	return api_program_send(req, 200, json_pack("{s:i, s:s, s:o}", "year", year, "today", today, "items", b.items),
				err);
}

/* Reads a target's fields from a JSON body into t (value: an integer in the unit, fen for 元). */
static void target_from(json_t *root, struct target *t)
{
	const char *s;
	json_t *v;
#define TEXT(key, field)                                                                                      \
	if ((s = json_string_value(json_object_get(root, key))))                                              \
		snprintf(t->field, sizeof t->field, "%s", s);
	if ((v = json_object_get(root, "year")) && json_is_integer(v))
		t->year = (int)json_integer_value(v);
	TEXT("line", line)
	TEXT("name", name)
	TEXT("unit", unit)
	TEXT("split", split)
	TEXT("start", start)
	TEXT("deadline", deadline)
	TEXT("owner", owner)
	TEXT("source", source)
	TEXT("note", note)
#undef TEXT
	if ((v = json_object_get(root, "value")) && json_is_integer(v))
		t->value = json_integer_value(v);
	else if (v)
		t->value = -1; /* refused by the checks: a number is wanted */
}

static int audit(struct request *req, const char *action, int64_t id, json_t *detail, struct error *err)
{
	char target[40];
	snprintf(target, sizeof target, "target:%lld", (long long)id);
	char *d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, d ? d : "", "成功", err);
	free(d);
	return rc;
}

static int saved(struct request *req, struct target *t, unsigned status, const char *action, struct error *err)
{
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = target_save(w, t, &req->account, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1)
		api_refused(req, pr);
	else if (rc == 2)
		not_found(req, "该目标不存在");
	free(pr);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (audit(req, action, t->id, target_json(req->db, t), err) < 0)
		return -1;
	return api_program_send(req, status, target_json(req->db, t), err);
}

/* POST /api/v1/targets: a new target; POST /api/v1/targets/copy {from, to}. */
int api_targets_post(struct request *req, struct error *err)
{
	if (forbidden(req, target_may_edit(&req->account), "只有县残联可以设定目标"))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	struct target *t = xcalloc(1, sizeof *t);
	target_from(root, t);
	json_decref(root);
	int rc = saved(req, t, 201, "设定目标", err);
	free(t);
	return rc;
}

static int copy_post(struct request *req, struct error *err)
{
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	json_int_t from = json_integer_value(json_object_get(root, "from"));
	json_int_t to = json_integer_value(json_object_get(root, "to"));
	json_decref(root);
	if (from < 2000 || from > 2100 || to < 2000 || to > 2100 || from == to) {
		api_error(req, 400, "invalid", "请给出两个不同的年度（2000至2100）", NULL);
		return 0;
	}
	long copied;
	struct db *w = server_writer_lock(req->server);
	int rc = target_copy_year(w, (int)from, (int)to, &req->account, &copied, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	char detail[80];
	snprintf(detail, sizeof detail, "{\"from\":%d,\"to\":%d,\"copied\":%ld}", (int)from, (int)to, copied);
	if (auth_audit(req, MODULE, "复制目标到下一年度", "target:*", detail, "成功", err) < 0)
		return -1;
	return api_program_send(req, 200, json_pack("{s:I}", "copied", (json_int_t)copied), err);
}

struct detail {
	struct db *db;
	json_t *entries;
};

struct entry_list {
	json_t *items;
	int64_t target_id;
};

/* The evidence's document of entry e of target id: {name, content_type, size, sha256, href}, or null. */
static json_t *entry_file_json(int64_t id, const struct target_entry *e)
{
	if (!e->file_sha256[0])
		return json_null();
	char href[TARGET_EVIDENCE_HREF_MAX];
	target_evidence_href(id, e->id, true, href);
	return json_pack("{s:s, s:s, s:I, s:s, s:s}", "name", e->file_name, "content_type", e->file_type, "size",
			 (json_int_t)e->file_size, "sha256", e->file_sha256, "href", href);
}

static json_t *entry_json(int64_t id, const struct target_entry *e)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)e->id, "part", e->part, "date",
			 e->date, "value", (json_int_t)e->value, "note", e->note, "at", e->at, "user", e->user_name,
			 "file", entry_file_json(id, e));
}

static int entry_one(void *ctx, const struct target_entry *e, struct error *err)
{
	(void)err;
	struct entry_list *l = ctx;
	json_array_append_new(l->items, entry_json(l->target_id, e));
	return 0;
}

static json_t *supervision_json(const struct supervision *s)
{
	return json_pack("{s:I, s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
			 "id", (json_int_t)s->id, "target_id", (json_int_t)s->target_id, "target_name", s->target_name,
			 "year", s->year, "township", s->township, "township_name", s->township_name, "finding",
			 s->finding, "requirement", s->requirement, "deadline", s->deadline, "status",
			 supervision_status_code(s->status), "status_label", supervision_status_label(s->status),
			 "opened_on", s->opened_on, "opened_by", s->opened_by, "answer", s->answer, "answered_by",
			 s->answered_by, "closing", s->closing, "closed_on", s->closed_on, "days_open",
			 (json_int_t)supervision_days_open(s, date_today()));
}

static int supervision_one(void *ctx, const struct supervision *s, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, supervision_json(s));
	return 0;
}

/* The target as GET answers it; added (not NULL): the entry just recorded, as "entry". */
static int target_detail_with(struct request *req, int64_t id, const struct target_entry *added, struct error *err)
{
	struct target *t = xcalloc(1, sizeof *t);
	struct target_progress *p = xcalloc(1, sizeof *p);
	struct names *names = xcalloc(1, sizeof *names);
	json_t *entries = json_array(), *items = json_array();
	int rc = -1;
	int got = target_get(req->db, id, t, err);
	if (got <= 0) {
		if (got == 0) {
			not_found(req, "该目标不存在");
			rc = 0;
		}
		goto out;
	}
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	if (registry_divisions(req->db, &scope, "", 2, name_one, names, err) < 0 ||
	    target_progress_of(req->db, t, &scope, date_today(), p, err) < 0 ||
	    target_entries(req->db, id, &scope, entry_one, &(struct entry_list){entries, id}, err) < 0 ||
	    supervision_list(req->db, &scope, id, 0, false, supervision_one, items, err) < 0)
		goto out;
	json_t *j = target_json(req->db, t);
	json_object_set_new(j, "progress", progress_json(t, p, names));
	json_object_set_new(j, "entries", entries);
	json_object_set_new(j, "supervision", items);
	if (added)
		json_object_set_new(j, "entry", entry_json(id, added));
	entries = items = NULL;
	rc = api_program_send(req, 200, j, err);
out:
	json_decref(entries);
	json_decref(items);
	free(names);
	free(p);
	free(t);
	return rc;
}

static int target_detail(struct request *req, int64_t id, struct error *err)
{
	return target_detail_with(req, id, NULL, err);
}

/* GET /api/v1/targets/{id}, /api/v1/targets/{id}/entries/{eid}/file */
int api_target(struct request *req, struct error *err)
{
	if (forbidden(req, may_view(&req->account), "您的角色不能查看目标管理"))
		return 0;
	int64_t id, eid = 0;
	const char *rest;
	if (!request_path_id_rest(req, "/api/v1/targets/", &id, &rest) ||
	    (*rest && !(eid = target_evidence_path_id(rest)))) {
		not_found(req, "接口不存在");
		return 0;
	}
	if (eid) {
		struct registry_scope scope;
		registry_scope_of(&req->account, &scope);
		return target_evidence_send(req, id, eid, &scope, true, err);
	}
	return target_detail(req, id, err);
}

/* PUT /api/v1/targets/{id}: the fields given change, the others stay. */
int api_target_put(struct request *req, struct error *err)
{
	if (forbidden(req, target_may_edit(&req->account), "只有县残联可以修改目标"))
		return 0;
	int64_t id;
	if (!request_path_id(req, "/api/v1/targets/", &id)) {
		not_found(req, "接口不存在");
		return 0;
	}
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	struct target *t = xcalloc(1, sizeof *t);
	int got = target_get(req->db, id, t, err), rc = -1;
	if (got == 0) {
		not_found(req, "该目标不存在");
		rc = 0;
	} else if (got > 0) {
		target_from(root, t);
		rc = saved(req, t, 200, "修改目标", err);
	}
	json_decref(root);
	free(t);
	return rc;
}

static int parts_post(struct request *req, int64_t id, json_t *root, struct error *err)
{
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct target_part *parts = xcalloc(TARGET_PARTS_MAX, sizeof *parts);
	size_t n = 0;
	int rc = -1;
	bool proportional = json_is_true(json_object_get(root, "proportional"));
	json_t *list = json_object_get(root, "parts"), *v;
	size_t i;
	if (!proportional && !json_is_array(list)) {
		api_error(req, 400, "invalid", "请给出 parts（各乡镇或城乡的分解值），或 proportional: true 按人数分配",
			  NULL);
		rc = 0;
		goto out;
	}
	if (!proportional)
		json_array_foreach(list, i, v)
		{
			const char *part = json_string_value(json_object_get(v, "part"));
			json_t *value = json_object_get(v, "value");
			if (n == TARGET_PARTS_MAX || !part || !json_is_integer(value)) {
				api_error(req, 400, "invalid", "分解项应为 {part, value}，最多64项", NULL);
				rc = 0;
				goto out;
			}
			snprintf(parts[n].part, sizeof parts[n].part, "%s", part);
			parts[n++].value = json_integer_value(value);
		}
	struct db *w = server_writer_lock(req->server);
	rc = proportional ? target_split_by_persons(w, id, &req->account, pr, err)
			  : target_set_parts(w, id, parts, n, &req->account, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1)
		api_refused(req, pr);
	else if (rc == 2)
		not_found(req, "该目标不存在");
	if (rc != 0) {
		rc = rc < 0 ? -1 : 0;
		goto out;
	}
	rc = audit(req, proportional ? "按人数分解目标" : "分解目标", id, json_incref(root), err) < 0
		     ? -1
		     : target_detail(req, id, err);
out:
	free(parts);
	free(pr);
	return rc;
}

/*
 * Progress entered by hand: from the JSON root, or (root NULL) from a
 * multipart form with the fields part, date, value (a whole number in the
 * unit, fen for 元, as in JSON) and note, and the evidence's document in
 * file.
 */
static int entry_post(struct request *req, int64_t id, json_t *root, struct error *err)
{
	const char *part, *date, *note;
	long long value = 0;
	char why[200] = "";
	if (root) {
		part = json_string_value(json_object_get(root, "part"));
		date = json_string_value(json_object_get(root, "date"));
		note = json_string_value(json_object_get(root, "note"));
		json_t *v = json_object_get(root, "value");
		value = json_is_integer(v) ? json_integer_value(v) : 0;
	} else {
		part = request_field(req, "part");
		date = request_field(req, "date");
		note = request_field(req, "note");
		const char *typed = case_form_typed(req, "", "value");
		if (*typed && !target_view_parse(false, typed, -TARGET_VALUE_MAX, &value, why, sizeof why))
			value = 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct target_entry *e = xcalloc(1, sizeof *e);
	int rc;
	if (root) {
		/* JSON carries no document. */
		struct db *w = server_writer_lock(req->server);
		rc = target_add_entry_file(w, NULL, id, part ? part : "", date ? date : "", value, note ? note : "", NULL,
					   &req->account, e, pr, err);
		server_writer_unlock(req->server);
	} else {
		rc = target_evidence_add(req, id, part ? part : "", date ? date : "", value, note ? note : "", e, pr,
					 err);
	}
	if (rc == 1) {
		if (*why)
			target_view_reason_set(pr, "value", why);
		api_refused(req, pr);
	} else if (rc == 2) {
		not_found(req, "该目标不存在");
	}
	free(pr);
	if (rc == 0)
		rc = audit(req, "填报目标进度", id, target_evidence_detail(e), err) < 0 ? -1
										   : target_detail_with(req, id, e, err);
	else
		rc = rc < 0 ? -1 : 0;
	free(e);
	return rc;
}

/* POST /api/v1/targets/{id}/parts, /api/v1/targets/{id}/entries, /api/v1/targets/copy */
int api_target_post(struct request *req, struct error *err)
{
	if (strcmp(req->path, "/api/v1/targets/copy") == 0) {
		if (forbidden(req, target_may_edit(&req->account), "只有县残联可以复制目标"))
			return 0;
		return copy_post(req, err);
	}
	if (forbidden(req, may_view(&req->account) && req->account.role != ROLE_LEADER, "您的角色不能修改目标"))
		return 0;
	int64_t id;
	const char *rest;
	bool parts = false;
	if (!request_path_id_rest(req, "/api/v1/targets/", &id, &rest) ||
	    (!(parts = strcmp(rest, "/parts") == 0) && strcmp(rest, "/entries") != 0)) {
		not_found(req, "接口不存在");
		return 0;
	}
	/* Progress with its evidence's document comes as a multipart form. */
	if (!parts && multipart_is(request_header(req, "Content-Type")))
		return entry_post(req, id, NULL, err);
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	int rc = parts ? parts_post(req, id, root, err) : entry_post(req, id, root, err);
	json_decref(root);
	return rc;
}

/* Supervision */

/* GET /api/v1/supervision?year=&open=1 */
int api_supervision(struct request *req, struct error *err)
{
	if (forbidden(req, may_view(&req->account), "您的角色不能查看督查事项"))
		return 0;
	const char *yt = request_arg(req, "year");
	int year = 0;
	if (yt && *yt && year_arg(req, yt, &year) < 0)
		return 0;
	const char *open = request_arg(req, "open");
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	json_t *items = json_array();
	if (supervision_list(req->db, &scope, 0, year, open && strcmp(open, "1") == 0, supervision_one, items, err) <
	    0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:o}", "items", items), err);
}

static int supervision_send(struct request *req, int64_t id, unsigned status, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct supervision *s = xcalloc(1, sizeof *s);
	int got = supervision_get(req->db, &scope, id, s, err);
	int rc = got < 0 ? -1 : api_program_send(req, status, got ? supervision_json(s) : json_object(), err);
	free(s);
	return rc;
}

static int supervision_audit(struct request *req, const char *action, int64_t id, json_t *detail,
			     struct error *err)
{
	char target[40];
	snprintf(target, sizeof target, "supervision:%lld", (long long)id);
	char *d = json_dumps(detail, JSON_COMPACT);
	int rc = auth_audit(req, MODULE, action, target, d ? d : "", "成功", err);
	free(d);
	return rc;
}

/* POST /api/v1/supervision {target_id, township, finding, requirement, deadline} */
int api_supervision_post(struct request *req, struct error *err)
{
	if (forbidden(req, target_may_edit(&req->account), "只有县残联可以发起督查"))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	const char *township = json_string_value(json_object_get(root, "township"));
	const char *finding = json_string_value(json_object_get(root, "finding"));
	const char *requirement = json_string_value(json_object_get(root, "requirement"));
	const char *deadline = json_string_value(json_object_get(root, "deadline"));
	int64_t target_id = json_integer_value(json_object_get(root, "target_id")), id = 0;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = supervision_open(w, target_id, township ? township : "", finding ? finding : "",
				  requirement ? requirement : "", deadline ? deadline : "", &req->account, &id, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1)
		api_refused(req, pr);
	else if (rc == 2)
		not_found(req, "该目标不存在");
	free(pr);
	if (rc == 0)
		rc = supervision_audit(req, "发起督查", id, root, err) < 0 ? -1 : supervision_send(req, id, 201, err);
	else
		rc = rc < 0 ? -1 : 0;
	json_decref(root);
	return rc;
}

/* POST /api/v1/supervision/{id}/answer {answer}, /close {note}, /back {note} */
int api_supervision_item_post(struct request *req, struct error *err)
{
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/api/v1/supervision/", &id, &rest) ||
	    (strcmp(rest, "/answer") != 0 && strcmp(rest, "/close") != 0 && strcmp(rest, "/back") != 0)) {
		not_found(req, "接口不存在");
		return 0;
	}
	bool answer = strcmp(rest, "/answer") == 0, close = strcmp(rest, "/close") == 0;
	if (forbidden(req, answer ? req->account.role == ROLE_TOWNSHIP : target_may_edit(&req->account),
		      answer ? "整改情况由乡镇填报" : "只有县残联可以销号或退回督查事项"))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	const char *text = json_string_value(json_object_get(root, answer ? "answer" : "note"));
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = answer ? supervision_answer(w, id, text ? text : "", &req->account, pr, err)
			: supervision_decide(w, id, close, text ? text : "", &req->account, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1) {
		/* The role was checked above: a refusal is about what was typed (400) or the item's state (409). */
		if (pr->n)
			api_refused(req, pr);
		else
			api_error(req, 409, "conflict", pr->message, NULL);
	} else if (rc == 2) {
		not_found(req, "该督查事项不存在，或不在您的管辖范围内");
	}
	free(pr);
	if (rc == 0)
		rc = supervision_audit(req, answer ? "填报整改情况" : close ? "督查销号" : "督查退回重新整改", id,
				       root, err) < 0
			     ? -1
			     : supervision_send(req, id, 200, err);
	else
		rc = rc < 0 ? -1 : 0;
	json_decref(root);
	return rc;
}
