#!/usr/bin/env bash
# Sharded extraction on Slurm (issue 21): a one-node cluster on this machine
# (munge, slurmctld, slurmd, as root, in a temporary configuration), an
# array job of `veille extract --store` over the sample repeated three
# times (scripts/slurm_extract.sh), loaded into one database: the database
# a local ingest makes. Skipped where Slurm is not installed or not root.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
for tool in slurmctld slurmd sbatch sinfo munged mungekey; do
    command -v "$tool" >/dev/null || skip "no $tool (Debian packages slurm-wlm and munge; scripts/setup.sh --test installs them)"
done
[ "$(id -u)" = 0 ] || skip "a one-node Slurm cluster is started as root"

# --- a cluster of one node (scripts/slurm_local.sh) -----------------------------------
pids=$(bash "$REPO/scripts/slurm_local.sh" start "$T/slurm" 2>"$T/slurm.err") ||
    die "a one-node Slurm cluster did not start: $(tail -n 5 "$T/slurm.err")"
for p in $pids; do BG_PIDS+=("$p"); done
export SLURM_CONF=$T/slurm/slurm.conf

# --- the sample three times, each copy its own documents ---------------------------------
python3 - "$SAMPLE/dispatches" "$T/in" <<'EOF'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for copy in range(3):
    d = os.path.join(dst, 'copy%d' % copy)
    os.makedirs(d)
    for name in sorted(os.listdir(src)):
        if name.endswith('.txt'):
            text = open(os.path.join(src, name), encoding='utf-8').read().rstrip('\n')
            open(os.path.join(d, name), 'w', encoding='utf-8').write(text + '\n\nCopie %d.\n' % copy)
EOF
files=$(find "$T/in" -type f | wc -l)

run bash "$REPO/scripts/slurm_extract.sh" --db "$T/slurm.db" --work "$T/work" --shards 4 \
    --veille "$VEILLE_BIN" "$T/in"
assert_rc 0 "slurm_extract.sh: array job and load (stderr: $(printf '%s' "$ERR" | tail -n 3))"
assert_eq 4 "$(ls "$T/work"/shard-*.jsonl 2>/dev/null | wc -l)" "four shards extracted by four array tasks"
assert_eq 4 "$(ls "$T/work"/slurm-*_*.out 2>/dev/null | wc -l)" "each shard ran as a Slurm array task"
assert_eq "$files" "$(cat "$T/work"/shard-*.jsonl | grep -c '^{')" "every file extracted once"
if parse_summary_of load; then
    assert_eq "$files" "$SUM_ADDED" "every document loaded"
fi
"$VEILLE_BIN" --db "$T/local.db" ingest --quiet "$T/in"
python3 "$CLI_DIR/db_digest.py" "$T/local.db" > "$T/local.digest"
python3 "$CLI_DIR/db_digest.py" "$T/slurm.db" > "$T/slurm.digest"
assert_eq "$(cat "$T/local.digest")" "$(cat "$T/slurm.digest")" \
    "extraction on Slurm, loaded: the database of a local ingest"
finish
