#!/bin/sh
# Target board benchmark (docs/performance.md, "Target board"), run from the
# repository root by `make bench` (after bench/cases.sh):
#
#   PERSONS=1000000 RUNS=200 CALLS=50 sh bench/targets.sh
#
# The board of a year (GET /api/v1/targets?year=: every target with its
# progress, counted live) with 50 targets over the 23 townships, on the
# million persons and million cataract cases of bench/cases.sh. Goal: under
# 100 ms.
#
# The database is built once and kept as build/bench/targets-v1-PERSONS.db: a
# copy of bench/cases.sh's cached build/bench/cases-v2-PERSONS.db (built by
# running bench/cases.sh first when it is missing; the cached original is
# only read), brought to this version's schema (`huimin init`), then
#   - the assistance programme (`huimin program load programs/assistance.json`)
#     with about 9,300 cases of severely disabled persons on dibao that reached
#     "approved" (five events each: apply, publish, submit, review, approve,
#     with their stored values, stages reached and running counts, as the
#     engine writes them), generated in SQL like bench/cases.sh's, and their
#     twelve monthly payments of 2024, reconciled (one line in 500 failed),
#     with the standards set by `huimin payment standard`;
#   - the 50 targets of 2024, made by `build/bench/targets setup` through the
#     target module (target_save, target_split_by_persons, target_set_parts,
#     target_add_entry; bench/targets.c lists them);
#   - a county staff user for the HTTP part.
#
# Then, each run:
#   build/bench/targets time   the county board and the largest township's
#                              board on a read-only connection (median, p99
#                              over RUNS runs after a warm-up), each target
#                              alone, and a digest of the figures;
#   HTTP                       `huimin serve` on that database (4 worker
#                              threads, --today pinned), then CALLS curl calls
#                              of GET /api/v1/targets?year=2024 with a Bearer
#                              token, after 5 untimed: median, p99 (for 50
#                              calls: the 50th), size; and the same with
#                              &township= the largest township.
# A run adds one API token to the cached database, nothing else.
# Exits 0 whether or not the goal is met (a measurement, not a test);
# non-zero when a step fails.
set -eu

PERSONS=${PERSONS:-1000000}
RUNS=${RUNS:-200}
CALLS=${CALLS:-50}
THREADS=${THREADS:-4}
YEAR=2024
TODAY=2025-03-31 # bench/cases.sh's today: late 2024 operations still have follow-ups to come
GOAL_MS=100

HUIMIN=$(pwd)/build/huimin
BENCH=build/bench/targets
DIR=build/bench
CASES=$DIR/cases-v2-$PERSONS.db
CACHE=$DIR/targets-v1-$PERSONS.db
LOG=$DIR/targets.log
SERVER_LOG=$DIR/targets-server.log
NAME=bench_staff

die() {
	echo "bench/targets.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$BENCH" ] || die "$BENCH missing (make build/bench/targets)"
for c in curl sqlite3; do
	command -v $c >/dev/null 2>&1 || die "$c missing (make deps)"
done
case $PERSONS in '' | *[!0-9]*) die "PERSONS must be a number" ;; esac
case $RUNS in '' | *[!0-9]*) die "RUNS must be a number" ;; esac
case $CALLS in '' | *[!0-9]*) die "CALLS must be a number" ;; esac
mkdir -p "$DIR"
: >"$LOG"

# The assistance cases and their payments (see above), all in 2024 but the applications (December 2023).
generate() {
	db=$1
	sqlite3 -batch -bail "$db" >>"$LOG" 2>&1 <<EOF || die "generating the assistance cases failed (see $LOG)"
PRAGMA synchronous=OFF;
-- About one in seven persons with a grade 1 or 2 certificate, on dibao, on the register, with a bank account.
CREATE TEMP TABLE pick AS
SELECT (SELECT max(id) FROM program_case) + row_number() OVER (ORDER BY id) AS cid, id AS pid,
	village_code AS v, township_code AS t, hukou, name, id_number, coalesce(bank_name, '') AS bank_name,
	bank_account, (id * 2654435761 + 7) % 2147483647 AS x
FROM person
WHERE grade IN (1, 2) AND dibao = 1 AND status = 1 AND coalesce(bank_account, '') <> ''
	AND (id * 2654435761 + 7) % 2147483647 % 1000 < 135;
CREATE TEMP TABLE ev (case_id INTEGER, step INTEGER, transition TEXT, from_stage TEXT, to_stage TEXT,
	date TEXT, user_name TEXT, role TEXT, fields TEXT);
-- Applied 1-20 December 2023, published the next day, submitted after the 7 days of the notice,
-- reviewed 1-5 days later (a third at home), approved two days after.
INSERT INTO ev SELECT cid, 1, 'apply', '', 'applied', date('2023-12-01', '+' || (x % 20) || ' days'),
	'village_' || v, 'village', '{"doc_bank":"true","doc_cert":"true","doc_dibao":"true","doc_id":"true"}' FROM pick;
INSERT INTO ev SELECT cid, 2, 'publish', 'applied', 'in_notice', date('2023-12-02', '+' || (x % 20) || ' days'),
	'village_' || v, 'village', '{}' FROM pick;
INSERT INTO ev SELECT cid, 3, 'submit', 'in_notice', 'submitted', date('2023-12-09', '+' || (x % 20) || ' days'),
	'township_' || t, 'township', '{}' FROM pick;
INSERT INTO ev SELECT cid, 4, 'review_pass', 'submitted', 'reviewed',
	date('2023-12-10', '+' || (x % 20 + x / 20 % 5) || ' days'), 'county', 'county_staff',
	json_object('finding', '符合条件，材料齐全', 'review_date', date('2023-12-10', '+' || (x % 20 + x / 20 % 5) || ' days'),
		'review_method', CASE WHEN x / 100 % 3 = 0 THEN 'home' ELSE 'onsite' END, 'reviewer', '县残联 赵刚')
FROM pick;
INSERT INTO ev SELECT cid, 5, 'approve', 'reviewed', 'approved', date('2023-12-12', '+' || (x % 20 + x / 20 % 5) || ' days'),
	'county', 'county_staff', '{}' FROM pick;
INSERT INTO program_case (id, program_code, program_version, year, person_id, village_code, township_code,
	stage, stage_date, open, created_at, updated_at)
SELECT p.cid, 'assistance', (SELECT max(version) FROM program WHERE code = 'assistance'), $YEAR, p.pid, p.v, p.t,
	'approved', e.date, 1, s.date || 'T02:00:00Z', e.date || 'T02:00:00Z'
FROM pick p JOIN ev e ON e.case_id = p.cid AND e.step = 5 JOIN ev s ON s.case_id = p.cid AND s.step = 1 ORDER BY p.cid;
INSERT INTO case_event (case_id, transition, from_stage, to_stage, date, at, user_name, role, fields, remark)
SELECT case_id, transition, from_stage, to_stage, date, date || 'T02:00:00Z', user_name, role, fields, ''
FROM ev ORDER BY date, case_id, step;
INSERT INTO case_stage (case_id, stage, date, event_id)
SELECT case_id, to_stage, date, id FROM case_event WHERE case_id IN (SELECT cid FROM pick) ORDER BY case_id, to_stage;
-- The running counts: every stage reached, and the metrics (home_review: reviewed at home).
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'assistance', $YEAR, c.township_code, k.column2, count(*)
FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN case_event e ON e.id = s.event_id
JOIN (VALUES ('applied', 'stage:applied'), ('applied', 'metric:applied'), ('in_notice', 'stage:in_notice'),
	('in_notice', 'metric:noticed'), ('submitted', 'stage:submitted'), ('submitted', 'metric:submitted'),
	('reviewed', 'stage:reviewed'), ('reviewed', 'metric:reviewed'), ('approved', 'stage:approved'),
	('approved', 'metric:approved')) k ON k.column1 = s.stage
WHERE c.program_code = 'assistance'
GROUP BY c.township_code, k.column2;
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'assistance', $YEAR, c.township_code, 'metric:home_review', count(*)
FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN case_event e ON e.id = s.event_id
WHERE c.program_code = 'assistance' AND s.stage = 'reviewed' AND json_extract(e.fields, '\$.review_method') = 'home'
GROUP BY c.township_code;
-- Twelve monthly batches, each built on the 15th, sent on the 16th, reconciled on the 25th.
INSERT INTO payment_batch (program_code, year, period, payable_stage, stop_stages, status, created_at, created_by,
	sent_at, sent_by, reconciled_at, reconciled_by)
SELECT 'assistance', $YEAR, printf('$YEAR-%02d', m.column1), 'approved', ',suspended,stopped,', 3,
	printf('$YEAR-%02d-15T02:00:00Z', m.column1), 'county', printf('$YEAR-%02d-16T02:00:00Z', m.column1), 'county',
	printf('$YEAR-%02d-25T02:00:00Z', m.column1), 'county'
FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) m;
-- A line per case and month at the standard of its hukou (set below: 100.00 yuan urban, 90.00 rural),
-- in the order the batch lists them; one in 500 failed (the account closed).
INSERT INTO payment_line (batch_id, seq, program_code, year, period, case_id, person_id, name, id_number,
	bank_name, bank_account, amount, status, reason)
SELECT b.id, row_number() OVER (PARTITION BY b.id ORDER BY p.t, p.v, p.cid), 'assistance', $YEAR, b.period, p.cid,
	p.pid, p.name, p.id_number, p.bank_name, p.bank_account, CASE p.hukou WHEN 1 THEN 10000 ELSE 9000 END,
	CASE WHEN (p.x / 7 + b.id * 48271) % 500 = 0 THEN 3 ELSE 2 END,
	CASE WHEN (p.x / 7 + b.id * 48271) % 500 = 0 THEN '账户已销户' ELSE '' END
FROM payment_batch b CROSS JOIN pick p WHERE b.program_code = 'assistance' AND b.year = $YEAR
ORDER BY b.id, p.t, p.v, p.cid;
EOF
}

if [ ! -f "$CACHE" ]; then
	if [ ! -f "$CASES" ]; then
		echo "== $CASES missing: building it with bench/cases.sh (RUNS=1)" >&2
		PERSONS=$PERSONS RUNS=1 sh bench/cases.sh >>"$LOG" 2>&1 || die "bench/cases.sh failed (see $LOG)"
	fi
	start=$(date +%s)
	echo "== building $CACHE (once; a few minutes)" >&2
	tmp=$CACHE.tmp
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	cp "$CASES" "$tmp"
	[ ! -s "$CASES-wal" ] || cp "$CASES-wal" "$tmp-wal"
	"$HUIMIN" --db "$tmp" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"
	"$HUIMIN" --db "$tmp" program load programs/assistance.json >>"$LOG" 2>&1 || die "program load failed (see $LOG)"
	generate "$tmp"
	"$HUIMIN" --db "$tmp" payment standard assistance $YEAR 90 >>"$LOG" 2>&1 || die "standard failed (see $LOG)"
	"$HUIMIN" --db "$tmp" payment standard assistance $YEAR 100 --hukou 1 >>"$LOG" 2>&1 || die "standard failed (see $LOG)"
	check() {
		got=$(sqlite3 "$tmp" "$2") || die "check $1: the query failed"
		[ "$got" = 0 ] || die "check failed: $1 ($got)"
	}
	check "each assistance case at its last event's stage, five stages reached" \
		"SELECT count(*) FROM program_case c WHERE c.program_code = 'assistance' AND (c.stage <> 'approved'
			OR (SELECT count(*) FROM case_stage s WHERE s.case_id = c.id) <> 5
			OR c.stage_date <> (SELECT date FROM case_event WHERE id = (SELECT max(id) FROM case_event WHERE case_id = c.id)))"
	check "stage:approved = metric:approved = the approved cases" \
		"SELECT (SELECT sum(n) FROM program_count WHERE program_code = 'assistance' AND counter = 'stage:approved')
			- (SELECT count(*) FROM program_case WHERE program_code = 'assistance' AND stage = 'approved')
			+ abs((SELECT sum(n) FROM program_count WHERE program_code = 'assistance' AND counter = 'metric:approved')
			- (SELECT sum(n) FROM program_count WHERE program_code = 'assistance' AND counter = 'stage:approved'))"
	check "one line per case and month, at the case's standard" \
		"SELECT (SELECT 12 * count(*) FROM program_case WHERE program_code = 'assistance') - (SELECT count(*) FROM payment_line)
			+ (SELECT count(*) FROM payment_line l JOIN person p ON p.id = l.person_id
				WHERE l.amount <> (SELECT amount FROM payment_standard s WHERE s.program_code = 'assistance'
					AND s.year = $YEAR AND s.hukou IN (0, p.hukou) ORDER BY s.hukou DESC LIMIT 1))"
	check "the stages reached by hukou (program_reached_hukou, kept by triggers) match the cases" \
		"SELECT count(*) FROM (SELECT c.program_code AS pc, c.year AS y, s.stage AS st, p.hukou AS h, count(*) AS n
			FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN person p ON p.id = c.person_id GROUP BY 1, 2, 3, 4) a
			FULL JOIN (SELECT * FROM program_reached_hukou WHERE n <> 0) b
			ON b.program_code = a.pc AND b.year = a.y AND b.stage = a.st AND b.hukou = a.h WHERE a.n IS NOT b.n"
	"$BENCH" setup "$tmp" $YEAR $TODAY >>"$LOG" 2>&1 || die "$BENCH setup failed (see $LOG)"
	tail -1 "$LOG" >&2
	printf '%s\n' 'Start#2024x' | "$HUIMIN" --db "$tmp" user add "$NAME" --role county_staff --password-stdin >>"$LOG" 2>&1 ||
		die "user add failed (see $LOG)"
	check "foreign keys" "SELECT count(*) FROM (SELECT 1 FROM pragma_foreign_key_check)"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || die "checkpoint failed"
	mv "$tmp" "$CACHE"
	rm -f "$tmp-wal" "$tmp-shm"
	echo "   $CACHE ready after $(($(date +%s) - start)) s, $(du -m "$CACHE" | cut -f1) MB" >&2
fi
# Brings the cached database to this version's schema (indexes of new migrations), not timed.
"$HUIMIN" --db "$CACHE" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"

echo
echo "huimin target board benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, SQLite $(sqlite3 -version | cut -d' ' -f1))"
sqlite3 "$CACHE" "SELECT printf('%d persons, %d cataract cases, %d assistance cases, %d payment lines; %d targets of $YEAR (%d split to townships, %d urban/rural), %d hand entries; %d MB',
	(SELECT count(*) FROM person), (SELECT count(*) FROM program_case WHERE program_code = 'cataract'),
	(SELECT count(*) FROM program_case WHERE program_code = 'assistance'), (SELECT count(*) FROM payment_line),
	(SELECT count(*) FROM target WHERE year = $YEAR), (SELECT count(*) FROM target WHERE year = $YEAR AND split = 'township'),
	(SELECT count(*) FROM target WHERE year = $YEAR AND split = 'hukou'),
	(SELECT count(*) FROM target_entry e JOIN target t ON t.id = e.target_id WHERE t.year = $YEAR),
	(SELECT page_count * page_size / 1000000 FROM pragma_page_count, pragma_page_size))"
echo
"$BENCH" time "$CACHE" $YEAR $TODAY "$RUNS" $GOAL_MS || die "$BENCH failed"

# The full render: the JSON endpoint of the running server.
token=$("$HUIMIN" --db "$CACHE" user token "$NAME" 2>>"$LOG" | tail -1)
[ -n "$token" ] || die "no API token"
township=$(sqlite3 "$CACHE" "SELECT township_code FROM program_case WHERE program_code = 'cataract' AND year = $YEAR
	GROUP BY township_code ORDER BY count(*) DESC, township_code LIMIT 1")
port=$((20000 + ($$ + 7) % 20000))
"$HUIMIN" --db "$CACHE" --today $TODAY serve --listen "127.0.0.1:$port" --threads "$THREADS" \
	>"$DIR/targets-server.out" 2>"$SERVER_LOG" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q '已启动' "$DIR/targets-server.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || die "the server did not start (see $SERVER_LOG)"
	kill -0 $pid 2>/dev/null || die "the server exited (see $SERVER_LOG)"
	sleep 0.1
done
URL=http://127.0.0.1:$port

# calls LABEL PATH: CALLS timed curl calls after 5 untimed; prints the median, p99, size.
calls() {
	label=$1
	path=$2
	out=$DIR/targets-http.json
	code=$(curl -s -o "$out" -w '%{http_code}' -H "Authorization: Bearer $token" "$URL$path")
	[ "$code" = 200 ] || die "GET $path answered $code: $(head -c 300 "$out")"
	items=$(grep -o '"progress":' "$out" | wc -l)
	[ "$items" -gt 0 ] || die "GET $path: no targets"
	for _ in 1 2 3 4 5; do
		curl -s -o /dev/null -H "Authorization: Bearer $token" "$URL$path"
	done
	times=$DIR/targets-http.times
	: >"$times"
	n=0
	while [ $n -lt "$CALLS" ]; do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" "$URL$path" >>"$times"
		n=$((n + 1))
	done
	bad=$(awk '$1 != 200' "$times" | wc -l)
	[ "$bad" = 0 ] || die "GET $path: $bad answers other than 200"
	awk '{ print $2 * 1000 }' "$times" | sort -n | awk -v label="$label" -v items="$items" \
		-v size="$(wc -c <"$out")" -v goal=$GOAL_MS '
		{ t[NR] = $1 }
		END {
			med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			k = int((NR * 99 + 99) / 100); p99 = t[k]
			printf "%-44s %6d %8d %9.2f %9.2f  %s\n", label, items, size, med, p99, p99 < goal ? "PASS" : "MISS"
		}'
}

echo
echo "HTTP: huimin serve ($THREADS worker threads, --today $TODAY), a county staff user's Bearer token;"
echo "$CALLS curl calls each after 5 untimed, one at a time; times in ms (curl's time_total)"
echo
printf '%-44s %6s %8s %9s %9s  %s\n' "GET" "items" "bytes" "median" "p99" "p99 < $GOAL_MS ms"
calls "/api/v1/targets?year=$YEAR" "/api/v1/targets?year=$YEAR"
calls "/api/v1/targets?year=$YEAR&township=$township" "/api/v1/targets?year=$YEAR&township=$township"
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
trap - EXIT INT TERM
