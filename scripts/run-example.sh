#!/usr/bin/env bash
# scripts/run-example.sh: the newcomer's whole flow at once. Installs what is missing, builds,
# imports the bundled IGF 2018-scale example into a fresh database, solves it, checks the result
# with the independent checker, publishes version 1, and keeps `salle serve` running, printing
# the public programme's address, the admin's sign-in link and one organizer's. Ctrl-C stops it.
# PORT=8081 bash scripts/run-example.sh if 8080 is taken.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh run
make >/dev/null
PORT=${PORT:-8080}
DIR=out/example
rm -rf "$DIR"
mkdir -p "$DIR"
DB=$DIR/igf2018.sqlite
build/salle serve --db "$DB" --public "$DIR/public" --listen "127.0.0.1:$PORT" \
    --import examples/igf2018.json >"$DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 100); do
    grep -q "listening on" "$DIR/serve.log" && break
    kill -0 $SERVER 2>/dev/null || { cat "$DIR/serve.log"; exit 1; }
    sleep 0.1
done
URL=http://127.0.0.1:$PORT
AUTH="Authorization: Bearer $(build/salle admin-token --db "$DB")"
echo "imported examples/igf2018.json into $DB; solving (a background job)..."
job=$(curl -sf -X POST -H "$AUTH" -d '{"seed": 1}' "$URL/api/v1/solve" | sed -n 's/.*"job": \([0-9]*\).*/\1/p')
for _ in $(seq 600); do
    state=$(curl -sf -H "$AUTH" "$URL/api/v1/jobs/$job" | sed -n 's/.*"state": "\([a-z]*\)".*/\1/p')
    [ "$state" = done ] || [ "$state" = failed ] && break
    sleep 0.5
done
[ "$state" = done ] || { echo "the solve job did not finish: $state"; exit 1; }
curl -sf -X POST -H "$AUTH" -d '{"note": "First programme"}' "$URL/api/v1/publish" >/dev/null
build/salle check --quiet examples/igf2018.json "$DIR/public/salle-schedule.json"
organizer=$(sed -n 's/.*"organizers": \["\([^"]*\)".*/\1/p' examples/igf2018.json | head -1)
echo
echo "published version 1; salle serve is running (Ctrl-C stops it)"
echo "  public programme:  $URL/"
echo "  admin sign-in:     $(build/salle admin-link --db "$DB")"
echo "  organizer $organizer: $(build/salle organizer-link --db "$DB" --person "$organizer")"
echo "  API (docs/api.md): curl -H \"$AUTH\" $URL/api/v1/draft"
wait $SERVER
