#!/usr/bin/env bash
# tests/browser/run.sh SALLE: builds two static sites with `salle export site` and checks them in
# Chromium (site.test.mjs): the IGF 2018 example with a changelog, FOSDEM 2025 (943 events,
# dozens of rooms) for the big-event layout, and two versions of a small forum that add, drop,
# cancel, move and lengthen sessions. Needs chromium, node and npm (scripts/deps.sh).
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/browser/run.sh path/to/salle}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-browser.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

# solve exits 1 when the best schedule still breaks a hard rule; the site shows it all the same
solve() { "$SALLE" solve "$@" >/dev/null || [ $? -eq 1 ]; }

# 1. The example, and an earlier version of it (another seed) so that there are changes to show.
solve examples/igf2018.json --time-limit 3 -o "$WORK/igf.json"
solve examples/igf2018.json --time-limit 1 --seed 7 -o "$WORK/igf-prev.json"
"$SALLE" export site examples/igf2018.json "$WORK/igf.json" --previous "$WORK/igf-prev.json" \
  -o "$WORK/small"

# 2. Two versions of a small forum (tests/spec/data/versions-*.json): the new one drops a session,
#    marks one cancelled, lengthens, moves and adds one; a 90-minute opening, sessions in French and
#    Arabic, a remote speaker in Tokyo. A fixed label and publication time, so that pages can be
#    checked for them.
D=tests/spec/data
SOURCE_DATE_EPOCH=1543500000 "$SALLE" export site $D/versions-new.json $D/versions-new-sched.json \
  --previous $D/versions-old-sched.json --previous-instance $D/versions-old.json \
  --version-label "v2 (test)" -o "$WORK/versions"

# 2b. The same forum in four languages (issue 11), with expected attendance: WS-1 fills its room
#     (40 of 40 places), WS-8 nearly (37 of 40: likely full), WS-6 does not (26 of 30), the others
#     say nothing (no attendance known).
python3 - "$D/versions-new.json" "$WORK/full.json" <<'PY'
import json, sys
inst = json.load(open(sys.argv[1]))
for s in inst["sessions"]:
    s.update({"WS-1": {"attendance": 40}, "WS-8": {"attendance": 37}, "WS-6": {"attendance": 26}}.get(s["id"], {}))
json.dump(inst, open(sys.argv[2], "w"))
PY
SOURCE_DATE_EPOCH=1543500000 "$SALLE" export site "$WORK/full.json" $D/versions-new-sched.json \
  --previous $D/versions-old-sched.json --previous-instance $D/versions-old.json \
  --languages en,fr,es,ar -o "$WORK/langs"

# 3. A FOSDEM-sized programme: the real one when it imports, else a generated one as big.
FOSDEM=../shared/data/schedules/fosdem2025.xml
if [ -f "$FOSDEM" ] && "$SALLE" import "$FOSDEM" -o "$WORK/fosdem.json" \
     --schedule "$WORK/fosdem-sched.json" 2>"$WORK/import.log"; then
  big_inst=$WORK/fosdem.json big_sched=$WORK/fosdem-sched.json
else
  echo "browser: FOSDEM 2025 not importable here ($(head -c 200 "$WORK/import.log" 2>/dev/null)); using salle gen --sessions 900" >&2
  "$SALLE" gen --sessions 900 --seed 1 -o "$WORK/gen.json"
  solve "$WORK/gen.json" --time-limit 3 -o "$WORK/gen-sched.json"
  big_inst=$WORK/gen.json big_sched=$WORK/gen-sched.json
fi
start=$(date +%s%N)
"$SALLE" export site "$big_inst" "$big_sched" -o "$WORK/big"
echo "browser: big site written in $(( ($(date +%s%N) - start) / 1000000 )) ms" \
     "($(find "$WORK/big" -type f | wc -l) files)"

# 4. A forum with a paper track (issue 12.6): sessions and talks in session blocks, solved and
#    checked by the independent checker before it is published.
"$SALLE" solve tests/data/talks-forum.json --seed 1 -o "$WORK/talks-sched.json" >/dev/null
"$SALLE" check tests/data/talks-forum.json "$WORK/talks-sched.json" --quiet >/dev/null
"$SALLE" export site tests/data/talks-forum.json "$WORK/talks-sched.json" -o "$WORK/talks"

cd "$HERE"
bash "$HERE/deps.sh"   # npm ci when node_modules is missing or stale
SALLE_SITE=$WORK/small SALLE_BIG_SITE=$WORK/big SALLE_VERSIONS_SITE=$WORK/versions \
  SALLE_LANGS_SITE=$WORK/langs SALLE_TALKS_SITE=$WORK/talks node --test
