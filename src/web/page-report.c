#include "web/page-report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/milestone.h"
#include "domain/program.h"
#include "domain/report.h"
#include "domain/target.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/report-export.h"

#define PAGE_FULL "report page too large"
#define SECTIONS_MAX 300 /* sections of an exported report (3 form fields each) */

/* The milestone form as typed, and why it was refused. */
struct mform {
	const char *line, *date, *title;
	const struct case_problems *pr;
};

struct page {
	struct request *req;
	struct buf *b;
	struct report_options o;
	int kind; /* 1 the county's report, 2 a township's */
	const struct mform *mf;
	const char *notice;
	int rc;
};

/* 0 u may not read the report (the page answered 403), else the options of the year. */
static int options(struct request *req, int year, struct report_options *o)
{
	int kind = report_options_of(&req->account, year, date_today(), o);
	if (!kind)
		response_page(req, 403, "无权查看", msg(MSG_REPORT_FORBIDDEN));
	return kind;
}

static int year_of(const char *text)
{
	int64_t y;
	return text && *text && number_parse(text, 2000, 2100, &y) ? (int)y : date_today().year;
}

/* Figures as links */

static int spans(struct buf *b, const struct report_block *blk)
{
	char href[256];
	for (size_t i = 0; i < blk->nspans; i++) {
		const struct report_span *s = &blk->spans[i];
		report_export_href(&s->link, href, sizeof href);
		int rc = s->figure && *href ? case_form_html(b, CF_RAW, "<a class=\"figure\" href=\"", CF_ATTR, href,
		                                             CF_RAW, "\">", CF_TXT, s->text, CF_RAW, "</a>", CF_END)
		         : s->figure ? case_form_html(b, CF_RAW, "<span class=\"figure\">", CF_TXT, s->text, CF_RAW,
		                                      "</span>", CF_END)
		                     : html_txt(b, s->text);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int plain(struct buf *out, const struct report_block *blk)
{
	return report_block_text(blk, out);
}

/* The milestones */

struct mlist {
	struct page *pg;
	long n;
};

static void line_label(struct db *db, const char *line, char *out, size_t size)
{
	const struct program *p;
	struct error e = ERROR_INIT;
	size_t n;
	const struct target_line *lines = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i].key, line) == 0) {
			snprintf(out, size, "%s", lines[i].label);
			return;
		}
	snprintf(out, size, "%s", program_get(db, line, 0, &p, &e) == 1 ? p->name : line);
}

static int milestone_row(void *ctx, const struct milestone *m, struct error *err)
{
	struct mlist *ml = ctx;
	struct page *pg = ml->pg;
	struct buf *b = pg->b;
	char label[200], id[24];
	line_label(pg->req->db, m->line, label, sizeof label);
	snprintf(id, sizeof id, "%lld", (long long)m->id);
	ml->n++;
	if (case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, m->date, CF_RAW, "</td><td>", CF_TXT, label, CF_RAW,
	                   "</td><td>", CF_TXT, m->title, CF_RAW, "</td><td>", CF_TXT, m->created_by, CF_RAW, "</td>",
	                   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (milestone_may_edit(&pg->req->account)) {
		char yeartext[8];
		snprintf(yeartext, sizeof yeartext, "%d", pg->o.year);
		if (case_form_html(b, CF_RAW,
		                   "<td class=\"actions\"><form class=\"inline\" method=\"post\" "
		                   "action=\"/reports/annual/milestones/remove\""
		                   " data-confirm=\"删除这个工作节点？\">",
		                   CF_END) < 0 ||
		    layout_csrf_field(pg->req) < 0 ||
		    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"id\" value=\"", CF_ATTR, id, CF_RAW,
		                   "\"><input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW,
		                   "\"><button type=\"submit\" class=\"link danger\" aria-label=\"删除", CF_ATTR,
		                   m->date, CF_ATTR, m->title, CF_RAW, "\">删除</button></form></td>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</tr>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
	                      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
	                      CF_END);
}

struct lopts {
	struct buf *b;
	const char *current;
	int rc;
};

static void program_option(void *ctx, const char *code, const char *name, int version)
{
	(void)version;
	struct lopts *lo = ctx;
	size_t n;
	const struct target_line *lines = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i].key, code) == 0)
			return; /* listed as a work line */
	if (lo->rc == 0 && option(lo->b, code, name, lo->current) < 0)
		lo->rc = -1;
}

/* A field's reason under it. */
static int reason(struct buf *b, const char *id, const char *why)
{
	return *why ? case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_ATTR, id, CF_RAW, "\">", CF_TXT,
	                             why, CF_RAW, "</p>", CF_END)
	            : 0;
}

static const char *invalid(const char *why, const char *attr)
{
	return *why ? attr : "";
}

static int milestones(struct page *pg, struct error *err)
{
	struct request *req = pg->req;
	struct buf *b = pg->b;
	bool edit = milestone_may_edit(&req->account);
	if (html_raw(b, "<section class=\"panel\" id=\"milestones\" aria-labelledby=\"milestones-h\">\n"
	                "<h2 id=\"milestones-h\">工作节点</h2>\n<p "
	                "class=\"muted\">启动会、动员培训会、上报市残联等没有案例记录的工作，"
	                "按日期写进汇报材料中该项工作的段落。</p>\n"
	                "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">日期</th>"
	                "<th scope=\"col\">工作</th><th scope=\"col\">内容</th><th scope=\"col\">录入人</th>") < 0 ||
	    (edit && html_raw(b, "<th scope=\"col\">操作</th>") < 0) || html_raw(b, "</tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct mlist ml = {pg, 0};
	if (milestone_list(req->db, pg->o.year, "", milestone_row, &ml, err) < 0)
		return -1;
	if ((ml.n == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW, edit ? "5" : "4",
	                                 CF_RAW, "\">本年度还没有录入工作节点</td></tr>\n", CF_END) < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (!edit)
		return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
	const struct mform *mf = pg->mf;
	const char *why_line = mf && mf->pr ? case_form_reason(mf->pr, "line") : "";
	const char *why_date = mf && mf->pr ? case_form_reason(mf->pr, "date") : "";
	const char *why_title = mf && mf->pr ? case_form_reason(mf->pr, "title") : "";
	const char *why_year = mf && mf->pr ? case_form_reason(mf->pr, "year") : "";
	char yeartext[8];
	snprintf(yeartext, sizeof yeartext, "%d", pg->o.year);
	if (html_raw(b, "<h3>录入工作节点</h3>\n") < 0 || (mf && mf->pr && case_form_problems(b, mf->pr) < 0) ||
	    html_raw(b, "<form method=\"post\" action=\"/reports/annual/milestones\" class=\"form-grid\">") < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW, "\">",
	                   CF_END) < 0 ||
	    reason(b, "m-year", why_year) < 0 ||
	    case_form_html(b, CF_RAW,
	                   "<div class=\"field\"><label for=\"m-line\">工作<span class=\"required\" "
	                   "aria-hidden=\"true\">*</span></label>"
	                   "<select id=\"m-line\" name=\"line\" required",
	                   CF_RAW, invalid(why_line, " aria-invalid=\"true\" aria-describedby=\"e-m-line\""), CF_RAW,
	                   ">", CF_END) < 0 ||
	    option(b, "", "请选择", mf ? mf->line : "") < 0)
		return error_set(err, PAGE_FULL);
	size_t n;
	const struct target_line *lines = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (option(b, lines[i].key, lines[i].label, mf ? mf->line : "") < 0)
			return error_set(err, PAGE_FULL);
	struct lopts lo = {b, mf ? mf->line : "", 0};
	if (program_list(req->db, program_option, &lo, err) < 0)
		return -1;
	if (lo.rc < 0 || html_raw(b, "</select>") < 0 || reason(b, "m-line", why_line) < 0 ||
	    case_form_html(
	        b, CF_RAW,
	        "</div><div class=\"field\"><label for=\"m-date\">日期<span class=\"required\" "
	        "aria-hidden=\"true\">*</span></label>"
	        "<input id=\"m-date\" name=\"date\" type=\"text\" maxlength=\"10\" required placeholder=\"如 ",
	        CF_ATTR, yeartext, CF_RAW, "-02-10\" value=\"", CF_ATTR, mf && mf->date ? mf->date : "", CF_RAW, "\"",
	        CF_RAW, invalid(why_date, " aria-invalid=\"true\" aria-describedby=\"e-m-date\""), CF_RAW, ">",
	        CF_END) < 0 ||
	    reason(b, "m-date", why_date) < 0 ||
	    case_form_html(b, CF_RAW,
	                   "</div><div class=\"field\"><label for=\"m-title\">内容<span class=\"required\" "
	                   "aria-hidden=\"true\">*</span></label>"
	                   "<input id=\"m-title\" name=\"title\" type=\"text\" maxlength=\"200\" required"
	                   " placeholder=\"如 在县民政局三楼会议室召开全县民生工程启动会\" value=\"",
	                   CF_ATTR, mf && mf->title ? mf->title : "", CF_RAW, "\"", CF_RAW,
	                   invalid(why_title, " aria-invalid=\"true\" aria-describedby=\"e-m-title\""), CF_RAW, ">",
	                   CF_END) < 0 ||
	    reason(b, "m-title", why_title) < 0 ||
	    html_raw(b, "</div><div class=\"buttons\"><button type=\"submit\" "
	                "class=\"primary\">添加</button></div></form>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* The report with its text boxes */

static int textarea(struct page *pg, const struct report_doc *d, size_t first, size_t count, int i, int level,
                    const struct report_block *heading)
{
	struct buf *b = pg->b;
	struct buf text = BUF_INIT(4u << 20);
	char id[16], lv[4];
	snprintf(id, sizeof id, "%d", i);
	snprintf(lv, sizeof lv, "%d", level);
	int rc = -1;
	for (size_t k = 0; k < count; k++)
		if ((k > 0 && buf_addstr(&text, "\n\n") < 0) || plain(&text, &d->blocks[first + k]) < 0)
			goto out;
	if (case_form_html(b, CF_RAW,
	                   "<details class=\"more report-edit\"><summary>修改本节文字</summary>"
	                   "<input type=\"hidden\" name=\"level",
	                   CF_RAW, id, CF_RAW, "\" value=\"", CF_RAW, lv, CF_RAW, "\">", CF_END) < 0)
		goto out;
	if (heading) {
		struct buf h = BUF_INIT(1u << 16);
		int w = plain(&h, heading) < 0
		            ? -1
		            : case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"h", CF_RAW, id, CF_RAW,
		                             "\">标题</label><input type=\"text\" id=\"h", CF_RAW, id, CF_RAW,
		                             "\" name=\"heading", CF_RAW, id, CF_RAW, "\" value=\"", CF_ATTR,
		                             buf_cstr(&h), CF_RAW, "\"></div>", CF_END);
		buf_release(&h);
		if (w < 0)
			goto out;
	}
	if (case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"b", CF_RAW, id, CF_RAW,
	                   "\">正文（每段一行，空行不计）</label><textarea id=\"b", CF_RAW, id, CF_RAW,
	                   "\" name=\"body", CF_RAW, id, CF_RAW, "\" rows=\"", CF_RAW, count > 2 ? "10" : "5", CF_RAW,
	                   "\">", CF_TXT, buf_cstr(&text), CF_RAW, "</textarea></div></details>\n", CF_END) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&text);
	return rc;
}

static int document(struct page *pg, const struct report_doc *d)
{
	struct buf *b = pg->b;
	char yeartext[8];
	snprintf(yeartext, sizeof yeartext, "%d", pg->o.year);
	if (html_raw(b, "<form method=\"post\" action=\"/reports/annual/export\" class=\"report-form\">") < 0 ||
	    layout_csrf_field(pg->req) < 0 ||
	    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW,
	                   "\">\n"
	                   "<article class=\"panel report-doc\" aria-label=\"汇报材料\">\n",
	                   CF_END) < 0)
		return -1;
	int section = 0;
	size_t i = 0;
	while (i < d->n && section < SECTIONS_MAX) {
		const struct report_block *blk = &d->blocks[i];
		if (blk->kind == REPORT_TITLE) {
			struct buf t = BUF_INIT(1u << 16);
			int w = html_raw(b, "<h2 class=\"report-title\">") < 0 || spans(b, blk) < 0 ||
			        plain(&t, blk) < 0 ||
			        case_form_html(b, CF_RAW,
			                       "</h2>\n<details class=\"more report-edit\"><summary>修改标题</summary>"
			                       "<div class=\"field\"><label for=\"title\">标题</label><input "
			                       "type=\"text\" id=\"title\" name=\"title\" value=\"",
			                       CF_ATTR, buf_cstr(&t), CF_RAW, "\"></div></details>\n", CF_END);
			buf_release(&t);
			if (w < 0)
				return -1;
			i++;
			continue;
		}
		const struct report_block *heading = blk->kind == REPORT_P ? NULL : blk;
		int level = heading ? (blk->kind == REPORT_H1 ? 1 : 2) : 0;
		if (heading) {
			if (html_raw(b, level == 1 ? "<h3 class=\"report-h1\">" : "<h4 class=\"report-h2\">") < 0 ||
			    spans(b, blk) < 0 || html_raw(b, level == 1 ? "</h3>\n" : "</h4>\n") < 0)
				return -1;
			i++;
		}
		size_t first = i;
		while (i < d->n && d->blocks[i].kind == REPORT_P) {
			if (html_raw(b, "<p>") < 0 || spans(b, &d->blocks[i]) < 0 || html_raw(b, "</p>\n") < 0)
				return -1;
			i++;
		}
		if (textarea(pg, d, first, i - first, section++, level, heading) < 0)
			return -1;
	}
	return html_raw(
	    b, "</article>\n<div class=\"buttons toolbar\">"
	       "<button type=\"submit\" name=\"format\" value=\"docx\" class=\"primary\">导出 Word</button>"
	       "<button type=\"submit\" name=\"format\" value=\"pdf\">导出 PDF</button>"
	       "<button type=\"submit\" name=\"format\" value=\"txt\" class=\"secondary\">导出文本</button>"
	       "<span class=\"muted\">导出的是上面各节文本框中的文字（修改过的按修改后的）。</span></div>\n</form>\n");
}

static int render(struct page *pg, struct error *err)
{
	struct request *req = pg->req;
	struct buf *b = pg->b;
	char yeartext[8], today[11], source[512], intro[1200];
	snprintf(yeartext, sizeof yeartext, "%d", pg->o.year);
	date_format(date_today(), today);
	if (layout_begin(req, "年度汇报材料", "/reports") < 0 ||
	    case_form_html(b, CF_RAW,
	                   "<form class=\"query panel\" method=\"get\" action=\"/reports/annual\" role=\"search\">"
	                   "<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" "
	                   "name=\"year\" type=\"text\""
	                   " inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
	                   CF_ATTR, yeartext, CF_RAW,
	                   "\"></div><div class=\"buttons\"><button type=\"submit\" "
	                   "class=\"primary\">查看</button></div></form>\n",
	                   CF_END) < 0 ||
	    (pg->notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, pg->notice,
	                                  CF_RAW, "</p>\n", CF_END) < 0))
		return error_set(err, PAGE_FULL);
	struct report_template *t = NULL;
	struct buf problems = BUF_INIT(1u << 16);
	int rc = report_export_template(NULL, &t, source, sizeof source, &problems, err);
	if (rc < 0) {
		buf_release(&problems);
		return -1;
	}
	if (rc > 0) {
		int w = html_raw(b, "<div class=\"notice error\" role=\"alert\"><p>") < 0;
		const char *s = buf_cstr(&problems);
		/* One mistake a line. */
		while (!w && *s) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			char *line = xstrndup(s, n);
			w = html_txt(b, line) < 0 || html_raw(b, "<br>") < 0;
			free(line);
			s += n + (nl ? 1 : 0);
		}
		buf_release(&problems);
		if (w || html_raw(b, "</p></div>\n") < 0 || milestones(pg, err) < 0 || layout_end(req) < 0)
			return error_set(err, PAGE_FULL);
		return 0;
	}
	buf_release(&problems);
	struct report_doc d = {0};
	rc = report_build(req->db, t, &pg->o, &d, err);
	report_template_free(t);
	if (rc < 0) {
		report_doc_release(&d);
		return -1;
	}
	snprintf(intro, sizeof intro, msg(pg->kind == 2 ? MSG_REPORT_INTRO_TOWNSHIP : MSG_REPORT_INTRO), today, source);
	rc = -1;
	if (case_form_html(b, CF_RAW, "<p class=\"muted\">", CF_TXT, intro, CF_RAW, "</p>\n", CF_END) < 0 ||
	    document(pg, &d) < 0) {
		error_set(err, PAGE_FULL);
		goto out;
	}
	if (milestones(pg, err) < 0)
		goto out;
	if (layout_end(req) < 0) {
		error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	report_doc_release(&d);
	return rc;
}

int page_report_annual(struct request *req, struct error *err)
{
	struct page pg = {req, &req->res.body, {0}, 0, NULL, NULL, 0};
	if (!(pg.kind = options(req, year_of(request_arg(req, "year")), &pg.o)))
		return 0;
	const char *done = request_arg(req, "done");
	pg.notice = !done                          ? NULL
	            : strcmp(done, "added") == 0   ? msg(MSG_REPORT_MILESTONE_ADDED)
	            : strcmp(done, "removed") == 0 ? msg(MSG_REPORT_MILESTONE_REMOVED)
	                                           : NULL;
	return render(&pg, err);
}

/* POST */

static int milestone_detail(const struct milestone *m, char **out)
{
	json_t *d =
	    json_pack("{s:i, s:s, s:s, s:s}", "年度", m->year, "工作", m->line, "日期", m->date, "内容", m->title);
	*out = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return *out ? 0 : -1;
}

static int add_milestone(struct request *req, struct page *pg, struct error *err)
{
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const char *year = request_field(req, "year"), *line = request_field(req, "line"),
	           *date = request_field(req, "date"), *title = request_field(req, "title");
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = milestone_add(w, year, line, date, title, &req->account, &id, pr, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		goto out;
	if (rc == 1) {
		struct mform mf = {line ? line : "", date ? date : "", title ? title : "", pr};
		pg->mf = &mf;
		req->res.status = 400;
		rc = render(pg, err);
		goto out;
	}
	struct milestone m;
	char target[40], *detail = NULL, location[80];
	if ((rc = milestone_get(req->db, id, &m, err)) <= 0) {
		rc = rc < 0 ? -1 : error_set(err, "milestone %lld not found after it was saved", (long long)id);
		goto out;
	}
	snprintf(target, sizeof target, "milestone:%lld", (long long)id);
	milestone_detail(&m, &detail);
	rc = auth_audit(req, "年度汇报", "新增", target, detail ? detail : "", "成功", err);
	free(detail);
	snprintf(location, sizeof location, "/reports/annual?year=%d&done=added#milestones", m.year);
	if (rc == 0)
		rc = auth_redirect(req, location, err);
out:
	free(pr);
	return rc;
}

static int remove_milestone(struct request *req, struct error *err)
{
	int64_t id;
	struct milestone m;
	const char *idtext = request_field(req, "id");
	int found = idtext && number_parse(idtext, 1, INT64_MAX, &id) ? milestone_get(req->db, id, &m, err) : 0;
	if (found < 0)
		return -1;
	if (!found) {
		response_page(req, 404, "没有这个工作节点", msg(MSG_REPORT_MILESTONE_NOT_FOUND));
		return 0;
	}
	struct case_problems pr;
	struct db *w = server_writer_lock(req->server);
	int rc = milestone_remove(w, id, &req->account, &pr, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	if (rc == 2) {
		response_page(req, 404, "没有这个工作节点", msg(MSG_REPORT_MILESTONE_NOT_FOUND));
		return 0;
	}
	if (rc == 1) {
		response_page(req, 403, "无权操作", pr.message);
		return 0;
	}
	char target[40], *detail = NULL, location[80];
	snprintf(target, sizeof target, "milestone:%lld", (long long)id);
	milestone_detail(&m, &detail);
	rc = auth_audit(req, "年度汇报", "删除", target, detail ? detail : "", "成功", err);
	free(detail);
	snprintf(location, sizeof location, "/reports/annual?year=%d&done=removed#milestones", m.year);
	return rc < 0 ? -1 : auth_redirect(req, location, err);
}

/* Whether text is clean UTF-8 without control characters but line ends and tabs. */
static bool clean(const char *text)
{
	if (!utf8_valid(text, strlen(text)))
		return false;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++)
		if ((*s < 0x20 && *s != '\n' && *s != '\r' && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

/* The paragraphs of body: each line that is not blank, without the spaces around it. */
static void paragraphs(struct report_blocks *bl, const char *body)
{
	while (*body) {
		const char *nl = strchr(body, '\n');
		size_t n = nl ? (size_t)(nl - body) : strlen(body);
		const char *s = body;
		body += n + (nl ? 1 : 0);
		while (n && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++, n--;
		while (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3, n -= 3;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		if (!n)
			continue;
		char *line = xstrndup(s, n);
		report_blocks_add(bl, DOC_P, line);
		free(line);
	}
}

static int export(struct request *req, const struct report_options *o, struct error *err)
{
	const char *fmt = request_field(req, "format");
	int f = report_format_parse(fmt);
	if (f != REPORT_FORMAT_DOCX && f != REPORT_FORMAT_PDF && f != REPORT_FORMAT_TXT) {
		response_page(req, 400, "无法导出", msg(MSG_REPORT_FORMAT));
		return 0;
	}
	struct report_blocks bl = {0};
	const char *title = request_field(req, "title");
	bool ok = !title || clean(title);
	if (title && *title)
		report_blocks_add(&bl, DOC_TITLE, title);
	for (int i = 0; ok && i < SECTIONS_MAX; i++) {
		char name[24];
		snprintf(name, sizeof name, "level%d", i);
		const char *level = request_field(req, name);
		if (!level)
			break;
		snprintf(name, sizeof name, "heading%d", i);
		const char *heading = request_field(req, name);
		snprintf(name, sizeof name, "body%d", i);
		const char *body = request_field(req, name);
		if ((heading && !clean(heading)) || (body && !clean(body))) {
			ok = false;
			break;
		}
		if (heading && *heading && (strcmp(level, "1") == 0 || strcmp(level, "2") == 0))
			report_blocks_add(&bl, strcmp(level, "1") == 0 ? DOC_H1 : DOC_H2, heading);
		if (body)
			paragraphs(&bl, body);
	}
	if (!ok) {
		report_blocks_release(&bl);
		response_page(req, 400, "无法导出", msg(MSG_REPORT_TEXT_INVALID));
		return 0;
	}
	char path[64], name[80], target[32], detail[64];
	int rc = -1;
	struct division county;
	int found = division_the_county(req->db, &county, err);
	if (found < 0 || server_temp_file(path,
	                                  f == REPORT_FORMAT_DOCX  ? ".docx"
	                                  : f == REPORT_FORMAT_PDF ? ".pdf"
	                                                           : ".txt",
	                                  err) < 0)
		goto out;
	if (report_export_write(&bl, (enum report_format)f, path, found ? county.name : "", err) < 0) {
		unlink(path);
		goto out;
	}
	snprintf(name, sizeof name, "%d年度汇报材料.%s", o->year, report_format_ext((enum report_format)f));
	snprintf(target, sizeof target, "report:%d", o->year);
	snprintf(detail, sizeof detail, "{\"格式\":\"%s\"}", report_format_ext((enum report_format)f));
	if (auth_audit(req, "年度汇报", "导出", target, detail, "成功", err) < 0) {
		unlink(path);
		goto out;
	}
	rc = response_download(req, path, report_format_type((enum report_format)f), name, err);
out:
	report_blocks_release(&bl);
	return rc;
}

int page_report_annual_post(struct request *req, struct error *err)
{
	struct page pg = {req, &req->res.body, {0}, 0, NULL, NULL, 0};
	if (!(pg.kind = options(req, year_of(request_field(req, "year")), &pg.o)))
		return 0;
	const char *rest = req->path + strlen("/reports/annual");
	if (strcmp(rest, "/export") == 0)
		return export(req, &pg.o, err);
	bool add = strcmp(rest, "/milestones") == 0, remove = strcmp(rest, "/milestones/remove") == 0;
	if (!add && !remove) {
		response_page(req, 404, "页面不存在", "没有这个页面。");
		return 0;
	}
	if (!milestone_may_edit(&req->account)) {
		char text[200];
		snprintf(text, sizeof text, msg(MSG_MILESTONE_ROLE), role_label(req->account.role));
		response_page(req, 403, "无权操作", text);
		return 0;
	}
	return add ? add_milestone(req, &pg, err) : remove_milestone(req, err);
}
