#include "web/page-admin-logs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stamp.h"
#include "base/msg.h"
#include "domain/audit.h"
#include "web/page-admin.h"

/* The query-string arguments of the two pages, in the order of the links. */
enum arg { ARG_USER, ARG_FROM, ARG_TO, ARG_MODULE, ARG_ACTION, ARG_OUTCOME, ARG_TEXT, ARG_PAGE, ARG__MAX };
static const char *const arg_names[ARG__MAX] = { "user", "from", "to", "module", "action", "outcome", "text", "page" };

static const char *const outcomes[] = { "成功", "失败", "锁定", "停用" };

struct log_page {
	struct request *req;
	struct page_out o;
	bool operations;
	const char *path;
	const char *args[ARG__MAX];   /* as typed ("" when absent) */
	const char *errors[ARG__MAX]; /* the message of each bad one, NULL when fine */
	char messages[ARG__MAX][128];
	struct audit_query q;
	char from[21], to[21];
	long n;
};

static void set_error(struct log_page *pg, enum arg a, const char *text)
{
	snprintf(pg->messages[a], sizeof pg->messages[a], "%s", text);
	pg->errors[a] = pg->messages[a];
}

/* Reads and checks the arguments into pg->q; false when one is bad (its error set). */
static bool parse(struct log_page *pg)
{
	char text[128];
	bool ok = true;
	for (int a = 0; a < ARG__MAX; a++) {
		const char *v = request_arg(pg->req, arg_names[a]);
		pg->args[a] = v ? v : "";
	}
	for (int a = 0; a < ARG__MAX; a++) {
		size_t max = a == ARG_TEXT ? AUDIT_TEXT_MAX : AUDIT_FIELD_MAX;
		if (strlen(pg->args[a]) > max) {
			snprintf(text, sizeof text, msg(MSG_FILTER_Q), (int)max);
			set_error(pg, (enum arg)a, text);
			ok = false;
		}
	}
	pg->q = (struct audit_query){ .user = pg->args[ARG_USER], .text = pg->args[ARG_TEXT], .page = 1 };
	if (pg->operations) {
		pg->q.module = pg->args[ARG_MODULE];
		pg->q.action = pg->args[ARG_ACTION];
	} else if (*pg->args[ARG_OUTCOME]) {
		bool known = false;
		for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
			known |= strcmp(outcomes[i], pg->args[ARG_OUTCOME]) == 0;
		if (!known) {
			set_error(pg, ARG_OUTCOME, msg(MSG_FILTER_VALUE));
			ok = false;
		}
		pg->q.outcome = pg->args[ARG_OUTCOME];
	}
	if (*pg->args[ARG_FROM] && !pg->errors[ARG_FROM]) {
		if (audit_day_start(pg->args[ARG_FROM], 0, pg->from) < 0) {
			set_error(pg, ARG_FROM, msg(MSG_LOG_DATE));
			ok = false;
		}
		pg->q.from = pg->from;
	}
	if (*pg->args[ARG_TO] && !pg->errors[ARG_TO]) {
		if (audit_day_start(pg->args[ARG_TO], 1, pg->to) < 0) {
			set_error(pg, ARG_TO, msg(MSG_LOG_DATE));
			ok = false;
		}
		pg->q.to = pg->to;
	}
	if (ok && pg->q.from && pg->q.to && strcmp(pg->q.from, pg->q.to) >= 0) {
		set_error(pg, ARG_TO, msg(MSG_LOG_DATE_ORDER));
		ok = false;
	}
	if (*pg->args[ARG_PAGE]) {
		char *end;
		long page = strtol(pg->args[ARG_PAGE], &end, 10);
		if (*end || page < 1 || page > AUDIT_PAGE_MAX || pg->args[ARG_PAGE][0] < '1' || pg->args[ARG_PAGE][0] > '9') {
			set_error(pg, ARG_PAGE, msg(MSG_FILTER_PAGE));
			ok = false;
		} else {
			pg->q.page = page;
		}
	}
	return ok;
}

/* One input of the query form, with its error under it. */
static void input(struct log_page *pg, enum arg a, const char *label, const char *type, int maxlength,
		  const char *placeholder)
{
	struct page_out *o = &pg->o;
	char id[24], max[16];
	snprintf(id, sizeof id, "f-%s", arg_names[a]);
	snprintf(max, sizeof max, "%d", maxlength);
	out_raw(o, "<div class=\"field inline\"><label for=\"");
	out_raw(o, id);
	out_raw(o, "\">");
	out_txt(o, label);
	out_raw(o, "</label><input id=\"");
	out_raw(o, id);
	out_raw(o, "\" name=\"");
	out_raw(o, arg_names[a]);
	out_raw(o, "\" type=\"");
	out_raw(o, type);
	out_raw(o, "\" maxlength=\"");
	out_raw(o, max);
	out_raw(o, "\" placeholder=\"");
	out_attr(o, placeholder);
	out_raw(o, "\" value=\"");
	out_attr(o, pg->args[a]);
	out_raw(o, "\"");
	if (pg->errors[a]) {
		out_raw(o, " aria-invalid=\"true\" aria-describedby=\"");
		out_raw(o, id);
		out_raw(o, "-error\"");
	}
	out_raw(o, ">");
	out_field_error(o, id, pg->errors[a]);
	out_raw(o, "</div>\n");
}

static void query_form(struct log_page *pg)
{
	struct page_out *o = &pg->o;
	out_raw(o, "<form class=\"query panel\" method=\"get\" action=\"");
	out_attr(o, pg->path);
	out_raw(o, "\" role=\"search\">\n");
	input(pg, ARG_USER, "用户", "text", AUDIT_FIELD_MAX, "账号名");
	input(pg, ARG_FROM, "开始日期", "date", 10, "YYYY-MM-DD");
	input(pg, ARG_TO, "结束日期", "date", 10, "YYYY-MM-DD");
	if (pg->operations) {
		input(pg, ARG_MODULE, "模块", "text", AUDIT_FIELD_MAX, "如 系统管理");
		input(pg, ARG_ACTION, "操作类型", "text", AUDIT_FIELD_MAX, "如 新增、修改、停用");
		input(pg, ARG_TEXT, "操作对象", "search", AUDIT_TEXT_MAX, "如 user:zhang");
	} else {
		out_raw(o, "<div class=\"field inline\"><label for=\"f-outcome\">结果</label><select id=\"f-outcome\" "
			   "name=\"outcome\"");
		if (pg->errors[ARG_OUTCOME])
			out_raw(o, " aria-invalid=\"true\" aria-describedby=\"f-outcome-error\"");
		out_raw(o, "><option value=\"\">全部</option>");
		for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
			out_raw(o, "<option value=\"");
			out_attr(o, outcomes[i]);
			out_raw(o, strcmp(outcomes[i], pg->args[ARG_OUTCOME]) == 0 ? "\" selected>" : "\">");
			out_txt(o, outcomes[i]);
			out_raw(o, "</option>");
		}
		out_raw(o, "</select>");
		out_field_error(o, "f-outcome", pg->errors[ARG_OUTCOME]);
		out_raw(o, "</div>\n");
		input(pg, ARG_TEXT, "地址/说明", "search", AUDIT_TEXT_MAX, "如 10.0.0.1");
	}
	if (pg->errors[ARG_PAGE])
		out_field_error(o, "f-page", pg->errors[ARG_PAGE]);
	out_raw(o, "<div class=\"buttons\"><button type=\"submit\">搜索</button><a class=\"btn secondary\" href=\"");
	out_attr(o, pg->path);
	out_raw(o, "\">重置</a></div>\n</form>\n");
}

static void cell(struct page_out *o, const char *text)
{
	out_raw(o, "<td>");
	out_txt(o, text);
	out_raw(o, "</td>");
}

static void row(void *ctx, const struct audit_row *r)
{
	struct log_page *pg = ctx;
	struct page_out *o = &pg->o;
	char at[STAMP_LOCAL_SIZE];
	pg->n++;
	stamp_local(r->at, at);
	out_raw(o, "<tr><td class=\"mono\">");
	out_txt(o, at);
	out_raw(o, "</td>");
	cell(o, r->user_name);
	cell(o, r->address);
	if (pg->operations) {
		cell(o, r->module);
		cell(o, r->action);
		cell(o, r->target);
		out_raw(o, "<td class=\"detail\">");
		out_txt(o, r->detail);
		out_raw(o, "</td>");
	} else {
		cell(o, r->browser);
		cell(o, r->message);
	}
	out_raw(o, strncmp(r->outcome, "成功", strlen("成功")) == 0 ? "<td><span class=\"tag ok\">"
									  : "<td><span class=\"tag danger\">");
	out_txt(o, r->outcome);
	out_raw(o, "</span></td></tr>\n");
}

/* The page's address with its filters and page number page (1 drops it). */
static void href(struct log_page *pg, long page)
{
	struct page_out *o = &pg->o;
	bool first = true;
	out_attr(o, pg->path);
	for (int a = 0; a < ARG_PAGE; a++) {
		if (!*pg->args[a])
			continue;
		out_raw(o, first ? "?" : "&amp;");
		out_raw(o, arg_names[a]);
		out_raw(o, "=");
		out_url_arg(o, pg->args[a]);
		first = false;
	}
	if (page > 1) {
		char num[24];
		snprintf(num, sizeof num, "%ld", page);
		out_raw(o, first ? "?page=" : "&amp;page=");
		out_raw(o, num);
	}
}

static void pager(struct log_page *pg, long total)
{
	struct page_out *o = &pg->o;
	long pages = total ? (total + AUDIT_PER_PAGE - 1) / AUDIT_PER_PAGE : 1, cur = pg->q.page;
	char text[96];
	snprintf(text, sizeof text, "共 %ld 条，第 %ld / %ld 页", total, cur, pages);
	out_raw(o, "<nav class=\"pager\" aria-label=\"分页\">\n<span class=\"total\">");
	out_txt(o, text);
	out_raw(o, "</span>\n<ul>");
	if (cur > 1) {
		out_raw(o, "<li><a href=\"");
		href(pg, 1);
		out_raw(o, "\">首页</a></li><li><a rel=\"prev\" href=\"");
		href(pg, cur - 1 <= pages ? cur - 1 : pages);
		out_raw(o, "\">上一页</a></li>");
	}
	if (cur < pages) {
		out_raw(o, "<li><a rel=\"next\" href=\"");
		href(pg, cur + 1);
		out_raw(o, "\">下一页</a></li><li><a href=\"");
		href(pg, pages);
		out_raw(o, "\">末页</a></li>");
	}
	out_raw(o, "</ul>\n</nav>\n");
}

static int render(struct request *req, bool operations, struct error *err)
{
	if (admin_refuse_others(req))
		return 0;
	struct log_page *pg = calloc(1, sizeof *pg);
	if (!pg)
		abort();
	pg->req = req;
	pg->o = page_out_of(req);
	pg->operations = operations;
	pg->path = operations ? "/admin/oplog" : "/admin/loginlog";
	bool ok = parse(pg);
	struct page_out *o = &pg->o;
	int rc = 0;
	long total = 0;
	if (!ok)
		req->res.status = 400;
	admin_begin(o, operations ? "操作日志" : "登录日志", pg->path);
	query_form(pg);
	out_raw(o, "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">时间</th>"
		   "<th scope=\"col\">用户</th><th scope=\"col\">地址</th>");
	out_raw(o, operations ? "<th scope=\"col\">模块</th><th scope=\"col\">操作类型</th><th scope=\"col\">操作对象</th>"
				"<th scope=\"col\">详情</th>"
			      : "<th scope=\"col\">浏览器</th><th scope=\"col\">说明</th>");
	out_raw(o, "<th scope=\"col\">结果</th></tr></thead>\n<tbody>\n");
	if (ok) {
		rc = operations ? audit_search_operations(req->db, &pg->q, row, pg, &total, err)
				: audit_search_logins(req->db, &pg->q, row, pg, &total, err);
		if (rc < 0)
			goto out;
	}
	if (pg->n == 0) {
		out_raw(o, operations ? "<tr><td class=\"empty\" colspan=\"8\">" : "<tr><td class=\"empty\" colspan=\"6\">");
		out_raw(o, ok ? "暂无符合条件的记录" : "请先改正查询条件");
		out_raw(o, "</td></tr>\n");
	}
	out_raw(o, "</tbody>\n</table></div>\n");
	pager(pg, total);
	rc = admin_end(o, err);
out:
	free(pg);
	return rc;
}

int page_admin_oplog(struct request *req, struct error *err)
{
	return render(req, true, err);
}

int page_admin_loginlog(struct request *req, struct error *err)
{
	return render(req, false, err);
}
