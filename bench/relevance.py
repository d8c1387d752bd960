#!/usr/bin/env python3
"""Judged relevance: veille's search against SQLite FTS5 and Xapian.

Each query of bench/relevance/queries.tsv (typed as an analyst types: no
accents, no operators) is run on the three engines over the same dispatches
(../shared/corpus/dev by default); the top 10 of each is scored with the
grades of bench/relevance/qrels.tsv (0 not relevant, 1 partly, 2 about it;
a dispatch nobody judged counts 0 and is reported) as nDCG@10.

  bench/relevance.py                 # the table
  bench/relevance.py --pool FILE     # the unjudged dispatches of the top 10s,
                                     # to judge (query id, query, file)

The engines as a user of each would set them up, all given the same title
(the document's first line) and text:
  veille   `veille ingest` of the files, `veille search QUERY --json`;
  FTS5     unicode61 remove_diacritics 2, the query's words ORed, bm25 with
           the title weighted 8 (veille's weight);
  Xapian   scriptindex (title and text, French stemmer), `quest -s french`,
           its default OR of the words.
Standard library only; Xapian is skipped with a message when `quest` and
`scriptindex` are missing (apt-get install xapian-tools xapian-omega).
"""
import argparse
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def documents(corpus):
    docs = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            text = f.read()
        first = next((l.strip() for l in text.split("\n") if l.strip()), "")
        docs.append((name, first[:300], text))
    return docs


def run_veille(binary, corpus, queries, work):
    db = os.path.join(work, "veille.db")
    subprocess.run([binary, "--db", db, "ingest", "--quiet", corpus], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for qid, q in queries:
        r = subprocess.run([binary, "--db", db, "search", q, "--json", "--limit", "10"],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):  # 1: nothing found
            sys.exit("veille search %r failed: %s" % (q, r.stderr.strip()))
        out[qid] = [os.path.basename(h["source"]) for h in json.loads(r.stdout)["hits"]]
    return out


def run_fts5(docs, queries, work):
    db = sqlite3.connect(os.path.join(work, "fts5.db"))
    db.execute("CREATE VIRTUAL TABLE d USING fts5(name UNINDEXED, title, body,"
               " tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO d VALUES (?, ?, ?)", docs)
    out = {}
    for qid, q in queries:
        words = ['"%s"' % w.replace('"', '""') for w in q.split()]
        rows = db.execute("SELECT name FROM d WHERE d MATCH ? ORDER BY bm25(d, 0, 8.0, 1.0)"
                          " LIMIT 10", (" OR ".join(words),)).fetchall()
        out[qid] = [r[0] for r in rows]
    return out


def run_xapian(docs, queries, work):
    if not (shutil.which("quest") and shutil.which("scriptindex")):
        print("Xapian skipped: quest or scriptindex missing"
              " (apt-get install xapian-tools xapian-omega)", file=sys.stderr)
        return None
    script = os.path.join(work, "x.index")
    with open(script, "w") as f:
        f.write("name : field=name boolean=Q unique=Q\n"
                "title : index field=title\n"
                "text : index\n")
    dump = os.path.join(work, "x.dump")
    with open(dump, "w", encoding="utf-8") as f:
        for name, title, text in docs:
            f.write("name=%s\ntitle=%s\ntext=%s\n\n" % (name, title.replace("\n", " "),
                                                       text.replace("\n", "\n=")))
    xdb = os.path.join(work, "xapian")
    subprocess.run(["scriptindex", "--stemmer=french", xdb, script, dump], check=True,
                   stdout=subprocess.DEVNULL)
    out = {}
    for qid, q in queries:
        r = subprocess.run(["quest", "-d", xdb, "-m", "10", "-s", "french", q], check=True,
                           capture_output=True, text=True)
        names = []
        for line in r.stdout.split("\n"):
            for field in line.replace("\t", "\n").split("\n"):
                if field.startswith("name="):
                    names.append(field[5:].strip())
        out[qid] = names[:10]
    return out


def ndcg10(ranked, grades):
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "dev"))
    ap.add_argument("--veille", default=os.environ.get("VEILLE", os.path.join(ROOT, "build", "veille")))
    ap.add_argument("--queries", default=os.path.join(HERE, "relevance", "queries.tsv"))
    ap.add_argument("--qrels", default=os.path.join(HERE, "relevance", "qrels.tsv"))
    ap.add_argument("--pool", help="write the unjudged dispatches of the top 10s here")
    ap.add_argument("--json", action="store_true", help="the figures as JSON")
    a = ap.parse_args()
    if not os.path.isdir(a.corpus):
        sys.exit("relevance: no corpus at %s (../shared missing?)" % a.corpus)
    queries = [(r[0], r[1]) for r in read_tsv(a.queries)]
    qrels = {}
    if os.path.exists(a.qrels):
        for qid, name, g in read_tsv(a.qrels):
            qrels.setdefault(qid, {})[name] = int(g)
    docs = documents(a.corpus)
    work = tempfile.mkdtemp(prefix="veille-relevance.")
    try:
        runs = {"veille": run_veille(a.veille, a.corpus, queries, work),
                "FTS5": run_fts5(docs, queries, work)}
        x = run_xapian(docs, queries, work)
        if x is not None:
            runs["Xapian"] = x
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.pool:
        with open(a.pool, "w", encoding="utf-8") as f:
            for qid, q in queries:
                seen = set()
                for run in runs.values():
                    for d in run[qid]:
                        if d not in seen and d not in qrels.get(qid, {}):
                            seen.add(d)
                            f.write("%s\t%s\t%s\n" % (qid, q, d))
        print("pool written to %s" % a.pool)
        return
    table = {}
    for eng, run in runs.items():
        scores, unjudged = [], 0
        for qid, _ in queries:
            g = qrels.get(qid, {})
            unjudged += sum(1 for d in run[qid][:10] if d not in g)
            s = ndcg10(run[qid], g)
            if s is not None:
                scores.append(s)
        table[eng] = {"ndcg10": round(sum(scores) / len(scores), 4) if scores else None,
                      "queries": len(scores), "unjudged_in_top10": unjudged}
    if a.json:
        print(json.dumps(table, indent=1))
        return
    print("judged relevance over %s: %d queries, %d judgments" %
          (os.path.normpath(a.corpus), len(queries), sum(len(v) for v in qrels.values())))
    print("%-8s %8s %8s %18s" % ("engine", "nDCG@10", "queries", "unjudged in top 10"))
    for eng, t in table.items():
        print("%-8s %8s %8d %18d" % (eng, "%.3f" % t["ndcg10"] if t["ndcg10"] is not None else "-",
                                     t["queries"], t["unjudged_in_top10"]))


if __name__ == "__main__":
    main()
