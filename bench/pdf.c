/*
 * PDF roster benchmark (docs/performance.md "Printed rosters"): writes a
 * landscape A4 list of ROWS rows through io/pdf as the case-list print
 * (/projects/{code}/cases.pdf) lays it out (序号, 姓名, 性别, 年龄, 乡镇, 村,
 * masked ID and phone, stage, date, signature), RUNS times, and prints each
 * run's milliseconds. bench/pdf.sh counts the pages with pdfinfo.
 *
 *   build/bench/pdf OUT.pdf ROWS RUNS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/error.h"
#include "io/pdf.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s OUT.pdf ROWS RUNS\n", argv[0]);
		return 2;
	}
	long rows = strtol(argv[2], NULL, 10), runs = strtol(argv[3], NULL, 10);
	static const char *const surnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};
	static const char *const given[] = {"桂兰", "玉英", "建国", "秀珍", "德明", "淑芬", "长青", "如意"};
	static const char *const headers[] = {"序号", "姓名", "性别", "年龄", "乡镇", "村（社区）",
					      "身份证号", "电话", "当前阶段", "阶段日期", "签名"};
	static const int widths[] = {50, 80, 40, 40, 90, 110, 160, 110, 100, 90, 130};
	for (long r = 0; r < runs; r++) {
		struct error err = ERROR_INIT;
		struct pdf *d;
		double t0 = now_ms();
		if (pdf_open(argv[1], "示范县残疾人联合会", &d, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		pdf_landscape(d, true);
		pdf_title(d, "2024年度贫困白内障复明工程病源输送名单");
		pdf_table_begin(d, headers, widths, 11);
		char seq[24], name[32], age[24], id[40], phone[32], village[48];
		for (long i = 0; i < rows; i++) {
			snprintf(seq, sizeof seq, "%ld", i + 1);
			snprintf(name, sizeof name, "%s%s", surnames[i % 8], given[(i / 8) % 8]);
			snprintf(age, sizeof age, "%ld", 50 + i % 40);
			snprintf(id, sizeof id, "341699********%04ld", i % 10000);
			snprintf(phone, sizeof phone, "138****%04ld", (i * 7) % 10000);
			snprintf(village, sizeof village, "青禾%ld村", i % 15 + 1);
			const char *cells[] = {seq, name, i % 2 ? "男" : "女", age, "青禾镇", village, id, phone, "输送复查",
					       "2024-04-13", ""};
			pdf_table_row(d, cells);
		}
		pdf_table_end(d);
		if (pdf_close(d, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		printf("%.0f\n", now_ms() - t0);
	}
	return 0;
}
