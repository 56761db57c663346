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
#       stands for M / MOVES_PER_S seconds of one core (MOVES_PER_S, default 300000, the
#       search's pace on gen 3,000 on an idle core of the development machine), so "10 s" is
#       --iterations 10*MOVES_PER_S per thread.
# Prints one row per (sessions, threads, limit): the median hard and soft score of seeds 1 2 3,
# and the median whole-process CPU time. SIZES default to 1000 3000. Not part of the tests.
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
pace=${MOVES_PER_S:-300000}
salle=${SALLE:-$root/build/salle}
[ -x "$salle" ] || (cd "$root" && make >/dev/null)

work=$(mktemp -d "${TMPDIR:-/tmp}/salle-bench-threads.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$salle" "$work/salle"   # others may rebuild build/salle meanwhile
salle=$work/salle

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

printf '%-8s %-7s %-9s %-6s %-10s %-8s\n' sessions threads limit hard soft cpu_s
for n in "${sizes[@]}"; do
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
                echo "$hard $soft $(echo "$u + $s" | bc)" >>"$work/rows"
            done
            printf '%-8s %-7s %-9s %-6s %-10s %-8s\n' "$n" "$threads" \
                "$([ "$mode" = moves ] && echo "$((limit * pace))mv" || echo "${limit}s")" \
                "$(cut -d' ' -f1 "$work/rows" | median)" "$(cut -d' ' -f2 "$work/rows" | median)" \
                "$(cut -d' ' -f3 "$work/rows" | median)"
        done
    done
done
