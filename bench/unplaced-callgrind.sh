#!/usr/bin/env bash
# bench/unplaced-callgrind.sh [BUILD]: instructions the server's draft page spends on saying the
# solver's unplaced reasons in a language (salle__unplaced_lang, issue 11 point 6) beside the
# checker it already runs on the same draft (salle_check_lang), counted by valgrind
# --tool=callgrind inside each function only, so the machine's load does not change them.
# A generated forum of N sessions (3,000 and 10,000) plus 20 that no room can take (a feature
# none has, more attendees than the largest room), quickly solved. Not part of the test command.
set -euo pipefail
b=$(realpath "${1:-build}"); here=$(cd "$(dirname "$0")/.." && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/salle-cgunpl.XXXXXX")
trap 'rm -rf "$w"' EXIT
cc -O2 -g -I"$here/include" -I"$here/src" "$here/bench/unplaced_lang.c" "$b/libsalle_core.a" \
   $(pkg-config --libs jansson yajl libxml-2.0 libical libcmark) -lcsv -lm -lpthread -o $w/h
ir() { valgrind --tool=callgrind --callgrind-out-file=$w/cg.out --toggle-collect="$1" "${@:2}" 2>&1 >/dev/null |
         sed -n 's/.*Collected : *//p'; }
printf '| %8s | %-4s | %-30s | %14s | %14s | %6s |\n' sessions lang reasons said-again checker ratio
for n in 3000 10000; do
  "$b/salle" gen --sessions $n --seed 7 -o $w/g0.json >/dev/null
  /usr/bin/python3 - $w/g0.json $w/g.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
big = max(r.get("capacity", 0) for r in d["rooms"])
for i in range(10):
    d["sessions"].append({"id": "XF-%d" % i, "duration": 60, "needs": ["planetarium dome"]})
    d["sessions"].append({"id": "XA-%d" % i, "duration": 60, "attendance": big + 100})
json.dump(d, open(sys.argv[2], "w"))
PY
  "$b/salle" solve $w/g.json -o $w/s.json --iterations 20000 --seed 1 >/dev/null || true
  for l in en fr ar; do
    said=$(ir 'said_reasons' $w/h $w/g.json $w/s.json $l)
    chk=$(ir 'checked' $w/h $w/g.json $w/s.json $l)
    out=$($w/h $w/g.json $w/s.json $l)
    printf '| %8s | %-4s | %-30s | %14s | %14s | %6s |\n' $((n + 20)) $l "${out%, * violations}" "$said" "$chk" \
      "$(/usr/bin/python3 -c "print('%.3f' % (${said//,/} / ${chk//,/}))")"
  done
done
