#!/usr/bin/env bash
# Installs (if missing) and starts a one-node Slurm on this machine: Debian's slurm-wlm 22.05 with munge, one
# slurmctld and one slurmd whose node has this machine's CPUs, so that array tasks run side by side as they would on
# a cluster's nodes. The Slurm integration test (tests/.../Cluster/SlurmArrayTests.cs) runs it; docs/scaling.md says
# how to use it by hand. Needs root (or sudo). Safe to run again: daemons already answering are left as they are.
# Exit status: 0 when `sinfo` shows the node idle or mixed, 4 when Slurm is missing and cannot be installed (no
# apt-get), 1 on any other failure.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

if ! command -v sbatch >/dev/null 2>&1 || ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "slurm-local: Slurm (slurm-wlm) and munge are not installed and there is no apt-get to install them." >&2
    exit 4
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

host=$(hostname -s)
cpus=$(nproc)
memory_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

# munge: a key (once), then the daemon as the munge user.
if [ ! -s /etc/munge/munge.key ]; then
  $sudo dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 status=none
  $sudo chown munge:munge /etc/munge/munge.key
  $sudo chmod 400 /etc/munge/munge.key
fi
if ! munge -n >/dev/null 2>&1; then
  $sudo mkdir -p /run/munge /var/lib/munge /var/log/munge
  $sudo chown munge:munge /run/munge /var/lib/munge /var/log/munge
  $sudo runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n >/dev/null
fi

conf=/etc/slurm/slurm.conf
wanted=$(cat <<EOF
# Written by NetGeometry's build/slurm-local.sh: a one-node Slurm on this machine.
ClusterName=netgeo
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=/var/lib/slurm-netgeo/ctld
SlurmdSpoolDir=/var/lib/slurm-netgeo/d
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MaxArraySize=10001
MinJobAge=600
SchedulerParameters=batch_sched_delay=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
)
restart=0
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$wanted" ]; then
  $sudo mkdir -p /etc/slurm
  echo "$wanted" | $sudo tee "$conf" >/dev/null
  restart=1
fi
$sudo mkdir -p /var/lib/slurm-netgeo/ctld /var/lib/slurm-netgeo/d /var/log/slurm

if [ "$restart" -eq 1 ]; then
  $sudo pkill -x slurmctld || true
  $sudo pkill -x slurmd || true
  sleep 1
fi
pgrep -x slurmctld >/dev/null || $sudo /usr/sbin/slurmctld
pgrep -x slurmd >/dev/null || $sudo /usr/sbin/slurmd -N "$host"

for _ in $(seq 100); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  case "$state" in
    idle*|mixed*|allocated*) echo "slurm-local: node $host ($cpus CPUs, ${memory_mb} MB) is $state"; exit 0 ;;
    down*|drain*) $sudo scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 0.2
done
echo "slurm-local: the node did not come up (sinfo says '${state:-nothing}'); see /var/log/slurm/." >&2
exit 1
