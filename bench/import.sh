#!/bin/sh
# Import benchmark (docs/performance.md), run from the repository root by
# `make bench`:
#
#   ROWS=1000000 RUNS=3 SEED=1 sh bench/import.sh
#
# For ROWS and ROWS/10 persons: generates a roster CSV (build/bench/gen-roster),
# then times, alternating, RUNS times each:
#   huimin   `huimin import persons FILE` into a new database that has the
#            demo county's divisions (`huimin demo --persons 0`, not timed);
#   sqlite3  `.import FILE persons_raw` into a new database: a plain table
#            made from the header, no constraints, no indexes, one transaction
#            (.import runs inside BEGIN ... COMMIT itself).
# Both sides use what huimin's db_open sets: journal_mode=WAL,
# synchronous=FULL, cache_size=-32768 (32 MiB; huimin lowers it to 8 MiB for
# the bulk load of a first roster, see docs/design.md). Both include opening the
# database and the checkpoint when it is closed.
#
# Prints medians of the elapsed (wall) and CPU (user+sys) seconds, the ratio,
# huimin's peak resident memory (the highest of its runs) and whether the
# goals are met: huimin within 1.5x of sqlite3's .import at ROWS, and under
# 100 MiB whatever the size: under it at both sizes, and still under it when
# the growth from ROWS/10 to ROWS is carried on to the 5,000,000 rows a file
# may hold (IMPORT_ROWS_MAX). Exits 0 whether or not they are met (a measurement,
# not a test); non-zero when a step fails, e.g. the import rejected rows.
set -eu

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
TODAY=2026-06-30 # gen-roster's pinned today: every birth date is before it
GOAL_RATIO=1.5
GOAL_MIB=100

HUIMIN=build/huimin
GEN=build/bench/gen-roster
DIR=build/bench
LOG=$DIR/import.log
TIME=/usr/bin/time

die() {
	echo "bench/import.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$GEN" ] || die "$GEN missing (make build/bench/gen-roster)"
[ -x "$TIME" ] || die "$TIME missing (apt-get install time, or make deps)"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 missing (make deps)"
case $ROWS in '' | *[!0-9]*) die "ROWS must be a number" ;; esac
case $RUNS in '' | *[!0-9]*) die "RUNS must be a number" ;; esac
[ "$ROWS" -ge 10 ] || die "ROWS must be at least 10"
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
mkdir -p "$DIR"
: >"$LOG"

# The median of the numbers on stdin (the lower middle one for an even count).
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# rows_in DB TABLE: how many rows TABLE has.
rows_in() {
	sqlite3 "$1" "SELECT count(*) FROM $2"
}

# time_huimin CSV DB OUT: one timed import; appends "elapsed KiB cpu" to OUT.
time_huimin() {
	rm -f "$2" "$2-wal" "$2-shm"
	"$HUIMIN" --db "$2" --today "$TODAY" demo --persons 0 >>"$LOG" 2>&1 ||
		die "huimin demo --persons 0 failed (see $LOG)"
	if ! "$TIME" -o "$DIR/time.txt" -f '%e %M %U %S' \
		"$HUIMIN" --db "$2" --today "$TODAY" import persons "$1" >>"$LOG" 2>&1; then
		tail -5 "$LOG" >&2
		die "huimin import persons $1 failed or rejected rows (see $LOG)"
	fi
	n=$(rows_in "$2" person)
	[ "$n" = "$rows" ] || die "huimin imported $n persons of $rows"
	tail -1 "$DIR/time.txt" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$3"
	rm -f "$2" "$2-wal" "$2-shm"
}

# time_sqlite CSV DB OUT: one timed sqlite3 .import; appends "elapsed KiB cpu" to OUT.
time_sqlite() {
	rm -f "$2" "$2-wal" "$2-shm"
	if ! "$TIME" -o "$DIR/time.txt" -f '%e %M %U %S' sqlite3 -batch -bail "$2" >>"$LOG" 2>&1 <<EOF; then
.output /dev/null
PRAGMA journal_mode=WAL;
.output stdout
PRAGMA synchronous=FULL;
PRAGMA cache_size=-32768;
.mode csv
.import '$1' persons_raw
EOF
		tail -5 "$LOG" >&2
		die "sqlite3 .import $1 failed (see $LOG)"
	fi
	n=$(rows_in "$2" persons_raw)
	[ "$n" = "$rows" ] || die "sqlite3 imported $n rows of $rows"
	tail -1 "$DIR/time.txt" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$3"
	rm -f "$2" "$2-wal" "$2-shm"
}

# bench_size N: generates N persons, times both sides, appends a line to $DIR/results.txt.
bench_size() {
	rows=$1
	csv=$DIR/roster-$rows.csv
	echo "== $rows persons: generating $csv" >&2
	"$GEN" "$rows" "$SEED" "$csv" 2>>"$LOG" || die "gen-roster failed (see $LOG)"
	bytes=$(wc -c <"$csv")
	h=$DIR/huimin-$rows.txt
	s=$DIR/sqlite-$rows.txt
	: >"$h"
	: >"$s"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		echo "   run $i/$RUNS: huimin import persons" >&2
		time_huimin "$csv" "$DIR/huimin-bench.db" "$h"
		echo "   run $i/$RUNS: sqlite3 .import" >&2
		time_sqlite "$csv" "$DIR/raw-bench.db" "$s"
		i=$((i + 1))
	done
	he=$(awk '{ print $1 }' "$h" | median)
	hc=$(awk '{ print $3 }' "$h" | median)
	hk=$(awk '{ print $2 }' "$h" | sort -n | tail -1)
	se=$(awk '{ print $1 }' "$s" | median)
	sc=$(awk '{ print $3 }' "$s" | median)
	sk=$(awk '{ print $2 }' "$s" | sort -n | tail -1)
	echo "$rows $bytes $he $se $hk $hc $sc $sk" >>"$DIR/results.txt"
	rm -f "$csv"
}

: >"$DIR/results.txt"
bench_size "$ROWS"
bench_size $((ROWS / 10))

echo
echo "huimin import vs sqlite3 .import ($(date -u +%Y-%m-%d), $(nproc) CPUs, SQLite $(sqlite3 -version | cut -d' ' -f1))"
echo "medians of $RUNS runs, alternating; wall-clock seconds; peak = highest max RSS of the runs"
echo "both: journal_mode=WAL, synchronous=FULL, cache_size=32 MiB, one transaction"
echo
awk '
BEGIN {
	printf "%9s %8s %9s %11s %6s %12s   %s\n", "rows", "file MB", "huimin s", "sqlite3 s", "ratio",
		"huimin MiB", "(CPU s: huimin / sqlite3 = ratio; sqlite3 MiB)"
}
{
	r = ($4 > 0) ? $3 / $4 : 0
	c = ($7 > 0) ? $6 / $7 : 0
	printf "%9d %8.1f %9.2f %11.2f %5.2fx %12.1f   (%.2f / %.2f = %.2fx; %.1f)\n", $1, $2 / 1e6, $3, $4,
		r, $5 / 1024, $6, $7, c, $8 / 1024
}' "$DIR/results.txt"
echo
awk -v goal_ratio="$GOAL_RATIO" -v goal_mib="$GOAL_MIB" -v max_rows=5000000 '
NR == 1 { ratio = ($4 > 0) ? $3 / $4 : 0; rows = $1; big = $5 / 1024 }
NR == 2 { small_rows = $1; small = $5 / 1024 }
END {
	r = (ratio <= goal_ratio) ? "PASS" : "MISS"
	printf "goal: huimin within %.1fx of sqlite3 .import at %d rows: %s (%.2fx)\n", goal_ratio, rows, r, ratio
	# What a file of MAX rows would need if memory went on growing as it did
	# from ROWS/10 to ROWS (it does not: the SQLite page cache stops at 32 MiB,
	# so this over-estimates).
	slope = (rows > small_rows) ? (big - small) / (rows - small_rows) : 0
	if (slope < 0)
		slope = 0
	projected = big + slope * (max_rows - rows)
	m = (big < goal_mib && small < goal_mib && projected < goal_mib) ? "PASS" : "MISS"
	printf "goal: huimin peak memory under %d MiB whatever the file size: %s (%.1f MiB at %d rows, %.1f MiB at %d rows; %.0f bytes per row more; projected %.1f MiB at %d rows, the most a file may hold)\n", \
		goal_mib, m, big, rows, small, small_rows, slope * 1048576, projected, max_rows
}' "$DIR/results.txt"
