#include "web/case-files.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/stamp.h"
#include "web/api-persons.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"

#define PAGE_FULL "case page too large"

int64_t case_files_path_id(const char *rest)
{
	static const char prefix[] = "/files/";
	if (strncmp(rest, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *s = rest + sizeof prefix - 1;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 18 || s[0] == '0' || s[digits] != '\0')
		return 0;
	return strtoll(s, NULL, 10);
}

void case_files_size_text(int64_t size, char out[32])
{
	if (size < 1024)
		snprintf(out, 32, "%lld 字节", (long long)size);
	else if (size < (1 << 20))
		snprintf(out, 32, "%.1f KB", (double)size / 1024);
	else
		snprintf(out, 32, "%.1f MB", (double)size / (1 << 20));
}

static const char *kind_label(const struct program *p, const char *kind)
{
	const char *l = attachment_kind_label(p, kind);
	return l ? l : kind;
}

/* The section */

struct rows {
	struct request *req;
	struct buf *b;
	const struct program *p;
	int n;
};

static int file_row(void *ctx, const struct attachment *a, struct error *err)
{
	struct rows *r = ctx;
	char href[80], size[32], at[STAMP_LOCAL_SIZE];
	snprintf(href, sizeof href, "/cases/%lld/files/%lld", (long long)a->case_id, (long long)a->id);
	case_files_size_text(a->size, size);
	stamp_local(a->uploaded_at, at);
	r->n++;
	if (case_form_html(r->b, CF_RAW, "<tr><td>", CF_TXT, kind_label(r->p, a->kind), CF_RAW, "</td><td>", CF_TXT,
			   a->name, CF_RAW, "</td><td>", CF_TXT, size, CF_RAW, "</td><td>", CF_TXT,
			   attachment_type_label(a->content_type), CF_RAW, "</td><td>", CF_TXT, a->uploaded_by, CF_RAW,
			   "</td><td class=\"muted\">", CF_TXT, at, CF_RAW, "</td><td><a href=\"", CF_ATTR, href, CF_RAW,
			   "\" download>下载</a></td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

struct kind_options {
	struct buf *b;
	const char *current;
	int rc;
};

static void kind_option(void *ctx, const char *key, const char *label)
{
	struct kind_options *k = ctx;
	if (k->rc == 0 &&
	    case_form_html(k->b, CF_RAW, "<option value=\"", CF_ATTR, key, CF_RAW,
			   strcmp(key, k->current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			   CF_END) < 0)
		k->rc = -1;
}

/* A field's reason under it ("" none). */
static int reason_html(struct buf *b, const char *id, const char *reason)
{
	return !*reason ? 0
			: case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT,
					 reason, CF_RAW, "</p>", CF_END);
}

int case_files_section(struct request *req, const struct case_file *c, const struct program *p,
		       const struct case_problems *pr, struct error *err)
{
	if (!attachment_may(&req->account))
		return 0;
	struct buf *b = &req->res.body;
	struct rows r = {req, b, p, 0};
	char note[200];
	snprintf(note, sizeof note,
		 "申请材料的扫描件，可选上传：PDF、JPEG 或 PNG，每个文件不超过 %u MB。上传的文件不能删除；传错了请再上传正确的一份，以最新的为准。",
		 ATTACHMENT_SIZE_MAX >> 20);
	if (case_form_html(b, CF_RAW, "<section class=\"panel\" id=\"files\">\n<h2>材料扫描件</h2>\n<p class=\"muted\">", CF_TXT,
			   note, CF_RAW, "</p>\n", CF_END) < 0 ||
	    html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\">材料</th>"
			"<th scope=\"col\">文件名</th><th scope=\"col\">大小</th><th scope=\"col\">类型</th>"
			"<th scope=\"col\">上传人</th><th scope=\"col\">上传时间</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (attachment_list(req->db, c->id, file_row, &r, err) < 0)
		return -1;
	if ((r.n == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"7\">尚未上传扫描件</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	char action[64];
	snprintf(action, sizeof action, "/cases/%lld/files", (long long)c->id);
	const char *kind = pr ? case_form_typed(req, "", "kind") : "";
	const char *kr = pr ? case_form_reason(pr, "kind") : "", *fr = pr ? case_form_reason(pr, "file") : "";
	if (case_form_html(b, CF_RAW, "<h3>上传扫描件</h3>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR,
			   action, CF_RAW, "\" enctype=\"multipart/form-data\">\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 || (pr && case_form_problems(b, pr) < 0) ||
	    case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-kind\">材料类别<span class=\"required\" aria-hidden=\"true\">*</span></label>"
				  "<select id=\"f-kind\" name=\"kind\" required",
			   CF_RAW, *kr ? " aria-invalid=\"true\" aria-describedby=\"e-kind\"" : "", CF_RAW, ">", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	struct kind_options k = {b, kind, 0};
	attachment_kinds(p, kind_option, &k);
	if (k.rc < 0 || html_raw(b, "</select>") < 0 || reason_html(b, "e-kind", kr) < 0 ||
	    case_form_html(b, CF_RAW, "</div>\n<div class=\"field\"><label for=\"f-scan\">扫描件文件<span class=\"required\" aria-hidden=\"true\">*</span></label>"
				  "<input id=\"f-scan\" name=\"file\" type=\"file\" accept=\".pdf,.jpg,.jpeg,.png\" required",
			   CF_RAW, *fr ? " aria-invalid=\"true\" aria-describedby=\"e-scan\"" : "", CF_RAW, ">", CF_END) < 0 ||
	    reason_html(b, "e-scan", fr) < 0 ||
	    html_raw(b, "</div>\n<div class=\"buttons\"><button type=\"submit\">上传</button></div>\n</form>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* Upload */

int case_files_upload(struct request *req, const struct case_file *c, struct attachment *out,
		      struct case_problems *pr, struct error *err)
{
	const struct multipart_part *file = request_file(req, "file");
	const char *kind = request_field(req, "kind");
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	char dir[ATTACHMENT_DIR_MAX];
	attachment_dir(db_path(req->db), dir);
	struct db *w = server_writer_lock(req->server);
	int r = attachment_add(w, dir, c->id, kind ? kind : "", file ? file->filename : "", file ? file->data : NULL,
			       file ? file->len : 0, &req->account, &scope, out, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		return -1;
	if (r == 2) /* moved out of scope meanwhile */
		return 1;
	if (r == 1)
		return 1;
	/* The log names the document by its digest, not by its file name (which may carry a name or an ID number). */
	char target[40];
	snprintf(target, sizeof target, "case:%lld", (long long)c->id);
	json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:s}", "attachment", (json_int_t)out->id, "kind", out->kind, "type",
			      out->content_type, "size", (json_int_t)out->size, "sha256", out->sha256);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	int rc = auth_audit(req, "民生工程", "上传材料", target, detail ? detail : "", "成功", err);
	free(detail);
	return rc;
}

/* Download */

int case_files_send(struct request *req, const struct case_file *c, int64_t fid, bool api, struct error *err)
{
	if (!attachment_may(&req->account)) {
		if (api)
			api_error(req, 403, "forbidden", "您的角色不能查看材料扫描件", NULL);
		else
			response_page(req, 403, "无权查看", "您的角色不能查看材料扫描件。");
		return 0;
	}
	struct attachment a;
	int found = attachment_get(req->db, c->id, fid, &a, err);
	if (found < 0)
		return -1;
	if (!found) {
		if (api)
			api_error(req, 404, "not_found", "该扫描件不存在", NULL);
		else
			response_page(req, 404, "扫描件不存在", "您要下载的扫描件不存在。");
		return 0;
	}
	const char *type = attachment_type_static(a.content_type);
	char dir[ATTACHMENT_DIR_MAX];
	attachment_dir(db_path(req->db), dir);
	int fd = -1;
	struct error ferr = ERROR_INIT;
	if (!type || attachment_open(dir, &a, &fd, &ferr) < 0) {
		log_error("case %lld: %s", (long long)c->id, type ? ferr.msg : "attachment of an unknown type");
		if (api)
			api_error(req, 500, "file_missing", "该扫描件的文件缺失或已被改动，请联系系统管理员", NULL);
		else
			response_page(req, 500, "文件缺失", "该扫描件的文件缺失或已被改动，请联系系统管理员。");
		return 0;
	}
	/* Viewing a person's documents is logged before they are sent. */
	char target[40], detail[128];
	snprintf(target, sizeof target, "case:%lld", (long long)c->id);
	snprintf(detail, sizeof detail, "{\"attachment\":%lld,\"kind\":\"%s\"}", (long long)a.id,
		 strspn(a.kind, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(a.kind) ? a.kind : "");
	if (auth_audit(req, "民生工程", "查看材料", target, detail, "成功", err) < 0) {
		close(fd);
		return -1;
	}
	return response_send_fd(req, fd, type, a.name, err);
}

/* The person's page */

struct links {
	struct buf *b;
	const struct program *p;
	int n;
};

static int link_one(void *ctx, const struct attachment *a, struct error *err)
{
	struct links *l = ctx;
	char href[80], text[4 * ATTACHMENT_NAME_MAX + 200];
	snprintf(href, sizeof href, "/cases/%lld/files/%lld", (long long)a->case_id, (long long)a->id);
	snprintf(text, sizeof text, "%s：%s", kind_label(l->p, a->kind), a->name);
	if (case_form_html(l->b, CF_RAW, l->n ? "<br>" : "", CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, "\" download>",
			   CF_TXT, text, CF_RAW, "</a>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	l->n++;
	return 0;
}

int case_files_links(struct request *req, const struct case_file *c, const struct program *p, struct error *err)
{
	struct links l = {&req->res.body, p, 0};
	if (attachment_may(&req->account) && attachment_list(req->db, c->id, link_one, &l, err) < 0)
		return -1;
	return l.n == 0 && html_raw(l.b, "—") < 0 ? error_set(err, PAGE_FULL) : 0;
}
