#include "web/page-admin-settings.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/msg.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/case-report.h"
#include "domain/dict.h"
#include "web/page-admin.h"

/* 数据字典 */

int page_admin_dicts(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct page_out o = page_out_of(req);
	admin_begin(&o, "数据字典", "/admin/dicts");
	out_raw(&o, "<p class=\"hint\">字典值保存在数据库的字典表中，是代码、名称和导入时可接受的其他写法的唯一来源；"
		    "此处只读。</p>\n<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr>"
		    "<th scope=\"col\">字典</th><th scope=\"col\">字典标识</th><th scope=\"col\">代码</th>"
		    "<th scope=\"col\">名称</th><th scope=\"col\">其他写法（导入时也接受）</th></tr></thead>\n<tbody>\n");
	for (const struct dict_entry *e = dict_entries(); e->label; e++) {
		char code[16];
		snprintf(code, sizeof code, "%d", e->code);
		out_raw(&o, "<tr><td>");
		out_txt(&o, dict_name(e->type));
		out_raw(&o, "</td><td class=\"mono\">");
		out_txt(&o, dict_type_key(e->type));
		out_raw(&o, "</td><td class=\"mono\">");
		out_txt(&o, code);
		out_raw(&o, "</td><td>");
		out_txt(&o, e->label);
		out_raw(&o, "</td><td>");
		if (!*e->aliases) {
			out_raw(&o, "<span class=\"muted\">—</span>");
		} else {
			for (const char *p = e->aliases; *p;) {
				const char *end = strchr(p, '|');
				size_t n = end ? (size_t)(end - p) : strlen(p);
				char word[128];
				snprintf(word, sizeof word, "%.*s", (int)n, p);
				out_raw(&o, "<span class=\"tag\">");
				out_txt(&o, word);
				out_raw(&o, "</span> ");
				if (!end)
					break;
				p = end + 1;
			}
		}
		out_raw(&o, "</td></tr>\n");
	}
	out_raw(&o, "</tbody>\n</table></div>\n");
	return admin_end(&o, err);
}

/* 账户策略 */

struct policy_form {
	const char *values[SETTING__MAX]; /* as typed, or the current values */
	char current[SETTING__MAX][16];
	const char *errors[SETTING__MAX];
	char messages[SETTING__MAX][128];
};

static int render_policy(struct request *req, unsigned status, const struct policy_form *f, const char *kind,
			 const char *notice, struct error *err)
{
	buf_reset(&req->res.body);
	req->res.status = status;
	struct page_out o = page_out_of(req);
	admin_begin(&o, "账户策略", "/admin/policy");
	if (notice)
		out_notice(&o, kind, notice);
	out_raw(&o, "<form class=\"panel\" method=\"post\" action=\"/admin/policy\">\n");
	out_csrf(&o);
	out_raw(&o, "\n<p class=\"hint\">以下设置保存后立即生效，每次修改都记入操作日志。取值范围按网络安全等级保护（等保2.0）"
		    "的要求设定，不能设得比要求更弱。</p>\n");
	for (int s = 0; s < SETTING__MAX; s++) {
		const struct account_setting_info *i = account_setting_info((enum account_setting)s);
		char id[32], range[96], min[16], max[16];
		snprintf(id, sizeof id, "s-%d", s);
		snprintf(min, sizeof min, "%d", i->min);
		snprintf(max, sizeof max, "%d", i->max);
		out_raw(&o, "<div class=\"field\"><label for=\"");
		out_raw(&o, id);
		out_raw(&o, "\">");
		out_txt(&o, i->label);
		out_raw(&o, "</label>");
		if (s == SETTING_CHANGE_FIRST) {
			out_raw(&o, "<select id=\"");
			out_raw(&o, id);
			out_raw(&o, "\" name=\"");
			out_attr(&o, i->key);
			out_raw(&o, "\"");
			if (f->errors[s]) {
				out_raw(&o, " aria-invalid=\"true\" aria-describedby=\"");
				out_raw(&o, id);
				out_raw(&o, "-error\"");
			}
			out_raw(&o, strcmp(f->values[s], "1") == 0 ? "><option value=\"1\" selected>是</option>"
									"<option value=\"0\">否</option>"
								      : "><option value=\"1\">是</option>"
									"<option value=\"0\" selected>否</option>");
			out_raw(&o, "</select>");
			snprintf(range, sizeof range, "建议“是”");
		} else {
			out_raw(&o, "<input type=\"number\" id=\"");
			out_raw(&o, id);
			out_raw(&o, "\" name=\"");
			out_attr(&o, i->key);
			out_raw(&o, "\" min=\"");
			out_raw(&o, min);
			out_raw(&o, "\" max=\"");
			out_raw(&o, max);
			out_raw(&o, "\" required value=\"");
			out_attr(&o, f->values[s]);
			out_raw(&o, "\"");
			if (f->errors[s]) {
				out_raw(&o, " aria-invalid=\"true\" aria-describedby=\"");
				out_raw(&o, id);
				out_raw(&o, "-error\"");
			}
			out_raw(&o, ">");
			snprintf(range, sizeof range, "可设%d至%d%s", i->min, i->max, i->unit);
		}
		out_raw(&o, "<p class=\"hint\">");
		out_txt(&o, range);
		out_raw(&o, "。");
		out_txt(&o, i->why);
		out_raw(&o, "</p>");
		out_field_error(&o, id, f->errors[s]);
		out_raw(&o, "</div>\n");
	}
	out_raw(&o, "<div class=\"buttons\"><button type=\"submit\">保存</button></div>\n</form>\n");
	return admin_end(&o, err);
}

static void current_values(struct policy_form *f, const struct account_policy *p)
{
	for (int s = 0; s < SETTING__MAX; s++) {
		snprintf(f->current[s], sizeof f->current[s], "%d", account_setting_get(p, (enum account_setting)s));
		f->values[s] = f->current[s];
	}
}

int page_admin_policy(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct account_policy p;
	if (account_policy_load(req->db, &p, err) < 0)
		return -1;
	struct policy_form *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	current_values(f, &p);
	const char *saved = request_arg(req, "saved");
	int rc = render_policy(req, 200, f, "ok", saved && strcmp(saved, "1") == 0 ? msg(MSG_SETTING_SAVED) : NULL, err);
	free(f);
	return rc;
}

/* The whole of text as a decimal integer within int: 0 and *out, or -1. */
static int parse_int(const char *text, int *out)
{
	char *end;
	if (!text || !*text || strlen(text) > 9 || !((*text >= '0' && *text <= '9') || *text == '-'))
		return -1;
	long v = strtol(text, &end, 10);
	if (*end)
		return -1;
	*out = (int)v;
	return 0;
}

int page_admin_policy_post(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct account_policy before, after;
	if (account_policy_load(req->db, &before, err) < 0)
		return -1;
	after = before;
	struct policy_form *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	current_values(f, &before);
	bool ok = true;
	for (int s = 0; s < SETTING__MAX; s++) {
		const struct account_setting_info *i = account_setting_info((enum account_setting)s);
		const char *v = request_field(req, i->key);
		int n = 0;
		f->values[s] = v ? v : "";
		const char *problem = parse_int(v, &n) < 0 ? NULL : account_setting_problem((enum account_setting)s, n);
		if (parse_int(v, &n) < 0) {
			snprintf(f->messages[s], sizeof f->messages[s], msg(MSG_SETTING_RANGE), i->min, i->max);
			problem = f->messages[s];
		}
		if (problem) {
			if (problem != f->messages[s])
				snprintf(f->messages[s], sizeof f->messages[s], "%s", problem);
			f->errors[s] = f->messages[s];
			ok = false;
		} else {
			account_setting_put(&after, (enum account_setting)s, n);
		}
	}
	int rc;
	if (!ok) {
		rc = render_policy(req, 400, f, "error", NULL, err);
		goto out;
	}
	json_t *was = json_object(), *now_ = json_object();
	for (int s = 0; s < SETTING__MAX; s++) {
		int a = account_setting_get(&before, (enum account_setting)s),
		    b = account_setting_get(&after, (enum account_setting)s);
		if (a == b)
			continue;
		const char *key = account_setting_info((enum account_setting)s)->key;
		json_object_set_new(was, key, json_integer(a));
		json_object_set_new(now_, key, json_integer(b));
	}
	if (json_object_size(now_) == 0) {
		json_decref(was);
		json_decref(now_);
		current_values(f, &before);
		rc = render_policy(req, 200, f, "", msg(MSG_SETTING_UNCHANGED), err);
		goto out;
	}
	json_t *detail = json_pack("{s:o, s:o}", "before", was, "after", now_);
	char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	time_t now = time(NULL);
	struct db *w = server_writer_lock(req->server);
	rc = account_policy_save(w, &after, err);
	if (rc == 0) {
		struct audit_operation op = { req->account.name, req->client, ADMIN_MODULE, "修改", "setting:账户策略",
					      text ? text : "", "成功" };
		rc = audit_operation(w, &op, now, err);
	}
	server_writer_unlock(req->server);
	free(text);
	if (rc == 0) {
		req->res.status = 303;
		rc = response_header(req, "Location", "/admin/policy?saved=1") < 0 ? error_set(err, "too many headers") : 0;
	}
out:
	free(f);
	return rc;
}

/* 公示设置 */

static int render_notice(struct request *req, unsigned status, const char *value, const char *error, const char *kind,
			 const char *notice, struct error *err)
{
	buf_reset(&req->res.body);
	req->res.status = status;
	struct page_out o = page_out_of(req);
	admin_begin(&o, "公示设置", "/admin/notice");
	if (notice)
		out_notice(&o, kind, notice);
	bool on = strcmp(value, "1") == 0;
	out_raw(&o, "<form class=\"panel\" method=\"post\" action=\"/admin/notice\">\n");
	out_csrf(&o);
	out_raw(&o, "\n<p>村公示的名单张贴在村务公开栏，任何人都能看到。名单只列群众核对资格需要的内容：姓名、村（社区）、项目、"
		    "补助标准、身份证号（只显示前6位和后4位）和公示期；从不列电话、银行账号和病情。</p>\n"
		    "<p>残疾类别和等级是否列出由县里决定，<strong>默认不列出</strong>：《中华人民共和国个人信息保护法》"
		    "第二十八条把医疗健康、特定身份等信息列为敏感个人信息，残疾状况属于此类，只有在具有特定的目的和充分的必要性、"
		    "并采取严格保护措施时才能处理。只有本地的规定确实要求公示名单列明残疾类别和等级时，才改为“列出”。</p>\n"
		    "<div class=\"field\"><label for=\"f-show-disability\">公示名单中的残疾类别和等级</label>"
		    "<select id=\"f-show-disability\" name=\"show_disability\"");
	if (error)
		out_raw(&o, " aria-invalid=\"true\" aria-describedby=\"f-show-disability-error\"");
	out_raw(&o, on ? "><option value=\"0\">不列出（默认）</option><option value=\"1\" selected>列出</option>"
		       : "><option value=\"0\" selected>不列出（默认）</option><option value=\"1\">列出</option>");
	out_raw(&o, "</select><p class=\"hint\">保存后立即生效，适用于所有村（社区）的公示名单（网页、打印和接口），"
		    "每次修改都记入操作日志。</p>");
	out_field_error(&o, "f-show-disability", error);
	out_raw(&o, "</div>\n<div class=\"buttons\"><button type=\"submit\">保存</button></div>\n</form>\n");
	return admin_end(&o, err);
}

int page_admin_notice(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	int on = case_report_notice_disability(req->db, err);
	if (on < 0)
		return -1;
	const char *saved = request_arg(req, "saved");
	return render_notice(req, 200, on ? "1" : "0", NULL, "ok",
			     saved && strcmp(saved, "1") == 0 ? msg(MSG_NOTICE_SETTING_SAVED) : NULL, err);
}

int page_admin_notice_post(struct request *req, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	const char *v = request_field(req, "show_disability");
	int before = case_report_notice_disability(req->db, err);
	if (before < 0)
		return -1;
	if (!v || (strcmp(v, "0") != 0 && strcmp(v, "1") != 0))
		return render_notice(req, 400, before ? "1" : "0", msg(MSG_NOTICE_SETTING_VALUE), "error", NULL, err);
	int after = strcmp(v, "1") == 0;
	if (after == before)
		return render_notice(req, 200, v, NULL, "", msg(MSG_SETTING_UNCHANGED), err);
	char detail[128];
	snprintf(detail, sizeof detail, "{\"after\":{\"%s\":%d},\"before\":{\"%s\":%d}}", CASE_REPORT_NOTICE_DISABILITY,
		 after, CASE_REPORT_NOTICE_DISABILITY, before);
	struct db *w = server_writer_lock(req->server);
	int rc = case_report_set_notice_disability(w, after, err);
	if (rc == 0) {
		struct audit_operation op = { req->account.name, req->client, ADMIN_MODULE, "修改", "setting:公示设置",
					      detail, "成功" };
		rc = audit_operation(w, &op, time(NULL), err);
	}
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	req->res.status = 303;
	return response_header(req, "Location", "/admin/notice?saved=1") < 0 ? error_set(err, "too many headers") : 0;
}
