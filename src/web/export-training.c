#include "web/export-training.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mask.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "web/auth.h"
#include "web/export.h"

/* Training classes */

static const struct table_column class_cols[] = {
    {"培训班", XLSX_TEXT, 24},       {"类别", XLSX_TEXT, 0},
    {"开班日期", XLSX_DATE, 0},      {"结业日期", XLSX_DATE, 0},
    {"培训地点", XLSX_TEXT, 0},      {"每人扶持资金（元）", XLSX_MONEY, 0},
    {"学员（人）", XLSX_INTEGER, 0}, {"扶持资金合计（元）", XLSX_MONEY, 0},
    {"状态", XLSX_TEXT, 0},
};
#define CLASS_COLS (sizeof class_cols / sizeof class_cols[0])

/* A trainee's columns; the first (培训班) only in the year's workbook. */
static const struct table_column trainee_cols[] = {
    {"培训班", XLSX_TEXT, 24},    {"序号", XLSX_INTEGER, 0},         {"姓名", XLSX_TEXT, 0},
    {"性别", XLSX_TEXT, 0},       {"身份证号", XLSX_TEXT, 0},        {"乡镇", XLSX_TEXT, 0},
    {"村（社区）", XLSX_TEXT, 0}, {"扶持资金（元）", XLSX_MONEY, 0}, {"加入时间", XLSX_TEXT, 0},
};
#define TRAINEE_COLS (sizeof trainee_cols / sizeof trainee_cols[0])

struct training_export {
	struct request *req;
	struct registry_scope scope;
	int year;
	const struct training_class *one; /* the class of a class's export */
	struct table_writer *w;
	/* The year's classes, for the trainees' sheet. */
	int64_t *ids;
	char (*names)[4 * TRAINING_NAME_MAX + 1];
	size_t n, cap;
	long classes, trainees;
	int64_t support;
	const char *class_name; /* of the trainees being written */
	long seq;
};

static struct xlsx_cell text(const char *s)
{
	return (struct xlsx_cell){.kind = XLSX_TEXT, .text = s};
}

static struct xlsx_cell integer(int64_t n)
{
	return (struct xlsx_cell){.kind = XLSX_INTEGER, .integer = n};
}

static struct xlsx_cell money(int64_t fen)
{
	return (struct xlsx_cell){.kind = XLSX_MONEY, .integer = fen};
}

static struct xlsx_cell day(const char *s)
{
	struct xlsx_cell c = {.kind = XLSX_EMPTY};
	if (date_parse(s, &c.date) == 0)
		c.kind = XLSX_DATE;
	else if (*s)
		c = text(s);
	return c;
}

static int class_row(void *ctx, const struct training_class *c, struct error *err)
{
	struct training_export *x = ctx;
	const char *kind = training_kind_label(c->kind);
	struct xlsx_cell cells[CLASS_COLS] = {
	    text(c->name),        text(kind ? kind : ""),  day(c->start_date),
	    day(c->end_date),     text(c->place),          money(c->support),
	    integer(c->trainees), money(c->support_total), text(c->closed ? "已结业" : "进行中"),
	};
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->ids = xrealloc(x->ids, x->cap * sizeof *x->ids);
		x->names = xrealloc(x->names, x->cap * sizeof *x->names);
	}
	x->ids[x->n] = c->id;
	snprintf(x->names[x->n], sizeof x->names[x->n], "%s", c->name);
	x->n++;
	x->classes++;
	x->trainees += c->trainees;
	x->support += c->support_total;
	return table_writer_cells(x->w, cells, err);
}

static int trainee_row(void *ctx, const struct training_trainee *t, struct error *err)
{
	struct training_export *x = ctx;
	const struct person *p = &t->person;
	char idm[32], at[STAMP_LOCAL_SIZE];
	mask_idcard(p->id_number, idm, sizeof idm);
	stamp_local(t->added_at, at);
	const char *sex = dict_label(DICT_SEX, p->sex);
	struct xlsx_cell cells[TRAINEE_COLS] = {
	    text(x->class_name),   integer(++x->seq), text(p->name),
	    text(sex ? sex : ""),  text(idm),         text(p->township_name),
	    text(p->village_name), money(t->support), text(at),
	};
	/* A class's own list leaves out the class column. */
	return table_writer_cells(x->w, x->one ? cells + 1 : cells, err);
}

static int fill_year(void *ctx, struct table_writer *w, struct error *err)
{
	struct training_export *x = ctx;
	x->w = w;
	if (training_list(x->req->db, &x->scope, x->year, class_row, x, err) < 0)
		return -1;
	char total[48];
	snprintf(total, sizeof total, "合计 %ld 期", x->classes);
	struct xlsx_cell sum[CLASS_COLS] = {
	    text(total),          {.kind = XLSX_EMPTY}, {.kind = XLSX_EMPTY},
	    {.kind = XLSX_EMPTY}, {.kind = XLSX_EMPTY}, {.kind = XLSX_EMPTY},
	    integer(x->trainees), money(x->support),    {.kind = XLSX_EMPTY},
	};
	if (table_writer_cells(w, sum, err) < 0)
		return -1;
	char what[64], title[160];
	snprintf(what, sizeof what, "%d年度培训班学员名单", x->year);
	table_title(title, sizeof title, what);
	struct table_sheet sheet = {"学员名单", title, trainee_cols, TRAINEE_COLS, false};
	if (table_writer_sheet(w, &sheet, err) < 0)
		return -1;
	for (size_t i = 0; i < x->n; i++) {
		x->class_name = x->names[i];
		x->seq = 0;
		if (training_trainees(x->req->db, &x->scope, x->ids[i], trainee_row, x, err) < 0)
			return -1;
	}
	return 0;
}

static int audit(struct request *req, const char *module, const char *target, const char *detail, struct error *err)
{
	return auth_audit(req, module, "导出", target, detail, "成功", err);
}

int export_training_year(struct request *req, int year, struct error *err)
{
	struct training_export x = {.req = req, .year = year};
	registry_scope_of(&req->account, &x.scope);
	char what[64], title[160], name[64];
	snprintf(what, sizeof what, "%d年度培训班", year);
	table_title(title, sizeof title, what);
	snprintf(name, sizeof name, "培训班名册%d.xlsx", year);
	struct table_sheet sheet = {"培训班", title, class_cols, CLASS_COLS, false};
	int rc = export_send(req, &sheet, fill_year, &x, name, err);
	free(x.ids);
	free(x.names);
	if (rc < 0)
		return -1;
	char detail[96];
	snprintf(detail, sizeof detail, "{\"year\":%d,\"classes\":%ld}", year, x.classes);
	return audit(req, "劳动就业", "training", detail, err);
}

static int fill_class(void *ctx, struct table_writer *w, struct error *err)
{
	struct training_export *x = ctx;
	x->w = w;
	x->class_name = x->one->name;
	return training_trainees(x->req->db, &x->scope, x->one->id, trainee_row, x, err);
}

int export_training_class(struct request *req, const struct training_class *c, struct error *err)
{
	struct training_export x = {.req = req, .year = c->year, .one = c};
	registry_scope_of(&req->account, &x.scope);
	char what[4 * TRAINING_NAME_MAX + 40], title[4 * TRAINING_NAME_MAX + 120], name[4 * TRAINING_NAME_MAX + 40];
	snprintf(what, sizeof what, "%s学员名单", c->name);
	table_title(title, sizeof title, what);
	snprintf(name, sizeof name, "%s学员名单.xlsx", c->name);
	struct table_sheet sheet = {"学员名单", title, trainee_cols + 1, TRAINEE_COLS - 1, false};
	if (export_send(req, &sheet, fill_class, &x, name, err) < 0)
		return -1;
	char target[40], detail[64];
	snprintf(target, sizeof target, "training:%lld", (long long)c->id);
	snprintf(detail, sizeof detail, "{\"trainees\":%ld}", x.seq);
	return audit(req, "劳动就业", target, detail, err);
}

/* Rehabilitation services */

static const struct table_column rehab_cols[] = {
    {"服务日期", XLSX_DATE, 0}, {"姓名", XLSX_TEXT, 0},           {"身份证号", XLSX_TEXT, 0},
    {"档案号", XLSX_TEXT, 0},   {"乡镇", XLSX_TEXT, 0},           {"村（社区）", XLSX_TEXT, 0},
    {"服务类别", XLSX_TEXT, 0}, {"服务机构或人员", XLSX_TEXT, 0}, {"备注", XLSX_TEXT, 0},
    {"登记人", XLSX_TEXT, 0},   {"登记时间", XLSX_TEXT, 0},
};
#define REHAB_COLS (sizeof rehab_cols / sizeof rehab_cols[0])

struct rehab_export {
	struct request *req;
	struct rehab_query q;
	struct table_writer *w;
	long rows;
};

static int rehab_row(void *ctx, const struct rehab_service *s, struct error *err)
{
	struct rehab_export *x = ctx;
	char idm[32], at[STAMP_LOCAL_SIZE];
	mask_idcard(s->id_number, idm, sizeof idm);
	stamp_local(s->entered_at, at);
	const char *kind = rehab_kind_label(s->kind);
	struct xlsx_cell cells[REHAB_COLS] = {
	    day(s->date),
	    text(s->person_name),
	    text(idm),
	    text(s->file_no),
	    text(s->township_name),
	    text(s->village_name),
	    text(kind ? kind : ""),
	    text(s->provider),
	    text(s->note),
	    text(s->entered_by),
	    text(at),
	};
	x->rows++;
	return table_writer_cells(x->w, cells, err);
}

static int fill_rehab(void *ctx, struct table_writer *w, struct error *err)
{
	struct rehab_export *x = ctx;
	x->w = w;
	x->q.per_page = REHAB_PER_PAGE_MAX;
	long total = 0;
	for (x->q.page = 1;; x->q.page++) {
		long before = x->rows;
		if (rehab_list(x->req->db, &x->q, rehab_row, x, &total, err) < 0)
			return -1;
		if (x->rows >= total || x->rows == before)
			return 0;
	}
}

int export_rehab(struct request *req, const struct rehab_query *q, struct error *err)
{
	struct rehab_export x = {.req = req, .q = *q};
	struct division d = {0};
	char what[sizeof d.name + 80], title[sizeof what + 80], year[16] = "";
	if (q->year)
		snprintf(year, sizeof year, "%d年度", q->year);
	if (*q->township && division_find(req->db, q->township, &d, err) < 0)
		return -1;
	const char *kind = q->kind ? rehab_kind_label(q->kind) : NULL;
	snprintf(what, sizeof what, "%s%s康复服务%s%s%s", year, d.name, kind ? "（" : "", kind ? kind : "",
	         kind ? "）" : "");
	table_title(title, sizeof title, what);
	struct table_sheet sheet = {"康复服务", title, rehab_cols, REHAB_COLS, false};
	if (export_send(req, &sheet, fill_rehab, &x, "康复服务记录.xlsx", err) < 0)
		return -1;
	char detail[128];
	snprintf(detail, sizeof detail, "{\"year\":%d,\"township\":\"%s\",\"kind\":%d,\"rows\":%ld}", q->year,
	         q->township, q->kind, x.rows);
	return audit(req, "康复", "rehab", detail, err);
}
