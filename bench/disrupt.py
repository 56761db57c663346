#!/usr/bin/env python3
"""Apply one realistic disruption to an instance that has a published schedule.

    python3 bench/disrupt.py KIND INSTANCE SCHEDULE -o OUT

KIND is one of
  room          close the busiest room for half a day (the half of its busiest day that
                holds more of its sessions; no pinned session in that half)
  speaker       the person with the most sessions (none pinned) can no longer come during
                the half of their busiest day that holds more of their sessions
  lengthen      the session with the least slack before the next session in its room
                (not pinned) becomes 30 minutes longer
  interpreters  one interpreter team fewer (capacity of the resource whose id or name
                mentions "interpret" minus one)

Writes the changed instance to OUT and one line to standard output saying what changed.
Nothing else in the instance is touched; SCHEDULE is only read to choose what to disrupt.
Exit 3 when the instance has nothing to disrupt of that kind. Standard library only.
"""
import json
import os
import re
import sys


def hm(t):
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def fmt(m):
    return "%02d:%02d" % (m // 60, m % 60)


def duration(d):
    if isinstance(d, int):
        return d
    d = str(d).strip()
    if re.fullmatch(r"\d+", d):
        return int(d)
    m = re.fullmatch(r"(\d+):(\d\d)", d)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    m = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m?)?", d)
    if m and (m.group(1) or m.group(2)):
        return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    raise ValueError("cannot read duration %r" % d)


def day_windows(windows, days, default):
    """Windows as {day: [(a, b), ...]} in minutes; None means `default` on each day."""
    out = {d: [] for d in days}
    if windows is None:
        for d in days:
            out[d] = list(default) if default else []
        return out
    for w in windows:
        for d in ([w["day"]] if "day" in w else days):
            if d in out:
                out[d].append((hm(w["start"]), hm(w["end"])))
    return out


def windows_json(by_day):
    return [{"day": d, "start": fmt(a), "end": fmt(b)}
            for d in sorted(by_day) for a, b in sorted(by_day[d]) if b > a]


def subtract(by_day, day, a, b):
    res = []
    for x, y in by_day.get(day, []):
        if y <= a or x >= b:
            res.append((x, y))
            continue
        if x < a:
            res.append((x, a))
        if y > b:
            res.append((b, y))
    by_day[day] = res


def main(argv):
    args = argv[1:]
    if "-o" not in args:
        sys.stderr.write(__doc__)
        return 2
    i = args.index("-o")
    out = args[i + 1]
    del args[i:i + 2]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    kind, inst_path, sched_path = args
    with open(inst_path, encoding="utf-8") as f:
        inst = json.load(f)
    with open(sched_path, encoding="utf-8") as f:
        sched = json.load(f)

    ev = inst["event"]
    days = ev["days"]
    hours = ev.get("hours", {"start": "09:00", "end": "18:00"})
    open_hours = [(hm(hours["start"]), hm(hours["end"]))]
    grid = ev.get("grid", 5)
    sess = {s["id"]: s for s in inst["sessions"]}
    placed = []  # (session, room, day, start, end)
    for a in sched.get("assignments", []):
        s = sess.get(a["session"])
        if s is None or not a.get("start"):
            continue
        d, t = a["start"].split("T")
        st = hm(t)
        placed.append((s, a.get("room"), d, st, st + duration(s["duration"])))

    def pinned(s):
        return "pinned" in s

    def pick_half(items, day_span):
        """Of a day's span, the half holding more of `items` (start minutes)."""
        a, b = day_span
        mid = a + (b - a) // 2
        mid -= mid % max(grid, 30)
        early = sum(1 for st in items if st < mid)
        return (a, mid) if early >= len(items) - early else (mid, b)

    if kind == "room":
        best = None
        for r in inst["rooms"]:
            avail = day_windows(r.get("available"), days, open_hours)
            for d in days:
                if not avail[d]:
                    continue
                span = (min(x for x, _ in avail[d]), max(y for _, y in avail[d]))
                here = [p for p in placed if p[1] == r["id"] and p[2] == d]
                a, b = pick_half([p[3] for p in here], span)
                inside = [p for p in here if p[3] < b and p[4] > a]
                if any(pinned(p[0]) for p in inside):
                    continue
                if best is None or len(inside) > best[0]:
                    best = (len(inside), r, d, a, b, avail)
        if not best or best[0] == 0:
            return nothing(kind)
        n, r, d, a, b, avail = best
        subtract(avail, d, a, b)
        r["available"] = windows_json(avail)
        what = "room %s closed on %s %s-%s (%d sessions there)" % (r["id"], d, fmt(a), fmt(b), n)

    elif kind == "speaker":
        people = {}
        for p in placed:
            s = p[0]
            for who in set(s.get("speakers", [])) | set(s.get("organizers", [])):
                people.setdefault(who, []).append(p)
        order = sorted(people, key=lambda w: (-len(people[w]), w))
        chosen = None
        for who in order:
            ps = people[who]
            if any(pinned(p[0]) for p in ps):
                continue
            byday = {}
            for p in ps:
                byday.setdefault(p[2], []).append(p)
            d = max(sorted(byday), key=lambda x: len(byday[x]))
            span = (min(x for x, _ in open_hours), max(y for _, y in open_hours))
            a, b = pick_half([p[3] for p in byday[d]], span)
            a, b = (0, b) if a == span[0] else (a, 24 * 60)
            hit = [p for p in byday[d] if p[3] < b and p[4] > a]
            chosen = (who, d, a, b, len(hit))
            break
        if chosen is None:
            return nothing(kind)
        who, d, a, b, n = chosen
        person = next(p for p in inst["people"] if p["id"] == who)
        avail = day_windows(person.get("available"), days, [(0, 24 * 60)])
        subtract(avail, d, a, b)
        person["available"] = windows_json(avail)
        what = "person %s not available on %s %s-%s (%d of their sessions)" % (
            who, d, fmt(a), fmt(b), n)

    elif kind == "lengthen":
        change = ev.get("changeover", 0)
        rooms = {r["id"]: r for r in inst["rooms"]}
        best = None
        for p in placed:
            if pinned(p[0]):
                continue
            co = rooms.get(p[1], {}).get("changeover", change)
            nxt = [q[3] for q in placed if q[1] == p[1] and q[2] == p[2] and q[3] >= p[4]]
            if not nxt:
                continue
            slack = min(nxt) - p[4] - co
            key = (slack, -duration(p[0]["duration"]), p[0]["id"])
            if best is None or key < best[0]:
                best = (key, p)
        if best is None:
            return nothing(kind)
        s = best[1][0]
        old = duration(s["duration"])
        s["duration"] = old + 30
        what = "session %s lengthened from %d to %d minutes (slack before the next session: %d)" % (
            s["id"], old, old + 30, best[0][0])

    elif kind == "interpreters":
        res = [r for r in inst.get("resources", [])
               if "interpret" in (r["id"] + " " + r.get("name", "")).lower()]
        res = [r for r in res if r["capacity"] > 1]
        if not res:
            return nothing(kind)
        r = res[0]
        r["capacity"] -= 1
        what = "resource %s capacity %d -> %d" % (r["id"], r["capacity"] + 1, r["capacity"])

    else:
        sys.stderr.write("disrupt.py: unknown kind %r\n" % kind)
        return 2

    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(inst, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, out)
    print(what)
    return 0


def nothing(kind):
    print("nothing to disrupt for %s" % kind)
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
