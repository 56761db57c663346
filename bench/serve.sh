#!/usr/bin/env bash
# bench/serve.sh [SECONDS]: load on `salle serve` with wrk on 127.0.0.1 (issue 9 point 12).
# Sets up the bundled IGF 2018 example (import, solve, publish, a room closed, re-plan, one
# organizer signed in), then runs wrk against: a static page of the public programme, the public
# programme as JSON, an organizer's page, and the answer POST over 1,086 distinct pending requests
# (bench/serve_answers.py, ANSWER_SECS seconds, default 1: the server must not run out of requests
# to answer). Prints requests/s, p50, p99 and errors (non-2xx/3xx answers and socket errors).
# DURABILITY=process runs the server
# with --durability process (commits survive SIGKILL, not a power cut). DB=postgresql runs the server
# on a throwaway PostgreSQL 15 cluster (tests/server/pgtmp.py, with fsync on) instead of SQLite
# (bench/serve_answers.py keeps its own SQLite store).
# Then attendee interest (issue 11 point 7, below): the interest POST replaying a FOSDEM-sized
# collection, with writes/s, p50, p99 and errors. INTEREST_ONLY=1 runs only that; ATTENDEES=N
# changes its size.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
SALLE=${SALLE:-build/salle}
T=$(mktemp -d)
DBT=$T/db
PGD=
if [ "${DB:-sqlite}" = postgresql ]; then
    PGD=$(mktemp -d)
    DBT=$(SALLE_PG_FSYNC=on /usr/bin/python3 tests/server/pgtmp.py start "$PGD")
fi
SERVER=
# (each step may fail, e.g. no server left to kill: under set -e that ended the trap before the
# PostgreSQL cluster was stopped, and DB=postgresql runs left their clusters running)
trap '[ -z "$SERVER" ] || { kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; } || true
      [ -z "$PGD" ] || /usr/bin/python3 tests/server/pgtmp.py stop "$PGD" || true; rm -rf "$T" "$PGD"' EXIT
$SALLE serve --db "$DBT" --public "$T/pub" --listen 127.0.0.1:0 --import examples/igf2018.json \
    --threads 4 ${DURABILITY:+--durability $DURABILITY} >"$T/log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$T/log" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$T/log")
AUTH="Authorization: Bearer $($SALLE admin-token --db "$DBT")"
job=$(curl -sf -X POST -H "$AUTH" -d '{"seed": 1, "iterations": 200000}' "$URL/api/v1/solve" | sed -n 's/.*"job": \([0-9]*\).*/\1/p')
until curl -sf -H "$AUTH" "$URL/api/v1/jobs/$job" | grep -q '"state": "done"'; do sleep 0.3; done
curl -sf -X POST -H "$AUTH" -d '{}' "$URL/api/v1/publish" >/dev/null
curl -sf -X POST -H "$AUTH" -d '{"kind": "room_closed", "room": "salle-3", "from": "2018-11-13T09:00", "to": "2018-11-13T18:30"}' "$URL/api/v1/disruptions" >/dev/null
prop=$(curl -sf -X POST -H "$AUTH" -d '{"seed": 1, "iterations": 100000}' "$URL/api/v1/replan")
rid=$(echo "$prop" | sed -n 's/.*"request": \([0-9]*\).*/\1/p' | head -1)
sess=$(curl -sf -H "$AUTH" "$URL/api/v1/requests/$rid" | sed -n 's/.*"session": "\([^"]*\)".*/\1/p' | head -1)
person=$(/usr/bin/python3 -c "import json,sys; s=[s for s in json.load(open('examples/igf2018.json'))['sessions'] if s['id']==sys.argv[1]][0]; print((s.get('organizers') or s['speakers'])[0])" "$sess")
link=$($SALLE organizer-link --db "$DBT" --person "$person")
page=$(curl -sf "$link")
tok=$(echo "$page" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p')
csrf=$(echo "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
cookie=$(curl -s -o /dev/null -D - -H "Origin: $URL" --data-urlencode "token=$tok" --data-urlencode "csrf=$csrf" "$URL/signin" |
         sed -n 's/^Set-Cookie: __Host-salle=\([^;]*\).*/\1/p')
csrf=$(curl -sf -H "Cookie: __Host-salle=$cookie" "$URL/requests/$rid" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
cat >"$T/write.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email": "organizer@example.org"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "${AUTH#Authorization: }"
LUA
cat >"$T/report.lua" <<'LUA'
local all_threads = {}
local setup_before = setup
function setup(thread)
  all_threads[#all_threads + 1] = thread
  if setup_before then setup_before(thread) end
end
done = function(summary, latency, requests)
  local e = summary.errors
  local errs = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
           latency:percentile(50) / 1000, latency:percentile(99) / 1000, errs, summary.requests))
  if errs > 0 then -- what kind: socket errors, wrk's 2 s timeouts, or which HTTP status
    io.write(string.format("ERRORS connect %d, read %d, write %d, timeout %d, status %d", e.connect,
             e.read, e.write, e.timeout, e.status))
    for _, t in ipairs(all_threads) do
      local b = t:get("bad")
      if b then for k, n in pairs(b) do io.write(string.format("; %s x%d", k, n)) end end
    end
    io.write("\n")
  end
end
LUA
# The interest replay also counts each answer's status (wrk's status errors do not say which)
cat >"$T/status.lua" <<'LUA'
bad = {}
response = function(status, headers, body)
  if status >= 300 then
    local k = tostring(status) .. " " .. body:sub(1, 80):gsub("[\r\n]", " ")
    bad[k] = (bad[k] or 0) + 1
  end
end
LUA
run() { # name, wrk args...
    local name=$1; shift
    local r
    wrk -t2 -c32 -d"${DUR:-$SECS}s" -s "$T/$LUAFILE" "$@" >"$T/wrk.out"
    r=$(sed -n 's/^RESULT //p' "$T/wrk.out")
    set -- $r
    printf "%-34s %9s %9s %9s %7s\n" "$name" "$1" "$2" "$3" "$4"
    sed -n 's/^ERRORS /  errors: /p' "$T/wrk.out"
}
# wrk takes one script: the write script gets the report function appended
cat "$T/report.lua" >>"$T/write.lua"
echo "salle serve on $(nproc) cores, $SECS s per target, wrk -t2 -c32 ($(date -u +%Y-%m-%d))"
printf "%-34s %9s %9s %9s %7s\n" "target" "req/s" "p50 ms" "p99 ms" "errors"
if [ -z "${INTEREST_ONLY:-}" ]; then # INTEREST_ONLY=1: only the interest targets below
LUAFILE=report.lua run "static: / (index.html)" "$URL/"
LUAFILE=report.lua run "static: a day's programme" "$URL/day-2018-11-13.html"
LUAFILE=report.lua run "dynamic: GET /api/v1/programme" "$URL/api/v1/programme"
LUAFILE=report.lua run "dynamic: organizer's /me" -H "Cookie: __Host-salle=$cookie" "$URL/me"
LUAFILE=report.lua run "dynamic: organizer's request page" -H "Cookie: __Host-salle=$cookie" "$URL/requests/$rid"
echo "answer POST: distinct pending requests, each answered once, half by organizers' forms and"
echo "half by the API on their behalf (bench/serve_answers.py; its own 2,200-session programme):"
/usr/bin/python3 bench/serve_answers.py "$SALLE" "${ANSWER_SECS:-1}" ${DURABILITY:+--durability $DURABILITY}
echo "a write (one commit, durability ${DURABILITY:-full}, plus its audit entry), as an answer makes:"
LUAFILE=write.lua run "write: POST /api/v1/people/ID/email" "$URL/api/v1/people/$person/email"
fi

# ---- attendee interest (issue 11 point 7): the interest POST, and a replay of a FOSDEM-sized
# collection: 8,000 attendees marking 20 sessions each, one POST per mark as the toggle sends it
# (each attendee's set grows by one session per POST: 160,000 writes), pushed as fast as the
# server takes them for DUR seconds (default 60; the rounds go on past 160,000 if it is faster). The server restarted on the same store, with --interest-rate 0 (every
# request comes from 127.0.0.1, which the per-address limit would otherwise stop) and
# INTEREST_THREADS HTTP threads (default 16: each thread waiting for a commit holds its
# connections, and the writes that wait together are committed together).
kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
$SALLE serve --db "$DBT" --public "$T/pub" --listen 127.0.0.1:0 --threads ${INTEREST_THREADS:-16} --interest-rate 0 \
    ${DURABILITY:+--durability $DURABILITY} >"$T/log2" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$T/log2" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$T/log2")
ids=$(curl -sf "$URL/api/v1/programme" | /usr/bin/python3 -c "import json,sys; print(','.join('\"%s\"' % a['session'] for a in json.load(sys.stdin)['assignments']))")
ATTENDEES=${ATTENDEES:-8000}
INTEREST_THREADS_USED=${INTEREST_THREADS:-16}
cat >"$T/interest.lua" <<LUA
-- Each thread serves half the attendees. Request n of a thread sends mark k = n / per of
-- attendee n % per, so one attendee's marks are a whole round of attendees apart and never in
-- flight together (as one person's clicks are not); after the last mark of the last attendee a
-- new round of attendees starts, so the load stays on for the whole run and writes/s is the
-- rate at which the server takes them. Each attendee marks 20 distinct sessions, chosen from its
-- number, and each POST sends its set so far.
local ids = {$ids}
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local attendees, marks, threads = $ATTENDEES, 20, 2
local per = math.floor(attendees / threads)
local n = 0
me = 0 -- set per thread by setup (a global: thread:set writes globals)
function setup(thread) thread:set("me", me); me = me + 1 end
local function token(a) -- 43 base64url characters: a's number in the first three, the rest fixed
  local t = {}
  for k = 0, 2 do local d = math.floor(a / 64 ^ k) % 64; t[#t + 1] = alphabet:sub(d + 1, d + 1) end
  return table.concat(t) .. string.rep("Q", 39) .. "A"
end
local function picks(a) -- 20 distinct sessions of attendee a
  local x, seen, out = a * 7919 + 17, {}, {}
  while #out < marks do
    x = (x * 1103515245 + 12345) % 2147483648
    local s = ids[1 + math.floor(x / 65536) % #ids]
    if not seen[s] then seen[s] = true; out[#out + 1] = '"' .. s .. '"' end
  end
  return out
end
request = function()
  local round = math.floor(n / (per * marks))
  local j = n % (per * marks)
  local k = math.floor(j / per)
  local a = round * attendees + me + threads * (j % per)
  n = n + 1
  return wrk.format("POST", "/api/v1/interest", {["Content-Type"] = "application/json"},
    '{"token": "' .. token(a) .. '", "sessions": [' .. table.concat(picks(a), ",", 1, k + 1) .. ']}')
end
LUA
cat "$T/status.lua" "$T/report.lua" >>"$T/interest.lua"
echo "interest: $ATTENDEES attendees x 20 marks, one POST /api/v1/interest per mark, ${DUR:-60} s, $INTEREST_THREADS_USED HTTP threads (durability ${DURABILITY:-full}):"
cpu() { # user+sys CPU seconds of the server process (and, on PostgreSQL, of the cluster's processes)
    local pids=$SERVER
    if [ -n "$PGD" ]; then # this cluster's postmaster and its children (other clusters run tests)
        local pm; pm=$(head -1 "$PGD/data/postmaster.pid")
        pids="$pids $pm $(pgrep -P "$pm" | tr '\n' ' ')"
    fi
    for p in $pids; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done |
        awk -v hz="$(getconf CLK_TCK)" '{t += $1} END {printf "%.2f", t / hz}'
}
rqwait() { # seconds the server's threads were runnable but waited for a CPU (schedstat, field 2)
    cat /proc/$SERVER/task/*/schedstat 2>/dev/null | awk '{t += $2} END {printf "%.3f", t / 1e9}'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu0=$(cpu); scpu0=$(awk '{print $14 + $15}' "/proc/$SERVER/stat"); rq0=$(rqwait)
DUR=${DUR:-60} LUAFILE=interest.lua run "replay: POST /api/v1/interest" "$URL/api/v1/interest"
cpu1=$(cpu); scpu1=$(awk '{print $14 + $15}' "/proc/$SERVER/stat"); rq1=$(rqwait)
nreq=$(sed -n 's/^RESULT //p' "$T/wrk.out" | cut -d' ' -f5)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$cpu0" -v b="$cpu1" -v sa="$scpu0" -v sb="$scpu1" -v n="$nreq" -v hz="$(getconf CLK_TCK)" \
    -v pg="$PGD" 'BEGIN {printf "CPU per write: salle serve %.0f us%s (user+sys over %d writes)\n",
    (sb - sa) / hz / n * 1e6, pg == "" ? "" : sprintf(", with PostgreSQL %.0f us", (b - a) / n * 1e6), n}'
awk -v a="$rq0" -v b="$rq1" -v n="$nreq" -v d="${DUR:-60}" 'BEGIN {printf "CPU starvation: the server'"'"'s \
threads waited %.1f s for a CPU while runnable (%.2f ms a write, %.1f threads waiting on average)\n",
    b - a, (b - a) / n * 1e3, (b - a) / d}'
AUTH="Authorization: Bearer $($SALLE admin-token --db "$DBT")"
curl -sf -H "$AUTH" "$URL/api/v1/interest/summary?top=1" | /usr/bin/python3 -c "
import json, sys
j = json.load(sys.stdin)
print('stored: %d ballots, %d marks (a full collection of %d x 20 is %d writes)' % (j['ballots'],
      sum(s['count'] for s in j['sessions']), $ATTENDEES, $ATTENDEES * 20))"
kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
SERVER=
sed -n 's/^salle serve: interest writes: /group commit: /p' "$T/log2" | sed 's/; /\n  /g'
