#!/usr/bin/env bash
# tests/layers.sh: the library's layers (src/README.md) only ever include downwards.
# base < model < {engine, formats} < site < server; engine and formats do not include each other;
# cli/ uses the public API (include/salle/) alone.
set -euo pipefail
cd "$(dirname "$0")/.."
rank() {
    case $1 in base) echo 0 ;; model) echo 1 ;; engine|formats) echo 2 ;; site) echo 3 ;;
        server) echo 4 ;; *) echo 99 ;; esac
}
bad=0
for f in src/*/*.c src/*/*.h; do
    layer=$(basename "$(dirname "$f")")
    r=$(rank "$layer")
    while IFS= read -r inc; do
        dep=${inc%%/*}
        [ "$dep" = "$layer" ] && continue
        [ "$dep" = salle ] && continue   # the public API, include/salle/
        d=$(rank "$dep")
        if [ "$d" -ge "$r" ]; then
            echo "$f includes \"$inc\": $layer may not include $dep (a layer includes only lower ones)"
            bad=1
        fi
    done < <(sed -n -E 's/^#include "([a-z_]+\/[a-z_]+\.h)".*/\1/p' "$f")
    if grep -qE '^#include "[a-z_]+\.h"' "$f"; then
        echo "$f: include other layers' headers by folder (\"base/internal.h\"), its own too"
        bad=1
    fi
done
for f in cli/*.c cli/*.h; do
    if grep -nE '^#include "(base|model|engine|formats|site|server)/' "$f"; then
        echo "$f: the command uses the public API (include/salle/) only"
        bad=1
    fi
done
[ "$bad" -ne 0 ] && exit 1
echo "layers: every include goes downwards"
