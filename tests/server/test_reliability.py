#!/usr/bin/python3
"""tests/server/test_reliability.py SALLE: `salle serve` under stress and attack (issue 9 point 11).

1. SIGKILL during 1,000 answers (with --durability process, the weaker of the two promises) from 16 concurrent clients: after the restart every answer that got
   a success response is in the store exactly as answered, and no answer that got a refusal is;
   a request has at most one successful answer.
2. The authorization matrix: every route for the public, the organizer of the session, the
   organizer of another session, an admin signed in by link, the API token, and expired, used
   and superseded links.
3. Request parsing fuzzed: random bodies and content types on every POST route never get a 5xx
   and never stop the server.
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SALLE, DB, INST, Server, check, close_busiest_rooms, csrf_of, finish, run, sign_in, sql  # noqa: E402

subprocess.run([SALLE, "gen", "--sessions", "80", "--seed", "4", "-o", INST], check=True)
inst = json.load(open(INST))
organizers = {s["id"]: (s.get("organizers") or s.get("speakers") or []) for s in inst["sessions"]}

# --durability process (no fsync per commit) is the weaker promise: commits survive SIGKILL.
srv = Server("--import", INST, "--durability", "process")
tok = run("admin-token", "--db", DB).stdout.strip()
st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 40000}, token=tok)
job = j["job"]
while True:
    st, j = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
    if j["state"] in ("done", "failed"):
        break
st, j = srv.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok)
check(st == 201, "publish version 1")
st, prog = srv.api("GET", "/api/v1/programme")
# Close the three busiest rooms on the first day until 18:00: many published sessions must move.
day = inst["event"]["days"][0]
close_busiest_rooms(srv, tok, prog, day, 3)
st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
reqs = [m["request"] for m in prop["moves"] if m["kind"] == "moved"]
check(len(reqs) >= 5, "the re-plan asks %d sessions to move" % len(reqs))

# ---------------------------------------------------------------- 1. SIGKILL during answers
results = []          # (request, note, status, state) of every answer that got a response
lock = threading.Lock()
sent = [0]
kill_at = 500


def client(k):
    rnd = random.Random(k)
    for i in range(1000 // 16 + 1):
        with lock:
            if sent[0] >= 1000:
                return
            sent[0] += 1
        rid = rnd.choice(reqs)
        verb = rnd.choice(["accept", "decline"])
        note = "client %d answer %d" % (k, i)
        try:
            st, j = srv.api("POST", "/api/v1/requests/%d/%s" % (rid, verb), {"note": note}, token=tok)
        except Exception:
            continue  # killed before the answer came back
        with lock:
            results.append((rid, note, st, j.get("state")))


threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
for t in threads:
    t.start()
while True:
    with lock:
        if sent[0] >= kill_at or not any(t.is_alive() for t in threads):
            break
srv.p.kill()
srv.p.wait()
for t in threads:
    t.join()
srv = Server("--durability", "process")
ok = [r for r in results if r[2] == 200]
refused = [r for r in results if r[2] != 200]
check(len(results) > 50 and len(ok) >= 1, "%d answers got a response before SIGKILL (%d accepted, %d refused)"
      % (len(results), len(ok), len(refused)))
check(all(r[2] == 409 for r in refused), "every refused answer was a 409 (already answered)")
per = {}
for r in ok:
    per.setdefault(r[0], []).append(r)
check(all(len(v) == 1 for v in per.values()), "a request has at most one successful answer")
lost = 0
for rid, v in per.items():
    st, j = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
    if j.get("note") != v[0][1] or j.get("state") != v[0][3]:
        lost += 1
check(lost == 0, "after restart every answer that got a success response is there as answered")
phantom = 0
for rid, note, st, state in refused:
    st, j = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
    if j.get("note") == note:
        phantom += 1
check(phantom == 0, "no answer that was refused is recorded")

# ---------------------------------------------------------------- 2. authorization matrix
pending = [r for r in reqs if srv.api("GET", "/api/v1/requests/%d" % r, token=tok)[1]["state"] == "pending"]
if not pending:  # everything got answered: a new disruption makes new requests
    st, prog = srv.api("GET", "/api/v1/programme")
    day2 = inst["event"]["days"][1]
    busy = {}
    for a in prog["assignments"]:
        if a["start"].startswith(day2):
            busy[a["room"]] = busy.get(a["room"], 0) + 1
    srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": max(busy, key=busy.get),
                                            "from": day2 + "T00:00", "to": day2 + "T18:00"}, token=tok)
    st, prop = srv.api("POST", "/api/v1/replan", {"seed": 2, "iterations": 20000}, token=tok)
    pending = [m["request"] for m in prop["moves"] if m["kind"] == "moved"]
check(len(pending) > 0, "a pending request for the matrix")
R = pending[0]
S = srv.api("GET", "/api/v1/requests/%d" % R, token=tok)[1]["session"]
org = organizers[S][0]
other = next(p for s, ps in organizers.items() for p in ps if p not in organizers[S])
third = next(p for s, ps in organizers.items() for p in ps if p not in organizers[S] and p != other)


def link_for(person):
    return srv.api("POST", "/api/v1/people/%s/link" % person, {}, token=tok)[1]["link"]


c_org = sign_in(srv, link_for(org))[1]
c_other = sign_in(srv, link_for(other))[1]
c_admin = sign_in(srv, run("admin-link", "--db", DB).stdout.strip())[1]
check(all([c_org, c_other, c_admin]), "organizer, other organizer and admin signed in")
used = link_for(third)
sign_in(srv, used)
superseded = link_for(third)
link_for(third)
expired = link_for(other)
sql(DB, "UPDATE tokens SET expires = 1 WHERE id = (SELECT MAX(id) FROM tokens)")
path = lambda link: urllib.parse.urlparse(link).path  # noqa: E731
for name, link, want in (("used", used, 410), ("superseded", superseded, 410), ("expired", expired, 410),
                         ("made-up", "/signin/" + "Q" * 43, 404), ("malformed", "/signin/abc", 404)):
    st, h, body = srv.req("GET", path(link))
    st2, c, _ = (st, None, None) if st != 200 else sign_in(srv, link)
    check(st == want and c is None, "link %s: %d and no sign-in" % (name, want))

csrf_org = csrf_of(srv, "/requests/%d" % R, c_org)
csrf_other = csrf_of(srv, "/me", c_other)
csrf_admin = csrf_of(srv, "/admin", c_admin)
form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": srv.base}
roles = ["public", "organizer", "other", "admin", "api"]


def call(role, method, route, body=None, formbody=None):
    cookie = {"organizer": c_org, "other": c_other, "admin": c_admin}.get(role)
    if formbody is not None:
        csrf = {"organizer": csrf_org, "other": csrf_other, "admin": csrf_admin}.get(role, "")
        return srv.req(method, route, urllib.parse.urlencode(dict(formbody, csrf=csrf or "")), form,
                       cookie=cookie)[0]
    return srv.req(method, route, body, token=tok if role == "api" else None, cookie=cookie)[0]


A = 401  # what the API answers every role but the token
matrix = [
    ("GET", "/api/v1/programme", None, None, [200, 200, 200, 200, 200]),
    ("POST", "/api/v1/solve", {"iterations": "x"}, None, [A, A, A, A, 400]),
    ("GET", "/api/v1/jobs/1", None, None, [A, A, A, A, 200]),
    ("POST", "/api/v1/disruptions", {"kind": "nothing"}, None, [A, A, A, A, 400]),
    ("POST", "/api/v1/replan", {"iterations": "x"}, None, [A, A, A, A, 400]),
    ("GET", "/api/v1/requests", None, None, [A, A, A, A, 200]),
    ("GET", "/api/v1/requests/%d" % R, None, None, [A, A, A, A, 200]),
    ("POST", "/api/v1/requests/%d/accept" % R, {}, None, [A, A, A, A, 400]),
    ("POST", "/api/v1/requests/%d/decline" % R, {}, None, [A, A, A, A, 400]),
    ("POST", "/api/v1/publish", {}, None, [A, A, A, A, 409]),
    ("GET", "/api/v1/draft", None, None, [A, A, A, A, 200]),
    ("POST", "/api/v1/people/%s/email" % org, {}, None, [A, A, A, A, 400]),
    ("GET", "/me", None, None, [401, 200, 200, 303, 401]),
    ("GET", "/admin", None, None, [401, 403, 403, 200, 401]),
    ("GET", "/requests/%d" % R, None, None, [401, 200, 404, 200, 401]),
    ("POST", "/requests/%d" % R, None, {"answer": "bogus"}, [401, 400, 404, 403, 401]),
    ("POST", "/signout", None, {}, [401, 200, 200, 200, 401]),
]
# sign-out last, since it ends the sessions
for method, route, body, fb, want in matrix:
    got = [call(role, method, route, body, fb) for role in roles]
    check(got == want, "%s %s: %s (want %s)" % (method, route, got, want))
got = [call(role, "GET", "/me") for role in ("organizer", "other", "admin")]
check(got == [401, 401, 401], "after sign-out the cookies are dead: %s" % got)
st, j = srv.api("GET", "/api/v1/requests/%d" % R, token=tok)
check(j["state"] == "pending", "nothing in the matrix answered the request")

# ---------------------------------------------------------------- 3. fuzzing the parsers
rnd = random.Random(9)
routes = ["/api/v1/solve", "/api/v1/disruptions", "/api/v1/replan", "/api/v1/requests/%d/accept" % R,
          "/api/v1/requests/%d/decline" % R, "/api/v1/publish", "/signin", "/requests/%d" % R,
          "/api/v1/people/%s/email" % org, "/signout"]
ctypes = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
          "text/plain", None]
seeds = [b'{"kind": "room_closed", "room": "salle-1", "from": "2018-11-12T09:00", "to": "2018-11-12T10:00"}',
         b"token=abc&csrf=def&answer=alt:room@2018", b'{"note": "x", "room": "r", "start": "s"}',
         b"answer=accept&csrf=%zz%00&&&==", b'{"seed": 1e999, "iterations": -1}', b"[]", b'"x"', b"{}"]
bad = 0
for i in range(600):
    body = bytearray(rnd.choice(seeds))
    for _ in range(rnd.randrange(0, 8)):
        op = rnd.randrange(3)
        pos = rnd.randrange(len(body) + 1)
        if op == 0:
            body[pos:pos] = bytes([rnd.randrange(256)])
        elif op == 1 and body:
            del body[pos % len(body)]
        elif body:
            body[pos % len(body)] = rnd.randrange(256)
    h = {"Origin": srv.base}
    ct = rnd.choice(ctypes)
    if ct:
        h["Content-Type"] = ct
    st = srv.req("POST", rnd.choice(routes), bytes(body), h, token=tok if rnd.random() < 0.7 else None)[0]
    if st >= 500:
        bad += 1
check(bad == 0, "600 fuzzed requests: no 5xx (%d)" % bad)
st, _, _ = srv.req("GET", "/api/v1/programme")
check(st == 200 and srv.p.poll() is None, "the server still answers after the fuzzing")
srv.stop(signal.SIGTERM)
finish()
