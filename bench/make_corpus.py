#!/usr/bin/env python3
"""Build a synthetic benchmark corpus of French news dispatches.

The corpus is made by recombining the paragraphs and sentences of a small
source set (by default the repository's sample/), with person names, dates
and numbers varied, so that the result has realistic postings (a growing
vocabulary of names and numbers, recurring officials, dates spread over
2015-2026) rather than copies of one file.

    make_corpus.py --source sample/ --size 100M --out DIR [--format text|jsonl|both]
                   [--seed N] [--jobs N]

Output:
    DIR/text/NNNN/NNNNNNN.txt   documents in the seed text format
                                (at most 1000 files per folder)
    DIR/corpus.jsonl            one object per line: id, url, date, title, text
    DIR/manifest.json           parameters, counts, byte totals

--size counts the bytes of the text form (the .txt files), whatever the
format; K, M, G are powers of 1000 (100M = 100,000,000 bytes).  The output
is deterministic for a given source, --seed and --size (--jobs does not
change it).  Python 3 standard library only.
"""

import argparse
import bisect
import calendar
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
import unicodedata

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
          "août", "septembre", "octobre", "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
            "dimanche"]

# Common Vietnamese family names, folded (lower case, no diacritics).  Used
# only to *recognise* person names in the source; the syllables the corpus
# uses are the ones the source spells.
SURNAMES = set("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
luong to dinh truong mai dao doan cao lam vuong trinh ta chu nong kieu
thai tong quach hua lai khuat nghiem ton ha giap phung lu luu thach trieu
""".split())
# folded surnames that are also ordinary French words: accepted only when
# written with a diacritic in the source (Lê, Tô, Hà, Lý, Đỗ, Hồ, Tạ)
AMBIGUOUS_SURNAMES = {"le", "to", "ha", "ly", "do", "ho", "ta", "mai", "lu"}
# capitalised words that never continue a name
NAME_STOP = set("""
le la les un une il elle et de du des en au aux pour par sur a vietnam parti
photo photos hanoi hanoï ville etat état ministre president président
general général premier vice secretaire secrétaire comite comité assemblee
assemblée nations unies mission conseil commission ambassadeur dans avec
lors selon cette ce ces leur leurs nord sud est ouest
""".split())
# folded place names that look like person names
PLACE_STOP = ("ho chi minh", "ha noi", "ha long", "hai phong", "hai duong",
              "da nang", "ha tinh", "ha giang", "ha nam", "lao cai",
              "lang son", "dong nai", "dong thap", "ba ria", "vung tau",
              "tra vinh", "ca mau", "le hong phong", "tay ninh", "ha tay",
              "cao bang", "dien bien", "lai chau", "bac ninh", "phu tho",
              "hoang sa", "truong sa", "mai chau", "phan thiet", "ha long bay",
              "vinh phuc", "ho guom", "ba dinh", "dong da", "cau giay")

# A supplement of common name syllables, spelt as the French-language
# Vietnamese press spells them (partial diacritics), mixed in at low weight
# with the source's own syllables so that a few thousand distinct persons
# can be made from a small source.
EXTRA_FAMILY = """Nguyên Trân Lê Pham Hoàng Huynh Phan Vu Vo Dang Bùi Dô Hô Ngô
Duong Luong Tô Dinh Truong Mai Dào Doàn Cao Lâm Vuong Trinh Chu Nông Thai
Tông Quach Ha Lai Khuât Nghiêm Tôn Giap Phùng""".split()
EXTRA_MIDDLE = """Van Thi Dinh Duc Xuân Thanh Minh Quôc Hông Ngoc Huu Manh Tiên
Tuân Hoài Kim Thu Bao Công Quang Anh Trong Hai Nhu Gia Khac Tât Viêt Ba Tam
Thê Nhât Chi Hoang Phu""".split()
EXTRA_GIVEN = """Hùng Dung Son Lâm Cuong Quang Trung Chiên Giang Phuc Hai Hà Hoa
Lan Linh Long Minh Nam Ngân Phong Phuong Quân Thang Thành Thao Thuy Tiên Toàn
Trang Tuân Tùng Vinh Yên Binh Chinh Cuc Diêp Duy Hiêu Huê Hung Huong Khai
Khanh Khoa Kiên Loc Nga Nghia Nhân Ninh Phát Quy Sang Tâm Tân Thiên Thinh
Tín Trí Tú Tuyên Uyên Viêt Xuân Dat Dông Hâu Hiên Hôi Luân Nhung Quyên Sinh
Tài Thuân Tuyêt Vân Hiêp Hanh Hoan Huân Khiêm Lôc Luc Manh Ngoc Nhàn Phú
Tho Thuong Tich Trong Tuong Vuong""".split()

WORD_RE = re.compile(r"[^\W\d_]+")
CONTENT_WORD_RE = re.compile(r"(?<![\w’'-])[a-zà-ÿœ]{5,}(?![\w’'-])")
KEEP_WORDS = set("""
avait avaient avoir cette entre leurs selon après aussi ainsi toute toutes
notamment depuis alors autres encore comme quelques plusieurs avant
ministre ministres ministère ministères général générale corps armée
division affaires étrangères défense sécurité publique police président
présidente secrétaire comité commission central centrale premier adjoint
directeur directrice ambassadeur ambassadrice membre bureau politique
permanent permanente colonel lieutenant capitaine amiral intérim ancien
ancienne chef délégation déclaré affirmé souligné indiqué estimé
""".split())

SLOT_RE = re.compile(
    r"(?:(?P<wd>(?i:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche))"
    r"(?P<wdx>,?\s+(?:(?:matin|après-midi|soir)\s+)?))?"
    r"(?<![\w/.,-])(?P<day>1er|3[01]|[12]\d|[1-9])\s+"
    r"(?P<mon>janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre)\b(?:(?P<ysp>\s+)(?P<year>(?:19|20)\d\d)\b)?"
    r"|\b(?P<mon2>janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre)(?P<msp>\s+)(?P<year2>(?:19|20)\d\d)\b"
    r"|(?<![\w/.,-])(?P<ord>\d{1,3})(?P<osfx>er|ère|ème|e)\b"
    r"|(?<![\w/.,-])(?P<dec>\d{1,4}),(?P<decf>\d{1,3})(?![\w/-]|[.,]\d)"
    r"|(?<![\w/.,-])(?P<year3>(?:19[4-9]|20[0-4])\d)(?![\w/-]|[.,]\d)"
    r"|(?<![\w/.,°-])(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?![\w/-]|[.,]\d)"
)
HEADER_RE = re.compile(r"^ ?date (\d{4})-(\d{2})(?:-(\d{2}))? ?")
DATELINE_RE = re.compile(
    r"^([A-ZÀ-ÖØ-Þ][^\n()]{1,40}?\s*\((?:VNA|CVN|VNA/CVN|AVI)\)\s*[-–—]\s*)")
CAPTION_RE = re.compile(r"(?:^|\s|\.)Photos?(?: d['’]illustration)?\s*:\s*\S.{0,20}$")
SIGNATURE_BLOCK_RE = re.compile(r"^[\s\-–—…]*(?:VNA|CVN|VNA/CVN|AVI)[\s.]*$")
SIGNATURE_TAIL_RE = re.compile(r"(\s*[-–—]\s*(?:VNA|CVN|VNA/CVN)\s*)$")
SENT_SPLIT_RE = re.compile(r"(?<=[.!?…»\"”])\s+(?=[«\"“A-ZÀ-ÖØ-Þ])")
ABBREV_END_RE = re.compile(r"(?:\b(?:M|Mme|Mlle|Dr|St|MM|No|n°)\.|\b[A-Z]\.)$")


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s).lower()


def strip_marks(s):
    """Drop diacritics but keep case (Hoàng Xuân Chiên -> Hoang Xuan Chien)."""
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    return unicodedata.normalize(
        "NFC", "".join(c for c in s if not unicodedata.combining(c)))


def parse_size(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmMgG]?)[bB]?", s.strip())
    if not m:
        raise argparse.ArgumentTypeError("bad size: %r (e.g. 100M, 1G)" % s)
    mult = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2).lower()]
    return int(float(m.group(1)) * mult)


# --------------------------------------------------------------------------
# reading the source

def read_source(path):
    """Return a list of (header_date or None, text-without-header) pairs."""
    docs = []
    txt, jsonl = [], []
    if os.path.isfile(path):
        (jsonl if path.endswith(".jsonl") else txt).append(path)
    else:
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                p = os.path.join(root, f)
                if f.endswith(".txt"):
                    txt.append(p)
                elif f.endswith(".jsonl"):
                    jsonl.append(p)
    seen = set()

    def add(d, text):
        # the same article may be given as a .txt file and as a JSONL line
        key = " ".join(text.split())[-300:]
        if key and key not in seen:
            seen.add(key)
            docs.append((d, text))

    for p in txt:
        with open(p, encoding="utf-8", errors="replace") as fh:
            raw = fh.read()
        m = HEADER_RE.match(raw)
        if m:
            add((int(m.group(1)), int(m.group(2))), raw[m.end():])
        else:
            add(None, raw)
    for p in jsonl:
        with open(p, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    o = json.loads(line)
                except ValueError:
                    continue
                text = o.get("text")
                if not isinstance(text, str):
                    continue
                d = None
                m = re.match(r"(\d{4})-(\d{2})", str(o.get("date") or ""))
                if m:
                    d = (int(m.group(1)), int(m.group(2)))
                if o.get("title"):
                    text = o["title"] + "\n\n" + text
                add(d, text)
    return docs


def find_names(text):
    """Spans (start, end, folded key) of Vietnamese person names."""
    out = []
    toks = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    i, n = 0, len(toks)
    while i < n:
        s, e, w = toks[i]
        f = fold(w)
        ok = (w[0].isupper() and w[1:].islower() if len(w) > 1 else False) \
            and f in SURNAMES and (f not in AMBIGUOUS_SURNAMES or f != w.lower())
        if ok and s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-’'"):
            ok = False
        if not ok:
            i += 1
            continue
        j = i
        while j + 1 < n and j - i < 3:
            s2, e2, w2 = toks[j + 1]
            if text[toks[j][1]:s2] != " ":
                break
            if not (w2[0].isupper() and (len(w2) == 1 or w2[1:].islower())):
                break
            if len(w2) > 7 or fold(w2) in NAME_STOP:
                break
            j += 1
        if j > i:
            end = toks[j][1]
            key = fold(text[s:end])
            nxt = text[end:end + 1]
            if nxt != "-" and not any(key.startswith(p) for p in PLACE_STOP):
                out.append((s, end, key))
                i = j + 1
                continue
        i += 1
    return out


class Source:
    """Pools of templated pieces built from the source documents."""

    def __init__(self, docs):
        self.titles, self.captions, self.credits = [], [], []
        self.related, self.datelines, self.subheads = [], [], []
        self.leads, self.paragraphs, self.sentences = [], [], []
        self.sig_styles = []
        self.name_forms = {}     # folded key -> {written form: count}
        self.all_text = [t for _, t in docs]
        # only words seen once in the source may be replaced by lexicon
        # words: frequent words (function words, titles, offices, ranks)
        # stay, so that extraction sees the same patterns as in the source
        self.word_freq = {}
        for t in self.all_text:
            for w in CONTENT_WORD_RE.findall(t):
                self.word_freq[w] = self.word_freq.get(w, 0) + 1
        for d, text in docs:
            self._add_doc(d, text)
        if not self.paragraphs:
            raise SystemExit("make_corpus: no usable paragraphs in source")
        if not self.leads:
            self.leads = self.paragraphs[:]
        if not self.titles:
            self.titles = [self.template(c, None) for c in (
                "Le Vietnam renforce sa coopération", "Rencontre au ministère")]
        if not self.datelines:
            self.datelines = ["Hanoi (VNA) – ", "Hanoï (VNA) – "]
        if not self.sig_styles:
            self.sig_styles = [" – VNA", "\n\nVNA/CVN", ""]
        if not self.captions:
            self.captions = [self.template("Photo : VNA", None)]
        self._build_names()

    # -- templating ---------------------------------------------------------
    def template(self, text, src_year):
        """Split text into literal strings and slots (tuples)."""
        names = find_names(text)
        for s, e, key in names:
            forms = self.name_forms.setdefault(key, {})
            w = text[s:e]
            forms[w] = forms.get(w, 0) + 1
        parts = []
        pos = 0
        events = [(s, e, ("N", key)) for s, e, key in names]
        for m in SLOT_RE.finditer(text):
            g = m.group
            if g("day"):
                slot = ("D", g("wd"), g("wdx") or "", bool(g("year")),
                        g("ysp") or " ")
            elif g("mon2"):
                slot = ("M", MONTHS.index(g("mon2")), int(g("year2")),
                        src_year, g("msp"))
            elif g("ord"):
                slot = ("O", int(g("ord")), g("osfx"))
            elif g("dec"):
                slot = ("F", float(g("dec") + "." + g("decf")), len(g("decf")))
            elif g("year3"):
                slot = ("Y", int(g("year3")), src_year)
            else:
                raw = g("int")
                sep = ""
                for c in raw:
                    if not c.isdigit():
                        sep = c
                        break
                v = int(re.sub(r"\D", "", raw))
                if v < 2 or (len(raw) > 1 and raw[0] == "0"):
                    continue
                slot = ("I", v, sep)
            events.append((m.start(), m.end(), slot))
        events.sort(key=lambda x: x[0])
        last_end = 0
        for s, e, slot in events:
            if s < last_end:
                continue
            if s > pos:
                parts.append(text[pos:s])
            parts.append(slot)
            pos = last_end = e
        if pos < len(text):
            parts.append(text[pos:])
        # merge adjacent literals
        merged = []
        for p in parts:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] += p
            else:
                merged.append(p)
        # words that the lexicon may replace: lower-case words of 5+ letters
        cands = []
        for i, p in enumerate(merged):
            if isinstance(p, str):
                for m in CONTENT_WORD_RE.finditer(p):
                    if self.word_freq.get(m.group(), 0) < 2 \
                            and m.group() not in KEEP_WORDS:
                        cands.append((i, m.start(), m.end()))
        ntok = len(WORD_RE.findall(text)) + len(re.findall(r"\d+", text))
        return (merged, cands, ntok)

    def _sentences(self, text, src_year):
        raw = SENT_SPLIT_RE.split(text)
        sents = []
        for piece in raw:
            if sents and ABBREV_END_RE.search(sents[-1]):
                sents[-1] += " " + piece
            else:
                sents.append(piece)
        return [self.template(s, src_year) for s in sents if s.strip()]

    def _add_doc(self, d, text):
        src_year = d[0] if d else None
        if src_year is None:
            ys = [int(y) for y in re.findall(r"\b(20[0-2]\d)\b", text)
                  if int(y) <= 2026]
            src_year = max(ys) if ys else None
        blocks = [b.strip() for b in re.split(r"\n", text)]
        blocks = [b for b in blocks if b]
        first = True
        seen_lead = False
        for b in blocks:
            is_first = first
            first = False
            if b.startswith(">>"):
                self.related.append(self.template(b[2:].strip(), src_year))
                continue
            if SIGNATURE_BLOCK_RE.match(b):
                self.sig_styles.append("\n\n" + b.strip(" -–—…"))
                continue
            if CAPTION_RE.search(b):
                if len(b) < 40:
                    self.credits.append(b)
                else:
                    self.captions.append(self.template(b, src_year))
                continue
            m = DATELINE_RE.match(b)
            if m:
                self.datelines.append(m.group(1))
                b = b[m.end():]
            tail = SIGNATURE_TAIL_RE.search(b)
            if tail and len(b) > 80:
                self.sig_styles.append(tail.group(1).rstrip())
                b = b[:tail.start()].rstrip()
            if len(b) < 160 and not re.search(r"[.…:;!?»\"”]$", b):
                if is_first:
                    self.titles.append(self.template(b, src_year))
                else:
                    self.subheads.append(self.template(b, src_year))
                continue
            if len(b) < 60:
                continue
            sents = self._sentences(b, src_year)
            if m or not seen_lead:
                self.leads.append(sents)
                seen_lead = True
            else:
                self.paragraphs.append(sents)
                self.sentences.extend(sents)
        if not self.sentences:
            for p in self.leads:
                self.sentences.extend(p)

    # -- names ----------------------------------------------------------------
    def _build_names(self):
        fam, mid, giv = {}, {}, {}
        self.real = []  # (written form, count)
        for key, forms in self.name_forms.items():
            best = max(forms.items(), key=lambda kv: (kv[1], kv[0] != fold(kv[0])))
            total = sum(forms.values())
            self.real.append((best[0], total))
            for w in forms:
                sy = w.split()
                fam[sy[0]] = fam.get(sy[0], 0) + 1
                giv[sy[-1]] = giv.get(sy[-1], 0) + 1
                for x in sy[1:-1]:
                    mid[x] = mid.get(x, 0) + 1
        self.real.sort(key=lambda x: (-x[1], x[0]))
        if not fam:
            fam = {"Nguyên": 3, "Trân": 2, "Lê": 2, "Pham": 1, "Hoàng": 1}
            mid = {"Van": 3, "Thi": 2, "Xuân": 1, "Thanh": 1, "Dinh": 1}
            giv = {"Quang": 1, "Hùng": 1, "Son": 1, "Lan": 1, "Minh": 1}
        # source syllables weigh 5 per occurrence, the supplement 1
        for d, extra in ((fam, EXTRA_FAMILY), (mid, EXTRA_MIDDLE),
                         (giv, EXTRA_GIVEN)):
            for k in list(d):
                d[k] *= 5
            for x in extra:
                if not any(fold(x) == fold(k) for k in d):
                    d[x] = 1
        pool_mid = dict(mid)
        for k, v in giv.items():
            pool_mid[k] = pool_mid.get(k, 0) + v
        self.fam = sorted(fam.items())
        self.mid = sorted(pool_mid.items())
        self.giv = sorted(dict(list(giv.items()) + list(mid.items())).items())


def wchoice(rng, items):
    """items: list of (value, weight)."""
    tot = sum(w for _, w in items)
    r = rng.random() * tot
    for v, w in items:
        r -= w
        if r < 0:
            return v
    return items[-1][0]


def build_population(src, seed, size=6000):
    rng = random.Random("population-%d" % seed)
    people, seen = [], set()
    for form, _ in src.real:
        k = fold(form)
        if k not in seen:
            seen.add(k)
            people.append(form)
    fam_weights = [(f, w) for f, w in src.fam]
    tries = 0
    while len(people) < size and tries < size * 20:
        tries += 1
        n_mid = wchoice(rng, [(0, 2), (1, 10), (2, 3)])
        sy = [wchoice(rng, fam_weights)]
        sy += [wchoice(rng, src.mid) for _ in range(n_mid)]
        sy.append(wchoice(rng, src.giv))
        if len(set(fold(x) for x in sy)) < len(sy):
            continue
        name = " ".join(sy)
        k = fold(name)
        if k in seen:
            continue
        seen.add(k)
        people.append(name)
    # real names and synthetic ones shuffled together, then ranked (Zipf)
    head = people[:len(src.real)]
    tail = people[len(src.real):]
    rng.shuffle(tail)
    ranked = tail[:20] + head + tail[20:]
    ranked = [(n, strip_marks(n)) for n in ranked]
    cum, acc = [], 0.0
    for r in range(len(ranked)):
        acc += 1.0 / (r + 1) ** 1.05
        cum.append(acc)
    return ranked, cum


# --------------------------------------------------------------------------
# vocabulary growth

def load_lexicon(path, src, seed):
    """Words that replace a few rare words of each sentence, drawn with a
    Zipf-like law (rank = N**u, u uniform in [0.35, 1]), so that the corpus vocabulary grows with its
    size as real news does (Heaps' law) instead of staying at the source's
    couple of thousand words.  From a French word list (wfrench) when there
    is one, else pseudo-words recombined from the source's own words."""
    words = []
    kind = "none"
    if path and path != "none" and os.path.isfile(path):
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                w = line.strip()
                if len(w) >= 4 and w.isalpha() and w.islower():
                    words.append(w)
        words = sorted(set(words))
        kind = "wordlist:%s:%d" % (path, len(words))
    if not words and path != "none":
        base = sorted({w for t in src.all_text for w in CONTENT_WORD_RE.findall(t)})
        rng = random.Random("pseudo-%d" % seed)
        seen = set(base)
        words = list(base)
        for _ in range(200000):
            a, b = rng.choice(base), rng.choice(base)
            w = a[:rng.randint(3, 5)] + b[-rng.randint(3, 6):]
            if w not in seen:
                seen.add(w)
                words.append(w)
        kind = "pseudo:%d" % len(words)
    rng = random.Random("lexicon-%d" % seed)
    rng.shuffle(words)
    return words, kind


# --------------------------------------------------------------------------
# generating

class Generator:
    def __init__(self, src, seed, lexicon=None, lex_rate=0.025):
        self.src = src
        self.seed = seed
        self.lex, self.lex_kind = load_lexicon(lexicon, src, seed)
        self.lex_n = len(self.lex) if lex_rate > 0 else 0
        self.lex_rate = lex_rate
        self.people, self.cum = build_population(src, seed)
        self.n_people = len(self.people)
        self.total_w = self.cum[-1]
        self.credits = src.credits or ["Photo : VNA", "Photo: VNA",
                                       "Photo : VNA/CVN"]
        self.slugs = re.compile(r"[^a-z0-9]+")

    def person(self, rng):
        i = bisect.bisect_left(self.cum, rng.random() * self.total_w)
        return self.people[min(i, self.n_people - 1)]

    def fill(self, tpl, ctx, rng):
        parts, cands, ntok = tpl
        subst = None
        if self.lex_n and cands:
            k = int(ntok * self.lex_rate + rng.random())
            if k:
                subst = {}
                lex, n = self.lex, self.lex_n
                for i, a, b in rng.sample(cands, min(k, len(cands))):
                    subst.setdefault(i, []).append(
                        (a, b, lex[int(n ** (0.35 + 0.65 * rng.random())) - 1]))
        out = []
        ap = out.append
        for idx, p in enumerate(parts):
            if subst and idx in subst:
                for a, b, w in sorted(subst[idx], reverse=True):
                    p = p[:a] + w + p[b:]
            if p.__class__ is str:
                ap(p)
                continue
            k = p[0]
            if k == "N":
                names = ctx["names"]
                person = names.get(p[1])
                if person is None:
                    used = ctx.setdefault("used", set())
                    for _ in range(8):
                        person = self.person(rng)
                        if person not in used:
                            break
                    used.add(person)
                    names[p[1]] = person
                ap(person[1] if rng.random() < 0.12 else person[0])
            elif k == "D":
                y, mo = ctx["year"], ctx["month"]
                base = ctx["day"]
                d = base if rng.random() < 0.6 else base + rng.randint(-3, 3)
                d = max(1, min(d, calendar.monthrange(y, mo)[1]))
                if p[1]:
                    wd = WEEKDAYS[calendar.weekday(y, mo, d)]
                    if p[1][0].isupper():
                        wd = wd.capitalize()
                    ap(wd + p[2])
                ap("1er" if d == 1 else str(d))
                ap(" " + MONTHS[mo - 1])
                if p[3]:
                    ap(p[4] + str(y))
            elif k == "M":
                y = p[2] + (ctx["year"] - p[3]) if p[3] else ctx["year"]
                mo = p[1] if rng.random() < 0.5 else ctx["month"] - 1
                ap(MONTHS[mo] + p[4] + str(max(1990, min(y, 2030))))
            elif k == "Y":
                v, sy = p[1], p[2]
                if sy and v >= sy - 15:
                    v = v + ctx["year"] - sy
                ap(str(v))
            elif k == "O":
                v = p[1]
                if v > 3:
                    v = max(2, v + rng.randint(-5, 5))
                ap(str(v) + p[2])
            elif k == "F":
                v = p[1] * math.exp(rng.gauss(0, 0.5))
                ap(("%.*f" % (p[2], v)).replace(".", ","))
            else:  # "I"
                v = p[1]
                if v <= 12:
                    v = rng.randint(2, 15)
                else:
                    v = max(2, int(v * math.exp(rng.gauss(0, 0.6))))
                s = str(v)
                if p[2] and v >= 1000:
                    g = []
                    while s:
                        g.append(s[-3:])
                        s = s[:-3]
                    s = p[2].join(reversed(g))
                ap(s)
        return "".join(out)

    def paragraph(self, sents, ctx, rng):
        return " ".join(self.fill(s, ctx, rng) for s in sents)

    def document(self, n):
        """Return (text, meta) for document number n."""
        rng = random.Random(self.seed * 1000003 + n)
        src = self.src
        year = rng.randint(2015, 2026)
        month = rng.randint(1, 12)
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        ctx = {"names": {}, "year": year, "month": month, "day": day}
        r = rng.random()
        if r < 0.85:
            if rng.random() < 0.6:
                date = "%04d-%02d" % (year, month)
            else:
                date = "%04d-%02d-%02d" % (year, month, day)
            header = " date %s " % date
        else:
            date, header = None, ""
        target = int(math.exp(rng.gauss(math.log(2700), 0.38)))
        target = max(1100, min(target, 5800))
        sep = rng.choice(("\n\n", "\n\n", "\n\n", "\n\n\n\n", "\n"))
        tb = len(header.encode())

        def enc(s):
            return len(s.encode()) + len(sep)

        blocks = []
        title = None
        # opening line
        r = rng.random()
        if r < 0.7:
            if rng.random() < 0.8 or not src.captions:
                title = self.fill(rng.choice(src.titles), ctx, rng)
            else:
                cap = self.fill(rng.choice(src.captions), ctx, rng)
                title = re.sub(r"[\s.]*Photos?\b.*$", "", cap).rstrip(" .")
                if len(title) < 20:
                    title = self.fill(rng.choice(src.titles), ctx, rng)
            blocks.append(title)
        elif r < 0.82:
            blocks.append(self.fill(rng.choice(src.captions), ctx, rng))
        if blocks:
            tb += enc(blocks[0])
        # lead paragraph with dateline
        lead = self.paragraph(rng.choice(src.leads), ctx, rng)
        if rng.random() < 0.85:
            lead = rng.choice(src.datelines) + lead
        if rng.random() < 0.15:
            cap = (self.fill(rng.choice(src.captions), ctx, rng)
                   if rng.random() < 0.7 else rng.choice(self.credits))
            blocks.append(cap)
            tb += enc(cap)
        blocks.append(lead)
        tb += enc(lead)
        if src.related and rng.random() < 0.15:
            for _ in range(rng.randint(1, 3)):
                rel = ">> " + self.fill(rng.choice(src.related + src.titles),
                                        ctx, rng)
                blocks.append(rel)
                tb += enc(rel)
        # body
        misses = 0
        sig = rng.choice(src.sig_styles) if rng.random() < 0.8 else ""
        limit = 5900 - len(sig.encode())
        while tb < target and misses < 8:
            if rng.random() < 0.45:
                para = self.paragraph(rng.choice(src.paragraphs), ctx, rng)
            else:
                k = rng.randint(2, 5)
                para = " ".join(self.fill(rng.choice(src.sentences), ctx, rng)
                                for _ in range(k))
            extra = []
            if src.subheads and rng.random() < 0.05:
                extra.append(self.fill(rng.choice(src.subheads), ctx, rng))
            extra.append(para)
            if rng.random() < 0.12:
                extra.append(self.fill(rng.choice(src.captions), ctx, rng)
                             if rng.random() < 0.7 else rng.choice(self.credits))
            add = sum(enc(x) for x in extra)
            if tb + add > limit:
                misses += 1
                continue
            blocks.extend(extra)
            tb += add
        # signature
        if sig:
            if sig.startswith("\n") or CAPTION_RE.search(blocks[-1]) \
                    or blocks[-1].startswith(">>"):
                blocks.append(sig.strip("\n -–—"))
            else:
                blocks[-1] = blocks[-1] + sig
        text = header + sep.join(blocks)
        if rng.random() < 0.5:
            text += "\n"
        # JSONL view: metadata apart, text = everything after header/title
        body_blocks = blocks[1:] if title is not None else blocks
        slug_src = fold(title or lead[:60])
        slug = self.slugs.sub("-", slug_src).strip("-")[:70]
        meta = {"id": "b%d-%07d" % (self.seed, n),
                "url": "https://news.example/fr/%s/%d.vnp" % (slug, 100000 + n),
                "date": date, "title": title,
                "text": sep.join(body_blocks)}
        return text, meta


# --------------------------------------------------------------------------
# driver

_GEN = None


def _init_worker(src_path, seed, lexicon, rate):
    global _GEN
    _GEN = Generator(Source(read_source(src_path)), seed, lexicon, rate)


def _chunk(args):
    first, count = args
    return [_GEN.document(n) for n in range(first, first + count)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--source", default=os.path.join(here, "..", "sample"),
                    help="folder of .txt dispatches (or .jsonl); default sample/")
    ap.add_argument("--size", type=parse_size, default=parse_size("100M"),
                    help="total bytes of the text form, e.g. 20M, 100M, 1G")
    ap.add_argument("--out", required=True, help="output folder (replaced)")
    ap.add_argument("--format", choices=("text", "jsonl", "both"),
                    default="both")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1,
                    help="worker processes (output is identical)")
    ap.add_argument("--lexicon", default="/usr/share/dict/french",
                    help="French word list for vocabulary growth (Debian "
                    "wfrench); 'none' to turn off; when missing, pseudo-words "
                    "recombined from the source are used")
    ap.add_argument("--lexicon-rate", type=float, default=0.025,
                    help="share of tokens replaced by lexicon words (0.025)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    t0 = time.time()
    source_docs = read_source(a.source)
    if not source_docs:
        ap.error("no .txt or .jsonl documents under %s" % a.source)
    src = Source(source_docs)
    gen = Generator(src, a.seed, a.lexicon, a.lexicon_rate)

    if os.path.exists(a.out):
        # replace only a previous corpus (or an empty folder), never other data
        if os.path.isdir(a.out) and (not os.listdir(a.out) or os.path.exists(
                os.path.join(a.out, "manifest.json"))):
            shutil.rmtree(a.out)
        else:
            ap.error("%s exists and is not a corpus made by make_corpus.py" % a.out)
    os.makedirs(a.out)
    want_text = a.format in ("text", "both")
    want_jsonl = a.format in ("jsonl", "both")
    jf = open(os.path.join(a.out, "corpus.jsonl"), "w", encoding="utf-8") \
        if want_jsonl else None

    CH = 1000
    total_text = total_json = ndocs = 0
    done = False

    def chunks():
        k = 0
        while True:
            yield (k * CH, CH)
            k += 1

    pool = None
    if a.jobs > 1:
        pool = multiprocessing.Pool(a.jobs, _init_worker,
                                    (a.source, a.seed, a.lexicon,
                                     a.lexicon_rate))
        it = pool.imap(_chunk, chunks(), chunksize=1)
    else:
        it = ([gen.document(n) for n in range(f, f + c)] for f, c in chunks())
    cur_dir = None
    for docs in it:
        for text, meta in docs:
            data = text.encode("utf-8")
            if want_text:
                d = os.path.join(a.out, "text", "%04d" % (ndocs // CH))
                if d != cur_dir:
                    os.makedirs(d)
                    cur_dir = d
                with open(os.path.join(d, "%07d.txt" % ndocs), "wb") as fh:
                    fh.write(data)
            if jf:
                line = json.dumps(meta, ensure_ascii=False) + "\n"
                jf.write(line)
                total_json += len(line.encode("utf-8"))
            total_text += len(data)
            ndocs += 1
            if total_text >= a.size:
                done = True
                break
        if done:
            break
        if not a.quiet and ndocs % 20000 == 0:
            print("make_corpus: %d docs, %.1f MB" % (ndocs, total_text / 1e6),
                  file=sys.stderr)
    if pool:
        pool.terminate()
    if jf:
        jf.close()
    manifest = {
        "source": os.path.abspath(a.source),
        "source_documents": len(source_docs),
        "seed": a.seed, "size": a.size, "format": a.format,
        "documents": ndocs, "text_bytes": total_text,
        "jsonl_bytes": total_json if want_jsonl else None,
        "folders": (ndocs + CH - 1) // CH if want_text else 0,
        "pools": {"titles": len(src.titles), "leads": len(src.leads),
                  "paragraphs": len(src.paragraphs),
                  "sentences": len(src.sentences),
                  "captions": len(src.captions),
                  "source_names": len(src.real),
                  "population": gen.n_people},
        "lexicon": gen.lex_kind, "lexicon_rate": a.lexicon_rate,
        "seconds": round(time.time() - t0, 2),
        "generator": "bench/make_corpus.py v1",
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    if not a.quiet:
        print("make_corpus: %d documents, %.1f MB text%s in %.1f s -> %s" % (
            ndocs, total_text / 1e6,
            ", %.1f MB jsonl" % (total_json / 1e6) if want_jsonl else "",
            time.time() - t0, a.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
