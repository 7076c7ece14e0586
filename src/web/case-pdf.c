#include "web/case-pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/stamp.h"
#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/person.h"
#include "io/pdf.h"
#include "web/api-persons.h"
#include "web/auth.h"
#include "web/case-form.h"

static const char *label_or(enum dict_type t, int code, const char *none)
{
	const char *l = code ? dict_label(t, code) : NULL;
	return l ? l : none;
}

struct events {
	struct pdf *d;
	const struct program *p;
	int n;
};

static int event_row(void *ctx, const struct case_event *e, struct error *err)
{
	struct events *ev = ctx;
	const struct program_transition *t = case_form_transition(ev->p, e->transition);
	const char *what = t ? t->label : strcmp(e->transition, "transfer") == 0 ? "转移" : e->transition;
	int role = role_parse(e->role);
	struct buf text = BUF_INIT(16384), values = BUF_INIT(8192);
	int rc = case_form_values_text(ev->p, e->fields, &values);
	if (rc == 0)
		rc = buf_addf(&text, "日期：%s　阶段：%s　办理人：%s（%s）", e->date,
			      case_form_stage_label(ev->p, e->to_stage), e->user_name,
			      role >= 0 ? role_label((enum role)role) : e->role);
	if (rc == 0 && *buf_cstr(&values))
		rc = buf_addf(&text, "\n%s", buf_cstr(&values));
	if (rc == 0 && e->remark && *e->remark)
		rc = buf_addf(&text, "\n备注：%s", e->remark);
	if (rc == 0) {
		char label[300];
		snprintf(label, sizeof label, "%d. %s", ++ev->n, what);
		pdf_row(ev->d, label, buf_cstr(&text));
	}
	buf_release(&values);
	buf_release(&text);
	return rc < 0 ? error_set(err, "办理记录过长") : 0;
}

int case_pdf_send(struct request *req, const struct case_file *c, const struct program *p,
		  const struct registry_scope *scope, bool api, struct error *err)
{
	if (!attachment_may(&req->account)) {
		if (api)
			api_error(req, 403, "forbidden", "您的角色不能打印申请审批表", NULL);
		else
			response_page(req, 403, "无权查看", "您的角色不能打印申请审批表。");
		return 0;
	}
	struct person person;
	int found = registry_get(req->db, scope, c->person_id, &person, err);
	if (found < 0)
		return -1;
	if (!found) {
		if (api)
			api_error(req, 404, "not_found", "该案例不存在", NULL);
		else
			response_page(req, 404, "案例不存在", "您要查看的案例不存在，或不在您的管辖范围内。");
		return 0;
	}
	struct division county;
	int hc = division_the_county(req->db, &county, err);
	if (hc < 0)
		return -1;
	char header[300], title[300], year[16], birth[11] = "", grade[200], bank[300], archive[CASE_ARCHIVE_NO_SIZE];
	snprintf(header, sizeof header, "%s残疾人联合会", hc ? county.name : "");
	snprintf(title, sizeof title, "%s申请审批表", p->name);
	snprintf(year, sizeof year, "%d年度", c->year);
	if (person.birth.year)
		date_format(person.birth, birth);
	snprintf(grade, sizeof grade, "%s%s%s", label_or(DICT_CATEGORY, person.category, "未持证"),
		 person.grade ? " " : "", label_or(DICT_GRADE, person.grade, ""));
	snprintf(bank, sizeof bank, "%s%s%s", person.bank_name, *person.bank_name && *person.bank_account ? "　" : "",
		 person.bank_account);
	if (case_archive_no(req->db, c->id, archive, err) < 0)
		return -1;

	char path[64];
	snprintf(path, sizeof path, "/tmp/huimin-XXXXXX.pdf");
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return error_set(err, "cannot make a temporary file");
	close(fd);
	struct pdf *d;
	if (pdf_open(path, header, &d, err) < 0) {
		unlink(path);
		return -1;
	}
	pdf_title(d, title);
	pdf_section(d, "申请人基本情况");
	pdf_row(d, "姓名", person.name);
	pdf_row(d, "性别", label_or(DICT_SEX, person.sex, ""));
	pdf_row(d, "出生日期", birth);
	pdf_row(d, "身份证号", person.id_number);
	pdf_row(d, "残疾证号", person.cert);
	pdf_row(d, "残疾类别/等级", grade);
	pdf_row(d, "户口性质", label_or(DICT_HUKOU, person.hukou, ""));
	pdf_row(d, "乡镇", c->township_name);
	pdf_row(d, "村（社区）", c->village_name);
	pdf_row(d, "联系电话", person.phone);
	pdf_row(d, "开户银行及账号", bank);
	pdf_section(d, "申请项目");
	pdf_row(d, "项目", p->name);
	pdf_row(d, "年度", year);
	pdf_row(d, "当前阶段", case_form_stage_label(p, c->stage));
	if (*archive)
		pdf_row(d, "档案编号", archive);
	pdf_section(d, "办理记录");
	struct events ev = {d, p, 0};
	if (case_events(req->db, c->id, event_row, &ev, err) < 0) {
		pdf_discard(d);
		unlink(path);
		return -1;
	}
	if (ev.n == 0)
		pdf_row(d, "—", "暂无办理记录");
	pdf_section(d, "签字与审批意见");
	pdf_sign(d, "申请人签字", 1);
	pdf_sign(d, "村（社区）意见", 3);
	pdf_sign(d, "乡镇意见", 3);
	pdf_sign(d, "县残联审核意见", 3);
	pdf_sign(d, "审批意见（盖章）", 3);
	if (pdf_close(d, err) < 0) {
		unlink(path);
		return -1;
	}
	/* The form holds the full ID number and account: printing it is a viewing, logged. */
	char target[40], name[800];
	snprintf(target, sizeof target, "case:%lld", (long long)c->id);
	snprintf(name, sizeof name, "%s-%s-%d.pdf", title, person.name, c->year);
	if (auth_audit(req, "民生工程", "打印申请审批表", target, "", "成功", err) < 0 ||
	    response_download(req, path, "application/pdf", name, err) < 0) {
		unlink(path);
		return -1;
	}
	return 0;
}
