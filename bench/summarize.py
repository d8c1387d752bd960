#!/usr/bin/env python3
"""Summarise bench/run.sh measurements: table on stdout, results.json.

Called by run.sh; reads measurements.tsv (engine, repeat, ok, exit status,
elapsed s, user s, sys s, max RSS KB, result bytes).  Standard library only.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import time

LABELS = {
    "extract": "veille extract",
    "ingest": "veille ingest",
    "fts5": "SQLite FTS5",
    "xapian": "Xapian scriptindex",
}

INCLUDES = {
    "extract": "veille extract FOLDER > /dev/null: read the text files, normalize, "
               "structure, tokenize, extract, resolve, print one JSON record per "
               "document (written to /dev/null); no database",
    "ingest": "veille --db NEW ingest FOLDER: read the text files, the whole "
              "pipeline, store documents, sentences, mentions, entities and the "
              "FTS index in a new SQLite database",
    "fts5": "sqlite3 NEW.db < fts5-index.sql: in one transaction, create an FTS5 table "
            "(title, body; tokenize=\"unicode61 remove_diacritics 2\"; content stored) "
            "and INSERT ... SELECT the texts from a staging table of an ATTACHed "
            "database (page-cached); includes tokenizing, index building, content "
            "storage and writing the database; excludes parsing the JSONL into the "
            "staging table (done once, untimed)",
    "xapian": "scriptindex --stemmer=french NEWDB xapian.index xapian.dump: parse the "
              "dump, index title (S-prefixed and plain) and text with positions and "
              "French stems (default stem strategy: stemmed Z terms and unstemmed), "
              "unique Q id term, store id/url/date/title/text as document data, "
              "write the database; excludes writing the dump from the JSONL "
              "(done once, untimed)",
}


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                               timeout=20).stdout.strip()
    except Exception:
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--measurements", required=True)
    ap.add_argument("--notes")
    ap.add_argument("--corpus")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    man = json.load(open(a.manifest))
    mb = man["text_bytes"] / 1e6
    rows = []
    with open(a.measurements) as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 9:
                continue
            rows.append({"engine": f[0], "repeat": int(f[1]), "ok": f[2] == "1",
                         "exit": int(f[3]), "elapsed": float(f[4]),
                         "user": float(f[5]), "sys": float(f[6]),
                         "max_rss_kb": int(f[7]), "size_bytes": int(f[8]),
                         "documents": int(f[9]) if len(f) > 9 and f[9].isdigit() else None})
    notes = []
    if a.notes and os.path.exists(a.notes):
        notes = [l.rstrip("\n") for l in open(a.notes) if l.strip()]

    order = [e for e in ("extract", "ingest", "fts5", "xapian")
             if any(r["engine"] == e for r in rows)]
    res = {}
    for e in order:
        runs = [r for r in rows if r["engine"] == e]
        good = [r for r in runs if r["ok"]]
        d = {"label": LABELS[e], "includes": INCLUDES[e], "runs": runs,
             "ok_runs": len(good), "failed_runs": len(runs) - len(good)}
        if good:
            med = statistics.median(r["elapsed"] for r in good)
            cpu = statistics.median(r["user"] + r["sys"] for r in good)
            d.update({
                "median_seconds": round(med, 3),
                "mb_per_s": round(mb / med, 2) if med > 0 else None,
                "median_cpu_seconds": round(cpu, 3),
                "mb_per_cpu_s": round(mb / cpu, 2) if cpu > 0 else None,
                "peak_rss_mb": round(max(r["max_rss_kb"] for r in good) / 1024, 1),
                "size_mb": None if e == "extract" else
                round(statistics.median(r["size_bytes"] for r in good) / 1e6, 1),
                "size_vs_input": None if e == "extract" else
                round(statistics.median(r["size_bytes"] for r in good)
                      / man["text_bytes"], 2),
            })
        res[e] = d

    def rate(e):
        return res.get(e, {}).get("mb_per_s")

    ratios = {}
    if rate("ingest") and rate("fts5"):
        ratios["veille_ingest_over_fts5"] = round(rate("ingest") / rate("fts5"), 3)
    if rate("ingest") and rate("xapian"):
        ratios["veille_ingest_over_xapian"] = round(rate("ingest") / rate("xapian"), 3)
    if rate("extract"):
        ratios["veille_extract_mb_per_s"] = rate("extract")
    if rate("fts5") and rate("xapian"):
        ratios["fts5_over_xapian"] = round(rate("fts5") / rate("xapian"), 3)

    veille = os.environ.get("BENCH_VEILLE", "")
    prep = {}
    if a.corpus:
        p = os.path.join(a.corpus, "fts5-staging.seconds")
        if os.path.exists(p):
            prep["fts5_staging_seconds"] = float(open(p).read().strip() or 0)
    cpu_model = ""
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu_model = l.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    out = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": os.environ.get("BENCH_CMD", ""),
        "machine": {"nproc": os.cpu_count(), "cpu": cpu_model,
                    "kernel": platform.release(),
                    "os": sh("grep PRETTY_NAME /etc/os-release | cut -d= -f2 | tr -d '\"'")},
        "versions": {
            "sqlite3": sh("%s -version" % (os.environ.get("BENCH_SQLITE") or "sqlite3")).split(" ")[0],
            "scriptindex": sh("%s --version" % (os.environ.get("BENCH_SCRIPTINDEX") or "scriptindex")),
            "veille_binary": veille if os.path.exists(veille) else None,
            "veille_sha256_16": os.environ.get("BENCH_VEILLE_SHA") or None,
            "veille_git_at_start": os.environ.get("BENCH_VEILLE_GIT") or None,
        },
        "corpus": man,
        "input_mb": round(mb, 3),
        "input_note": "MB = 10^6 bytes of the generated .txt files; every engine "
                      "indexes the same documents (FTS5 and Xapian from the JSONL "
                      "form: same title and text, without the ' date' header)",
        "environment": {k: os.environ[k] for k in ("XAPIAN_FLUSH_THRESHOLD",)
                        if k in os.environ},
        "extract_mode": os.environ.get("BENCH_EXTRACT_MODE", ""),
        "veille_jobs_args": os.environ.get("BENCH_VEILLE_JOBS", ""),
        "preparation": prep,
        "engines": res,
        "ratios": ratios,
        "notes": notes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)

    # ------------------------------------------------------------ table
    reps = max((r["repeat"] for r in rows), default=0)
    print()
    print("veille benchmark: %.1f MB of text in %d documents (%d folders), "
          "%d repeat(s) alternated, %d cores" % (mb, man["documents"],
                                                 man.get("folders", 0), reps,
                                                 os.cpu_count() or 0))
    print("command: %s" % out["command"])
    print()
    hdr = "%-20s %9s %8s %9s %10s %10s %8s  %s" % (
        "engine", "median s", "MB/s", "MB/cpu-s", "peak RSS", "result", "size/in",
        "runs (elapsed s)")
    print(hdr)
    print("-" * len(hdr))
    for e in order:
        d = res[e]
        times = " ".join(("%.2f" % r["elapsed"]) + ("" if r["ok"] else "!")
                         for r in d["runs"])
        if d["ok_runs"] and e == "extract":   # no result on disk
            print("%-20s %9.2f %8.2f %9.2f %7.0f MB %10s %8s  %s" % (
                d["label"], d["median_seconds"], d["mb_per_s"] or 0,
                d["mb_per_cpu_s"] or 0, d["peak_rss_mb"], "-", "-", times))
        elif d["ok_runs"]:
            print("%-20s %9.2f %8.2f %9.2f %7.0f MB %7.1f MB %8.2f  %s" % (
                d["label"], d["median_seconds"], d["mb_per_s"] or 0,
                d["mb_per_cpu_s"] or 0, d["peak_rss_mb"], d["size_mb"],
                d["size_vs_input"], times))
        else:
            print("%-20s %9s %8s %9s %10s %10s %8s  %s" % (
                d["label"], "failed", "-", "-", "-", "-", "-", times))
    print()
    if "veille_ingest_over_fts5" in ratios:
        print("veille ingest / FTS5   : %.2f  (throughput ratio; design goal >= 0.50)"
              % ratios["veille_ingest_over_fts5"])
    if "veille_ingest_over_xapian" in ratios:
        print("veille ingest / Xapian : %.2f  (design goal >= 6.00)"
              % ratios["veille_ingest_over_xapian"])
    if "veille_extract_mb_per_s" in ratios:
        print("veille extract         : %.2f MB/s  (design goal >= 30 per core)" % ratios["veille_extract_mb_per_s"])
    if "fts5_over_xapian" in ratios:
        print("FTS5 / Xapian          : %.2f" % ratios["fts5_over_xapian"])
    if notes:
        print()
        for n in notes:
            print("note: " + n)
    print()
    print("MB = 10^6 bytes of the .txt files; MB/cpu-s = MB / median(user+sys); "
          "peak RSS = max over repeats; '!' = failed run.")
    print("results: %s" % a.out)
    return 0 if all(res[e]["ok_runs"] for e in order) else 1


if __name__ == "__main__":
    raise SystemExit(main())
