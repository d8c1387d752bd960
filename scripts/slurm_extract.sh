#!/usr/bin/env bash
# Sharded extraction on a Slurm cluster (docs/SCALE.md): splits the inputs
# into shards, runs `veille extract --store` on each as a Slurm array job
# (one task a shard), waits for it, then `veille load`s the shards in order
# into one database: the database `veille ingest INPUT...` would make.
#
#   scripts/slurm_extract.sh --db DB --work DIR [--shards N] [--veille BIN]
#                            [--sbatch "OPTIONS"] INPUT...
#
# INPUT: files and folders, walked as ingest walks them (names in byte
# order, hidden names left out), so that the shards, loaded in order, store
# the documents in ingest's order. DIR must be on a file system every node
# sees (the shard lists, logs and records go there). --sbatch passes more
# options to sbatch (a partition, a time limit). Needs sbatch on PATH and
# python3.
set -euo pipefail
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
db= work= shards=4 sbatch_opts=
veille=$(cd "$(dirname "$0")/.." && pwd)/build/veille
while [ $# -gt 0 ]; do
    case $1 in
    --db) db=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --veille) veille=$2; shift 2 ;;
    --sbatch) sbatch_opts=$2; shift 2 ;;
    -h | --help) usage 0 ;;
    --) shift; break ;;
    -*) echo "slurm_extract: unknown option $1" >&2; usage ;;
    *) break ;;
    esac
done
[ -n "$db" ] && [ -n "$work" ] && [ $# -gt 0 ] || usage
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "slurm_extract: --shards takes a whole number" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "slurm_extract: no sbatch (Debian package slurm-wlm)" >&2; exit 2; }
mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -f "$work"/shard-*.list "$work"/shard-*.jsonl "$work"/shard-*.err

# the files, in ingest's order, cut into at most N runs of about equal size
python3 - "$work" "$shards" "$@" <<'EOF'
import os, stat, sys
work, n, inputs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
files, seen = [], set()
def walk(path):
    try:
        st = os.stat(path)
    except OSError:
        files.append(path)  # extract reports it
        return
    if stat.S_ISDIR(st.st_mode):
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        names = sorted((n for n in os.listdir(os.fsencode(path)) if not n.startswith(b'.')))
        for name in names:
            child = os.fsencode(path) + (b'' if path.endswith('/') else b'/') + name
            walk(os.fsdecode(child))
    else:
        files.append(path)
for p in inputs:
    walk(p)
sizes = [os.path.getsize(f) if os.path.isfile(f) else 0 for f in files]
total, k, acc = sum(sizes) or 1, 0, 0
lists = [[] for _ in range(n)]
for f, s in zip(files, sizes):
    if acc >= total * (k + 1) / n and k < n - 1 and lists[k]:
        k += 1
    lists[k].append(f)
    acc += s
used = [l for l in lists if l]
for i, l in enumerate(used):
    with open(os.path.join(work, 'shard-%04d.list' % i), 'w') as out:
        out.write(''.join(f + '\n' for f in l))
print(len(used))
EOF
count=$(ls "$work"/shard-*.list | wc -l)
echo "slurm_extract: $count shard(s) of $(cat "$work"/shard-*.list | wc -l) file(s) in $work"

# one array task a shard: its records, written whole or not at all
cat > "$work/task.sh" <<EOF
#!/usr/bin/env bash
set -uo pipefail
id=\$(printf '%04d' "\$SLURM_ARRAY_TASK_ID")
mapfile -t files < "$work/shard-\$id.list"
"$veille" extract --store -- "\${files[@]}" > "$work/shard-\$id.tmp" 2> "$work/shard-\$id.err"
rc=\$?
[ \$rc -le 1 ] && mv "$work/shard-\$id.tmp" "$work/shard-\$id.jsonl"
exit \$rc
EOF
chmod +x "$work/task.sh"
# shellcheck disable=SC2086
sbatch --wait --array=0-$((count - 1)) --job-name=veille-extract --output="$work/slurm-%A_%a.out" \
    $sbatch_opts "$work/task.sh" || true
missing=0
for l in "$work"/shard-*.list; do
    [ -f "${l%.list}.jsonl" ] || { echo "slurm_extract: shard $(basename "${l%.list}") failed: $(tail -n 3 "${l%.list}.err" 2>/dev/null)" >&2; missing=1; }
done
[ "$missing" = 0 ] || exit 2
cat "$work"/shard-*.err >&2 || true
"$veille" --db "$db" load "$work"/shard-*.jsonl
