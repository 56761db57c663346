#!/bin/bash
# tests/cosplib.sh SALLE: academic conferences against the CoSPLib benchmark (docs/scoring.md
# "Talks"). The five workbooks of ../shared/data/cosplib import; hand-made and saved schedules of
# each (tests/cosplib/*.json) score exactly as pinned in tests/cosplib/expected.txt, both under
# `salle check` and under bench/cosplib's independent re-implementation of CoSPLib's scoring;
# random schedules score the same under both; the same as CSV talks sheets (docs/csv.md "Talks")
# score the same and round-trip; salle's N2OR schedule is the best known (1), the
# same for a seed, and survives export to CoSPLib's solution workbook; bad input is refused.
# Fails without python3-openpyxl (scripts/deps.sh installs it); skipped (77) without the workbooks.
set -u
salle=$1
cos=bench/cosplib
data=../shared/data/cosplib
py=/usr/bin/python3
$py -c 'import openpyxl' 2>/dev/null ||
    { echo "FAIL: python3-openpyxl is not installed (bash scripts/deps.sh installs it)"; exit 1; }
[ -f "$data/N2OR.xlsx" ] || { echo "skip: no $data"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
soft() { "$salle" check "$1" "$2" --quiet | sed -n 's/^soft total: //p'; }
hard() { "$salle" check "$1" "$2" --quiet | sed -n 's/^hard violations: //p'; }
objectives() { $py $cos score "$@" --json | $py -c 'import json,sys
for l in sys.stdin: print(json.loads(l)["objective"])'; }
objective() { objectives "$1" "$2"; }

for n in N2OR GECCO19 GECCO20 GECCO21 OR60F; do
    $py $cos import "$data/$n.xlsx" -o "$tmp/$n.json" || fail "import $n"
done
cmp -s "$tmp/N2OR.json" examples/talks/N2OR.json || fail "examples/talks/N2OR.json differs from a fresh import"

# pinned scores of saved schedules, under both scorers (one workbook load per instance)
for n in N2OR GECCO19 GECCO20 GECCO21 OR60F; do
    files=$(awk -v n="$n" '$1 ~ "^"n"-" {print "tests/cosplib/"$1}' tests/cosplib/expected.txt)
    objectives $data/$n.xlsx $files > "$tmp/obj.txt"
    i=0
    for f in $files; do
        i=$((i + 1))
        read -r h s < <(awk -v f="$(basename "$f")" '$1 == f {print $2, $3}' tests/cosplib/expected.txt)
        [ "$(hard "$tmp/$n.json" "$f")" = "$h" ] || fail "$f: hard $(hard "$tmp/$n.json" "$f"), pinned $h"
        [ "$(soft "$tmp/$n.json" "$f")" = "$s" ] || fail "$f: salle soft $(soft "$tmp/$n.json" "$f"), pinned $s"
        [ "$(sed -n "${i}p" "$tmp/obj.txt")" = "$s" ] || fail "$f: CoSPLib objective $(sed -n "${i}p" "$tmp/obj.txt"), pinned $s"
    done
done

# random schedules: salle's soft total is CoSPLib's objective
for n in N2OR GECCO21 OR60F; do
    seeds="1 2 3 4 5"
    [ $n = N2OR ] || seeds="1"
    files=
    for seed in $seeds; do
        $py $cos random "$tmp/$n.json" --seed "$seed" -o "$tmp/r$seed.json"
        files="$files $tmp/r$seed.json"
    done
    objectives $data/$n.xlsx $files > "$tmp/obj.txt"
    i=0
    for f in $files; do
        i=$((i + 1))
        a=$(soft "$tmp/$n.json" "$f") b=$(sed -n "${i}p" "$tmp/obj.txt")
        [ "$a" = "$b" ] || fail "$n random $(basename "$f"): salle $a, CoSPLib $b"
    done
done

# the talks sheet a programme chair keeps (docs/csv.md "Talks"): each instance written as a CSV
# sheet by tests/talks_sheet.py (not by salle), imported by `salle import`, scores every saved
# and random schedule exactly as the workbook's import does, rule by rule; and the sheet's round
# trip (import -> salle export csv -> import) gives the same instance
for n in N2OR GECCO19 GECCO20 GECCO21 OR60F; do
    $py tests/talks_sheet.py "$tmp/$n.json" -o "$tmp/$n.csv" || { fail "talks_sheet.py $n"; continue; }
    "$salle" import "$tmp/$n.csv" -o "$tmp/$n-csv.json" >/dev/null || { fail "salle import of the $n talks sheet"; continue; }
    $py $cos random "$tmp/$n.json" --seed 7 -o "$tmp/r7.json"
    for f in $(awk -v n="$n" '$1 ~ "^"n"-" {print "tests/cosplib/"$1}' tests/cosplib/expected.txt) "$tmp/r7.json"; do
        $py tests/talks_sheet.py --trim "$f" -o "$tmp/trimmed.json"
        a=$("$salle" check "$tmp/$n.json" "$f" --quiet) b=$("$salle" check "$tmp/$n-csv.json" "$tmp/trimmed.json" --quiet)
        [ -n "$a" ] && [ "$a" = "$b" ] || fail "$n talks sheet: $(basename "$f") scores $(echo "$b" | sed -n 2p), the workbook's import $(echo "$a" | sed -n 2p)"
    done
    "$salle" export csv "$tmp/$n-csv.json" "$tmp/trimmed.json" -o "$tmp/$n-back.csv" || fail "salle export csv of the $n talks sheet"
    "$salle" import "$tmp/$n-back.csv" -o "$tmp/$n-back.json" >/dev/null || fail "salle import of the exported $n talks sheet"
    cmp -s "$tmp/$n-csv.json" "$tmp/$n-back.json" || fail "$n talks sheet: import -> export -> import changes the instance"
done

# the solver: N2OR at the best known objective, checked, deterministic, exported
"$salle" solve "$tmp/N2OR.json" -o "$tmp/a.json" --seed 1 --iterations 100000 >/dev/null || fail "solve N2OR exit $?"
"$salle" solve "$tmp/N2OR.json" -o "$tmp/b.json" --seed 1 --iterations 100000 >/dev/null
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "solve N2OR twice with one seed: two schedules"
[ "$(hard "$tmp/N2OR.json" "$tmp/a.json")" = 0 ] || fail "solved N2OR breaks a hard rule"
[ "$(soft "$tmp/N2OR.json" "$tmp/a.json")" = 1 ] || fail "solved N2OR: soft $(soft "$tmp/N2OR.json" "$tmp/a.json"), best known 1"
[ "$(objective "$data/N2OR.xlsx" "$tmp/a.json")" = 1 ] || fail "solved N2OR: CoSPLib objective is not 1"
$py $cos export "$tmp/N2OR.json" "$tmp/a.json" -o "$tmp/a.xlsx" || fail "export"
[ "$(objective "$data/N2OR.xlsx" "$tmp/a.xlsx")" = 1 ] || fail "exported workbook scores $(objective "$data/N2OR.xlsx" "$tmp/a.xlsx")"
$py - "$tmp/a.xlsx" <<'PY' || fail "exported workbook layout"
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["sol", "violations"], wb.sheetnames
ws = wb["sol"]
assert [c.value for c in ws[1]] == [None, "Steelhouse LT", "Stafford 1", "Stafford 2", "Steelhouse 1"]
assert ws["A2"].value == "Wed1" and ws["A7"].value == "Wed1" and ws["A8"].value == "Wed1"
assert wb["violations"]["A2"].value == "Final Objective = 1", wb["violations"]["A2"].value
PY

# bad input: a clear message, exit 2, nothing written, an existing file untouched
echo keep > "$tmp/out.json"
$py -c 'import openpyxl; wb = openpyxl.Workbook(); wb.active.title = "parameters"; wb.save("'"$tmp"'/bad.xlsx")'
msg=$($py $cos import "$tmp/bad.xlsx" -o "$tmp/out.json" 2>&1); rc=$?
[ $rc = 2 ] || fail "bad workbook: exit $rc"
case "$msg" in *"no sheet 'submissions'"*) ;; *) fail "bad workbook message: $msg";; esac
[ "$(cat "$tmp/out.json")" = keep ] || fail "bad workbook: the output file changed"
msg=$($py $cos import "$tmp/none.xlsx" -o "$tmp/out.json" 2>&1); rc=$?
[ $rc = 2 ] || fail "missing workbook: exit $rc ($msg)"

if [ $fails -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "cosplib: all passed"
