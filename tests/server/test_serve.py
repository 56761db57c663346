#!/usr/bin/python3
"""tests/server/test_serve.py SALLE: `salle serve` end to end (issue 9, docs/api.md, docs/workflow.md).

Starts the server on 127.0.0.1 with a free port and a temporary folder, drives the JSON API and the
organizers' pages as a script and a browser would, asserts on what they return and on the public
files, restarts it after SIGKILL, and stops it with SIGTERM. Every published schedule is checked by
the independent checker (salle check).
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SALLE, TMP, DB, PUB, INST, Server, check, new_db, query, run, sign_in, finish, stored_bytes  # noqa: E402

subprocess.run([SALLE, "gen", "--sessions", "30", "--seed", "2", "-o", INST], check=True)
inst = json.load(open(INST))
organizers = {s["id"]: (s.get("organizers") or s.get("speakers") or []) for s in inst["sessions"]}

srv = Server("--import", INST)
tok = run("admin-token", "--db", DB).stdout.strip()
check(len(tok) == 43, "admin-token prints a 43-character token")
# the token is stored only hashed: its text appears nowhere in the database files
stored = stored_bytes(DB)
check(tok.encode() not in stored,
      "the API token is not stored in clear")

st, j = srv.api("GET", "/api/v1/programme")
check(st == 404 and "nothing is published" in j.get("error", ""), "programme before publishing: 404 in words")
st, j = srv.api("POST", "/api/v1/solve", {})
check(st == 401 and "Bearer" in j["error"], "solve without a token: 401 saying how to authenticate")
st, j = srv.api("POST", "/api/v1/solve", {}, token="x" * 43)
check(st == 401, "solve with a wrong token: 401")
st, j = srv.api("POST", "/api/v1/solve", {"iterations": "many"}, token=tok)
check(st == 400 and "iterations" in j["error"], "bad solve options: 400 naming the key")
st, h, data = srv.req("POST", "/api/v1/disruptions", "{\"kind\": ", {"Content-Type": "application/json"}, token=tok)
check(st == 400 and "line 1" in json.loads(data)["error"], "a body that is not JSON: 400 with line and column")

st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 30000}, token=tok)
check(st == 202 and j["state"] == "queued", "solve is a background job (202)")
job = j["job"]
for _ in range(300):
    st, j = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
    if j.get("state") in ("done", "failed"):
        break
    time.sleep(0.1)
check(j.get("state") == "done" and j["result"]["hard"] == 0, "the solve job finishes with no hard violation")

st, j = srv.api("POST", "/api/v1/publish", {"note": "first programme"}, token=tok)
check(st == 201 and j["version"] == 1, "publish version 1")
st, prog = srv.api("GET", "/api/v1/programme")
check(st == 200 and prog["version"] == 1 and len(prog["assignments"]) == 30,
      "GET /api/v1/programme: the published schedule with its version")
r = run("check", "--quiet", INST, os.path.join(PUB, "salle-schedule.json"))
check(r.returncode == 0, "the published schedule passes the independent checker")
for f in ("index.html", "schedule.xml", "schedule.json", "programme.ics", "version.json"):
    check(os.path.exists(os.path.join(PUB, f)), "public folder has " + f)

st, h, body = srv.req("GET", "/")
check(st == 200 and b"<html" in body and h.get("etag"), "the public folder is served at / with an ETag")
st2, h2, _ = srv.req("GET", "/", headers={"If-None-Match": h.get("etag", "")})
check(st2 == 304, "a matching If-None-Match gets 304")
check("max-age" in h.get("cache-control", ""), "static files carry caching headers")
st, h, _ = srv.req("GET", "/../db.sqlite")
check(st == 404, "no path leaves the public folder")

# A disruption: the room of one published session closes from its start to the evening.
target = prog["assignments"][0]
for a in prog["assignments"]:
    if organizers.get(a["session"]):
        target = a
        break
day = target["start"][:10]
st, j = srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": "nope",
                                                "from": day + "T09:00", "to": day + "T10:00"}, token=tok)
check(st == 404 and "nope" in j["error"], "a disruption naming an unknown room: 404 naming it")
st, j = srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": target["room"],
                                                "from": target["start"], "to": day + "T18:30"}, token=tok)
check(st == 201, "record a disruption: room closed")
st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
moves = [m for m in prop.get("moves", []) if m["kind"] == "moved"]
check(st == 200 and moves and all(isinstance(m.get("request"), int) for m in moves),
      "re-plan returns a proposal whose moves each carry a request id")
mv = next((m for m in moves if m["session"] == target["session"]), moves[0] if moves else None)
check(mv is not None and mv["session"] == target["session"], "the closed room's session is asked to move")
rid = mv["request"]

st, j = srv.api("POST", "/api/v1/publish", {}, token=tok)
check(st == 409 and j.get("reasons") and any(target["session"] in x for x in j["reasons"]),
      "publish is refused (409) with the checker's words while the move is pending")
st, p = srv.api("GET", "/api/v1/programme")
old = next(a for a in p["assignments"] if a["session"] == mv["session"])
check(p["version"] == 1 and old["room"] == mv["from"]["room"] and old["start"] == mv["from"]["start"],
      "until accepted, the public programme keeps the old place")

st, rq = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
check(st == 200 and rq["state"] == "pending" and rq["reason"] and len(rq["alternatives"]) <= 3,
      "GET /api/v1/requests/{id}: pending, with the reason and at most three alternatives")

# The organizer of that session signs in by magic link.
person = organizers[mv["session"]][0]
st, j = srv.api("POST", "/api/v1/people/%s/link" % person, {}, token=tok)
check(st == 201 and "/signin/" in j["link"], "an organizer's sign-in link")
link = j["link"]
path = urllib.parse.urlparse(link).path
st1, _, _ = srv.req("GET", path)
st2, _, _ = srv.req("GET", path)
check(st1 == 200 and st2 == 200, "a link's GET only shows a page (twice: nothing was used)")
st, h, page = srv.req("GET", path)
csrf = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)
token_text = path.split("/")[-1]
hdr = {"Content-Type": "application/x-www-form-urlencoded"}
st, _, _ = srv.req("POST", "/signin", urllib.parse.urlencode({"token": token_text}), hdr)
check(st == 403, "sign-in POST without the CSRF token: 403")
st, _, _ = srv.req("POST", "/signin", urllib.parse.urlencode({"token": token_text, "csrf": csrf}),
                   dict(hdr, Origin="http://evil.example"))
check(st == 403, "sign-in POST from another origin: 403")
st, _, _ = srv.req("POST", "/signin", urllib.parse.urlencode({"token": token_text, "csrf": csrf}),
                   dict(hdr, **{"Sec-Fetch-Site": "cross-site"}))
check(st == 403, "sign-in POST with Sec-Fetch-Site cross-site: 403")
st, cookie, h = sign_in(srv, link)
sc = h.get("set-cookie", "") if isinstance(h, dict) else ""
check(st == 303 and cookie and "HttpOnly" in sc and "SameSite=Lax" in sc and "Secure" in sc
      and "Path=/" in sc, "sign-in sets a __Host- cookie: HttpOnly, SameSite=Lax, Secure, Path=/")
st, _, _ = srv.req("GET", path)
check(st == 410, "a used link no longer works (410)")

st, h, body = srv.req("GET", "/me", cookie=cookie)
check(st == 200 and ("/requests/%d" % rid).encode() in body, "the organizer's page lists the request")
check("script-src" not in h.get("content-security-policy", "") and
      "default-src 'none'" in h.get("content-security-policy", ""), "server pages: CSP without script")
st, h, body = srv.req("GET", "/requests/%d" % rid, cookie=cookie)
page = body.decode()
check(st == 200 and mv["session"] in page and mv["reason"].split(" ")[0] in page and "Send answer" in page,
      "the request page says what would move, where and why, with the answer form")
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
st, _, _ = srv.req("POST", "/requests/%d" % rid, urllib.parse.urlencode({"answer": "accept"}),
                   dict(hdr, Origin=srv.base), cookie=cookie)
check(st == 403, "an answer without the CSRF token: 403")
st, _, body = srv.req("POST", "/requests/%d" % rid, urllib.parse.urlencode({"csrf": csrf}),
                      dict(hdr, Origin=srv.base), cookie=cookie)
check(st == 400 and b"There is a problem" in body, "no answer chosen: the error summary")
st, h, body = srv.req("POST", "/requests/%d" % rid, urllib.parse.urlencode({"csrf": csrf, "answer": "accept"}),
                      dict(hdr, Origin=srv.base), cookie=cookie)
check(st == 200 and b"Check your answer" in body and b'name="confirm"' in body,
      "choosing an answer shows the check-your-answer page first")
st, rq = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
check(rq["state"] == "pending", "the check page records nothing")
st, h, _ = srv.req("POST", "/requests/%d" % rid, urllib.parse.urlencode({"csrf": csrf, "answer": "accept",
                                                                        "confirm": "yes"}),
                   dict(hdr, Origin=srv.base), cookie=cookie)
check(st == 303, "the organizer confirms the accept (303 back to the request)")
st, rq = srv.api("GET", "/api/v1/requests/%d" % rid, token=tok)
check(rq["state"] == "accepted" and rq["answered_by"] == person and rq["on_behalf"] is False,
      "the request is accepted by that organizer")
st, p = srv.api("GET", "/api/v1/programme")
check(p["version"] == 1, "accepting alone publishes nothing")

# Another session's organizer sees nothing of this request.
other = next((pp for s, ps in organizers.items() for pp in ps
              if s != mv["session"] and pp not in organizers[mv["session"]]), None)
st, j = srv.api("POST", "/api/v1/people/%s/link" % other, {}, token=tok)
st, cookie2, _ = sign_in(srv, j["link"])
st, _, _ = srv.req("GET", "/requests/%d" % rid, cookie=cookie2)
check(st == 404, "an organizer of another session gets 404 for the request page")
st, _, _ = srv.req("GET", "/api/v1/requests/%d" % rid, cookie=cookie2)
check(st == 401, "the API does not take an organizer's cookie")

# The rest: admin accepts on behalf, with a note.
for m in moves:
    if m["request"] == rid:
        continue
    st, j = srv.api("POST", "/api/v1/requests/%d/accept" % m["request"], {}, token=tok)
    check(st == 400 and "note" in j["error"], "accept on behalf without a note: 400")
    st, j = srv.api("POST", "/api/v1/requests/%d/accept" % m["request"], {"note": "phone call"}, token=tok)
    check(st == 200 and j["state"] == "accepted" and j["on_behalf"] is True, "admin accepts on behalf, recorded as such")
st, j = srv.api("POST", "/api/v1/requests/%d/accept" % rid, {"note": "again"}, token=tok)
check(st == 409, "a request takes one answer only (409)")
st, d = srv.api("GET", "/api/v1/draft", token=tok)
check(st == 200 and ("moved " + mv["session"]) in d["changes"] and d["hard"] == 0,
      "the draft's changes from the published version, in words, before publishing")
st, j = srv.api("POST", "/api/v1/publish", {"note": "room closed"}, token=tok)
check(st == 201 and j["version"] == 2, "publish version 2 once every move is accepted")
st, p = srv.api("GET", "/api/v1/programme")
new = next(a for a in p["assignments"] if a["session"] == mv["session"])
check(p["version"] == 2 and new["room"] == mv["to"]["room"] and new["start"] == mv["to"]["start"],
      "the accepted place is public in version 2")
check(os.path.exists(os.path.join(PUB, "changes.html")) and os.path.exists(os.path.join(PUB, "changes.atom")),
      "publishing writes the changelog and the Atom feed")
with open(os.path.join(PUB, "index.html"), encoding="utf-8") as fh:
    page = fh.read()
check('<p class="version">Version 2, published' in page, "the public pages say which numbered version they show")
st, h3, _ = srv.req("GET", "/", headers={"If-None-Match": h.get("etag", "x")})
check(st == 200, "the ETag changes with a new version")

# A decline pins the session: the next disruption's request for it is declined; it stays.
a2 = next(a for a in p["assignments"] if organizers.get(a["session"]) and a["session"] != mv["session"])
st, j = srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": a2["room"],
                                                "from": a2["start"], "to": a2["start"][:10] + "T18:30"}, token=tok)
st, prop = srv.api("POST", "/api/v1/replan", {"seed": 2, "iterations": 20000}, token=tok)
# the session to decline: one the re-plan moves out of the closed room (the first one found may
# have nowhere else to go, and is then reported unplaced instead)
m2 = next((m for m in prop.get("moves", []) if m["kind"] == "moved" and m["from"]["room"] == a2["room"]), None)
if m2:
    a2 = next(a for a in p["assignments"] if a["session"] == m2["session"])
    st, j = srv.api("POST", "/api/v1/requests/%d/decline" % m2["request"], {"note": "they stay"}, token=tok)
    check(st == 200 and j["state"] == "declined", "admin declines on behalf")
    st, j = srv.api("POST", "/api/v1/publish", {}, token=tok)
    check(st == 409 and any(a2["session"] in x for x in j.get("reasons", [])),
          "publishing the declined session in a closed room is refused with the checker's words")
    st, prop = srv.api("POST", "/api/v1/replan", {"seed": 3, "iterations": 20000}, token=tok)
    check(all(m["session"] != a2["session"] or m["kind"] == "stuck" for m in prop.get("moves", [])),
          "after a decline the re-plan never moves that session")
else:
    check(False, "the second disruption moved nothing out of " + a2["room"] + ": " + json.dumps(prop)[:1500])

# Admin sign-in link, single use and superseded by a newer one.
l1 = run("admin-link", "--db", DB).stdout.strip()
l2 = run("admin-link", "--db", DB).stdout.strip()
st, _, _ = srv.req("GET", urllib.parse.urlparse(l1).path)
check(st == 410, "an admin link superseded by a newer one: 410")
st, acookie, _ = sign_in(srv, l2)
st, _, body = srv.req("GET", "/admin", cookie=acookie)
check(st == 200 and b"Programme administration" in body, "the admin signs in by link and sees the overview")
st, _, _ = srv.req("GET", "/admin", cookie=cookie)
check(st == 403, "an organizer may not see the admin's page")

# Body size limit.
st, _, _ = srv.req("POST", "/api/v1/disruptions", "x" * (2 << 20), {"Content-Type": "application/json"}, token=tok)
check(st == 413, "a body over the limit: 413")

# A job survives SIGKILL: queued or running, it finishes after the restart. The kill comes as soon
# as the job is accepted, and the store says what it was at that moment: polling for "running"
# first raced with the job itself, which at this point of the test was seen done within the same
# second (a quiet machine, or one core free while others were busy). A budget of moves alone let
# the job end before the kill: 1,000,000 moves on this programme took 0.33 s once construction got
# faster, and a loaded machine can leave the test unscheduled that long. So the job's length is
# set by its time limit (4 s), which the budget does not reach.
st, j = srv.api("POST", "/api/v1/solve", {"seed": 5, "iterations": 1000000000, "time_limit": 4}, token=tok)
job = j["job"]
srv.p.kill()
srv.p.wait()
at_kill = query(DB, "SELECT state FROM jobs WHERE id = ?", job)[0][0]
check(at_kill in ("queued", "running"), "the job is queued or running when the server is killed: %s" % at_kill)
srv = Server()
for _ in range(600):
    st, jj = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
    if jj.get("state") in ("done", "failed"):
        break
    time.sleep(0.1)
check(jj.get("state") == "done", "a solve job killed with the server finishes after the restart")
st, p = srv.api("GET", "/api/v1/programme")
check(p["version"] == 2, "published versions survive SIGKILL")

# Last, since it locks this address out for a minute:
codes = [srv.req("GET", "/signin/" + "A" * 43)[0] for _ in range(25)]
check(codes[0] == 404 and codes[-1] == 429, "failed link look-ups are rate limited (429)")
st, j = srv.api("GET", "/api/v1/jobs/1", token=tok)
check(st == 429, "while limited, even a valid token waits (429)")

rc, rest = srv.stop(signal.SIGTERM)
check(rc == 0 and "stopping" in rest, "SIGTERM stops the server cleanly (exit 0)")
r = run("serve", "--db", DB, "--public", PUB, "--import", INST, "--listen", "127.0.0.1:0")
check(r.returncode == 2 and "already holds a programme" in r.stderr, "--import into a non-empty database is refused")

# The admin's pages, from an empty database: upload, solve with a progress page, publish, a
# disruption, re-plan, publishing refused in the checker's words.
DB2 = new_db("db2")
srv = Server(db=DB2, pub=os.path.join(TMP, "public2"))
st, ac, _ = sign_in(srv, run("admin-link", "--db", DB2).stdout.strip())
st, h, body = srv.req("GET", "/admin", cookie=ac)
page = body.decode()
check(st == 200 and 'type="file"' in page, "an empty database: the admin's page offers the upload")
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
bnd = "salleboundary42"
mp = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
      "--%s\r\nContent-Disposition: form-data; name=\"programme\"; filename=\"inst.json\"\r\n"
      "Content-Type: application/json\r\n\r\n%s\r\n--%s--\r\n") % (bnd, csrf, bnd, open(INST).read(), bnd)
fh = {"Origin": srv.base, "Content-Type": "multipart/form-data; boundary=" + bnd}
st, h, body = srv.req("POST", "/admin/upload", mp.encode(), fh, cookie=ac)
check(st == 303, "upload a programme from the page")
st, h, body = srv.req("GET", "/admin", cookie=ac)
check(b"The programme to publish" in body and b"Record a disruption" in body, "the draft and the admin's forms")
ff = {"Origin": srv.base, "Content-Type": "application/x-www-form-urlencoded"}
post = lambda path, **kv: srv.req("POST", path, urllib.parse.urlencode(dict(kv, csrf=csrf)), ff, cookie=ac)  # noqa: E731
st, h, body = post("/admin/solve")
check(st == 303 and "/admin/jobs/" in h.get("location", ""), "solve from the page: a job with its own page")
jobpage = h.get("location", "/admin/jobs/1")
for _ in range(600):
    st, h, body = srv.req("GET", jobpage, cookie=ac)
    if b"<progress" in body and b"Check the progress again" not in body:
        break
    time.sleep(0.2)
check(b'value="100"' in body and b"done" in body, "the job page shows the progress bar and ends done")
res = re.search(r"<p>The new draft places (\d+) of its (\d+) sessions?\. It breaks (no hard rule|\d+ hard rules?)\. "
                r"Its soft score is (\d+) \(lower is better\)\.</p>", body.decode())
check(res and int(res.group(2)) == len(json.load(open(INST))["sessions"]) and 0 < int(res.group(1)) <= int(res.group(2))
      and b'{"hard"' not in body, "the job page says the solve's result in words, not its JSON: %r" % (res and res.group(0)))
st, h, body = post("/admin/replan")
check(st == 400 and b"Nothing is published yet, so no move needs its organizers&#39; consent" in body.replace(b"&#x27;", b"&#39;")
      or b"Nothing is published yet, so no move needs its organizers' consent" in body,
      "re-planning before anything is published: refused in the page's words")
st, h, body = post("/admin/publish", note="from the page")
check(st == 200 and b"Version 1 is published" in body, "publish from the page")
p2 = json.load(open(os.path.join(TMP, "public2", "salle-schedule.json")))
a0 = p2["assignments"][0]
st, h, body = post("/admin/disruption", kind="room_closed", id=a0["room"], **{"from": a0["start"]},
                   to=a0["start"][:10] + "T18:30")
check(st == 200 and ("Recorded: room %s is closed from " % a0["room"]).encode() in body and
      b"Re-plan to move its sessions." in body and b"disruption room_closed" not in body,
      "record a disruption from the page: the notice in the page's words")
st, h, body = post("/admin/disruption", kind="room_closed", id="nowhere", **{"from": "x"}, to="y")
check(st == 400 and b"There is a problem" in body and b"nowhere" in body, "a bad disruption: the error summary names it")
st, h, body = post("/admin/replan")
# The notice is made from the proposal's moves in the page's language (English here), not the
# command line's summary: a count, then one line per move linking its request, with its reason.
page = body.decode()
note = re.search(r'<div role="status">(.*?)</div>', page, re.S)
note = note.group(1) if note else ""
count = re.search(r"The re-plan proposes (\d+) moves?\.", note)
lines = re.findall(r'<li><bdi><a href="/requests/(\d+)">([^<]*) moves to ([^<]*)</a></bdi><br>([^<]+)</li>', note)
check(st == 200 and count and int(count.group(1)) == len(lines) >= 1 and
      a0["session"] in [ln[1] for ln in lines] and all(ln[3].strip() for ln in lines),
      "re-plan from the page: the moves in English words, counted, each linked to its request with its reason: %r" % note[:600])
check(("moved " + a0["session"]) not in page and "re-plan: " not in page, "not the command line's English summary")
check(b"Compared with the published version" in body, "the admin's page compares with the published version")
st, h, body = post("/admin/publish", note="too early")
check(st == 400 and b"Publishing refused" in body and a0["session"].encode() in body,
      "publishing from the page is refused with the checker's words")
srv.stop(signal.SIGTERM)

# A PostgreSQL URL that cannot be reached: refused in words, the URL named without its password.
r = run("admin-token", "--db", "postgres://salle:s3cret@127.0.0.1:1/salle")
check(r.returncode == 2 and "cannot connect to the PostgreSQL database" in r.stderr
      and "postgresql://salle@127.0.0.1:1/salle" in r.stderr and "s3cret" not in r.stderr,
      "an unreachable PostgreSQL is refused in words, without the password: %r" % r.stderr)

# ---------------------------------------------------------------- the admin's editing pages
# (issue 9 points 5 and 7): the draft as a grid with its score and the checker's words, a
# session's edit form (people with e-mail, needs, duration, pin, links) with every error in the
# summary, an organizer's own links, the outbox reviewed before sending, the sign-in page's name,
# and who may open each of these pages.
import html  # noqa: E402

DB3 = new_db("db3")
PUB3, INST3 = (os.path.join(TMP, n) for n in ("public3", "inst3.json"))
inst3 = json.load(open(INST))
for pp in inst3["people"]:
    pp["x-email"] = pp["id"].lower() + "@example.org"
json.dump(inst3, open(INST3, "w"))
srv = Server("--import", INST3, db=DB3, pub=PUB3)
tok3 = run("admin-token", "--db", DB3).stdout.strip()
st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 30000}, token=tok3)
while srv.api("GET", "/api/v1/jobs/%d" % j["job"], token=tok3)[1]["state"] not in ("done", "failed"):
    time.sleep(0.1)
check(srv.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok3)[0] == 201, "edit pages: publish version 1")
prog3 = srv.api("GET", "/api/v1/programme")[1]


def db3(statement, *args):
    return query(DB3, statement, *args)


def draft_session(sid):
    doc = json.loads(db3("SELECT instance FROM draft")[0][0])
    return doc, next(x for x in doc["sessions"] if x["id"] == sid)


st, ac3, _ = sign_in(srv, run("admin-link", "--db", DB3).stdout.strip())
ff = {"Origin": srv.base, "Content-Type": "application/x-www-form-urlencoded"}


def form(path, cookie, **kv):
    st, h, body = srv.req("GET", path, cookie=cookie)
    m = re.search(r'name="csrf" value="([^"]+)"', body.decode())
    kv.setdefault("csrf", m.group(1) if m else "")
    return srv.req("POST", path, urllib.parse.urlencode(kv), ff, cookie=cookie)


# The grid: one table per day, rooms as column headers, start times as row headers, every placed
# session in its room's column with its times; the score and the checker's words.
st, h, body = srv.req("GET", "/admin/draft", cookie=ac3)
page = body.decode()
check(st == 200 and page.count('<table class="grid">') == len({a["start"][:10] for a in prog3["assignments"]}),
      "the draft grid: one table per day with sessions")
rooms3 = [r["name"] for r in inst3["rooms"]]
check(all(('<th scope="col">%s</th>' % html.escape(n, quote=False)) in page for n in rooms3),
      "the grid's columns are the rooms, as headers")
byid = {x["id"]: x for x in inst3["sessions"]}
ok = True
for a in prog3["assignments"]:
    t0 = a["start"][11:]
    end = time.strftime("%H:%M", time.gmtime(int(t0[:2]) * 3600 + int(t0[3:]) * 60 + byid[a["session"]]["duration"] * 60))
    cell = '<span class="when">%s\u2013%s</span> <a href="/admin/sessions/%s">' % (t0, end, urllib.parse.quote(a["session"]))
    ok = ok and cell in page and ('<th scope="row">%s</th>' % t0) in page
check(ok, "every placed session is in the grid with its start and end, linked to its edit page")
pub_inst = os.path.join(TMP, "v1-inst.json")
open(pub_inst, "w").write(db3("SELECT instance FROM versions WHERE number = 1")[0][0])
r = run("check", pub_inst, os.path.join(PUB3, "salle-schedule.json"))
hard_words = re.search(r"hard\D*(\d+)", r.stdout)
m = re.search(r"Score: <strong>(\d+) hard</strong>[^,]*, (\d+) soft", page)
check(m and r.returncode == 0 and m.group(1) == "0", "the grid shows the draft's score (no hard violation, as the checker says)")
viol = re.findall(r"<li>(?:<strong>Hard:</strong> |Soft: )(.*?)</li>", page)
check(viol and all(html.unescape(v) in r.stdout for v in viol),
      "every violation on the grid page is the independent checker's own words (%d)" % len(viol))

# Editing a session: the form, every error in the summary, nothing stored until it is valid.
sid = next(a["session"] for a in prog3["assignments"] if byid[a["session"]].get("organizers"))
place = next(a for a in prog3["assignments"] if a["session"] == sid)
path = "/admin/sessions/" + urllib.parse.quote(sid)
st, h, body = srv.req("GET", path, cookie=ac3)
page = body.decode()
org0 = byid[sid]["organizers"][0]
name0 = next(x["name"] for x in inst3["people"] if x["id"] == org0)
check(st == 200 and all(('id="%s"' % f) in page for f in ("people", "speakers", "needs", "duration", "pin-room",
                                                           "pin-start", "link-remote", "link-document", "link-report",
                                                           "link-transcript", "link-recording"))
      and ("%s, %s, %s@example.org" % (org0, name0, org0.lower())) in page and 'name="csrf"' in page,
      "the edit form has every field, the people with their names and e-mail, and the CSRF token")
before = draft_session(sid)[1]
st, h, body = form(path, ac3, people="%s, %s, not-an-address@" % (org0, name0), needs="teleportation",
                   duration="abc", **{"pin-room": "nowhere", "pin-start": "2018-13-45T99:00",
                                      "link-document": "ftp://example.org/doc"})
page = body.decode()
summary = page[page.find('class="error-summary"'):page.find("</div>")]
check(st == 400 and all(('href="#%s"' % f) in summary for f in ("people", "needs", "duration", "pin-room", "pin-start",
                                                                 "link-document"))
      and "not-an-address@" in page and "teleportation" in summary,
      "an invalid edit: 400, every error in the summary linked to its field, the typed values kept")
check('id="duration-error"' in page and 'aria-describedby="duration-hint duration-error"' in page
      and 'id="pin-room-error"' in page and 'aria-describedby="pin-room-error"' in page,
      "each field's own error message is above it and named by the field's aria-describedby")
check(draft_session(sid)[1] == before and not db3("SELECT 1 FROM audit WHERE what = ?", "edit session " + sid),
      "an invalid edit stores nothing")
st, _, _ = srv.req("POST", path, urllib.parse.urlencode({"duration": "60"}), ff, cookie=ac3)
check(st == 403, "an edit without the CSRF token: 403")
feat = next(r["features"][0] for r in inst3["rooms"] if r["id"] == place["room"])
edit = {"people": "%s, %s\nnew-p, Nadia Okafor, nadia@example.org" % (org0, name0),
        "speakers": byid[sid]["speakers"][0] if byid[sid].get("speakers") else "",
        "needs": feat, "duration": "%dh%02d" % divmod(byid[sid]["duration"] - 15, 60), "pin-room": place["room"], "pin-start": place["start"],
        "link-remote": "https://meet.example.org/ws", "link-remote-note": "captions in English",
        "link-document": "https://docs.example.org/ws", "link-report": "https://example.org/report",
        "link-transcript": "https://example.org/transcript", "link-recording": "https://video.example.org/ws"}
st, h, body = form(path, ac3, **edit)
check(st == 200 and b"Saved in the draft" in body, "a valid edit is saved (the page says so)")
doc, after = draft_session(sid)
links = {x["type"]: x for x in after.get("links", [])}
check(after["organizers"] == [org0, "new-p"] and after["duration"] == byid[sid]["duration"] - 15 and after["needs"] == [feat]
      and after["pinned"] == {"room": place["room"], "start": place["start"]}
      and links["remote"]["url"] == "https://meet.example.org/ws" and links["remote"]["note"] == "captions in English"
      and set(links) >= {"remote", "document", "report", "transcript", "recording"},
      "the edit is in the draft instance: organizers, duration, needs, pin and the five typed links")
newp = next((x for x in doc["people"] if x["id"] == "new-p"), {})
check(newp.get("name") == "Nadia Okafor" and newp.get("email") == "nadia@example.org"
      and db3("SELECT email FROM emails WHERE person = 'new-p'") == [("nadia@example.org",)],
      "a new organizer becomes a person of the programme with the e-mail the outbox uses")
au = db3("SELECT who, before, after FROM audit WHERE what = ?", "edit session " + sid)
check(len(au) == 1 and au[0][0].startswith("admin") and json.loads(au[0][1]) == before
      and json.loads(au[0][2]) == after, "the edit is in the audit log, with before and after")
st, h, body = srv.req("GET", "/admin/draft", cookie=ac3)
t0 = place["start"][11:]
end2 = "%02d:%02d" % divmod(int(t0[:2]) * 60 + int(t0[3:]) + byid[sid]["duration"] - 15, 60)
check(st == 200 and ('<span class="when">%s\u2013%s</span> <a href="/admin/sessions/%s">'
                     % (t0, end2, urllib.parse.quote(sid))).encode() in body,
      "the grid shows the edited draft: the session's new end, 15 minutes sooner")

# The organizer adds their own session's links from their page.
st, j = srv.api("POST", "/api/v1/people/%s/link" % org0, {}, token=tok3)
st, h, body = srv.req("GET", urllib.parse.urlparse(j["link"]).path)
check(st == 200 and html.escape(name0).encode() in body, "the sign-in page names the person, not only their id")
st, oc, _ = sign_in(srv, j["link"])
st, h, body = srv.req("GET", "/me", cookie=oc)
check(st == 200 and ('href="/me/sessions/%s"' % urllib.parse.quote(sid)).encode() in body,
      "the organizer's page links to their session's links form")
mpath = "/me/sessions/" + urllib.parse.quote(sid)
st, h, body = srv.req("GET", mpath, cookie=oc)
check(st == 200 and b'id="link-document"' in body and b'id="link-report"' in body and b'id="link-remote"' in body
      and b'id="link-transcript"' not in body and b"https://docs.example.org/ws" in body,
      "the organizer's links form: remote link, document and report, with what is stored")
st, h, body = form(mpath, oc, **{"link-document": "javascript:alert(1)", "link-report": "https://example.org/r2",
                                 "link-remote": "https://meet.example.org/ws"})
check(st == 400 and b'href="#link-document"' in body and b"autofocus" in body,
      "an organizer's bad link: 400 with the error summary pointing at the field")
check(draft_session(sid)[1] == after, "the refused links change nothing")
st, h, body = form(mpath, oc, **{"link-document": "https://docs.example.org/v2", "link-report": "https://example.org/r2",
                                 "link-remote": "https://meet.example.org/new", "link-remote-note": "sign language"})
links2 = {x["type"]: x for x in draft_session(sid)[1].get("links", [])}
check(st == 200 and links2["document"]["url"] == "https://docs.example.org/v2" and links2["report"]["url"] ==
      "https://example.org/r2" and links2["remote"]["note"] == "sign language"
      and links2["transcript"]["url"] == "https://example.org/transcript",
      "the organizer's links are in the draft; the admin's transcript link stays")
check(db3("SELECT who FROM audit WHERE what = ? ORDER BY id DESC LIMIT 1", "edit session " + sid) == [(org0,)],
      "the organizer's edit is audited under their id")

# Who may open each new page: the public, the organizer of the session, an organizer of another
# session, an admin.
other3 = next(pp for s3, ps in ((x["id"], x.get("organizers") or x.get("speakers") or []) for x in inst3["sessions"])
              for pp in ps if s3 != sid and pp not in byid[sid].get("organizers", []) + ["new-p"])
st, j = srv.api("POST", "/api/v1/people/%s/link" % other3, {}, token=tok3)
st, xc, _ = sign_in(srv, j["link"])
want = {  # route: (public, organizer of the session, organizer of another, admin)
    ("GET", "/admin/draft"): (401, 403, 403, 200),
    ("GET", "/admin/outbox"): (401, 403, 403, 200),
    ("GET", path): (401, 403, 403, 200),
    ("POST", path): (401, 403, 403, 200),
    ("GET", mpath): (401, 200, 404, 403),
    ("POST", mpath): (401, 200, 404, 403),
}
bad = []
snap = draft_session(sid)[1]
for (method, route), codes in want.items():
    for who, cookie, code in zip(("public", "organizer", "other organizer", "admin"), (None, oc, xc, ac3), codes):
        if method == "GET":
            got = srv.req("GET", route, cookie=cookie)[0]
        elif cookie:
            # the form's own token where the page gives one, else the person's token from /me or /admin
            tokpage = route if srv.req("GET", route, cookie=cookie)[0] == 200 else ("/admin" if cookie is ac3 else "/me")
            kv = {"csrf": re.search(r'name="csrf" value="([^"]+)"', srv.req("GET", tokpage, cookie=cookie)[2].decode()).group(1)}
            if route == path:
                kv.update(edit)
            else:
                kv.update({"link-document": "https://docs.example.org/v2", "link-report": "https://example.org/r2",
                           "link-remote": "https://meet.example.org/new", "link-remote-note": "sign language"})
            got = srv.req("POST", route, urllib.parse.urlencode(kv), ff, cookie=cookie)[0]
        else:
            got = srv.req("POST", route, "csrf=x", ff)[0]
        if got != code:
            bad.append("%s %s as %s: %d, not %d" % (method, route, who, got, code))
check(not bad, "the new routes answer each role as they should" + ("; " + "; ".join(bad) if bad else ""))
check(draft_session(sid)[1] == snap, "nobody refused changed the session (the allowed ones wrote the same values)")

# The outbox, reviewed in the browser before sending.
target3 = next(a for a in prog3["assignments"] if a["session"] != sid and byid[a["session"]].get("organizers"))
srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": target3["room"], "from": target3["start"],
                                        "to": target3["start"][:10] + "T18:30"}, token=tok3)
st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok3)
# a session the closed room leaves nowhere to go is cancelled, so that the programme can be published
for m in prop.get("moves", []):
    if m["kind"] == "unplaced":
        srv.api("POST", "/api/v1/disruptions", {"kind": "session_cancelled", "session": m["session"]}, token=tok3)
        st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok3)
box = [m for m in srv.api("GET", "/api/v1/outbox", token=tok3)[1]["messages"] if m["state"] == "draft"]
st, h, body = srv.req("GET", "/admin", cookie=ac3)
check(box and b'href="/admin/outbox"' in body and b"Send %d reviewed" % len(box) not in body,
      "the admin's page sends to the review first (no send button without it)")
st, h, body = srv.req("GET", "/admin/outbox", cookie=ac3)
page = html.unescape(body.decode())
check(st == 200 and all(m["email"] in page and m["subject"] in page and m["body"] in page for m in box)
      and page.count("an iCalendar file") == len(box) and ("Send %d reviewed" % len(box)) in page,
      "the outbox review shows each message: to, subject, the plain text body and its iCalendar attachment")
check(all(m["state"] == "draft" for m in srv.api("GET", "/api/v1/outbox", token=tok3)[1]["messages"]
          if m["id"] in {b["id"] for b in box}), "reviewing sends nothing")
st, h, body = srv.req("POST", "/admin/outbox/send", urllib.parse.urlencode(
    {"csrf": re.search(r'name="csrf" value="([^"]+)"', srv.req("GET", "/admin/outbox", cookie=ac3)[2].decode()).group(1)}),
    ff, cookie=ac3)
after_box = {m["id"]: m["state"] for m in srv.api("GET", "/api/v1/outbox", token=tok3)[1]["messages"]}
check(st == 200 and ("%d message" % len(box)).encode() in body and all(after_box[m["id"]] != "draft" for m in box),
      "sending from the review approves exactly the reviewed messages")
st, h, body = srv.req("POST", "/admin/outbox/send", "", ff, cookie=ac3)
check(st == 403, "sending without the form's token: 403")
check(len(db3("SELECT 1 FROM audit WHERE what = 'approve outbox'")) == 1, "the approval is audited")

# Publishing carries the edit to the public programme, checked by the independent checker.
for m in prop.get("moves", []):
    if m["kind"] == "moved":
        srv.api("POST", "/api/v1/requests/%d/accept" % m["request"], {"note": "phone call"}, token=tok3)
st, j = srv.api("POST", "/api/v1/publish", {"note": "edited"}, token=tok3)
check(st == 201, "publish the edited draft (%s)" % json.dumps(j)[:300])
open(pub_inst, "w").write(db3("SELECT instance FROM versions ORDER BY number DESC LIMIT 1")[0][0])
r = run("check", "--quiet", pub_inst, os.path.join(PUB3, "salle-schedule.json"))
check(r.returncode == 0, "the published edited programme passes the independent checker")
pubx = open(os.path.join(PUB3, "schedule.json")).read()
check("https://docs.example.org/v2" in pubx and "https://meet.example.org/new" in pubx,
      "the links an organizer added are in the public programme after publishing")
rc, rest = srv.stop(signal.SIGTERM)
log = open(os.path.join(TMP, "serve.log")).read()
check(rc == 0 and "runtime error" not in log and "Sanitizer" not in log,
      "the server stops cleanly after the editing pages (under ASan+UBSan: no error, no leak)")

finish()
