#!/usr/bin/env bash
# Import/export speed on real published schedules (issue 3 point 6).
#
#   bash bench/io.sh [RUNS]
#   SALLE_BIN=/path/to/salle bash bench/io.sh [RUNS]     (another build, e.g. an older commit's)
#
# For each file: `salle import FILE -o inst.json --schedule pub.json`, then
# `salle export FORMAT inst.json pub.json -o OUT` for frab, json, ics, csv and site.
# Each operation runs RUNS times (default 5); prints the median and the minimum
# wall-clock time in milliseconds. Builds salle first if needed (make). Each site export writes
# a new folder (a first publication), and the folders are removed only at the end: a loop that
# replaced one folder would delete thousands of files a second, and on ext4 without a journal
# every new file then skips the inodes freed in the last 60 s, 360 s while their block is dirty
# (`recently_deleted`, half of a site export's time in perf on 2026-12-04), which times the loop,
# not salle; a publisher re-exports minutes apart.
# Not part of the test command.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
data=${SALLE_DATA:-$root/../shared/data/schedules}
runs=${1:-5}
salle=${SALLE_BIN:-$root/build/salle}
label=$(cd "$root" && git describe --always --dirty 2>/dev/null || echo unknown)
[ -n "${SALLE_BIN:-}" ] && label="$SALLE_BIN ($("$SALLE_BIN" version 2>/dev/null))"

if [ ! -x "$salle" ]; then
    (cd "$root" && make >/dev/null)
fi

r=""   # set by time_cmd
files=(fosdem2025.xml fosdem2013.xml 33c3-schedule.json)
formats=(frab json ics csv site)

work=$(mktemp -d "${TMPDIR:-/tmp}/salle-bench-io.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Others may rebuild build/salle meanwhile: measure one snapshot of it.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    cp "$salle" "$work/salle" && "$work/salle" version >/dev/null 2>&1 && break
    sleep 3
done
salle=$work/salle

now_ns() { date +%s%N; }

# time_cmd OUTVAR CMD...: runs CMD $runs times, sets "median min" in ms, or "n/a"; "{n}" in CMD
# becomes the run's number.
time_cmd() {
    local -n _res=$1
    shift
    local times=() t0 t1 i
    for ((i = 0; i < runs; i++)); do
        local cmd=("${@//\{n\}/$i}")
        t0=$(now_ns)
        if ! "${cmd[@]}" >"$work/out.log" 2>&1; then
            _res="n/a"
            return 0
        fi
        t1=$(now_ns)
        times+=($(((t1 - t0) / 1000)))   # microseconds
    done
    _res=$(printf '%s\n' "${times[@]}" | sort -n | awk '
        { v[NR] = $1 }
        END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f", m / 1000, v[1] / 1000
        }')
}

# row OPERATION FILE EVENTS "MEDIAN MIN"|n/a
row() {
    local med=n/a min=n/a
    [ "$4" != n/a ] && read -r med min <<<"$4"
    printf '| %-11s | %-18s | %6s | %9s | %7s |\n' "$1" "$2" "$3" "$med" "$min"
}

echo "# salle import/export, median of $runs runs"
echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# salle: $label"
echo
printf '| %-11s | %-18s | %6s | %9s | %7s |\n' operation file events "median ms" "min ms"
printf '|%s|%s|%s|%s|%s|\n' ------------- -------------------- -------: ----------: --------:
for f in "${files[@]}"; do
    src=$data/$f
    if [ ! -f "$src" ]; then
        row import "$f" - n/a
        continue
    fi
    inst=$work/${f%%.*}.json
    pub=$work/${f%%.*}-pub.json
    events=$("$salle" import "$src" -o "$inst" --schedule "$pub" 2>/dev/null |
        sed -n 's/^imported .*: \([0-9]*\) sessions.*/\1/p')
    time_cmd r "$salle" import "$src" -o "$inst" --schedule "$pub"
    row import "$f" "$events" "$r"
    for fmt in "${formats[@]}"; do
        out=$work/out.$fmt
        [ "$fmt" = site ] && out=$work/site-${f%%.*}.{n}
        time_cmd r "$salle" export "$fmt" "$inst" "$pub" -o "$out"
        row "export $fmt" "$f" "$events" "$r"
    done
done
