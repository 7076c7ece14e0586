/*
 * export-classes: 分类名单, the classified lists of a project-year as one
 * .xlsx workbook (web/export):
 *
 *   GET /projects/{code}/classes.xlsx?year=Y[&full=1]
 *
 * The cases of the year that reached the project's archive stage (for
 * 生活救助 审批通过; domain/case-report case_report_classes), within the
 * user's case scope: a first sheet 汇总 with the counts by hukou and age
 * group (as the project page's table), then one sheet per class in the
 * order 城镇 0-17岁, 城镇 18-59岁, 城镇 60岁及以上, 农村 0-17岁, 农村 18-59岁,
 * 农村 60岁及以上 (every one, empty or not), each listing 序号, 姓名, 性别,
 * 出生日期, 年龄, 身份证号, 乡镇, 村（社区）, 档案编号 and the stage's date.
 *
 * ID numbers are masked (first 6 + last 4) unless full=1 is asked by a
 * role that may edit the registry (as the registry export's full form);
 * hospital accounts get 403 (the list is no hospital's work). A project
 * without an archive stage answers 404, a year that is no year 400. The
 * export is logged (民生工程, 导出, program:CODE) with whether it was masked.
 */
#ifndef HUIMIN_EXPORT_CLASSES_H
#define HUIMIN_EXPORT_CLASSES_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

/* Answers req with p's classified workbook (routed by page-projects). 0 or -1. */
__attribute__((warn_unused_result)) int export_classes(struct request *req, const struct program *p, struct error *err);

#endif
