#!/usr/bin/python3
"""tests/server/test_interest.py SALLE: "I plan to attend" on `salle serve` (issue 11, points 1-3;
docs/interest.md, docs/api.md).

A real server on 127.0.0.1 in a temporary folder: the public POST /api/v1/interest (a new token,
a second POST replacing the set, bad input), a replay of many ballots from threads with the counts
and pairs of the admin's summary compared with what was sent, the rate limit (429 with
Retry-After), collection closed by date and by the next publication, the ballot pages without
JavaScript (day form, CSRF, other days kept, shuffled per visitor), the toggle's JSON, the admin's
and an organizer's pages, that the store holds no address and no token, and that the next solve's
instance carries the expected attendance (checked by the independent checker).
"""
import collections
import itertools
import json
import math
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import http.client

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SALLE, TMP, DB, PUB, INST, Server, check, columns, query, run, sign_in, finish, stored_bytes  # noqa: E402

subprocess.run([SALLE, "gen", "--sessions", "30", "--seed", "2", "-o", INST], check=True)
inst = json.load(open(INST))
srv = Server("--import", INST, "--interest-rate", "0")
tok = run("admin-token", "--db", DB).stdout.strip()


def wait_job(job):
    for _ in range(600):
        st, j = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
        if j.get("state") in ("done", "failed"):
            return j
        time.sleep(0.1)
    return j


def post(body, headers=None, s=None, source="127.0.0.1"):
    """POST /api/v1/interest from a chosen loopback address (the replay comes from 127.0.0.2, so
    that the store can be searched for the client's address)."""
    c = http.client.HTTPConnection("127.0.0.1", (s or srv).port, timeout=60, source_address=(source, 0))
    c.request("POST", "/api/v1/interest", json.dumps(body),
              dict({"Content-Type": "application/json"}, **(headers or {})))
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), json.loads(data)


st, h, j = post({"sessions": ["OC-1"]})
check(st == 409 and "nothing is published" in j["error"], "marks before the first publication: 409 in words")
st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 20000}, token=tok)
check(wait_job(j["job"]).get("state") == "done", "solve")
st, j = srv.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok)
check(st == 201, "publish version 1")
prog = json.load(open(os.path.join(PUB, "salle-schedule.json")))
placed = sorted(a["session"] for a in prog["assignments"])
check(len(placed) >= 20, "the published programme places the sessions")

day0 = inst["event"]["days"][0]
dpage = open(os.path.join(PUB, "day-%s.html" % day0), encoding="utf-8").read()
check('<p class="interest"><a href="/interest/%s">Mark the sessions you plan to attend</a>' % day0 in dpage,
      "the published day page links to that day's ballot page")
spage = next(open(os.path.join(PUB, "s", f), encoding="utf-8").read() for f in sorted(os.listdir(os.path.join(PUB, "s"))))
check(re.search(r'<p class="interest"><a href="/interest/\d{4}-\d\d-\d\d">I plan to attend</a>', spage),
      "a published session page offers \"I plan to attend\", linking to its day's ballot page")

# ---- the API: a new token, replace, bad input
st, h, j = post({"sessions": [placed[0], placed[1], placed[0]]})
check(st == 201 and len(j["token"]) == 43 and j["sessions"] == sorted([placed[0], placed[1]]),
      "POST without a token: 201, a new 43-character token, the set (duplicates once)")
t1 = j["token"]
st, h, j = post({"token": t1, "sessions": [placed[2]]})
check(st == 200 and j["token"] == t1 and j["sessions"] == [placed[2]], "a second POST with the token: 200")
st, h, j = post({"token": t1, "sessions": ["NOPE-1"]})
check(st == 400 and "sessions[0]" in j["error"] and "NOPE-1" in j["error"],
      "an unknown session: 400 naming its place and id")
st, h, j = post({"token": "abc", "sessions": []})
check(st == 400 and "43-character" in j["error"], "a malformed token: 400")
st, h, j = post({"token": t1, "sessions": [], "email": "a@b"})
check(st == 400 and "unknown key \"email\"" in j["error"], "an unknown key (personal data): 400")
st, h, j = post({"sessions": [placed[0]]}, {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
check(st == 403, "a POST from another site: 403")

# ---- a replay of many ballots, from threads; the summary counts what was sent
rng = random.Random(11)
ballots = {}
for i in range(400):
    k = rng.randint(1, 8)
    s = set(rng.sample(placed[3:], k))
    if i < 40:
        s |= {placed[3], placed[4]}  # a strong pair
    ballots[i] = sorted(s)
tokens = {}
errors = []


def worker(ids):
    for i in ids:
        st, h, j = post({"sessions": [placed[0]]}, source="127.0.0.2")
        if st != 201:
            errors.append(st)
            continue
        tokens[i] = j["token"]
        st, h, j = post({"token": tokens[i], "sessions": ballots[i]}, source="127.0.0.2")  # replaced
        if st != 200 or j["sessions"] != ballots[i]:
            errors.append(st)


threads = [threading.Thread(target=worker, args=(range(k, 400, 8),)) for k in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
check(not errors, "400 ballots from 8 threads, each replaced once: no error (%s)" % errors[:3])
want = collections.Counter(s for b in ballots.values() for s in b)
want[placed[2]] += 1  # the first ballot
pairs = collections.Counter(p for b in list(ballots.values()) for p in itertools.combinations(b, 2))

st, j = srv.api("GET", "/api/v1/interest/summary")
check(st == 401, "the summary without a token: 401")
st, j = srv.api("GET", "/api/v1/interest/summary", token="x" * 43)
check(st == 401, "the summary with a wrong token: 401")
st, j = srv.api("GET", "/api/v1/interest/summary?top=0", token=tok)
got = {s["id"]: s["count"] for s in j.get("sessions", []) if s["count"] > 0}
check(st == 200 and got == dict(want), "the summary's counts per session are those sent (replaced ones not counted)")
check(j.get("ballots") == 401, "the summary counts 401 ballots")
top = j["pairs"][0]
check({top["a"], top["b"]} == {placed[3], placed[4]} and top["count"] == pairs[(placed[3], placed[4])],
      "the strongest co-interest pair is the one built in, with its count")
check(all(p["count"] == pairs[tuple(sorted((p["a"], p["b"])))] for p in j["pairs"]),
      "every pair's count is the number of ballots naming both")

# ---- the store keeps no address and no token
raw = stored_bytes(DB)
check(b"127.0.0.2" not in raw, "the replay's client address (127.0.0.2) is nowhere in the database files")
check(all(t.encode() not in raw for t in tokens.values()) and t1.encode() not in raw,
      "no ballot token in clear in the database files")
cols = columns(DB, "interest")
check(cols == ["ballot", "session"], "the interest table holds only the ballot's hash and the session")
n = query(DB, "SELECT COUNT(DISTINCT ballot) FROM interest")[0][0]
check(n == 401, "one ballot per attendee in the store")

# ---- the next solve uses the ballots: expected attendance with the admin's turnout
st, j = srv.api("POST", "/api/v1/interest/settings", {"turnout": 40, "significant": True}, token=tok)
check(st == 200 and j["turnout"] == 40 and j["significant"] is True, "the admin sets turnout and significance")
st, j = srv.api("POST", "/api/v1/interest/settings", {"turnout": 0}, token=tok)
check(st == 400 and "turnout" in j["error"], "a turnout of 0: 400")
st, j = srv.api("POST", "/api/v1/solve", {"seed": 2, "iterations": 20000}, token=tok)
res = wait_job(j["job"])
check(res.get("state") == "done", "the next solve runs")
draft = json.loads(query(DB, "SELECT instance, schedule FROM draft")[0][0])
sched = query(DB, "SELECT schedule FROM draft")[0][0]
given = {s["id"]: s.get("attendance") for s in inst["sessions"]}
ok = True
for s in draft["sessions"]:
    m = want.get(s["id"], 0)
    if m == 0:
        continue
    exp = max(given[s["id"]] or 0, math.ceil(m * 40 - 1e-9))
    ok &= s["attendance"] == exp and s["x-salle-interest"]["marks"] == m
check(ok, "the solve's instance: attendance = max(given, ceil(marks x 40)) for every marked session")
sig = [x for x in draft["interest"]]
check(len(sig) > 0 and all(len(x) == 2 for x in sig) and
      all(sorted(x) == sorted([placed[3], placed[4]]) for x in sig),
      "with the significance option only the significant pair becomes interest sets")
open(os.path.join(TMP, "draft.json"), "w").write(json.dumps(draft))
open(os.path.join(TMP, "draft-schedule.json"), "w").write(sched)
r = run("check", os.path.join(TMP, "draft.json"), os.path.join(TMP, "draft-schedule.json"))
m = re.search(r"hard violations: (\d+)", r.stdout)
cap = re.search(r"capacity +(\d+)", r.stdout)
check(m and int(m.group(1)) == res["result"]["hard"] and cap and int(cap.group(1)) > 0,
      "the independent checker on the solve's instance and schedule agrees with the solve's hard "
      "count, and the rooms too small for 40 x marks show as capacity violations")
# back to one person per mark: the next solve's attendance follows the ballots down again
st, j = srv.api("POST", "/api/v1/interest/settings", {"turnout": 1, "significant": False}, token=tok)
st, j = srv.api("POST", "/api/v1/solve", {"seed": 3, "iterations": 20000}, token=tok)
res = wait_job(j["job"])
row = query(DB, "SELECT instance, schedule FROM draft")[0]
open(os.path.join(TMP, "draft.json"), "w").write(row[0])
open(os.path.join(TMP, "draft-schedule.json"), "w").write(row[1])
d1 = {s["id"]: s["attendance"] for s in json.loads(row[0])["sessions"]}
check(all(d1[k] == max(given[k] or 0, v) for k, v in want.items()) and res["result"]["hard"] == 0,
      "with turnout 1 the attendance is max(given, marks) again and the solve breaks no hard rule")
r = run("check", "--quiet", os.path.join(TMP, "draft.json"), os.path.join(TMP, "draft-schedule.json"))
check(r.returncode == 0, "the independent checker passes that schedule")

# ---- the pages without JavaScript
day = inst["event"]["days"][0]
st, h, page = srv.req("GET", "/interest/" + day)
page = page.decode()
m = re.search(r"__Host-salle-ballot=([^;]+);.*HttpOnly", h.get("set-cookie", ""))
check(st == 200 and m and "SameSite=Lax" in h["set-cookie"], "the day page gives a new visitor a ballot cookie")
cookie = {"Cookie": "__Host-salle-ballot=" + m.group(1)}
check("script-src 'self'" in h["content-security-policy"] and "unsafe-inline" not in h["content-security-policy"]
      and '<script src="/_salle/interest.js"' in page and "<script>" not in page,
      "the ballot page's only script is the external file; the CSP allows no inline script")
boxes = re.findall(r'type="checkbox" id="s(\d+)" name="s" value="([^"]+)"', page)
check(len(boxes) >= 3 and 'aria-live="polite"' in page and 'type="submit"' in page,
      "one form for the day: checkboxes, a live region and a submit button")
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
st2, h2, page2 = srv.req("GET", "/interest/" + day, headers=cookie)
check(re.findall(r'value="([^"]+)"><label', page2.decode()) == re.findall(r'value="([^"]+)"><label', page),
      "the same visitor sees the same order again")
orders = set()
for _ in range(4):
    _, _, p = srv.req("GET", "/interest/" + day)
    orders.add(tuple(re.findall(r'name="s" value="([^"]+)"', p.decode())))
check(len(orders) > 1, "other visitors see other orders (shuffled per visitor)")
form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": srv.base, "Sec-Fetch-Site": "same-origin"}
other_day = inst["event"]["days"][1]
_, _, op = srv.req("GET", "/interest/" + other_day, headers=cookie)
ocsrf = re.search(r'name="csrf" value="([^"]+)"', op.decode()).group(1)
oid = re.findall(r'name="s" value="([^"]+)"', op.decode())[0]
st, h, _ = srv.req("POST", "/interest/" + other_day, urllib.parse.urlencode({"csrf": ocsrf, "s": oid}),
                   dict(form, **cookie))
check(st == 303, "a mark on another day is saved (303)")
chosen = [boxes[0][1], boxes[1][1]]
body = urllib.parse.urlencode([("csrf", csrf)] + [("s", c) for c in chosen])
st, h, _ = srv.req("POST", "/interest/" + day, body, dict(form, **{"Cookie": cookie["Cookie"]}))
check(st == 303 and h["location"].endswith("?saved=1"), "the day form saves and goes back to the day (303)")
st, h, page = srv.req("GET", h["location"], headers=cookie)
page = page.decode()
check("Saved. You plan to attend 3 sessions" in page and all(
    re.search(r'value="%s" checked' % re.escape(c), page) for c in chosen),
      "the day page says what was saved and shows the boxes checked; the other day's mark stays")
st, h, _ = srv.req("POST", "/interest/" + day, urllib.parse.urlencode({"csrf": "x" * 43, "s": chosen[0]}),
                   dict(form, **cookie))
check(st == 403, "a day form with a wrong CSRF token: 403")
st, h, _ = srv.req("POST", "/interest/" + day, body, dict(form, **cookie, Origin="https://evil.example",
                                                          **{"Sec-Fetch-Site": "cross-site"}))
check(st == 403, "a day form from another site: 403")
st, h, data = srv.req("POST", "/interest/toggle", urllib.parse.urlencode({"csrf": csrf, "session": chosen[0], "on": "0"}),
                      dict(form, **cookie))
j = json.loads(data)
check(st == 200 and j == {"session": chosen[0], "marked": False, "count": 2}, "the toggle unmarks one session: JSON with the count")
st, h, _ = srv.req("GET", "/interest/keep/" + m.group(1))
check(st == 303 and m.group(1) in h.get("set-cookie", ""), "the link to keep puts the ballot in another browser")

# ---- the admin's page and an organizer's page
st, acookie, _ = sign_in(srv, run("admin-link", "--db", DB).stdout.strip())
st, h, page = srv.req("GET", "/admin", cookie=acookie)
page = page.decode()
check("Attendee interest" in page and "401 ballots" not in page and re.search(r"40\d ballots name", page)
      and "The strongest co-interest pairs" in page and 'action="/admin/interest"' in page,
      "the admin's page: ballots, counts, the strongest pairs, the settings form")
hot = placed[3]
org = next(s for s in inst["sessions"] if s["id"] == hot)
person = (org.get("organizers") or org.get("speakers"))[0]
st, ocookie, _ = sign_in(srv, run("organizer-link", "--db", DB, "--person", person).stdout.strip())
srv.api("POST", "/api/v1/interest/settings", {"turnout": 100}, token=tok)  # more than any room holds
st, h, page = srv.req("GET", "/me", cookie=ocookie)
page = page.decode()
row = re.search(r"<tr><td>%s</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(.*?)</td></tr>" % re.escape(hot), page)
st, j = srv.api("GET", "/api/v1/interest/summary?top=0", token=tok)
now = {x["id"]: x for x in j["sessions"]}  # the pages above may have marked it too
check(row and int(row.group(1)) == now[hot]["count"] and int(row.group(2)) == now[hot]["attendance"],
      "the organizer's page shows their session's marks and expected attendance")
words = ("Full" if int(row.group(2)) >= int(row.group(3)) else "Likely full"
         if int(row.group(2)) * 10 >= int(row.group(3)) * 9 else "Has room") if row else None
check(row and words == "Full" and "<strong>Full</strong>" == row.group(4),
      "and says Full in words when the expected attendance passes the room's size (%s)" % (row and row.group(4)))
srv.api("POST", "/api/v1/interest/settings", {"turnout": 1}, token=tok)
st, h, page = srv.req("GET", "/me", cookie=ocookie)
row = re.search(r"<tr><td>%s</td><td>\d+</td><td>(\d+)</td><td>(\d+)</td><td>(.*?)</td></tr>" % re.escape(hot), page.decode())
check(row and int(row.group(1)) * 10 < int(row.group(2)) * 9 and row.group(3) == "Has room",
      "and \"Has room\" when it is below 90% of the places")

# ---- closing
st, j = srv.api("POST", "/api/v1/interest/settings", {"closes": int(time.time()) - 5}, token=tok)
check(st == 200 and j["open"] is False, "the admin closes collection by date")
st, h, j = post({"token": t1, "sessions": [placed[0]]})
check(st == 409 and "closed" in j["error"], "a mark after the closing date: 409 saying it is closed")
st, h, page = srv.req("GET", "/interest/" + day, headers=cookie)
check("Collection closed" in page.decode() and 'type="submit"' not in page.decode(), "the day page says closed and has no submit")
st, j = srv.api("POST", "/api/v1/interest/settings", {"closes": 0, "close_at_next_publication": True}, token=tok)
st, h, j = post({"token": t1, "sessions": [placed[0]]})
check(st == 200, "open again until the next publication")
st, j = srv.api("POST", "/api/v1/publish", {"note": "v2"}, token=tok)
check(st == 201 and j["version"] == 2, "publish version 2 (%s)" % j)
st, h, j = post({"token": t1, "sessions": [placed[1]]})
check(st == 409 and "version 2" in j["error"], "after the next publication marks are refused (409)")
rc, rest = srv.stop(15)
# the group commit's counters, printed when the server stops (bench/serve.sh reads them)
m = re.search(r"interest writes: (\d+) in (\d+) commits \([\d.]+ a commit, largest (\d+), (\d+) failed\)"
              r"; store lock and BEGIN p50 [\d.]+ p99 [\d.]+ max [\d.]+ ms.*; a write queued to answered "
              r"p50 [\d.]+ p99 [\d.]+ max [\d.]+ ms", rest)
check(rc == 0 and m and int(m.group(1)) >= 800 and 1 <= int(m.group(2)) <= int(m.group(1))
      and int(m.group(3)) >= 1 and m.group(4) == "0",
      "at stop the server prints its group commit's counters: the 800 writes of the threads and "
      "more, no more commits than writes, none failed (%s)" % (m.group(0) if m else rest[-300:]))

# ---- the rate limit, configurable
srv2 = Server("--interest-rate", "5")
codes = []
for i in range(7):
    st, h, j = post({"sessions": []}, s=srv2)
    codes.append((st, h.get("retry-after")))
check(all(c != 429 for c, _ in codes[:5]) and codes[5][0] == 429 and 1 <= int(codes[5][1]) <= 60,
      "the 6th write in a minute with --interest-rate 5: 429 with Retry-After (%s)" % codes[5:])
rc, rest = srv2.stop(15)
check(all(c == 409 for c, _ in codes[:5]) and "interest writes" not in rest,
      "the collection is closed (version 2), so no write was taken and no counters are printed "
      "(%s, %s)" % (codes[:5], rest[-200:]))
finish()
