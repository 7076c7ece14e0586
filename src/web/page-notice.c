#include "web/page-notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/registry.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"

#define PAGE_FULL "notice page too large"

struct notice {
	struct request *req;
	struct buf *b;
	const struct program *p;
	const char *village;
	char village_name[161];
	bool disability;
	long rows;
	int rc;
};

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

static void village_option(void *ctx, const char *township, const char *township_name, const char *code,
			   const char *name)
{
	(void)township;
	struct notice *n = ctx;
	char label[330];
	snprintf(label, sizeof label, "%s %s", township_name, name);
	if (strcmp(code, n->village) == 0)
		snprintf(n->village_name, sizeof n->village_name, "%s", name);
	if (n->rc == 0 && option(n->b, code, label, n->village) < 0)
		n->rc = -1;
}

static void money(int64_t fen, char *out, size_t size)
{
	snprintf(out, size, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static int row(void *ctx, const struct case_notice_row *r, struct error *err)
{
	struct notice *n = ctx;
	struct buf *b = n->b;
	char num[24], period[40], amount[32];
	snprintf(num, sizeof num, "%ld", ++n->rows);
	snprintf(period, sizeof period, "%s至%s", r->from, r->until);
	if (case_form_html(b, CF_RAW, "<tr><td class=\"num\">", CF_TXT, num, CF_RAW, "</td><td>", CF_TXT, r->name, CF_RAW,
			   "</td><td>", CF_TXT, r->village_name, CF_RAW, "</td><td>", CF_TXT, n->p->name, CF_RAW,
			   "</td><td class=\"mono\">", CF_TXT, r->id_masked, CF_RAW, "</td>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (n->disability &&
	    case_form_html(b, CF_RAW, "<td>", CF_TXT, r->category ? dict_label(DICT_CATEGORY, r->category) : "", CF_RAW,
			   "</td><td>", CF_TXT, r->grade ? dict_label(DICT_GRADE, r->grade) : "", CF_RAW, "</td>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	money(n->p->monthly_amount, amount, sizeof amount);
	if ((n->p->monthly_amount >= 0 &&
	     case_form_html(b, CF_RAW, "<td class=\"num\">", CF_TXT, amount, CF_RAW, "</td>", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<td>", CF_TXT, period, CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_notice(struct request *req, const struct program *p, struct error *err)
{
	struct notice *n = xcalloc(1, sizeof *n);
	n->req = req;
	n->b = &req->res.body;
	n->p = p;
	const char *v = request_arg(req, "village");
	n->village = v && strlen(v) == 12 && strspn(v, "0123456789") == 12 ? v : "";
	int year = case_form_year(request_arg(req, "year")), rc = -1;
	if (year < 0)
		year = date_today().year;
	struct buf *b = n->b;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	char title[220], back[80], action[80], yeartext[8];
	snprintf(title, sizeof title, "%s · 公示名单", p->name);
	snprintf(back, sizeof back, "/projects/%s?year=%d", p->code, year);
	snprintf(action, sizeof action, "/projects/%s/notice", p->code);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回项目</a></p>\n"
			   "<form class=\"query panel\" method=\"get\" action=\"", CF_ATTR, action, CF_RAW,
			   "\"><div class=\"field inline\"><label for=\"f-village\">村（社区）</label><select id=\"f-village\" name=\"village\">"
			   "<option value=\"\">请选择</option>", CF_END) < 0)
		goto full;
	if (registry_villages(req->db, &scope, village_option, n, err) < 0)
		goto out;
	if (n->rc < 0 ||
	    case_form_html(b, CF_RAW, "</select></div><div class=\"field inline\"><label for=\"f-year\">年度</label>"
				  "<input id=\"f-year\" name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, yeartext, CF_RAW, "\"></div><div class=\"buttons\"><button type=\"submit\" class=\"primary\">列出</button></div></form>\n",
			   CF_END) < 0)
		goto full;
	if (!n->village_name[0]) {
		if (html_raw(b, "<p class=\"muted\">请选择村（社区），列出正在公示的人员；名单可用浏览器的打印功能打印张贴。</p>\n") < 0 ||
		    layout_end(req) < 0)
			goto full;
		rc = 0;
		goto out;
	}
	int on = case_report_notice_disability(req->db, err);
	if (on < 0)
		goto out;
	n->disability = on == 1;
	char heading[400];
	snprintf(heading, sizeof heading, "%s%d年度%s公示名单", n->village_name, year, p->name);
	char pdf[120];
	snprintf(pdf, sizeof pdf, "/projects/%s/notice.pdf?village=%s&year=%d", p->code, n->village, year);
	if (case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a class=\"btn secondary\" href=\"", CF_ATTR, pdf, CF_RAW,
			   "\">打印PDF</a></p>\n", CF_END) < 0)
		goto full;
	if (case_form_html(b, CF_RAW, "<section class=\"panel notice-list\">\n<h2>", CF_TXT, heading, CF_RAW,
			   "</h2>\n<p>经本人申请、村（社区）调查，以下人员拟享受", CF_TXT, p->name, CF_RAW,
			   "，现予公示。公示期内如有异议，请向村（社区）委员会或乡镇民政办反映。</p>\n"
			   "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\" class=\"num\">序号</th>"
			   "<th scope=\"col\">姓名</th><th scope=\"col\">村（社区）</th><th scope=\"col\">项目</th><th scope=\"col\">身份证号</th>",
			   CF_END) < 0 ||
	    (n->disability && html_raw(b, "<th scope=\"col\">残疾类别</th><th scope=\"col\">残疾等级</th>") < 0) ||
	    (p->monthly_amount >= 0 && html_raw(b, "<th scope=\"col\" class=\"num\">月补助标准（元）</th>") < 0) ||
	    html_raw(b, "<th scope=\"col\">公示期</th></tr></thead>\n<tbody>\n") < 0)
		goto full;
	if (case_report_notice(req->db, &scope, p, year, n->village, row, n, err) < 0)
		goto out;
	if ((n->rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"9\">该村（社区）目前没有正在公示的人员</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n<p class=\"signature\">公示单位（盖章）：＿＿＿＿＿＿＿＿　　监督电话：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日</p>\n"
			"</section>\n") < 0 ||
	    layout_end(req) < 0)
		goto full;
	rc = 0;
	goto out;
full:
	rc = error_set(err, PAGE_FULL);
out:
	free(n);
	return rc;
}
