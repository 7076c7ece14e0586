/*
 * payments DB YEAR DIR: times a payment batch of every approved payday case
 * of YEAR in DB (bench/payments.sh builds it) on the writer connection:
 * building it, writing its bank file as .xlsx and .csv into DIR, and
 * reconciling a return file of every line (CSV written here, untimed; every
 * 1000th line failed). Prints each step's time and whether the goals (build
 * + export, and reconcile, each under 5 s) are met; exits 1 when a step
 * fails or the figures do not add up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/money.h"
#include "domain/dict.h"
#include "domain/payment.h"
#include "domain/program.h"
#include "store/db.h"
#include "store/migrate.h"
#include "web/payment-file.h"

#define GOAL_MS 5000.0

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

struct ret {
	FILE *f;
	long n, failed;
	int64_t paid;
};

static int return_row(void *ctx, const struct payment_line *l, struct error *err)
{
	struct ret *r = ctx;
	char amount[MONEY_TEXT_MAX];
	money_format_plain(l->amount, amount, sizeof amount);
	bool failed = l->seq % 1000 == 0;
	r->n++;
	if (failed)
		r->failed++;
	else
		r->paid += l->amount;
	if (fprintf(r->f, "%ld,%s,%s,%s,%s,%s,%s,%s\r\n", l->seq, l->name, l->id_number, l->bank_name, l->bank_account,
		    amount, failed ? "失败" : "成功", failed ? "账户已销户" : "") < 0)
		return error_set(err, "cannot write the return file");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: payments DB YEAR DIR\n");
		return 2;
	}
	struct error err = ERROR_INIT;
	struct db *db;
	if (db_open(&db, argv[1], DB_WRITER, &err) < 0 || migrate_run(db, NULL, &err) < 0 || dict_load(db, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	int year = atoi(argv[2]), status = 1;
	const struct program *p;
	char xlsx[512], csv[512], back[512];
	snprintf(xlsx, sizeof xlsx, "%s/payments-bank.xlsx", argv[3]);
	snprintf(csv, sizeof csv, "%s/payments-bank.csv", argv[3]);
	snprintf(back, sizeof back, "%s/payments-return.csv", argv[3]);
	if (program_get(db, "payday", 0, &p, &err) != 1) {
		fprintf(stderr, "no payday program: %s\n", err.msg);
		goto out;
	}
	struct payment_build b = {.p = p, .year = year, .period = "2024-06", .payable = "approved", .stops = {"stopped"},
				  .nstops = 1, .user = "bench"};
	struct payment_built built;
	double t0 = now_ms();
	if (payment_batch_build(db, &b, &built, &err) != 0) {
		fprintf(stderr, "build: %s %s\n", built.message, err.msg);
		goto out;
	}
	double t1 = now_ms();
	long nx = 0, nc = 0;
	if (payment_file_write(db, built.batch, xlsx, &nx, &err) < 0) {
		fprintf(stderr, "export xlsx: %s\n", err.msg);
		goto out;
	}
	double t2 = now_ms();
	if (payment_file_write(db, built.batch, csv, &nc, &err) < 0) {
		fprintf(stderr, "export csv: %s\n", err.msg);
		goto out;
	}
	double t3 = now_ms();
	if (payment_batch_send(db, built.batch, "bench", &err) != 0) {
		fprintf(stderr, "send: %s\n", err.msg);
		goto out;
	}
	/* The bank's answer (not timed). */
	struct ret r = {fopen(back, "w"), 0, 0, 0};
	struct payment_line_query q = {.batch = built.batch};
	snprintf(q.scope.lo, sizeof q.scope.lo, "000000000000");
	snprintf(q.scope.hi, sizeof q.scope.hi, "999999999999");
	if (!r.f || fputs("\xEF\xBB\xBF序号,姓名,身份证号,开户银行,银行账号,金额(元),状态,原因\r\n", r.f) < 0 ||
	    payment_lines(db, &q, return_row, &r, NULL, &err) < 0 || fclose(r.f) != 0) {
		fprintf(stderr, "return file: %s\n", err.msg);
		goto out;
	}
	char paid_text[MONEY_TEXT_MAX];
	money_format_plain(r.paid, paid_text, sizeof paid_text);
	struct payment_reconcile_options o = {.has_paid_total = true, .paid_total = r.paid, .user = "bench"};
	struct import_report rep;
	import_report_init(&rep);
	struct payment_reconciled res;
	double t4 = now_ms();
	int rc = payment_file_reconcile(db, built.batch, back, &o, &rep, &res, &err);
	double t5 = now_ms();
	if (rc != 0) {
		fprintf(stderr, "reconcile: %d %s %s (%ld rows rejected, first: row %ld %s)\n", rc, res.message, err.msg,
			rep.rejected, rep.nerrors ? rep.errors[0].row : 0L, rep.nerrors ? rep.errors[0].reason : "");
		import_report_release(&rep);
		goto out;
	}
	import_report_release(&rep);
	char total[MONEY_TEXT_MAX], wan[MONEY_TEXT_MAX];
	money_format(built.total, total, sizeof total);
	money_format_wan(built.total, wan, sizeof wan);
	printf("batch: %ld lines, %s yuan (%s), %ld left out\n", built.lines, total, wan, built.skipped);
	printf("  build            %8.0f ms\n", t1 - t0);
	printf("  export .xlsx     %8.0f ms (%ld lines)\n", t2 - t1, nx);
	printf("  export .csv      %8.0f ms (%ld lines)\n", t3 - t2, nc);
	printf("  build + exports  %8.0f ms  %s\n", t3 - t0, t3 - t0 < GOAL_MS ? "under 5 s" : "OVER 5 s");
	printf("  reconcile        %8.0f ms  %s (%ld rows: %ld paid, %ld failed; paid %s yuan)\n", t5 - t4,
	       t5 - t4 < GOAL_MS ? "under 5 s" : "OVER 5 s", res.rows, res.paid, res.failed, paid_text);
	if (nx != built.lines || nc != built.lines || res.paid + res.failed != built.lines || res.failed != r.failed ||
	    res.paid_fen != r.paid || res.remaining != 0) {
		fprintf(stderr, "the figures do not add up\n");
		goto out;
	}
	status = 0;
out:
	remove(xlsx);
	remove(csv);
	remove(back);
	db_close(db);
	return status;
}
