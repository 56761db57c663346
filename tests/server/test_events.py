#!/usr/bin/python3
"""tests/server/test_events.py SALLE: several events on one server (issue 11 point 5,
docs/deploy.md "A hosted service").

Three events, each with its own store, served by one `salle serve --event a=DB --event b=DB
--event c=DB`: the index at /, each event's programme, pages and API under /SLUG/, each one's
admin-link and admin-token, links inside the pages that stay inside the event. Then the
cross-event matrix: event a's admin and organizer (their cookies under a's name and, as a forged
cookie, under b's), a's API token and a's unused sign-in link get on every route of b (the routes
of the single-event matrix, harness.matrix_routes, and the admin's and organizers' other pages)
what the public gets there, and b's store is the same byte for byte afterwards. Solving and
publishing a leaves b's store untouched.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (SALLE, TMP, Server, check, exchange, finish, matrix_routes, new_db, run,  # noqa: E402
                     stored_bytes)

SLUGS = ["a", "b", "c"]
DBS = {e: new_db("event_" + e) for e in SLUGS}
PUB = os.path.join(TMP, "events-public")
insts = {}
for e, (n, seed) in (("a", (24, 3)), ("b", (30, 5))):
    path = os.path.join(TMP, "inst_%s.json" % e)
    subprocess.run([SALLE, "gen", "--sessions", str(n), "--seed", str(seed), "-o", path], check=True)
    insts[e] = json.load(open(path))
    # --import is the single-store form's: each event's store is filled by itself first
    one = Server("--import", path, db=DBS[e], pub=os.path.join(TMP, "single_" + e))
    one.stop(signal.SIGTERM)
    one.p.wait(timeout=60)

# the command refuses what it cannot serve, before it listens
for args, words in ((["--event", "a"], "SLUG=DB"), (["--event", "A B=x.db"], "name"),
                    (["--event", "a=" + DBS["a"], "--event", "a=" + DBS["b"]], "twice"),
                    (["--event", "a=" + DBS["a"], "--event", "b=" + DBS["a"]], "own"),
                    # one store under two names: found by its key, not its name
                    (["--event", "a=" + DBS["a"], "--event", "b=" + (DBS["a"] + "&application_name=b"
                                                                     if "://" in DBS["a"] else
                                                                     os.path.join(TMP, ".", os.path.basename(DBS["a"])))],
                     "own"),
                    (["--event", "a=" + DBS["a"], "--db", DBS["b"]], "not both"),
                    (["--event", "a=" + DBS["a"], "--import", "x.json"], "--import")):
    r = run("serve", *args, "--public", PUB, "--listen", "127.0.0.1:0")
    check(r.returncode == 2 and words in r.stderr and "listening" not in r.stdout,
          "serve %s: refused, saying %r (%s)" % (" ".join(args), words, r.stderr.strip()[:100]))

log = open(os.path.join(TMP, "events.log"), "a")
p = subprocess.Popen([SALLE, "serve", *sum((["--event", "%s=%s" % (e, DBS[e])] for e in SLUGS), []),
                      "--public", PUB, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=log, text=True)
m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", p.stdout.readline())
if not m:
    print("server did not start:", open(os.path.join(TMP, "events.log")).read())
    sys.exit(1)
PORT = int(m.group(1))
BASE = "http://127.0.0.1:%d" % PORT
_addr = [0]


def req(method, path, body=None, headers=None, token=None, cookies=None):
    """One request; every one from another 127.0.x.y address, so that the foreign tokens the
    matrix sends stay under the failed look-ups' rate limit and each answer is the route's own."""
    _addr[0] += 1
    src = "127.0.%d.%d" % (1 + _addr[0] // 250, 1 + _addr[0] % 250)
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120, source_address=(src, 0))
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if cookies:
        h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    return exchange(c, method, path, body, h)


def api(method, path, body=None, token=None):
    st, h, data = req(method, path, body, token=token)
    try:
        return st, json.loads(data)
    except ValueError:
        return st, {"raw": data.decode("utf-8", "replace")}


def sign_in(e, link):
    """A browser following event e's sign-in link: the session cookie's (name, value) or None."""
    path = urllib.parse.urlparse(link).path
    st, h, page = req("GET", path)
    if st != 200:
        return None
    page = page.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    st, h, _ = req("POST", action, urllib.parse.urlencode({"token": token, "csrf": csrf}),
                   {"Content-Type": "application/x-www-form-urlencoded", "Origin": BASE,
                    "Sec-Fetch-Site": "same-origin"})
    m = re.search(r"(__Host-salle[^=;]*)=([^;]*); Path=/", h.get("set-cookie", ""))
    return (m.group(1), m.group(2), h.get("location")) if st == 303 and m else None


def wait_job(e, job, tok):
    for _ in range(1200):
        st, j = api("GET", "/%s/api/v1/jobs/%d" % (e, job), token=tok)
        if j.get("state") in ("done", "failed"):
            return j
        time.sleep(0.1)
    return {}


def b_store():
    """b's store as bytes: the SQLite file, or its pg_dump without the random key that pg_dump
    puts in each dump's \\restrict and \\unrestrict lines."""
    return re.sub(rb"(?m)^\\(un)?restrict \S+$", b"", stored_bytes(DBS["b"]))


def same_store(before, what):
    """b's store against before; the first differences if any."""
    import difflib
    after = b_store()
    diff = [] if after == before else list(difflib.unified_diff(
        before.decode("utf-8", "replace").splitlines(), after.decode("utf-8", "replace").splitlines(), n=0))[:12]
    check(after == before, what + ("" if after == before else ": %r" % diff[:8]))


def links_of(page):
    return re.findall(r'(?:href|action|src)="(/[^"]*)"', page)


# ---------------------------------------------------------------- each event on its own
st, h, index = req("GET", "/")
index = index.decode()
check(st == 200 and all('href="/%s/"' % e in index for e in SLUGS), "the index at / lists the three events")
check(all('<a href="/%s/">%s</a>' % (e, insts[e]["event"]["name"]) in index for e in ("a", "b")) and
      '<a href="/c/">c</a>' in index,
      "each event by its programme's name (the slug for the one without a programme): %r" % re.findall(r"<li>.*?</li>", index))
st, h, arindex = req("GET", "/", headers={"Accept-Language": "ar"})
arindex = arindex.decode()
check('<a href="/a/"><span dir="auto">%s</span></a>' % insts["a"]["event"]["name"] in arindex,
      "on the Arabic index an event's name keeps its own direction (dir=auto)")
st, h, _ = req("GET", "/b")
check(st == 303 and h.get("location") == "/b/", "/b redirects to /b/")
st, h, _ = req("GET", "/nosuch/admin")
check(st == 404, "a URL of no event: 404")
st, j = api("GET", "/api/v1/programme")
check(st == 404, "no API outside the events: /api/v1/programme is 404")
st, h, _ = req("GET", "/b/_salle/style.css")
check(st == 200 and h["content-type"].startswith("text/css"), "each event has its style sheet")

tok = {}
for e in SLUGS:
    tok[e] = run("admin-token", "--db", DBS[e]).stdout.strip()
check(all(len(t) == 43 for t in tok.values()), "admin-token works per event (its --db)")
for e in ("b", "a"):
    st, j = api("POST", "/%s/api/v1/solve" % e, {"seed": 1, "iterations": 20000}, token=tok[e])
    check(st == 202 and j.get("url", "").startswith("/%s/api/v1/jobs/" % e),
          "%s: solve is a job whose url is in the event's API" % e)
    if e == "b":  # b: published, a room closed and re-planned, so that a request is pending
        check(wait_job(e, j["job"], tok[e]).get("state") == "done", "b: the solve finishes")
        st, _ = api("POST", "/b/api/v1/publish", {"note": "b1"}, token=tok["b"])
        check(st == 201, "b: publish version 1")
        st, prog = api("GET", "/b/api/v1/programme")
        day = insts["b"]["event"]["days"][0]
        busy = {}
        for a in prog["assignments"]:
            if a["start"].startswith(day):
                busy[a["room"]] = busy.get(a["room"], 0) + 1
        api("POST", "/b/api/v1/disruptions", {"kind": "room_closed", "room": max(busy, key=busy.get),
                                              "from": day + "T00:00", "to": day + "T23:59"}, token=tok["b"])
        st, prop = api("POST", "/b/api/v1/replan", {"seed": 2, "iterations": 20000}, token=tok["b"])
        pending = [mv["request"] for mv in prop.get("moves", []) if mv["kind"] == "moved"]
        check(st == 200 and pending, "b: the re-plan asks organizers to move (%d requests)" % len(pending))
        b_before = b_store()
    else:
        check(wait_job(e, j["job"], tok[e]).get("state") == "done", "a: the solve finishes")
        st, _ = api("POST", "/a/api/v1/publish", {"note": "a1"}, token=tok["a"])
        check(st == 201, "a: publish version 1")
same_store(b_before, "solving and publishing a left b's store as it was")

for e in ("a", "b"):
    st, prog = api("GET", "/%s/api/v1/programme" % e)
    ids = {s["id"] for s in insts[e]["sessions"]}
    check(st == 200 and {x["session"] for x in prog["assignments"]} == ids,
          "%s's API programme holds exactly %s's %d sessions" % (e, e, len(ids)))
    st, h, body = req("GET", "/%s/salle-schedule.json" % e)
    pubfile = os.path.join(PUB, e, "salle-schedule.json")
    check(st == 200 and os.path.exists(pubfile) and body == open(pubfile, "rb").read(),
          "%s's public files are in --public/%s and served at /%s/" % (e, e, e))
    r = run("check", "--quiet", os.path.join(TMP, "inst_%s.json" % e), pubfile)
    check(r.returncode == 0, "%s's published schedule passes the checker" % e)
    st, h, page = req("GET", "/%s/" % e)
    check(st == 200 and b"<html" in page, "%s's programme page at /%s/" % (e, e))
    bad = [f for d, _, fs in os.walk(os.path.join(PUB, e)) for f in fs if f.endswith(".html") and
           re.search(r'(?:href|src|action)="/(?!%s/)' % e, open(os.path.join(d, f)).read())]
    check(not bad, "%s's published pages link nothing outside /%s/ (%s)" % (e, e, bad[:3]))
st, j = api("GET", "/c/api/v1/programme")
check(st == 404 and "nothing is published" in j.get("error", ""), "c: nothing published, in c's own words")
check(not os.path.exists(os.path.join(PUB, "c")), "c: no public files")

# ---------------------------------------------------------------- a's people, signed in to a
link_admin = run("admin-link", "--db", DBS["a"]).stdout.strip()
check(link_admin.startswith(BASE + "/a/signin/"), "a's admin-link is under /a/: %s" % link_admin[:60])
a_admin = sign_in("a", link_admin)
check(a_admin and a_admin[0] == "__Host-salle-a" and a_admin[2] == "/a/admin",
      "a's admin signs in at /a/signin: cookie __Host-salle-a, on to /a/admin")
org_sessions = {}
for s in insts["a"]["sessions"]:
    for person in s.get("organizers") or s.get("speakers") or []:
        org_sessions.setdefault(person, []).append(s["id"])
a_person = sorted(org_sessions)[0]
r = run("organizer-link", "--db", DBS["a"], "--person", a_person)
check(r.returncode == 0 and r.stdout.startswith(BASE + "/a/signin/"), "a's organizer-link is under /a/")
a_org = sign_in("a", r.stdout.strip())
check(a_org and a_org[0] == "__Host-salle-a" and a_org[2] == "/a/me", "a's organizer signs in, on to /a/me")
a_link = run("admin-link", "--db", DBS["a"]).stdout.strip()  # a's fresh link, never used
a_link_token = a_link.rsplit("/", 1)[1]

# the pages a's people see stay inside /a/
outside = []
pages = ["/a/admin", "/a/admin/draft", "/a/admin/outbox", "/a/admin/sessions/%s" % insts["a"]["sessions"][0]["id"]]
for path in pages:
    st, h, page = req("GET", path, cookies={a_admin[0]: a_admin[1]})
    outside += [(path, u) for u in links_of(page.decode()) if not u.startswith("/a/")]
    check(st == 200, "a's admin: GET %s 200" % path)
for path in ["/a/me", "/a/me/sessions/%s" % org_sessions[a_person][0]]:
    st, h, page = req("GET", path, cookies={a_org[0]: a_org[1]})
    outside += [(path, u) for u in links_of(page.decode()) if not u.startswith("/a/")]
    check(st == 200, "a's organizer: GET %s 200" % path)
day = insts["a"]["event"]["days"][0]
st, h, page = req("GET", "/a/interest/%s" % day)
check(st == 200 and "__Host-salle-ballot-a=" in h.get("set-cookie", ""),
      "a's ballot page at /a/interest/DAY sets a's own ballot cookie")
page = page.decode()
check('action="/a/interest/%s"' % day in page and 'src="/a/_salle/interest.js"' in page,
      "a's ballot form posts to /a/interest/DAY and loads /a/_salle/interest.js")
outside += [("/a/interest/" + day, u) for u in links_of(page) if not u.startswith("/a/")]
check(not outside, "every link and form in a's pages stays under /a/ (%s)" % outside[:3])
st, j = api("POST", "/a/api/v1/people/%s/link" % a_person, {}, token=tok["a"])
check(st == 201 and j["link"].startswith(BASE + "/a/signin/"), "the API's sign-in links of a are under /a/")
st, h, page = req("GET", "/a/admin", cookies={a_admin[0]: a_admin[1]})
csrf_a_admin = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)
st, h, page = req("GET", "/a/me", cookies={a_org[0]: a_org[1]})
csrf_a_org = re.search(r'name="csrf" value="([^"]+)"', page.decode()).group(1)

# ---------------------------------------------------------------- a's people on b's routes
R = pending[0]
st, jr = api("GET", "/b/api/v1/requests/%d" % R, token=tok["b"])
S = jr["session"]
b_org = next(iter(next(s.get("organizers") or s.get("speakers") for s in insts["b"]["sessions"] if s["id"] == S)))
routes = [(mth, route, body, fb) for mth, route, body, fb, _ in matrix_routes(R, b_org)]
routes += [("GET", "/admin/draft", None, None), ("GET", "/admin/outbox", None, None),
           ("GET", "/admin/jobs/1", None, None), ("GET", "/admin/sessions/%s" % S, None, None),
           ("POST", "/admin/sessions/%s" % S, None, {"title": "x"}), ("GET", "/me/sessions/%s" % S, None, None),
           ("POST", "/me/sessions/%s" % S, None, {"title": "x"}), ("POST", "/admin/solve", None, {}),
           ("POST", "/admin/publish", None, {}), ("POST", "/admin/replan", None, {}),
           ("POST", "/admin/outbox/send", None, {}), ("POST", "/admin/interest", None, {"open": "1"}),
           ("GET", "/api/v1/interest/summary", None, None), ("GET", "/api/v1/interest/settings", None, None),
           ("POST", "/api/v1/people/%s/link" % b_org, {}, None), ("GET", "/signin/" + a_link_token, None, None),
           ("POST", "/signin", None, {"token": a_link_token})]
form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": BASE, "Sec-Fetch-Site": "same-origin"}
roles = {  # name: (cookies, bearer token, csrf)
    "public": ({}, None, ""),
    "a admin": ({a_admin[0]: a_admin[1]}, None, csrf_a_admin),
    "a organizer": ({a_org[0]: a_org[1]}, None, csrf_a_org),
    "a admin's cookie as b's": ({"__Host-salle-b": a_admin[1]}, None, csrf_a_admin),
    "a organizer's cookie as b's": ({"__Host-salle-b": a_org[1]}, None, csrf_a_org),
    "a's API token": ({}, tok["a"], ""),
    "a's sign-in link as a token": ({"__Host-salle-b": a_link_token}, a_link_token, ""),
}
b_before = b_store()
ncalls, wrong = 0, []
for mth, route, body, fb in routes:
    got = {}
    for name, (cookies, bearer, csrf) in roles.items():
        if fb is not None:
            r = req(mth, "/b" + route, urllib.parse.urlencode(dict(fb, csrf=csrf)), form, cookies=cookies)
        else:
            r = req(mth, "/b" + route, body, token=bearer, cookies=cookies)
        got[name] = r
        ncalls += 1
    pst, _, pbody = got["public"]
    for name, (st, h, data) in got.items():
        # what the public gets, and never more: a 200 only where the public has one, with its bytes
        if st != pst or (st == 200 and data != pbody) or "set-cookie" in h and "__Host-salle-b=" in h["set-cookie"]:
            wrong.append((mth, route, name, st, pst))
    check(pst in (200, 303, 401, 403, 404) and (pst != 200 or route == "/api/v1/programme"),
          "b %s %s: the public gets %d" % (mth, route, pst))
check(not wrong, "%d calls of a's people on b's %d routes: each got what the public gets (%s)"
      % (ncalls, len(routes), wrong[:4]))
same_store(b_before, "b's store is as it was after the cross-event calls")
st, j = api("GET", "/b/api/v1/requests/%d" % R, token=tok["b"])
check(j.get("state") == "pending", "b's request is still pending")
# and a's credentials still work in a: the matrix could have failed
st, h, _ = req("GET", "/a/admin", cookies={a_admin[0]: a_admin[1]})
st2, j = api("GET", "/a/api/v1/draft", token=tok["a"])
st3, h3, _ = req("GET", "/a/signin/" + a_link_token)
check(st == 200 and st2 == 200 and st3 == 200, "a's cookie, token and link still work in a (%d %d %d)" % (st, st2, st3))
# b's own admin is b's: a's API token is not, b's is
st, j = api("GET", "/b/api/v1/draft", token=tok["b"])
check(st == 200, "b's own token reads b's draft")

p.send_signal(signal.SIGTERM)
check(p.wait(timeout=60) == 0, "SIGTERM stops the server with every event")
finish()
