#!/bin/sh
# Web benchmark (docs/performance.md), run from the repository root by
# `make bench`:
#
#   PERSONS=1000000 DURATION=20 sh bench/web.sh
#
# With PERSONS persons loaded, `huimin serve` on loopback (its default 4
# worker threads) and wrk (2 threads, 32 connections, DURATION seconds,
# --latency) against:
#   list    GET /api/v1/persons?township=T&grade=G&per_page=50&page=3, with a
#           Bearer token (`huimin user token`), T the largest township;
#   person  GET /persons/{id}, the HTML person page, with a session cookie
#           (POST /login and the forced first-password change, as a browser
#           would); each request a random person of the county (bench/person.lua).
# The database is built once with gen-roster and `huimin import persons`
# (the bulk path) and kept as build/bench/web-PERSONS.db; each run works on
# a copy of it, so runs do not see each other's sessions.
#
# Prints, for each: requests/s, p50 and p99 latency, errors (wrk's socket
# errors and non-2xx/3xx answers, and every status other than 200 in the
# server's access log), and the server's peak RSS (VmHWM) over both runs;
# then whether the goals are met: the list at >= 5,000 requests/s with p99
# under 20 ms, the server under 100 MiB, no errors. Exits 0 whether or not
# they are met (a measurement, not a test); non-zero when a step fails.
set -eu

PERSONS=${PERSONS:-1000000}
DURATION=${DURATION:-20}
SEED=${SEED:-1}
THREADS=${THREADS:-4} # the server's worker threads (huimin serve's default)
TODAY=2026-06-30      # gen-roster's pinned today
GOAL_RPS=5000
GOAL_P99_MS=20
GOAL_MIB=100

HUIMIN=$(pwd)/build/huimin
GEN=build/bench/gen-roster
DIR=build/bench
CACHE=$DIR/web-$PERSONS.db
DB=$DIR/web-run.db
LOG=$DIR/web.log
SERVER_LOG=$DIR/web-server.log
NAME=bench
PASSWORD='Start#2024x'
NEW_PASSWORD='Better+2025y'

die() {
	echo "bench/web.sh: $*" >&2
	exit 1
}

[ -x "$HUIMIN" ] || die "$HUIMIN missing (make build/huimin)"
[ -x "$GEN" ] || die "$GEN missing (make build/bench/gen-roster)"
for c in wrk curl sqlite3; do
	command -v $c >/dev/null 2>&1 || die "$c missing (make deps)"
done
case $PERSONS in '' | *[!0-9]*) die "PERSONS must be a number" ;; esac
case $DURATION in '' | *[!0-9]*) die "DURATION must be a number" ;; esac
mkdir -p "$DIR"
: >"$LOG"

hm() {
	"$HUIMIN" --db "$DB" --today "$TODAY" "$@"
}

# The database, once: the demo county's divisions, then PERSONS persons by the bulk import.
if [ ! -f "$CACHE" ]; then
	echo "== building $CACHE ($PERSONS persons, once)" >&2
	csv=$DIR/web-roster.csv
	rm -f "$CACHE.tmp" "$CACHE.tmp-wal" "$CACHE.tmp-shm"
	"$GEN" "$PERSONS" "$SEED" "$csv" 2>>"$LOG" || die "gen-roster failed (see $LOG)"
	"$HUIMIN" --db "$CACHE.tmp" --today "$TODAY" demo --persons 0 >>"$LOG" 2>&1 || die "demo failed (see $LOG)"
	"$HUIMIN" --db "$CACHE.tmp" --today "$TODAY" import persons "$csv" >>"$LOG" 2>&1 ||
		die "import failed (see $LOG)"
	rm -f "$csv"
	mv "$CACHE.tmp" "$CACHE"
fi
# Brings the cached database to this version's schema (indexes of new migrations), not timed.
"$HUIMIN" --db "$CACHE" init >>"$LOG" 2>&1 || die "huimin init failed (see $LOG)"
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$CACHE" "$DB"
n=$(sqlite3 "$DB" "SELECT count(*) FROM person")
[ "$n" = "$PERSONS" ] || die "the database has $n persons, not $PERSONS"

# The query: the township with the most persons, its most frequent grade.
township=$(sqlite3 "$DB" "SELECT substr(village_code, 1, 9) || '000' t FROM person GROUP BY t ORDER BY count(*) DESC LIMIT 1")
grade=$(sqlite3 "$DB" "SELECT grade FROM person WHERE village_code BETWEEN '${township}' AND '${township%000}999'
	AND grade IS NOT NULL GROUP BY grade ORDER BY count(*) DESC LIMIT 1")
matching=$(sqlite3 "$DB" "SELECT count(*) FROM person WHERE village_code BETWEEN '${township}' AND '${township%000}999'
	AND grade = $grade")
max_id=$(sqlite3 "$DB" "SELECT max(id) FROM person")
LIST="/api/v1/persons?township=$township&grade=$grade&per_page=50&page=3"

printf '%s\n' "$PASSWORD" | hm user add "$NAME" --role county_staff --password-stdin >>"$LOG" 2>&1 ||
	die "user add failed (see $LOG)"
token=$(hm user token "$NAME" 2>>"$LOG" | tail -1)
[ -n "$token" ] || die "no API token"

# The server, on a free port.
port=$(( 20000 + $$ % 20000 ))
"$HUIMIN" --db "$DB" serve --listen "127.0.0.1:$port" --threads "$THREADS" >"$DIR/web-server.out" 2>"$SERVER_LOG" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q '已启动' "$DIR/web-server.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || die "the server did not start (see $SERVER_LOG)"
	kill -0 $pid 2>/dev/null || die "the server exited (see $SERVER_LOG)"
	sleep 0.1
done
URL=http://127.0.0.1:$port

# Logging in as a browser does: the login form's token, POST /login, the forced change.
jar=$DIR/web-cookies.txt
rm -f "$jar"
page=$(curl -sf -c "$jar" "$URL/login") || die "GET /login failed"
login_token=$(printf '%s' "$page" | sed -n 's/.*name="login_token" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login_token=$login_token" \
	--data-urlencode "name=$NAME" --data-urlencode "password=$PASSWORD" "$URL/login" || die "POST /login failed"
page=$(curl -sf -b "$jar" "$URL/password") || die "GET /password failed"
csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "old_password=$PASSWORD" --data-urlencode "new_password=$NEW_PASSWORD" \
	--data-urlencode "confirm_password=$NEW_PASSWORD" "$URL/password" || die "password change failed"
session=$(awk '$6 == "hm_session" { print $7 }' "$jar")
[ -n "$session" ] || die "no session cookie"

# Both answer 200 before anything is timed.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$URL$LIST")
[ "$code" = 200 ] || die "GET $LIST answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "hm_session=$session" "$URL/persons/1")
[ "$code" = 200 ] || die "GET /persons/1 answered $code"

# run NAME ARGS...: a short warm-up, then the timed wrk run; the server's
# access log lines of the timed run go to $DIR/web-NAME.access.
run() {
	what=$1
	shift
	wrk -t2 -c32 -d2s "$@" >/dev/null 2>&1 || true
	before=$(wc -l <"$SERVER_LOG")
	echo "== wrk $what: $DURATION s, 2 threads, 32 connections" >&2
	wrk -t2 -c32 -d"${DURATION}s" --latency "$@" >"$DIR/web-$what.txt" 2>&1 || die "wrk failed: $(cat "$DIR/web-$what.txt")"
	tail -n +"$((before + 1))" "$SERVER_LOG" >"$DIR/web-$what.access"
	cat "$DIR/web-$what.txt" >>"$LOG"
}

run list -H "Authorization: Bearer $token" "$URL$LIST"
MAX_ID=$max_id run person -H "Cookie: hm_session=$session" -s bench/person.lua "$URL"

hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status)
rss=$(awk '/^VmRSS/ { print $2 }' /proc/$pid/status)
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT INT TERM

# summary NAME: "rps p50_ms p99_ms requests wrk_errors bad_status" of a run.
summary() {
	bad=$(awk '$2 == "info" && $3 ~ /^(GET|HEAD)$/ && $5 != "200" { n++ } END { print n + 0 }' "$DIR/web-$1.access")
	awk -v bad="$bad" '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/Requests\/sec:/ { rps = $2 }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/requests in/ { reqs = $1 }
	/Socket errors:/ { gsub(/[^0-9 ]/, " "); errs = $1 + $2 + $3 + $4 }
	/Non-2xx or 3xx responses:/ { errs += $NF }
	END { printf "%s %.2f %.2f %s %d %d\n", rps, p50, p99, reqs, errs, bad }' "$DIR/web-$1.txt"
}

echo
echo "huimin web benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, $PERSONS persons, server with $THREADS threads)"
echo "wrk -t2 -c32 -d${DURATION}s --latency on loopback (wrk runs on the same machine)"
echo "list:   GET $LIST ($matching persons match), Bearer token"
echo "person: GET /persons/{random id 1..$max_id}, session cookie"
echo
printf '%-7s %10s %8s %8s %10s %7s\n' "" "req/s" "p50 ms" "p99 ms" "requests" "errors"
for w in list person; do
	set -- $(summary $w)
	printf '%-7s %10s %8s %8s %10s %7d\n' "$w" "$1" "$2" "$3" "$4" "$(($5 + $6))"
	eval "${w}_rps=$1 ${w}_p99=$3 ${w}_err=$(($5 + $6))"
done
echo
awk -v h="$hwm" -v r="$rss" 'BEGIN { printf "server RSS: peak (VmHWM) %.1f MiB, at the end %.1f MiB\n", h / 1024, r / 1024 }'
echo
awk -v rps="$list_rps" -v p99="$list_p99" -v err="$list_err" -v perr="$person_err" -v hwm="$hwm" \
	-v grps="$GOAL_RPS" -v gp99="$GOAL_P99_MS" -v gmib="$GOAL_MIB" 'BEGIN {
	printf "goal: list >= %d req/s: %s (%.0f)\n", grps, (rps >= grps) ? "PASS" : "MISS", rps
	printf "goal: list p99 < %d ms: %s (%.2f ms)\n", gp99, (p99 < gp99) ? "PASS" : "MISS", p99
	printf "goal: server peak RSS < %d MiB: %s (%.1f MiB)\n", gmib, (hwm / 1024 < gmib) ? "PASS" : "MISS", hwm / 1024
	printf "goal: no errors: %s (list %d, person %d)\n", (err + perr == 0) ? "PASS" : "MISS", err, perr
}'
