#!/usr/bin/env bash
# bench/io-callgrind.sh SALLE LABEL: instructions (valgrind --tool=callgrind, whole process)
# for every row of bench/io.sh, as the machine's load does not change them. Not part of the
# test command. SALLE_DATA as in io.sh.
set -euo pipefail
salle=$1; label=$2
root=$(cd "$(dirname "$0")/.." && pwd)
data=${SALLE_DATA:-$root/../shared/data/schedules}
w=$(mktemp -d "${TMPDIR:-/tmp}/salle-cgio.XXXXXX")
cp "$salle" $w/salle; salle=$w/salle
ir() { valgrind --tool=callgrind --callgrind-out-file=$w/cg.out "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p'; }
printf '| %-11s | %-18s | %14s |\n' operation file "Ir $label"
for f in fosdem2025.xml fosdem2013.xml 33c3-schedule.json; do
  inst=$w/${f%%.*}.json; pub=$w/${f%%.*}-pub.json
  n=$(ir $salle import $data/$f -o $inst --schedule $pub)
  printf '| %-11s | %-18s | %14s |\n' import $f $n
  for fmt in frab json ics csv site; do
    out=$w/out.$fmt; [ $fmt = site ] && out=$w/site
    n=$(ir $salle export $fmt $inst $pub -o $out)
    printf '| %-11s | %-18s | %14s |\n' "export $fmt" $f $n
  done
done
rm -rf $w
