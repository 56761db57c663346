#!/usr/bin/python3
"""tests/server/test_mail_lang.py SALLE: the server's e-mails in each recipient's language (issue
11 point 6). An organizer's messages are written in the language they last chose (?lang= on a
page while signed in) or signed in with (the sign-in page's language: cookie, else
Accept-Language), else the event's (`salle serve --language`), else English: subject, body, the
dates in it and the iCalendar attachment's labels. The admin's review page shows each message as
it will be sent, marked with its language. The re-planner's reason for each move (a code with
arguments) is said in the organizer's language in the e-mail and on the request's page; requests
stored before migration 6 keep their English words. A local SMTP sink (python3-aiosmtpd)
receives them."""
import email
import email.header
import html
import os
import re
import subprocess
import sys
import time
import urllib.parse

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (gen_with_emails, SALLE, DB, INST, Server, SmtpSink, check, close_busiest_rooms, finish,  # noqa: E402
                     free_port, query, run, sign_in, sql)

received = []
smtp_port = free_port()
ctl = Controller(SmtpSink(received), hostname="127.0.0.1", port=smtp_port)
ctl.start()

inst = gen_with_emails(40, 5)
organizers = {s["id"]: (s.get("organizers") or s.get("speakers") or []) for s in inst["sessions"]}

# a language salle has no mail in is refused, in words, before anything starts
r = subprocess.run([SALLE, "serve", "--db", DB, "--public", "/tmp/none", "--language", "de"],
                   capture_output=True, text=True)
check(r.returncode == 2 and "--language" in r.stderr and "en, fr, es or ar" in r.stderr,
      "serve --language de is refused: %r" % r.stderr)

r = subprocess.run([SALLE, "serve", "--db", DB, "--public", "/tmp/none", "--languages", "en,xx"],
                   capture_output=True, text=True)
check(r.returncode == 2 and "--languages" in r.stderr and "en,fr,es,ar" in r.stderr,
      "serve --languages en,xx is refused: %r" % r.stderr)

srv = Server("--import", INST, "--smtp", "smtp://127.0.0.1:%d" % smtp_port,
             "--mail-from", "programme@example.org", "--language", "es")
tok = run("admin-token", "--db", DB).stdout.strip()
st, j = srv.api("POST", "/api/v1/solve", {"seed": 1, "iterations": 30000}, token=tok)
while srv.api("GET", "/api/v1/jobs/%d" % j["job"], token=tok)[1]["state"] not in ("done", "failed"):
    time.sleep(0.1)
check(srv.api("POST", "/api/v1/publish", {}, token=tok)[0] == 201, "publish version 1")
prog = srv.api("GET", "/api/v1/programme")[1]
close_busiest_rooms(srv, tok, prog, inst["event"]["days"][1], 2)


def replan():
    st, prop = srv.api("POST", "/api/v1/replan", {"seed": 1, "iterations": 20000}, token=tok)
    check(st == 200, "re-plan: %d" % st)
    return [m for m in prop["moves"] if m["kind"] == "moved"]


moves = replan()
people = sorted({p for m in moves for p in organizers[m["session"]]})
check(len(people) >= 4, "the re-plan asks at least four organizers (%d)" % len(people))
fr_person, en_person, ar_person, es_person = people[:4]


def link_for(person):
    return run("organizer-link", "--db", DB, "--person", person, "--base-url", srv.base).stdout.strip()


def sign_in_with(person, accept):
    """Signs in as a browser whose language is accept does: the link's page, then its form."""
    path = urllib.parse.urlparse(link_for(person)).path
    st, h, page = srv.req("GET", path, headers={"Accept-Language": accept})
    page = page.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    hdr = {"Content-Type": "application/x-www-form-urlencoded", "Origin": srv.base,
           "Sec-Fetch-Site": "same-origin", "Accept-Language": accept}
    st, h, body = srv.req("POST", "/signin", urllib.parse.urlencode({"token": token, "csrf": csrf}), hdr)
    m = re.search(r"__Host-salle=([^;]*)", h.get("set-cookie", ""))
    check(st == 303 and m, "%s signs in with Accept-Language %s" % (person, accept))
    return m.group(1)


fr_cookie = sign_in_with(fr_person, "fr-FR,fr;q=0.9,en;q=0.5")  # signs in in French
en_cookie = sign_in_with(en_person, "en-GB,en;q=0.9")           # signs in in English
cookie = sign_in_with(ar_person, "en-US")                # signs in in English, then picks Arabic
st, h, page = srv.req("GET", "/me?lang=ar", cookie=cookie)
check(st == 200 and b'lang="ar" dir="rtl"' in page, "the organizer's page in Arabic when they pick it")
# es_person never signs in: the event's language, --language es

moves = replan()  # the drafts are written again, now that the languages are known
st, box = srv.api("GET", "/api/v1/outbox", token=tok)
draft = {m["person"]: m for m in box["messages"] if m["state"] == "draft"}
check(all(p in draft for p in people), "one draft per organizer asked")
want = {fr_person: "fr", en_person: "en", ar_person: "ar", es_person: "es"}
check(all(draft[p]["lang"] == l for p, l in want.items()),
      "each draft is in its recipient's language: %s" % {p: draft[p]["lang"] for p in want})
check("merci de confirmer" in draft[fr_person]["subject"] and draft[fr_person]["body"].startswith("Bonjour ")
      and "actuellement : " in draft[fr_person]["body"] and "please confirm" not in draft[fr_person]["subject"],
      "the French organizer's draft is in French: %r" % draft[fr_person]["subject"])
check("please confirm" in draft[en_person]["subject"] and draft[en_person]["body"].startswith("Hello ")
      and "\n  now: " in draft[en_person]["body"], "the English organizer's draft is in English")
check("يُرجى تأكيد" in draft[ar_person]["subject"] and "الموعد المقترح" in draft[ar_person]["body"],
      "the Arabic organizer's draft is in Arabic")
check("confirme un cambio" in draft[es_person]["subject"] and draft[es_person]["body"].startswith("Hola, ")
      and "propuesto: " in draft[es_person]["body"],
      "an organizer who never chose a language gets the event's (--language es)")

# The admin reviews them as they will be sent: each marked with its own language.
admin = run("admin-link", "--db", DB, "--base-url", srv.base).stdout.strip()
st, acookie, _ = sign_in(srv, admin)
st, h, page = srv.req("GET", "/admin/outbox", cookie=acookie)
page = page.decode()
check(st == 200 and '<html lang="en"' in page, "the outbox review page (in English)")
fr_section = next((s for s in page.split("<section")
                   if draft[fr_person]["email"] in s), "")
check('<pre class="mail" lang="fr" dir="ltr">Bonjour ' in fr_section and
      "[un lien de connexion, créé au moment de l’envoi]" in fr_section and
      '<span lang="fr">Français</span>' in fr_section,
      "the French message is shown in French, marked lang=fr, on the English review page")
ar_section = next((s for s in page.split("<section") if draft[ar_person]["email"] in s), "")
check('<pre class="mail" lang="ar" dir="rtl">' in ar_section, "the Arabic message is marked right to left")
en_section = next((s for s in page.split("<section") if draft[en_person]["email"] in s), "")
check('<pre class="mail">Hello ' in en_section, "the English message is unmarked on an English page")

st, j = srv.api("POST", "/api/v1/outbox/send", {}, token=tok)
n = len(draft)
check(st == 200 and j["approved"] == n, "the admin approves the %d messages" % n)
for _ in range(300):
    if len(received) >= n:
        break
    time.sleep(0.1)
check(len(received) == n, "every message arrived (%d of %d)" % (len(received), n))


def delivered(person):
    addr = draft[person]["email"]
    raw = next(r[1] for r in received if addr in r[0])
    msg = email.message_from_bytes(raw)
    subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    text = cal = None
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        if part.get_content_type() == "text/calendar":
            cal = part.get_payload(decode=True).decode()
    return subject, text and text.replace("\r\n", "\n"), cal


subject, text, cal = delivered(fr_person)
days_fr = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
check(subject.endswith("merci de confirmer une modification de votre session") and
      text.startswith("Bonjour ") and "proposé : " in text and any(d in text for d in days_fr) and
      "ouvrez ce lien :\n" + srv.base + "/signin/" in text and "expire dans 14 jours" in text,
      "the French organizer gets a French message: %r" % subject)
check(cal and "BEGIN:VEVENT" in cal and ("Organisateurs : " in cal or "Intervenants : " in cal) and
      "Organizers: " not in cal and "Speakers: " not in cal, "with a French calendar")
subject, text, cal = delivered(en_person)
days_en = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
check(subject.endswith("please confirm a change to your session") and text.startswith("Hello ") and
      "proposed: " in text and any(d in text for d in days_en) and "expires in 14 days" in text,
      "the English organizer gets an English message: %r" % subject)
check(cal and ("Organizers: " in cal or "Speakers: " in cal) and "Organisateurs" not in cal,
      "with an English calendar")

# The re-planner's reasons in the reader's language: each move carries its reason as a code with
# arguments beside the English words; the e-mail's "why" line and the request's page say it in
# the organizer's language, days and times included. The oracle below writes the expected words
# from the code and arguments independently of the server.
DAYS = {"en": days_en, "fr": days_fr}
MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"),
          "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")}
WORDS = {"room_closed": {"en": "{0} is closed {1}", "fr": "fermeture de {0} le {1}"},
         "makes_room": {"en": "it makes room for {0}", "fr": "elle laisse la place à {0}"},
         "overlap": {"en": "it overlaps {0} in {1} ({2} and {3})", "fr": "elle chevauche {0} dans {1} ({2} et {3})"},
         "person_busy": {"en": "{0} is also in {1} at {2}", "fr": "{0} participe aussi à {1} le {2}"},
         "not_with": {"en": "it may not run at the same time as {0} ({1})",
                      "fr": "elle ne peut pas avoir lieu en même temps que {0} ({1})"},
         "after": {"en": "it must start after {0} ends ({1})", "fr": "elle doit commencer après la fin de {0} ({1})"},
         "room_gone": {"en": "its room no longer exists", "fr": "sa salle n’existe plus"}}


def said(lang, code, args):
    def arg(a):
        if isinstance(a, (str, int)):
            return str(a)
        iso = a.get("at") or a["from"]
        import datetime
        d = datetime.date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))
        day = "%s %d %s" % (DAYS[lang][d.weekday()], d.day, MONTHS[lang][d.month - 1])
        if "at" in a:
            return day + (", " if lang == "en" else " à ") + iso[11:]
        end = int(iso[11:13]) * 60 + int(iso[14:16]) + a["minutes"]
        e = "%02d:%02d" % (end // 60, end % 60)
        return day + (", %s-%s" % (iso[11:], e) if lang == "en" else " de %s à %s" % (iso[11:], e))
    return WORDS[code][lang].format(*[arg(a) for a in args]) if code in WORDS else None


check(all(m["code"] and isinstance(m["args"], list) and m["reason"] for m in moves),
      "every move of the re-plan report has a reason code and arguments beside its words")
_, fr_text, _ = delivered(fr_person)
_, en_text, _ = delivered(en_person)
seen = {"fr": 0, "en": 0}
for m in moves:
    for lang, person, text, cookie, accept in (("fr", fr_person, fr_text, fr_cookie, "fr-FR,fr;q=0.9"),
                                               ("en", en_person, en_text, en_cookie, "en-GB,en;q=0.9")):
        if person not in organizers[m["session"]]:
            continue
        st, h, page = srv.req("GET", "/requests/%d" % m["request"], cookie=cookie,
                              headers={"Accept-Language": accept})
        page = page.decode()
        why = page.split("<dd>")[3].split("</dd>")[0] if page.count("<dd>") >= 4 else ""
        want = said(lang, m["code"], m["args"])
        line = ("motif : " if lang == "fr" else "why: ")
        if want is not None:
            seen[lang] += 1
            check(line + want + "\n" in text, "the %s e-mail says why %s moves in %s: %r in %r"
                  % (lang, m["session"], lang, want, text))
            check(st == 200 and why == html.escape(want, quote=False),
                  "the %s organizer's page of request %d says why in %s: %r (got %r)"
                  % (lang, m["request"], lang, want, why))
        if lang == "fr":
            check(m["reason"] not in why and "lang=\"en\"" not in why and line + m["reason"] not in text,
                  "the French organizer never sees the English words for %s (%r)" % (m["session"], m["reason"]))
check(seen["fr"] >= 1 and seen["en"] >= 1, "reasons checked word for word: %s" % seen)
# and on the admin's overview, the move requests' reasons in the admin page's language
m = next(m for m in moves if said("fr", m["code"], m["args"]))
for lang, accept in (("fr", "fr-FR,fr;q=0.9"), ("en", "en-GB,en;q=0.9")):
    st, h, page = srv.req("GET", "/admin", cookie=acookie, headers={"Accept-Language": accept})
    row = next((r for r in page.decode().split("<tr>") if '<a href="/requests/%d">' % m["request"] in r), "")
    check(st == 200 and "<td>%s</td>" % html.escape(said(lang, m["code"], m["args"]), quote=False) in row,
          "/admin lists request %d with its reason in %s: %r" % (m["request"], lang, row))

subject, text, cal = delivered(ar_person)
check("يُرجى تأكيد تغيير في جلستك" in subject and text.startswith("مرحبًا ") and "السبب: " in text,
      "the Arabic organizer gets an Arabic message")

# The French link still signs in, and the page it opens is in French (the remembered cookie aside).
link = next(w for w in delivered(fr_person)[1].split() if "/signin/" in w)
st, fcookie, _ = sign_in(srv, link)
check(st == 303 and fcookie, "the link in the French message signs in")
# a sign-in that says no language (no cookie, no Accept-Language) keeps the one remembered
check([tuple(r) for r in query(DB, "SELECT lang FROM langs WHERE person = ?", fr_person)] == [("fr",)],
      "a sign-in without a language keeps the French organizer's French")

# Migration 5 keeps what a version-4 store holds: the store taken back to version 4 (no langs
# table, no outbox.lang), then opened again; its messages are all there, in English by default.
before = {m["id"]: m["subject"] for m in srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]}
srv.stop(15)
sql(DB, "DROP TABLE langs")
sql(DB, "ALTER TABLE outbox DROP COLUMN lang")
sql(DB, "ALTER TABLE requests DROP COLUMN reason_code")  # and migration 6's columns
sql(DB, "ALTER TABLE requests DROP COLUMN reason_args")
sql(DB, "UPDATE salle_schema SET version = 4" if "://" in DB else "PRAGMA user_version = 4")
srv = Server("--smtp", "smtp://127.0.0.1:%d" % smtp_port)
after_ = srv.api("GET", "/api/v1/outbox", token=tok)[1]["messages"]
check({m["id"]: m["subject"] for m in after_} == before and all(m["lang"] == "en" for m in after_),
      "a version-4 store migrates to 5 keeping every message (%d), each then said to be English" % len(before))
check(query(DB, "SELECT COUNT(*) FROM langs")[0][0] == 0, "and an empty langs table")
# Migration 6: requests stored before reasons had codes keep their English words, marked English
# on a French page.
m = next(m for m in moves if fr_person in organizers[m["session"]])
st, h, page = srv.req("GET", "/requests/%d" % m["request"], cookie=fr_cookie,
                      headers={"Accept-Language": "fr-FR,fr;q=0.9"})
page = page.decode()
check(st == 200 and '<span lang="en" dir="ltr">%s</span>' % html.escape(m["reason"], quote=False) in page,
      "a request from before migration 6 shows its English reason, marked English, on a French page")
check([tuple(r) for r in query(DB, "SELECT DISTINCT reason_code, reason_args FROM requests")] == [("", "[]")],
      "and its reason has no code after the migration")
srv.stop(15)
ctl.stop()
finish()
