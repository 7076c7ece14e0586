#!/bin/sh
# Payments benchmark (docs/performance.md), run from the repository root by
# `make bench` (last):
#
#   LINES=100000 sh bench/payments.sh
#
# A demo county (`huimin demo`) with LINES cases of the test definition
# tests/data/programs/payday.json that reached "approved", generated in SQL
# (one event and the three stages reached per case, as the engine writes
# them: its API would take minutes), and the standards set by
# `huimin payment standard`. The database is built once and kept as
# build/bench/payments-LINES.db; each run works on a copy. Then
# build/bench/payments times, on the writer connection as the server does:
#   build      payment_batch_build: LINES lines from the cases
#   export     the bank file as .xlsx and as .csv (payment_file_write)
#   reconcile  a LINES-line return file (CSV, every 1000th line failed)
#              read, checked and applied (payment_file_reconcile)
# Goal: build + export under 5 s, reconcile under 5 s. Exits 0 whether or
# not the goals are met (a measurement, not a test); non-zero when a step fails.
set -eu

LINES=${LINES:-100000}
YEAR=2024
HUIMIN=build/huimin
BENCH=build/bench/payments
DIR=build/bench
CACHE=$DIR/payments-$LINES.db
WORK=$DIR/payments-work.db
LOG=$DIR/payments.log

die() {
	echo "bench/payments.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$BENCH" ] || die "$BENCH missing (make build/bench/payments)"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 missing (make deps)"
case $LINES in '' | *[!0-9]*) die "LINES must be a number" ;; esac
mkdir -p "$DIR"
: >"$LOG"

if [ ! -f "$CACHE" ]; then
	echo "== building $CACHE ($LINES approved cases, once)" >&2
	tmp=$CACHE.tmp
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	# About four in five demo persons are registered with a bank account.
	"$HUIMIN" --db "$tmp" demo --persons $((LINES * 13 / 10 + 1000)) --seed 1 >>"$LOG" 2>&1 || die "demo failed (see $LOG)"
	"$HUIMIN" --db "$tmp" program load tests/data/programs/payday.json >>"$LOG" 2>&1 || die "program load failed (see $LOG)"
	sqlite3 -batch -bail "$tmp" >>"$LOG" 2>&1 <<SQL || die "generating the cases failed (see $LOG)"
PRAGMA synchronous=OFF;
CREATE TEMP TABLE pick AS SELECT id, village_code AS v, substr(village_code, 1, 9) || '000' AS t FROM person
	WHERE status = 1 AND coalesce(bank_account, '') <> '' ORDER BY id LIMIT $LINES;
INSERT INTO program_case (id, program_code, program_version, year, person_id, village_code, township_code, stage,
	stage_date, open, created_at, updated_at)
SELECT id, 'payday', 1, $YEAR, id, v, t, 'approved', '$YEAR-04-01', 1, '$YEAR-03-01T02:00:00Z', '$YEAR-04-01T02:00:00Z'
FROM pick;
WITH k(tr, fr, st, d) AS (VALUES ('apply', '', 'applied', '$YEAR-03-01'),
	('review', 'applied', 'reviewed', '$YEAR-03-15'), ('approve', 'reviewed', 'approved', '$YEAR-04-01'))
INSERT INTO case_event (case_id, transition, from_stage, to_stage, date, at, user_name, role)
SELECT id, k.tr, k.fr, k.st, k.d, k.d || 'T02:00:00Z', 'office', 'county_staff' FROM pick CROSS JOIN k
ORDER BY k.d, id;
INSERT INTO case_stage (case_id, stage, date, event_id) SELECT case_id, to_stage, date, id FROM case_event;
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'payday', $YEAR, c.township_code, 'stage:' || s.stage, count(*) FROM case_stage s JOIN program_case c ON c.id = s.case_id
GROUP BY c.township_code, s.stage;
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'payday', $YEAR, township_code, 'metric:approved', count(*) FROM program_case GROUP BY township_code;
SQL
	n=$(sqlite3 "$tmp" "SELECT count(*) FROM program_case WHERE stage = 'approved'")
	[ "$n" = "$LINES" ] || die "the database has $n approved cases, not $LINES"
	"$HUIMIN" --db "$tmp" payment standard payday $YEAR 300 >>"$LOG" 2>&1 || die "standard failed (see $LOG)"
	"$HUIMIN" --db "$tmp" payment standard payday $YEAR 350.50 --hukou 1 >>"$LOG" 2>&1 || die "standard failed (see $LOG)"
	"$HUIMIN" --db "$tmp" payment standard payday $YEAR 1,234.56 --grade 1 >>"$LOG" 2>&1 || die "standard failed (see $LOG)"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || die "checkpoint failed"
	mv "$tmp" "$CACHE"
	rm -f "$tmp-wal" "$tmp-shm"
fi
"$HUIMIN" --db "$CACHE" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$CACHE" "$WORK"

echo
echo "huimin payments benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, SQLite $(sqlite3 -version | cut -d' ' -f1))"
"$BENCH" "$WORK" "$YEAR" "$DIR" || die "$BENCH failed"
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
