#!/bin/sh
# Case engine benchmark (docs/performance.md), run from the repository root by
# `make bench`:
#
#   PERSONS=1000000 RUNS=200 sh bench/cases.sh
#
# With one 2024 cataract case per person, each with its full history (events,
# stages reached, follow-ups due, running counts), build/bench/cases times on
# a read-only connection, as the web server's workers use it:
#   overdue   the working list of a township's overdue follow-ups
#             (case_search, q.township, q.due = CASE_DUE_OVERDUE, first page
#             of 50 and its exact total), for the largest and a small township;
#   funnel    case_counts of the whole county, summed and by township.
# Goal: each under 50 ms.
#
# The database is built once and kept as build/bench/cases-v2-PERSONS.db: the
# persons of bench/web.sh's cached build/bench/web-PERSONS.db when there is
# one (else built the same way: gen-roster, then `huimin import persons`),
# `huimin init`, `huimin program load programs/cataract.json`, then the cases
# generated directly in SQL (below): the engine's API would take hours for a
# million cases. The generated rows are what the engine would have written
# (the same stages, transitions, roles, stored values and counts), checked for
# consistency before the file is kept; the generation is deterministic (a hash
# of the person id, no random()).
#
# Prints each query's median and p99 over RUNS runs (after a warm-up), its
# rows and total, and whether each is under 50 ms. Exits 0 whether or not the
# goals are met (a measurement, not a test); non-zero when a step fails, e.g.
# a consistency check of the generated data.
set -eu

PERSONS=${PERSONS:-1000000}
RUNS=${RUNS:-200}
SEED=${SEED:-1}
ROSTER_TODAY=2026-06-30 # gen-roster's pinned today (web.sh's database)
YEAR=2024               # the cases' project-year
TODAY=2025-03-31        # the benchmark's today: late 2024 discharges still have follow-ups to come
GOAL_MS=50

HUIMIN=build/huimin
GEN=build/bench/gen-roster
BENCH=build/bench/cases
DIR=build/bench
WEB_CACHE=$DIR/web-$PERSONS.db
CACHE=$DIR/cases-v2-$PERSONS.db # v2: closed cases owe no follow-ups
LOG=$DIR/cases.log

die() {
	echo "bench/cases.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$BENCH" ] || die "$BENCH missing (make build/bench/cases)"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 missing (make deps)"
case $PERSONS in '' | *[!0-9]*) die "PERSONS must be a number" ;; esac
case $RUNS in '' | *[!0-9]*) die "RUNS must be a number" ;; esac
mkdir -p "$DIR"
: >"$LOG"

# A draw in 0 .. 999999 for the case (column x, a hash of its id) and draw
# number $1: squaring modulo the prime 2^31 - 1 mixes the bits, so that the
# draws of one case are unrelated to each other and to its neighbours'.
r() {
	echo "((((x + $1 * 1000003) % 2147483647) * ((x + $1 * 1000003) % 2147483647) + $1) % 2147483647 * 48271 % 2147483647 % 1000000)"
}

# days D N: the date N days after date D (both SQL expressions).
days() {
	echo "date($1, '+' || ($2) || ' days')"
}

generate() {
	db=$1
	sqlite3 -batch -bail "$db" >>"$LOG" 2>&1 <<EOF || die "generating the cases failed (see $LOG)"
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
PRAGMA temp_store=FILE;
.timer on
-- Every step of every case, decided by the case's draws: a step happens when
-- the one before it did, its draw says so, and its date is not after today.
-- Funnel: all registered; prescreen 60% pass, 35% fail, 3% withdraw, 2% not
-- yet; of those passed 2% withdraw, 1% wait, the rest are transported; re-
-- examination 41% candidates (so 40% of those passed), 55% not, 2% withdraw;
-- 87% of candidates operated (7% withdraw), every one operated discharged;
-- then follow-ups at 7, 30 and 90 days done less and less often (92%; 85%
-- after a 7-day one, 30% without; 80% after a 30-day one, 10% without);
-- 95% of the 90-day follow-ups closed, 30% of the others closed as lost.
CREATE TEMP TABLE plan AS
WITH b AS (
	SELECT id, village_code AS v, township_code AS t, (id * 2654435761 + $SEED) % 2147483647 AS x FROM person
), d AS (
	SELECT id, v, t, $(r 1) AS a1, $(r 2) AS a2, $(r 3) AS a3, $(r 4) AS a4, $(r 5) AS a5, $(r 6) AS a6,
		$(r 7) AS a7, $(r 8) AS a8, $(r 9) AS a9, $(r 10) AS a10, $(r 11) AS a11, $(r 12) AS a12,
		$(r 13) AS a13, $(r 14) AS a14, $(r 15) AS a15, $(r 16) AS a16, $(r 17) AS a17, $(r 18) AS a18,
		$(r 19) AS a19, $(r 20) AS a20
	FROM b
), s1 AS (
	SELECT *, date('$YEAR-01-02', '+' || (a1 % 300) || ' days') AS reg FROM d
), s2 AS (
	SELECT *, $(days reg "7 + a3 % 50") AS pre_d,
		CASE WHEN a2 < 600000 THEN 'pass' WHEN a2 < 950000 THEN 'fail' WHEN a2 < 980000 THEN 'wd' END AS pre_k
	FROM s1
), s3 AS (
	SELECT *, $(days pre_d "3 + a4 % 30") AS tr_d,
		CASE WHEN a5 < 20000 THEN 'wd' WHEN a5 < 30000 THEN NULL ELSE 'tr' END AS tr_k
	FROM s2
), s4 AS (
	SELECT *, $(days tr_d "a6 % 4") AS rx_d,
		CASE WHEN a7 < 412000 THEN 'pass' WHEN a7 < 962000 THEN 'fail' WHEN a7 < 982000 THEN 'wd' END AS rx_k
	FROM s3
), s5 AS (
	SELECT *, $(days rx_d "1 + a8 % 20") AS op_d,
		CASE WHEN a9 < 870000 THEN 'op' WHEN a9 < 940000 THEN 'wd' END AS op_k
	FROM s4
), s6 AS (
	SELECT *, $(days op_d "2 + a10 % 6") AS dis_d FROM s5
), s7 AS (
	SELECT *, $(days dis_d "5 + a11 % 9") AS f7_d, a12 < 920000 AS f7_w FROM s6
), s8 AS (
	SELECT *, $(days dis_d "27 + a13 % 12") AS f30_d,
		CASE WHEN f7_w THEN a14 < 850000 ELSE a14 < 300000 END AS f30_w
	FROM s7
), s9 AS (
	SELECT *, $(days dis_d "85 + a15 % 20") AS f90_d,
		CASE WHEN f30_w THEN a16 < 800000 ELSE a16 < 100000 END AS f90_w
	FROM s8
)
SELECT id, v, t, a8, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, reg,
	CASE WHEN pre_k IS NOT NULL AND pre_d <= '$TODAY' THEN pre_d END AS pre, pre_k,
	-- after prescreen_passed: transported on the batch date, or withdrawn
	CASE WHEN pre_k = 'pass' AND pre_d <= '$TODAY' AND tr_k IS NOT NULL
		AND $(days pre_d "CASE tr_k WHEN 'tr' THEN 3 + a4 % 30 ELSE 5 + a4 % 20 END") <= '$TODAY'
		THEN $(days pre_d "CASE tr_k WHEN 'tr' THEN 3 + a4 % 30 ELSE 5 + a4 % 20 END") END AS tr, tr_k,
	CASE WHEN pre_k = 'pass' AND tr_k = 'tr' AND tr_d <= '$TODAY' AND rx_k IS NOT NULL AND rx_d <= '$TODAY'
		THEN rx_d END AS rx, rx_k,
	CASE WHEN pre_k = 'pass' AND tr_k = 'tr' AND rx_k = 'pass' AND rx_d <= '$TODAY' AND op_k IS NOT NULL
		AND op_d <= '$TODAY' THEN op_d END AS op, op_k,
	CASE WHEN pre_k = 'pass' AND tr_k = 'tr' AND rx_k = 'pass' AND op_k = 'op' AND dis_d <= '$TODAY'
		THEN dis_d END AS dis,
	f7_d, f7_w, f30_d, f30_w, f90_d, f90_w
FROM s9;

-- The follow-ups done (each on its date, not after today), then the closing:
-- "close" after a 90-day follow-up, "close_lost" for some of the others.
CREATE TEMP TABLE fol AS
SELECT id, CASE WHEN f7_w AND f7_d <= '$TODAY' THEN f7_d END AS f7,
	CASE WHEN f30_w AND f30_d <= '$TODAY' THEN f30_d END AS f30,
	CASE WHEN f90_w AND f90_d <= '$TODAY' THEN f90_d END AS f90
FROM plan WHERE dis IS NOT NULL;
CREATE TEMP TABLE clo AS
SELECT f.id, CASE WHEN f.f90 IS NOT NULL THEN 'close' ELSE 'close_lost' END AS k,
	CASE WHEN f.f90 IS NOT NULL THEN $(days f.f90 "p.a17 % 6") ELSE $(days p.dis "120 + p.a17 % 30") END AS d
FROM fol f JOIN plan p ON p.id = f.id
WHERE CASE WHEN f.f90 IS NOT NULL THEN p.a16 % 20 <> 0 ELSE NOT p.f90_w AND p.a17 < 300000 END;
DELETE FROM clo WHERE d > '$TODAY';

-- Values as the engine stores them (program_value, then json_dumps with
-- JSON_COMPACT | JSON_SORT_KEYS): dates YYYY-MM-DD, choices by key, bools
-- "true"/"false", acuity in thousandths as text (300 is 0.3; 5 指数, 2 手动).
CREATE TEMP TABLE ev (case_id INTEGER, step INTEGER, transition TEXT, from_stage TEXT, to_stage TEXT,
	date TEXT, user_name TEXT, role TEXT, fields TEXT, remark TEXT);
INSERT INTO ev SELECT id, 1, 'register', '', 'registered', reg, 'village_' || v, 'village', '{}', '' FROM plan;
INSERT INTO ev SELECT id, 2,
	CASE pre_k WHEN 'pass' THEN 'prescreen_pass' WHEN 'fail' THEN 'prescreen_fail' ELSE 'withdraw' END,
	'registered', CASE pre_k WHEN 'pass' THEN 'prescreen_passed' WHEN 'fail' THEN 'prescreen_failed' ELSE 'withdrawn' END,
	pre, 'township_' || t, 'township', '{}',
	CASE pre_k WHEN 'pass' THEN '' WHEN 'fail' THEN '初查未见明显白内障' ELSE '本人不愿手术' END
FROM plan WHERE pre IS NOT NULL;
INSERT INTO ev SELECT id, 3, CASE tr_k WHEN 'tr' THEN 'transport' ELSE 'withdraw' END, 'prescreen_passed',
	CASE tr_k WHEN 'tr' THEN 'transported' ELSE 'withdrawn' END, tr, 'township_' || t, 'township',
	CASE tr_k WHEN 'tr' THEN json_object('batch',
		'第' || (1 + CAST((julianday(tr) - julianday('$YEAR-01-01')) / 14 AS INTEGER)) || '批', 'batch_date', tr)
		ELSE '{}' END,
	CASE tr_k WHEN 'tr' THEN '' ELSE '家属不同意，本人放弃' END
FROM plan WHERE tr IS NOT NULL;
INSERT INTO ev SELECT id, 4, CASE rx_k WHEN 'pass' THEN 'reexam_pass' WHEN 'fail' THEN 'reexam_fail' ELSE 'withdraw' END,
	'transported', CASE rx_k WHEN 'pass' THEN 'candidate' WHEN 'fail' THEN 'not_candidate' ELSE 'withdrawn' END,
	rx, 'hospital_xrmyy', 'hospital', '{}',
	CASE rx_k WHEN 'pass' THEN '' WHEN 'fail' THEN '眼底病变，手术不能提高视力' ELSE '本人放弃' END
FROM plan WHERE rx IS NOT NULL;
INSERT INTO ev SELECT id, 5, CASE op_k WHEN 'op' THEN 'operate' ELSE 'withdraw' END, 'candidate',
	CASE op_k WHEN 'op' THEN 'operated' ELSE 'withdrawn' END, op, 'hospital_xrmyy', 'hospital',
	CASE op_k WHEN 'op' THEN CASE WHEN a13 % 40 = 0 THEN
		json_object('complications', '后囊破裂', 'eye', CASE a10 / 10 % 3 WHEN 0 THEN 'left' WHEN 1 THEN 'right' ELSE 'both' END,
			'hospital_name', '县人民医院', 'surgeon', CASE a11 / 10 % 3 WHEN 0 THEN '王建国' WHEN 1 THEN '李明' ELSE '张卫东' END,
			'surgery_date', op, 'technique', CASE WHEN a12 / 10 % 10 < 7 THEN 'msics_iol' WHEN a12 / 10 % 10 < 9 THEN 'phaco_iol' ELSE 'other' END,
			'va_preop', CASE a8 / 10 % 6 WHEN 0 THEN '2' WHEN 1 THEN '5' WHEN 2 THEN '20' WHEN 3 THEN '50' WHEN 4 THEN '80' ELSE '100' END,
			'visiting_expert', CASE WHEN a14 / 10 % 4 = 0 THEN 'true' ELSE 'false' END)
	ELSE
		json_object('eye', CASE a10 / 10 % 3 WHEN 0 THEN 'left' WHEN 1 THEN 'right' ELSE 'both' END,
			'hospital_name', '县人民医院', 'surgeon', CASE a11 / 10 % 3 WHEN 0 THEN '王建国' WHEN 1 THEN '李明' ELSE '张卫东' END,
			'surgery_date', op, 'technique', CASE WHEN a12 / 10 % 10 < 7 THEN 'msics_iol' WHEN a12 / 10 % 10 < 9 THEN 'phaco_iol' ELSE 'other' END,
			'va_preop', CASE a8 / 10 % 6 WHEN 0 THEN '2' WHEN 1 THEN '5' WHEN 2 THEN '20' WHEN 3 THEN '50' WHEN 4 THEN '80' ELSE '100' END,
			'visiting_expert', CASE WHEN a14 / 10 % 4 = 0 THEN 'true' ELSE 'false' END)
	END ELSE '{}' END,
	CASE op_k WHEN 'op' THEN '' ELSE '本人放弃手术' END
FROM plan WHERE op IS NOT NULL;
INSERT INTO ev SELECT id, 6, 'discharge', 'operated', 'discharged', dis, 'hospital_xrmyy', 'hospital',
	json_object('discharge_date', dis), '' FROM plan WHERE dis IS NOT NULL;
-- Follow-ups: the acuity improves from one to the next (good >= 300, borderline >= 100, poor below).
CREATE TEMP TABLE fu AS
SELECT * FROM (
	SELECT f.id, k.column1 AS n, CASE k.column1 WHEN 7 THEN f.f7 WHEN 30 THEN f.f30 ELSE f.f90 END AS d,
		CASE k.column1 WHEN 7 THEN p.a18 WHEN 30 THEN p.a19 ELSE p.a20 END AS a,
		CASE k.column1 WHEN 7 THEN 700000 WHEN 30 THEN 800000 ELSE 850000 END AS good,
		CASE k.column1 WHEN 7 THEN 900000 WHEN 30 THEN 930000 ELSE 950000 END AS fair
	FROM fol f JOIN plan p ON p.id = f.id CROSS JOIN (VALUES (7), (30), (90)) k
) WHERE d IS NOT NULL;
CREATE INDEX temp.fu_id ON fu (id, n);
INSERT INTO ev
SELECT id, CASE n WHEN 7 THEN 7 WHEN 30 THEN 8 ELSE 9 END, 'followup_' || n,
	-- the stage before: the last follow-up done, or discharged
	coalesce((SELECT 'followup' || max(g.n) FROM fu g WHERE g.id = fu.id AND g.n < fu.n), 'discharged'),
	'followup' || n, d, 'hospital_xrmyy', 'hospital',
	CASE WHEN a < good THEN json_object('followup_date', d, 'va_followup',
			CASE a % 7 WHEN 0 THEN '300' WHEN 1 THEN '333' WHEN 2 THEN '400' WHEN 3 THEN '500'
				WHEN 4 THEN '600' WHEN 5 THEN '800' ELSE '1000' END)
		WHEN a < fair THEN json_object('followup_date', d, 'va_followup',
			CASE a % 5 WHEN 0 THEN '100' WHEN 1 THEN '120' WHEN 2 THEN '150' WHEN 3 THEN '200' ELSE '250' END)
		ELSE json_object('followup_date', d,
			'poor_cause', CASE a % 5 WHEN 0 THEN 'pco' WHEN 1 THEN 'fundus' WHEN 2 THEN 'refractive'
				WHEN 3 THEN 'surgical' ELSE 'other' END,
			'va_followup', CASE a / 5 % 5 WHEN 0 THEN '5' WHEN 1 THEN '20' WHEN 2 THEN '40' WHEN 3 THEN '50' ELSE '80' END)
	END, ''
FROM fu;
INSERT INTO ev
SELECT c.id, 10, c.k,
	coalesce((SELECT 'followup' || max(g.n) FROM fu g WHERE g.id = c.id), 'discharged'),
	'closed', c.d, 'hospital_xrmyy', 'hospital', '{}',
	CASE c.k WHEN 'close' THEN '' ELSE '多次电话联系不上，家属称已外出务工' END
FROM clo c;

-- The cases, each at the stage of its last event; then the events in the
-- order they would have been recorded (by date), each recorded at 10:00 on
-- its day (Beijing time: 02:00 UTC).
CREATE INDEX temp.ev_case ON ev (case_id, step);
INSERT INTO program_case (id, program_code, program_version, year, person_id, village_code, township_code,
	stage, stage_date, open, created_at, updated_at)
SELECT p.id, 'cataract', 1, $YEAR, p.id, p.v, p.t, e.to_stage, e.date,
	e.to_stage NOT IN ('prescreen_failed', 'not_candidate', 'closed', 'withdrawn'),
	p.reg || 'T02:00:00Z', e.date || 'T02:00:00Z'
FROM plan p JOIN ev e ON e.case_id = p.id
	AND e.step = (SELECT max(step) FROM ev m WHERE m.case_id = p.id)
ORDER BY p.id;
INSERT INTO case_event (case_id, transition, from_stage, to_stage, date, at, user_name, role, fields, remark)
SELECT case_id, transition, from_stage, to_stage, date, date || 'T02:00:00Z', user_name, role, fields, remark
FROM ev ORDER BY date, case_id, step;
-- Every stage reached (none twice: no case is sent back here).
INSERT INTO case_stage (case_id, stage, date, event_id)
SELECT case_id, to_stage, date, id FROM case_event ORDER BY case_id, to_stage;
-- The follow-ups due from the discharge date, done on the day of their stage.
INSERT INTO case_due (case_id, stage, program_code, year, township_code, due_date, done_date)
SELECT s.case_id, k.stage, 'cataract', $YEAR, c.township_code, $(days s.date k.days),
	(SELECT f.date FROM case_stage f WHERE f.case_id = s.case_id AND f.stage = k.stage)
FROM case_stage s JOIN program_case c ON c.id = s.case_id
JOIN (SELECT json_extract(value, '\$.key') AS stage, json_extract(value, '\$.due.days') AS days,
		json_extract(value, '\$.due.after') AS after
	FROM program, json_each(program.definition, '\$.stages')
	WHERE program.code = 'cataract' AND program.version = 1 AND json_extract(value, '\$.due') IS NOT NULL) k
	ON k.after = s.stage
ORDER BY s.case_id, k.stage;
-- A closed case owes no more follow-ups: the engine drops the ones not done when it closes.
DELETE FROM case_due WHERE done_date IS NULL AND case_id IN (SELECT id FROM program_case WHERE open = 0);

-- The running counts, as the engine keeps them: per township, "stage:KEY" for
-- every stage reached and "metric:KEY" for every metric of the definition
-- met (a metric with a field: the outcome category of the acuity, or the
-- stored value), counted from the event that reached the stage.
CREATE TEMP TABLE metric AS
SELECT json_extract(value, '\$.key') AS key, json_extract(value, '\$.stage') AS stage,
	coalesce(json_extract(value, '\$.field'), '') AS field, json_extract(value, '\$.value') AS value
FROM program, json_each(program.definition, '\$.metrics') WHERE program.code = 'cataract' AND program.version = 1;
CREATE TEMP TABLE outcome AS
SELECT json_extract(program.definition, '\$.outcome.field') AS field, json_extract(value, '\$.key') AS cat,
	CAST(round(json_extract(value, '\$.min') * 1000) AS INTEGER) AS min, json_each.key AS ord
FROM program, json_each(program.definition, '\$.outcome.categories')
WHERE program.code = 'cataract' AND program.version = 1;
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'cataract', $YEAR, c.township_code, 'stage:' || s.stage, count(*)
FROM case_stage s JOIN program_case c ON c.id = s.case_id GROUP BY c.township_code, s.stage;
INSERT INTO program_count (program_code, year, township_code, counter, n)
SELECT 'cataract', $YEAR, c.township_code, 'metric:' || m.key, count(*)
FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN case_event e ON e.id = s.event_id
JOIN metric m ON m.stage = s.stage
WHERE m.field = '' OR (m.field = 'outcome' AND m.value = (
		SELECT o.cat FROM outcome o
		WHERE json_extract(e.fields, '\$.' || o.field) <> ''
			AND (o.min IS NULL OR CAST(json_extract(e.fields, '\$.' || o.field) AS INTEGER) >= o.min)
		ORDER BY o.ord LIMIT 1))
	OR (m.field NOT IN ('', 'outcome') AND json_extract(e.fields, '\$.' || m.field) = m.value)
GROUP BY c.township_code, m.key;
EOF
}

# check NAME SQL: fails when the query gives anything but 0 (a count of offending rows).
check() {
	got=$(sqlite3 -batch "$1" "$3") || die "check $2: the query failed"
	[ "$got" = 0 ] || die "check failed: $2 ($got)"
	echo "   ok: $2" >&2
}

verify() {
	db=$1
	check "$db" "one case per person" "SELECT (SELECT count(*) FROM person) - (SELECT count(*) FROM program_case)"
	check "$db" "every case has its events in the order of their dates, none after today" \
		"SELECT count(*) FROM (SELECT date, lag(date) OVER (PARTITION BY case_id ORDER BY id) AS before
			FROM case_event) WHERE date < before OR date > '$TODAY'"
	check "$db" "each event goes from the stage the one before reached" \
		"SELECT count(*) FROM (SELECT from_stage, lag(to_stage, 1, '') OVER (PARTITION BY case_id ORDER BY id) AS before
			FROM case_event) WHERE from_stage <> before"
	check "$db" "a case is at the stage of its last event, open unless final" \
		"SELECT count(*) FROM program_case c JOIN case_event e ON e.id = (SELECT max(id) FROM case_event WHERE case_id = c.id)
			WHERE c.stage <> e.to_stage OR c.stage_date <> e.date
				OR c.open <> (c.stage NOT IN ('prescreen_failed', 'not_candidate', 'closed', 'withdrawn'))"
	check "$db" "one case_stage row per event" \
		"SELECT (SELECT count(*) FROM case_event) - (SELECT count(*) FROM case_stage)"
	check "$db" "every stage's count (sum of stage:KEY) is the number of cases that reached it" \
		"SELECT count(*) FROM (SELECT stage, count(*) AS n FROM case_stage GROUP BY stage) s
			FULL JOIN (SELECT substr(counter, 7) AS stage, sum(n) AS n FROM program_count
				WHERE counter LIKE 'stage:%' GROUP BY counter) p USING (stage)
			WHERE s.n IS NOT p.n"
	check "$db" "per township: stage:operated = cases there that reached operated" \
		"SELECT count(*) FROM (SELECT c.township_code AS t, count(*) AS n FROM case_stage s JOIN program_case c ON c.id = s.case_id
			WHERE s.stage = 'operated' GROUP BY t) a
			LEFT JOIN program_count p ON p.township_code = a.t AND p.counter = 'stage:operated' WHERE p.n IS NOT a.n"
	check "$db" "metric:operated = stage:operated, metric:followup90_done = stage:followup90" \
		"SELECT (SELECT sum(n) FROM program_count WHERE counter = 'metric:operated')
			- (SELECT sum(n) FROM program_count WHERE counter = 'stage:operated')
			+ abs((SELECT sum(n) FROM program_count WHERE counter = 'metric:followup90_done')
			- (SELECT sum(n) FROM program_count WHERE counter = 'stage:followup90'))"
	for n in 7 30 90; do
		check "$db" "good$n + borderline$n + poor$n = followup${n}_done" \
			"SELECT (SELECT sum(n) FROM program_count WHERE counter = 'metric:followup${n}_done')
				- (SELECT sum(n) FROM program_count WHERE counter IN ('metric:good$n', 'metric:borderline$n', 'metric:poor$n'))"
	done
	check "$db" "good90 = 90-day follow-ups with an acuity of 0.3 or better" \
		"SELECT (SELECT sum(n) FROM program_count WHERE counter = 'metric:good90')
			- (SELECT count(*) FROM case_stage s JOIN case_event e ON e.id = s.event_id
				WHERE s.stage = 'followup90' AND CAST(json_extract(e.fields, '\$.va_followup') AS INTEGER) >= 300)"
	check "$db" "three dues per open discharged case, the done ones of closed cases, done exactly when the follow-up was" \
		"SELECT (SELECT 3 * count(*) FROM case_stage s JOIN program_case c ON c.id = s.case_id
				WHERE s.stage = 'discharged' AND c.open = 1)
			+ (SELECT count(*) FROM case_stage s JOIN program_case c ON c.id = s.case_id
				WHERE c.open = 0 AND s.stage IN ('followup7', 'followup30', 'followup90'))
			- (SELECT count(*) FROM case_due)
			+ (SELECT count(*) FROM case_due d LEFT JOIN case_stage s ON s.case_id = d.case_id AND s.stage = d.stage
				WHERE d.done_date IS NOT s.date)"
	check "$db" "dues in the case's township, 7/30/90 days after discharge" \
		"SELECT count(*) FROM case_due d JOIN program_case c ON c.id = d.case_id
			JOIN case_stage s ON s.case_id = d.case_id AND s.stage = 'discharged'
			WHERE d.township_code <> c.township_code OR d.due_date <> date(s.date, '+' ||
				CASE d.stage WHEN 'followup7' THEN 7 WHEN 'followup30' THEN 30 ELSE 90 END || ' days')"
	check "$db" "stored values as the engine writes them (acuity in thousandths, choice keys)" \
		"SELECT count(*) FROM case_event WHERE transition = 'operate' AND (
			json_extract(fields, '\$.eye') NOT IN ('left', 'right', 'both')
			OR json_extract(fields, '\$.technique') NOT IN ('msics_iol', 'phaco_iol', 'other')
			OR json_extract(fields, '\$.visiting_expert') NOT IN ('true', 'false')
			OR json_extract(fields, '\$.va_preop') NOT IN ('2', '5', '20', '50', '80', '100')
			OR julianday(json_extract(fields, '\$.surgery_date')) IS NULL)"
	check "$db" "the stages reached by hukou (program_reached_hukou, kept by triggers) match the cases" \
		"SELECT count(*) FROM (SELECT c.program_code AS pc, c.year AS y, s.stage AS st, p.hukou AS h, count(*) AS n
			FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN person p ON p.id = c.person_id GROUP BY 1, 2, 3, 4) a
			FULL JOIN (SELECT * FROM program_reached_hukou WHERE n <> 0) b
			ON b.program_code = a.pc AND b.year = a.y AND b.stage = a.st AND b.hukou = a.h WHERE a.n IS NOT b.n"
	check "$db" "foreign keys" "SELECT count(*) FROM (SELECT 1 FROM pragma_foreign_key_check)"
	overdue=$(sqlite3 "$db" "SELECT count(*) FROM case_due WHERE done_date IS NULL AND due_date < '$TODAY'")
	[ "$overdue" -gt 0 ] || die "no follow-up is overdue on $TODAY"
}

# The persons: bench/web.sh's cached database, or built the same way.
if [ ! -f "$CACHE" ]; then
	start=$(date +%s)
	echo "== building $CACHE ($PERSONS cases, once; a few minutes)" >&2
	tmp=$CACHE.tmp
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	if [ -f "$WEB_CACHE" ]; then
		echo "   persons: copying $WEB_CACHE" >&2
		cp "$WEB_CACHE" "$tmp"
	else
		[ -x "$GEN" ] || die "$GEN missing (make build/bench/gen-roster)"
		csv=$DIR/cases-roster.csv
		if "$GEN" "$PERSONS" "$SEED" "$csv" 2>>"$LOG"; then
			echo "   persons: gen-roster and huimin import persons" >&2
			"$HUIMIN" --db "$tmp" --today "$ROSTER_TODAY" demo --persons 0 >>"$LOG" 2>&1 ||
				die "demo failed (see $LOG)"
			"$HUIMIN" --db "$tmp" --today "$ROSTER_TODAY" import persons "$csv" >>"$LOG" 2>&1 ||
				die "import failed (see $LOG)"
		else
			# The same demo_person draws, inserted by `huimin demo` instead of an import.
			echo "   persons: gen-roster failed (see $LOG); huimin demo --persons $PERSONS instead" >&2
			rm -f "$tmp" "$tmp-wal" "$tmp-shm"
			"$HUIMIN" --db "$tmp" --today "$ROSTER_TODAY" demo --persons "$PERSONS" --seed "$SEED" >>"$LOG" 2>&1 ||
				die "demo failed (see $LOG)"
		fi
		rm -f "$csv"
	fi
	"$HUIMIN" --db "$tmp" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"
	"$HUIMIN" --db "$tmp" program load programs/cataract.json >>"$LOG" 2>&1 || die "program load failed (see $LOG)"
	n=$(sqlite3 "$tmp" "SELECT count(*) FROM person")
	[ "$n" = "$PERSONS" ] || die "the database has $n persons, not $PERSONS"
	echo "   persons ready after $(($(date +%s) - start)) s; generating the cases" >&2
	generate "$tmp"
	echo "   generated after $(($(date +%s) - start)) s; checking" >&2
	verify "$tmp"
	sqlite3 "$tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || die "checkpoint failed"
	mv "$tmp" "$CACHE"
	rm -f "$tmp-wal" "$tmp-shm"
	echo "   $CACHE ready after $(($(date +%s) - start)) s, $(du -m "$CACHE" | cut -f1) MB" >&2
fi
# Brings the cached database to this version's schema (indexes of new migrations), not timed.
"$HUIMIN" --db "$CACHE" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"

echo
echo "huimin case engine benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, SQLite $(sqlite3 -version | cut -d' ' -f1))"
sqlite3 "$CACHE" "SELECT printf('%d cases (year $YEAR), %d events, %d stages reached, %d follow-ups due, %d overdue on $TODAY; %d MB',
	(SELECT count(*) FROM program_case), (SELECT count(*) FROM case_event), (SELECT count(*) FROM case_stage),
	(SELECT count(*) FROM case_due), (SELECT count(*) FROM case_due WHERE done_date IS NULL AND due_date < '$TODAY'),
	(SELECT page_count * page_size / 1000000 FROM pragma_page_count, pragma_page_size))"
echo
"$BENCH" "$CACHE" "$YEAR" "$TODAY" "$RUNS" "$GOAL_MS" || die "$BENCH failed"
