#!/usr/bin/env python3
"""Load on `veille serve`: concurrent clients for a fixed time.

  bench/serve_load.py BASE_URL [--seconds 30] [--clients 8] [--db DB]

Each client loops: a search (/api/search, one of the database's most common
organisation names, facets on), a person (/api/person, one of its most
documented persons), and, for one search in four, the document of its first
hit (/api/doc/ID), which must be whole: 200, and its record's mentions at
their offsets in its text (a reader must never see a half-stored document
while an ingest writes). Prints requests/s and latency percentiles per route,
and every error; exits 1 on any error. Standard library only."""
import argparse
import json
import random
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def pick(db, sql, n=50):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute(sql + f" LIMIT {n}") if r[0]]
    finally:
        con.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--db", required=True, help="the database served (read for query words)")
    a = ap.parse_args()
    words = pick(a.db, "SELECT alias FROM kb_entity_aliases WHERE kind = 'org' ORDER BY count DESC")
    persons = pick(a.db, "SELECT name FROM kb_persons ORDER BY documents DESC")
    lat = {"search": [], "person": [], "doc": []}
    errors = []
    lock = threading.Lock()
    stop = time.monotonic() + a.seconds

    def get(route, path):
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(a.base + path, timeout=60) as r:
                body = r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            body, status = e.read(), e.code
        except Exception as e:  # connection refused, reset, timeout
            body, status = str(e).encode(), 0
        dt = time.monotonic() - t0
        with lock:
            lat[route].append(dt)
            if status != 200:
                errors.append(f"{route} {path[:80]}: {status} {body[:120]!r}")
        return status, body

    def client(seed):
        rnd = random.Random(seed)
        while time.monotonic() < stop:
            q = rnd.choice(words)
            st, body = get("search", "/api/search?" + urllib.parse.urlencode({"q": q, "facets": 1, "limit": 20}))
            if st == 200 and rnd.random() < 0.25:
                hits = json.loads(body).get("hits", [])
                if hits:
                    st, b = get("doc", "/api/doc/" + urllib.parse.quote(hits[0]["id"]))
                    if st == 200:
                        d = json.loads(b)
                        for p in (d.get("record") or {}).get("persons", []):
                            for m in p["mentions"]:
                                if d["text"][m["start"]:m["end"]] != m["text"]:
                                    with lock:
                                        errors.append(f"doc {hits[0]['id']}: a mention off its text")
            get("person", "/api/person?" + urllib.parse.urlencode({"name": rnd.choice(persons)}))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    total = sum(len(v) for v in lat.values())
    print(f"{a.clients} clients, {took:.1f} s: {total} requests, {total / took:.1f} requests/s, {len(errors)} errors")
    for route, v in lat.items():
        if not v:
            continue
        v.sort()
        pct = lambda p: v[min(len(v) - 1, int(p * len(v)))] * 1000
        print(f"  {route:7s} {len(v):6d} requests  {len(v) / took:7.1f}/s  median {pct(0.5):7.1f} ms"
              f"  p95 {pct(0.95):7.1f} ms  p99 {pct(0.99):7.1f} ms  max {v[-1] * 1000:7.1f} ms")
    for e in errors[:20]:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
