"""tests/server/pgtmp.py: a throwaway PostgreSQL 15 for the server tests (docs/store.md).

initdb in a temporary folder, pg_ctl start with its Unix socket in that folder and no TCP
(listen_addresses=''), databases made with createdb; stopped and removed by stop(), which the
harness registers with atexit. Run as root (CI), the server runs as the postgres user (runuser)
and the folder belongs to it. Also a command for shell tests:
    python3 pgtmp.py start DIR [NAME...]   prints the URL of a fresh database (salle, or each
                                           NAME) in a cluster under DIR, one a line
    python3 pgtmp.py stop DIR      stops that cluster and removes DIR
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

BIN = os.environ.get("SALLE_PG_BIN", "/usr/lib/postgresql/15/bin")


def _as_owner(cmd):
    """The command as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


def query(url, statement, args=()):
    """Rows of a SELECT with ? parameters: each becomes :'pN', a psql variable that psql
    quotes as a literal (psql interpolates only what it reads, so the text goes on stdin).
    Values come back as text (numbers as int), NULL as None."""
    parts = statement.split("?")
    if len(parts) - 1 != len(args):
        raise ValueError("%d parameters for %d values" % (len(parts) - 1, len(args)))
    text = parts[0] + "".join(":'p%d'%s" % (i, p) for i, p in enumerate(parts[1:]))
    cmd = [BIN + "/psql", "-X", "-q", "-t", "-A", "-F", "\x1f", "-0", "-v", "ON_ERROR_STOP=1",
           "-P", "null=\x1e", "-d", url]
    for i, a in enumerate(args):
        cmd += ["-v", "p%d=%s" % (i, a)]
    out = subprocess.run(cmd, input=text + ";\n", check=True, capture_output=True,
                         text=True).stdout
    rows = []
    for rec in out.split("\0"):
        rec = rec.strip("\n")
        if rec:
            rows.append(tuple(None if f == "\x1e" else int(f) if re.fullmatch(r"-?\d+", f) else f
                              for f in rec.split("\x1f")))
    return rows


class Cluster:
    def __init__(self, folder=None):
        self.dir = folder or tempfile.mkdtemp(prefix="salle-pg-")
        os.makedirs(self.dir, exist_ok=True)
        self.data = os.path.join(self.dir, "data")
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.started = False
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        subprocess.run(_as_owner([BIN + "/initdb", "-D", self.data, "-A", "trust", "-U", self.user,
                                  "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)
        # fsync off: the tests kill salle processes, never PostgreSQL; durability of a commit is
        # PostgreSQL's own business. SALLE_PG_FSYNC=on keeps it on (bench/serve.sh: a benchmark
        # measures durable commits).
        fsync = "on" if os.environ.get("SALLE_PG_FSYNC") == "on" else "off"
        opts = "-c listen_addresses='' -k %s -c fsync=%s -c max_connections=60" % (self.dir, fsync)
        subprocess.run(_as_owner([BIN + "/pg_ctl", "-D", self.data, "-l",
                                  os.path.join(self.dir, "log"), "-o", opts, "-w", "start"]),
                       check=True, capture_output=True)
        self.started = True
        self.n = 0

    def url(self, name):
        return "postgresql:///%s?host=%s&user=%s" % (name, urllib.parse.quote(self.dir, safe=""),
                                                     self.user)

    def new_db(self, name=None):
        """A fresh, empty database; returns its URL."""
        self.n += 1
        name = name or "salle%d" % self.n
        subprocess.run(_as_owner([BIN + "/createdb", "-h", self.dir, "-U", self.user, name]),
                       check=True, capture_output=True)
        return self.url(name)

    def psql(self, url, sql):
        """Runs sql (a fixed test statement) in the database at url; returns its output."""
        return subprocess.run([BIN + "/psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                               "-d", url, "-c", sql], check=True, capture_output=True,
                              text=True).stdout

    def query(self, url, statement, args=()):
        return query(url, statement, args)

    def dump(self, url):
        """Everything the database holds, as pg_dump writes it."""
        return subprocess.run([BIN + "/pg_dump", "-d", url], check=True,
                              capture_output=True).stdout

    def stop(self):
        if self.started:
            subprocess.run(_as_owner([BIN + "/pg_ctl", "-D", self.data, "-m", "immediate", "-w",
                                      "stop"]), capture_output=True)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def _attach(folder):
    """The cluster already running under folder (for the stop command)."""
    c = Cluster.__new__(Cluster)
    c.dir, c.data, c.started, c.n = folder, os.path.join(folder, "data"), True, 0
    c.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    return c


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: pgtmp.py start DIR [NAME...] | stop DIR")
    if sys.argv[1] == "start":
        c = Cluster(sys.argv[2])
        try:
            for name in sys.argv[3:] or ["salle"]:
                print(c.new_db(name))
        except BaseException:
            c.stop()
            raise
    else:
        _attach(sys.argv[2]).stop()
