#!/usr/bin/env bash
# tests/test_bound.sh SALLE: the lower bound of `salle bound` (src/engine/bound.c, docs/lp.md "A
# lower bound in seconds") is a bound, and binds where the argument says it should.
#
# 1. On three constructed instances the bound equals the optimum CBC proves (so each argument both
#    holds and bites): three hour-long sessions of one track in a two-hour day with a changeover
#    (Turán: one pair must overlap; three rooms, since a room holds one of them a day), and two
#    small sessions with one hour in the small room (one must take the big room: room fit 18),
#    and three small sessions in a morning split by a pinned exclusive plenary in the big room, so
#    the small room's window holds only two of them (its usable segments, 9-10 and 12-13: 18; the
#    whole window would hold all three and prove 0).
# 2. On every hand-written LP instance and small generated ones on a 30-minute grid (the LP's step
#    equals the grid, so CBC's optimum is over the same schedules the bound covers), the bound
#    never exceeds CBC's proven optimum.
# 3. On generated instances of 30 to 100 sessions, the bound never exceeds the checker's score of
#    salle's own schedules (several seeds), and is positive.
# Each time also with the rooms-and-tracks programme (salle bound --lp) solved by CBC (30 s of wall
# time: its proven bound, whether or not it finished) in place of
# the placement and track-room parts, as bench/run does.
# Needs cbc (Debian coinor-cbc) for parts 1 and 2; skips (exit 77) without it. About a minute.
set -uo pipefail
salle=${1:?usage: test_bound.sh SALLE}
command -v cbc >/dev/null || { echo "cbc not installed (apt-get install coinor-cbc); skipping"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# bound INSTANCE: sets BH BS, and BM: BS with the rooms-and-tracks programme (--lp) solved by
# CBC in its place, as bench/run combines them
bound() {
  local out
  out=$("$salle" bound "$1" --lp "$tmp/bound.lp") || { BH=; BS=; BM=; return 1; }
  BH=$(sed -n 's/^lower bound: hard \([0-9]*\), soft \([0-9]*\)$/\1/p' <<<"$out")
  BS=$(sed -n 's/^lower bound: hard \([0-9]*\), soft \([0-9]*\)$/\2/p' <<<"$out")
  BM=$BS
  local off part
  off=$(sed -n 's/.* minus \([0-9]*\) may replace .* (\([0-9]*\))$/\1/p' <<<"$out")
  part=$(sed -n 's/.* minus \([0-9]*\) may replace .* (\([0-9]*\))$/\2/p' <<<"$out")
  [ -n "$off" ] || return 0
  timeout 120 cbc "$tmp/bound.lp" timeMode elapsed sec 30 solve solu "$tmp/bound.sol" >"$tmp/bound.cbc" 2>&1
  local lb
  lb=$(sed -n 's/^Lower bound: *\([-0-9.e+]*\)$/\1/p' "$tmp/bound.cbc")
  # without binaries CBC solves an LP and prints no "Lower bound": its optimum is the bound
  head -1 "$tmp/bound.sol" 2>/dev/null | grep -q '^Optimal' && [ -z "$lb" ] &&
    lb=$(head -1 "$tmp/bound.sol" | sed -n 's/^Optimal - objective value *\([-0-9.e+]*\)$/\1/p')
  [ -n "$lb" ] || { bad "$1: CBC gave no bound of the rooms-and-tracks programme"; return 0; }
  BM=$(python3 -c 'import math,sys; lb,off,part,bs=float(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]); v=math.ceil(lb-1e-6*(1+abs(lb)))-off; print(bs-part+max(part,v))' "$lb" "$off" "$part" "$BS")
}

# optimum NAME INSTANCE: CBC's proven optimum split into H S (returns 1 when not proven)
optimum() {
  "$salle" export lp "$2" -o "$tmp/$1.lp" || return 1
  timeout 120 cbc "$tmp/$1.lp" sec 60 solve solu "$tmp/$1.sol" >/dev/null 2>&1
  head -1 "$tmp/$1.sol" 2>/dev/null | grep -q '^Optimal' || return 1
  local out
  out=$("$salle" lp-solution "$2" "$tmp/$1.sol" -o "$tmp/$1.sched.json") || return 1
  H=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\1/p' <<<"$out")
  S=$(sed -n 's/^objective: hard \([0-9-]*\), soft \([0-9-]*\)$/\2/p' <<<"$out")
}

for case in "turan 60" "rooms 18" "segments 18"; do
  set -- $case
  bound "tests/bound/$1.json"
  if ! optimum "$1" "tests/bound/$1.json"; then bad "$1: CBC did not prove an optimum"; continue; fi
  if [ "$BH/$BS/$BM" = "0/$2/$2" ] && [ "$H/$S" = "0/$2" ]; then ok "$1: bound $BH/$BS (with the programme $BM) equals CBC's optimum $H/$S"
  else bad "$1: bound $BH/$BS (with the programme $BM), CBC's optimum $H/$S, expected all 0/$2"; fi
done

valid() { # NAME INSTANCE
  bound "$2"
  if [ -z "$BS" ]; then bad "$1: salle bound failed"; return; fi
  if ! optimum "$1" "$2"; then echo "     $1: CBC did not prove an optimum in 60 s; not compared"; return; fi
  if [ "$BH" -gt "$H" ]; then bad "$1: bound says hard >= $BH, CBC's optimum has hard $H"
  elif [ "$H" -eq 0 ] && [ "$BM" -gt "$S" ]; then bad "$1: bound soft $BS ($BM with the programme) above CBC's optimum $S"
  else ok "$1: bound $BH/$BS ($BM with the programme) <= CBC's optimum $H/$S"; fi
}
for f in tests/lp/*.json; do valid "$(basename "$f" .json)" "$f"; done
for ns in "8 1" "10 1" "12 2" "14 1"; do
  set -- $ns
  "$salle" gen --sessions $1 --seed $2 -o "$tmp/g.json"
  sed 's/"grid": 15/"grid": 30/' "$tmp/g.json" >"$tmp/grid30-$1.json"
  valid "grid30-$1" "$tmp/grid30-$1.json"
done

for n in 30 60 100; do
  "$salle" gen --sessions $n --seed 3 -o "$tmp/gen$n.json"
  bound "$tmp/gen$n.json"
  if [ -z "$BS" ] || [ "$BH" != 0 ] || [ "$BS" -le 0 ]; then bad "gen $n: bound $BH/$BS, expected 0/positive"; continue; fi
  for seed in 1 2 3; do
    "$salle" solve "$tmp/gen$n.json" -o "$tmp/s.json" --seed $seed --iterations 200000 >/dev/null
    out=$("$salle" bound "$tmp/gen$n.json" "$tmp/s.json")
    sh=$(sed -n 's/^schedule: hard \([0-9]*\), soft \([0-9]*\)$/\1/p' <<<"$out")
    ss=$(sed -n 's/^schedule: hard \([0-9]*\), soft \([0-9]*\)$/\2/p' <<<"$out")
    chk=$("$salle" check "$tmp/gen$n.json" "$tmp/s.json" --quiet | sed -n 's/^soft total: //p')
    if [ "$sh" != 0 ]; then echo "     gen $n seed $seed: the schedule has $sh hard violations; not compared"
    elif [ "$ss" = "$chk" ] && [ "$BS" -le "$BM" ] && [ "$BM" -le "$ss" ]; then ok "gen $n seed $seed: bound $BS, $BM with the programme, <= salle's $ss (check: $chk)"
    else bad "gen $n seed $seed: bound $BS ($BM with the programme), salle's schedule $ss, check says $chk"; fi
  done
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
