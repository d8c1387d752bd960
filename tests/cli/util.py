"""tests/cli/util.py — text helpers for the CLI acceptance tests (python3, stdlib only).

Folding follows DESIGN.md's `key`: lower case, diacritics removed, đ→d.
Tests use it to compute, independently of veille, which sample files
contain a word or a phrase "case-insensitively modulo diacritics".
"""
import json
import os
import re
import sys
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae",
                        "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"})


def fold(s):
    """Lower case, no diacritics, đ→d."""
    s = unicodedata.normalize("NFD", s.translate(_EXTRA))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s).casefold()


def words(s):
    """Folded word tokens (letters/digits runs; apostrophes, hyphens, spaces split)."""
    return re.findall(r"[^\W_]+", fold(s))


def text_of(path):
    """A file's text as veille stores it (UTF-8, NFC)."""
    with open(path, "rb") as f:
        return unicodedata.normalize("NFC", f.read().decode("utf-8"))


def has_word(text, forms):
    """True when one of the folded word forms occurs as a whole token."""
    ws = set(words(text))
    return any(fold(f) in ws for f in forms)


def has_prefix(text, prefix):
    p = fold(prefix)
    return any(w.startswith(p) for w in words(text))


def has_phrase(text, phrase, loose=False):
    """Folded word sequence of `phrase` occurs in `text` (any separators between).

    loose=True lets every word carry a suffix (what a stemmer might merge),
    giving an upper bound for what a stemmed phrase query may match."""
    t = " " + " ".join(words(text)) + " "
    ws = words(phrase)
    if loose:
        pat = r"\s".join(r"\b" + re.escape(w) + r"\w*" for w in ws)
        return re.search(pat, t) is not None
    return (" " + " ".join(ws) + " ") in t


def resolve(source, base):
    """The real path of a hit's `source` (relative sources are taken from base)."""
    if source is None:
        return None
    p = source if os.path.isabs(source) else os.path.join(base, source)
    return os.path.realpath(p)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def hit_paths(search_json_path, base):
    """Real paths of the hits of a `search --json` output file, in order."""
    d = load_json(search_json_path)
    return [resolve(h.get("source"), base) for h in d["hits"]]


if __name__ == "__main__":
    # python3 util.py files-with-word|files-with-phrase|files-with-phrase-loose ARG FILE...
    # prints the files (real paths) that match, one per line.
    cmd, arg, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    for fn in files:
        t = text_of(fn)
        if cmd == "files-with-word":
            ok = has_word(t, [arg])
        elif cmd == "files-with-phrase":
            ok = has_phrase(t, arg)
        elif cmd == "files-with-phrase-loose":
            ok = has_phrase(t, arg, loose=True)
        else:
            sys.exit("unknown command " + cmd)
        if ok:
            print(os.path.realpath(fn))
