#include "web/api-survey.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/survey-check.h"
#include "domain/survey.h"
#include "web/api-body.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/case-form.h"

#define MODULE "基本情况调查"
#define PREFIX "/api/v1/survey"

/* Reading the request */

/* The year of the query string (the current year without one): the year, or -1 answered 400. */
static int query_year(struct request *req)
{
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0)
		api_error(req, 400, "bad_request", "查询条件有误",
		          json_pack("{s:s}", "year", "应为2000到2100之间的四位年份"));
	return year;
}

/* A 12-digit code of level at *s, moving *s past it: true with code. */
static bool path_code(const char **s, int level, char code[13])
{
	if (strspn(*s, "0123456789") != 12 || ((*s)[12] != '\0' && (*s)[12] != '/'))
		return false;
	memcpy(code, *s, 12);
	code[12] = '\0';
	*s += 12;
	return division_level_of(code) == level;
}

/* A record id at *s (no sign, no leading zero, up to 18 digits), moving *s past it: true with *id. */
static bool path_id(const char **s, int64_t *id)
{
	size_t n = strspn(*s, "0123456789");
	if (n == 0 || n > 18 || **s == '0' || ((*s)[n] != '\0' && (*s)[n] != '/'))
		return false;
	char digits[19];
	memcpy(digits, *s, n);
	digits[n] = '\0';
	*s += n;
	return number_parse(digits, 1, 999999999999999999LL, id);
}

static void reason(json_t **fields, const char *key, const char *text)
{
	if (!*fields)
		*fields = json_object();
	json_object_set_new(*fields, key, json_string(text));
}

/* The body's year: an integer 2000..2100, the current year when absent; -1 with a reason. */
static int body_year(struct api_body *b)
{
	json_t *y = json_object_get(b->root, "year");
	if (!y)
		return date_today().year;
	if (json_is_integer(y) && json_integer_value(y) >= 2000 && json_integer_value(y) <= 2100)
		return (int)json_integer_value(y);
	reason(&b->fields, "year", "应为2000到2100之间的整数");
	return -1;
}

/* A refusal: 404 for 2, 409 for 3, else 400 with the reasons by key. */
static void refused(struct request *req, int rc, const struct case_problems *pr)
{
	if (rc == 2) {
		api_error(req, 404, "not_found", *pr->message ? pr->message : "不存在，或不在您的管辖范围内", NULL);
		return;
	}
	if (rc == 3) {
		api_error(req, 409, "conflict", pr->message, NULL);
		return;
	}
	json_t *fields = pr->n ? json_object() : NULL;
	for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++)
		json_object_set_new(fields, pr->items[i].field, json_string(pr->items[i].reason));
	api_error(req, 400, "invalid", *pr->message ? pr->message : "填写有误，请按各项提示修改", fields);
}

/* 403 with message; 0. */
static int forbidden(struct request *req, const char *message)
{
	api_error(req, 403, "forbidden", message, NULL);
	return 0;
}

static int audit(struct request *req, const char *action, const char *target, json_t *detail, struct error *err)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

/* JSON of the domain */

static json_t *rate(long part, long whole)
{
	int p = survey_permille(part, whole);
	return p < 0 ? json_null() : json_integer(p);
}

static json_t *stats_json(const struct survey_stats *s)
{
	char text[16];
	survey_rate_text(s->visited, s->roster, text);
	json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s}", "code", s->code, "name", s->name,
	                      "villages", (json_int_t)s->villages, "drawn", (json_int_t)s->drawn, "complete",
	                      (json_int_t)s->complete, "roster", (json_int_t)s->roster, "recorded",
	                      (json_int_t)s->recorded, "visited", (json_int_t)s->visited, "visit_rate_permille",
	                      rate(s->visited, s->roster), "visit_rate", text);
	if (*s->township) { /* a village */
		json_object_set_new(j, "township", json_string(s->township));
		json_object_set_new(j, "investigator", json_string(s->investigator));
		json_object_set_new(j, "is_complete", json_boolean(s->complete));
	}
	return j;
}

static json_t *check_json(const struct survey_check *c)
{
	char seed[24];
	snprintf(seed, sizeof seed, "%lld", (long long)c->seed);
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:i, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id",
	                 (json_int_t)c->id, "year", c->year, "township", c->township, "township_name", c->township_name,
	                 "seed", seed, "requested", c->requested, "population", (json_int_t)c->population, "drawn",
	                 (json_int_t)c->drawn, "drawn_on", c->drawn_on, "drawn_at", c->drawn_at, "drawn_by",
	                 c->drawn_by, "verified", (json_int_t)c->verified, "discrepancies",
	                 (json_int_t)c->discrepancies, "error_rate_permille", rate(c->discrepancies, c->verified));
}

static json_t *row_json(const struct survey_row *r)
{
	char idm[32];
	mask_idcard(r->id_number, idm, sizeof idm);
	return json_pack(
	    "{s:I, s:s, s:i, s:s, s:s, s:o, s:o, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:i, s:o, s:s}", "person_id",
	    (json_int_t)r->person_id, "name", r->name, "sex", r->sex, "birth_date", r->birth_date, "id_number", idm,
	    "category", r->category ? json_integer(r->category) : json_null(), "grade",
	    r->grade ? json_integer(r->grade) : json_null(), "hukou", r->hukou, "village", r->village, "village_name",
	    r->village_name, "township", r->township, "township_name", r->township_name, "drawn_at", r->drawn_at,
	    "outcome", r->outcome ? json_string(survey_outcome_code(r->outcome)) : json_null(), "outcome_label",
	    survey_outcome_label(r->outcome), "version", r->version, "visit_date",
	    *r->visit_date ? json_string(r->visit_date) : json_null(), "investigator", r->investigator);
}

/* The survey */

static json_t *form_json(const struct program_form *f)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < f->nfields; i++) {
		const struct program_field *fd = &f->fields[i];
		json_t *j = json_pack("{s:s, s:s, s:s, s:b}", "key", fd->key, "label", fd->label, "type",
		                      case_form_type_name(fd->type), "required", f->required[i]);
		if (fd->type == PROGRAM_CHOICE) {
			json_t *choices = json_array();
			for (size_t k = 0; k < fd->nchoices; k++)
				json_array_append_new(choices, json_pack("{s:s, s:s}", "key", fd->choices[k].key,
				                                         "label", fd->choices[k].label));
			json_object_set_new(j, "choices", choices);
		}
		if (fd->type == PROGRAM_INTEGER && fd->has_min)
			json_object_set_new(j, "min", json_integer(fd->min));
		if (fd->type == PROGRAM_INTEGER && fd->has_max)
			json_object_set_new(j, "max", json_integer(fd->max));
		json_array_append_new(fields, j);
	}
	return json_pack("{s:s, s:s, s:i, s:o}", "code", f->code, "name", f->name, "version", f->version, "fields",
	                 fields);
}

/* GET /api/v1/survey */
static int survey_one(struct request *req, struct error *err)
{
	int year = query_year(req);
	if (year < 0)
		return 0;
	struct survey s;
	int found = survey_get(req->db, year, &s, err);
	if (found < 0)
		return -1;
	if (!found) {
		char text[120];
		snprintf(text, sizeof text, "%d年度的残疾人基本情况调查还没有开展", year);
		api_error(req, 404, "not_found", text, NULL);
		return 0;
	}
	json_t *j = json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:o}", "year", s.year, "start_date", s.start_date,
	                      "end_date", s.end_date, "target_permille", s.target_permille, "opened_at", s.opened_at,
	                      "opened_by", s.opened_by, "form", form_json(s.form));
	survey_release(&s);
	return api_program_send(req, 200, j, err);
}

/* POST /api/v1/survey {year, form, start_date, end_date} */
static int survey_open_post(struct request *req, struct api_body *b, struct error *err)
{
	if (!survey_may_open(&req->account))
		return forbidden(req, "只有县残联管理员可以开展调查");
	int year = body_year(b);
	json_t *form = json_object_get(b->root, "form");
	if (!json_is_object(form))
		reason(&b->fields, "form", "应为调查表的定义（JSON对象，见 programs/survey-form.json）");
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	char *text = json_dumps(form, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct buf problems = BUF_INIT(1 << 16);
	enum survey_open_result what;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_open(w, year, text, strlen(text), api_body_str(b, "start_date"), api_body_str(b, "end_date"), req->account.name,
	                     &what, &problems, err);
	server_writer_unlock(req->server);
	free(text);
	if (rc == 1) {
		json_t *list = json_array();
		const char *s = buf_cstr(&problems);
		for (const char *nl; *s; s = *nl ? nl + 1 : nl) {
			nl = strchr(s, '\n');
			if (!nl)
				nl = s + strlen(s);
			json_array_append_new(list, json_stringn(s, (size_t)(nl - s)));
		}
		api_error(req, 400, "invalid", "调查表或调查时间有误", json_pack("{s:o}", "form", list));
		rc = 0;
	} else if (rc == 0) {
		char target[24];
		snprintf(target, sizeof target, "survey:%d", year);
		rc = what == SURVEY_UNCHANGED ? 0
		                              : audit(req, what == SURVEY_OPENED ? "开展调查" : "修改调查", target,
		                                      json_pack("{s:i, s:s, s:s}", "year", year, "start_date",
		                                                api_body_str(b, "start_date"), "end_date", api_body_str(b, "end_date")),
		                                      err);
		if (rc == 0) {
			struct survey s;
			int found = survey_get(req->db, year, &s, err);
			if (found <= 0)
				rc = found < 0 ? -1
				               : error_set(err, "the survey of %d is not there after opening", year);
			else {
				json_t *j = json_pack("{s:i, s:s, s:s, s:s, s:o}", "year", year, "result",
				                      what == SURVEY_OPENED    ? "opened"
				                      : what == SURVEY_UPDATED ? "updated"
				                                               : "unchanged",
				                      "start_date", s.start_date, "end_date", s.end_date, "form",
				                      form_json(s.form));
				survey_release(&s);
				rc = api_program_send(req, what == SURVEY_OPENED ? 201 : 200, j, err);
			}
		}
	}
	buf_release(&problems);
	return rc;
}

/* Progress */

struct progress {
	json_t *list;
	json_t *checks; /* township code -> the latest check */
};

static int progress_row(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)err;
	struct progress *p = ctx;
	json_t *j = stats_json(s);
	if (p->checks) {
		json_t *c = json_object_get(p->checks, s->code);
		json_object_set(j, "check", c ? c : json_null());
	}
	json_array_append_new(p->list, j);
	return 0;
}

static int latest_check(void *ctx, const struct survey_check *c, struct error *err)
{
	(void)err;
	json_object_set_new(ctx, c->township, check_json(c));
	return 0;
}

/* GET /api/v1/survey/progress?year=&township= */
static int progress(struct request *req, const struct registry_scope *scope, struct error *err)
{
	int year = query_year(req);
	if (year < 0)
		return 0;
	const char *town = request_arg(req, "township");
	if (town && *town && (strlen(town) != 12 || division_level_of(town) != DIVISION_TOWNSHIP)) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "township", "应为12位乡镇代码"));
		return 0;
	}
	struct progress p = {json_array(), json_object()};
	struct survey_stats total;
	json_t *villages = NULL;
	int rc = survey_check_latest(req->db, year, scope, latest_check, p.checks, err);
	if (rc == 0)
		rc = survey_townships(req->db, year, scope, progress_row, &p, &total, err);
	if (rc == 0 && town && *town) {
		struct progress v = {json_array(), NULL};
		rc = survey_villages(req->db, year, scope, town, progress_row, &v, err);
		villages = v.list;
	}
	json_decref(p.checks);
	if (rc < 0) {
		json_decref(p.list);
		json_decref(villages);
		return -1;
	}
	json_t *j = json_pack("{s:i, s:i, s:o, s:o}", "year", year, "target_permille", SURVEY_TARGET_PERMILLE, "total",
	                      stats_json(&total), "townships", p.list);
	if (villages)
		json_object_set_new(j, "villages", villages);
	return api_program_send(req, 200, j, err);
}

/* A village */

static int roster_row(void *ctx, const struct survey_row *r, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, row_json(r));
	return 0;
}

/* GET /api/v1/survey/villages/{code} */
static int village_get(struct request *req, const char *village, const struct registry_scope *scope, struct error *err)
{
	int year = query_year(req);
	if (year < 0)
		return 0;
	struct survey_village v;
	int found = survey_village_get(req->db, year, village, scope, &v, err);
	if (found < 0)
		return -1;
	if (!found) {
		api_error(req, 404, "not_found", "该村（社区）不存在，或不在您的管辖范围内", NULL);
		return 0;
	}
	struct survey_stats st;
	if (survey_village_stats(req->db, year, village, &st, err) < 0)
		return -1;
	json_t *roster = json_array();
	if (survey_roster(req->db, year, village, scope, roster_row, roster, err) < 0) {
		json_decref(roster);
		return -1;
	}
	json_t *j = stats_json(&st);
	json_object_set_new(j, "year", json_integer(year));
	json_object_set_new(j, "township_name", json_string(st.township_name));
	json_object_set_new(j, "drawn_at", *v.drawn_at ? json_string(v.drawn_at) : json_null());
	json_object_set_new(j, "investigator_account",
	                    *v.investigator_account ? json_string(v.investigator_account) : json_null());
	json_object_set_new(j, "persons", roster);
	return api_program_send(req, 200, j, err);
}

/* POST .../villages/{code}/roster and .../townships/{code}/roster {year} */
static int draw_post(struct request *req, const char *division, const struct registry_scope *scope, struct api_body *b,
                     struct error *err)
{
	if (!survey_may_manage(&req->account))
		return forbidden(req, "您的角色不能抽取调查底册");
	int year = body_year(b);
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	long added = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_draw(w, year, division, &req->account, scope, &added, pr, err);
	server_writer_unlock(req->server);
	if (rc > 0) {
		refused(req, rc, pr);
		rc = 0;
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "division:%s", division);
		rc = audit(req, "抽取底册", target, json_pack("{s:i, s:I}", "year", year, "added", (json_int_t)added),
		           err);
		if (rc == 0)
			rc = api_program_send(req, 200,
			                      json_pack("{s:i, s:s, s:I}", "year", year, "division", division, "added",
			                                (json_int_t)added),
			                      err);
	}
	free(pr);
	return rc;
}

/* POST .../villages/{code}/investigator {year, account, name} */
static int assign_post(struct request *req, const char *village, const struct registry_scope *scope, struct api_body *b,
                       struct error *err)
{
	if (!survey_may_manage(&req->account))
		return forbidden(req, "您的角色不能指定调查员");
	int year = body_year(b);
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = survey_assign(w, year, village, api_body_str(b, "account"), api_body_str(b, "name"), &req->account, scope, pr, err);
	server_writer_unlock(req->server);
	if (rc > 0) {
		refused(req, rc, pr);
		rc = 0;
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "division:%s", village);
		rc = audit(
		    req, "指定调查员", target,
		    json_pack("{s:i, s:s, s:s}", "year", year, "account", api_body_str(b, "account"), "name", api_body_str(b, "name")),
		    err);
		struct survey_village v;
		int found = rc == 0 ? survey_village_get(req->db, year, village, scope, &v, err) : -1;
		if (found < 0)
			rc = -1;
		else
			rc = api_program_send(
			    req, 200,
			    json_pack("{s:i, s:s, s:s, s:o}", "year", year, "village", village, "investigator",
			              v.investigator, "investigator_account",
			              *v.investigator_account ? json_string(v.investigator_account) : json_null()),
			    err);
	}
	free(pr);
	return rc;
}

/* Records */

static int history_row(void *ctx, const struct survey_record *r, struct error *err)
{
	(void)err;
	json_t *answers = json_loads(r->answers, 0, NULL);
	json_array_append_new(ctx,
	                      json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "id", (json_int_t)r->id,
	                                "version", r->version, "outcome", survey_outcome_code(r->outcome),
	                                "outcome_label", survey_outcome_label(r->outcome), "visit_date", r->visit_date,
	                                "investigator", r->investigator, "answers", answers ? answers : json_object(),
	                                "remark", r->remark, "entered_at", r->entered_at, "entered_by", r->entered_by));
	return 0;
}

/* The roster person with the record's versions as the answer (status); 404 when not in scope. */
static int send_record(struct request *req, unsigned status, int year, int64_t person,
                       const struct registry_scope *scope, struct error *err)
{
	struct survey_row r;
	int found = survey_roster_get(req->db, year, person, scope, &r, err);
	if (found < 0)
		return -1;
	if (!found) {
		char text[160];
		snprintf(text, sizeof text, "该人员不在%d年度的调查底册上，或不在您的管辖范围内", year);
		api_error(req, 404, "not_found", text, NULL);
		return 0;
	}
	json_t *history = json_array();
	if (survey_history(req->db, year, person, history_row, history, err) < 0) {
		json_decref(history);
		return -1;
	}
	json_t *j = row_json(&r);
	json_object_set_new(j, "year", json_integer(year));
	json_object_set_new(j, "history", history);
	return api_program_send(req, status, j, err);
}

/* POST /api/v1/survey/records/{id} */
static int record_post(struct request *req, int64_t person, const struct registry_scope *scope, struct api_body *b,
                       struct error *err)
{
	if (!survey_may_record(&req->account))
		return forbidden(req, "您的角色不能登记调查结果");
	int year = body_year(b);
	json_t *jv = json_object_get(b->root, "version");
	if (jv && !(json_is_integer(jv) && json_integer_value(jv) >= 0 && json_integer_value(jv) < 1000000))
		reason(&b->fields, "version", "应为所更正记录的版本号（整数，首次登记为0）");
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	char today[11];
	date_format(date_today(), today);
	struct survey_entry e = {
	    .outcome = api_body_str(b, "outcome"),
	    .date = json_object_get(b->root, "date") ? api_body_str(b, "date") : today,
	    .investigator = api_body_str(b, "investigator"),
	    .values = b->values,
	    .nvalues = b->n,
	    .remark = api_body_str(b, "remark"),
	    .based_on = jv ? (int)json_integer_value(jv) : -1,
	};
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id = 0;
	int version = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_record(w, year, person, &e, &req->account, scope, &id, &version, pr, err);
	server_writer_unlock(req->server);
	if (rc > 0) {
		refused(req, rc, pr);
		rc = 0;
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "person:%lld", (long long)person);
		/* The outcome and the day, not the answers (incomes, needs): those stay with the record. */
		rc = audit(req, version > 1 ? "更正调查结果" : "登记调查结果", target,
		           json_pack("{s:i, s:i, s:s, s:s, s:s}", "year", year, "version", version, "outcome",
		                     e.outcome, "date", e.date, "remark", e.remark),
		           err);
		if (rc == 0)
			rc = send_record(req, version > 1 ? 200 : 201, year, person, scope, err);
	}
	free(pr);
	return rc;
}

/* Acceptance checks */

static int item_row(void *ctx, const struct survey_check_item *it, struct error *err)
{
	(void)err;
	json_array_append_new(
	    ctx,
	    json_pack("{s:i, s:I, s:s, s:s, s:s, s:I, s:i, s:i, s:s, s:s, s:s, s:o, s:s, s:o, s:s}", "seq", it->seq,
	              "person_id", (json_int_t)it->person_id, "name", it->name, "village", it->village, "village_name",
	              it->village_name, "record_id", (json_int_t)it->record_id, "version", it->version,
	              "current_version", it->current_version, "outcome", survey_outcome_code(it->outcome), "visit_date",
	              it->visit_date, "investigator", it->investigator, "result",
	              it->verdict ? json_string(survey_verdict_code(it->verdict)) : json_null(), "note", it->note,
	              "verified_on", *it->verified_on ? json_string(it->verified_on) : json_null(), "verified_by",
	              it->verified_by));
	return 0;
}

static int send_check(struct request *req, unsigned status, int64_t id, const struct registry_scope *scope,
                      struct error *err)
{
	struct survey_check c;
	int found = survey_check_get(req->db, id, scope, &c, err);
	if (found < 0)
		return -1;
	if (!found) {
		api_error(req, 404, "not_found", "该验收抽查不存在，或不在您的管辖范围内", NULL);
		return 0;
	}
	json_t *items = json_array();
	if (survey_check_items(req->db, id, item_row, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	json_t *j = check_json(&c);
	json_object_set_new(j, "items", items);
	return api_program_send(req, status, j, err);
}

static int check_row(void *ctx, const struct survey_check *c, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, check_json(c));
	return 0;
}

/* GET /api/v1/survey/checks?year=&township= */
static int checks_list(struct request *req, const struct registry_scope *scope, struct error *err)
{
	int year = query_year(req);
	if (year < 0)
		return 0;
	const char *town = request_arg(req, "township");
	if (town && *town && (strlen(town) != 12 || division_level_of(town) != DIVISION_TOWNSHIP)) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "township", "应为12位乡镇代码"));
		return 0;
	}
	json_t *items = json_array();
	if (survey_check_list(req->db, year, town ? town : "", scope, check_row, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:i, s:o}", "year", year, "items", items), err);
}

/* POST /api/v1/survey/checks {year, township, n, seed} */
static int check_post(struct request *req, const struct registry_scope *scope, struct api_body *b, struct error *err)
{
	if (!survey_check_may(&req->account))
		return forbidden(req, "您的角色不能进行验收抽查");
	int year = body_year(b);
	json_t *jn = json_object_get(b->root, "n"), *js = json_object_get(b->root, "seed");
	int n = json_is_integer(jn) && json_integer_value(jn) >= 1 && json_integer_value(jn) <= SURVEY_CHECK_MAX
	            ? (int)json_integer_value(jn)
	            : 0;
	if (!n)
		reason(&b->fields, "n", "抽查户数应为1至1000之间的整数");
	int64_t seed = 0;
	/* A seed may be given as a number or as its digits (JavaScript loses digits past 2^53). */
	if (js && !json_is_null(js) &&
	    !(json_is_integer(js) && json_integer_value(js) >= 1 && json_integer_value(js) <= SURVEY_CHECK_SEED_MAX &&
	      (seed = json_integer_value(js))) &&
	    !(json_is_string(js) && number_parse(json_string_value(js), 1, SURVEY_CHECK_SEED_MAX, &seed)))
		reason(&b->fields, "seed", "随机种子应为1至18位数字（不填则随机产生）");
	if (b->fields) {
		api_error(req, 400, "invalid", "请求内容有误", json_incref(b->fields));
		return 0;
	}
	const char *town = api_body_str(b, "township");
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_check_draw(w, year, town, n, seed, &req->account, scope, &id, pr, err);
	server_writer_unlock(req->server);
	if (rc > 0) {
		refused(req, rc, pr);
		rc = 0;
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "survey_check:%lld", (long long)id);
		rc = audit(req, "验收抽查", target,
		           json_pack("{s:i, s:s, s:i}", "year", year, "township", town, "n", n), err);
		if (rc == 0)
			rc = send_check(req, 201, id, scope, err);
	}
	free(pr);
	return rc;
}

/* POST /api/v1/survey/checks/{id}/items/{person} {result, note, date} */
static int verify_post(struct request *req, int64_t id, int64_t person, const struct registry_scope *scope,
                       struct api_body *b, struct error *err)
{
	if (!survey_check_may(&req->account))
		return forbidden(req, "您的角色不能进行验收核实");
	char today[11];
	date_format(date_today(), today);
	const char *date = json_object_get(b->root, "date") ? api_body_str(b, "date") : today;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc =
	    survey_check_verify(w, id, person, api_body_str(b, "result"), api_body_str(b, "note"), date, &req->account, scope, pr, err);
	server_writer_unlock(req->server);
	if (rc > 0) {
		refused(req, rc, pr);
		rc = 0;
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "survey_check:%lld", (long long)id);
		rc = audit(req, "验收核实", target,
		           json_pack("{s:I, s:s, s:s, s:s}", "person", (json_int_t)person, "result", api_body_str(b, "result"),
		                     "date", date, "note", api_body_str(b, "note")),
		           err);
		if (rc == 0)
			rc = send_check(req, 200, id, scope, err);
	}
	free(pr);
	return rc;
}

/* Dispatch */

/* 1 may go on (scope filled), 0 answered 403. */
static int may_view(struct request *req, struct registry_scope *scope)
{
	if (!survey_may_view(&req->account))
		return forbidden(req, "您的角色不能查看残疾人基本情况调查");
	registry_scope_of(&req->account, scope);
	return 1;
}

static void not_found(struct request *req)
{
	api_error(req, 404, "not_found", "没有这个接口", NULL);
}

int api_survey(struct request *req, struct error *err)
{
	struct registry_scope scope;
	if (!may_view(req, &scope))
		return 0;
	const char *rest = req->path + strlen(PREFIX);
	char code[13];
	int64_t id;
	if (!*rest)
		return survey_one(req, err);
	if (strcmp(rest, "/progress") == 0)
		return progress(req, &scope, err);
	if (strcmp(rest, "/checks") == 0)
		return checks_list(req, &scope, err);
	if (strncmp(rest, "/villages/", 10) == 0) {
		const char *s = rest + 10;
		if (path_code(&s, DIVISION_VILLAGE, code) && !*s)
			return village_get(req, code, &scope, err);
	} else if (strncmp(rest, "/records/", 9) == 0) {
		const char *s = rest + 9;
		int year = 0;
		if (path_id(&s, &id) && !*s)
			return (year = query_year(req)) < 0 ? 0 : send_record(req, 200, year, id, &scope, err);
	} else if (strncmp(rest, "/checks/", 8) == 0) {
		const char *s = rest + 8;
		if (path_id(&s, &id) && !*s)
			return send_check(req, 200, id, &scope, err);
	}
	not_found(req);
	return 0;
}

int api_survey_post(struct request *req, struct error *err)
{
	struct registry_scope scope;
	if (!may_view(req, &scope))
		return 0;
	const char *rest = req->path + strlen(PREFIX);
	struct api_body *b = xmalloc(sizeof *b);
	int rc = 0;
	if (api_body_read(req, b, PROGRAM_LIST_MAX, "应为对象：调查项目的键到填写的值") < 0)
		goto out;
	char code[13];
	int64_t id, person;
	const char *s;
	if (!*rest) {
		rc = survey_open_post(req, b, err);
	} else if (strcmp(rest, "/checks") == 0) {
		rc = check_post(req, &scope, b, err);
	} else if (strncmp(rest, "/villages/", 10) == 0 && (s = rest + 10, path_code(&s, DIVISION_VILLAGE, code))) {
		if (strcmp(s, "/roster") == 0)
			rc = draw_post(req, code, &scope, b, err);
		else if (strcmp(s, "/investigator") == 0)
			rc = assign_post(req, code, &scope, b, err);
		else
			not_found(req);
	} else if (strncmp(rest, "/townships/", 11) == 0 && (s = rest + 11, path_code(&s, DIVISION_TOWNSHIP, code)) &&
	           strcmp(s, "/roster") == 0) {
		rc = draw_post(req, code, &scope, b, err);
	} else if (strncmp(rest, "/records/", 9) == 0 && (s = rest + 9, path_id(&s, &person)) && !*s) {
		rc = record_post(req, person, &scope, b, err);
	} else if (strncmp(rest, "/checks/", 8) == 0 && (s = rest + 8, path_id(&s, &id)) &&
	           strncmp(s, "/items/", 7) == 0 && (s += 7, path_id(&s, &person)) && !*s) {
		rc = verify_post(req, id, person, &scope, b, err);
	} else {
		not_found(req);
	}
out:
	api_body_release(b);
	free(b);
	return rc;
}
