#!/usr/bin/python3
"""tests/server/test_pg_shared.py SALLE: three `salle serve` processes share one PostgreSQL, as
behind a load balancer (issue 11 point 4, docs/deploy.md). At the same time: concurrent answers
to move requests sent to all three, solve jobs queued through all three, and the outbox's mail
sent by all three to one SMTP sink (python3-aiosmtpd) that answers slowly, so that the processes
overlap. Then nothing is lost or doubled: every answer that got a success response is recorded
once and as answered, every job ran once (one 'solve' audit entry per job), every e-mail arrived
once; and a publication through one process is what the others serve next (their caches notice
other processes' writes). Also the PostgreSQL schema's refusals. Runs only with SALLE_TEST_DB=postgresql (the ctest serve_pg_shared)."""
import os
import random
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import gen_with_emails, BACKEND, DB, INST, TMP, Server, SmtpSink, check, close_busiest_rooms, finish, free_port, run, sql  # noqa: E402

if BACKEND != "postgresql":
    sys.exit("test_pg_shared.py needs SALLE_TEST_DB=postgresql")

received = []
smtp_port = free_port()
# a slow sink: the processes' mailers overlap while one waits for it
ctl = Controller(SmtpSink(received, delay=0.3), hostname="127.0.0.1", port=smtp_port)
ctl.start()

inst = gen_with_emails(80, 4)

mail = ("--smtp", "smtp://127.0.0.1:%d" % smtp_port, "--mail-from", "programme@example.org")
a = Server("--import", INST, *mail)
b = Server(*mail)
c = Server(*mail)
servers = [a, b, c]
tok = run("admin-token", "--db", DB).stdout.strip()
check(all(srv.api("GET", "/api/v1/outbox", token=tok)[0] == 200 for srv in servers),
      "a token made once is accepted by all three processes (one hashing key)")


def wait_job(srv, job):
    for _ in range(1200):
        st, j = srv.api("GET", "/api/v1/jobs/%d" % job, token=tok)
        if j.get("state") in ("done", "failed"):
            return j
        time.sleep(0.1)
    return j


st, j = b.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 40000}, token=tok)
check(wait_job(a, j["job"]).get("state") == "done", "a job queued through one process is done, seen from another")
st, j = c.api("POST", "/api/v1/publish", {"note": "v1"}, token=tok)
check(st == 201, "publish version 1 through the third process")
st, prog = a.api("GET", "/api/v1/programme")
check(st == 200 and prog.get("version") == 1, "the first process serves version 1")
# Caches notice the others: each process derives and keeps version 1's programme, then a
# publication through one of them is what all three serve.
check([srv.api("GET", "/api/v1/programme")[1].get("version") for srv in servers] == [1, 1, 1],
      "all three serve version 1")
st, j = b.api("POST", "/api/v1/publish", {"note": "v2"}, token=tok)
check(st == 201, "publish version 2 through the second process: %s" % j)
versions = [srv.api("GET", "/api/v1/programme")[1].get("version") for srv in servers]
check(versions == [2, 2, 2], "all three serve version 2 at once: %s" % versions)
st, prog = a.api("GET", "/api/v1/programme")

# Close the three busiest rooms of the first day: many sessions must move, organizers get mail.
close_busiest_rooms(a, tok, prog, inst["event"]["days"][0], 3)
st, prop = b.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
reqs = [m["request"] for m in prop["moves"] if m["kind"] == "moved"]
check(len(reqs) >= 5, "the re-plan asks %d sessions to move" % len(reqs))
st, box = c.api("GET", "/api/v1/outbox", token=tok)
n_mail = len(box["messages"])
check(n_mail >= 3, "%d messages to organizers wait for review" % n_mail)

# ---------------------------------------------------------------- all at once
st, j = a.api("POST", "/api/v1/outbox/send", {}, token=tok)
check(st == 200 and j["approved"] == n_mail, "the admin approves them through one process")
results = []  # (request, note, status, state) of every answer that got a response
lock = threading.Lock()


def answerer(k):
    rnd = random.Random(k)
    for i in range(20):
        srv = servers[(k + i) % 3]
        rid = rnd.choice(reqs)
        note = "client %d answer %d" % (k, i)
        st, j = srv.api("POST", "/api/v1/requests/%d/%s" % (rid, rnd.choice(["accept", "decline"])),
                        {"note": note}, token=tok)
        with lock:
            results.append((rid, note, st, j.get("state")))


jobs = []


def queuer():
    for i in range(6):
        st, j = servers[i % 3].api("POST", "/api/v1/solve", {"seed": 10 + i, "iterations": 20000}, token=tok)
        if st in (200, 202):
            jobs.append(j["job"])


threads = [threading.Thread(target=answerer, args=(k,)) for k in range(12)] + [threading.Thread(target=queuer)]
for t in threads:
    t.start()
for t in threads:
    t.join()

ok = [r for r in results if r[2] == 200]
refused = [r for r in results if r[2] != 200]
check(len(results) == 240 and len(ok) >= 1, "240 answers through three processes (%d accepted, %d refused)"
      % (len(ok), len(refused)))
check(all(r[2] == 409 for r in refused), "every refused answer was a 409 (already answered): %s"
      % sorted({r[2] for r in refused}))
per = {}
for r in ok:
    per.setdefault(r[0], []).append(r)
check(all(len(v) == 1 for v in per.values()), "a request has at most one successful answer across processes")
lost = [rid for rid, v in per.items()
        if (lambda j: j.get("note") != v[0][1] or j.get("state") != v[0][3])(
            servers[rid % 3].api("GET", "/api/v1/requests/%d" % rid, token=tok)[1])]
check(not lost, "every answer that got a success response is recorded as answered (%s lost)" % lost)
phantom = [rid for rid, note, st, state in refused
           if a.api("GET", "/api/v1/requests/%d" % rid, token=tok)[1].get("note") == note]
check(not phantom, "no answer that was refused is recorded")

check(len(jobs) == 6, "six jobs queued through the three processes")
states = [wait_job(servers[i % 3], job).get("state") for i, job in enumerate(jobs)]
check(all(x in ("done", "failed") for x in states), "every job finished: %s" % states)
runs = {job: int(sql(DB, "SELECT COUNT(*) FROM audit WHERE what = 'solve' AND who = 'job %d'" % job))
        for job in jobs}
check(all(n == 1 for job, n in runs.items() if states[jobs.index(job)] == "done"),
      "every job that was done ran once: %s" % runs)
workers = int(sql(DB, "SELECT COUNT(DISTINCT worker) FROM jobs WHERE id IN (%s)" % ",".join(map(str, jobs))))
check(workers >= 2, "the jobs were run by %d of the processes" % workers)

for _ in range(600):
    box = c.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]
    if all(m["state"] == "sent" for m in box):
        break
    time.sleep(0.1)
check(all(m["state"] == "sent" for m in box), "every approved message is sent: %s"
      % sorted({m["state"] for m in box}))
time.sleep(1)
rcpts = sorted(r[0][0] for r in received)
check(len(received) == n_mail and len(set(rcpts)) == len(rcpts),
      "each message arrived once (%d received for %d messages)" % (len(received), n_mail))
check(all(m["attempts"] == 1 for m in box), "each message was claimed once")
senders = int(sql(DB, "SELECT COUNT(DISTINCT worker) FROM outbox WHERE state = 'sent'"))
check(senders >= 2, "the mail was sent by %d of the processes" % senders)

for srv in servers:
    rc, rest = srv.stop(15)
    check(rc == 0, "a process stops cleanly (exit %s)%s" % (rc, "" if rc == 0 else ": " + open(
        os.path.join(TMP, "serve.log")).read()[-3000:]))
ctl.stop()

# The schema on PostgreSQL: published versions immutable even to raw SQL; a newer schema refused.
try:
    sql(DB, "UPDATE versions SET note = 'x' WHERE number = 1")
    refused = ""
except subprocess.CalledProcessError as ex:
    refused = ex.stderr
check("published versions are immutable" in refused, "raw SQL cannot change a published version")
sql(DB, "UPDATE salle_schema SET version = 99")
r = run("admin-token", "--db", DB)
check(r.returncode == 2 and "schema version 99, newer than this salle knows (6)" in r.stderr,
      "a database at a newer schema is refused in words: %r" % r.stderr)
finish()
