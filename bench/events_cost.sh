#!/usr/bin/env bash
# What the events pass costs extract and ingest: the same build run with the
# pass and without it, side by side, on corpora recombined from the sample
# and from ../shared/corpus/unlabeled. See bench/README.md.
set -u -o pipefail

usage() {
  cat <<'EOF'
usage: bench/events_cost.sh [--size 30M] [--repeat 9] [--only LIST] [--cycles]

  --size S     corpus size per source (K/M/G = 10^3/10^6/10^9); default 30M
  --repeat R   runs of each mode, alternated (on off on off ...); default 9
  --only LIST  comma-separated subset of: extract,ingest; default both
  --cycles     also count instructions, mispredicted branches and cache
               misses with valgrind (cachegrind) on 5 MB corpora: figures
               that do not move with the machine's load

The tree is copied to a scratch folder whose events pass returns at once
when VEILLE_NO_EVENTS is set (the library has no such switch); both modes
run that one Release binary. Prints, per corpus and command, the median and
the minimum CPU time (user + sys) of each mode and the share of it the
events take: 1 - off/on, the throughput lost to them.
EOF
}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SIZE=30M REPEAT=9 ONLY=extract,ingest CYCLES=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --size=*) SIZE=${1#*=}; shift ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --repeat=*) REPEAT=${1#*=}; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --cycles) CYCLES=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "events_cost.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$REPEAT" in ''|*[!0-9]*|0) echo "events_cost.sh: --repeat needs a positive integer" >&2; exit 2 ;; esac

WORK="$HERE/work/events_cost"
mkdir -p "$WORK"
SRC="$WORK/tree"
rm -rf "$SRC" && mkdir -p "$SRC"
(cd "$ROOT" && tar cf - --exclude='./build*' --exclude=./.git --exclude=./bench/work .) | (cd "$SRC" && tar xf -)
python3 - "$SRC/src/events.c" <<'P' || exit 1
import sys
p = sys.argv[1]
s = open(p).read()
head = 'void vl_ex_events(vl_ex *x)\n{'
if s.count(head) != 1:
    sys.exit("events_cost.sh: cannot find vl_ex_events in src/events.c")
s = s.replace(head, head + '\n    if (getenv("VEILLE_NO_EVENTS")) return;')
open(p, 'w').write(s)
P
echo "building the probe in $SRC/build ..." >&2
(mkdir -p "$SRC/build" && cd "$SRC/build" && cmake -DCMAKE_BUILD_TYPE=Release .. >/dev/null &&
  cmake --build . -j2 --target veille_cli >/dev/null) || { echo "events_cost.sh: build failed" >&2; exit 1; }
BIN="$SRC/build/veille"
export VEILLE_DATA="$ROOT/data"

SOURCES="sample:$ROOT/sample"
UNL="$ROOT/../shared/corpus/unlabeled"
if [ -d "$UNL" ]; then SOURCES="$SOURCES unlabeled:$UNL"; else
  echo "events_cost.sh: no $UNL, the sample only" >&2; fi

corpus() { # name source size -> folder of text files
  local out="$WORK/corpus-$1-$3"
  [ -d "$out/text" ] || python3 "$HERE/make_corpus.py" --source "$2" --size "$3" --out "$out" \
    --format text >/dev/null || return 1
  echo "$out/text"
}

cpu() { # command... -> user+sys seconds of one run (its environment passed on)
  python3 -c '
import os, subprocess, sys
r0 = os.times()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r1 = os.times()
print("%.3f" % (r1.children_user - r0.children_user + r1.children_system - r0.children_system))
' "$@"
}

printf '%-10s %-8s %22s %22s %8s %8s\n' corpus command "on s (median, min)" "off s (median, min)" cost cost-min
for s in $SOURCES; do
  name=${s%%:*} dir=${s#*:}
  text=$(corpus "$name" "$dir" "$SIZE") || { echo "events_cost.sh: no corpus from $dir" >&2; exit 1; }
  for cmd in ${ONLY//,/ }; do
    on="" off=""
    for _ in $(seq "$REPEAT"); do
      for mode in on off; do
        db="$WORK/probe.db"
        rm -f "$db" "$db-wal" "$db-shm"
        if [ "$cmd" = extract ]; then run=("$BIN" extract "$text"); else
          run=("$BIN" --db "$db" ingest --quiet "$text"); fi
        if [ $mode = off ]; then t=$(VEILLE_NO_EVENTS=1 cpu "${run[@]}"); off="$off $t"
        else t=$(cpu "${run[@]}"); on="$on $t"; fi
      done
    done
    python3 - "$name" "$cmd" "$on" "$off" <<'P'
import statistics, sys
name, cmd, on, off = sys.argv[1], sys.argv[2], list(map(float, sys.argv[3].split())), list(map(float, sys.argv[4].split()))
mon, moff = statistics.median(on), statistics.median(off)
print("%-10s %-8s %11.3f %10.3f %11.3f %10.3f %7.1f%% %7.1f%%" % (
    name, cmd, mon, min(on), moff, min(off), 100 * (mon - moff) / mon, 100 * (min(on) - min(off)) / min(on)))
P
  done
done

[ "$CYCLES" = 1 ] || exit 0
command -v valgrind >/dev/null || { echo "events_cost.sh: --cycles needs valgrind" >&2; exit 1; }
echo
echo "cachegrind, 5 MB corpora: instructions, mispredicted branches, D1 misses; estimated cycles = Ir + 10 (I1 + D1 misses) + 100 LL misses + 15 mispredicts"
printf '%-10s %-8s %10s %10s %8s %10s %10s %8s\n' corpus command "Ir on" "Ir off" cost "cyc on" "cyc off" cost
for s in $SOURCES; do
  name=${s%%:*} dir=${s#*:}
  text=$(corpus "$name" "$dir" 5M) || exit 1
  for cmd in ${ONLY//,/ }; do
    for mode in on off; do
      db="$WORK/cg-$mode.db"
      rm -f "$db" "$db-wal" "$db-shm"
      if [ "$cmd" = extract ]; then run=("$BIN" extract "$text"); else
        run=("$BIN" --db "$db" ingest --quiet --jobs 1 "$text"); fi
      ( [ $mode = off ] && export VEILLE_NO_EVENTS=1
        valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes \
          --cachegrind-out-file=/dev/null "${run[@]}" >/dev/null 2>"$WORK/cg-$mode.log" ) &
    done
    wait
    python3 - "$name" "$cmd" "$WORK/cg-on.log" "$WORK/cg-off.log" <<'P'
import re, sys
def read(path):
    t = open(path).read()
    g = lambda k: int(re.search(k + r":\s+([\d,]+)", t).group(1).replace(",", ""))
    ir = g(r"I\s+refs")
    return ir, ir + 10 * (g("I1  misses") + g("D1  misses")) + 100 * g("LL misses") + 15 * g("Mispredicts")
(ion, con), (ioff, coff) = read(sys.argv[3]), read(sys.argv[4])
print("%-10s %-8s %9.0fM %9.0fM %7.1f%% %9.0fM %9.0fM %7.1f%%" % (
    sys.argv[1], sys.argv[2], ion / 1e6, ioff / 1e6, 100 * (ion - ioff) / ion, con / 1e6, coff / 1e6,
    100 * (con - coff) / con))
P
  done
done
