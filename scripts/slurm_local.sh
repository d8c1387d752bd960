#!/usr/bin/env bash
# A Slurm cluster of one node on this machine, for tests and benchmarks:
# munge, slurmctld and slurmd as root, with their configuration, keys,
# state and logs in DIR, on free ports. Nothing outside DIR is touched.
#
#   scripts/slurm_local.sh start DIR   prints the daemons' pids, one a line;
#                                      then SLURM_CONF=DIR/slurm.conf for
#                                      sbatch, sinfo, squeue
#   scripts/slurm_local.sh stop DIR    stops them
#
# Needs the Debian packages slurm-wlm and munge (scripts/setup.sh --test).
set -euo pipefail
cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
mkdir -p "$dir"
S=$(cd "$dir" && pwd)

if [ "$cmd" = stop ]; then
    for p in "$S"/*.pid; do
        [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
    done
    exit 0
fi
[ "$cmd" = start ] || { echo "slurm_local: start or stop, not '$cmd'" >&2; exit 2; }
for tool in slurmctld slurmd sinfo munged mungekey; do
    command -v "$tool" >/dev/null || { echo "slurm_local: no $tool (apt-get install slurm-wlm munge)" >&2; exit 3; }
done
mkdir -p "$S/munge" "$S/state" "$S/spool" "$S/log"
chmod 700 "$S/munge"
mungekey -c -k "$S/munge/key" -f >/dev/null 2>&1
munged -F --key-file="$S/munge/key" --socket="$S/munge/sock" --pid-file="$S/munge/pid" \
    --log-file="$S/munge/log" --seed-file="$S/munge/seed" --force >/dev/null 2>&1 &
echo $! > "$S/munged.pid"
for _ in $(seq 50); do [ -S "$S/munge/sock" ] && break; sleep 0.1; done
[ -S "$S/munge/sock" ] || { echo "slurm_local: munged did not start" >&2; exit 1; }
host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
cat > "$S/slurm.conf" <<EOF
ClusterName=veillelocal
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/state/slurmctld.pidfile
SlurmdPidFile=$S/state/slurmd.pidfile
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=veille Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$S/slurm.conf
slurmctld -D -c >"$S/log/ctld.out" 2>&1 &
echo $! > "$S/slurmctld.pid"
slurmd -D -c >"$S/log/d.out" 2>&1 &
echo $! > "$S/slurmd.pid"
for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.2; done
if ! sinfo -h -o %t 2>/dev/null | grep -q idle; then
    echo "slurm_local: the node did not come up: $(tail -n 5 "$S/log/slurmctld.log" "$S/log/slurmd.log" 2>/dev/null)" >&2
    "$0" stop "$S"
    exit 1
fi
cat "$S"/*.pid
