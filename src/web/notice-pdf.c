#include "web/notice-pdf.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "base/msg.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/registry.h"
#include "web/case-form.h"
#include "web/pdf-doc.h"

struct notice {
	const struct program *p;
	const char *village;
	char village_name[161], township_name[161];
	struct pdf *d;
	bool disability;
	long rows;
};

static void village_found(void *ctx, const char *township, const char *township_name, const char *code,
                          const char *name)
{
	(void)township;
	struct notice *n = ctx;
	if (strcmp(code, n->village) == 0) {
		snprintf(n->village_name, sizeof n->village_name, "%s", name);
		snprintf(n->township_name, sizeof n->township_name, "%s", township_name);
	}
}

static int row(void *ctx, const struct case_notice_row *r, struct error *err)
{
	(void)err;
	struct notice *n = ctx;
	char num[24], period[40], amount[MONEY_TEXT_MAX] = "";
	snprintf(num, sizeof num, "%ld", ++n->rows);
	snprintf(period, sizeof period, "%s至%s", r->from, r->until);
	if (n->p->monthly_amount >= 0)
		money_format(n->p->monthly_amount, amount, sizeof amount);
	const char *cells[9];
	size_t k = 0;
	cells[k++] = num;
	cells[k++] = r->name;
	cells[k++] = r->village_name;
	cells[k++] = n->p->name;
	cells[k++] = r->id_masked;
	if (n->disability) {
		const char *c = r->category ? dict_label(DICT_CATEGORY, r->category) : NULL;
		const char *g = r->grade ? dict_label(DICT_GRADE, r->grade) : NULL;
		cells[k++] = c ? c : "";
		cells[k++] = g ? g : "";
	}
	if (n->p->monthly_amount >= 0)
		cells[k++] = amount;
	cells[k++] = period;
	pdf_table_row(n->d, cells);
	return 0;
}

int notice_pdf_send(struct request *req, const struct program *p, struct error *err)
{
	struct notice n = {.p = p};
	const char *v = request_arg(req, "village");
	n.village = v && strlen(v) == 12 && strspn(v, "0123456789") == 12 ? v : "";
	if (!*n.village) {
		response_page(req, 400, "请选择村（社区）", msg(MSG_PRINT_CHOOSE_VILLAGE));
		return 0;
	}
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0)
		year = date_today().year;
	/* The village within the scope the notice page offers. */
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	if (registry_villages(req->db, &scope, village_found, &n, err) < 0)
		return -1;
	if (!n.village_name[0]) {
		response_page(req, 404, "村（社区）不存在", msg(MSG_PRINT_VILLAGE_NOT_FOUND));
		return 0;
	}
	int on = case_report_notice_disability(req->db, err);
	if (on < 0)
		return -1;
	n.disability = on == 1;

	char title[500], intro[1200];
	snprintf(title, sizeof title, "%s%d年度%s公示名单", n.village_name, year, p->name);
	snprintf(intro, sizeof intro,
	         "　　经本人申请、村（社区）调查，以下人员拟享受%s，现予公示。公示期内如有异议，请向%s委员会或%"
	         "s民政办反映。",
	         p->name, n.village_name, n.township_name);
	struct pdf_doc doc;
	if (pdf_doc_open(req, &doc, title, err) < 0)
		return -1;
	n.d = doc.d;
	pdf_paragraph(n.d, intro);
	const char *heads[9];
	int widths[9];
	size_t k = 0;
	heads[k] = "序号", widths[k++] = 60;
	heads[k] = "姓名", widths[k++] = 110;
	heads[k] = "村（社区）", widths[k++] = 130;
	heads[k] = "项目", widths[k++] = 150;
	heads[k] = "身份证号", widths[k++] = 210;
	if (n.disability) {
		heads[k] = "残疾类别", widths[k++] = 90;
		heads[k] = "残疾等级", widths[k++] = 70;
	}
	if (p->monthly_amount >= 0)
		heads[k] = "月补助标准（元）", widths[k++] = 100;
	heads[k] = "公示期", widths[k++] = 170;
	pdf_table_begin(n.d, heads, widths, k);
	if (case_report_notice(req->db, &scope, p, year, n.village, row, &n, err) < 0) {
		pdf_doc_discard(&doc);
		return -1;
	}
	pdf_table_end(n.d);
	if (n.rows == 0)
		pdf_paragraph(n.d, "该村（社区）目前没有正在公示的人员。");
	pdf_paragraph(n.d, "公示单位（盖章）：＿＿＿＿＿＿　监督电话：＿＿＿＿＿＿　日期：＿＿＿＿年＿＿月＿＿日");

	char target[64], detail[160], name[600];
	snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(detail, sizeof detail, "{\"village\":\"%s\",\"year\":%d,\"rows\":%ld}", n.village, year, n.rows);
	snprintf(name, sizeof name, "%s.pdf", title);
	return pdf_doc_send(req, &doc, "民生工程", "打印公示名单", target, detail, name, err);
}
