#!/usr/bin/python3
"""bench/serve_answers.py SALLE SECONDS [--durability MODE]: the answer POST under load (issue 9
point 12), with distinct pending requests, each answered once. Builds the kill test's programme
(tests/server/harness.py many_requests: 2,200 sessions, a re-plan that asks more than 1,000 to
move), signs in the organizers of half of the requests, then runs wrk (bench/answers.lua) for
SECONDS over the requests in random order: half through the organizers' form POST (accept or
decline, confirm=yes), half through the API on their behalf (POST /api/v1/requests/{id}/accept or
/decline with a note). Prints one row: answers/s, p50, p99, errors, answers; then checks in the
store that the number of answered requests is the number of answers wrk saw succeed (or more, by
those in flight when wrk stopped)."""
import os
import random
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "server"))
from harness import TMP, csrf_of, many_requests, sign_in  # noqa: E402

secs = sys.argv[2]
extra = sys.argv[3:]
srv, tok, inst, prop = many_requests(tempfile.mkdtemp(dir=TMP), *extra)
org = {s["id"]: (s.get("organizers") or s.get("speakers") or []) for s in inst["sessions"]}
moved = [m for m in prop["moves"] if m["kind"] == "moved"]
rnd = random.Random(5)
lines = []
cookies = {}
for k, m in enumerate(moved):
    rid, people = m["request"], org[m["session"]]
    verb = rnd.choice(["accept", "accept", "decline"])
    if k % 2 == 0 and people:
        p = people[0]
        if p not in cookies:
            link = srv.api("POST", "/api/v1/people/%s/link" % p, {}, token=tok)[1]["link"]
            c = sign_in(srv, link)[1]
            cookies[p] = (c, csrf_of(srv, "/me", c))
        c, csrf = cookies[p]
        body = urllib.parse.urlencode({"csrf": csrf, "answer": verb, "confirm": "yes"})
        lines.append("/requests/%d\t%s\t%s" % (rid, c, body))
    else:
        lines.append('/api/v1/requests/%d/%s\tBearer %s\t{"note": "phone call, bench"}' % (rid, verb, tok))
rnd.shuffle(lines)
answers = os.path.join(TMP, "answers.tsv")
open(answers, "w").write("\n".join(lines) + "\n")
env = dict(os.environ, ANSWERS=answers, ORIGIN=srv.base, WRK_THREADS="2")
out = subprocess.run(["wrk", "-t2", "-c32", "-d%ss" % secs, "-s", os.path.join(HERE, "answers.lua"), srv.base],
                     capture_output=True, text=True, env=env).stdout
res = next((line.split()[1:] for line in out.splitlines() if line.startswith("RESULT ")), None)
if not res:
    print("wrk gave no result:", out)
    sys.exit(1)
rate, p50, p99, errs, n, exhausted = res
print("%-34s %9s %9s %9s %7s   (%s distinct requests answered%s)" % (
    "answer POST, %d distinct requests" % len(lines), rate, p50, p99, errs, n,
    "; ran out: the rate is a lower bound" if exhausted != "-" else ""))
st, j = srv.api("GET", "/api/v1/requests", token=tok)
stored = sum(1 for r in j["requests"] if r["state"] in ("accepted", "declined"))
ok = int(n) - int(errs)
print("  the store holds %d answers; wrk saw %d succeed%s" % (stored, ok, "" if stored >= ok else " (ANSWERS LOST)"))
srv.stop(15)
sys.exit(0 if stored >= ok else 1)
