"""tests/cli/db_digest.py DB — one line per table: name, rows, digest.

Two databases with the same lines hold the same rows, row ids included
(documents.added_at, the ingest time, is left out); "facts" is the rows of
the fact packs (facts_pack.py). Shadow tables of the
FTS5 index are compared like any other, so the full-text index must be
the same too.
"""
import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import facts_pack  # noqa: E402

db = sqlite3.connect(sys.argv[1])
tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
for name, sql in tables:
    if sql.upper().startswith('CREATE VIRTUAL'):
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
