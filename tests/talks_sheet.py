#!/usr/bin/python3
"""tests/talks_sheet.py INSTANCE -o SHEET.csv: writes the talks of a native instance (docs/format.md
"Talks"; bench/cosplib import makes one from a CoSPLib workbook) as the talks sheet a programme
chair keeps (docs/csv.md "Talks"), independently of `salle export csv`, so that tests/cosplib.sh
can check that `salle import` of the sheet scores every schedule as the instance does.

It writes what a person would: people by name (no "[id]", so salle makes ids from the names),
rooms by name with their seats, column names in other spellings salle accepts ("Paper ID",
"Presenter", "Avoid blocks"), columns in another order, similar tracks on the side the instance
gives them (often both), every weight and every talk's time zone even when it is the default.

tests/talks_sheet.py --trim SCHEDULE -o OUT: the schedule with the spaces around its ids dropped,
as salle import drops them around every cell (two of OR60F's track names end in a space).
"""
import csv
import json
import sys


def pen(d):
    return "; ".join(f"{k} ({v})" for k, v in (d or {}).items())


def main():
    args = sys.argv[1:]
    if len(args) == 4 and args[0] == "--trim" and args[2] == "-o":
        s = json.load(open(args[1], encoding="utf-8"))
        for c in s.get("cells", []) + s.get("talks", []):
            for k in c:
                if isinstance(c[k], str):
                    c[k] = c[k].strip()
        json.dump(s, open(args[3], "w", encoding="utf-8"), indent=1)
        return
    if len(args) != 3 or args[1] != "-o":
        sys.exit("usage: talks_sheet.py INSTANCE -o SHEET.csv")
    inst = json.load(open(args[0], encoding="utf-8"))
    names = {p["id"]: p.get("name") or p["id"] for p in inst["people"]}
    people = lambda ids: "; ".join(names[i] for i in ids or [])
    ev = inst["event"]
    hours = inst.get("talk_hours", {})
    rows = [["Conference", ev["name"]], ["Time zone", ev["timezone"]],
            ["Rooms", "; ".join(r.get("name", r["id"]) + (f" ({r['capacity']})" if r.get("capacity") is not None else "")
                                for r in inst["rooms"])]]
    if hours:
        rows += [["Suitable hours", f"{hours['suitable']['start']}-{hours['suitable']['end']}"],
                 ["Less suitable hours:", f"{hours['less_suitable']['start']}-{hours['less_suitable']['end']}"],
                 ["Hour penalties", f"{hours['small_penalty']}; {hours['big_penalty']}"]]
    if inst.get("talk_weights"):
        rows.append(["Weights", pen(inst["talk_weights"])])
    rows += [[], ["Block", "Date", "Start", "End", "Slots", "Avoid rooms"]]
    for b in inst["blocks"]:
        rows.append([b["id"], b["day"], b["start"], b["end"], b["slots"], pen(b.get("room_penalties"))])
    rows += [[], ["Track", "Track name", "Similar", "Chairs", "Avoid blocks", "Avoid rooms"]]
    for t in inst["talk_tracks"]:
        rows.append([t["id"], t.get("name", ""), pen(t.get("similar")), people(t.get("chairs")),
                     pen(t.get("block_penalties")), pen(t.get("room_penalties"))])
    rows += [[], ["Paper ID", "Title", "Track", "Presenter", "Slots", "Order", "Attendees", "Time zone",
                  "Avoid blocks", "Avoid rooms", "Abstract"]]
    for k in inst["talks"]:
        rows.append([k["id"], k.get("title", ""), k["track"], people(k.get("presenters")), k.get("slots", 1),
                     k.get("order") or "", people(k.get("attendees")), k.get("timezone", ""),
                     pen(k.get("block_penalties")), pen(k.get("room_penalties")), k.get("abstract", "")])
    with open(args[2], "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


main()
