#include "web/export-classes.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "domain/case-report.h"
#include "domain/dict.h"
#include "domain/registry.h"
#include "web/api-persons.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export.h"

#define CLASSES (2 * CASE_AGE__MAX) /* 城镇 and 农村, by age group */

static const struct table_column summary_cols[] = {
    {"户口性质", XLSX_TEXT, 10},      {"0-17岁", XLSX_INTEGER, 10}, {"18-59岁", XLSX_INTEGER, 10},
    {"60岁及以上", XLSX_INTEGER, 12}, {"合计", XLSX_INTEGER, 10},
};
#define SUMMARY_COLS (sizeof summary_cols / sizeof summary_cols[0])

enum { C_SEQ, C_NAME, C_SEX, C_BIRTH, C_AGE, C_ID, C_TOWNSHIP, C_VILLAGE, C_ARCHIVE, C_DATE, C__MAX };

struct classes {
	struct request *req;
	const struct program *p;
	int year, stage;
	bool masked;
	struct registry_scope scope;
	long counts[CLASSES];
	struct table_writer *w;
	struct table_column cols[C__MAX];
	char date_header[4 * PROGRAM_LABEL_MAX + 8];
	int sheet; /* the class whose sheet is being written, -1 before the first */
	long seq, rows;
};

static void count_one(void *ctx, int hukou, enum case_age_group g, long n)
{
	struct classes *c = ctx;
	if (hukou >= 1 && hukou <= 2)
		c->counts[(hukou - 1) * CASE_AGE__MAX + g] += n;
}

/* "城镇 0-17岁" of class k. */
static void class_name(int k, char *out, size_t size)
{
	const char *hukou = dict_label(DICT_HUKOU, k / CASE_AGE__MAX + 1);
	snprintf(out, size, "%s %s", hukou ? hukou : "",
	         case_report_age_label((enum case_age_group)(k % CASE_AGE__MAX)));
}

/* Starts the sheets of the classes after the current one up to k (empty ones too). */
static int sheets_up_to(struct classes *c, int k, struct error *err)
{
	while (c->sheet < k) {
		char name[64], what[4 * PROGRAM_LABEL_MAX * 2 + 160], title[sizeof what + 80];
		c->sheet++;
		class_name(c->sheet, name, sizeof name);
		snprintf(what, sizeof what, "%s%d年度%s人员名单（%s，%ld人）", c->p->name, c->year,
		         c->p->stages[c->stage].label, name, c->counts[c->sheet]);
		table_title(title, sizeof title, what);
		struct table_sheet s = {name, title, c->cols, C__MAX, false};
		if (table_writer_sheet(c->w, &s, err) < 0)
			return -1;
		c->seq = 0;
	}
	return 0;
}

static struct xlsx_cell text(const char *s)
{
	return (struct xlsx_cell){.kind = XLSX_TEXT, .text = s};
}

static struct xlsx_cell day(const char *s)
{
	struct xlsx_cell cell = {.kind = XLSX_EMPTY};
	if (date_parse(s, &cell.date) == 0)
		cell.kind = XLSX_DATE;
	else if (*s)
		cell = text(s);
	return cell;
}

static int person_row(void *ctx, const struct case_class_row *r, struct error *err)
{
	struct classes *c = ctx;
	if (r->hukou < 1 || r->hukou > 2)
		return 0; /* counted nowhere, as on the project page */
	if (sheets_up_to(c, (r->hukou - 1) * CASE_AGE__MAX + (int)r->group, err) < 0)
		return -1;
	char id[32];
	if (c->masked)
		mask_idcard(r->id_number, id, sizeof id);
	else
		snprintf(id, sizeof id, "%s", r->id_number);
	const char *sex = dict_label(DICT_SEX, r->sex);
	struct xlsx_cell cells[C__MAX] = {
	    [C_SEQ] = {.kind = XLSX_INTEGER, .integer = ++c->seq},
	    [C_NAME] = text(r->name),
	    [C_SEX] = text(sex ? sex : ""),
	    [C_BIRTH] = day(r->birth_date),
	    [C_AGE] = {.kind = XLSX_INTEGER, .integer = r->age},
	    [C_ID] = text(id),
	    [C_TOWNSHIP] = text(r->township_name),
	    [C_VILLAGE] = text(r->village_name),
	    [C_ARCHIVE] = text(r->archive_no),
	    [C_DATE] = day(r->date),
	};
	c->rows++;
	return table_writer_cells(c->w, cells, err);
}

static int fill(void *ctx, struct table_writer *w, struct error *err)
{
	struct classes *c = ctx;
	c->w = w;
	/* 汇总: the counts as the project page shows them. */
	long cols[CASE_AGE__MAX + 1] = {0};
	for (int h = 0; h <= 2; h++) {
		bool total = h == 2;
		const char *label = total ? "合计" : dict_label(DICT_HUKOU, h + 1);
		struct xlsx_cell cells[SUMMARY_COLS] = {text(label ? label : "")};
		long sum = 0;
		for (int g = 0; g < CASE_AGE__MAX; g++) {
			long v = total ? cols[g] : c->counts[h * CASE_AGE__MAX + g];
			if (!total)
				cols[g] += v;
			sum += v;
			cells[1 + g] = (struct xlsx_cell){.kind = XLSX_INTEGER, .integer = v};
		}
		cells[SUMMARY_COLS - 1] = (struct xlsx_cell){.kind = XLSX_INTEGER, .integer = sum};
		if (table_writer_cells(w, cells, err) < 0)
			return -1;
	}
	if (case_report_class_list(c->req->db, &c->scope, c->p->code, c->year, c->p->stages[c->stage].key, person_row,
	                           c, err) < 0)
		return -1;
	return sheets_up_to(c, CLASSES - 1, err);
}

/* A refusal: JSON on the API, a page otherwise. */
static int refuse(struct request *req, unsigned status, const char *code, const char *title, const char *message)
{
	if (strncmp(req->path, "/api/", 5) == 0)
		api_error(req, status, code, message, NULL);
	else
		response_page(req, status, title, message);
	return 0;
}

int export_classes(struct request *req, const struct program *p, struct error *err)
{
	int stage = program_archive_stage(p);
	if (stage < 0)
		return refuse(req, 404, "not_found", "没有分类名单",
		              "该项目没有审批通过（建档）阶段，没有按户口性质和年龄段分类的名单。");
	if (req->account.role == ROLE_HOSPITAL)
		return refuse(req, 403, "forbidden", "无权导出", "医院账号不能导出分类名单。");
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0)
		return refuse(req, 400, "bad_request", "年度无效", "年度应为2000到2100之间的四位数字。");
	struct classes cl = {.req = req, .p = p, .year = year, .stage = stage, .sheet = -1};
	struct classes *c = &cl;
	const char *full = request_arg(req, "full");
	c->masked = !(full && strcmp(full, "1") == 0 && registry_may_edit(&req->account));
	case_scope_of(&req->account, &c->scope);
	if (case_report_classes(req->db, &c->scope, p->code, year, p->stages[stage].key, count_one, c, err) < 0)
		return -1;
	snprintf(c->date_header, sizeof c->date_header, "%s日期", p->stages[stage].label);
	static const struct table_column cols[C__MAX] = {
	    [C_SEQ] = {"序号", XLSX_INTEGER, 6},       [C_NAME] = {"姓名", XLSX_TEXT, 10},
	    [C_SEX] = {"性别", XLSX_TEXT, 6},          [C_BIRTH] = {"出生日期", XLSX_DATE, 12},
	    [C_AGE] = {"年龄", XLSX_INTEGER, 6},       [C_ID] = {"身份证号", XLSX_TEXT, 20},
	    [C_TOWNSHIP] = {"乡镇", XLSX_TEXT, 0},     [C_VILLAGE] = {"村（社区）", XLSX_TEXT, 0},
	    [C_ARCHIVE] = {"档案编号", XLSX_TEXT, 18}, [C_DATE] = {"", XLSX_DATE, 12},
	};
	memcpy(c->cols, cols, sizeof cols);
	c->cols[C_DATE].name = c->date_header;

	char what[4 * PROGRAM_LABEL_MAX * 2 + 120], title[sizeof what + 80], name[4 * PROGRAM_LABEL_MAX + 40];
	snprintf(what, sizeof what, "%s%d年度%s人员分类汇总（按户口性质和年龄段）", p->name, year,
	         p->stages[stage].label);
	table_title(title, sizeof title, what);
	snprintf(name, sizeof name, "%s分类名单%d.xlsx", p->name, year);
	struct table_sheet summary = {"汇总", title, summary_cols, SUMMARY_COLS, false};
	if (export_send(req, &summary, fill, c, name, err) < 0)
		return -1;
	char target[64], detail[128];
	snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(detail, sizeof detail, "{\"year\":%d,\"classes\":%d,\"rows\":%ld,\"masked\":%s}", year, CLASSES,
	         c->rows, c->masked ? "true" : "false");
	return auth_audit(req, "民生工程", "导出", target, detail, "成功", err);
}
