"""tests/cli/db_digest.py [--logical] DB — one line per table: name, rows, digest.

Two databases with the same lines hold the same rows, row ids included
(documents.added_at, the ingest time, is left out); "facts" is the rows of
the fact packs (facts_pack.py). Shadow tables of the
FTS5 index are compared like any other, so the full-text index must be
the same too. With --logical, the segments of the FTS5 indexes (their
_data and _idx tables), which depend on where transactions ended, are left
out: two databases of the same content written in other batches (a killed
ingest resumed) compare equal.
"""
import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import facts_pack  # noqa: E402

args = sys.argv[1:]
logical = args[:1] == ['--logical']
db = sqlite3.connect(args[-1])
fts = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%fts5%'")}
tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
for name, sql in tables:
    if sql.upper().startswith('CREATE VIRTUAL'):
        continue
    if logical and any(name in (t + '_data', t + '_idx') for t in fts):
        continue
    cols = ['"%s"' % r[1] for r in db.execute('PRAGMA table_info("%s")' % name)
            if r[1] != 'added_at']
    if 'WITHOUT ROWID' not in sql.upper():
        cols.insert(0, 'rowid')
    h = hashlib.sha256()
    n = 0
    for row in db.execute('SELECT %s FROM "%s" ORDER BY %s' % (', '.join(cols), name,
                                                              ', '.join(cols))):
        h.update(repr(row).encode())
        n += 1
    print(name, n, h.hexdigest()[:16])
# the facts the packs hold, read as rows (the facts table is virtual)
h = hashlib.sha256()
n = 0
for row in facts_pack.rows(db):
    h.update(repr(row).encode())
    n += 1
print("facts", n, h.hexdigest()[:16])
