#include "web/training-pdf.h"

#include <stdio.h>

#include "base/mask.h"
#include "domain/dict.h"
#include "domain/registry.h"
#include "web/pdf-doc.h"

struct sheet {
	struct pdf *d;
	long rows;
};

static int row(void *ctx, const struct training_trainee *t, struct error *err)
{
	(void)err;
	struct sheet *s = ctx;
	char num[24], idm[32], place[330];
	snprintf(num, sizeof num, "%ld", ++s->rows);
	mask_idcard(t->person.id_number, idm, sizeof idm);
	snprintf(place, sizeof place, "%s%s", t->person.township_name, t->person.village_name);
	const char *sex = dict_label(DICT_SEX, t->person.sex);
	const char *cells[] = {num, t->person.name, sex ? sex : "", idm, place, ""};
	pdf_table_row(s->d, cells);
	return 0;
}

int training_pdf_signin(struct request *req, const struct training_class *c, struct error *err)
{
	char title[300], line[800];
	snprintf(title, sizeof title, "%s签到表", c->name);
	snprintf(line, sizeof line, "培训时间：%s 至 %s　　培训地点：%s\n签到日期：＿＿＿＿年＿＿月＿＿日",
	         c->start_date, c->end_date, c->place);
	struct pdf_doc doc;
	if (pdf_doc_open(req, &doc, title, err) < 0)
		return -1;
	struct sheet s = {doc.d, 0};
	pdf_paragraph(s.d, line);
	static const char *const heads[] = {"序号", "姓名", "性别", "身份证号", "村（社区）", "签名"};
	static const int widths[] = {70, 130, 70, 230, 250, 250};
	pdf_table_begin(s.d, heads, widths, 6);
	pdf_table_min_lines(s.d, 2); /* room to sign */
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	if (training_trainees(req->db, &scope, c->id, row, &s, err) < 0) {
		pdf_doc_discard(&doc);
		return -1;
	}
	pdf_table_end(s.d);
	if (s.rows == 0)
		pdf_paragraph(s.d, "还没有学员。");
	pdf_paragraph(s.d, "举办单位（盖章）：＿＿＿＿＿＿　经办人：＿＿＿＿＿　日期：＿＿＿＿年＿＿月＿＿日");
	char target[40], detail[40], name[400];
	snprintf(target, sizeof target, "training:%lld", (long long)c->id);
	snprintf(detail, sizeof detail, "{\"rows\":%ld}", s.rows);
	snprintf(name, sizeof name, "%s.pdf", title);
	return pdf_doc_send(req, &doc, "劳动就业", "打印签到表", target, detail, name, err);
}
