#!/usr/bin/env bash
# tests/import.sh: imports every real published programme in ../shared/data/schedules (all but the
# .ics and .xcal copies, which salle does not import), then runs `salle check` on the instance and
# the published schedule. A file passes when the import succeeds and the check finds exactly the
# real conflicts listed below, no more and no fewer: the importer must neither invent violations
# nor hide the ones the organisers published.
# Usage: tests/import.sh [path/to/salle]   (run from the repository root)
set -uo pipefail
SALLE=${1:-build/salle}
DATA=${SALLE_DATA:-../shared/data/schedules}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The real conflicts in the published data: FILE RULE SESSION SESSION, one per hard violation.
KNOWN="
31c3.xml person_conflict 6109 6606
31c3.xml person_conflict 6572 6607
fosdem2010.xml room_conflict 30 281
fosdem2025.xml person_conflict 5680 5379
voc-pretalx-democon.json person_conflict 20 36
"

pass=0
fail=0
for f in "$DATA"/*; do
    b=$(basename "$f")
    case "$b" in *.ics|*.xcal) continue ;; esac
    [ -f "$f" ] || continue
    inst="$tmp/$b.instance.json"
    sched="$tmp/$b.schedule.json"
    if ! "$SALLE" import "$f" -o "$inst" --schedule "$sched" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAIL $b: import failed"
        sed 's/^/    /' "$tmp/err" | head -5
        fail=$((fail + 1))
        continue
    fi
    "$SALLE" check "$inst" "$sched" >"$tmp/check" 2>&1
    rc=$?
    if [ $rc -gt 1 ]; then
        echo "FAIL $b: salle check could not read the import (exit $rc)"
        sed 's/^/    /' "$tmp/check" | head -5
        fail=$((fail + 1))
        continue
    fi
    expected=$(printf '%s\n' "$KNOWN" | awk -v f="$b" '$1 == f')
    nexp=$(printf '%s' "$expected" | grep -c . || true)
    grep -F '[hard ' "$tmp/check" >"$tmp/hard" || true
    nhard=$(grep -c . "$tmp/hard" || true)
    ok=1
    if [ "$nhard" -ne "$nexp" ]; then
        ok=0
    else
        while read -r _ rule a c; do
            [ -n "$rule" ] || continue
            grep -F "[hard $rule]" "$tmp/hard" | grep -w -- "$a" | grep -qw -- "$c" || ok=0
        done <<<"$expected"
    fi
    summary=$(head -1 "$tmp/out")
    if [ $ok -eq 1 ]; then
        echo "ok   $b: ${summary#imported *: }; $nhard known conflict(s)"
        pass=$((pass + 1))
    else
        echo "FAIL $b: expected $nexp known hard violation(s), found $nhard"
        sed 's/^/    /' "$tmp/hard" | head -10
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
