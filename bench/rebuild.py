#!/usr/bin/env python3
"""Rebuild a real conference as a scheduling instance, its times discarded.

    python3 bench/rebuild.py INSTANCE PUBLISHED -o OUT

INSTANCE and PUBLISHED are what `salle import FILE -o INSTANCE --schedule PUBLISHED`
writes. The importer already leaves the published times out of the instance and makes
each room available over the spans the published programme used it each day; speakers
keep their talks. This script adds the one thing left: each session may use only the
room(s) its track used in the published programme (`"rooms": [...]`). A session whose
tracks were never placed keeps its own published room if it has one, else no limit.
Nothing else is removed or changed. Standard library only.
"""
import json
import sys


def main(argv):
    args = [a for a in argv[1:]]
    if "-o" not in args or len(args) != 4:
        sys.stderr.write("usage: rebuild.py INSTANCE PUBLISHED -o OUT\n")
        return 2
    i = args.index("-o")
    out = args[i + 1]
    del args[i:i + 2]
    inst_path, pub_path = args
    with open(inst_path, encoding="utf-8") as f:
        inst = json.load(f)
    with open(pub_path, encoding="utf-8") as f:
        pub = json.load(f)

    room_of = {a["session"]: a["room"] for a in pub.get("assignments", []) if a.get("room")}
    room_order = {r["id"]: k for k, r in enumerate(inst.get("rooms", []))}
    track_rooms = {}
    for s in inst.get("sessions", []):
        r = room_of.get(s["id"])
        if r is None:
            continue
        for t in s.get("tracks", []):
            track_rooms.setdefault(t, set()).add(r)

    limited = unlimited = 0
    for s in inst.get("sessions", []):
        if "rooms" in s or "pinned" in s:
            continue
        rooms = set()
        for t in s.get("tracks", []):
            rooms |= track_rooms.get(t, set())
        if not rooms and s["id"] in room_of:
            rooms = {room_of[s["id"]]}
        if rooms:
            s["rooms"] = sorted(rooms, key=lambda r: room_order.get(r, 1 << 30))
            limited += 1
        else:
            unlimited += 1

    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(inst, f, ensure_ascii=False, indent=1)
        f.write("\n")
    import os
    os.replace(tmp, out)
    sys.stderr.write("rebuilt %s: %d sessions limited to their track's rooms, %d unlimited\n"
                     % (out, limited, unlimited))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
