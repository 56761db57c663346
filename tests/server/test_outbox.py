#!/usr/bin/python3
"""tests/server/test_outbox.py SALLE: reaching organizers (issue 9 point 7). A local SMTP sink
(python3-aiosmtpd) on 127.0.0.1 receives what `salle serve --smtp` sends: one message per organizer
per proposal (a newer proposal replaces an unsent older one), held until the admin approves,
retried with backoff while the SMTP server is down, never sent twice; each has the sign-in link,
which the test follows to answer, and an iCalendar attachment."""
import email
import os
import signal
import sys
import time

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import gen_with_emails, DB, INST, Server, SmtpSink, check, finish, free_port, run, sign_in, sql  # noqa: E402

received = []
smtp_port = free_port()

inst = gen_with_emails(40, 3)
organizers = {s["id"]: (s.get("organizers") or s.get("speakers") or []) for s in inst["sessions"]}

srv = Server("--import", INST, "--smtp", "smtp://127.0.0.1:%d" % smtp_port, "--mail-from", "programme@example.org")
tok = run("admin-token", "--db", DB).stdout.strip()
st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 30000}, token=tok)
while srv.api("GET", "/api/v1/jobs/%d" % j["job"], token=tok)[1]["state"] not in ("done", "failed"):
    time.sleep(0.1)
check(srv.api("POST", "/api/v1/publish", {}, token=tok)[0] == 201, "publish version 1")
prog = srv.api("GET", "/api/v1/programme")[1]
day = inst["event"]["days"][1]
rooms = sorted({a["room"] for a in prog["assignments"] if a["start"].startswith(day)})


def replan_after_closing(room):
    srv.api("POST", "/api/v1/disruptions", {"kind": "room_closed", "room": room, "from": day + "T09:00",
                                            "to": day + "T18:30"}, token=tok)
    st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
    return [m for m in prop["moves"] if m["kind"] == "moved"]


moves1 = replan_after_closing(rooms[0])
people1 = {p for m in moves1 for p in organizers[m["session"]]}
st, box = srv.api("GET", "/api/v1/outbox", token=tok)
drafts = [m for m in box["messages"] if m["state"] == "draft"]
check(moves1 and len(drafts) == len(people1) and {m["person"] for m in drafts} == people1,
      "one draft per organizer of a moved session (%d)" % len(people1))
one = drafts[0]
mine = [m for m in moves1 if one["person"] in organizers[m["session"]]]
check(all(m["session"] in one["body"] for m in mine) and "sign-in link" in one["body"],
      "a message lists all that organizer's moves and where the link goes")
time.sleep(1.5)
check(not received and all(m["state"] == "draft" for m in srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]),
      "nothing is sent before the admin approves")

moves2 = replan_after_closing(rooms[1])
people2 = {p for m in moves2 for p in organizers[m["session"]]}
st, box = srv.api("GET", "/api/v1/outbox", token=tok)
by_person = {}
for m in box["messages"]:
    by_person.setdefault(m["person"], []).append(m)
check(all(len(v) == 1 for v in by_person.values()), "a newer proposal replaces an unsent older message")
check(all(by_person[p][0]["proposal"] > one["proposal"] for p in people2 if p in by_person),
      "the message kept is the newer proposal's")
n_expected = len(box["messages"])

st, j = srv.api("POST", "/api/v1/outbox/send", {}, token=tok)
check(st == 200 and j["approved"] == n_expected, "the admin approves %d messages" % n_expected)
time.sleep(2.5)
box = srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]
check(all(m["state"] in ("approved", "sending") and m["attempts"] >= 2 for m in box) and
      all(m["error"] for m in box if m["state"] == "approved"),
      "while the SMTP server is down, messages wait with their error and are retried: %s"
      % [(m["state"], m["attempts"], m["error"]) for m in box])

ctl = Controller(SmtpSink(received), hostname="127.0.0.1", port=smtp_port)
ctl.start()
for _ in range(300):
    box = srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]
    if all(m["state"] == "sent" for m in box):
        break
    time.sleep(0.1)
check(all(m["state"] == "sent" for m in box), "once SMTP is back every approved message is sent")
time.sleep(2)
check(len(received) == n_expected, "each message arrived once (%d of %d)" % (len(received), n_expected))
rcpts = sorted(r[0][0] for r in received)
check(len(set(rcpts)) == len(rcpts), "no organizer got two messages")

msg = email.message_from_bytes(received[0][1])
text = cal = None
for part in msg.walk():
    if part.get_content_type() == "text/plain":
        text = part.get_payload(decode=True).decode()
    if part.get_content_type() == "text/calendar":
        cal = part.get_payload(decode=True).decode()
check(msg["From"] == "programme@example.org" and "confirm" in str(email.header.make_header(email.header.decode_header(msg["Subject"]))),
      "sender and subject")
check(cal and "BEGIN:VCALENDAR" in cal and "BEGIN:VEVENT" in cal, "an iCalendar attachment")
link = next((w for w in (text or "").split() if "/signin/" in w), None)
check(link is not None and link.startswith(srv.base), "the message carries a sign-in link")
st, cookie, _ = sign_in(srv, link)
check(st == 303 and cookie, "the link from the e-mail signs the organizer in")
st, h, body = srv.req("GET", "/me", cookie=cookie)
check(st == 200 and b"/requests/" in body, "and shows their move requests")

# A message a stopped server was sending is never sent again.
srv.stop(signal.SIGTERM)
sql(DB, "UPDATE outbox SET state = 'sending' WHERE id = (SELECT MAX(id) FROM outbox)")
before = len(received)
srv = Server("--smtp", "smtp://127.0.0.1:%d" % smtp_port)
time.sleep(1.5)
box = srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]
last = max(box, key=lambda m: m["id"])
check(last["state"] == "failed" and "not sent again" in last["error"] and len(received) == before,
      "a message interrupted while sending is marked failed, not sent twice")
srv.stop(signal.SIGTERM)
ctl.stop()
finish()
