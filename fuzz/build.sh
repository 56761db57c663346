#!/usr/bin/env bash
# fuzz/build.sh: builds the libFuzzer targets for the native parser (fuzz/fuzz_instance.c), the
# schedule reader with the exports behind it (fuzz/fuzz_schedule.c) and the importers
# (fuzz/fuzz_import.c, built once per importer; the CSV one is also seeded with files that are not
# UTF-8, as Excel on Windows saves them) with clang,
# fuzz/build.sh: builds the libFuzzer targets for the native parser (fuzz/fuzz_instance.c) and the
# importers (fuzz/fuzz_import.c, built once per importer) and the interest ballots
# (fuzz/fuzz_ballots.c) and the server's request parsing (fuzz/fuzz_request.c: raw HTTP requests
# through libmicrohttpd, forms, multipart uploads, JSON bodies, cookies and headers) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, replays every saved crash in fuzz/regressions/,
# then runs each target for a fixed number of inputs seeded from the real schedules in
# ../shared/data/schedules and the small seeds in fuzz/seeds/. A new crash is saved in
# fuzz/regressions/<target>/ (commit it with the fix) and fails the run.
# Usage: fuzz/build.sh [RUNS]   (default 2000; FUZZ_OUT sets the build folder, default build/fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-${FUZZ_RUNS:-2000}}
DATA=${SALLE_DATA:-../shared/data/schedules}
OUT=${FUZZ_OUT:-build/fuzz}
CC=${CC:-clang}
mkdir -p "$OUT/obj"

pkgs="jansson yajl libxml-2.0 libcmark libmicrohttpd sqlite3 libsodium libcurl libpq"
pkg-config --exists libical 2>/dev/null && pkgs="$pkgs libical"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Iinclude -Isrc $(pkg-config --cflags $pkgs)"
LIBS="$(pkg-config --libs $pkgs) -lcsv -lm"

# The library goes into an archive so that each target links only what it uses.
rm -f "$OUT/libsalle_fuzz.a" "$OUT"/obj/*.o "$OUT"/obj/*.log
compile() { # SRC
    # folder and name: src/model/interest.c and src/server/interest.c are two objects
    local src=$1 obj
    obj="$OUT/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o"
    if ! $CC $CFLAGS -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$obj" 2>"$obj.log"; then
        echo "fuzz: skipping $src, which does not compile:" >&2
        head -3 "$obj.log" >&2
    fi
}
# JOBS at a time (default: the cores), the objects and then the targets: each target's runs are
# its own process with its own -seed, so running two at once changes none of them
JOBS=${JOBS:-$(nproc)}
export -f compile
export CC CFLAGS OUT
printf '%s\n' src/*/*.c | xargs -P "$JOBS" -I{} bash -c 'compile "$1"' _ {}
# the interface's catalogs, compiled and embedded as the CMake build does (CMakeLists.txt): the
# exports' own words (a calendar's labels, link kinds) are looked up in them, so a target that
# reaches an export needs them to link
mkdir -p "$OUT/locale"
langs=""
for po in po/*.po; do
    lang=$(basename "$po" .po)
    msgfmt --check -o "$OUT/locale/$lang.mo" "$po"
    langs="${langs:+$langs;}$lang"
done
cmake -DOUT="$OUT/obj/salle_catalogs.c" -DMODIR="$OUT/locale" "-DLANGS=$langs" -P scripts/embed_catalogs.cmake
compile "$OUT/obj/salle_catalogs.c"
ar rcs "$OUT/libsalle_fuzz.a" "$OUT"/obj/*.o

fuzz_one() { # TARGET: builds it, replays its regressions, fuzzes it; non-zero on any failure
    local target=$1 name src def regress corpus pat p f runs
    name="fuzz_import_$target"
    case $target in
        instance|schedule|ballots|request) name=fuzz_$target src=fuzz/fuzz_$target.c def="" ;;
        *) src=fuzz/fuzz_import.c def="-DIMPORT_FN=salle__import_${target}_mem" ;;
    esac
    # (in a function called in a condition, set -e does not stop it: each step says so itself)
    $CC $CFLAGS $def -fsanitize=fuzzer,address,undefined "$src" "$OUT/libsalle_fuzz.a" $LIBS -o "$OUT/$name" ||
        { echo "fuzz: $name does not build" >&2; return 1; }
    regress="fuzz/regressions/$name"
    mkdir -p "$regress"
    # 1. every crash found before must stay fixed
    if compgen -G "$regress/*" >/dev/null; then
        if ! "$OUT/$name" "$regress"/* >"$OUT/$name.replay.log" 2>&1; then
            echo "fuzz: $name: a saved regression fails again; see $OUT/$name.replay.log" >&2
            return 1
        fi
    fi
    # 2. a fixed number of new inputs, from the real files and the small seeds
    corpus=$(mktemp -d)
    case $target in
        frab) pat='*.xml *.xcal' ;;
        json) pat='*.json' ;;
        csv) pat='*' ;;
        instance) pat='' ;; # seeded from fuzz/seeds/instance: native files, valid and broken
        schedule) pat='' ;; # fuzz/seeds/schedule: schedules of the target's own instance
        ballots) pat='' ;;  # seeded from fuzz/seeds/ballots: JSON and CSV ballots
        request) pat='' ;;  # fuzz/seeds/request: raw HTTP requests (forms, multipart, JSON, cookies)
    esac
    for p in $pat; do
        for f in "$DATA"/$p; do [ -f "$f" ] && cp "$f" "$corpus/"; done
    done
    cp fuzz/seeds/$target/* "$corpus/" 2>/dev/null || true
    runs=$RUNS
    # each request goes through libmicrohttpd over a socket pair: a few per second, not thousands
    [ "$target" = request ] && runs=$(( (RUNS + 3) / 4 ))
    if "$OUT/$name" -runs="$runs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 -seed=1 \
        -artifact_prefix="$regress/" "$corpus" >"$OUT/$name.log" 2>&1; then
        echo "fuzz: $name: $runs runs, no crash"
    else
        echo "fuzz: $name: FAILED; the input is saved in $regress/ and the log is $OUT/$name.log" >&2
        tail -30 "$OUT/$name.log" >&2
        rm -rf "$corpus"
        return 1
    fi
    rm -rf "$corpus"
}

TARGETS="instance schedule frab json csv ballots request"
for target in $TARGETS; do
    rm -f "$OUT/$target.status"
    { if fuzz_one "$target"; then echo 0 >"$OUT/$target.status"; else echo 1 >"$OUT/$target.status"; fi; } &
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
done
wait
status=0
for target in $TARGETS; do
    [ "$(cat "$OUT/$target.status" 2>/dev/null)" = 0 ] || status=1
done
exit $status
