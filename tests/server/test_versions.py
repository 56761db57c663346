#!/usr/bin/python3
"""tests/server/test_versions.py SALLE: a session cancelled on the server, across published versions
(issue 8 point 1 as the server publishes it; docs/workflow.md "The programme of record").

A `session_cancelled` disruption keeps the session in the programme marked cancelled. The version
that cancels it lists it in the changelog and the Atom feed with its old title, time and room; its
page stays in that version and in every later one and says it is cancelled (a bookmark or a
calendar link never 404s); the published schedule marks its last place `"cancelled": true` and
passes the independent checker against the instance with the session marked cancelled.
"""
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import TMP, DB, PUB, INST, Server, check, run, finish  # noqa: E402

run("gen", "--sessions", "30", "--seed", "2", "-o", INST)
inst = json.load(open(INST))
srv = Server("--import", INST)
tok = run("admin-token", "--db", DB).stdout.strip()


def solve_and_wait():
    st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 30000}, token=tok)
    for _ in range(300):
        st, j2 = srv.api("GET", "/api/v1/jobs/%d" % j["job"], token=tok)
        if j2.get("state") in ("done", "failed"):
            return j2
        time.sleep(0.1)
    return j2


check(solve_and_wait().get("state") == "done", "the first solve finishes")
st, j = srv.api("POST", "/api/v1/publish", {"note": "first"}, token=tok)
check(st == 201 and j["version"] == 1, "version 1 is published")
st, v1 = srv.api("GET", "/api/v1/programme")

# the session to cancel: one with a title that appears once, so the pages can be searched for it
titles = [s["title"] for s in inst["sessions"]]
gone = next(s for s in inst["sessions"] if titles.count(s["title"]) == 1)
was = next(a for a in v1["assignments"] if a["session"] == gone["id"])


def page_of(title):
    """The public session page whose heading carries title (pages are named by slug)."""
    for f in glob.glob(os.path.join(PUB, "s", "*.html")):
        text = open(f, encoding="utf-8").read()
        if "<h1" in text and title in text.split("<h1", 1)[1].split("</h1>", 1)[0]:
            return text
    return None


before = page_of(gone["title"])
check(before is not None and "mark cancelled" not in before, "version 1 has the session's page, not cancelled")

st, j = srv.api("POST", "/api/v1/disruptions", {"kind": "session_cancelled", "session": gone["id"]}, token=tok)
check(st == 201, "the cancellation is recorded (201)")
st, j = srv.api("POST", "/api/v1/disruptions", {"kind": "session_cancelled", "session": gone["id"]}, token=tok)
check(st == 409 and "already cancelled" in j.get("error", ""), "cancelling it again: 409 in words")
st, j = srv.api("GET", "/api/v1/programme")
check(any(a["session"] == gone["id"] and not a.get("cancelled") for a in j["assignments"]),
      "until the next version, the public programme is unchanged")

st, j = srv.api("POST", "/api/v1/publish", {"note": "one session cancelled"}, token=tok)
check(st == 201 and j["version"] == 2, "version 2 is published")
st, v2 = srv.api("GET", "/api/v1/programme")
mark = [a for a in v2["assignments"] if a["session"] == gone["id"]]
check(len(mark) == 1 and mark[0].get("cancelled") is True and mark[0]["room"] == was["room"]
      and mark[0]["start"] == was["start"],
      "version 2's schedule keeps the cancelled session's last place, marked cancelled")

# The independent checker: the published schedule against the instance with the session cancelled.
marked = json.load(open(INST))
for s in marked["sessions"]:
    if s["id"] == gone["id"]:
        s["cancelled"] = True
    for k in ("after", "not_with"):
        if gone["id"] in s.get(k, []):
            s[k] = [x for x in s[k] if x != gone["id"]]
marked["interest"] = [[x for x in grp if x != gone["id"]] for grp in marked.get("interest", [])]
mpath = os.path.join(TMP, "marked.json")
json.dump(marked, open(mpath, "w"))
r = run("check", "--quiet", mpath, os.path.join(PUB, "salle-schedule.json"))
check(r.returncode == 0, "version 2 passes the independent checker" + ("" if r.returncode == 0 else ": " + r.stdout[:300]))
check(len(v2["assignments"]) == len(v1["assignments"]), "no other session left the programme")

page = page_of(gone["title"])
check(page is not None and "mark cancelled" in page and "will not take place" in page,
      "version 2 keeps the session's page, marked cancelled")
changes = open(os.path.join(PUB, "changes.html"), encoding="utf-8").read()
cancelled_part = changes.split("Cancelled sessions", 1)[-1] if "Cancelled sessions" in changes else ""
check(gone["title"] in cancelled_part, "the changelog lists it under Cancelled sessions, with its title")
room_name = next(r["name"] for r in inst["rooms"] if r["id"] == was["room"])
check(room_name in cancelled_part, "the changelog gives its old room")
feed = open(os.path.join(PUB, "changes.atom"), encoding="utf-8").read()
check(gone["title"] in feed, "the Atom feed tells the cancellation")
day = was["start"][:10]
daypage = open(os.path.join(PUB, "day-%s.html" % day), encoding="utf-8").read()
check(gone["title"] in daypage and "mark cancelled" in daypage, "the day it was on shows it cancelled")

# A later version: the page still answers, and the changelog no longer repeats the cancellation.
st, j = srv.api("POST", "/api/v1/publish", {"note": "again"}, token=tok)
check(st == 201 and j["version"] == 3, "version 3 is published")
page = page_of(gone["title"])
check(page is not None and "mark cancelled" in page, "version 3 still has its page, marked cancelled")
changes = open(os.path.join(PUB, "changes.html"), encoding="utf-8").read()
check("Cancelled sessions" not in changes, "version 3's changelog does not list it again")
r = run("check", "--quiet", mpath, os.path.join(PUB, "salle-schedule.json"))
check(r.returncode == 0, "version 3 passes the independent checker")

rc, _ = srv.stop(15)
check(rc == 0, "SIGTERM stops the server cleanly")
finish()
