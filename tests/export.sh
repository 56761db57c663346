#!/usr/bin/env bash
# tests/export.sh SALLE: the exporters against the formats' own validators, on the bundled example
# (solved) and on every real published schedule in ../shared/data/schedules (imported):
#   frab  -> xmllint --schema schedule.xml.xsd
#   json  -> jsonschema against the c3voc schema.json
#   ics   -> balanced BEGIN/END, one VEVENT per placed session, each with UID, DTSTART, DTEND,
#            and no two with the same UID (calendars drop one of them)
#   csv   -> header plus one row per placed session (Python's csv module reads it back), and
#            salle import reads it back with every event kept (start, duration, room, persons)
# and the round trip import -> export frab -> import again keeps every event's start, duration,
# room, persons and track, and what the publisher wrote that salle only carries (issue 8):
# recording opt-out, subtitle, description, links and attachments. Every event guid is unique
# in every frab (the XSD's guid_unique) and JSON export. The fixtures in tests/fixtures go
# through the same checks as the real files. Nothing is skipped: a failing import is a failed
# check.
# Prints "N passed, N failed"; exit status 1 when anything failed.
set -uo pipefail
SALLE=$(realpath "$1")
cd "$(dirname "$0")/.."
DATA=../shared/data
XSD=$DATA/schemas/schedule.xml.xsd
SCHEMA=$DATA/schemas/schema.json
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failn=0

ok() { pass=$((pass + 1)); }
bad() { failn=$((failn + 1)); echo "FAIL $*"; }

# check NAME COMMAND...: runs the command quietly; on failure shows its output.
check() {
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then ok; else bad "$name"; printf '%s\n' "$out" | head -20 | sed 's/^/  /'; fi
}

validate_json() { # FILE
    $PY - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())
errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errs[:10]:
    print("/".join(map(str, e.absolute_path)), e.message[:300])
guids = [ev["guid"] for day in doc["schedule"]["conference"]["days"]
         for evs in day["rooms"].values() for ev in evs]
dups = sorted({g for g in guids if guids.count(g) > 1})
for g in dups[:10]:
    print("event guid", g, "occurs", guids.count(g), "times")
sys.exit(1 if errs or dups else 0)
PY
}

# The <day>s of a frab export follow each other: a session after midnight stays on its
# conference day, so no day ends after the next one begins (issue 8).
check_days() { # FILE
    $PY - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
from datetime import datetime
days = ET.parse(sys.argv[1]).getroot().findall("day")
for a, b in zip(days, days[1:]):
    end, start = datetime.fromisoformat(a.get("end")), datetime.fromisoformat(b.get("start"))
    assert end <= start, f"day {a.get('index')} ends {a.get('end')}, after day {b.get('index')} begins {b.get('start')}"
for d in days:
    for ev in d.iter("event"):
        t = datetime.fromisoformat(ev.find("date").text)
        assert datetime.fromisoformat(d.get("start")) <= t < datetime.fromisoformat(d.get("end")), \
            f"event {ev.get('id')} at {t} lies outside its day {d.get('index')}"
PY
}

# Every event of the source keeps its conference day: it sits in the frab export's <day> of the
# date that the source lists it under (matched by guid; frab XML or c3voc JSON source). A day
# whose own start lies on another local date is labelled by its UTC date (DebConf's), and an
# event more than 36 hours after its day's midnight is no night: those are not compared.
check_source_days() { # SOURCE EXPORT
    $PY - "$1" "$2" <<'PY'
import json, sys, xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo
zone = None
def local(s):
    t = datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    if zone and t.tzinfo: t = t.astimezone(zone)
    return t.replace(tzinfo=None)
def night_or_day(listed, start, day_start=None):
    if not listed: return False
    try:
        if day_start and local(day_start).date().isoformat() != listed: return False
        if not start: return True
        return (local(start) - datetime.fromisoformat(listed)).total_seconds() < 36 * 3600
    except ValueError:
        return True
def frab_days(path, source):
    global zone
    root = ET.parse(path).getroot()
    tz = (root.findtext("conference/time_zone_name") or "").strip()
    if source and tz:
        try: zone = ZoneInfo(tz)
        except Exception: zone = None
    out = {}
    for d in root.iter("day"):
        for ev in d.iter("event"):
            g = ev.get("guid") or (ev.findtext("guid") or "").strip()
            if g and (not source or night_or_day(d.get("date"), ev.findtext("date"), d.get("start"))):
                out.setdefault(g, d.get("date"))
    return out
src = sys.argv[1]
if src.endswith(".json"):
    doc = json.load(open(src))
    sched = doc.get("schedule", doc)
    tz = sched["conference"].get("time_zone_name")
    try: zone = ZoneInfo(tz) if tz else None
    except Exception: zone = None
    want = {}
    for d in sched["conference"]["days"]:
        for evs in d.get("rooms", {}).values():
            for ev in evs:
                if isinstance(ev, dict) and ev.get("guid") and night_or_day(d.get("date"), ev.get("date"), d.get("day_start")):
                    want.setdefault(ev["guid"], d.get("date"))
else:
    want = frab_days(src, True)
got = frab_days(sys.argv[2], False)
bad = [(g, want[g], got[g]) for g in want if g in got and want[g] and got[g] != want[g]]
for b in bad[:5]: print("event %s: listed under %s, exported under %s" % b)
assert not bad, f"{len(bad)} events moved to another day"
PY
}

check_ics() { # FILE SCHEDULE
    $PY - "$1" "$2" <<'PY'
import json, sys
text = open(sys.argv[1], newline="").read()
sched = json.load(open(sys.argv[2]))
placed = len(sched["assignments"]) + len(sched.get("talks", []))  # a talk is an event too
lines = text.split("\r\n")
assert lines[-1] == "", "the calendar must end with CRLF"
stack, events, bad, uids = [], 0, [], []
for i, l in enumerate(lines[:-1]):
    assert "\n" not in l and "\r" not in l, f"line {i+1}: bare LF or CR"
    if l.startswith("BEGIN:"):
        stack.append(l[6:])
        if l == "BEGIN:VEVENT": cur = set()
    elif l.startswith("END:"):
        assert stack and stack[-1] == l[4:], f"line {i+1}: {l} closes {stack[-1:]}"
        stack.pop()
        if l == "END:VEVENT":
            events += 1
            miss = {"UID", "DTSTART", "DTEND", "DTSTAMP", "SUMMARY"} - cur
            assert not miss, f"line {i+1}: VEVENT without {miss}"
    elif stack and stack[-1] == "VEVENT" and not l.startswith(" "):
        cur.add(l.split(":")[0].split(";")[0])
        if l.startswith("UID:"):
            uid = l[4:]
            j = i + 1
            while lines[j].startswith(" "): uid += lines[j][1:]; j += 1
            uids.append(uid)
assert not stack, f"unclosed {stack}"
assert events == placed, f"{events} VEVENTs for {placed} placed sessions and talks"
dups = sorted({u for u in uids if uids.count(u) > 1})
assert not dups, f"{len(dups)} UIDs occur more than once, e.g. {dups[:3]}"
PY
}

check_csv() { # FILE SCHEDULE
    $PY - "$1" "$2" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
placed = len(json.load(open(sys.argv[2]))["assignments"])
head = ("id,title,format,track,day,start,end,duration,room,speakers,organizers,attendance,needs,"
        "abstract,language,url,guid,tags,capacity,pinned,available,resources,after,not_with,remote,"
        "organizer_emails,timezone,event,days,remote_link,remote_note,document,report,transcript,"
        "recording").split(",")
assert rows[0] == head, rows[0]
assert len(rows) - 1 == placed, f"{len(rows) - 1} rows for {placed} placed sessions"
assert all(len(r) == len(head) for r in rows), f"a row without {len(head)} fields"
PY
}

# Compares what two instance+schedule pairs say about each placed event: start, duration, room
# name, person names, first track (frab holds one), and the guid when the first pair gives one.
# Events are matched by title, start and room (a moved event shows as lost and appeared).
# With --csv first, what the CSV layout holds instead of frab's round-trip keys: the typed link
# columns, the first link of each of salle's five types with its address (a relative one comes
# back resolved against the event's url); subtitle, description, the recording opt-out and link
# titles have no CSV column.
compare() { # [--csv] INST1 SCHED1 INST2 SCHED2
    $PY - "$@" <<'PY'
import json, re, sys
csv_mode = sys.argv[1] == "--csv"
if csv_mode: del sys.argv[1]
TYPES = ("remote", "document", "report", "transcript", "recording")
from collections import Counter
def dur(d):
    if isinstance(d, int): return d
    m = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m?)?", d)
    if m and (m.group(1) or m.group(2)): return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    h, mi = d.split(":"); return int(h) * 60 + int(mi)
def load(ip, sp):
    inst, sched = json.load(open(ip)), json.load(open(sp))
    rooms = {r["id"]: r.get("name", r["id"]) for r in inst["rooms"]}
    people = {p["id"]: p.get("name", p["id"]) for p in inst.get("people", [])}
    sess = {s["id"]: s for s in inst["sessions"]}
    out, seen = {}, Counter()
    for a in sched["assignments"]:
        s = sess[a["session"]]
        names = sorted(people[p] for p in set(s.get("speakers", []) + s.get("organizers", [])))
        key = (s.get("title", s["id"]), a["start"], rooms[a["room"]])
        seen[key] += 1
        links = sorted((l.get("type") or "", l["url"], l.get("title") or "", l.get("attachment", False))
                       for l in s.get("links", []))
        if csv_mode:
            first = {}
            for l in s.get("links", []):
                if l.get("type") in TYPES and re.match(r"(?i)https?://|/|[^:]*$", l["url"]):
                    first.setdefault(l["type"], l["url"])
            out[key + (seen[key],)] = dict(duration=dur(s["duration"]), persons=names,
                                           track=(s.get("tracks") or [None])[0],
                                           guid=s.get("guid"), links=sorted(first.items()))
            continue
        out[key + (seen[key],)] = dict(duration=dur(s["duration"]), persons=names,
                                       track=(s.get("tracks") or [None])[0], guid=s.get("guid"),
                                       do_not_record=s.get("do_not_record", False),
                                       subtitle=s.get("subtitle"), description=s.get("description"),
                                       links=links)
    return out
a, b = load(sys.argv[1], sys.argv[2]), load(sys.argv[3], sys.argv[4])
errs = []
for k in sorted(set(a) | set(b), key=str):
    what = f"{k[0]!r} {k[1]} in {k[2]!r}"
    if k not in b: errs.append(f"lost in the round trip: {what}")
    elif k not in a: errs.append(f"appeared in the round trip: {what}")
    else:
        if a[k]["guid"] is None: b[k]["guid"] = None
        if csv_mode and len(a[k]["links"]) == len(b[k]["links"]) and all(
                ta == tb and (ua == ub or (not re.match(r"(?i)https?://", ua) and ub.endswith(ua)))
                for (ta, ua), (tb, ub) in zip(a[k]["links"], b[k]["links"])):
            b[k]["links"] = a[k]["links"] # the same links, a relative address resolved
        if a[k] != b[k]:
            errs.append(f"{what}: " + str({f: (a[k][f], b[k][f]) for f in a[k] if a[k][f] != b[k][f]}))
for e in errs[:10]: print(e)
if errs: print(f"{len(errs)} differences over {len(a)} events"); sys.exit(1)
PY
}

# export_all NAME INSTANCE SCHEDULE: every format, each validated.
export_all() {
    local n=$1 inst=$2 sched=$3 d=$tmp/$1
    check "$n: export frab" "$SALLE" export frab "$inst" "$sched" -o "$d.xml" &&
        check "$n: frab valid against the XSD" xmllint --noout --schema "$XSD" "$d.xml" &&
        check "$n: frab days do not overlap" check_days "$d.xml"
    check "$n: export json" "$SALLE" export json "$inst" "$sched" -o "$d.c3voc.json" &&
        check "$n: json valid against schema.json" validate_json "$d.c3voc.json"
    check "$n: export ics" "$SALLE" export ics "$inst" "$sched" -o "$d.ics" &&
        check "$n: ics well formed" check_ics "$d.ics" "$sched"
    check "$n: export csv" "$SALLE" export csv "$inst" "$sched" -o "$d.csv" &&
        check "$n: csv reads back" check_csv "$d.csv" "$sched" &&
        check "$n: import of our csv export" "$SALLE" import "$d.csv" -o "$d.csv.inst.json" \
            --schedule "$d.csv.sched.json" &&
        check "$n: csv round trip keeps every event" compare --csv "$inst" "$sched" "$d.csv.inst.json" "$d.csv.sched.json"
}

# The bundled example, solved.
ex=examples/igf2018.json
if [ -f "$ex" ]; then
    "$SALLE" solve "$ex" -o "$tmp/igf2018.sched.json" --time-limit 3 >/dev/null
    rc=$?
    if [ $rc -le 1 ] && [ -f "$tmp/igf2018.sched.json" ]; then
        ok
        export_all igf2018 "$ex" "$tmp/igf2018.sched.json"
    else
        bad "igf2018: salle solve exited $rc"
    fi
else
    bad "$ex is missing"
fi

# check_talks INSTANCE SCHEDULE FRAB JSON ICS: every placed talk is an event of its own in each
# export (issue 12.6), with the talk's own start and length (not its block's), its room, its
# track's name, its presenters and type "talk"; its guid is the same in all three.
check_talks() {
    $PY - "$@" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
from datetime import datetime
inst, sched = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rooms = {r["id"]: r.get("name", r["id"]) for r in inst["rooms"]}
people = {p["id"]: p.get("name", p["id"]) for p in inst["people"]}
tracks = {t["id"]: t.get("name", t["id"]) for t in inst["talk_tracks"]}
talks = {t["id"]: t for t in inst["talks"]}
want = {}
for p in sched["talks"]:
    t = talks[p["talk"]]
    st, en = datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"])
    want[t.get("title", t["id"])] = dict(start=st.strftime("%Y-%m-%dT%H:%M"),
        minutes=int((en - st).total_seconds() // 60), room=rooms[p["room"]],
        track=tracks[t["track"]], persons=sorted(people[q] for q in t.get("presenters", [])),
        abstract=t.get("abstract", ""))
assert len(want) == len(inst["talks"]) >= 5, "the test instance has every talk placed"
def hm(s): h, m = s.split(":"); return int(h) * 60 + int(m)
got, guids = {}, {}
for d in ET.parse(sys.argv[3]).getroot().iter("day"):
    for r in d.iter("room"):
        for ev in r.iter("event"):
            if ev.findtext("type") != "talk": continue
            title = ev.findtext("title")
            assert title not in got, f"frab: talk {title!r} twice"
            got[title] = dict(start=ev.findtext("date")[:16], minutes=hm(ev.findtext("duration")),
                room=r.get("name"), track=ev.findtext("track"),
                persons=sorted(p.text for p in ev.find("persons")), abstract=ev.findtext("abstract") or "")
            guids[title] = ev.get("guid")
assert got == want, f"frab talks differ: {got} != {want}"
got = {}
for d in json.load(open(sys.argv[4]))["schedule"]["conference"]["days"]:
    for room, evs in d["rooms"].items():
        for ev in evs:
            if ev["type"] != "talk": continue
            got[ev["title"]] = dict(start=ev["date"][:16], minutes=hm(ev["duration"]), room=room,
                track=ev["track"], persons=sorted(p["public_name"] for p in ev["persons"]),
                abstract=ev["abstract"])
            assert ev["guid"] == guids[ev["title"]], f"json guid of {ev['title']!r} is not frab's"
assert got == want, f"json talks differ: {got} != {want}"
text = open(sys.argv[5], newline="").read().replace("\r\n ", "")
cal = {}
for ev in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S):
    f = dict(l.split(":", 1) for l in ev.split("\r\n") if l)
    st = next(v for k, v in f.items() if k.startswith("DTSTART"))
    en = next(v for k, v in f.items() if k.startswith("DTEND"))
    cal[f["SUMMARY"]] = (f["UID"], datetime.strptime(st, "%Y%m%dT%H%M%S").strftime("%Y-%m-%dT%H:%M"),
                         int((datetime.strptime(en, "%Y%m%dT%H%M%S") - datetime.strptime(st, "%Y%m%dT%H%M%S")).total_seconds() // 60),
                         f["LOCATION"])
for title, w in want.items():
    assert cal.get(title) == (guids[title], w["start"], w["minutes"], w["room"]), \
        f"ics: {title!r}: {cal.get(title)} != {(guids[title], w['start'], w['minutes'], w['room'])}"
PY
}

# A forum with a paper track (issue 12): sessions and talks in one instance, solved with two
# seeds, each schedule checked by the independent checker, every format validated, every talk
# an event; a talk's guid stays the same when the talk moves.
tf=tests/data/talks-forum.json
for seed in 1 2; do
    n=talks-forum-$seed
    if check "$n: solve" "$SALLE" solve "$tf" -o "$tmp/$n.sched.json" --seed $seed --iterations 20000 &&
        check "$n: the checker accepts the schedule" "$SALLE" check "$tf" "$tmp/$n.sched.json" --quiet; then
        export_all "$n" "$tf" "$tmp/$n.sched.json"
        [ -f "$tmp/$n.xml" ] && [ -f "$tmp/$n.c3voc.json" ] && [ -f "$tmp/$n.ics" ] &&
            check "$n: every talk is an event" check_talks "$tf" "$tmp/$n.sched.json" "$tmp/$n.xml" \
                "$tmp/$n.c3voc.json" "$tmp/$n.ics"
    fi
done
# A conference of talks only (docs/csv.md "Talks"): `salle export csv` writes the talks sheet;
# its import is valid against the instance schema, scores the saved schedules exactly as the
# original does, rule by rule, and import -> export -> import changes nothing.
same_check() { [ "$("$SALLE" check "$1" "$3" --quiet)" = "$("$SALLE" check "$2" "$3" --quiet)" ]; }
tn=examples/talks/N2OR.json
if check "N2OR: export csv (talks sheet)" "$SALLE" export csv "$tn" tests/cosplib/N2OR-solved.json -o "$tmp/n2or.csv" &&
    check "N2OR: import of the talks sheet" "$SALLE" import "$tmp/n2or.csv" -o "$tmp/n2or.csv.json"; then
    check "N2OR: imported talks sheet valid against docs/instance.schema.json" \
        $PY tests/validate_schema.py docs/instance.schema.json "$tmp/n2or.csv.json"
    for f in tests/cosplib/N2OR-*.json; do
        check "N2OR: talks sheet scores $(basename "$f") as the original" same_check "$tn" "$tmp/n2or.csv.json" "$f"
    done
    check "N2OR: talks sheet exported again" "$SALLE" export csv "$tmp/n2or.csv.json" tests/cosplib/N2OR-solved.json -o "$tmp/n2or2.csv"
    check "N2OR: talks sheet export is the same sheet" cmp "$tmp/n2or.csv" "$tmp/n2or2.csv"
    check "N2OR: import of the second sheet" "$SALLE" import "$tmp/n2or2.csv" -o "$tmp/n2or2.csv.json"
    check "N2OR: import -> export -> import gives the same instance" cmp "$tmp/n2or.csv.json" "$tmp/n2or2.csv.json"
fi

# check_talk_site INSTANCE SCHEDULE SITE FRAB: the static site shows the programme talk by talk
# (issue 12.6): a page per session block (track, chairs, its talks in slot order, each with its
# own time), a page per talk (title, presenters, abstract, block, room, time, previous and next
# talk of its block), a calendar per talk holding that one talk under the guid the frab export
# gives it, the blocks with their talks on both views of their day and on their room's page,
# and person pages listing a presenter's talks and a chair's blocks.
check_talk_site() {
    $PY - "$@" <<'PY'
import glob, html, json, os, re, sys, xml.etree.ElementTree as ET
from datetime import datetime
inst, sched, site, frab = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
rooms = {r["id"]: r.get("name", r["id"]) for r in inst["rooms"]}
people = {p["id"]: p.get("name", p["id"]) for p in inst["people"]}
tracks = {t["id"]: t for t in inst["talk_tracks"]}
talks = {t["id"]: t for t in inst["talks"]}
guid = {e.findtext("title"): e.get("guid") for e in ET.parse(frab).getroot().iter("event")}
def read(rel): return open(os.path.join(site, rel), encoding="utf-8", newline="").read()
def text(h): return html.unescape(re.sub(r"<[^>]+>", "", h))
def slug(s): return re.sub(r"[^a-z0-9_]+", "-", s.lower()).strip("-")
def hm(iso): return iso[11:16]
cells = {(c["block"], c["room"]): c["track"] for c in sched["cells"]}
by_cell = {}
for p in sorted(sched["talks"], key=lambda p: p["start"]):
    by_cell.setdefault((p["block"], p["room"]), []).append(p)
assert by_cell and all(k in cells for k in by_cell)
blocks = {b["id"]: b for b in inst["blocks"]}
for (b, r), placed in by_cell.items():
    tr = tracks[cells[(b, r)]]
    page = read(f"b/{slug(b + ' ' + r)}.html")
    main = page[page.index("<main"):page.index("</main>")]
    assert f"<h1>{html.escape(tr.get('name', tr['id']), quote=True)}</h1>".replace("&#x27;", "&#39;") in main, f"block {b} {r}: no h1 with the track"
    assert rooms[r] in text(main) and blocks[b]["start"] in text(main), f"block {b} {r}: no room or time"
    for c in tr.get("chairs", []):
        assert people[c] in text(main), f"block {b} {r}: chair {c} missing"
    items = re.findall(r'<li class="talk">(.*?)</li>', main, re.S)
    assert len(items) == len(placed), f"block {b} {r}: {len(items)} talks listed, {len(placed)} placed"
    for it, p in zip(items, placed):
        t = talks[p["talk"]]
        want = f"{hm(p['start'])}\u2013{hm(p['end'])} {t.get('title', t['id'])}"
        assert text(it).startswith(want), f"block {b} {r}: {text(it)!r} does not start {want!r}"
        assert f'href="../t/{slug(t["id"])}.html"' in it
    for i, p in enumerate(placed):
        t = talks[p["talk"]]
        tp = read(f"t/{slug(t['id'])}.html")
        m = text(tp[tp.index("<main"):tp.index("</main>")])
        assert t.get("title", t["id"]) in m and rooms[r] in m and tr.get("name", tr["id"]) in m
        assert f"{hm(p['start'])}\u2013{hm(p['end'])}" in m, f"talk {t['id']}: not its own time"
        for q in t.get("presenters", []): assert people[q] in m, f"talk {t['id']}: presenter {q}"
        if t.get("abstract"): assert t["abstract"] in m, f"talk {t['id']}: abstract missing"
        assert f'href="../b/{slug(b + " " + r)}.html"' in tp, f"talk {t['id']}: no link to its block"
        prev = placed[i - 1]["talk"] if i else None
        nxt = placed[i + 1]["talk"] if i + 1 < len(placed) else None
        got_prev = re.findall(r'rel="prev" href="([^"]+)\.html"', tp)
        got_next = re.findall(r'rel="next" href="([^"]+)\.html"', tp)
        assert got_prev == ([slug(prev)] if prev else []), f"talk {t['id']}: prev {got_prev} != {prev}"
        assert got_next == ([slug(nxt)] if nxt else []), f"talk {t['id']}: next {got_next} != {nxt}"
        cal = read(f"ics/t-{slug(t['id'])}.ics").replace("\r\n ", "")
        assert cal.count("BEGIN:VEVENT") == 1, f"talk {t['id']}: calendar of {cal.count('BEGIN:VEVENT')} events"
        assert f"UID:{guid[t.get('title', t['id'])]}\r\n" in cal, f"talk {t['id']}: calendar UID is not frab's guid"
        assert "DTSTART;TZID=%s:%s" % (inst["event"]["timezone"], datetime.fromisoformat(p["start"]).strftime("%Y%m%dT%H%M%S")) in cal
    for view in ("", "-list"):
        day = read(f"day-{blocks[b]['day']}{view}.html")
        assert f'href="b/{slug(b + " " + r)}.html"' in day, f"day page{view} misses block {b} {r}"
        for p in placed:
            assert f'href="t/{slug(p["talk"])}.html"' in day, f"day page{view} misses talk {p['talk']}"
    room = read(f"room/{slug(r)}.html")
    assert f'href="../b/{slug(b + " " + r)}.html"' in room, f"room page of {r} misses block {b}"
for t in inst["talks"]:
    for q in t.get("presenters", []):
        assert f'href="../t/{slug(t["id"])}.html"' in read(f"person/{slug(q)}.html"), f"{q}'s page misses talk {t['id']}"
for (b, r) in by_cell:
    for c in tracks[cells[(b, r)]].get("chairs", []):
        assert f'href="../b/{slug(b + " " + r)}.html"' in read(f"person/{slug(c)}.html"), f"chair {c}'s page misses {b} {r}"
# the overview and each day count talks and blocks
assert f"{len(sched['talks'])} talks in {len(sched['cells'])} session blocks" in text(read("index.html")), "index: no talk count"
for day in inst["event"]["days"]:
    nt = sum(p["start"].startswith(day) for p in sched["talks"])
    if nt:
        assert f" {nt} talk" in text(read(f"day-{day}.html")), f"day {day}: no talk count"
# a day with talks but no sessions has no session list for filter.js to put its box over
for day in inst["event"]["days"]:
    if not any(a["start"].startswith(day) for a in sched["assignments"]):
        for view in ("", "-list"):
            assert 'id="sessions"' not in read(f"day-{day}{view}.html"), f"day {day}{view}: empty session list"
# a person page's calendar link says what the calendar holds: sessions, talks or both
has_sessions = {q for a in sched["assignments"] for s in inst["sessions"] if s["id"] == a["session"]
                for q in s.get("speakers", []) + s.get("organizers", []) + s.get("moderators", [])}
has_talks = {q for t in inst["talks"] for q in t.get("presenters", [])}
for q in has_talks:
    page = read(f"person/{slug(q)}.html")
    want = "These sessions and talks as a calendar" if q in has_sessions else "These talks as a calendar"
    assert want in page, f"{q}'s page: calendar link is not '{want}'"
# the sessions of the forum are still there
for a in sched["assignments"]:
    assert os.path.exists(os.path.join(site, f"s/{slug(a['session'])}.html"))
PY
}

for seed in 1 2; do
    n=talks-forum-$seed
    [ -f "$tmp/$n.sched.json" ] || continue
    check "$n: export site" "$SALLE" export site "$tf" "$tmp/$n.sched.json" -o "$tmp/$n.site" &&
        check "$n: the site shows every talk and block" check_talk_site "$tf" "$tmp/$n.sched.json" \
            "$tmp/$n.site" "$tmp/$n.xml"
done
# A CoSPLib instance (talks only, four rooms, bench/cosplib's conversion): every format valid,
# every talk an event and a page; the schedule checked first.
n=n2or
if check "$n: solve" "$SALLE" solve examples/talks/N2OR.json -o "$tmp/$n.sched.json" --seed 1 --iterations 20000 &&
    check "$n: the checker accepts the schedule" "$SALLE" check examples/talks/N2OR.json "$tmp/$n.sched.json" --quiet &&
    check "$n: export frab" "$SALLE" export frab examples/talks/N2OR.json "$tmp/$n.sched.json" -o "$tmp/$n.xml" &&
    check "$n: frab valid against the XSD" xmllint --noout --schema "$XSD" "$tmp/$n.xml" &&
    check "$n: export json" "$SALLE" export json examples/talks/N2OR.json "$tmp/$n.sched.json" -o "$tmp/$n.c3voc.json" &&
    check "$n: json valid against schema.json" validate_json "$tmp/$n.c3voc.json" &&
    check "$n: export ics" "$SALLE" export ics examples/talks/N2OR.json "$tmp/$n.sched.json" -o "$tmp/$n.ics" &&
    check "$n: ics well formed" check_ics "$tmp/$n.ics" "$tmp/$n.sched.json" &&
    check "$n: every talk is an event" check_talks examples/talks/N2OR.json "$tmp/$n.sched.json" \
        "$tmp/$n.xml" "$tmp/$n.c3voc.json" "$tmp/$n.ics" &&
    check "$n: export site" "$SALLE" export site examples/talks/N2OR.json "$tmp/$n.sched.json" -o "$tmp/$n.site"; then
    check "$n: the site shows every talk and block" check_talk_site examples/talks/N2OR.json \
        "$tmp/$n.sched.json" "$tmp/$n.site" "$tmp/$n.xml"
fi
check "talks-forum: talk guids do not depend on the placement" $PY - "$tmp/talks-forum-1.xml" "$tmp/talks-forum-2.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
def g(p): return {e.findtext("title"): e.get("guid") for e in ET.parse(p).getroot().iter("event")
                  if e.findtext("type") == "talk"}
a, b = g(sys.argv[1]), g(sys.argv[2])
assert a and a == b, (a, b)
PY

# Every real published schedule: import, export each format, and round-trip through frab.
for f in "$DATA"/schedules/*.xml "$DATA"/schedules/*.json tests/fixtures/*.xml tests/fixtures/*.json; do
    n=$(basename "$f")
    i1=$tmp/$n.inst.json s1=$tmp/$n.sched.json
    if ! out=$("$SALLE" import "$f" -o "$i1" --schedule "$s1" 2>&1); then
        bad "$n: salle import"; printf '%s\n' "$out" | head -5 | sed 's/^/  /'
        continue
    fi
    ok
    check "$n: imported instance valid against docs/instance.schema.json" \
        $PY tests/validate_schema.py docs/instance.schema.json "$i1"
    export_all "$n" "$i1" "$s1"
    [ -f "$tmp/$n.xml" ] || continue
    check "$n: every event stays on its conference day" check_source_days "$f" "$tmp/$n.xml"
    i2=$tmp/$n.again.inst.json s2=$tmp/$n.again.sched.json
    if check "$n: import of our frab export" "$SALLE" import "$tmp/$n.xml" -o "$i2" --schedule "$s2"; then
        check "$n: round trip keeps every event" compare "$i1" "$s1" "$i2" "$s2"
    fi
done

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
