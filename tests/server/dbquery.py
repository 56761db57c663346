#!/usr/bin/python3
"""tests/server/dbquery.py DB SQL: prints the first column of the first row of a fixed read-only
statement in a salle store, a SQLite file or a PostgreSQL URL (tests/server/pgtmp.py), for the
tests that are not in Python (tests/browser/serve-pages.mjs)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgtmp  # noqa: E402

if len(sys.argv) != 3:
    sys.exit("usage: dbquery.py DB SQL")
db, statement = sys.argv[1], sys.argv[2]
if db.startswith(("postgresql://", "postgres://")):
    rows = pgtmp.query(db, statement)
else:
    import sqlite3
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute(statement).fetchall()
    con.close()
if not rows:
    sys.exit("dbquery.py: no row")
print(rows[0][0])
