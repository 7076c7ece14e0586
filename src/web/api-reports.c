#include "web/api-reports.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/milestone.h"
#include "domain/report.h"
#include "web/api-body.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/auth.h"
#include "web/report-export.h"

static const char *const kinds[] = {[REPORT_TITLE] = "title", [REPORT_H1] = "h1", [REPORT_H2] = "h2", [REPORT_P] = "p"};

/* The year of the query (this year when absent); -1 after answering 400. */
static int year_arg(struct request *req)
{
	const char *v = request_arg(req, "year");
	int64_t y;
	if (!v || !*v)
		return date_today().year;
	if (number_parse(v, 2000, 2100, &y))
		return (int)y;
	api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "year", msg(MSG_TARGET_YEAR)));
	return -1;
}

/* The report options of the caller for year; 0 after answering 403. */
static int reader(struct request *req, int year, struct report_options *o)
{
	int kind = report_options_of(&req->account, year, date_today(), o);
	if (!kind)
		api_error(req, 403, "forbidden", msg(MSG_REPORT_FORBIDDEN), NULL);
	return kind;
}

static json_t *block_json(const struct report_block *b)
{
	json_t *figures = json_array();
	struct buf text = BUF_INIT(4u << 20);
	char href[256];
	for (size_t i = 0; i < b->nspans; i++) {
		if (buf_addstr(&text, b->spans[i].text) < 0)
			break;
		if (!b->spans[i].figure)
			continue;
		report_export_href(&b->spans[i].link, href, sizeof href);
		json_array_append_new(figures,
		                      json_pack("{s:s, s:s*}", "text", b->spans[i].text, "href", *href ? href : NULL));
	}
	json_t *j = json_pack("{s:s, s:s, s:o}", "kind", kinds[b->kind <= REPORT_P ? b->kind : REPORT_P], "text",
	                      buf_cstr(&text), "figures", figures);
	buf_release(&text);
	return j;
}

int api_report_annual(struct request *req, struct error *err)
{
	int year = year_arg(req);
	struct report_options o;
	if (year < 0 || !reader(req, year, &o))
		return 0;
	const char *fmt = request_arg(req, "format");
	int f = fmt && *fmt ? report_format_parse(fmt) : -2;
	if (f == -1) {
		api_error(req, 400, "bad_request", "查询条件有误",
		          json_pack("{s:s}", "format", msg(MSG_REPORT_FORMAT)));
		return 0;
	}
	struct report_template *t;
	char source[512];
	struct buf problems = BUF_INIT(1u << 16);
	int rc = report_export_template(NULL, &t, source, sizeof source, &problems, err);
	if (rc != 0) {
		if (rc > 0)
			api_error(req, 500, "template_invalid", buf_cstr(&problems), NULL);
		buf_release(&problems);
		return rc > 0 ? 0 : -1;
	}
	buf_release(&problems);
	struct report_doc d = {0};
	struct report_blocks bl = {0};
	rc = report_build(req->db, t, &o, &d, err);
	report_template_free(t);
	if (rc < 0)
		goto out;
	if (f >= 0) {
		char path[64], name[80];
		struct division county;
		int found = division_the_county(req->db, &county, err);
		report_blocks_of(&bl, &d);
		rc = -1;
		if (found < 0 || server_temp_file(path,
		                                  f == REPORT_FORMAT_DOCX   ? ".docx"
		                                  : f == REPORT_FORMAT_PDF  ? ".pdf"
		                                  : f == REPORT_FORMAT_HTML ? ".html"
		                                                            : ".txt",
		                                  err) < 0)
			goto out;
		if (report_export_write(&bl, (enum report_format)f, path, found ? county.name : "", err) < 0) {
			unlink(path);
			goto out;
		}
		snprintf(name, sizeof name, "%d年度汇报材料.%s", year, report_format_ext((enum report_format)f));
		char target[32], detail[64];
		snprintf(target, sizeof target, "report:%d", year);
		snprintf(detail, sizeof detail, "{\"格式\":\"%s\"}", report_format_ext((enum report_format)f));
		if (auth_audit(req, "年度汇报", "导出", target, detail, "成功", err) < 0) {
			unlink(path);
			goto out;
		}
		rc = response_download(req, path, report_format_type((enum report_format)f), name, err);
		goto out;
	}
	json_t *blocks = json_array();
	struct buf text = BUF_INIT(64u << 20);
	for (size_t i = 0; i < d.n; i++)
		json_array_append_new(blocks, block_json(&d.blocks[i]));
	if (report_doc_text(&d, &text) < 0) {
		json_decref(blocks);
		buf_release(&text);
		rc = error_set(err, "report too long");
		goto out;
	}
	json_t *j =
	    json_pack("{s:i, s:s, s:s, s:s, s:o, s:s}", "year", year, "scope", o.township[0] ? "township" : "county",
	              "township", o.township, "template", source, "blocks", blocks, "text", buf_cstr(&text));
	buf_release(&text);
	rc = api_program_send(req, 200, j, err);
out:
	report_blocks_release(&bl);
	report_doc_release(&d);
	return rc;
}

/* Milestones */

static json_t *milestone_json(const struct milestone *m)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id, "year", m->year, "line",
	                 m->line, "date", m->date, "title", m->title, "created_at", m->created_at, "created_by",
	                 m->created_by);
}

static int add_item(void *ctx, const struct milestone *m, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, milestone_json(m));
	return 0;
}

int api_milestones(struct request *req, struct error *err)
{
	int year = year_arg(req);
	struct report_options o;
	if (year < 0 || !reader(req, year, &o))
		return 0;
	const char *line = request_arg(req, "line");
	json_t *items = json_array();
	if (milestone_list(req->db, year, line ? line : "", add_item, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:i, s:o}", "year", year, "items", items), err);
}

static bool editor(struct request *req)
{
	if (milestone_may_edit(&req->account))
		return true;
	char text[200];
	snprintf(text, sizeof text, msg(MSG_MILESTONE_ROLE), role_label(req->account.role));
	api_error(req, 403, "forbidden", text, NULL);
	return false;
}

/* The text of key: a string as is, an integer in decimal; "" when absent; NULL of another type. */
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

static int audit(struct request *req, const char *action, const struct milestone *m, struct error *err)
{
	char target[40];
	snprintf(target, sizeof target, "milestone:%lld", (long long)m->id);
	json_t *d =
	    json_pack("{s:i, s:s, s:s, s:s}", "年度", m->year, "工作", m->line, "日期", m->date, "内容", m->title);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	int rc = auth_audit(req, "年度汇报", action, target, detail ? detail : "", "成功", err);
	free(detail);
	return rc;
}

int api_milestones_post(struct request *req, struct error *err)
{
	struct report_options o;
	if (!reader(req, date_today().year, &o) || !editor(req))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	static const char *const keys[] = {"year", "line", "date", "title"};
	char bufs[4][32];
	const char *texts[4];
	json_t *fields = NULL;
	for (size_t i = 0; i < 4; i++)
		if (!(texts[i] = text_of(root, keys[i], bufs[i], sizeof bufs[i]))) {
			if (!fields)
				fields = json_object();
			json_object_set_new(fields, keys[i], json_string("应为文字或整数"));
			texts[i] = "";
		}
	int rc = 0;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	if (fields) {
		api_error(req, 400, "invalid", "请求内容有误", fields);
		goto out;
	}
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = milestone_add(w, texts[0], texts[1], texts[2], texts[3], &req->account, &id, pr, err);
	server_writer_unlock(req->server);
	if (r < 0) {
		rc = -1;
		goto out;
	}
	if (r == 1) {
		api_refused(req, pr);
		goto out;
	}
	struct milestone m;
	int found = milestone_get(req->db, id, &m, err);
	if (found <= 0) {
		rc = found < 0 ? -1 : error_set(err, "milestone %lld not found after it was saved", (long long)id);
		goto out;
	}
	rc = audit(req, "新增", &m, err);
	if (rc == 0)
		rc = api_program_send(req, 201, milestone_json(&m), err);
out:
	free(pr);
	json_decref(root);
	return rc;
}

int api_milestone_delete(struct request *req, struct error *err)
{
	struct report_options o;
	if (!reader(req, date_today().year, &o) || !editor(req))
		return 0;
	int64_t id;
	struct milestone m;
	int found = request_path_id(req, "/api/v1/milestones/", &id) ? milestone_get(req->db, id, &m, err) : 0;
	if (found < 0)
		return -1;
	if (!found) {
		api_error(req, 404, "not_found", msg(MSG_REPORT_MILESTONE_NOT_FOUND), NULL);
		return 0;
	}
	struct case_problems pr;
	struct db *w = server_writer_lock(req->server);
	int rc = milestone_remove(w, id, &req->account, &pr, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	if (rc == 2) {
		api_error(req, 404, "not_found", msg(MSG_REPORT_MILESTONE_NOT_FOUND), NULL);
		return 0;
	}
	if (rc == 1) {
		api_error(req, 403, "forbidden", pr.message, NULL);
		return 0;
	}
	if (audit(req, "删除", &m, err) < 0)
		return -1;
	return api_program_send(req, 200, json_pack("{s:I}", "removed", (json_int_t)id), err);
}
