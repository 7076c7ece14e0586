#include "web/api-enterprises.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/levy.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/levy-action.h"

#define TEXT_MAX 4096 /* bytes of a value taken from a body (the domain checks the real limits) */

static bool forbidden(struct request *req, bool allowed, enum msg_id m)
{
	if (!allowed)
		api_error(req, 403, "forbidden", msg(m), NULL);
	return !allowed;
}

static json_t *yuan(int64_t fen)
{
	char t[MONEY_TEXT_MAX];
	money_format_plain(fen, t, sizeof t);
	return json_string(t);
}

/* Sets KEY_fen and KEY (yuan text) on j; null both when !has. */
static void money_set(json_t *j, const char *key, bool has, int64_t fen)
{
	char k[64];
	snprintf(k, sizeof k, "%s_fen", key);
	json_object_set_new(j, k, has ? json_integer(fen) : json_null());
	json_object_set_new(j, key, has ? yuan(fen) : json_null());
}

static json_t *enterprise_json(const struct enterprise *e)
{
	char phone[64];
	mask_phone(e->phone, phone, sizeof phone);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)e->id, "credit_code", e->credit_code, "name", e->name, "address", e->address,
			 "division", e->division, "division_name", e->division_name, "township", e->township,
			 "township_name", e->township_name, "contact", e->contact, "phone", phone, "rev",
			 (json_int_t)e->rev, "created_at", e->created_at, "created_by", e->created_by, "updated_at",
			 e->updated_at, "updated_by", e->updated_by);
}

static json_t *account_json(const struct levy_account *a)
{
	json_t *j = json_pack("{s:i, s:o, s:o, s:b, s:I}", "year", a->year, "employees",
			      a->has_staff ? json_integer(a->employees) : json_null(), "disabled_employees",
			      a->has_staff ? json_integer(a->disabled) : json_null(), "wage_set", a->has_wage, "receipts",
			      (json_int_t)a->receipts);
	money_set(j, "formula", a->has_formula, a->formula);
	if (a->kind) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", levy_kind_code(a->kind), "label",
				      levy_kind_label(a->kind), "reason", a->override_reason, "set_at", a->override_at,
				      "set_by", a->override_by);
		money_set(o, "amount", true, a->override_amount);
		json_object_set_new(j, "override", o);
	} else {
		json_object_set_new(j, "override", json_null());
	}
	money_set(j, "due", a->has_due, a->due);
	money_set(j, "collected", true, a->collected);
	money_set(j, "outstanding", true, a->outstanding);
	money_set(j, "overpaid", true, a->overpaid);
	return j;
}

static json_t *totals_json(const struct levy_totals *t)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I}", "enterprises", (json_int_t)t->enterprises, "declared",
			      (json_int_t)t->declared, "with_due", (json_int_t)t->with_due, "paying",
			      (json_int_t)t->paying, "owing", (json_int_t)t->owing);
	money_set(j, "due", true, t->due);
	money_set(j, "collected", true, t->collected);
	money_set(j, "outstanding", true, t->outstanding);
	money_set(j, "overpaid", true, t->overpaid);
	char w[MONEY_TEXT_MAX];
	money_format_wan(t->collected, w, sizeof w);
	json_object_set_new(j, "collected_wan", json_string(w));
	return j;
}

static json_t *year_json(const struct levy_year *y)
{
	char ratio[16];
	levy_ratio_format(y->ratio_bp, ratio, sizeof ratio);
	json_t *j = json_pack("{s:i, s:b, s:i, s:s}", "year", y->year, "set", y->set, "ratio_bp", y->ratio_bp, "ratio", ratio);
	money_set(j, "avg_wage", y->set, y->avg_wage);
	json_object_set_new(j, "set_at", y->set ? json_string(y->set_at) : json_null());
	json_object_set_new(j, "set_by", y->set ? json_string(y->set_by) : json_null());
	return j;
}

/* 400 with every problem by field, the message naming the first. */
static void refused(struct request *req, const struct enterprise_problems *pr)
{
	char text[600];
	enterprise_problems_text(pr, text, sizeof text);
	json_t *fields = json_object();
	for (int i = 0; i < pr->n; i++)
		json_object_set_new(fields, pr->items[i].field, json_string(pr->items[i].reason));
	api_error(req, 400, "invalid", text, fields);
}

static void not_found(struct request *req)
{
	api_error(req, 404, "not_found", msg(MSG_ENT_NOT_FOUND), NULL);
}

/* Bodies */

/* A JSON body's object, or NULL after answering 400. */
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

/* The values of a body as texts, owned here. */
struct texts {
	char *v[16];
	size_t n;
	char bad[32]; /* a key whose value has the wrong type */
	const char *why;
};

static void texts_release(struct texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
}

static const char *keep(struct texts *t, const char *s)
{
	if (t->n == sizeof t->v / sizeof t->v[0])
		return "";
	char *c = xstrdup(s);
	t->v[t->n++] = c;
	return c;
}

/*
 * The value of key as text: a string as it is, an integer in decimal (when
 * integers, else refused: money is written as text), null as ""; NULL
 * when absent. A value of another type marks t->bad.
 */
static const char *text_of(struct texts *t, json_t *root, const char *key, bool integers)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		return NULL;
	if (json_is_string(v) && json_string_length(v) <= TEXT_MAX && !memchr(json_string_value(v), 0, json_string_length(v)))
		return keep(t, json_string_value(v));
	if (json_is_null(v))
		return "";
	if (json_is_integer(v) && integers) {
		char n[32];
		snprintf(n, sizeof n, "%lld", (long long)json_integer_value(v));
		return keep(t, n);
	}
	if (!*t->bad) {
		snprintf(t->bad, sizeof t->bad, "%s", key);
		t->why = json_is_string(v) ? "内容过长或含有不可见的字符" : json_is_number(v) ? "金额应为元的文字，如 \"800000.00\"（不用数字类型，以免误差）" : "应为文字或整数";
	}
	return NULL;
}

/* 400 for a value of the wrong type: 1 answered, 0 none. */
static int bad_type(struct request *req, struct texts *t)
{
	if (!*t->bad)
		return 0;
	char text[256];
	snprintf(text, sizeof text, "%s：%s", enterprise_field_label(t->bad), t->why);
	api_error(req, 400, "invalid", text, json_pack("{s:s}", t->bad, t->why));
	return 1;
}

static void input_of(struct texts *t, json_t *root, struct enterprise_input *in)
{
	in->credit_code = text_of(t, root, "credit_code", false);
	in->name = text_of(t, root, "name", false);
	in->address = text_of(t, root, "address", false);
	in->division = text_of(t, root, "division", false);
	in->contact = text_of(t, root, "contact", false);
	in->phone = text_of(t, root, "phone", true);
	in->year = text_of(t, root, "year", true);
	in->employees = text_of(t, root, "employees", true);
	in->disabled = text_of(t, root, "disabled_employees", true);
	in->rev = text_of(t, root, "rev", true);
}

static int year_one(void *ctx, const struct levy_account *acc, struct error *e2)
{
	(void)e2;
	json_array_append_new(ctx, account_json(acc));
	return 0;
}

static int collection_one(void *ctx, const struct levy_collection *c, struct error *e2)
{
	(void)e2;
	json_t *j = json_pack("{s:I, s:i, s:s, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)c->id, "year", c->year, "date",
			      c->paid_on, "receipt", c->receipt, "reason", c->reason, "corrects",
			      c->corrects ? json_integer(c->corrects) : json_null(), "recorded_at", c->recorded_at,
			      "recorded_by", c->recorded_by);
	money_set(j, "amount", true, c->amount);
	money_set(j, "corrected", true, c->corrected);
	json_array_append_new(ctx, j);
	return 0;
}

/* An employer with its account of year, its years and collections, answered with status. */
static int send_one(struct request *req, const struct enterprise *e, int year, bool full, unsigned status,
		    struct error *err)
{
	json_t *j = enterprise_json(e);
	struct levy_account a;
	if (levy_account_get(req->db, e->id, year, &a, err) < 0) {
		json_decref(j);
		return -1;
	}
	json_object_set_new(j, "account", account_json(&a));
	if (full) {
		json_t *years = json_array(), *collections = json_array();
		json_object_set_new(j, "years", years);
		json_object_set_new(j, "collections", collections);
		if (levy_account_years(req->db, e->id, year_one, years, err) < 0 ||
		    levy_collections(req->db, e->id, 0, collection_one, collections, err) < 0) {
			json_decref(j);
			return -1;
		}
	}
	return api_program_send(req, status, j, err);
}

/* GET /api/v1/enterprises */

static int list_one(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err)
{
	(void)err;
	json_t *j = enterprise_json(e);
	json_object_set_new(j, "account", account_json(a));
	json_array_append_new(ctx, j);
	return 0;
}

/* The year argument: the year, or 0 after answering 400. */
static int year_arg(struct request *req, const char *text)
{
	int year = levy_action_year(text);
	if (!year) {
		char m[128];
		snprintf(m, sizeof m, msg(MSG_ENT_YEAR), ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX);
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "year", m));
	}
	return year;
}

int api_enterprises(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN))
		return 0;
	int year = year_arg(req, request_arg(req, "year"));
	if (!year)
		return 0;
	struct levy_query q;
	levy_query_init(&q, &req->account, year);
	const char *t = request_arg(req, "township"), *s = request_arg(req, "q"), *owing = request_arg(req, "owing");
	if (t && *t) {
		if (division_level_of(t) != DIVISION_TOWNSHIP) {
			api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "township", msg(MSG_FILTER_TOWNSHIP)));
			return 0;
		}
		snprintf(q.township, sizeof q.township, "%s", t);
	}
	if (s && *s) {
		if (strlen(s) > LEVY_Q_MAX) {
			char m[64];
			snprintf(m, sizeof m, msg(MSG_FILTER_Q), LEVY_Q_MAX);
			api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "q", m));
			return 0;
		}
		snprintf(q.q, sizeof q.q, "%s", s);
	}
	q.owing = owing && (strcmp(owing, "1") == 0 || strcmp(owing, "true") == 0);
	json_t *items = json_array();
	struct levy_totals totals;
	struct levy_year y;
	if (levy_list(req->db, &q, list_one, items, &totals, err) < 0 || levy_year_get(req->db, year, &y, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200,
				json_pack("{s:i, s:o, s:o, s:o}", "year", year, "settings", year_json(&y), "totals",
					  totals_json(&totals), "items", items),
				err);
}

/* POST /api/v1/enterprises */

int api_enterprise_create(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN) ||
	    forbidden(req, levy_may_manage(&req->account), MSG_LEVY_READ_ONLY))
		return 0;
	json_t *root = body_object(req);
	if (!root)
		return 0;
	struct texts t = {0};
	struct enterprise_input in;
	input_of(&t, root, &in);
	in.rev = NULL;
	json_decref(root);
	int rc = 0;
	if (bad_type(req, &t))
		goto out;
	struct enterprise *e = xmalloc(sizeof *e);
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	enum enterprise_result r = levy_action_create(req, &in, e, pr, err);
	if (r == ENTERPRISE_SAVED)
		rc = send_one(req, e, e->year ? e->year : levy_action_year(NULL), false, 201, err);
	else if (r == ENTERPRISE_REFUSED)
		refused(req, pr);
	else
		rc = -1;
	free(e);
	free(pr);
out:
	texts_release(&t);
	return rc;
}

/* GET /api/v1/enterprises/{id} */

int api_enterprise(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN))
		return 0;
	int64_t id;
	if (!request_path_id(req, "/api/v1/enterprises/", &id)) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	int year = year_arg(req, request_arg(req, "year"));
	if (!year)
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct enterprise e;
	int found = enterprise_get(req->db, &scope, id, year, &e, err);
	if (found <= 0) {
		if (found == 0)
			not_found(req);
		return found;
	}
	return send_one(req, &e, year, true, 200, err);
}

/* PUT /api/v1/enterprises/{id} */

int api_enterprise_update(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN) ||
	    forbidden(req, levy_may_manage(&req->account), MSG_LEVY_READ_ONLY))
		return 0;
	int64_t id;
	if (!request_path_id(req, "/api/v1/enterprises/", &id)) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	json_t *root = body_object(req);
	if (!root)
		return 0;
	struct texts t = {0};
	struct enterprise_input in;
	input_of(&t, root, &in);
	json_decref(root);
	int rc = 0;
	if (bad_type(req, &t))
		goto out;
	struct enterprise *e = xmalloc(sizeof *e);
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	enum enterprise_result r = levy_action_update(req, id, &in, e, pr, err);
	switch (r) {
	case ENTERPRISE_SAVED: {
		int year = in.year && *in.year ? levy_action_year(in.year) : levy_action_year(NULL);
		rc = send_one(req, e, year ? year : levy_action_year(NULL), false, 200, err);
		break;
	}
	case ENTERPRISE_REFUSED:
		refused(req, pr);
		break;
	case ENTERPRISE_STALE:
		api_error(req, 409, "conflict", msg(MSG_ENT_STALE), NULL);
		break;
	case ENTERPRISE_NOT_FOUND:
		not_found(req);
		break;
	case ENTERPRISE_ERROR:
		rc = -1;
		break;
	}
	free(e);
	free(pr);
out:
	texts_release(&t);
	return rc;
}

/* POST /api/v1/enterprises/{id}/collections and /override */

int api_enterprise_post(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN) ||
	    forbidden(req, levy_may_manage(&req->account), MSG_LEVY_READ_ONLY))
		return 0;
	int64_t id;
	const char *rest;
	bool collect = false;
	if (!request_path_id_rest(req, "/api/v1/enterprises/", &id, &rest) ||
	    (!(collect = strcmp(rest, "/collections") == 0) && strcmp(rest, "/override") != 0)) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	json_t *root = body_object(req);
	if (!root)
		return 0;
	struct texts t = {0};
	const char *year = text_of(&t, root, "year", true), *amount = text_of(&t, root, "amount", false);
	const char *reason = text_of(&t, root, "reason", false);
	struct levy_collection_input in = {year, text_of(&t, root, "date", false), amount,
					   text_of(&t, root, "receipt", true), reason, text_of(&t, root, "corrects", true)};
	const char *kind = collect ? NULL : text_of(&t, root, "kind", false);
	json_decref(root);
	int rc = 0;
	if (bad_type(req, &t))
		goto out;
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	int64_t entry = 0;
	rc = collect ? levy_action_collect(req, id, &in, &entry, pr, err)
		     : levy_action_override(req, id, year, kind ? kind : "", amount, reason, pr, err);
	if (rc == 1) {
		refused(req, pr);
		rc = 0;
	} else if (rc == 2) {
		not_found(req);
		rc = 0;
	} else if (rc == 0) {
		int y = levy_action_year(year);
		struct registry_scope scope;
		registry_scope_of(&req->account, &scope);
		struct enterprise e;
		int found = enterprise_get(req->db, &scope, id, y, &e, err);
		if (found < 0) {
			rc = -1;
		} else if (found == 0) {
			not_found(req);
		} else if (collect) {
			struct levy_account a;
			if (levy_account_get(req->db, id, y, &a, err) < 0) {
				rc = -1;
			} else {
				json_t *j = json_pack("{s:I, s:I, s:o}", "id", (json_int_t)entry, "enterprise", (json_int_t)id,
						      "account", account_json(&a));
				rc = api_program_send(req, 201, j, err);
			}
		} else {
			rc = send_one(req, &e, y, false, 200, err);
		}
	}
	free(pr);
out:
	texts_release(&t);
	return rc;
}

/* /api/v1/levy/years/{year} */

static int path_year(struct request *req)
{
	static const char prefix[] = "/api/v1/levy/years/";
	const char *s = strncmp(req->path, prefix, sizeof prefix - 1) == 0 ? req->path + sizeof prefix - 1 : "";
	int year = *s ? levy_action_year(s) : 0;
	if (!year)
		api_error(req, 404, "not_found", "接口不存在", NULL);
	return year;
}

struct township_progress {
	const struct registry_scope *scope;
	json_t *by; /* township code -> object */
	const char *key;
};

static void progress_one(void *ctx, const char *township, long long value)
{
	struct township_progress *p = ctx;
	if (!registry_scope_has(p->scope, township))
		return;
	json_t *o = json_object_get(p->by, township);
	if (!o)
		return;
	if (strcmp(p->key, "enterprises") == 0) {
		json_object_set_new(o, "enterprises", json_integer(value));
	} else {
		money_set(o, p->key, true, value);
	}
}

struct township_list {
	json_t *by, *order;
};

static void township_one(void *ctx, const char *code, const char *name)
{
	struct township_list *l = ctx;
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:I}", "code", code, "name", name, "due_fen", (json_int_t)0,
			      "due", "0.00", "collected_fen", (json_int_t)0, "collected", "0.00", "enterprises",
			      (json_int_t)0);
	json_object_set(l->by, code, o);
	json_array_append_new(l->order, o);
}

int api_levy_year(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN))
		return 0;
	int year = path_year(req);
	if (!year)
		return 0;
	struct levy_year y;
	struct levy_query q;
	levy_query_init(&q, &req->account, year);
	struct levy_totals totals;
	if (levy_year_get(req->db, year, &y, err) < 0 || levy_list(req->db, &q, NULL, NULL, &totals, err) < 0)
		return -1;
	/* The townships in scope, each with the county's figures by township (levy_progress). */
	struct township_list l = {json_object(), json_array()};
	int rc = registry_divisions(req->db, &q.scope, "", DIVISION_TOWNSHIP, township_one, &l, err);
	static const char *const metrics[] = {"due", "collected", "enterprises"};
	for (size_t i = 0; rc == 0 && i < sizeof metrics / sizeof metrics[0]; i++) {
		struct township_progress p = {&q.scope, l.by, metrics[i]};
		rc = levy_progress(req->db, year, metrics[i], progress_one, &p, err);
	}
	json_decref(l.by);
	if (rc < 0) {
		json_decref(l.order);
		return -1;
	}
	json_t *j = year_json(&y);
	json_object_set_new(j, "totals", totals_json(&totals));
	json_object_set_new(j, "townships", l.order);
	return api_program_send(req, 200, j, err);
}

int api_levy_year_put(struct request *req, struct error *err)
{
	if (forbidden(req, levy_may_view(&req->account), MSG_LEVY_FORBIDDEN) ||
	    forbidden(req, levy_may_manage(&req->account), MSG_LEVY_READ_ONLY))
		return 0;
	int year = path_year(req);
	if (!year)
		return 0;
	json_t *root = body_object(req);
	if (!root)
		return 0;
	struct texts t = {0};
	const char *wage = text_of(&t, root, "avg_wage", false), *ratio = text_of(&t, root, "ratio", false);
	json_decref(root);
	int rc = 0;
	if (bad_type(req, &t))
		goto out;
	struct enterprise_problems pr;
	struct levy_year after;
	rc = levy_action_year_set(req, year, wage ? wage : "", ratio, &after, &pr, err);
	if (rc == 1) {
		refused(req, &pr);
		rc = 0;
	} else if (rc == 0) {
		rc = api_program_send(req, 200, year_json(&after), err);
	}
out:
	texts_release(&t);
	return rc;
}
