"""tests/server/harness.py: what the server tests share: a `salle serve` on 127.0.0.1 with a free
port (--listen 127.0.0.1:0; the port is read from its first line) in a temporary folder, HTTP
requests with http.client, sign-in by magic link as a browser does it, and the check counter.

The store is a SQLite file, or with SALLE_TEST_DB=postgresql a database in a PostgreSQL 15 that
the harness starts itself (pgtmp.py) and stops at exit, even after a failure."""
import asyncio
import atexit
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

SALLE = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="salle-serve-")
BACKEND = os.environ.get("SALLE_TEST_DB", "sqlite")
PG = None
if BACKEND == "postgresql":
    import signal
    import pgtmp
    PG = pgtmp.Cluster()
    atexit.register(PG.stop)
    # ctest's timeout sends SIGTERM: exit through atexit so that PostgreSQL stops too
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
elif BACKEND != "sqlite":
    sys.exit("SALLE_TEST_DB must be sqlite or postgresql, not %r" % BACKEND)


def new_db(name):
    """A fresh, empty store for --db: a file path, or a new PostgreSQL database's URL."""
    return PG.new_db(name) if PG else os.path.join(TMP, name + ".sqlite")


def sql(db, statement):
    """Runs a fixed statement directly in the store at db (what the server cannot be asked to do)."""
    if PG:
        return PG.psql(db, statement)
    return subprocess.run(["sqlite3", db, statement], check=True, capture_output=True,
                          text=True).stdout


def query(db, statement, *args):
    """The rows (tuples of text and numbers; NULL is None) of a read-only statement with ?
    parameters, in the store at db: sqlite3, or psql with each value a quoted psql variable."""
    if not PG:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            return con.execute(statement, args).fetchall()
        finally:
            con.close()
    return PG.query(db, statement, args)


def columns(db, table):
    """The names of table's columns, in order."""
    if not PG:
        return [r[1] for r in query(db, "SELECT * FROM pragma_table_info(?)", table)]
    return [r[0] for r in query(db, "SELECT column_name FROM information_schema.columns WHERE "
                                    "table_name = ? ORDER BY ordinal_position", table)]


def stored_bytes(db):
    """Everything the store holds on disk: the SQLite file and its WAL, or a pg_dump."""
    if PG:
        return PG.dump(db)
    return b"".join(open(f, "rb").read() for f in (db, db + "-wal") if os.path.exists(f))


DB = new_db("db")
PUB = os.path.join(TMP, "public")
INST = os.path.join(TMP, "inst.json")
_failures = [0]


def check(cond, what):
    if not cond:
        _failures[0] += 1
        print("FAIL:", what, flush=True)
    else:
        print("ok:", what, flush=True)


def finish():
    shutil.rmtree(TMP, ignore_errors=True)
    n = _failures[0]
    print("%d failure%s" % (n, "" if n == 1 else "s"))
    sys.exit(1 if n else 0)


def run(*args):
    return subprocess.run([SALLE, *args], capture_output=True, text=True)


class Server:
    def __init__(self, *extra, db=DB, pub=PUB):
        self.out = open(os.path.join(TMP, "serve.log"), "a")
        self.p = subprocess.Popen([SALLE, "serve", "--db", db, "--listen", "127.0.0.1:0",
                                   "--public", pub, *extra], stdout=subprocess.PIPE,
                                  stderr=self.out, text=True)
        line = self.p.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            print("server did not start:", line, open(os.path.join(TMP, "serve.log")).read())
            sys.exit(1)
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port

    def req(self, method, path, body=None, headers=None, token=None, cookie=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=getattr(self, "timeout", 60))
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        if cookie:
            h["Cookie"] = "__Host-salle=" + cookie
        return exchange(c, method, path, body, h)

    def api(self, method, path, body=None, token=None):
        st, h, data = self.req(method, path, body, token=token)
        try:
            return st, json.loads(data)
        except ValueError:
            return st, {"raw": data.decode("utf-8", "replace")}

    def stop(self, sig):
        self.p.send_signal(sig)
        rest = self.p.stdout.read()
        rc = self.p.wait(timeout=30)
        return rc, rest


def exchange(c, method, path, body, h):
    """One request on connection c with headers h (a dict or list body sent as JSON); closes c.
    Returns (status, lower-cased headers, body bytes)."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (for the SMTP sink)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SmtpSink:
    """An aiosmtpd handler that keeps (recipients, message) of each e-mail in received, after
    waiting delay seconds (so that several senders overlap)."""

    def __init__(self, received, delay=0):
        self.received, self.delay = received, delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def gen_with_emails(sessions, seed, path=INST):
    """salle gen's instance at path, every person with an e-mail address (id@example.org), so
    that the outbox writes to each of them; returns the instance as JSON."""
    subprocess.run([SALLE, "gen", "--sessions", str(sessions), "--seed", str(seed), "-o", path], check=True)
    inst = json.load(open(path))
    for p in inst["people"]:
        p["x-email"] = p["id"].lower() + "@example.org"
    json.dump(inst, open(path, "w"))
    return inst


def close_busiest_rooms(srv, tok, prog, day, n):
    """Closes the n rooms with most sessions on day (from prog, the public programme) until 18:00."""
    count = {}
    for a in prog["assignments"]:
        if a["start"].startswith(day):
            count[a["room"]] = count.get(a["room"], 0) + 1
    for room in sorted(count, key=lambda r: -count[r])[:n]:
        srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": room,
                                                "from": day + "T00:00", "to": day + "T18:00"}, token=tok)


def sign_in(srv, link, origin=None):
    """Follows a magic link as a browser would: GET shows the page, POST signs in. Returns the
    POST's status, the session cookie (or None) and the response headers."""
    path = urllib.parse.urlparse(link).path
    st, h, page = srv.req("GET", path)
    page = page.decode()
    if st != 200:
        return st, None, h
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    hdr = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin or srv.base,
           "Sec-Fetch-Site": "same-origin"}
    st, h, body = srv.req("POST", "/signin", urllib.parse.urlencode({"token": token, "csrf": csrf}), hdr)
    m = re.search(r"__Host-salle=([^;]*)", h.get("set-cookie", ""))
    return st, (m.group(1) if m else None), h


def matrix_routes(R, org):
    """The authorization matrix's routes (test_reliability.py; test_events.py asks the same of
    another event's people): (method, route, JSON body, form body, the statuses for the public,
    the organizer of request R's session, another organizer, the admin and the API token). A new
    route added here is covered by both."""
    A = 401  # what the API answers every role but the token
    return [
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


def csrf_of(srv, path, cookie):
    st, h, body = srv.req("GET", path, cookie=cookie)
    m = re.search(r'name="csrf" value="([^"]+)"', body.decode())
    return m.group(1) if m else None


def wait_job(srv, job, tok):
    """Polls GET /api/v1/jobs/{job} until it is done or failed; returns its JSON."""
    while True:
        st, j = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
        if j.get("state") in ("done", "failed"):
            return j
        time.sleep(0.1)


def many_requests(folder, *extra, sessions=2200, rooms=45, email_every=10, copies=1, close_share=None):
    """A server whose re-plan asks more than 1,000 sessions to move, for the kill test and
    bench/serve.sh: a generated programme (every email_every-th person with an address; with
    copies > 1, each room copies times, the copies named "<id>-x1", ...), solved and published as
    version 1, then the `rooms` busiest rooms (close_share: that share of all rooms) closed on
    every day but the last and a re-plan. Returns (server, API token, instance, the re-plan's
    answer).

    How long the re-plan takes depends on whether the closed rooms' sessions find room elsewhere:
    1,600 sessions in three times their rooms with 60% closed re-plan in about a second of CPU
    (1,114 moves; 1,800 in twice their rooms with 53% closed, 1,072 moves from 71 disruptions
    instead of 108), 2,200 sessions in their own rooms with 45 of 81 closed take minutes (the sessions
    left without a place make it free and solve nearly the whole programme again). Each closed
    room is one disruption, each a parse of the whole draft: fewer, busier rooms set up faster."""
    db, pub, path = new_db(os.path.basename(folder)), os.path.join(folder, "public"), os.path.join(folder, "inst.json")
    subprocess.run([SALLE, "gen", "--sessions", str(sessions), "--seed", "4", "-o", path], check=True)
    inst = json.load(open(path))
    for i, p in enumerate(inst["people"]):
        if email_every and i % email_every == 0:
            p["x-email"] = p["id"].lower() + "@example.org"
    own = list(inst["rooms"])
    for c in range(1, copies):
        for r in own:
            inst["rooms"].append(dict(r, id="%s-x%d" % (r["id"], c), name="%s, annex %d" % (r["name"], c)))
    if close_share is not None:
        rooms = int(len(inst["rooms"]) * close_share)
    json.dump(inst, open(path, "w"))
    srv = Server("--import", path, *extra, db=db, pub=pub)
    srv.db = db
    srv.timeout = 900  # a re-plan of 2,200 sessions in their own rooms takes minutes (see above)
    tok = run("admin-token", "--db", db).stdout.strip()
    wait_job(srv, srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 60000}, token=tok)[1]["job"], tok)
    st, j = srv.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok)
    if st != 201:
        raise RuntimeError("publishing version 1 failed: %d %s" % (st, str(j)[:300]))
    st, prog = srv.api("GET", "/api/v1/programme")
    busy = {}
    for a in prog["assignments"]:
        busy[a["room"]] = busy.get(a["room"], 0) + 1
    days = inst["event"]["days"]
    for room in sorted(busy, key=lambda r: -busy[r])[:rooms]:
        # closed on every day but the last, so that each room keeps some time
        srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": room, "from": days[0] + "T00:00",
                                                "to": days[-2] + "T23:59"}, token=tok)
    st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
    srv.timeout = 60
    return srv, tok, inst, prop
