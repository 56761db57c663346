#!/usr/bin/env bash
# The rows of bench/io.sh for two builds side by side (issue 8 point 11), alternating run by run
# so that whatever else the machine does reaches both alike:
#
#   bash bench/io-vs.sh OLD_SALLE NEW_SALLE [RUNS]
#
# Each build imports each file into its own folder first (its own instance and schedule, as
# bench/io.sh does). Then, row by row, RUNS times (default 21): OLD then NEW, or NEW then OLD on
# every other pair. Prints per row the median wall-clock time of each build in milliseconds and
# NEW/OLD; with perf installed, a second pass gives the median CPU time (task-clock: user and
# system) the same way. The load average is printed at the start and at the end of each pass.
# Each site export writes a new folder, removed only at the end (why: bench/io.sh).
# SALLE_DATA as in io.sh. Not part of the test command.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=${SALLE_DATA:-$root/../shared/data/schedules}
runs=${3:-21}
w=$(mktemp -d "${TMPDIR:-/tmp}/salle-io-vs.XXXXXX")
trap 'rm -rf "$w"' EXIT
cp "$1" "$w/old"
cp "$2" "$w/new"
files=(fosdem2025.xml fosdem2013.xml 33c3-schedule.json)
formats=(frab json ics csv site)
for b in old new; do
    mkdir -p "$w/$b.d"
    for f in "${files[@]}"; do
        "$w/$b" import "$data/$f" -o "$w/$b.d/${f%%.*}.json" --schedule "$w/$b.d/${f%%.*}-pub.json" \
            >/dev/null 2>&1
    done
done

now_ns() { date +%s%N; }

# one B ROW FILE: runs row ROW (import, or a format) of FILE with build B once; prints microseconds
# of wall clock, or with cpu=1 the task-clock in microseconds
cpu=0
nsite=0
one() {
    local b=$1 row=$2 f=$3 d=$w/$1.d t0 t1
    local cmd
    if [ "$row" = import ]; then
        cmd=("$w/$b" import "$data/$f" -o "$d/${f%%.*}.json" --schedule "$d/${f%%.*}-pub.json")
    else
        local out=$d/out.$row
        [ "$row" = site ] && out=$d/site.$((++nsite))
        cmd=("$w/$b" export "$row" "$d/${f%%.*}.json" "$d/${f%%.*}-pub.json" -o "$out")
    fi
    if [ $cpu = 1 ]; then
        perf stat -x, -e task-clock -o "$w/perf.out" -- "${cmd[@]}" >/dev/null 2>&1
        awk -F, '/task-clock/ { printf "%d\n", $1 * 1000 }' "$w/perf.out"
    else
        t0=$(now_ns)
        "${cmd[@]}" >/dev/null 2>&1
        t1=$(now_ns)
        echo $(((t1 - t0) / 1000))
    fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000 }'; }

pass() {
    local what=$1
    echo "# $what: median of $runs runs each, alternating; load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%H:%M UTC')"
    echo "| operation   | file               |   old ms |   new ms | new/old |"
    echo "|---|---|--:|--:|--:|"
    for f in "${files[@]}"; do
        for row in import "${formats[@]}"; do
            : >"$w/t.old"
            : >"$w/t.new"
            for ((i = 0; i < runs; i++)); do
                if ((i % 2)); then
                    one new "$row" "$f" >>"$w/t.new"
                    one old "$row" "$f" >>"$w/t.old"
                else
                    one old "$row" "$f" >>"$w/t.old"
                    one new "$row" "$f" >>"$w/t.new"
                fi
            done
            local o n op=import
            [ "$row" != import ] && op="export $row"
            o=$(median <"$w/t.old")
            n=$(median <"$w/t.new")
            printf '| %-11s | %-18s | %8s | %8s | %6.2fx |\n' "$op" "$f" "$o" "$n" \
                "$(awk -v o="$o" -v n="$n" 'BEGIN { print (o > 0 ? n / o : 0) }')"
        done
    done
    echo "# load at the end $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%H:%M UTC')"
}

echo "# old: $1 ($("$w/old" version)); new: $2 ($("$w/new" version))"
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
pass "wall clock"
if command -v perf >/dev/null && perf stat -x, -e task-clock -o /dev/null true 2>/dev/null; then
    echo
    cpu=1
    pass "CPU time (perf stat task-clock)"
fi
