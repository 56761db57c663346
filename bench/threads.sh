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
#       one pace for all sizes. Without a time limit the runs do not go beyond their share of
#       a period (docs/solver.md, "Threads"), so this mode measures quality per move only.
# Prints one row per (sessions, threads, limit): the median hard and soft score of the seeds,
# the median whole-process CPU time, and with 2 threads the median share of the search's CPU
# time the runs would spend waiting at meetings on idle cores ("idle", from `salle solve`'s
# threads line) and the median moves the runs made beyond their share of a period while the
# other finished its own ("beyond", time mode only). Then, per seed, the soft score of 2 threads
# at 10 s against 1 thread at 20 s (paired: the same seed, run one after the other so that a
# change of load hits both), their difference in percent, and the median of the differences:
# the target is met at a size when 2 threads at 10 s are at most 1 thread at 20 s on the median
# of the seeds (and the line says in how many seeds). SIZES default to 1000 3000; SEEDS (default
# "1 2 3") are the solver's seeds, e.g. SEEDS="1 2 3 4 5". Not part of the tests.
# PAIRS=1 runs only the two rows the target compares (1 thread at 20, 2 threads at 10);
# SALLE=path measures another build of salle (default build/salle). The load average is printed
# before and after.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=${1:-time}
[ $# -gt 0 ] && shift
sizes=("${@:-1000 3000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
# shellcheck disable=SC2206
seeds=(${SEEDS:-1 2 3})
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

median() {
    sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}
label() { # the limit column: seconds, or moves per thread
    if [ "$mode" = moves ]; then echo "$(($2 * $(pace_of "$1")))mv"; else echo "${2}s"; fi
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  ($(date -u +%H:%M) UTC, mode $mode, seeds ${seeds[*]})"
# the runs: per size and seed, every (threads, limit) one after the other
for n in "${sizes[@]}"; do
    pace=$(pace_of "$n")
    inst=$work/g$n.json
    "$salle" gen --sessions "$n" --seed 1 -o "$inst" >/dev/null
    for seed in "${seeds[@]}"; do
        for threads in 1 2; do
            for limit in 10 20; do
                if [ -n "${PAIRS:-}" ] && [ $((threads * limit)) != 20 ]; then
                    continue
                fi
                if [ "$mode" = moves ]; then
                    args=(--iterations $((limit * pace)))
                else
                    args=(--time-limit "$limit" --iterations 1000000000)
                fi
                /usr/bin/time -f '%U %S' -o "$work/time" "$salle" solve "$inst" -o "$work/s.json" \
                    --seed "$seed" --threads "$threads" "${args[@]}" >"$work/out" 2>&1 || true
                read -r hard soft < <(sed -n 's/^score: hard \([0-9]*\), soft \([0-9]*\).*/\1 \2/p' "$work/out")
                read -r u s <"$work/time"
                idle=$(sed -n 's/^threads: .*(\([0-9.]*\)%).*/\1/p' "$work/out")
                beyond=$(sed -n 's/^threads: .*; \([0-9]*\) moves beyond their share$/\1/p' "$work/out")
                echo "$hard $soft $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') ${idle:--} ${beyond:--}" \
                    >"$work/r-$n-$threads-$limit-$seed"
            done
        done
    done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)  ($(date -u +%H:%M) UTC)"

printf '%-8s %-7s %-10s %-6s %-10s %-8s %-6s %-10s\n' sessions threads limit hard soft cpu_s idle% beyond
for n in "${sizes[@]}"; do
    for threads in 1 2; do
        for limit in 10 20; do
            [ -e "$work/r-$n-$threads-$limit-${seeds[0]}" ] || continue
            rows=$(for seed in "${seeds[@]}"; do cat "$work/r-$n-$threads-$limit-$seed"; done)
            col() { if [ "$threads" = 1 ] && [ "$1" -ge 4 ]; then echo -; else echo "$rows" | cut -d' ' -f"$1" | median; fi; }
            beyond=-
            [ "$threads" = 2 ] && [ "$mode" = time ] && beyond=$(col 5)
            printf '%-8s %-7s %-10s %-6s %-10s %-8s %-6s %-10s\n' "$n" "$threads" "$(label "$n" "$limit")" \
                "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$beyond"
        done
    done
done

echo
if [ "$mode" = moves ]; then what="2 threads x M moves against 1 thread x 2M"; else what="2 threads at 10 s against 1 thread at 20 s"; fi
echo "per seed, soft: $what (diff% = (2 threads - 1 thread) / 1 thread)"
printf '%-8s %-6s %-10s %-10s %-8s\n' sessions seed 1thread 2threads diff%
for n in "${sizes[@]}"; do
    : >"$work/diffs"
    met=0
    for seed in "${seeds[@]}"; do
        one=$(cut -d' ' -f2 "$work/r-$n-1-20-$seed")
        two=$(cut -d' ' -f2 "$work/r-$n-2-10-$seed")
        d=$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%+.2f", 100 * (b - a) / a }')
        echo "$d" >>"$work/diffs"
        [ "$two" -le "$one" ] && met=$((met + 1))
        printf '%-8s %-6s %-10s %-10s %-8s\n' "$n" "$seed" "$one" "$two" "$d"
    done
    md=$(median <"$work/diffs")
    printf '%-8s %-6s %-10s %-10s %-8s %s\n' "$n" median "" "" "$(awk -v d="$md" 'BEGIN { printf "%+.2f", d }')" \
        "$(awk -v d="$md" 'BEGIN { print (d <= 0 ? "met" : "not met") }') on the median; 2 threads at most 1 thread in $met of ${#seeds[@]} seeds"
done
