#!/usr/bin/env bash
# Threads against time (issue 10 point 5): does --threads 2 reach in 10 s what one thread
# reaches in 20 s?
#
#   bash bench/threads.sh [time|moves] [SIZES...]
#
# time  (default): `salle solve --time-limit L --threads T --iterations BIG` on
#       `salle gen --sessions N --seed 1`, T = 1, 2 and L = 10, 20 s; needs as many idle
#       cores as threads, or the wall clock says nothing.
# moves: the same in work instead of time, for a busy machine: a run of M moves per thread
#       stands for M / pace seconds of one core, so "10 s" is --iterations 10*pace per thread
#       and the comparison is 2 threads x M moves against 1 thread x 2M. The pace is the
#       search's moves per CPU second on one core: 1,800,000 at gen 1,000 and 1,600,000 at
#       gen 3,000 (measured 2026-12-03 by user CPU time, 6,000,000 moves less 1,024 moves,
#       bench/results-2026-12-03-threads-s7.txt), 1,500,000 at other sizes; MOVES_PER_S sets
#       one pace for all sizes.
# Prints one row per (sessions, threads, limit): the median hard and soft score of seeds 1 2 3,
# the median whole-process CPU time, and with 2 threads the median share of the search's CPU
# time the runs would spend waiting at meetings on idle cores ("idle", from `salle solve`'s
# threads line). SIZES default to 1000 3000. Not part of the tests.
# PAIRS=1 runs only the two rows the target compares (1 thread at 20, 2 threads at 10);
# SALLE=path measures another build of salle (default build/salle).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=${1:-time}
[ $# -gt 0 ] && shift
sizes=("${@:-1000 3000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
pace_of() {
    if [ -n "${MOVES_PER_S:-}" ]; then echo "$MOVES_PER_S"; return; fi
    case $1 in 1000) echo 1800000 ;; 3000) echo 1600000 ;; *) echo 1500000 ;; esac
}
salle=${SALLE:-$root/build/salle}
[ -x "$salle" ] || (cd "$root" && make >/dev/null)

work=$(mktemp -d "${TMPDIR:-/tmp}/salle-bench-threads.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$salle" "$work/salle"   # others may rebuild build/salle meanwhile
salle=$work/salle

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

printf '%-8s %-7s %-10s %-6s %-10s %-8s %-6s\n' sessions threads limit hard soft cpu_s idle%
for n in "${sizes[@]}"; do
    pace=$(pace_of "$n")
    inst=$work/g$n.json
    "$salle" gen --sessions "$n" --seed 1 -o "$inst" >/dev/null
    for threads in 1 2; do
        for limit in 10 20; do
            if [ -n "${PAIRS:-}" ] && [ $((threads * limit)) != 20 ]; then
                continue
            fi
            : >"$work/rows"
            for seed in 1 2 3; do
                if [ "$mode" = moves ]; then
                    args=(--iterations $((limit * pace)))
                else
                    args=(--time-limit "$limit" --iterations 1000000000)
                fi
                /usr/bin/time -f '%U %S' -o "$work/time" "$salle" solve "$inst" -o "$work/s.json" \
                    --seed "$seed" --threads "$threads" "${args[@]}" >"$work/out" 2>&1 || true
                read -r hard soft < <(sed -n 's/^score: hard \([0-9]*\), soft \([0-9]*\).*/\1 \2/p' "$work/out")
                read -r u s <"$work/time"
                idle=$(sed -n 's/^threads: .*(\([0-9.]*\)%)$/\1/p' "$work/out")
                echo "$hard $soft $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') ${idle:--}" >>"$work/rows"
            done
            printf '%-8s %-7s %-10s %-6s %-10s %-8s %-6s\n' "$n" "$threads" \
                "$([ "$mode" = moves ] && echo "$((limit * pace))mv" || echo "${limit}s")" \
                "$(cut -d' ' -f1 "$work/rows" | median)" "$(cut -d' ' -f2 "$work/rows" | median)" \
                "$(cut -d' ' -f3 "$work/rows" | median)" \
                "$([ "$threads" = 1 ] && echo - || cut -d' ' -f4 "$work/rows" | median)"
        done
    done
done
