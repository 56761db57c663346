#!/usr/bin/env bash
# bench/checkwords-callgrind.sh SALLE [BASE_SALLE]: instructions the checker spends on its words
# in each language (issue 11 point 6), counted by valgrind --tool=callgrind inside the checker
# only (salle_check_print*), so the machine's load does not change them. A generated 3,000-session
# forum with a quickly solved schedule (about 25,000 violations). BASE_SALLE, a build without
# --language (main before it), adds its English rows. Not part of the test command.
set -euo pipefail
salle=$(realpath "$1"); base=${2:+$(realpath "$2")}
w=$(mktemp -d "${TMPDIR:-/tmp}/salle-cgwords.XXXXXX")
trap 'rm -rf "$w"' EXIT
"$salle" gen --sessions 3000 --seed 7 -o $w/g.json >/dev/null
"$salle" solve $w/g.json -o $w/s.json --iterations 20000 --seed 1 >/dev/null || true
ir() { valgrind --tool=callgrind --callgrind-out-file=$w/cg.out --toggle-collect='salle_check_print*' \
         "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p'; }
printf '| %-6s | %-8s | %-8s | %14s |\n' build mode language instructions
for mode in verbose quiet; do
  q=; [ $mode = quiet ] && q=--quiet
  [ -n "$base" ] && printf '| %-6s | %-8s | %-8s | %14s |\n' base $mode en "$(ir "$base" check $q $w/g.json $w/s.json)"
  for l in en fr es ar; do
    printf '| %-6s | %-8s | %-8s | %14s |\n' new $mode $l "$(ir "$salle" check $q $w/g.json $w/s.json --language $l)"
  done
done
