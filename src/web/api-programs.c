#include "web/api-programs.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/target.h"
#include "domain/dict.h"
#include "web/api-payments.h"
#include "web/api-persons.h"
#include "web/case-form.h"
#include "web/export-classes.h"

int api_program_send(struct request *req, unsigned status, void *jv, struct error *err)
{
	json_t *j = jv;
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

static void list_one(void *ctx, const char *code, const char *name, int version)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:i}", "code", code, "name", name, "version", version));
}

int api_programs(struct request *req, struct error *err)
{
	json_t *items = json_array();
	if (program_list(req->db, list_one, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:o}", "items", items), err);
}

static json_t *field_json(const struct program_field *f, bool required)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:b}", "key", f->key, "label", f->label, "type",
			      case_form_type_name(f->type), "required", required);
	if (f->type == PROGRAM_CHOICE) {
		json_t *choices = json_array();
		for (size_t i = 0; i < f->nchoices; i++)
			json_array_append_new(choices, json_pack("{s:s, s:s}", "key", f->choices[i].key, "label",
								 f->choices[i].label));
		json_object_set_new(j, "choices", choices);
	}
	return j;
}

void *api_program_transition(const struct program *p, const struct program_transition *t)
{
	json_t *from = json_array(), *roles = json_array(), *fields = json_array();
	for (size_t i = 0; i < t->nfrom; i++)
		json_array_append_new(from, t->from[i] == SIZE_MAX ? json_string("") : json_string(p->stages[t->from[i]].key));
	for (int r = 0; r < ROLE__MAX; r++)
		if (t->roles & (1u << r))
			json_array_append_new(roles, json_string(role_code((enum role)r)));
	for (size_t i = 0; i < t->nfields; i++) {
		json_t *f = field_json(&p->fields[t->fields[i]], t->required[i]);
		if (t->must_be[i] >= 0)
			json_object_set_new(f, "must_be", json_boolean(t->must_be[i]));
		json_array_append_new(fields, f);
	}
	return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:b, s:b}", "key", t->key, "label", t->label, "from", from,
			 "to", p->stages[t->to].key, "roles", roles, "fields", fields, "remark_required",
			 t->remark_required, "check_eligibility", t->check_eligibility, "objection_upheld",
			 t->objection_upheld);
}

struct counts {
	json_t *county, *townships;
	json_t *summed; /* the townships' rows added up, for when no sums come */
};

static void count_one(void *ctx, const char *township, const char *counter, long n)
{
	struct counts *c = ctx;
	json_t *into = c->county;
	if (*township) {
		json_t *sum = json_object_get(c->summed, counter);
		json_object_set_new(c->summed, counter, json_integer((sum ? json_integer_value(sum) : 0) + n));
		into = json_object_get(c->townships, township);
		if (!into) {
			into = json_object();
			json_object_set_new(c->townships, township, into);
		}
	}
	json_object_set_new(into, counter, json_integer(n));
}

static long counted(const struct counts *c, const char *metric)
{
	char key[PROGRAM_KEY_MAX + 8];
	snprintf(key, sizeof key, "metric:%s", metric);
	json_t *v = json_object_get(c->county, key);
	return v ? (long)json_integer_value(v) : 0;
}

static void overdue_one(void *ctx, const char *stage, long n)
{
	json_object_set_new(ctx, stage, json_integer(n));
}

static void breakdown_one(void *ctx, const char *value, const char *month, long cases, long met)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:I, s:I}", "value", value, "month", month, "cases",
					     (json_int_t)cases, "met", (json_int_t)met));
}

/* The follow-ups overdue today by stage, and each breakdown of the definition (by surgeon ...) by month. */
static int reports(struct request *req, const struct program *p, int year, const struct registry_scope *scope,
		   json_t *j, struct error *err)
{
	json_t *overdue = json_object(), *breakdowns = json_object();
	json_object_set_new(j, "overdue", overdue);
	json_object_set_new(j, "breakdowns", breakdowns);
	if (case_report_overdue(req->db, scope, p->code, year, date_today(), overdue_one, overdue, err) < 0)
		return -1;
	for (size_t i = 0; i < p->nbreakdowns; i++) {
		const struct program_breakdown *b = &p->breakdowns[i];
		json_t *rows = json_array();
		json_object_set_new(breakdowns, b->key,
				    json_pack("{s:s, s:s, s:s, s:s, s:o}", "label", b->label, "stage", p->stages[b->stage].key,
					      "field", b->field, "metric", b->metric, "rows", rows));
		if (case_report_breakdown(req->db, scope, p, year, b, breakdown_one, rows, err) < 0)
			return -1;
	}
	return 0;
}

static void class_one(void *ctx, int hukou, enum case_age_group g, long n)
{
	json_array_append_new(ctx, json_pack("{s:i, s:s, s:i, s:s, s:I}", "hukou", hukou, "hukou_label",
					     dict_label(DICT_HUKOU, hukou), "age_group", (int)g, "age_label",
					     case_report_age_label(g), "n", (json_int_t)n));
}

struct notice {
	json_t *items;
	bool disability;
	int64_t amount;
	const struct program *p;
};

static int notice_one(void *ctx, const struct case_notice_row *r, struct error *err)
{
	(void)err;
	struct notice *n = ctx;
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "case_id", (json_int_t)r->case_id, "name", r->name,
			      "village_name", r->village_name, "id_number", r->id_masked, "project", n->p->name, "from",
			      r->from, "until", r->until);
	if (n->disability) {
		json_object_set_new(j, "category", json_string(r->category ? dict_label(DICT_CATEGORY, r->category) : ""));
		json_object_set_new(j, "grade", json_string(r->grade ? dict_label(DICT_GRADE, r->grade) : ""));
	}
	if (n->amount >= 0) {
		char yuan[32];
		snprintf(yuan, sizeof yuan, "%lld.%02lld", (long long)(n->amount / 100), (long long)(n->amount % 100));
		json_object_set_new(j, "monthly_amount", json_string(yuan));
	}
	json_array_append_new(n->items, j);
	return 0;
}

/* GET /api/v1/programs/{code}/notice?village=&year=: the public notice list of a village. */
static int notice(struct request *req, const struct program *p, int year, struct error *err)
{
	const char *village = request_arg(req, "village");
	if (!village || strlen(village) != 12 || strspn(village, "0123456789") != 12) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "village", "应为12位村（社区）代码"));
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	int on = case_report_notice_disability(req->db, err);
	if (on < 0)
		return -1;
	struct notice n = {json_array(), on == 1, p->monthly_amount, p};
	if (case_report_notice(req->db, &scope, p, year, village, notice_one, &n, err) < 0) {
		json_decref(n.items);
		return -1;
	}
	return api_program_send(req, 200,
				json_pack("{s:s, s:s, s:i, s:s, s:b, s:o}", "program", p->code, "name", p->name, "year", year,
					  "village", village, "show_disability", n.disability, "items", n.items),
				err);
}

int api_program(struct request *req, struct error *err)
{
	char code[PROGRAM_KEY_MAX + 1];
	const char *rest = "";
	const struct program *p = NULL;
	int found = 0;
	if (case_form_path_code(req->path, "/api/v1/programs/", code, &rest) &&
	    (!*rest || strcmp(rest, "/notice") == 0 || strcmp(rest, "/ledger") == 0 ||
	     strcmp(rest, "/classes.xlsx") == 0) &&
	    (found = program_get(req->db, code, 0, &p, err)) < 0)
		return -1;
	if (found && strcmp(rest, "/ledger") == 0)
		return api_payment_ledger(req, p, err);
	if (found && strcmp(rest, "/classes.xlsx") == 0)
		return export_classes(req, p, err);
	if (!found) {
		api_error(req, 404, "not_found", "该项目不存在", NULL);
		return 0;
	}
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0) {
		api_error(req, 400, "bad_request", "查询条件有误",
			  json_pack("{s:s}", "year", "应为2000到2100之间的四位年份"));
		return 0;
	}
	if (*rest)
		return notice(req, p, year, err);
	json_t *stages = json_array(), *transitions = json_array(), *metrics = json_array();
	for (size_t i = 0; i < p->nstages; i++) {
		const struct program_stage *s = &p->stages[i];
		json_t *st = json_pack("{s:s, s:s, s:b}", "key", s->key, "label", s->label, "final", s->final);
		if (s->hold) {
			json_object_set_new(st, "hold_days", json_integer(s->hold_days));
			if (*s->hold_field)
				json_object_set_new(st, "hold_field", json_string(s->hold_field));
		}
		if (s->archive)
			json_object_set_new(st, "archive", json_true());
		if (*s->anchor) {
			json_object_set_new(st, "anchor", json_string(s->anchor));
			json_object_set_new(st, "offset_days", json_integer(s->offset_days));
		}
		json_array_append_new(stages, st);
	}
	for (size_t i = 0; i < p->ntransitions; i++)
		json_array_append_new(transitions, api_program_transition(p, &p->transitions[i]));
	for (size_t i = 0; i < p->nmetrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s, s:s}", "key", p->metrics[i].key, "label",
							 p->metrics[i].label, "stage", p->stages[p->metrics[i].stage].key));
	struct counts c = {json_object(), json_object(), json_object()};
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:o}", "code", p->code, "name", p->name, "unit", p->unit,
			      "version", p->version, "year", year, "stages", stages, "transitions", transitions, "metrics",
			      metrics);
	if (case_counts(req->db, &scope, p->code, year, "", true, count_one, &c, err) < 0) {
		json_decref(c.county);
		json_decref(c.townships);
		json_decref(c.summed);
		json_decref(j);
		return -1;
	}
	if (json_object_size(c.county) == 0) {
		json_decref(c.county);
		c.county = c.summed;
	} else {
		json_decref(c.summed);
	}
	json_object_set_new(j, "counts", json_pack("{s:o, s:o}", "county", c.county, "townships", c.townships));
	json_t *target = json_null();
	if (*p->target_metric) {
		long long t = -1;
		if (target_program_value(req->db, p->code, year, p->target_metric, &t, err) < 0) {
			json_decref(j);
			return -1;
		}
		long done = counted(&c, p->target_metric);
		target = json_pack("{s:s, s:o, s:I}", "metric", p->target_metric, "value",
				   t >= 0 ? json_integer(t) : json_null(), "achieved", (json_int_t)done);
		if (t >= 0)
			json_object_set_new(target, "over", json_integer(done > t ? done - t : 0));
	}
	json_object_set_new(j, "target", target);
	json_t *success = json_null();
	if (*p->success_metric && *p->success_of) {
		long s = counted(&c, p->success_metric), of = counted(&c, p->success_of);
		/* A percentage with one decimal, as the page shows it; null for 0 of 0. */
		success = json_pack("{s:s, s:s, s:I, s:I, s:o}", "metric", p->success_metric, "of", p->success_of,
				    "success", (json_int_t)s, "total", (json_int_t)of, "percent",
				    of ? json_real((double)((1000 * s + of / 2) / of) / 10.0) : json_null());
	}
	json_object_set_new(j, "success_rate", success);
	if (reports(req, p, year, &scope, j, err) < 0) {
		json_decref(j);
		return -1;
	}
	/* The approved by hukou and age group (一人一档, classified): at the archive stage. */
	int as = program_archive_stage(p);
	if (as >= 0) {
		json_t *rows = json_array();
		json_object_set_new(j, "classes", json_pack("{s:s, s:o}", "stage", p->stages[as].key, "rows", rows));
		if (case_report_classes(req->db, &scope, p->code, year, p->stages[as].key, class_one, rows, err) < 0) {
			json_decref(j);
			return -1;
		}
	}
	if (p->monthly_amount >= 0)
		json_object_set_new(j, "monthly_amount_fen", json_integer(p->monthly_amount));
	return api_program_send(req, 200, j, err);
}
