"""tests/cli/records.py — scores `veille office --at` against a table of public
records of office holders (tests/data/office_holders.tsv).

    python3 records.py VEILLE_BIN DB TABLE [--json] [--verbose]

For every office in the table it asks `veille office QUERY --at DATE --json`
at each 1 January and 1 July from 2010 to 2026 that a tenure of the table
covers, and compares the holder given (the first of `holders`, none when
veille abstains) with the table's.

A point is one "where the archive has evidence" when the database holds a
dated point of the true holder's succession in that office (kb_points: a
title held, dated to its month, kind held or acting) within the same tenure,
no later than the date and at most 24 months before it: what a careful
reader of the archive could answer. A holder key may list spellings
separated by "/". A vacancy is such a point when the archive holds any dated
evidence of the office in the 24 months before.

Prints one line per wrong or missing answer with --verbose, then the figures:
  evidence points, right among them (accuracy), answers given anywhere and
  right among them (precision).
"""
import json
import sqlite3
import subprocess
import sys

HORIZON = 24  # months of evidence a point may look back


def month(d):
    return int(d[:4]) * 12 + int(d[5:7]) - 1 if d and len(d) >= 7 and d[:4].isdigit() else None


def load_table(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            office, key, start, end, kind = line.split("\t")
            rows.append({"office": office, "key": None if key == "-" else key.split("/"),
                         "start": start, "end": None if end == "-" else end, "kind": kind})
    return rows


def points(rows, last="2026-01-01"):
    """(office, date, tenure) for every half-year date a tenure covers."""
    for year in range(2010, int(last[:4]) + 1):
        for md in ("01-01", "07-01"):
            date = "%d-%s" % (year, md)
            if date > last:
                continue
            for r in rows:
                if r["start"] <= date and (r["end"] is None or date < r["end"]):
                    yield r["office"], date, r


def ask(binary, db, office, date):
    p = subprocess.run([binary, "--db", db, "office", office, "--at", date, "--json"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise SystemExit("veille office %r --at %s: exit %d: %s"
                         % (office, date, p.returncode, p.stderr.strip()))
    o = json.loads(p.stdout) if p.stdout.strip() else {}
    h = o.get("holders") or []
    return o.get("office"), (h[0]["key"] if h else None), o


def has_evidence(con, office_key, tenure, date):
    lo = max(month(date) - HORIZON, month(tenure["start"]))
    hi = month(date)
    if tenure["key"] is None:
        q = list(con.execute("SELECT month FROM kb_points WHERE office = ? AND kind < 2",
                             (office_key,)))
    else:
        q = [r for k in tenure["key"] for r in con.execute(
            "SELECT month FROM kb_points WHERE office = ? AND key = ? AND kind < 2",
            (office_key, k))]
    return any(lo <= month(m) <= hi for (m,) in q if month(m) is not None)


def main(argv):
    binary, db, table = argv[1:4]
    verbose = "--verbose" in argv
    rows = load_table(table)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    ev = ev_right = answered = answered_right = total = 0
    wrong = []
    for office, date, tenure in points(rows):
        total += 1
        office_key, got, _ = ask(binary, db, office, date)
        want = tenure["key"]
        right = got in want if want else got is None
        evidence = office_key is not None and has_evidence(con, office_key, tenure, date)
        if evidence:
            ev += 1
            ev_right += right
        if got is not None:
            answered += 1
            answered_right += right
        if not right and (evidence or got is not None):
            wrong.append("%s\t%s\twant %s\tgot %s%s" % (office, date,
                         "/".join(want) if want else "(vacant)",
                         got or "(none)", "" if evidence else "\t(no evidence)"))
    res = {"points": total, "evidence_points": ev, "right_on_evidence": ev_right,
           "accuracy": round(ev_right / ev, 4) if ev else None, "answered": answered,
           "answered_right": answered_right,
           "precision": round(answered_right / answered, 4) if answered else None}
    if verbose:
        for w in wrong:
            print(w)
    if "--json" in argv:
        print(json.dumps(res))
    else:
        print("points %d, with evidence %d, right %d (accuracy %s); answered %d, right %d "
              "(precision %s)" % (total, ev, ev_right, res["accuracy"], answered,
                                  answered_right, res["precision"]))


if __name__ == "__main__":
    main(sys.argv)
