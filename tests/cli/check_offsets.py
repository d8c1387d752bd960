"""Checks every mention of every `veille extract` record against its source.

usage: check_offsets.py RECORDS.jsonl
Reads each record's source (a text file, or "path:line" of a JSONL file whose
"text" is the document) and checks original[start:end] == text, in code
points, for every mention of persons, organizations and places, and for
dates, amounts and quotes (start/end/text at the top level). Prints one line
per mismatch and the counts; exits 1 on any mismatch or when no mention was
checked.
"""
import json
import sys


def source_text(src, cache):
    if src in cache:
        return cache[src]
    path, _, line = src.rpartition(":")
    if path.endswith(".jsonl") and line.isdigit():
        with open(path, encoding="utf-8") as f:
            for i, l in enumerate(f, 1):
                if i == int(line):
                    cache[src] = json.loads(l)["text"]
                    break
    else:
        with open(src, encoding="utf-8", newline="") as f:
            cache[src] = f.read()
    return cache[src]


def spans(rec):
    for field in ("persons", "organizations", "places"):
        for e in rec.get(field, []):
            for m in e.get("mentions", []):
                yield field, m
    for field in ("dates", "amounts", "quotes"):
        for m in rec.get(field, []):
            if "start" in m:
                yield field, m


def main():
    cache, checked, bad = {}, 0, 0
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = source_text(rec["source"], cache)
            for field, m in spans(rec):
                checked += 1
                got = text[m["start"]:m["end"]]
                if got != m["text"]:
                    bad += 1
                    print(f"{rec['source']}: {field} [{m['start']}:{m['end']}] "
                          f"is {got!r}, record says {m['text']!r}")
    print(f"{checked} mentions checked, {bad} wrong")
    sys.exit(1 if bad or not checked else 0)


if __name__ == "__main__":
    main()
