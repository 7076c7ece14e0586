#include "web/page-batch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "domain/case.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"

#define PAGE_FULL "batch page too large"
#define BATCH_ROWS 50

/* A row of the table: a case, and after a refusal what was typed (under prefix) and why. */
struct batch_row {
	struct case_file c;
	char prefix[24]; /* "" for a fresh row */
	struct case_problems *pr;
};

struct batch {
	struct request *req;
	struct buf *b;
	const struct program *p;
	const struct program_transition *t;
	struct registry_scope scope;
	int year;
	char township[13];
	struct batch_row rows[BATCH_ROWS];
	size_t n;
};

static void batch_release(struct batch *bt)
{
	for (size_t i = 0; i < bt->n; i++)
		free(bt->rows[i].pr);
	free(bt);
}

/* Reads transition, township and year from the query (GET) or the form (POST). */
static struct batch *batch_new(struct request *req, const struct program *p, bool post)
{
	struct batch *bt = xcalloc(1, sizeof *bt);
	bt->req = req;
	bt->b = &req->res.body;
	bt->p = p;
	case_scope_of(&req->account, &bt->scope);
	const char *(*get)(const struct request *, const char *) = post ? request_field : request_arg;
	const char *t = get(req, "transition"), *town = get(req, "township"), *year = get(req, "year");
	bt->t = case_form_transition(p, t);
	if (bt->t && (case_form_is_enrolment(bt->t) || !case_form_role_may(bt->t, req->account.role)))
		bt->t = NULL;
	if (town && strlen(town) == 12 && strspn(town, "0123456789") == 12 && division_level_of(town) == DIVISION_TOWNSHIP)
		snprintf(bt->township, sizeof bt->township, "%s", town);
	bt->year = case_form_year(year);
	if (bt->year < 0)
		bt->year = date_today().year;
	return bt;
}

static bool listed(const struct batch *bt, int64_t id)
{
	for (size_t i = 0; i < bt->n; i++)
		if (bt->rows[i].c.id == id)
			return true;
	return false;
}

static int add_row(void *ctx, const struct case_row *r, struct error *err)
{
	(void)err;
	struct batch *bt = ctx;
	if (bt->n < BATCH_ROWS && !listed(bt, r->c.id))
		bt->rows[bt->n++].c = r->c;
	return 0;
}

/* Fills the table up to BATCH_ROWS with the cases at a stage the transition starts from. */
static int fill(struct batch *bt, struct error *err)
{
	for (size_t i = 0; i < bt->t->nfrom && bt->n < BATCH_ROWS; i++) {
		if (bt->t->from[i] == SIZE_MAX)
			continue;
		struct case_query q;
		memset(&q, 0, sizeof q);
		q.scope = bt->scope;
		snprintf(q.program, sizeof q.program, "%s", bt->p->code);
		q.year = bt->year;
		snprintf(q.township, sizeof q.township, "%s", bt->township);
		snprintf(q.stage, sizeof q.stage, "%s", bt->p->stages[bt->t->from[i]].key);
		q.today = date_today();
		q.page = 1;
		q.per_page = BATCH_ROWS; /* rows already listed are skipped, so ask for a whole table */
		long total;
		if (case_search(bt->req->db, &q, add_row, bt, &total, err) < 0)
			return -1;
	}
	return 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

struct towns {
	struct buf *b;
	const char *current;
	int rc;
};

static void town_option(void *ctx, const char *code, const char *name)
{
	struct towns *o = ctx;
	if (o->rc == 0 && option(o->b, code, name, o->current) < 0)
		o->rc = -1;
}

/* The choice of transition, township and year. -1 full, -2 database error. */
static int choose_form(struct batch *bt, struct error *err)
{
	struct buf *b = bt->b;
	char action[80], year[8];
	snprintf(action, sizeof action, "/projects/%s/batch", bt->p->code);
	snprintf(year, sizeof year, "%d", bt->year);
	if (case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"", CF_ATTR, action, CF_RAW,
			   "\">\n<div class=\"field inline\"><label for=\"f-transition\">办理事项</label>"
			   "<select id=\"f-transition\" name=\"transition\"><option value=\"\">请选择</option>",
			   CF_END) < 0)
		return -1;
	for (size_t i = 0; i < bt->p->ntransitions; i++) {
		const struct program_transition *t = &bt->p->transitions[i];
		if (!case_form_is_enrolment(t) && case_form_role_may(t, bt->req->account.role) &&
		    option(b, t->key, t->label, bt->t ? bt->t->key : "") < 0)
			return -1;
	}
	if (html_raw(b, "</select></div>\n<div class=\"field inline\"><label for=\"f-township\">乡镇</label>"
			"<select id=\"f-township\" name=\"township\"><option value=\"\">全部</option>") < 0)
		return -1;
	struct towns o = {b, bt->township, 0};
	if (registry_divisions(bt->req->db, &bt->scope, "", DIVISION_TOWNSHIP, town_option, &o, err) < 0)
		return -2;
	if (o.rc < 0 ||
	    case_form_html(b, CF_RAW, "</select></div>\n<div class=\"field inline\"><label for=\"f-year\">年度</label>"
				  "<input id=\"f-year\" name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, year, CF_RAW, "\"></div>\n<div class=\"buttons\"><button type=\"submit\" class=\"primary\">列出待办人员</button></div>\n</form>\n",
			   CF_END) < 0)
		return -1;
	return 0;
}

/* One row as inputs named r<j>_...; typed values come from the row's old prefix. */
static int table_row(struct batch *bt, size_t j, const struct batch_row *r)
{
	struct request *req = bt->req;
	struct buf *b = bt->b;
	const struct program_transition *t = bt->t;
	char prefix[24], name[64], id[24], href[40], today[11];
	snprintf(prefix, sizeof prefix, "r%zu_", j);
	snprintf(id, sizeof id, "%lld", (long long)r->c.id);
	snprintf(href, sizeof href, "/cases/%lld", (long long)r->c.id);
	date_format(date_today(), today);
	bool typed = *r->prefix;
	const char *msg = r->pr && *r->pr->message ? r->pr->message : "";
	char label[200];
	snprintf(name, sizeof name, "%son", prefix);
	snprintf(label, sizeof label, "选择 %s", r->c.person_name);
	if (case_form_html(b, CF_RAW, typed ? "<tr class=\"refused\"><td>" : "<tr><td>", CF_RAW,
			   "<input type=\"checkbox\" value=\"1\" name=\"", CF_ATTR, name, CF_RAW, "\" aria-label=\"", CF_ATTR,
			   label, CF_RAW, typed ? "\" checked>" : "\">", CF_RAW, "<input type=\"hidden\" name=\"", CF_ATTR,
			   prefix, CF_RAW, "case\" value=\"", CF_ATTR, id, CF_RAW, "\"></td><td><a href=\"", CF_ATTR, href,
			   CF_RAW, "\">", CF_TXT, r->c.person_name, CF_RAW, "</a>", CF_END) < 0 ||
	    (*msg && case_form_html(b, CF_RAW, "<p class=\"field-error\">", CF_TXT, msg, CF_RAW, "</p>", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "</td><td>", CF_TXT, r->c.village_name, CF_RAW, "</td><td>", CF_TXT,
			   case_form_stage_label(bt->p, r->c.stage), CF_RAW, "</td><td>", CF_END) < 0)
		return -1;
	static const struct program_field date_field = {.key = "date", .label = "日期", .type = PROGRAM_DATE};
	snprintf(name, sizeof name, "%sdate", prefix);
	snprintf(label, sizeof label, "%s 日期", r->c.person_name);
	if (case_form_cell(b, &date_field, name, typed ? case_form_typed(req, r->prefix, "date") : today,
			   case_form_reason(r->pr, "date"), false, label) < 0 ||
	    html_raw(b, "</td>") < 0)
		return -1;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct program_field *f = &bt->p->fields[t->fields[i]];
		snprintf(name, sizeof name, "%s%s", prefix, f->key);
		snprintf(label, sizeof label, "%s %s", r->c.person_name, f->label);
		if (html_raw(b, "<td>") < 0 ||
		    case_form_cell(b, f, name, typed ? case_form_typed(req, r->prefix, f->key) : "",
				   case_form_reason(r->pr, f->key), false, label) < 0 ||
		    html_raw(b, "</td>") < 0)
			return -1;
	}
	if (t->remark_required) {
		static const struct program_field remark_field = {.key = "remark", .label = "备注", .type = PROGRAM_TEXT,
								  .has_max = true, .max = 500};
		snprintf(name, sizeof name, "%sremark", prefix);
		snprintf(label, sizeof label, "%s 备注", r->c.person_name);
		if (html_raw(b, "<td>") < 0 ||
		    case_form_cell(b, &remark_field, name, typed ? case_form_typed(req, r->prefix, "remark") : "",
				   case_form_reason(r->pr, "remark"), false, label) < 0 ||
		    html_raw(b, "</td>") < 0)
			return -1;
	}
	return html_raw(b, "</tr>\n");
}

static int render(struct batch *bt, const char *summary, bool some_refused, struct error *err)
{
	struct request *req = bt->req;
	struct buf *b = bt->b;
	char title[220], back[80], year[8];
	snprintf(title, sizeof title, "%s · 批量录入", bt->p->name);
	snprintf(back, sizeof back, "/projects/%s?year=%d", bt->p->code, bt->year);
	snprintf(year, sizeof year, "%d", bt->year);
	int fr;
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回项目</a></p>\n", CF_END) < 0 ||
	    (summary && case_form_html(b, CF_RAW, some_refused ? "<p class=\"notice warn\" role=\"alert\">" : "<p class=\"notice ok\" role=\"status\">",
				       CF_TXT, summary, CF_RAW, "</p>\n", CF_END) < 0) ||
	    (fr = choose_form(bt, err)) == -1)
		return error_set(err, PAGE_FULL);
	if (fr == -2)
		return -1;
	if (!bt->t)
		return html_raw(b, "<p class=\"muted\">请选择办理事项（和乡镇），列出处于该事项起始阶段的人员，每次最多50人。</p>\n") < 0 ||
				       layout_end(req) < 0
			   ? error_set(err, PAGE_FULL)
			   : 0;
	char action[80];
	snprintf(action, sizeof action, "/projects/%s/batch", bt->p->code);
	if (case_form_html(b, CF_RAW, "<form class=\"panel batch\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
			   "\" novalidate>\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"transition\" value=\"", CF_ATTR, bt->t->key, CF_RAW,
			   "\"><input type=\"hidden\" name=\"township\" value=\"", CF_ATTR, bt->township, CF_RAW,
			   "\"><input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, year, CF_RAW,
			   "\">\n<p class=\"muted\">勾选要保存的行；每行单独保存，有误的行会连同原因留在表中。</p>\n"
			   "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">选择</th>"
			   "<th scope=\"col\">姓名</th><th scope=\"col\">村（社区）</th><th scope=\"col\">当前阶段</th>"
			   "<th scope=\"col\">日期</th>",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	for (size_t i = 0; i < bt->t->nfields; i++) {
		const struct program_field *f = &bt->p->fields[bt->t->fields[i]];
		if (case_form_html(b, CF_RAW, "<th scope=\"col\">", CF_TXT, f->label, CF_RAW,
				   bt->t->required[i] ? "<span class=\"required\" aria-hidden=\"true\">*</span></th>" : "</th>",
				   CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if ((bt->t->remark_required && html_raw(b, "<th scope=\"col\">备注<span class=\"required\" aria-hidden=\"true\">*</span></th>") < 0) ||
	    html_raw(b, "</tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	for (size_t j = 0; j < bt->n; j++)
		if (table_row(bt, j, &bt->rows[j]) < 0)
			return error_set(err, PAGE_FULL);
	char cols[16];
	snprintf(cols, sizeof cols, "%zu", 5 + bt->t->nfields + (bt->t->remark_required ? 1 : 0));
	if ((bt->n == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW, cols, CF_RAW,
					  "\">没有处于该事项起始阶段的人员</td></tr>\n", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "</tbody></table></div>\n<div class=\"buttons\"><button type=\"submit\" class=\"primary\">保存选中的行（",
			   CF_TXT, bt->t->label, CF_RAW, "）</button></div>\n</form>\n", CF_END) < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_batch(struct request *req, const struct program *p, struct error *err)
{
	struct batch *bt = batch_new(req, p, false);
	int rc = bt->t ? fill(bt, err) : 0;
	if (rc == 0)
		rc = render(bt, NULL, false, err);
	batch_release(bt);
	return rc;
}

int page_batch_post(struct request *req, const struct program *p, struct error *err)
{
	struct batch *bt = batch_new(req, p, true);
	int rc = -1;
	long saved = 0, refused = 0;
	if (!bt->t) {
		response_page(req, 400, "提交的数据无效", "没有这项办理事项，或您的角色不能办理，请返回重新选择。");
		rc = 0;
		goto out;
	}
	/* Each ticked row is its own transition; the refused ones are listed first again. */
	for (size_t i = 0; i < 2 * BATCH_ROWS; i++) {
		char prefix[24];
		snprintf(prefix, sizeof prefix, "r%zu_", i);
		const char *idtext = case_form_typed(req, prefix, "case");
		if (!*idtext)
			break;
		if (!*case_form_typed(req, prefix, "on"))
			continue;
		size_t len = strlen(idtext);
		if (len > 18 || strspn(idtext, "0123456789") != len)
			continue;
		int64_t id = strtoll(idtext, NULL, 10);
		struct case_value values[CASE_VALUES_MAX];
		size_t n = case_form_values(req, p, bt->t, prefix, values);
		const char *date = case_form_typed(req, prefix, "date"), *remark = case_form_typed(req, prefix, "remark");
		struct case_problems *pr = xcalloc(1, sizeof *pr);
		struct db *w = server_writer_lock(req->server);
		int r = case_transition(w, id, bt->t->key, date, values, n, remark, &req->account, &bt->scope, pr, err);
		server_writer_unlock(req->server);
		if (r < 0) {
			free(pr);
			goto out;
		}
		if (r == 0) {
			saved++;
			free(pr);
			char target[40];
			snprintf(target, sizeof target, "case:%lld", (long long)id);
			char *detail = case_form_detail(bt->t->key, date, values, n, remark);
			int a = auth_audit(req, "民生工程", bt->t->label, target, detail, "成功", err);
			free(detail);
			if (a < 0)
				goto out;
			continue;
		}
		refused++;
		struct case_file c;
		int found = bt->n < BATCH_ROWS ? case_get(req->db, &bt->scope, id, &c, err) : 0;
		if (found < 0) {
			free(pr);
			goto out;
		}
		if (!found) {
			free(pr);
			continue;
		}
		struct batch_row *row = &bt->rows[bt->n++];
		row->c = c;
		snprintf(row->prefix, sizeof row->prefix, "%s", prefix);
		row->pr = pr;
	}
	if (fill(bt, err) < 0)
		goto out;
	char summary[120];
	if (saved == 0 && refused == 0)
		snprintf(summary, sizeof summary, "没有勾选任何一行，未保存。");
	else
		snprintf(summary, sizeof summary, "已保存 %ld 人，%ld 人有误%s", saved, refused,
			 refused ? "（见表中标出的行，改正后再保存）" : "");
	rc = render(bt, summary, refused > 0 || saved == 0, err);
out:
	batch_release(bt);
	return rc;
}
