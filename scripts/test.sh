#!/usr/bin/env bash
# scripts/test.sh: the test command. Installs what is missing, builds with warnings as errors,
# runs every test, then builds again under AddressSanitizer + UndefinedBehaviorSanitizer and runs
# every test again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
make test
make asan
echo "all test suites passed (optimised and ASan+UBSan builds)"
