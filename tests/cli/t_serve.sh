#!/usr/bin/env bash
# veille serve: every route of the JSON API (shapes, 400s, 404s, only GET),
# the web UI's files, the security headers, text returned as data never as
# markup, a read-only database, and a clean stop. The browser tests
# (tests/web/) look at the pages themselves.
. "$(dirname "$0")/lib.sh"

run veille ingest --quiet "$SAMPLE/dispatches" "$REPO/tests/web/hostile.txt"
assert_rc 0 "ingest the sample and the hostile dispatch"
sum_before=$(sha256sum "$DB" | cut -d' ' -f1)

"$VEILLE_BIN" --db "$DB" serve --port 0 > "$T/serve.out" 2> "$T/serve.err" &
SERVER=$!
BG_PIDS+=("$SERVER")
for _ in $(seq 100); do grep -q 'http://' "$T/serve.out" 2>/dev/null && break; sleep 0.05; done
BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" | head -1)
[ -n "$BASE" ] || die "serve printed no URL: $(cat "$T/serve.out" "$T/serve.err")"
assert_eq "1" "$(grep -c '^veille: serving .* on http://127\.0\.0\.1:[0-9]*/ (Ctrl-C stops)$' "$T/serve.out")" \
    "the first line says where it serves"

run python3 - "$BASE" <<'PY'
import json, sys, urllib.request, urllib.error
base = sys.argv[1]
bad = []
def get(path, method="GET"):
    req = urllib.request.Request(base + path, method=method)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
def check(cond, what):
    if not cond: bad.append(what)
def jget(path, status=200):
    s, h, b = get(path)
    check(s == status, f"{path}: status {s}, want {status} ({b[:200]!r})")
    check(h.get("Content-Type", "").startswith("application/json"), f"{path}: content type {h.get('Content-Type')}")
    try:
        return json.loads(b)
    except ValueError:
        bad.append(f"{path}: not JSON: {b[:200]!r}")
        return {}
def keys(o, want, path):
    check(isinstance(o, dict) and all(k in o for k in want), f"{path}: keys {sorted(o) if isinstance(o, dict) else o}, want {want}")

# every route, its shape (the CLI's --json)
st = jget("/api/stats"); keys(st, ["documents", "first_date", "last_date", "bytes", "skipped", "schema_version"], "stats")
check(st.get("documents", 0) >= 34, f"stats: {st.get('documents')} documents")
s = jget("/api/search?q=laos&facets=1&limit=3"); keys(s, ["total", "undated", "hits", "facets"], "search")
check(len(s.get("hits", [])) == 3 and all(set(h) >= {"id", "source", "date", "title", "snippet", "score"} for h in s["hits"]), "search: hits")
keys(s.get("facets", {}), ["docs", "persons", "organizations", "places", "months"], "search facets")
d = jget("/api/search?q=laos&sort=date&from=2019&to=2026&limit=2&offset=1"); keys(d, ["total", "hits"], "search by date")
dates = [h["date"] for h in d.get("hits", [])]
check(dates == sorted(dates, reverse=True), f"search by date: {dates}")
doc_id = s["hits"][0]["id"] if s.get("hits") else "x"
doc = jget("/api/doc/" + urllib.parse.quote(doc_id)); keys(doc, ["id", "source", "date", "title", "blocks", "text", "record"], "doc")
keys(doc.get("record") or {}, ["persons", "organizations", "places", "dates", "quotes", "events"], "doc record")
for p in (doc.get("record") or {}).get("persons", []):
    for m in p["mentions"]:
        check(doc["text"][m["start"]:m["end"]] == m["text"], f"doc: mention {m} is not the text at its offsets")
keys(jget("/api/person?name=Phan%20Van%20Giang"), ["name", "key", "variants", "positions"], "person")
keys(jget("/api/related?name=Phan%20Van%20Giang&limit=3"), ["persons", "organizations", "places"], "related")
keys(jget("/api/office?title=ministre%20de%20la%20D%C3%A9fense&at=2023-06"), ["office", "holders"], "office")
keys(jget("/api/persons?limit=5"), ["persons"], "persons")
keys(jget("/api/changes?since=2021"), ["since", "changes"], "changes")
keys(jget("/api/events?with=Inde&from=2019"), ["events"], "events")
keys(jget("/api/met?name=Bui%20Thanh%20Son"), ["name", "counterparts"], "met")
keys(jget("/api/quotes?name=Phan%20Van%20Giang&about=cooperation"), ["name", "quotes"], "quotes")
check(len(jget("/api/persons?limit=2").get("persons", [])) == 2, "persons: limit 2")

# bad parameters: 400 with an error; unknown routes and names: 404
for path in ["/api/search", "/api/search?q=", "/api/search?q=laos&limit=0", "/api/search?q=laos&limit=101",
             "/api/search?q=laos&limit=abc", "/api/search?q=laos&from=2023-13", "/api/search?q=laos&sort=newest",
             "/api/search?q=laos&offset=-1", "/api/search?q=%22unclosed", "/api/search?q=%FF%FE",
             "/api/person", "/api/office?title=ministre&at=2023-02-30", "/api/persons?limit=1000000",
             "/api/events?from=hier", "/api/met", "/api/quotes", "/api/doc/",
             "/api/search?q=" + "a" * 5000]:
    o = jget(path, 400)
    check("error" in o, f"{path}: no error message")
for path in ["/api/nothing", "/api/doc/no-such-document", "/api/person?name=Personne%20Inconnue",
             "/api/doc/..%2F..%2Fetc%2Fpasswd", "/api/doc/%2Fetc%2Fpasswd"]:
    o = jget(path, 404)
    check("error" in o, f"{path}: no error message")
s_, h_, b_ = get("/api/stats", "POST")
check(s_ == 405, f"POST: status {s_}")

# the UI: its files, nothing else; every answer with the security headers
for path, ctype in [("/", "text/html"), ("/index.html", "text/html"), ("/app.js", "text/javascript"),
                    ("/style.css", "text/css"), ("/favicon.svg", "image/svg+xml")]:
    s_, h_, b_ = get(path)
    check(s_ == 200 and h_.get("Content-Type", "").startswith(ctype), f"{path}: {s_} {h_.get('Content-Type')}")
for path in ["/../../etc/passwd", "/etc/passwd", "/web/app.js", "/index.html/..", "/%2e%2e/%2e%2e/etc/passwd"]:
    s_, h_, b_ = get(path)
    check(s_ == 404 and b"root:" not in b_, f"{path}: {s_}")
for path in ["/", "/api/stats", "/api/nothing"]:
    s_, h_, b_ = get(path)
    csp = h_.get("Content-Security-Policy", "")
    check("script-src 'self'" in csp and "default-src 'none'" in csp, f"{path}: CSP {csp!r}")
    check(h_.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")
page = get("/")[2].decode()
check("<script src=\"/app.js\"" in page and "alert" not in page and "onerror" not in page,
      "the page holds no data, only the UI's own script")

# the hostile dispatch: its text is data, as the API gives it, never markup
hs = jget("/api/search?q=onerror%20delegation&limit=5")
hid = next((h["id"] for h in hs.get("hits", []) if "hostile" in h["source"]), None)
check(hid is not None, "search finds the hostile dispatch")
if hid:
    hd = jget("/api/doc/" + urllib.parse.quote(hid))
    check('"><img src=x onerror=alert(1)>' in hd.get("text", ""), "the hostile text comes back as it was written")
    check("<script>" in (hd.get("title") or "") or "<script>" in hd.get("text", ""), "the script tag is text")
print("\n".join("not ok: " + b for b in bad))
PY
assert_rc 0 "the HTTP checks ran"
assert_eq "" "$OUT" "every HTTP check"

# read-only: the database is as it was
kill -TERM "$SERVER"
wait "$SERVER"
assert_eq 0 "$?" "SIGTERM stops the server cleanly"
assert_eq "1" "$(grep -c '^veille: stopped (terminate)$' "$T/serve.err")" "it says it stopped"
assert_eq "$sum_before" "$(sha256sum "$DB" | cut -d' ' -f1)" "the database unchanged by serving"

# errors at start: no database, a bad host, a port taken
run "$VEILLE_BIN" --db "$T/none.db" serve --port 0
assert_rc 2 "serve without a database"
assert_eq 1 "$(err_count 'cannot open database')" "it says it cannot open the database"
run test -e "$T/none.db"
assert_rc 1 "and creates none"
run "$VEILLE_BIN" --db "$DB" serve --host localhost --port 0
assert_rc 2 "--host must be an address"
run "$VEILLE_BIN" --db "$DB" serve --port 70000
assert_rc 2 "a port over 65535"
finish
