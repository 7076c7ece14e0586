#!/bin/sh
# Printed roster benchmark (docs/performance.md "Printed rosters"), run from
# the repository root by `make bench`:
#
#   ROWS=1700 RUNS=5 sh bench/pdf.sh
#
# build/bench/pdf writes a landscape A4 list of ROWS rows through io/pdf
# the way the case-list print lays it out, RUNS times; this prints the page
# count (pdfinfo) and the median and slowest run. Goal: a 100-page roster
# in under 5 s. A measurement, not a test: exits 0 whether or not the goal
# is met, non-zero when a step fails.
set -eu
ROWS=${ROWS:-1700}
RUNS=${RUNS:-5}
OUT=build/bench/roster.pdf
times=$(build/bench/pdf "$OUT" "$ROWS" "$RUNS")
pages=$(pdfinfo "$OUT" | awk '/^Pages:/ {print $2}')
median=$(echo "$times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
worst=$(echo "$times" | sort -n | tail -1)
echo "pdf roster: $ROWS rows, $pages pages: median ${median} ms, slowest ${worst} ms (goal: 100 pages under 5000 ms)"
