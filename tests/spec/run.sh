#!/usr/bin/env bash
# tests/spec/run.sh SALLE: runs the command-line spec, tests/spec/*.t.
#
# A .t file holds cases. A case starts with a line "$ COMMAND" (bash, run from the repository
# root, where `salle` is the binary under test and $TMP a fresh empty folder), followed by the
# expected output lines, each written as "> LINE" (stdout and stderr together, in order), and an
# optional "? N" with the expected exit status (default 0). Lines starting with "#" are comments.
set -u
SALLE_BIN=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
pass=0 failn=0

run_case() { # file, line, command, expected output, expected status
    local file=$1 line=$2 cmd=$3 want=$4 want_rc=$5 tmp got rc
    tmp=$(mktemp -d)
    got=$(cd "$here/../.." && TMP=$tmp SALLE_BIN=$SALLE_BIN bash -c "salle() { \"\$SALLE_BIN\" \"\$@\"; }; $cmd" 2>&1 </dev/null)
    rc=$?
    rm -rf "$tmp"
    if [ "$got" == "$want" ] && [ "$rc" == "$want_rc" ]; then
        pass=$((pass + 1))
    else
        failn=$((failn + 1))
        echo "FAIL $file:$line: \$ $cmd"
        echo "  expected status $want_rc, got $rc"
        diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /'
    fi
}

for f in "$here"/*.t; do
    cmd="" want="" want_rc=0 start=0 n=0 have_out=0
    while IFS= read -r l || [ -n "$l" ]; do
        n=$((n + 1))
        case "$l" in
        '$ '*)
            [ -n "$cmd" ] && run_case "$(basename "$f")" "$start" "$cmd" "$want" "$want_rc"
            cmd=${l#\$ } want="" want_rc=0 start=$n have_out=0 ;;
        '>'*)
            l=${l#>}; l=${l# }
            if [ $have_out = 1 ]; then want+=$'\n'"$l"; else want=$l; have_out=1; fi ;;
        '? '*) want_rc=${l#? } ;;
        *) ;;
        esac
    done < "$f"
    [ -n "$cmd" ] && run_case "$(basename "$f")" "$start" "$cmd" "$want" "$want_rc"
done
echo "spec: $pass passed, $failn failed"
[ $failn = 0 ]
