"""tests/cli/facts_pack.py — reads the fact packs of a veille database
(src/facts.h), outside veille and its SQLite extension (the `facts` virtual
table's module is veille's).

    python3 facts_pack.py DB            one line per fact: doc_id and columns
    python3 facts_pack.py DB persons    distinct person keys after kb_keymap

A second reading of the format, so a test also checks what veille wrote.
"""
import sqlite3
import struct
import sys

KINDS = ["person", "title", "org", "place", "rank", "date", "amount", "quote", "departure"]


def _varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if not c & 0x80:
            return v, i
        shift += 7


def _string(b, i):
    n, i = _varint(b, i)
    if n == 0:
        return None, i
    return b[i:i + n - 1].decode("utf-8"), i + n - 1


def facts(pack):
    """(kind, key, name, value, status, num, start, end, office, date) per
    fact; date is the fact's own (bit 0x40 of the kind byte), else None."""
    i = 0
    while i < len(pack):
        dated = pack[i] & 0x40
        kind = KINDS[pack[i] & ~0x40]
        i += 1
        s = []
        for _ in range(4):
            v, i = _string(pack, i)
            s.append(v)
        (num,) = struct.unpack("<d", pack[i:i + 8])
        i += 8
        start, i = _varint(pack, i)
        end, i = _varint(pack, i)
        office, i = _string(pack, i)
        date = None
        if dated:
            date, i = _string(pack, i)
        yield (kind, s[0], s[1], s[2], s[3], num, start, end, office, date)


def rows(db):
    for doc_id, pack in db.execute("SELECT doc_id, facts FROM doc_facts ORDER BY doc_id"):
        for f in facts(pack):
            yield (doc_id,) + f


if __name__ == "__main__":
    db = sqlite3.connect(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == "persons":
        keymap = dict(db.execute("SELECT from_key, to_key FROM kb_keymap"))
        print(len({keymap.get(r[2], r[2]) for r in rows(db) if r[1] == "person"}))
    else:
        for r in rows(db):
            print("\t".join("" if v is None else str(v) for v in r))
