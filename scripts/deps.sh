#!/usr/bin/env bash
# scripts/deps.sh [run|test]: installs the Debian packages salle needs: to build and run it (run),
# or also to run every test (test, the default). Skips apt-get when everything is already there,
# so repeated runs are fast.
set -euo pipefail
mode=${1:-test}
PKGS=(
  build-essential cmake pkg-config   # compiler and build
  libjansson-dev                     # JSON tree and output (docs/format.md)
  libyajl-dev                        # JSON event parser: positions for every error
  libxml2-dev libcsv-dev             # importing frab schedule.xml and CSV programmes; frab export
  libical-dev                        # iCalendar export
  libcmark-dev                       # Markdown abstracts (pretalx), rendered in safe mode
  libcmocka-dev                      # unit tests (the build compiles them too)
  tzdata                             # IANA time zones for events and remote speakers
  libmicrohttpd-dev libsqlite3-dev   # salle serve: HTTP server and its store
  libpq-dev                          # salle serve --db postgresql://...: the shared store
  libsodium-dev libcurl4-openssl-dev # salle serve: sign-in tokens; the outbox over SMTP
  curl                               # scripts/run-example.sh talks to the server's API
  gettext                            # msgfmt compiles the interface translations (po/)
)
if [ "$mode" = test ]; then
  PKGS+=(
    libxml2-utils                    # xmllint: exports validate against the c3voc XSD
    python3 python3-jsonschema       # validating files against the JSON Schemas
    clang libclang-rt-14-dev         # libFuzzer targets (fuzz/build.sh)
    chromium                         # browser tests of the static site (tests/browser/)
    coinor-cbc                       # cbc: solves the exact reference LP (tests/test_lp.sh)
    sqlite3 python3-aiosmtpd wrk     # server tests: the store, an SMTP sink, bench/serve.sh
    postgresql                       # the server tests' PostgreSQL 15 runs (*_pg, tests/server/pgtmp.py)
    nginx openssl                    # tests/server/test_tls.py: docs/deploy.md's nginx config over HTTPS
    python3-openpyxl                 # CoSPLib workbooks (bench/cosplib, tests/cosplib.sh)
  )
  # node and npm run the browser tests. A node from elsewhere (nodesource, nvm) bundles its own
  # npm and conflicts with Debian's npm package, so Debian's are only installed when none is there.
  command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
  command -v npm >/dev/null 2>&1 || PKGS+=(npm)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
