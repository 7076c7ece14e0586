#include "web/supervision-pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/supervision.h"
#include "web/pdf-doc.h"
#include "web/target-view.h"

int supervision_pdf(struct request *req, struct error *err)
{
	struct registry_scope scope;
	if (!target_view_scope(req, &scope))
		return 0;
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/supervision/", &id, &rest) || strcmp(rest, "/notice.pdf") != 0) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	struct supervision *s = xmalloc(sizeof *s);
	int rc = -1;
	int found = supervision_get(req->db, &scope, id, s, err);
	if (found < 0)
		goto out;
	if (!found) {
		response_page(req, 404, "督查事项不存在", msg(MSG_SUPERVISION_NOT_FOUND));
		rc = 0;
		goto out;
	}
	char number[80], to[200], intro[1200], opened[300], at[STAMP_LOCAL_SIZE];
	snprintf(number, sizeof number, "督查〔%d〕%lld号", s->year, (long long)s->id);
	snprintf(to, sizeof to, "%s：", s->township_name);
	snprintf(intro, sizeof intro,
	         "　　根据%d年度目标管理督查情况，你乡镇“%s”目标的工作存在下列问题。请对照整改要求认真整改，"
	         "于%s前完成，并将整改情况在系统中填报，报县残联核实。",
	         s->year, s->target_name, s->deadline);
	snprintf(opened, sizeof opened, "%s（%s）", s->opened_by, s->opened_on);
	struct pdf_doc doc;
	if (pdf_doc_open(req, &doc, "督查通知书", err) < 0)
		goto out;
	struct pdf *d = doc.d;
	pdf_paragraph(d, number);
	pdf_paragraph(d, to);
	pdf_paragraph(d, intro);
	pdf_section(d, "督查事项");
	pdf_row(d, "编号", number);
	pdf_row(d, "乡镇", s->township_name);
	pdf_row(d, "督查目标", s->target_name);
	pdf_row(d, "督查发现的问题", s->finding);
	pdf_row(d, "整改要求", s->requirement);
	pdf_row(d, "整改时限", s->deadline);
	pdf_row(d, "发起人（日期）", opened);
	pdf_row(d, "状态", supervision_status_label(s->status));
	if (*s->answer || *s->closing) {
		pdf_section(d, "整改与核实");
		if (*s->answer) {
			char by[300];
			stamp_local(s->answered_at, at);
			snprintf(by, sizeof by, "%s %s", s->answered_by, at);
			pdf_row(d, "整改情况", s->answer);
			pdf_row(d, "填报", by);
		}
		if (s->status == SUPERVISION_CLOSED) {
			char by[300];
			snprintf(by, sizeof by, "%s（%s）", s->closed_by, s->closed_on);
			pdf_row(d, "销号意见", *s->closing ? s->closing : "—");
			pdf_row(d, "销号", by);
		} else if (*s->closing) {
			pdf_row(d, "退回原因", s->closing);
		}
	}
	pdf_section(d, "签章");
	pdf_sign(d, "督查单位（盖章）", 2);
	pdf_sign(d, "乡镇签收人", 1);
	char target[48], name[200];
	snprintf(target, sizeof target, "supervision:%lld", (long long)s->id);
	snprintf(name, sizeof name, "督查通知书-%s-%lld.pdf", s->township_name, (long long)s->id);
	rc = pdf_doc_send(req, &doc, "目标管理", "打印督查通知书", target, "", name, err);
out:
	free(s);
	return rc;
}
