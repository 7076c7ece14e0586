#!/bin/sh
# 统计报表 benchmark (docs/performance.md), run from the repository root by
# `make bench`:
#
#   PERSONS=1000000 RUNS=20 sh bench/stats.sh
#
# On bench/cases.sh's database (PERSONS persons, one 2024 cataract case
# each with its whole history; built by bench/cases.sh when missing), copied
# and brought to this version's schema by `huimin init` (the statistics'
# indexes of migration 016: built here, timed), with a 2023 project-year of
# one case in a hundred added (the size of a real county's year),
# build/bench/stats times the pivots (see bench/stats.c). Goal: every
# county-wide pivot of the persons under 1 s (p99).
#
# Exits 0 whether or not the goal is met (a measurement, not a test);
# non-zero when a step fails.
set -eu

PERSONS=${PERSONS:-1000000}
RUNS=${RUNS:-20}
GOAL_MS=1000

HUIMIN=build/huimin
BENCH=build/bench/stats
DIR=build/bench
CASES=$DIR/cases-v2-$PERSONS.db
DB=$DIR/stats-run.db
LOG=$DIR/stats.log

die() {
	echo "bench/stats.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$BENCH" ] || die "$BENCH missing (make build/bench/stats)"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 missing (make deps)"
case $PERSONS in '' | *[!0-9]*) die "PERSONS must be a number" ;; esac
case $RUNS in '' | *[!0-9]*) die "RUNS must be a number" ;; esac
mkdir -p "$DIR"
: >"$LOG"

if [ ! -f "$CASES" ]; then
	echo "== $CASES missing: building it with bench/cases.sh" >&2
	PERSONS=$PERSONS RUNS=1 sh bench/cases.sh >>"$LOG" 2>&1 || die "bench/cases.sh failed (see $LOG)"
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$CASES" "$DB"

# The statistics' indexes (and any other migration since the copy was made).
start=$(date +%s.%N)
"$HUIMIN" --db "$DB" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"
end=$(date +%s.%N)
printf 'huimin init (migration 016: indexes person_stats, program_case_stats): %.1f s\n' \
	"$(echo "$end - $start" | bc)"

# A 2023 project-year of one case in a hundred, with the stages they reached.
sqlite3 -batch -bail "$DB" >>"$LOG" 2>&1 <<'EOF' || die "adding the 2023 cases failed (see $LOG)"
INSERT INTO program_case (id, program_code, program_version, year, person_id, village_code, township_code, stage,
	stage_date, open, created_at, updated_at)
SELECT id + 10000000, program_code, program_version, 2023, person_id, village_code, township_code, stage,
	stage_date, open, created_at, updated_at FROM program_case WHERE year = 2024 AND id % 100 = 0;
INSERT INTO case_stage (case_id, stage, date, event_id)
SELECT case_id + 10000000, stage, date, event_id FROM case_stage WHERE case_id % 100 = 0;
EOF
n=$(sqlite3 "$DB" "SELECT count(*) FROM person")
[ "$n" = "$PERSONS" ] || die "the database has $n persons, not $PERSONS"
echo "size: $(du -m "$DB" | cut -f1) MiB; person_stats $(sqlite3 "$DB" \
	"SELECT count(*) * 4 / 1024 FROM dbstat WHERE name = 'person_stats'" 2>/dev/null || echo '?') MiB"

"$BENCH" "$DB" "$RUNS" "$GOAL_MS" || die "build/bench/stats failed"
rm -f "$DB" "$DB-wal" "$DB-shm"
