#!/usr/bin/env bash
# scripts/test.sh: the test command. Installs what is missing, builds with warnings as errors and
# runs every test (unit, spec, property, schema, import/export round trips, browser); builds again
# under AddressSanitizer + UndefinedBehaviorSanitizer and runs every test again; then builds the
# libFuzzer targets, replays saved crashes and fuzzes each parser for a fixed number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
make test
make asan
bash fuzz/build.sh "${FUZZ_RUNS:-2000}"
echo "all test suites passed (optimised build, ASan+UBSan build, fuzzing)"
