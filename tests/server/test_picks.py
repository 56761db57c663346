#!/usr/bin/python3
"""tests/server/test_picks.py SALLE: two organizers picking the same place at the same moment
(issue 9 point 6: each alternative is checked against the programme at the moment of answering).

A pick's check and its write are one transaction, so of two requests that pick one room and start
at once, at most one is told yes; the other gets 409 in words. The test finds pairs of pending
requests whose alternatives share a place, sends both picks at the same instant from two threads
(the server has several HTTP threads), and checks every pair; then that the store holds no
two accepted requests for one room and start.
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DB, INST, Server, check, close_busiest_rooms, finish, run, wait_job  # noqa: E402

run("gen", "--sessions", "300", "--seed", "1", "-o", INST)
inst = json.load(open(INST))
srv = Server("--import", INST)
tok = run("admin-token", "--db", DB).stdout.strip()
j = wait_job(srv, srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 300000}, token=tok)[1]["job"], tok)
check(j.get("state") == "done", "the solve finishes")
st, _ = srv.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok)
check(st == 201, "version 1 is published")
st, prog = srv.api("GET", "/api/v1/programme")
for day in inst["event"]["days"][:2]:
    close_busiest_rooms(srv, tok, prog, day, 4)
st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
moved = [m for m in prop.get("moves", []) if m["kind"] == "moved"]
check(len(moved) >= 10, "the re-plan asks %d sessions to move" % len(moved))

# pairs of requests (of sessions of the same length) with an alternative place in common
length = {s["id"]: s["duration"] for s in inst["sessions"]}
alts = {}
for m in moved:
    st, r = srv.api("GET", "/api/v1/requests/%d" % m["request"], token=tok)
    alts[m["request"]] = (m["session"], [(a["room"], a["start"]) for a in r.get("alternatives", [])])
pairs, used = [], set()
ids = sorted(alts)
for i, a in enumerate(ids):
    for b in ids[i + 1:]:
        if a in used or b in used or length[alts[a][0]] != length[alts[b][0]]:
            continue
        common = [p for p in alts[a][1] if p in alts[b][1]]
        if common:
            pairs.append((a, b, common[0]))
            used.update((a, b))
check(len(pairs) >= 2, "%d pairs of requests share an alternative place" % len(pairs))


def pick(rid, place, out, bar):
    bar.wait()
    st, j = srv.api("POST", "/api/v1/requests/%d/accept" % rid,
                    {"room": place[0], "start": place[1], "note": "both picked it at once"}, token=tok)
    out[rid] = (st, j)


both = one = 0
for a, b, place in pairs:
    out, bar = {}, threading.Barrier(2)
    ts = [threading.Thread(target=pick, args=(rid, place, out, bar)) for rid in (a, b)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    codes = sorted(out[r][0] for r in (a, b))
    if codes == [200, 200]:
        both += 1
    elif codes == [409, 409]:  # an earlier pair's pick took a place that overlaps this one
        check(all("no longer free" in out[r][1].get("error", "") for r in (a, b)),
              "both picks of an already taken place are refused in words")
    elif codes != [200, 409]:
        check(False, "two picks of %s at %s: %s" % (place[0], place[1], json.dumps(out)[:400]))
    else:
        one += 1
        refused = next(out[r][1] for r in (a, b) if out[r][0] == 409)
        check("no longer free" in refused.get("error", ""), "the second pick is refused in words: %s"
              % refused.get("error", "")[:200])
check(both == 0 and one >= 2, "of %d pairs picking one place at once, %d were both told yes, %d had one "
      "told yes and the other no" % (len(pairs), both, one))

# as stored: never two accepted requests in one room at one start
taken = {}
for a, b, place in pairs:
    for rid in (a, b):
        st, r = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
        if r.get("state") == "accepted":
            key = (r["place"]["room"], r["place"]["start"])
            taken[key] = taken.get(key, 0) + 1
check(taken and max(taken.values()) == 1, "each picked place is held by one session: %s" % taken)
rc, _ = srv.stop(15)
check(rc == 0, "SIGTERM stops the server cleanly")
finish()
