#!/usr/bin/python3
"""tests/server/test_tls.py SALLE: `salle serve --behind-tls` behind nginx over HTTPS, with the
nginx configuration of docs/deploy.md (issue 9 point 4), so that the document is what is tested.

Nothing is installed at run time: Debian's nginx (scripts/deps.sh) runs from a configuration in a
temporary folder (`daemon off`, its pid, logs and buffers there), around the `server` block taken
from docs/deploy.md with only its addresses and paths replaced; the test fails when the block is
missing or no longer has what it replaces. openssl makes a self-signed certificate for 127.0.0.1.
Checked over HTTPS: the public programme comes from the published folder; a sign-in link salle
prints starts with the https base URL; signing in sets the `__Host-` cookie with Secure, HttpOnly,
SameSite=Lax and Path=/ and no Domain, and the cookie then works; a POST with a foreign Origin is
refused; HSTS is sent. The rate limiter of failed sign-in look-ups counts each client's address as
nginx forwards it (the last hop of X-Forwarded-For), so one client that tries many bad links is
limited and another, from another address through the same proxy, is not; a client cannot escape
by writing its own X-Forwarded-For. Without --behind-tls the header is never read.
The test clients come from different loopback addresses (127.0.0.2, 127.0.0.3, ...), which nginx
sees as different clients.
"""
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DB, INST, PUB, SALLE, TMP, check, exchange, finish, free_port, new_db, run, wait_job  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
if not os.path.exists(NGINX):
    sys.exit("nginx is not installed: bash scripts/deps.sh (Debian package nginx)")


def doc_block(path, heading):
    """The first fenced block after the heading `heading` in the Markdown file at path."""
    text = open(path).read()
    m = re.search(r"^## " + re.escape(heading) + r"\n(.*?)^```[a-z]*\n(.*?)^```", text, re.S | re.M)
    return m.group(2) if m and "\n## " not in m.group(1) else None


def wait_port(port, what, proc):
    for _ in range(300):
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    print(what, "did not start")
    return False


def fresh_minute():
    """Waits for a new minute when this one is nearly over: the limiter counts per clock minute,
    so a batch of failures and the checks after it must fall in one."""
    s = time.time() % 60
    if s > 40:
        time.sleep(60.5 - s)


class Serve:
    """A salle serve on a port of its own (with --base-url the first line names the base URL,
    not the port)."""

    def __init__(self, db, *extra):
        self.port = free_port()
        self.log = open(os.path.join(TMP, "serve-%d.log" % self.port), "w")
        self.p = subprocess.Popen([SALLE, "serve", "--db", db, "--listen", "127.0.0.1:%d" % self.port,
                                   "--public", PUB, *extra], stdout=subprocess.PIPE,
                                  stderr=self.log, text=True)
        self.first_line = self.p.stdout.readline()
        if not wait_port(self.port, "salle serve", self.p):
            print(self.first_line, open(self.log.name).read())
            sys.exit(1)

    def stop(self):
        self.p.terminate()
        self.p.wait(timeout=30)


def request(method, path, port, tls, body=None, headers=None, cookie=None, source="127.0.0.1"):
    """One request over HTTPS (tls: an ssl context) or plain HTTP, from the loopback address
    source. Returns (status, lower-cased headers, body bytes)."""
    if tls:
        c = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=tls,
                                        source_address=(source, 0))
    else:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = "__Host-salle=" + cookie
    return exchange(c, method, path, body, h)


# ---------------------------------------------------------------- the certificate and nginx
cert, key = os.path.join(TMP, "cert.pem"), os.path.join(TMP, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
               check=True, capture_output=True)
tls = ssl.create_default_context(cafile=cert)

block = doc_block(os.path.join(ROOT, "docs", "deploy.md"), "nginx")
check(block is not None, "docs/deploy.md has an nginx block under its heading")
if block is None:
    finish()
nginx_port = free_port()
base = "https://127.0.0.1:%d" % nginx_port

# a store with version 1 published, then the server behind nginx
run("gen", "--sessions", "30", "--seed", "3", "-o", INST)
srv = Serve(DB, "--import", INST, "--base-url", base, "--behind-tls")
check(srv.first_line.startswith("salle serve: listening on %s " % base),
      "salle serve prints the https base URL: %r" % srv.first_line.strip())
# every address and path the document's block names, replaced; each must be there
replace = [
    ("listen 443 ", "listen 127.0.0.1:%d " % nginx_port),
    ("/etc/letsencrypt/live/programme.example.org/fullchain.pem", cert),
    ("/etc/letsencrypt/live/programme.example.org/privkey.pem", key),
    ("root /var/www/forum;", "root %s;" % PUB),
    ("http://127.0.0.1:8080", "http://127.0.0.1:%d" % srv.port),
    ("X-Forwarded-For $proxy_add_x_forwarded_for", None),
]
server_block = block
for old, new in replace:
    check(old in block, "the nginx block of docs/deploy.md has %r" % old)
    if new is not None:
        server_block = server_block.replace(old, new)
ngx = os.path.join(TMP, "nginx")
os.mkdir(ngx)
conf = os.path.join(ngx, "nginx.conf")
with open(conf, "w") as f:
    f.write("""%sdaemon off;
worker_processes 1;
pid %s/nginx.pid;
error_log %s/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log %s/access.log;
    client_body_temp_path %s/body;
    proxy_temp_path %s/proxy;
    fastcgi_temp_path %s/fastcgi;
    uwsgi_temp_path %s/uwsgi;
    scgi_temp_path %s/scgi;
%s
}
""" % ("user root;\n" if os.getuid() == 0 else "", *([ngx] * 8), server_block))
nginx = subprocess.Popen([NGINX, "-p", ngx, "-e", os.path.join(ngx, "error.log"), "-c", conf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
try:
    if not wait_port(nginx_port, "nginx", nginx):
        print(open(os.path.join(ngx, "error.log")).read())
        check(False, "nginx starts with the configuration of docs/deploy.md")
        finish()
    check(True, "nginx starts with the configuration of docs/deploy.md")

    tok = run("admin-token", "--db", DB).stdout.strip()

    def api(method, path, body=None):
        st, h, data = request(method, path, nginx_port, tls, body,
                              {"Authorization": "Bearer " + tok})
        return st, json.loads(data or b"{}")

    st, j = api("POST", "/api/v1/solve", {"seed": 1, "iterations": 20000})
    check(st == 202, "a solve through nginx over HTTPS is accepted (%d)" % st)

    class Via:  # wait_job's server, through nginx
        pass
    via = Via()
    via.api = lambda m, p, body=None, token=None: api(m, p, body)
    check(wait_job(via, j["job"], tok).get("state") == "done", "the solve finishes")
    st, j = api("POST", "/api/v1/publish", {"note": "v1"})
    check(st == 201, "version 1 is published (%d)" % st)

    # the public programme, from the folder nginx serves
    st, h, page = request("GET", "/", nginx_port, tls)
    inst = json.load(open(INST))
    check(st == 200 and inst["event"]["name"].encode() in page,
          "GET / over HTTPS is the public programme (%d)" % st)
    st, h, data = request("GET", "/schedule.json", nginx_port, tls)
    check(st == 200 and json.loads(data).get("schedule") is not None, "its schedule.json is served")
    st, h, data = request("GET", "/api/v1/programme", nginx_port, tls)
    check(st == 200 and "strict-transport-security" in h,
          "salle's own answers come through, with Strict-Transport-Security")

    # the links salle prints
    link = run("admin-link", "--db", DB).stdout.strip()
    check(link.startswith(base + "/signin/"), "salle admin-link prints an https link: %s" % link[:40])
    person = inst["sessions"][0]["organizers"][0]
    olink = run("organizer-link", "--db", DB, "--person", person).stdout.strip()
    check(olink.startswith(base + "/signin/"), "salle organizer-link prints an https link")

    def sign_in(link, origin=base, source="127.0.0.1", headers=None):
        path = urllib.parse.urlparse(link).path
        st, h, page = request("GET", path, nginx_port, tls, source=source, headers=headers)
        if st != 200:
            return st, None, h
        page = page.decode()
        form = {"token": re.search(r'name="token" value="([^"]+)"', page).group(1),
                "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1)}
        hdr = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
               **(headers or {})}
        return request("POST", "/signin", nginx_port, tls, urllib.parse.urlencode(form), hdr,
                       source=source)

    # a foreign Origin is refused, and signs nobody in
    foreign = b"This form was sent from another site"
    st, h, body = sign_in(link, origin="https://evil.example")
    check(st == 403 and foreign in body and "set-cookie" not in h,
          "a sign-in POST from a foreign Origin is refused (%d)" % st)
    st, h, body = sign_in(olink, origin="http://127.0.0.1:%d" % nginx_port)
    check(st == 403 and foreign in body and "set-cookie" not in h,
          "an http:// Origin is foreign behind TLS (%d)" % st)
    link = run("admin-link", "--db", DB).stdout.strip()
    st, h, body = sign_in(link)
    cookie = h.get("set-cookie", "")
    check(st == 303, "signing in over HTTPS works (%d)" % st)
    attrs = [a.strip().lower() for a in cookie.split(";")]
    check(cookie.startswith("__Host-salle=") and "secure" in attrs and "httponly" in attrs and
          "samesite=lax" in attrs and "path=/" in attrs and not any(a.startswith("domain") for a in attrs),
          "the cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain: %s" %
          re.sub(r"=[^;]{8,}", "=...", cookie))
    session = cookie.split(";")[0].split("=", 1)[1]
    st, h, page = request("GET", "/admin", nginx_port, tls, cookie=session)
    check(st == 200, "the cookie signs the admin in over HTTPS (%d)" % st)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.decode())
    st, h, page = request("POST", "/signout", nginx_port, tls,
                          urllib.parse.urlencode({"csrf": csrf.group(1) if csrf else ""}),
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "Origin": "https://evil.example"}, cookie=session)
    check(csrf is not None and st == 403 and foreign in page,
          "a signed-in form POST from a foreign Origin is refused (%d)" % st)
    st, h, page = request("GET", "/admin", nginx_port, tls, cookie=session)
    check(st == 200, "and it changed nothing: still signed in (%d)" % st)

    # the rate limiter behind the proxy: per forwarded client address
    def bad_lookups(n, source, headers=None):
        fresh_minute()
        codes = []
        for i in range(n):
            st, h, body = request("GET", "/signin/ZZZZ%04dnotatoken" % i, nginx_port, tls,
                                  source=source, headers=headers)
            codes.append(st)
        return codes
    codes = bad_lookups(21, "127.0.0.2")
    check(codes[:20] == [404] * 20, "20 bad links from one client: 404 each")
    st, h, body = request("GET", "/signin/ZZZZnotatoken", nginx_port, tls, source="127.0.0.2")
    check(st == 429, "then that client is limited (%d)" % st)
    st, h, body = request("GET", "/signin/ZZZZnotatoken", nginx_port, tls, source="127.0.0.2",
                          headers={"X-Forwarded-For": "10.1.2.3", "X-Real-IP": "10.1.2.3"})
    check(st == 429, "its own X-Forwarded-For does not free it (nginx adds the last hop) (%d)" % st)
    link = run("admin-link", "--db", DB).stdout.strip()
    st, h, body = sign_in(link, source="127.0.0.3")
    check(st == 303 and "__Host-salle=" in h.get("set-cookie", ""),
          "another client through the same proxy still signs in (%d)" % st)
    st, h, body = request("GET", "/signin/ZZZZnotatoken", nginx_port, tls, source="127.0.0.3")
    check(st == 404, "and its bad link is a 404, not 429 (%d)" % st)
    # a client cannot lock another out by naming its address either
    codes = bad_lookups(25, "127.0.0.4", headers={"X-Forwarded-For": "127.0.0.5"})
    st, h, body = request("GET", "/signin/ZZZZnotatoken", nginx_port, tls, source="127.0.0.5")
    check(codes[-1] == 429 and st == 404,
          "failures sent with X-Forwarded-For: 127.0.0.5 count for their sender, not for 127.0.0.5")
    log = open(os.path.join(ngx, "access.log")).read()
    check("127.0.0.2 " in log and "127.0.0.3 " in log, "nginx saw the clients' own addresses")
finally:
    nginx.terminate()
    nginx.wait(timeout=30)
    srv.stop()

# ---------------------------------------------------------------- not behind a proxy
db2 = new_db("direct")
direct = Serve(db2, "--import", INST)
try:
    fresh_minute()
    codes = []
    for i in range(21):  # a client that writes a new X-Forwarded-For each time
        st, h, body = request("GET", "/signin/ZZZZ%04dnotatoken" % i, direct.port, None,
                              headers={"X-Forwarded-For": "10.0.0.%d" % i}, source="127.0.0.2")
        codes.append(st)
    st, h, body = request("GET", "/signin/ZZZZnotatoken", direct.port, None,
                          headers={"X-Forwarded-For": "10.9.9.9"}, source="127.0.0.2")
    check(codes[:20] == [404] * 20 and st == 429,
          "without --behind-tls X-Forwarded-For is not read: the client is limited (%d)" % st)
    st, h, body = request("GET", "/signin/ZZZZnotatoken", direct.port, None, source="127.0.0.3")
    check(st == 404, "and another address is not (%d)" % st)
finally:
    direct.stop()
finish()
