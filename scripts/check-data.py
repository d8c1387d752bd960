#!/usr/bin/env python3
"""check-data.py — validates the lexicon files in data/.

Checks every .txt and .tsv file of the folder: valid UTF-8 in NFC
(normalize hands the extractor NFC text), a leading '#' header, lines of at
most 256 bytes (the loader's limit); then the right number of TAB-separated fields, no field with
surrounding spaces, field values from the allowed sets, and no two entries
that fold to the same key (case, diacritics, đ -> d) with different values;
the last three only for the files described in FILES below.

    python3 scripts/check-data.py [DATA_DIR]     # default: data/ beside scripts/

Prints one line per problem and exits 1 if there is any, else prints a
summary and exits 0. Plain python3, standard library only.
"""
import os
import re
import sys
import unicodedata

ISO2 = r"[A-Z]{2}"
ISO2_OR_DASH = r"[A-Z]{2}|-"
INT = r"[0-9]+"
NUMBER = r"[0-9]+(\.[0-9]+)?"

# file -> list of field checks (a regex, or a set of allowed values).
# A file with a single field is a word list.
FILES = {
    "elisions.txt": [None],
    "agencies.txt": [None],
    "lead_openers.txt": [None],
    "person_aliases.tsv": [r"[a-z0-9]+( [a-z0-9]+)*", r"[a-z0-9]+( [a-z0-9]+)*"],
    "countries.tsv": [None, ISO2],
    "countries-extra.tsv": [None, ISO2],
    "nationalities.tsv": [None, ISO2],
    "places.tsv": [None, {"city", "province", "region", "area"}, ISO2_OR_DASH],
    "titles.tsv": [None, r"-|single"],
    "title_modifiers.tsv": [None, {"former", "acting", "designate", "current", "part"}],
    "departures.tsv": [None, {"before", "after"}, {"death", "resignation", "dismissal"}],
    "ranks.txt": [None],
    "honorifics.txt": [None],
    "vn_family_names.txt": [None],
    "vn_given_names.txt": [None],
    "reporting_verbs.tsv": [None, {"say", "ask", "agree", "opinion", "prep"}],
    "months.tsv": [None, r"[1-9]|1[0-2]"],
    "weekdays.tsv": [None, r"[1-7]"],
    "org_heads.tsv": [None, {"ministry", "party", "state", "military", "police",
                             "intl", "institute", "company", "other"}],
    "org_tails.tsv": [None, {"company", "agency"}],
    "title_predicates.tsv": [None, {"as", "elected"}],
    "organizations.tsv": [None, r"-|[^\t, ]+(\s[^\t, ]+)*",
                          {"ministry", "party", "state", "military", "police",
                           "intl", "institute", "company", "other", "agency"}],
    "number_words.tsv": [None, NUMBER],
    "amount_units.tsv": [None, None, NUMBER],
    "stopcaps.txt": [None],
    "time_refs.tsv": [None, {"day", "occasion", "period", "habit"}],
    "event_triggers.tsv": [None, {"meeting", "talks", "visit", "reception", "signing",
                                  "conference", "none"}, {"verb", "noun", "guest", "part"}],
    "event_roles.tsv": [None, {"not", "delegation", "members", "attendees", "takes_part", "invite", "bodies", "thing",
                               "background"}],
    "chair_markers.tsv": [None, {"after", "before", "both", "subject"}],
}

# Files whose entries are compared case-sensitively (symbols, capitalised
# forms), so folding them for the duplicate check would be wrong.
CASE_SENSITIVE = {"agencies.txt", "stopcaps.txt", "amount_units.tsv"}

# Files where one name may have several lines differing in the second field
# (an organisation with two acronyms).
MULTI_VALUED = {"organizations.tsv"}

# Files whose last field may be left out.
OPTIONAL_LAST = {"organizations.tsv": None, "org_heads.tsv": {"posted", "subject"},
                 "reporting_verbs.tsv": {"que", "past"},
                 "number_words.tsv": {"noun"}}


def fold(s):
    """Lower case, no diacritics, đ/ð -> d, single spaces, ’ -> '."""
    s = s.replace("’", "'")
    s = re.sub("[đĐðÐ]", "d", s)
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.lower().split())


def check_field(value, rule):
    if rule is None:
        return True
    if isinstance(rule, set):
        return value in rule
    return re.fullmatch(rule, value) is not None


def check_file(path, rules, problems):
    name = os.path.basename(path)
    try:
        raw = open(path, "rb").read()
    except OSError as e:
        problems.append("%s: cannot read: %s" % (name, e))
        return 0
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("%s: not UTF-8 at byte %d" % (name, e.start))
        return 0
    if text.startswith("\ufeff"):
        problems.append("%s: starts with a byte-order mark" % name)
    if not text.startswith("#"):
        problems.append("%s: no '#' header on line 1" % name)
    if text and not text.endswith("\n"):
        problems.append("%s: no newline at end of file" % name)
    seen = {}
    entries = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        where = "%s:%d" % (name, lineno)
        if len(line.encode("utf-8")) > 256:
            problems.append("%s: line longer than 256 bytes" % where)
        if "\r" in line:
            problems.append("%s: carriage return" % where)
        if unicodedata.normalize("NFC", line) != line:
            problems.append("%s: not in NFC" % where)
        s = line.strip(" \t")
        if not s or s.startswith("#"):
            continue
        entries += 1
        if rules is None:  # a file this script does not know: encoding only
            continue
        fields = line.split("\t")
        if name in OPTIONAL_LAST and len(fields) == len(rules) + 1:
            rules_here = list(rules) + [OPTIONAL_LAST[name]]
        else:
            rules_here = rules
        if len(fields) != len(rules_here):
            problems.append("%s: %d field(s), expected %d: %r"
                            % (where, len(fields), len(rules), line))
            continue
        for i, (value, rule) in enumerate(zip(fields, rules_here)):
            if value != value.strip() or not value:
                problems.append("%s: field %d empty or padded with spaces" % (where, i + 1))
            elif not check_field(value, rule):
                problems.append("%s: field %d has a bad value %r" % (where, i + 1, value))
        key = fields[0] if name in CASE_SENSITIVE else fold(fields[0])
        rest = tuple(fields[1:])
        if name in MULTI_VALUED:  # one line per (name, first value)
            key = (key, fields[1])
            rest = tuple(fields[2:])
        if key in seen:
            prev_line, prev_first, prev_rest = seen[key]
            if prev_rest != rest:
                problems.append("%s: %r conflicts with line %d (%s vs %s)"
                                % (where, fields[0], prev_line,
                                   "\t".join(rest), "\t".join(prev_rest)))
            elif fields[0] == prev_first:
                problems.append("%s: %r repeats line %d" % (where, fields[0], prev_line))
        else:
            seen[key] = (lineno, fields[0], rest)
    return entries


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(here), "data")
    problems = []
    counts = {}
    for name, rules in FILES.items():
        path = os.path.join(data, name)
        if not os.path.exists(path):
            problems.append("%s: missing" % name)
            continue
        counts[name] = check_file(path, rules, problems)
    # src/events.c tells the values of these closed sets apart by their
    # first letters: a new value must not share them with another.
    for name, field, width in (("event_triggers.tsv", 1, 1), ("event_roles.tsv", 1, 2)):
        values = sorted(FILES[name][field])
        prefixes = {}
        for v in values:
            prefixes.setdefault(v[:width], []).append(v)
        for pre, vs in sorted(prefixes.items()):
            if len(vs) > 1:
                problems.append("%s: %s share their first %d letter(s), which events.c compares"
                                % (name, ", ".join(vs), width))
    # Files added later and not described above get the encoding checks.
    for name in sorted(os.listdir(data)):
        if name in FILES or name.startswith(".") or not name.endswith((".txt", ".tsv")):
            continue
        counts[name] = check_file(os.path.join(data, name), None, problems)
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s)" % len(problems), file=sys.stderr)
        return 1
    for name, n in counts.items():
        print("%-22s %5d entries" % (name, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
