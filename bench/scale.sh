#!/usr/bin/env bash
# bench/scale.sh: the solver at scale (issue 10), one table.
#
#   bench/scale.sh [SIZES] [LIMITS]     e.g. bench/scale.sh "1000 10000 30000 100000" "auto"
#
# For each size N: `salle gen --sessions N --seed 1` (itself a row: the generator at 100,000
# is part of the benchmark), then `salle solve --seed 1` with
#   - `--iterations 1`: construction and its repair with a one-move search, i.e. how soon the
#     solver has a schedule with zero hard violations (the time-to-zero row; ITER=0 skips it,
#     e.g. at 100,000 on a loaded machine, where it takes minutes of CPU);
#   - `--time-limit L` (L = 1 s at 1,000, 1 and 3 s at 10,000, 3 and 10 s at 30,000, 12 and 60 s
#     at 100,000 with "auto": at each size the shortest limit that reading, the plain greedy and
#     writing leave room for, and a generous one), the whole process against the promise of
#     docs/solver.md: the last column says whether wall <= 1.1 L + 0.5 s.
# Every schedule is checked by the independent checker (`salle check --quiet`), whose hard count
# is what the table shows. Times are from /usr/bin/time -v (whole process): user CPU, wall and
# peak RSS, with the load average at the start; on a shared machine wall time is noise, user CPU
# the measure of the work. Files go to $OUT (default: a temporary folder, removed at the end).
# CPU=1 runs the limited solves with --cpu-clock (the limit counts the process's CPU time, as an
# idle core would see it), and the last column then compares user + system CPU time, not wall
# time, with 1.1 L + 0.5 s: the one measure of the limit that a shared machine does not spoil.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
salle=${SALLE:-$here/build/salle}
sizes=${1:-"10000 30000 100000"}
limits=${2:-auto}
out=${OUT:-}
if [ -z "$out" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
[ -x "$salle" ] || { echo "bench/scale.sh: $salle not built (make)" >&2; exit 2; }

auto_limits() {
    case $1 in
        1000) echo "1" ;;
        10000) echo "1 3" ;;
        30000) echo "3 10" ;;
        100000) echo "12 60" ;;
        *) echo "10" ;;
    esac
}

# field NAME FILE: a value from /usr/bin/time -v's report
field() { grep -F "$1" "$2" | head -1 | sed 's/.*: //'; }

# wall clock "h:mm:ss" or "m:ss.cc" in seconds
secs() { awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<<"$1"; }

cpu=${CPU:-0}
what=wall
[ "$cpu" = 1 ] && what='user+sys CPU (--cpu-clock)'
printf '| instance | command | checker hard/soft | zero hard at (solver) | wall | user CPU | peak RSS | load | %s <= 1.1 L + 0.5 s |\n' "$what"
printf '|---|---|---|--:|--:|--:|--:|--:|---|\n'
for n in $sizes; do
    inst=$out/g$n.json
    if [ ! -s "$inst" ]; then
        load=$(cut -d' ' -f1 /proc/loadavg)
        /usr/bin/time -v "$salle" gen --sessions "$n" --seed 1 -o "$inst" 2>"$out/time.txt"
        wall=$(secs "$(field 'Elapsed (wall clock)' "$out/time.txt")")
        user=$(field 'User time' "$out/time.txt")
        rss=$(field 'Maximum resident set size' "$out/time.txt")
        printf '| gen %s | `salle gen --sessions %s --seed 1` | - | - | %.2f s | %s s | %d MB | %s | - |\n' \
            "$n" "$n" "$wall" "$user" $((rss / 1024)) "$load"
    fi
    ls=$limits
    [ "$ls" = auto ] && ls=$(auto_limits "$n")
    runs=$ls
    [ "${ITER:-1}" = 0 ] || runs="iter $ls"
    for run in $runs; do
        sched=$out/g$n-$run.json
        rm -f "$sched"
        if [ "$run" = iter ]; then
            args=(--iterations 1)
            label='`--iterations 1` (construction + repair)'
        else
            args=(--time-limit "$run")
            label="\`--time-limit $run\`"
            if [ "$cpu" = 1 ]; then
                args+=(--cpu-clock)
                label="\`--time-limit $run --cpu-clock\`"
            fi
        fi
        load=$(cut -d' ' -f1 /proc/loadavg)
        set +e
        /usr/bin/time -v "$salle" solve "$inst" -o "$sched" --seed 1 "${args[@]}" \
            >"$out/solve.txt" 2>"$out/time.txt"
        rc=$?
        set -e
        if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
            echo "bench/scale.sh: salle solve exited $rc on gen $n" >&2
            cat "$out/solve.txt" "$out/time.txt" >&2
            exit 1
        fi
        zero=$(sed -n 's/^time to zero hard: //p' "$out/solve.txt")
        set +e
        "$salle" check "$inst" "$sched" --quiet >"$out/check.txt" 2>&1
        set -e
        hard=$(sed -n 's/^hard violations: //p' "$out/check.txt")
        soft=$(sed -n 's/^soft total: //p' "$out/check.txt")
        wall=$(secs "$(field 'Elapsed (wall clock)' "$out/time.txt")")
        user=$(field 'User time' "$out/time.txt")
        rss=$(field 'Maximum resident set size' "$out/time.txt")
        within=-
        if [ "$run" != iter ]; then
            used=$wall
            if [ "$cpu" = 1 ]; then
                used=$(awk -v u="$user" -v s="$(field 'System time' "$out/time.txt")" 'BEGIN { print u + s }')
                within=$(awk -v w="$used" -v l="$run" 'BEGIN { print ((w <= 1.1 * l + 0.5) ? "yes" : "no") " (" w " s)" }')
            else
                within=$(awk -v w="$used" -v l="$run" 'BEGIN { print (w <= 1.1 * l + 0.5) ? "yes" : "no" }')
            fi
        fi
        printf '| gen %s | %s | %s/%s | %s | %.2f s | %s s | %d MB | %s | %s |\n' "$n" "$label" \
            "$hard" "$soft" "$zero" "$wall" "$user" $((rss / 1024)) "$load" "$within"
    done
done
