#include "web/person-pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mask.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/payment.h"
#include "domain/person.h"
#include "domain/registry.h"
#include "domain/rehab.h"
#include "domain/training.h"
#include "web/case-form.h"
#include "web/pdf-doc.h"

#define CASES_MAX 200 /* cases printed in one file; a person has a handful */

static const char *label_or(enum dict_type t, int code, const char *none)
{
	const char *l = code ? dict_label(t, code) : NULL;
	return l ? l : none;
}

struct file {
	struct request *req;
	struct pdf *d;
	const struct program *p;
	bool full;
	int n;
	struct case_file *cases;
	size_t ncases;
};

static int case_one(void *ctx, const struct case_file *c, struct error *err)
{
	(void)err;
	struct file *f = ctx;
	if (f->ncases < CASES_MAX)
		f->cases[f->ncases++] = *c;
	return 0;
}

/* An event as a row: "1. 初查合格" | date, stage, who (role), the values, the remark. */
static int event_row(void *ctx, const struct case_event *e, struct error *err)
{
	struct file *f = ctx;
	const struct program_transition *t = case_form_transition(f->p, e->transition);
	const char *what = t ? t->label : strcmp(e->transition, "transfer") == 0 ? "转移" : e->transition;
	int role = role_parse(e->role);
	char at[STAMP_LOCAL_SIZE];
	stamp_local(e->at, at);
	struct buf text = BUF_INIT(16384), values = BUF_INIT(8192);
	int rc = case_form_values_text(f->p, e->fields, &values);
	if (rc == 0)
		rc = buf_addf(&text, "日期：%s　阶段：%s\n办理人：%s（%s）　录入时间：%s", e->date,
		              case_form_stage_label(f->p, e->to_stage), e->user_name,
		              role >= 0 ? role_label((enum role)role) : e->role, at);
	if (rc == 0 && *buf_cstr(&values))
		rc = buf_addf(&text, "\n%s", buf_cstr(&values));
	if (rc == 0 && e->remark && *e->remark)
		rc = buf_addf(&text, "\n备注：%s", e->remark);
	if (rc == 0) {
		char label[300];
		snprintf(label, sizeof label, "%d. %s", ++f->n, what);
		pdf_row(f->d, label, buf_cstr(&text));
	}
	buf_release(&values);
	buf_release(&text);
	return rc < 0 ? error_set(err, "办理记录过长") : 0;
}

static int line_row(void *ctx, const struct payment_line *l, struct error *err)
{
	(void)err;
	struct file *f = ctx;
	char seq[64], amount[MONEY_TEXT_MAX], account[48], bank[400];
	snprintf(seq, sizeof seq, "%lld-%ld", (long long)l->batch, l->seq);
	money_format(l->amount, amount, sizeof amount);
	if (f->full)
		snprintf(account, sizeof account, "%s", l->bank_account);
	else
		mask_account(l->bank_account, account, sizeof account);
	snprintf(bank, sizeof bank, "%s %s", l->bank_name, account);
	const char *status = payment_line_status_label(l->status);
	char state[4 * PAYMENT_REASON_MAX + 64];
	snprintf(state, sizeof state, "%s%s%s", status, *l->reason ? "：" : "", l->reason);
	const char *cells[] = {l->period, seq, amount, bank, state};
	if (f->n++ == 0) {
		pdf_paragraph(f->d, "资金发放：");
		static const char *const heads[] = {"期间", "批次-序号", "金额（元）", "开户银行及账号", "状态"};
		static const int widths[] = {150, 150, 160, 340, 200};
		pdf_table_begin(f->d, heads, widths, 5);
	}
	pdf_table_row(f->d, cells);
	return 0;
}

static int file_row(void *ctx, const struct attachment *a, struct error *err)
{
	(void)err;
	struct file *f = ctx;
	char at[STAMP_LOCAL_SIZE], by[200];
	stamp_local(a->uploaded_at, at);
	snprintf(by, sizeof by, "%s %s", a->uploaded_by, at);
	const char *kind = attachment_kind_label(f->p, a->kind);
	const char *cells[] = {kind ? kind : "其他材料", a->name, by};
	if (f->n++ == 0) {
		pdf_paragraph(f->d, "材料扫描件：");
		static const char *const heads[] = {"材料", "文件名", "上传"};
		static const int widths[] = {250, 450, 300};
		pdf_table_begin(f->d, heads, widths, 3);
	}
	pdf_table_row(f->d, cells);
	return 0;
}

/* One case: its facts, events, payments and documents. */
static int print_case(struct file *f, const struct case_file *c, struct error *err)
{
	struct request *req = f->req;
	int got = program_get(req->db, c->program, c->version, &f->p, err);
	if (got < 0)
		return -1;
	if (!got) { /* a definition that is no longer loaded: skipped, said so */
		pdf_section(f->d, c->program);
		pdf_row(f->d, "说明", "该项目的定义没有载入，无法列出办理记录");
		return 0;
	}
	char heading[300], archive[CASE_ARCHIVE_NO_SIZE], stage[300], place[330];
	snprintf(heading, sizeof heading, "%s（%d年度）", f->p->name, c->year);
	snprintf(stage, sizeof stage, "%s（%s，%s）", case_form_stage_label(f->p, c->stage), c->stage_date,
	         c->open ? "办理中" : "已结案");
	if (case_archive_no(req->db, c->id, archive, err) < 0)
		return -1;
	pdf_section(f->d, heading);
	pdf_row(f->d, "当前阶段", stage);
	snprintf(place, sizeof place, "%s%s", c->township_name, c->village_name);
	pdf_row(f->d, "乡镇、村", place);
	pdf_row(f->d, "档案编号", *archive ? archive : "（未归档）");
	f->n = 0;
	if (case_events(req->db, c->id, event_row, f, err) < 0)
		return -1;
	f->n = 0;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	if (payment_lines_of_case(req->db, &scope, c->id, line_row, f, err) < 0)
		return -1;
	pdf_table_end(f->d);
	if (attachment_may(&req->account)) {
		f->n = 0;
		if (attachment_list(req->db, c->id, file_row, f, err) < 0)
			return -1;
		pdf_table_end(f->d);
		if (f->n == 0)
			pdf_row(f->d, "材料扫描件", "没有上传");
	}
	return 0;
}

static int class_row(void *ctx, const struct training_class *c, int64_t support, struct error *err)
{
	(void)err;
	struct file *f = ctx;
	char when[40], money[MONEY_TEXT_MAX];
	snprintf(when, sizeof when, "%s 至 %s", c->start_date, c->end_date);
	money_format(support, money, sizeof money);
	const char *cells[] = {c->name, training_kind_label(c->kind), when, money};
	if (f->n++ == 0) {
		static const char *const heads[] = {"培训班", "类别", "培训时间", "扶持资金（元）"};
		static const int widths[] = {380, 180, 270, 170};
		pdf_table_begin(f->d, heads, widths, 4);
	}
	pdf_table_row(f->d, cells);
	return 0;
}

static int service_row(void *ctx, const struct rehab_service *s, struct error *err)
{
	(void)err;
	struct file *f = ctx;
	const char *cells[] = {s->date, rehab_kind_label(s->kind), s->provider, s->note};
	if (f->n++ == 0) {
		static const char *const heads[] = {"服务日期", "服务类别", "服务机构或人员", "备注"};
		static const int widths[] = {160, 200, 300, 340};
		pdf_table_begin(f->d, heads, widths, 4);
	}
	pdf_table_row(f->d, cells);
	return 0;
}

int person_pdf_send(struct request *req, int64_t id, struct error *err)
{
	const char *full_arg = request_arg(req, "full");
	bool full = full_arg && strcmp(full_arg, "1") == 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct person p;
	int found = registry_get(req->db, &scope, id, &p, err);
	if (found < 0)
		return -1;
	if (!found) {
		response_page(req, 404, "人员不存在", "您要查看的人员不存在，或不在您的管辖范围内。");
		return 0;
	}
	if (full && !registry_may_edit(&req->account)) {
		response_page(req, 403, "无权查看", msg(MSG_PRINT_FULL_DENIED));
		return 0;
	}
	char idn[32], cert[40], phone[32], account[48], birth[11] = "", created[STAMP_LOCAL_SIZE],
	                                                updated[STAMP_LOCAL_SIZE];
	if (full) {
		snprintf(idn, sizeof idn, "%s", p.id_number);
		snprintf(cert, sizeof cert, "%s", p.cert);
		snprintf(phone, sizeof phone, "%s", p.phone);
		snprintf(account, sizeof account, "%s", p.bank_account);
	} else {
		mask_idcard(p.id_number, idn, sizeof idn);
		mask_cert(p.cert, cert, sizeof cert);
		mask_phone(p.phone, phone, sizeof phone);
		mask_account(p.bank_account, account, sizeof account);
	}
	if (p.birth.year)
		date_format(p.birth, birth);
	stamp_local(p.created_at, created);
	stamp_local(p.updated_at, updated);

	struct pdf_doc doc;
	if (pdf_doc_open(req, &doc, "残疾人档案（一人一档）", err) < 0)
		return -1;
	struct pdf *d = doc.d;
	struct file f = {.req = req, .d = d, .full = full};
	f.cases = xcalloc(CASES_MAX, sizeof *f.cases);
	int rc = -1;
	pdf_section(d, "基本情况");
	pdf_row(d, "档案号", p.file_no);
	pdf_row(d, "姓名", p.name);
	pdf_row(d, "性别", label_or(DICT_SEX, p.sex, ""));
	pdf_row(d, "出生日期", birth);
	pdf_row(d, "身份证号", idn);
	pdf_row(d, "残疾证号", *cert ? cert : "未持证");
	pdf_row(d, "残疾类别", label_or(DICT_CATEGORY, p.category, "—"));
	pdf_row(d, "残疾等级", label_or(DICT_GRADE, p.grade, "—"));
	pdf_row(d, "户口性质", label_or(DICT_HUKOU, p.hukou, ""));
	pdf_row(d, "乡镇", p.township_name);
	pdf_row(d, "村（社区）", p.village_name);
	pdf_row(d, "联系电话", *phone ? phone : "—");
	pdf_row(d, "低保", label_or(DICT_YESNO, p.dibao, ""));
	pdf_row(d, "开户银行", *p.bank_name ? p.bank_name : "—");
	pdf_row(d, "银行账号", *account ? account : "—");
	pdf_row(d, "状态", label_or(DICT_STATUS, (int)p.status, ""));
	pdf_row(d, "建档时间", created);
	pdf_row(d, "更新时间", updated);

	/* The projects, within the case scope as on the person page. */
	struct registry_scope cscope;
	case_scope_of(&req->account, &cscope);
	if (case_of_person(req->db, &cscope, p.id, case_one, &f, err) < 0)
		goto out;
	if (f.ncases == 0) {
		pdf_section(d, "参加的民生工程");
		pdf_row(d, "民生工程", "尚未参加任何民生工程");
	}
	for (size_t i = 0; i < f.ncases; i++)
		if (print_case(&f, &f.cases[i], err) < 0)
			goto out;
	if (training_may_view(&req->account)) {
		pdf_section(d, "参加的培训班");
		f.n = 0;
		if (training_of_person(req->db, p.id, class_row, &f, err) < 0)
			goto out;
		pdf_table_end(d);
		if (f.n == 0)
			pdf_paragraph(d, "没有参加过培训班。");
	}
	if (rehab_may_view(&req->account)) {
		pdf_section(d, "康复服务");
		f.n = 0;
		if (rehab_of_person(req->db, p.id, service_row, &f, err) < 0)
			goto out;
		pdf_table_end(d);
		if (f.n == 0)
			pdf_paragraph(d, "没有康复服务记录。");
	}
	char today[11], printed[400];
	date_format(date_today(), today);
	snprintf(
	    printed, sizeof printed, "打印：%s（%s）于 %s。%s", req->account.name, role_label(req->account.role), today,
	    full ? "本档案含完整的身份证号、电话和银行账号，请妥善保管。" : "身份证号、电话和银行账号已隐去部分号码。");
	pdf_paragraph(d, printed);
	pdf_sign(d, "经办人签字", 1);

	char target[32], name[300];
	snprintf(target, sizeof target, "person:%lld", (long long)p.id);
	snprintf(name, sizeof name, "一人一档-%s-%s.pdf", p.name, p.file_no);
	rc = pdf_doc_send(req, &doc, "残疾人档案", "打印一人一档", target,
	                  full ? "{\"full\":true}" : "{\"full\":false}", name, err);
	free(f.cases);
	return rc;
out:
	pdf_doc_discard(&doc);
	free(f.cases);
	return rc;
}
