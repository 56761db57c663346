#!/usr/bin/env bash
# scripts/run-example.sh: installs what is missing, builds, and solves the bundled IGF 2018-scale
# example, then checks the result with the independent checker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh run
make >/dev/null
mkdir -p out
build/salle solve examples/igf2018.json -o out/igf2018-schedule.json --seed 1
echo
build/salle check --quiet examples/igf2018.json out/igf2018-schedule.json
echo
echo "results: out/igf2018-schedule.json (every violation in words: build/salle check examples/igf2018.json out/igf2018-schedule.json)"
