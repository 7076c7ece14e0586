#include "web/page-payments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/money.h"
#include "base/number.h"
#include "base/stamp.h"
#include "domain/case.h"
#include "domain/payment.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export-payments.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/payment-action.h"

#define PAGE_FULL "payment page too large"
#define LINES_PER_PAGE 100
#define ERRORS_ON_PAGE 500

static void not_found(struct request *req)
{
	response_page(req, 404, "页面不存在", "您要访问的发放批次或页面不存在。");
}

static void yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
	money_format(fen, out, MONEY_TEXT_MAX);
}

/* "3,477,240.00 元（347.724万元）" into out. */
static void yuan_wan(int64_t fen, char *out, size_t size)
{
	char a[MONEY_TEXT_MAX], w[MONEY_TEXT_MAX];
	money_format(fen, a, sizeof a);
	money_format_wan(fen, w, sizeof w);
	snprintf(out, size, "%s 元（%s）", a, w);
}

static const char *hukou_label(int h)
{
	return h == 1 ? "城镇" : h == 2 ? "农村" : "不限";
}

static const char *grade_label(int g)
{
	static const char *const labels[] = {"不限", "一级", "二级", "三级", "四级"};
	return g >= 0 && g <= 4 ? labels[g] : "";
}

/* The project's payments page */

struct form_state {
	/* What was typed in the form that was refused, and why. */
	const char *form; /* "build", "standard", "budget" or "" */
	char field[16];
	char message[600];
};

static int ledger_html(struct request *req, const struct program *p, int year, struct error *err)
{
	struct buf *b = &req->res.body;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct payment_ledger l;
	if (payment_ledger(req->db, &scope, p->code, year, &l, err) < 0)
		return -1;
	char yeartext[8], text[160], href[200];
	snprintf(yeartext, sizeof yeartext, "%d", year);
	if (html_raw(b, "<section class=\"panel\">\n<h2>资金台账</h2>\n<dl class=\"facts ledger\">\n") < 0)
		return error_set(err, PAGE_FULL);
	struct {
		const char *label, *status;
		int64_t fen;
		long n;
		bool has;
	} rows[] = {
	    {"年度预算", NULL, l.budget, -1, l.has_budget},
	    {"已安排（待发放＋已发放）", "", l.committed, l.n_pending + l.n_paid, true},
	    {"待发放", "pending", l.pending, l.n_pending, true},
	    {"已发放", "paid", l.paid, l.n_paid, true},
	    {"发放失败（待更正）", "failed", l.failed, l.n_failed, true},
	    {"结余（预算－已发放－待发放）", NULL, l.outstanding, -1, l.has_budget},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		if (!rows[i].has)
			snprintf(text, sizeof text, "未设定");
		else
			yuan_wan(rows[i].fen, text, sizeof text);
		if (case_form_html(b, CF_RAW, "<dt>", CF_TXT, rows[i].label, CF_RAW, "</dt><dd>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
		if (rows[i].status && rows[i].has) {
			char n[40];
			snprintf(n, sizeof n, "（%ld人次）", rows[i].n);
			snprintf(href, sizeof href, "/projects/%s/payments/lines?year=%d%s%s", p->code, year,
				 *rows[i].status ? "&status=" : "", rows[i].status);
			if (case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, text, CF_RAW, "</a> ",
					   CF_TXT, n, CF_END) < 0)
				return error_set(err, PAGE_FULL);
		} else if (html_txt(b, text) < 0) {
			return error_set(err, PAGE_FULL);
		}
		if (html_raw(b, "</dd>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	if (html_raw(b, "</dl>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int field_error(struct buf *b, const struct form_state *fs, const char *form, const char *field, const char *id)
{
	if (strcmp(fs->form, form) != 0 || strcmp(fs->field, field) != 0)
		return 0;
	return case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, fs->message,
			      CF_RAW, "</p>", CF_END);
}

static int budget_form(struct request *req, const struct program *p, int year, const struct form_state *fs)
{
	struct buf *b = &req->res.body;
	char action[96], yeartext[8];
	snprintf(action, sizeof action, "/projects/%s/payments/budget", p->code);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	const char *typed = strcmp(fs->form, "budget") == 0 ? request_field(req, "amount") : NULL;
	return case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\">",
			      CF_END) < 0 ||
		       layout_csrf_field(req) < 0 ||
		       case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW,
				      "\"><div class=\"field\"><label for=\"f-budget\">设定本年度预算（元）</label>"
				      "<input id=\"f-budget\" name=\"amount\" type=\"text\" inputmode=\"decimal\" maxlength=\"24\" value=\"",
				      CF_ATTR, typed ? typed : "", CF_RAW, "\">", CF_END) < 0 ||
		       field_error(b, fs, "budget", "amount", "e-budget") < 0 ||
		       html_raw(b, "</div><div class=\"buttons\"><button type=\"submit\">保存预算</button></div></form>\n") < 0
		   ? -1
		   : 0;
}

struct std_rows {
	struct buf *b;
	int n, w;
};

static void std_row(void *ctx, const struct payment_standard *s)
{
	struct std_rows *t = ctx;
	char amount[MONEY_TEXT_MAX], at[STAMP_LOCAL_SIZE];
	yuan(s->amount, amount);
	stamp_local(s->set_at, at);
	t->n++;
	if (case_form_html(t->b, CF_RAW, "<tr><td>", CF_TXT, hukou_label(s->hukou), CF_RAW, "</td><td>", CF_TXT,
			   grade_label(s->grade), CF_RAW, "</td><td class=\"num\">", CF_TXT, amount, CF_RAW, "</td><td>",
			   CF_TXT, at, CF_RAW, " ", CF_TXT, s->set_by, CF_RAW, "</td></tr>\n", CF_END) < 0)
		t->w = -1;
}

static int standards_html(struct request *req, const struct program *p, int year, const struct form_state *fs,
			  struct error *err)
{
	struct buf *b = &req->res.body;
	struct std_rows t = {b, 0, 0};
	if (html_raw(b, "<section class=\"panel\">\n<h2>发放标准</h2>\n<p class=\"muted\">每人每期的金额；同时符合几条时，取最具体的一条（户口性质和残疾等级都指定的优先，其次只指定残疾等级的，再次只指定户口性质的，最后不限的）。</p>\n"
			"<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">户口性质</th><th scope=\"col\">残疾等级</th>"
			"<th scope=\"col\" class=\"num\">每人每期（元）</th><th scope=\"col\">设定</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (payment_standards(req->db, p->code, year, std_row, &t, err) < 0)
		return -1;
	if (t.w < 0 || (t.n == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"4\">尚未设定本年度的发放标准</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (!payment_may_set(&req->account))
		return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
	char action[96], yeartext[8];
	snprintf(action, sizeof action, "/projects/%s/payments/standard", p->code);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	bool again = strcmp(fs->form, "standard") == 0;
	const char *typed = again ? request_field(req, "amount") : NULL;
	const char *h = again ? request_field(req, "hukou") : NULL, *g = again ? request_field(req, "grade") : NULL;
	if (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\">",
			   CF_END) < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW,
			   "\"><div class=\"field\"><label for=\"f-hukou\">户口性质</label><select id=\"f-hukou\" name=\"hukou\">"
			   "<option value=\"0\">不限</option><option value=\"1\"",
			   CF_RAW, h && strcmp(h, "1") == 0 ? " selected" : "", CF_RAW, ">城镇</option><option value=\"2\"", CF_RAW,
			   h && strcmp(h, "2") == 0 ? " selected" : "", CF_RAW, ">农村</option></select></div>"
			   "<div class=\"field\"><label for=\"f-grade\">残疾等级</label><select id=\"f-grade\" name=\"grade\">"
			   "<option value=\"0\">不限</option>",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	for (int i = 1; i <= 4; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d", i);
		if (case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, v, CF_RAW, g && strcmp(g, v) == 0 ? "\" selected>" : "\">",
				   CF_TXT, grade_label(i), CF_RAW, "</option>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (case_form_html(b, CF_RAW, "</select></div><div class=\"field\"><label for=\"f-std\">每人每期金额（元；留空为删除该条）</label>"
			   "<input id=\"f-std\" name=\"amount\" type=\"text\" inputmode=\"decimal\" maxlength=\"24\" value=\"",
			   CF_ATTR, typed ? typed : "", CF_RAW, "\">", CF_END) < 0 ||
	    field_error(b, fs, "standard", "amount", "e-std") < 0 || field_error(b, fs, "standard", "hukou", "e-std") < 0 ||
	    field_error(b, fs, "standard", "grade", "e-std") < 0 ||
	    html_raw(b, "</div><div class=\"buttons\"><button type=\"submit\">保存标准</button></div></form>\n") < 0 ||
	    budget_form(req, p, year, fs) < 0 || html_raw(b, "</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

struct batch_rows {
	struct request *req;
	int n;
};

static int batch_row(void *ctx, const struct payment_batch *bt, struct error *err)
{
	struct batch_rows *t = ctx;
	struct buf *b = &t->req->res.body;
	char href[48], id[24], lines[24], total[MONEY_TEXT_MAX], paid[MONEY_TEXT_MAX], failed[MONEY_TEXT_MAX],
	    at[STAMP_LOCAL_SIZE];
	snprintf(href, sizeof href, "/payments/%lld", (long long)bt->id);
	snprintf(id, sizeof id, "第%lld批", (long long)bt->id);
	snprintf(lines, sizeof lines, "%ld", bt->lines);
	yuan(bt->total, total);
	yuan(bt->paid, paid);
	yuan(bt->failed, failed);
	stamp_local(bt->created_at, at);
	t->n++;
	return case_form_html(b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, id, CF_RAW, "</a></td><td>",
			      CF_TXT, bt->period, CF_RAW, "</td><td>", CF_TXT, payment_batch_status_label(bt->status), CF_RAW,
			      "</td><td class=\"num\">", CF_TXT, lines, CF_RAW, "</td><td class=\"num\">", CF_TXT, total, CF_RAW,
			      "</td><td class=\"num\">", CF_TXT, paid, CF_RAW, "</td><td class=\"num\">", CF_TXT, failed, CF_RAW,
			      "</td><td>", CF_TXT, at, CF_RAW, "</td></tr>\n", CF_END) < 0
		   ? error_set(err, PAGE_FULL)
		   : 0;
}


/*
 * The stages a case can move on to from the payable one (暂停发放, 停止发放
 * ...): a case there is not paid, so the build form ticks them by default.
 */
static void stages_after(const struct program *p, const char *payable, bool after[PROGRAM_LIST_MAX])
{
	int start = program_stage_index(p, payable);
	if (start < 0 || p->nstages > PROGRAM_LIST_MAX)
		return;
	size_t queue[PROGRAM_LIST_MAX], n = 0;
	bool seen[PROGRAM_LIST_MAX] = {false};
	seen[start] = true;
	queue[n++] = (size_t)start;
	for (size_t head = 0; head < n; head++)
		for (size_t t = 0; t < p->ntransitions; t++) {
			const struct program_transition *tr = &p->transitions[t];
			bool from = false;
			for (size_t k = 0; k < tr->nfrom && !from; k++)
				from = tr->from[k] == queue[head];
			if (from && !seen[tr->to]) {
				seen[tr->to] = after[tr->to] = true;
				queue[n++] = tr->to;
			}
		}
}

static int build_form(struct request *req, const struct program *p, int year, const struct form_state *fs,
		      struct error *err)
{
	struct buf *b = &req->res.body;
	char action[96], yeartext[8], example[16];
	snprintf(action, sizeof action, "/projects/%s/payments/build", p->code);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	snprintf(example, sizeof example, "%d-06", year);
	bool again = strcmp(fs->form, "build") == 0;
	const char *period = again ? request_field(req, "period") : NULL;
	const char *payable = again ? request_field(req, "payable_stage") : NULL;
	if (!payable) /* the stage most projects pay from */
		payable = program_stage_index(p, "approved") >= 0 ? "approved" : "";
	if (html_raw(b, "<section class=\"panel\">\n<h2>生成发放批次（打卡发放）</h2>\n") < 0 ||
	    (again && !*fs->field &&
	     case_form_html(b, CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, fs->message, CF_RAW, "</p>\n",
			    CF_END) < 0) ||
	    html_raw(b, "<p class=\"muted\">从到达“可发放阶段”、当前不在停发阶段、本期尚未发放（或上次发放失败）的案例生成；没有银行账号或没有适用标准的人员不列入，并列出原因。</p>\n") < 0 ||
	    case_form_html(b, CF_RAW, "<form method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\">", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, again && request_field(req, "year") ? request_field(req, "year") : yeartext, CF_RAW, "\">",
			   CF_END) < 0 ||
	    field_error(b, fs, "build", "year", "e-year") < 0 ||
	    case_form_html(b, CF_RAW, "</div><div class=\"field\"><label for=\"f-period\">发放期（如 ", CF_TXT, example, CF_RAW,
			   "、", CF_TXT, yeartext, CF_RAW, "-Q2、", CF_TXT, yeartext, CF_RAW,
			   "-H1）</label><input id=\"f-period\" name=\"period\" type=\"text\" maxlength=\"7\" size=\"9\" required value=\"",
			   CF_ATTR, period ? period : "", CF_RAW, "\">", CF_END) < 0 ||
	    field_error(b, fs, "build", "period", "e-period") < 0 ||
	    html_raw(b, "</div><div class=\"field\"><label for=\"f-payable\">可发放阶段</label><select id=\"f-payable\" name=\"payable_stage\">") < 0)
		return error_set(err, PAGE_FULL);
	for (size_t i = 0; i < p->nstages; i++)
		if (case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, p->stages[i].key, CF_RAW,
				   strcmp(p->stages[i].key, payable) == 0 ? "\" selected>" : "\">", CF_TXT, p->stages[i].label,
				   CF_RAW, "</option>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	if (html_raw(b, "</select>") < 0 || field_error(b, fs, "build", "payable_stage", "e-payable") < 0 ||
	    html_raw(b, "</div><fieldset class=\"field\"><legend>停发阶段（案例当前处于这些阶段时不发放）</legend>") < 0)
		return error_set(err, PAGE_FULL);
	bool after[PROGRAM_LIST_MAX] = {false};
	stages_after(p, payable, after);
	for (size_t i = 0; i < p->nstages; i++) {
		char name[PROGRAM_KEY_MAX + 8];
		snprintf(name, sizeof name, "stop_%s", p->stages[i].key);
		bool checked = again ? request_field(req, name) != NULL : p->stages[i].final || after[i];
		if (case_form_html(b, CF_RAW, "<label><input type=\"checkbox\" name=\"", CF_ATTR, name, CF_RAW,
				   checked ? "\" value=\"1\" checked> " : "\" value=\"1\"> ", CF_TXT, p->stages[i].label, CF_RAW,
				   "</label> ", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (field_error(b, fs, "build", "stop_stages", "e-stops") < 0 ||
	    html_raw(b, "</fieldset><div class=\"buttons\"><button type=\"submit\" class=\"primary\">生成批次</button></div></form>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int render_payments(struct request *req, const struct program *p, int year, const struct form_state *fs,
			   struct error *err)
{
	struct buf *b = &req->res.body;
	char title[240], back[80], yeartext[8];
	snprintf(title, sizeof title, "%s资金发放（%d年度）", p->name, year);
	snprintf(back, sizeof back, "/projects/%s?year=%d", p->code, year);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	const char *saved = request_arg(req, "saved");
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回项目</a></p>\n", CF_RAW,
			   saved ? "<p class=\"notice ok\" role=\"status\">已保存。</p>\n" : "", CF_RAW,
			   "<form class=\"query panel\" method=\"get\"><div class=\"field inline\"><label for=\"f-y\">年度</label>"
			   "<input id=\"f-y\" name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, yeartext, CF_RAW, "\"></div><div class=\"buttons\"><button type=\"submit\">查看</button></div></form>\n",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (ledger_html(req, p, year, err) < 0)
		return -1;
	if (html_raw(b, "</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (standards_html(req, p, year, fs, err) < 0)
		return -1;
	if (html_raw(b, "<section class=\"panel\">\n<h2>发放批次</h2>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			"<th scope=\"col\">批次</th><th scope=\"col\">发放期</th><th scope=\"col\">状态</th><th scope=\"col\" class=\"num\">人数</th>"
			"<th scope=\"col\" class=\"num\">金额（元）</th><th scope=\"col\" class=\"num\">已发放（元）</th>"
			"<th scope=\"col\" class=\"num\">失败（元）</th><th scope=\"col\">生成时间</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct batch_rows t = {req, 0};
	if (payment_batch_list(req->db, &scope, p->code, year, batch_row, &t, err) < 0)
		return -1;
	if ((t.n == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"8\">本年度还没有发放批次</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (payment_may_pay(&req->account) && build_form(req, p, year, fs, err) < 0)
		return -1;
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* Lines: of a program-year (ledger) or of a batch */

struct line_rows {
	struct buf *b;
	bool full;
	bool with_batch;
	int w;
};

static int line_row(void *ctx, const struct payment_line *l, struct error *err)
{
	(void)err;
	struct line_rows *t = ctx;
	char seq[48], amount[MONEY_TEXT_MAX], idn[32], acct[48], href[48];
	if (t->with_batch)
		snprintf(seq, sizeof seq, "第%lld批 %ld", (long long)l->batch, l->seq);
	else
		snprintf(seq, sizeof seq, "%ld", l->seq);
	snprintf(href, sizeof href, "/payments/%lld", (long long)l->batch);
	yuan(l->amount, amount);
	mask_idcard(l->id_number, idn, sizeof idn);
	mask_account(l->bank_account, acct, sizeof acct);
	char chref[40];
	snprintf(chref, sizeof chref, "/cases/%lld", (long long)l->case_id);
	if (case_form_html(t->b, CF_RAW, "<tr><td>", CF_END) < 0 ||
	    (t->with_batch && case_form_html(t->b, CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, seq, CF_RAW, "</a>", CF_END) < 0) ||
	    (!t->with_batch && html_txt(t->b, seq) < 0) ||
	    case_form_html(t->b, CF_RAW, "</td><td><a href=\"", CF_ATTR, chref, CF_RAW, "\">", CF_TXT, l->name, CF_RAW,
			   "</a></td><td>", CF_TXT, idn, CF_RAW, "</td><td>", CF_TXT, l->village_name, CF_RAW, "</td><td>",
			   CF_TXT, l->bank_name, CF_RAW, "</td><td>", CF_TXT, acct, CF_RAW, "</td><td class=\"num\">", CF_TXT,
			   amount, CF_RAW, "</td><td>", CF_TXT, payment_line_status_label(l->status), CF_RAW,
			   l->status == PAYMENT_FAILED ? "：" : "", CF_TXT, l->reason, CF_RAW, "</td></tr>\n", CF_END) < 0)
		t->w = -1;
	return 0;
}

static int lines_table(struct request *req, const struct payment_line_query *q, const char *base_href, bool with_batch,
		       struct error *err)
{
	struct buf *b = &req->res.body;
	struct line_rows t = {b, false, with_batch, 0};
	long total = 0;
	if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">序号</th><th scope=\"col\">姓名</th>"
			"<th scope=\"col\">身份证号</th><th scope=\"col\">村</th><th scope=\"col\">开户银行</th><th scope=\"col\">银行账号</th>"
			"<th scope=\"col\" class=\"num\">金额（元）</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (payment_lines(req->db, q, line_row, &t, &total, err) < 0)
		return -1;
	if (t.w < 0 || (total == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"8\">没有记录</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	long pages = (total + LINES_PER_PAGE - 1) / LINES_PER_PAGE;
	char text[64], href[300];
	snprintf(text, sizeof text, "共 %ld 条，第 %ld/%ld 页", total, q->page, pages ? pages : 1);
	if (case_form_html(b, CF_RAW, "<nav class=\"pager\" aria-label=\"分页\"><span class=\"total\">", CF_TXT, text, CF_RAW,
			   "</span> ", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (q->page > 1) {
		snprintf(href, sizeof href, "%s&page=%ld", base_href, q->page - 1);
		if (case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, "\">上一页</a> ", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (q->page < pages) {
		snprintf(href, sizeof href, "%s&page=%ld", base_href, q->page + 1);
		if (case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, "\">下一页</a>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</nav>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static long page_arg(struct request *req)
{
	int64_t n;
	return number_parse(request_arg(req, "page"), 1, 99999999, &n) ? (long)n : 1;
}

static int render_year_lines(struct request *req, const struct program *p, int year, struct error *err)
{
	struct buf *b = &req->res.body;
	const char *st = request_arg(req, "status");
	int status = st && *st ? payment_line_status_of(st) : 0;
	char title[240], back[96], base[160];
	snprintf(title, sizeof title, "%s %d年度发放明细%s%s", p->name, year, status ? "：" : "",
		 status ? payment_line_status_label(status) : "");
	snprintf(back, sizeof back, "/projects/%s/payments?year=%d", p->code, year);
	snprintf(base, sizeof base, "/projects/%s/payments/lines?year=%d%s%s", p->code, year, status ? "&status=" : "",
		 status ? payment_line_status_code(status) : "");
	struct payment_line_query q = {.program = p->code, .year = year, .status = status, .page = page_arg(req),
				       .per_page = LINES_PER_PAGE};
	case_scope_of(&req->account, &q.scope);
	char exporthref[200];
	snprintf(exporthref, sizeof exporthref, "/projects/%s/payments/lines/export?year=%d%s%s", p->code, year,
		 status ? "&status=" : "", status ? payment_line_status_code(status) : "");
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
			   "\">返回资金发放</a> <a class=\"btn secondary\" href=\"", CF_ATTR, exporthref, CF_RAW,
			   "\">导出 Excel</a></p>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (lines_table(req, &q, base, true, err) < 0)
		return -1;
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

int page_payments(struct request *req, const struct program *p, const char *rest, struct error *err)
{
	if (!payment_may_view(&req->account)) {
		response_page(req, 403, "无权查看", "您的角色不能查看资金发放。");
		return 0;
	}
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0)
		year = date_today().year;
	if (strcmp(rest, "/lines") == 0)
		return render_year_lines(req, p, year, err);
	if (strcmp(rest, "/lines/export") == 0) {
		const char *st = request_arg(req, "status");
		return export_payment_lines(req, p, year, st && *st ? payment_line_status_of(st) : 0, err);
	}
	struct form_state fs = {"", "", ""};
	return render_payments(req, p, year, &fs, err);
}

int page_payments_post(struct request *req, const struct program *p, const char *rest, struct error *err)
{
	struct form_state fs = {"", "", ""};
	const char *year = request_field(req, "year");
	int y = case_form_year(year && *year ? year : "x");
	int rc;
	char location[160];
	if (strcmp(rest, "/build") == 0) {
		if (!payment_may_pay(&req->account)) {
			response_page(req, 403, "无权操作", "只有县残联工作人员可以生成发放批次。");
			return 0;
		}
		struct buf stops = BUF_INIT(4096);
		for (size_t i = 0; i < p->nstages; i++) {
			char name[PROGRAM_KEY_MAX + 8];
			snprintf(name, sizeof name, "stop_%s", p->stages[i].key);
			if (request_field(req, name) && (buf_addstr(&stops, p->stages[i].key) < 0 || buf_addch(&stops, ',') < 0))
				break;
		}
		struct payment_built out;
		rc = payment_action_build(req, p, year, request_field(req, "period"), request_field(req, "payable_stage"),
					  buf_cstr(&stops), &out, err);
		buf_release(&stops);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			snprintf(location, sizeof location, "/payments/%lld?built=1", (long long)out.batch);
			return auth_redirect(req, location, err);
		}
		fs.form = "build";
		snprintf(fs.field, sizeof fs.field, "%s", out.field);
		snprintf(fs.message, sizeof fs.message, "%s", out.message);
	} else if (strcmp(rest, "/standard") == 0 || strcmp(rest, "/budget") == 0) {
		if (!payment_may_set(&req->account)) {
			response_page(req, 403, "无权操作", "只有县残联管理员可以设定发放标准和资金预算。");
			return 0;
		}
		bool budget = strcmp(rest, "/budget") == 0;
		char field[16] = "", reason[200] = "";
		rc = budget ? payment_action_budget(req, p, year, request_field(req, "amount"), field, reason, err)
			    : payment_action_standard(req, p, year, request_field(req, "hukou"), request_field(req, "grade"),
						      request_field(req, "amount"), field, reason, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			snprintf(location, sizeof location, "/projects/%s/payments?year=%d&saved=1", p->code, y);
			return auth_redirect(req, location, err);
		}
		fs.form = budget ? "budget" : "standard";
		snprintf(fs.field, sizeof fs.field, "%s", field);
		snprintf(fs.message, sizeof fs.message, "%s", reason);
	} else {
		not_found(req);
		return 0;
	}
	req->res.status = 400;
	return render_payments(req, p, y < 0 ? date_today().year : y, &fs, err);
}

/* A batch's page */

static void skip_row(void *ctx, int64_t case_id, int64_t person_id, const char *name, const char *reason)
{
	(void)person_id;
	struct line_rows *t = ctx;
	char href[40];
	snprintf(href, sizeof href, "/cases/%lld", (long long)case_id);
	if (case_form_html(t->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, name, CF_RAW,
			   "</a></td><td>", CF_TXT, reason, CF_RAW, "</td></tr>\n", CF_END) < 0)
		t->w = -1;
}

static int result_html(struct buf *b, int rc, const struct import_report *r, const struct payment_reconciled *out)
{
	char text[400], a[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX];
	if (rc == 0) {
		yuan(out->paid_fen, a);
		yuan(out->failed_fen, c);
		snprintf(text, sizeof text, "回盘文件已对账：发放成功 %ld 人，%s 元；发放失败 %ld 人，%s 元%s", out->paid, a,
			 out->failed, c, out->remaining ? "；本批次还有未对账的行" : "；本批次已全部对账");
		return case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, text, CF_RAW, "</p>\n", CF_END);
	}
	snprintf(text, sizeof text, "回盘文件没有导入（数据库未作任何改动）%s", r->rejected ? "：请按下表改正后重新上传。" : "。");
	if (case_form_html(b, CF_RAW, "<div class=\"notice error\" role=\"alert\"><p>", CF_TXT, text, CF_RAW, "</p>", CF_END) < 0 ||
	    (*out->message && case_form_html(b, CF_RAW, "<p>", CF_TXT, out->message, CF_RAW, "</p>", CF_END) < 0) ||
	    html_raw(b, "</div>\n") < 0)
		return -1;
	if (!r->nerrors)
		return 0;
	if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><caption>有误的行</caption><thead><tr><th scope=\"col\">行号</th>"
			"<th scope=\"col\">列</th><th scope=\"col\">问题</th></tr></thead>\n<tbody>\n") < 0)
		return -1;
	for (size_t i = 0; i < r->nerrors && i < ERRORS_ON_PAGE; i++) {
		snprintf(text, sizeof text, "第%ld行", r->errors[i].row);
		if (case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, text, CF_RAW, "</td><td>", CF_TXT, r->errors[i].column, CF_RAW,
				   "</td><td>", CF_TXT, r->errors[i].reason, CF_RAW, "</td></tr>\n", CF_END) < 0)
			return -1;
	}
	return html_raw(b, "</tbody></table></div>\n");
}

static int render_batch(struct request *req, const struct payment_batch *bt, int rc, const struct import_report *r,
			const struct payment_reconciled *out, const char *notice, struct error *err)
{
	struct buf *b = &req->res.body;
	const struct program *p = NULL;
	if (program_get(req->db, bt->program, 0, &p, err) < 0)
		return -1;
	char title[240], back[96], self[48], text[200];
	snprintf(title, sizeof title, "发放批次 第%lld批（%s %s）", (long long)bt->id, p ? p->name : bt->program, bt->period);
	snprintf(back, sizeof back, "/projects/%s/payments?year=%d", bt->program, bt->year);
	snprintf(self, sizeof self, "/payments/%lld", (long long)bt->id);
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回资金发放</a></p>\n", CF_END) < 0 ||
	    (notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n", CF_END) < 0) ||
	    (r && result_html(b, rc, r, out) < 0))
		return error_set(err, PAGE_FULL);
	/* Facts and totals */
	char stops[sizeof bt->stops * 4] = "";
	const char *s = bt->stops;
	while (*s) {
		s += strspn(s, ",");
		size_t n = strcspn(s, ",");
		if (!n)
			break;
		char key[PROGRAM_KEY_MAX + 1];
		snprintf(key, sizeof key, "%.*s", (int)n, s);
		size_t m = strlen(stops);
		snprintf(stops + m, sizeof stops - m, "%s%s", m ? "、" : "", p ? case_form_stage_label(p, key) : key);
		s += n;
	}
	char created[STAMP_LOCAL_SIZE], sent[STAMP_LOCAL_SIZE] = "", lines[24], skipped[24];
	stamp_local(bt->created_at, created);
	if (*bt->sent_at)
		stamp_local(bt->sent_at, sent);
	snprintf(lines, sizeof lines, "%ld人", bt->lines);
	snprintf(skipped, sizeof skipped, "%ld人", bt->skipped);
	if (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<dl class=\"facts\">\n<dt>状态</dt><dd>", CF_TXT,
			   payment_batch_status_label(bt->status), CF_RAW, "</dd>\n<dt>发放期</dt><dd>", CF_TXT, bt->period, CF_RAW,
			   "</dd>\n<dt>可发放阶段</dt><dd>", CF_TXT, p ? case_form_stage_label(p, bt->payable) : bt->payable,
			   CF_RAW, "</dd>\n<dt>停发阶段</dt><dd>", CF_TXT, *stops ? stops : "无", CF_RAW, "</dd>\n<dt>生成</dt><dd>",
			   CF_TXT, created, CF_RAW, " ", CF_TXT, bt->created_by, CF_RAW, "</dd>\n", CF_END) < 0 ||
	    (*sent && case_form_html(b, CF_RAW, "<dt>报送银行</dt><dd>", CF_TXT, sent, CF_RAW, " ", CF_TXT, bt->sent_by, CF_RAW,
				     "</dd>\n", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<dt>人数</dt><dd>", CF_TXT, lines, CF_RAW, "</dd>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	struct {
		const char *label;
		int64_t fen;
	} sums[] = {{"合计金额", bt->total}, {"已发放", bt->paid}, {"发放失败", bt->failed}, {"待发放", bt->pending}};
	for (size_t i = 0; i < 4; i++) {
		yuan_wan(sums[i].fen, text, sizeof text);
		if (case_form_html(b, CF_RAW, "<dt>", CF_TXT, sums[i].label, CF_RAW, "</dt><dd>", CF_TXT, text, CF_RAW, "</dd>\n",
				   CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (case_form_html(b, CF_RAW, "<dt>未列入</dt><dd>", CF_TXT, skipped, CF_RAW, "</dd>\n</dl>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	/* Actions */
	if (payment_may_pay(&req->account)) {
		if (bt->status != PAYMENT_RECONCILED &&
		    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a class=\"btn\" href=\"", CF_ATTR, self, CF_RAW,
				   "/bank.xlsx\">下载银行文件（Excel）</a> <a class=\"btn\" href=\"", CF_ATTR, self, CF_RAW,
				   "/bank.csv\">下载银行文件（CSV）</a></p>\n", CF_END) < 0)
			return error_set(err, PAGE_FULL);
		if (bt->status == PAYMENT_DRAFT) {
			if (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, self, CF_RAW, "/sent\">",
					   CF_END) < 0 ||
			    layout_csrf_field(req) < 0 ||
			    html_raw(b, "<button type=\"submit\" class=\"primary\">标记为已报送银行</button></form>\n") < 0 ||
			    case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, self, CF_RAW,
					   "/discard\">", CF_END) < 0 ||
			    layout_csrf_field(req) < 0 ||
			    html_raw(b, "<button type=\"submit\" class=\"secondary\">作废此草稿</button></form>\n") < 0)
				return error_set(err, PAGE_FULL);
		} else if (bt->status == PAYMENT_SENT) {
			if (case_form_html(b, CF_RAW, "<h2>导入银行回盘文件</h2>\n<p class=\"muted\">与银行文件相同的列，加“状态”（成功/失败）和“原因”列；可有一行“合计”。逐行按序号和银行账号核对，金额须分毫不差，否则整个文件不导入。</p>\n"
					   "<form method=\"post\" enctype=\"multipart/form-data\" action=\"", CF_ATTR, self, CF_RAW,
					   "/return\">", CF_END) < 0 ||
			    layout_csrf_field(req) < 0 ||
			    html_raw(b, "<div class=\"field\"><label for=\"f-file\">回盘文件（.xlsx 或 .csv）</label>"
					"<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".xlsx,.csv\" required></div>"
					"<div class=\"field\"><label for=\"f-paid\">银行所报实发总额（元，可不填）</label>"
					"<input id=\"f-paid\" name=\"paid_total\" type=\"text\" inputmode=\"decimal\" maxlength=\"24\"></div>"
					"<div class=\"buttons\"><button type=\"submit\" class=\"primary\">导入并对账</button></div></form>\n") < 0)
				return error_set(err, PAGE_FULL);
		}
	}
	if (html_raw(b, "</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	/* Failed lines first (they go back for correction), then every line. */
	struct payment_line_query q = {.batch = bt->id, .page = 1, .per_page = LINES_PER_PAGE};
	case_scope_of(&req->account, &q.scope);
	char base[96];
	if (bt->n_failed) {
		q.status = PAYMENT_FAILED;
		snprintf(base, sizeof base, "%s?status=failed", self);
		if (html_raw(b, "<section class=\"panel\">\n<h2>发放失败的人员（请在档案中更正银行账号后，在同一发放期的新批次中重新发放）</h2>\n") < 0)
			return error_set(err, PAGE_FULL);
		if (lines_table(req, &q, base, false, err) < 0)
			return -1;
		if (html_raw(b, "</section>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	const char *st = request_arg(req, "status");
	q.status = st && *st ? payment_line_status_of(st) : 0;
	q.page = page_arg(req);
	snprintf(base, sizeof base, "%s?status=%s", self, q.status ? payment_line_status_code(q.status) : "");
	if (html_raw(b, "<section class=\"panel\">\n<h2>发放明细</h2>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (lines_table(req, &q, base, false, err) < 0)
		return -1;
	if (html_raw(b, "</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (bt->skipped) {
		struct line_rows t = {b, false, false, 0};
		if (html_raw(b, "<section class=\"panel\">\n<h2>未列入本批次的人员</h2>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
				"<th scope=\"col\">姓名</th><th scope=\"col\">原因</th></tr></thead>\n<tbody>\n") < 0)
			return error_set(err, PAGE_FULL);
		if (payment_skips(req->db, &q.scope, bt->id, skip_row, &t, err) < 0)
			return -1;
		if (t.w < 0 || html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* The batch of the path, within the user's scope: 1, 0 answered (404/403), -1. */
static int batch_of_path(struct request *req, struct payment_batch *bt, const char **rest, struct error *err)
{
	int64_t id;
	if (!payment_may_view(&req->account)) {
		response_page(req, 403, "无权查看", "您的角色不能查看资金发放。");
		return 0;
	}
	if (!request_path_id_rest(req, "/payments/", &id, rest)) {
		not_found(req);
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	int found = payment_batch_get(req->db, &scope, id, bt, err);
	if (found < 0)
		return -1;
	if (!found || (!payment_may_pay(&req->account) && bt->lines == 0 && bt->skipped == 0)) {
		not_found(req);
		return 0;
	}
	return 1;
}

int page_payment(struct request *req, struct error *err)
{
	struct payment_batch bt;
	const char *rest;
	int found = batch_of_path(req, &bt, &rest, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "/bank.xlsx") == 0 || strcmp(rest, "/bank.csv") == 0) {
		if (!payment_may_pay(&req->account)) {
			response_page(req, 403, "无权下载", "银行文件含完整的身份证号和银行账号，只有县残联工作人员可以下载。");
			return 0;
		}
		return payment_action_download(req, &bt, strcmp(rest, "/bank.csv") == 0, err);
	}
	if (*rest) {
		not_found(req);
		return 0;
	}
	const char *built = request_arg(req, "built"), *done = request_arg(req, "done");
	const char *notice = built ? "发放批次已生成（草稿）：请核对后下载银行文件，报送银行后标记为已报送。"
			     : done && strcmp(done, "sent") == 0 ? "已标记为已报送银行。"
								     : NULL;
	return render_batch(req, &bt, 0, NULL, NULL, notice, err);
}

int page_payment_post(struct request *req, struct error *err)
{
	struct payment_batch bt;
	const char *rest;
	int found = batch_of_path(req, &bt, &rest, err);
	if (found <= 0)
		return found;
	if (!payment_may_pay(&req->account)) {
		response_page(req, 403, "无权操作", "只有县残联工作人员可以办理资金发放。");
		return 0;
	}
	char location[120];
	if (strcmp(rest, "/sent") == 0 || strcmp(rest, "/discard") == 0) {
		bool send = strcmp(rest, "/sent") == 0;
		int rc = send ? payment_action_send(req, bt.id, err) : payment_action_discard(req, bt.id, err);
		if (rc < 0)
			return -1;
		if (rc != 0) {
			response_page(req, 409, "无法办理", send ? "只有草稿批次可以标记为已报送银行。" : "只有草稿批次可以作废。");
			return 0;
		}
		if (send)
			snprintf(location, sizeof location, "/payments/%lld?done=sent", (long long)bt.id);
		else
			snprintf(location, sizeof location, "/projects/%s/payments?year=%d", bt.program, bt.year);
		return auth_redirect(req, location, err);
	}
	if (strcmp(rest, "/return") != 0) {
		not_found(req);
		return 0;
	}
	struct import_report r;
	import_report_init(&r);
	struct payment_reconciled out;
	int rc = payment_action_reconcile(req, bt.id, request_field(req, "paid_total"), &r, &out, err);
	if (rc >= 0 && rc != 2) {
		struct registry_scope scope;
		case_scope_of(&req->account, &scope);
		if (payment_batch_get(req->db, &scope, bt.id, &bt, err) < 0)
			rc = -1;
		else {
			if (rc == 1)
				req->res.status = 422;
			rc = render_batch(req, &bt, rc, &r, &out, NULL, err);
		}
	} else if (rc == 2) {
		not_found(req);
		rc = 0;
	}
	import_report_release(&r);
	return rc;
}
