#!/usr/bin/env bash
# make test-cluster: start a one-node Slurm cluster (munge + slurmctld + slurmd,
# as root, without systemd), run a zonesim job array on it, merge the shards and
# check they equal a local run byte for byte; stop every daemon it started.
# Needs Debian's slurmctld slurmd slurm-client munge (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
fi
work=$(mktemp -d /tmp/zonesim-slurm-XXXXXX)
host=$(hostname -s)
started_munge=""
cleanup() {
    for p in slurmd slurmctld; do
        [ -f "$work/$p.pid" ] && kill "$(cat "$work/$p.pid")" 2>/dev/null || true
    done
    if [ -n "$started_munge" ] && [ -f /run/munge/munged.pid ]; then
        kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
    fi
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT

# munge: a key, and the daemon as the munge user
if ! pgrep -x munged >/dev/null; then
    if [ ! -s /etc/munge/munge.key ]; then
        mkdir -p /etc/munge
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    runuser -u munge -- /usr/sbin/munged
    started_munge=yes
fi

mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=zonesim
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break
    sleep 1
done
sinfo -h -o %T | grep -qE '^(idle|mixed)' || { echo "slurm did not come up"; tail "$work"/*.log; exit 1; }

# 4 tasks x 3 replications, then merge, then the same 12 in one local run
args="--set horizon_days=30 --set warmup_days=2"
SCENARIO=scenarios/hetao_baseline.json OUT=$work/out REPS_PER_TASK=3 ZONESIM=$top/zonesim \
ZONESIM_ARGS="$args" sbatch --wait --array=0-3 --cpus-per-task=1 -o "$work/task-%a.log" \
    scripts/zonesim_array.sbatch >/dev/null
./zonesim merge "$work"/out/shard-* -o "$work/merged" -q
./zonesim run scenarios/hetao_baseline.json -q -r 12 $args -o "$work/local"
cmp "$work/merged/replications.csv" "$work/local/replications.csv"
grep -vE 'command_line|merged_from' "$work/merged/summary.json" > "$work/m"
grep -vE 'command_line|merged_from' "$work/local/summary.json" > "$work/l"
cmp "$work/m" "$work/l"

# a sweep of 3 points as 3 tasks, merged, equals the sweep run locally
vary="--vary lines.second_line.lanes=3,4,5"
SCENARIO=scenarios/hetao_baseline.json OUT=$work/sw VARY="$vary" POINTS_PER_TASK=1 ZONESIM=$top/zonesim \
ZONESIM_ARGS="$args -r 2" sbatch --wait --array=0-2 --cpus-per-task=1 -o "$work/sweep-%a.log" \
    scripts/zonesim_array.sbatch >/dev/null
./zonesim merge "$work"/sw/shard-* -o "$work/sw-merged" -q
./zonesim sweep scenarios/hetao_baseline.json $vary -r 2 $args -q -o "$work/sw-local"
cmp "$work/sw-merged/sweep.csv" "$work/sw-local/sweep.csv"
grep -vE 'command_line|merged_from' "$work/sw-merged/sweep.json" > "$work/m"
grep -vE 'command_line|merged_from' "$work/sw-local/sweep.json" > "$work/l"
cmp "$work/m" "$work/l"
echo "2 passed, 0 failed: slurm job arrays (4 replication shards, 3 sweep points) merged equal local runs"
