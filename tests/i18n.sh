#!/usr/bin/env bash
# tests/i18n.sh SALLE: the interface translations (po/) are complete and current (issue 11):
#   - every po/LANG.po passes `msgfmt --check` and has no untranslated and no fuzzy message;
#   - po/salle.pot is what xgettext extracts from the sources now, and every catalog has every
#     one of its messages (msgcmp), so a new interface string without translations fails here;
#   - each catalog's Plural-Forms is the rule src/base/tr.c applies for it;
#   - `salle export site --languages` writes each language's pages in it, refuses a language
#     without a catalog, and leaves nothing behind when it does.
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/i18n.sh path/to/salle}")
cd "$(dirname "$0")/.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-i18n.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail=0
bad() { echo "i18n: FAIL: $*" >&2; fail=1; }

for po in po/*.po; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || bad "$po: msgfmt --check: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) bad "$po is incomplete: $stats" ;;
    *" translated message"*) ;;
    *) bad "$po: unexpected msgfmt output: $stats" ;;
  esac
done

# The template from the sources as they are: po/README.md's own xgettext command (the keywords,
# flags and files it lists), written to now.pot instead, so that the two cannot disagree.
xg=$(awk '/^```sh$/ {f = 1; next} /^```$/ {f = 0} f' po/README.md | sed -n '/^xgettext /,/[^\\]$/p')
case "$xg" in *"-o po/salle.pot"*) ;; *) bad "po/README.md has no xgettext command writing po/salle.pot" ;; esac
eval "${xg/-o po\/salle.pot/-o \"\$WORK/now.pot\"}" 2>/dev/null || bad "po/README.md's xgettext command failed"
ids() { msgcat --no-location --no-wrap --sort-output "$1" | grep -E '^msgid(_plural)? ' | grep -v '^msgid ""$'; }
if ! diff <(ids "$WORK/now.pot") <(ids po/salle.pot) >"$WORK/pot.diff"; then
  bad "po/salle.pot is not what the sources say; regenerate it (po/README.md):"; cat "$WORK/pot.diff" >&2
fi
for po in po/*.po; do
  msgcmp "$po" "$WORK/now.pot" 2>"$WORK/cmp.log" || { bad "$po lacks messages:"; cat "$WORK/cmp.log" >&2; }
done

# Plural rules: tr.c's (n != 1 unless said otherwise here)
declare -A PLURAL=(
  [fr]='nplurals=2; plural=(n > 1);'
  [es]='nplurals=2; plural=(n != 1);'
  [ar]='nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);'
)
for po in po/*.po; do
  l=$(basename "$po" .po)
  want=${PLURAL[$l]:-'nplurals=2; plural=(n != 1);'}
  grep -qF "\"Plural-Forms: $want\\n\"" "$po" || bad "$po: Plural-Forms is not the rule src/base/tr.c applies ($want)"
done

# The site in four languages.
D=tests/spec/data
"$SALLE" export site $D/versions-new.json $D/versions-new-sched.json --languages en,fr,es,ar \
  -o "$WORK/site" 2>"$WORK/err" || { bad "export --languages failed: $(cat "$WORK/err")"; }
for l in en fr es ar; do
  [ -f "$WORK/site/$l/index.html" ] || bad "no $l/index.html"
  grep -q "<html lang=\"$l\"" "$WORK/site/$l/rooms.html" || bad "$l/rooms.html does not say lang=$l"
done
grep -q '<html lang="ar" dir="rtl">' "$WORK/site/ar/index.html" || bad "ar pages are not dir=rtl"
grep -q '<h1>Salles</h1>' "$WORK/site/fr/rooms.html" || bad "fr/rooms.html is not in French"
grep -q '<h1>Salas</h1>' "$WORK/site/es/rooms.html" || bad "es/rooms.html is not in Spanish"
grep -q '<th scope="col">Seats</th>' "$WORK/site/fr/rooms.html" && bad "English left in fr/rooms.html"
[ -f "$WORK/site/lang.js" ] && grep -q 'src="lang.js"' "$WORK/site/index.html" || bad "no language chooser script"
grep -q '<script>' "$WORK/site/index.html" && bad "the chooser has an inline script (the CSP forbids it)"
# each language's calendars have their own words (DESCRIPTION's labels), the same events
for c in all.ics room-plen.ics person-anna.ics; do
  grep -q 'DESCRIPTION:Speakers: ' "$WORK/site/en/ics/$c" || bad "en/ics/$c has no English labels"
  grep -q 'DESCRIPTION:Intervenants : ' "$WORK/site/fr/ics/$c" || bad "fr/ics/$c is not in French"
  grep -q 'DESCRIPTION:Ponentes: ' "$WORK/site/es/ics/$c" || bad "es/ics/$c is not in Spanish"
  grep -q 'DESCRIPTION:المتحدثون: ' "$WORK/site/ar/ics/$c" || bad "ar/ics/$c is not in Arabic"
  for l in fr es ar; do
    grep -q 'Speakers: ' "$WORK/site/$l/ics/$c" && bad "English labels left in $l/ics/$c"
    [ "$(grep -c '^UID:' "$WORK/site/$l/ics/$c")" = "$(grep -c '^UID:' "$WORK/site/en/ics/$c")" ] ||
      bad "$l/ics/$c has other events than en's"
  done
done
s=$(ls "$WORK/site/fr/ics" | grep '^s-' | head -1)
[ -n "$s" ] && grep -q 'Intervenants : ' "$WORK/site/fr/ics/$s" || bad "a session's own calendar (fr/ics/$s) is not in French"

if "$SALLE" export site $D/versions-new.json $D/versions-new-sched.json --languages en,de \
     -o "$WORK/de" 2>"$WORK/err"; then
  bad "--languages en,de succeeded"
fi
grep -q "no interface translation for language 'de'; salle has en, " "$WORK/err" || bad "unclear error for de: $(cat "$WORK/err")"
[ ! -e "$WORK/de" ] || bad "a refused export left $WORK/de"
"$SALLE" export site $D/versions-new.json $D/versions-new-sched.json --languages fr,fr \
     -o "$WORK/ff" 2>"$WORK/err" && bad "--languages fr,fr succeeded"
grep -q "language 'fr' is given twice" "$WORK/err" || bad "unclear error for fr,fr: $(cat "$WORK/err")"
"$SALLE" export csv $D/versions-new.json $D/versions-new-sched.json --languages fr -o "$WORK/x.csv" \
     2>"$WORK/err" && bad "--languages accepted for csv"
grep -q -- "--languages apply to site only" "$WORK/err" || bad "unclear error for csv --languages"

[ $fail = 0 ] && echo "i18n: catalogs complete and current; site written in en, fr, es, ar"
exit $fail
