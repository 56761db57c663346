#!/usr/bin/env bash
# tests/test_lp.sh SALLE: the exact reference (src/engine/export_lp.c, docs/lp.md) against the checker.
#
# For each small instance (the hand-written ones in tests/lp/, whose grid is the LP's step, and a
# few generated ones, on a 30-minute step or moved onto a 30-minute grid) it writes the LP, lets CBC solve it to proven optimality,
# turns CBC's solution into a schedule and requires `salle check` to give exactly CBC's objective
# split (hard = unplaced sessions, soft = objective - BIG * hard). Where the grid equals the step,
# salle's own solver must never beat CBC's optimum: if it did, the LP would forbid something the
# rules allow. The --compact model must have the same optima. A solver schedule of 60 sessions,
# off the LP's step, must cost in the LP exactly what salle check says, and CBC must take it as a
# MIP start (export lp --start, lp-start) and end no worse. Last, the --min-moves objective must equal the moves
# `salle diff` counts.
# Needs cbc (Debian coinor-cbc); skips (exit 77) without it. Runs in well under two minutes.
set -uo pipefail
salle=${1:?usage: test_lp.sh SALLE}
command -v cbc >/dev/null || { echo "cbc not installed (apt-get install coinor-cbc); skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# lexicographic (h1, s1) < (h2, s2)
better() { [ "$1" -lt "$3" ] || { [ "$1" -eq "$3" ] && [ "$2" -lt "$4" ]; }; }

# solve_lp NAME INSTANCE [export args...]: leaves $tmp/NAME.sched.json and sets H S (CBC's split)
solve_lp() {
  local name=$1 inst=$2; shift 2
  "$salle" export lp "$inst" -o "$tmp/$name.lp" "$@" || { bad "$name: export lp failed"; return 1; }
  local t0=$SECONDS
  # sec counts CPU seconds; timeout bounds the wall time on a loaded machine
  timeout 90 cbc "$tmp/$name.lp" sec 60 solve solu "$tmp/$name.sol" >"$tmp/$name.cbc" 2>&1
  if ! head -1 "$tmp/$name.sol" 2>/dev/null | grep -q '^Optimal'; then
    bad "$name: CBC did not prove optimality: $(head -1 "$tmp/$name.sol" 2>/dev/null)"; return 1
  fi
  local mm=; for a in "$@"; do [ "$a" = --min-moves ] && mm=--min-moves; done
  local out
  out=$("$salle" lp-solution "$inst" "$tmp/$name.sol" -o "$tmp/$name.sched.json" $mm) ||
    { bad "$name: lp-solution failed"; return 1; }
  H=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\1/p' <<<"$out")
  S=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\2/p' <<<"$out")
  echo "     $name: $(sed -n 3p "$tmp/$name.lp" | sed 's/^\\ //'); CBC optimal $H/$S in $((SECONDS - t0)) s"
}

# checked INSTANCE SCHEDULE: sets CH CS from salle check
checked() {
  local out
  out=$("$salle" check "$1" "$2" --quiet)
  CH=$(sed -n 's/^hard violations: //p' <<<"$out")
  CS=$(sed -n 's/^soft total: //p' <<<"$out")
}

run() { # NAME INSTANCE COMPARE_SOLVER [export args...]
  local name=$1 inst=$2 cmp=$3; shift 3
  solve_lp "$name" "$inst" "$@" || return
  checked "$inst" "$tmp/$name.sched.json"
  if [ "$CH" = "$H" ] && [ "$CS" = "$S" ]; then ok "$name: check $CH/$CS equals CBC's objective"
  else bad "$name: check says hard $CH soft $CS, CBC's objective says hard $H soft $S"; fi
  echo "$H/$S" >"$tmp/$name.opt"
  [ "$cmp" = yes ] || return
  "$salle" solve "$inst" -o "$tmp/$name.solver.json" --time-limit 2 >/dev/null
  checked "$inst" "$tmp/$name.solver.json"
  if better "$CH" "$CS" "$H" "$S"; then bad "$name: salle solve found $CH/$CS, better than CBC's optimum $H/$S"
  else ok "$name: salle solve $CH/$CS is no better than the optimum $H/$S"; fi
}

for f in tests/lp/*.json; do
  run "$(basename "$f" .json)" "$f" yes
done
for n in 8 12 15; do
  "$salle" gen --sessions $n --seed $n -o "$tmp/gen$n.json"
  run "gen$n" "$tmp/gen$n.json" no --step 30
done

# generated instances moved onto a 30-minute grid (these seeds have only 30-minute multiples), so
# that salle's own solver plays on the LP's grid and must not beat CBC
for ns in "8 1" "10 1" "12 2" "14 1"; do
  set -- $ns
  "$salle" gen --sessions $1 --seed $2 -o "$tmp/g.json"
  sed 's/"grid": 15/"grid": 30/' "$tmp/g.json" >"$tmp/grid30-$1.json"
  run "grid30-$1" "$tmp/grid30-$1.json" yes
done

# --compact: the overlap rows through z variables; the same optimum as the full model
for f in tests/lp/*.json "$tmp/gen12.json" "$tmp/grid30-10.json"; do
  name=$(basename "$f" .json)
  [ -f "$tmp/$name.opt" ] || continue
  args=(); case $name in gen*) args=(--step 30);; esac
  solve_lp "$name-compact" "$f" --compact "${args[@]}" || continue
  if [ "$H/$S" = "$(cat "$tmp/$name.opt")" ]; then ok "$name --compact: the same optimum $H/$S"
  else bad "$name --compact: optimum $H/$S, the full model's $(cat "$tmp/$name.opt")"; fi
done

# salle's own schedule of 60 sessions (on its 15-minute grid, off the LP's step) scored by the LP:
# with every session pinned where salle put it, the LP has one placement per session and its
# optimum is that schedule's cost, which must be salle check's score. Then the same schedule as
# CBC's MIP start (export lp --start, lp-start) must be accepted and CBC may only improve on it.
"$salle" gen --sessions 60 --seed 7 -o "$tmp/g60.json"
"$salle" solve "$tmp/g60.json" -o "$tmp/g60.s.json" --seed 1 --iterations 100000 >/dev/null
python3 - "$tmp/g60.json" "$tmp/g60.s.json" "$tmp/g60pin.json" <<'PY'
import json, sys
inst, sched = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
at = {a["session"]: a for a in sched["assignments"]}
for s in inst["sessions"]:
    s["pinned"] = {"room": at[s["id"]]["room"], "start": at[s["id"]]["start"]}
json.dump(inst, open(sys.argv[3], "w"))
PY
checked "$tmp/g60.json" "$tmp/g60.s.json"
if solve_lp g60pin "$tmp/g60pin.json" --step 60 --compact; then
  if [ "$H/$S" = "$CH/$CS" ]; then ok "g60 pinned: the LP scores salle's schedule $H/$S, as salle check does"
  else bad "g60 pinned: the LP scores salle's schedule $H/$S, salle check says $CH/$CS"; fi
fi
"$salle" export lp "$tmp/g60.json" -o "$tmp/g60.lp" --step 60 --compact --start "$tmp/g60.s.json"
"$salle" lp-start "$tmp/g60.json" "$tmp/g60.s.json" -o "$tmp/g60.start"
timeout 200 cbc "$tmp/g60.lp" mipstart "$tmp/g60.start" sec 20 solve solu "$tmp/g60.sol" >"$tmp/g60.cbc" 2>&1
big=$(sed -n 's/^\\ salle-big //p' "$tmp/g60.lp")
want=$((big * CH + CS))
if grep -q "MIPStart values read for 60 variables" "$tmp/g60.cbc" &&
   ! grep -qi "mipstart values could not be used\|names do not match" "$tmp/g60.cbc"; then
  ok "mip start: CBC took salle's schedule as its start"
else bad "mip start: CBC did not take salle's schedule: $(grep -i mipstart "$tmp/g60.cbc" | tail -2)"; fi
# whatever CBC ends with (from that start, 20 s) reads back and checks at CBC's objective
if out=$("$salle" lp-solution "$tmp/g60.json" "$tmp/g60.sol" -o "$tmp/g60.cbc.json"); then
  H=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\1/p' <<<"$out")
  S=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\2/p' <<<"$out")
  checked "$tmp/g60.json" "$tmp/g60.cbc.json"
  if [ "$CH/$CS" = "$H/$S" ] && [ $((big * H + S)) -le "$want" ]; then
    ok "mip start: CBC's result $H/$S checks the same and is no worse than its start"
  else bad "mip start: CBC's result says $H/$S, check says $CH/$CS, start was $want"; fi
else bad "mip start: lp-solution failed on CBC's result"; fi

# --min-moves: re-plan the optimum of rules.json after bo becomes available on the second day only
if [ -f "$tmp/rules.sched.json" ]; then
  sed 's/{"id": "bo", "available": \[{"day": "2024-05-07"/{"id": "bo", "available": [{"day": "2024-05-08"/' \
    tests/lp/rules.json >"$tmp/rules2.json"
  if solve_lp moves "$tmp/rules2.json" --published "$tmp/rules.sched.json" --min-moves; then
    checked "$tmp/rules2.json" "$tmp/moves.sched.json"
    moved=$("$salle" diff "$tmp/rules.sched.json" "$tmp/moves.sched.json" --instance "$tmp/rules2.json" --json |
            python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["moved"] + d["new"] + d["cancelled"])')
    if [ "$CH" = "$H" ] && [ "$moved" = "$S" ] && [ "$S" -gt 0 ]; then
      ok "min-moves: $S sessions moved, no hard violation beyond $H unplaced"
    else bad "min-moves: CBC says $H unplaced and $S moved; check says hard $CH, diff counts $moved"; fi
  fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
