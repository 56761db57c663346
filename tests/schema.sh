#!/usr/bin/env bash
# tests/schema.sh SALLE: every bundled example, every spec instance that is meant to be valid, and
# freshly generated instances and solved schedules validate against docs/*.schema.json.
set -euo pipefail
SALLE=$(realpath "$1")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 30 170 1000; do
  "$SALLE" gen --sessions $n --seed 7 -o "$tmp/gen-$n.json"
done
"$SALLE" solve "$tmp/gen-30.json" -o "$tmp/sched-30.json" --time-limit 5 >/dev/null
# a forum with a paper track: the schedule of sessions and talks, checked, is valid too
"$SALLE" solve tests/data/talks-forum.json -o "$tmp/sched-talks.json" --seed 1 >/dev/null
"$SALLE" check tests/data/talks-forum.json "$tmp/sched-talks.json" --quiet
# an instance written by `salle interest` (x-salle-interest records, pair sets) is still valid
"$SALLE" interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json \
  -o "$tmp/interest-applied.json" --significant >/dev/null
# the JSON examples inside docs/format.md are part of the manual: they must be valid too
/usr/bin/python3 - "$tmp" <<'PY'
import re, sys, json
doc = open("docs/format.md").read()
blocks = re.findall(r"```json\n(.*?)```", doc, re.S)
for i, b in enumerate(blocks):
    try:
        v = json.loads(b)
    except ValueError:
        continue  # fragments with "..." are illustrations, not documents
    name = "schedule" if "assignments" in v else "instance"
    json.dump(v, open(f"{sys.argv[1]}/doc-{name}-{i}.json", "w"))
PY
/usr/bin/python3 tests/validate_schema.py docs/instance.schema.json \
  examples/*.json examples/talks/*.json tests/data/talks-forum.json tests/spec/data/mini.json tests/spec/data/plenary.json tests/lp/plenary.json \
  tests/spec/data/versions-old.json tests/spec/data/versions-new.json \
  "$tmp"/gen-*.json "$tmp/interest-applied.json" $(ls "$tmp"/doc-instance-*.json 2>/dev/null)
/usr/bin/python3 tests/validate_schema.py docs/schedule.schema.json \
  "$tmp/sched-30.json" "$tmp/sched-talks.json" tests/spec/data/sched-ok.json tests/spec/data/versions-*-sched.json tests/cosplib/*.json \
  $(ls "$tmp"/doc-schedule-*.json 2>/dev/null)
# the schema refuses what the parser refuses: "overflow" rooms on a session that is not exclusive
if /usr/bin/python3 tests/validate_schema.py docs/instance.schema.json \
     tests/spec/data/overflow-alone.json >/dev/null; then
  echo "FAIL tests/spec/data/overflow-alone.json (overflow without exclusive) validates"; exit 1
fi
