#!/usr/bin/env bash
# Du et al.'s gradient descent: netgeo against the PyTorch peer (../shared/peers/torch_peer.py du) on the same problem:
# n points uniform on the unit sphere in R^d, y ~ N(0, 1), the two-layer ReLU net f = m^(-1/2) sum_r a_r relu(w_r . x)
# (W trained, a fixed +-1), --steps full-batch steps W <- W - lr dL/dW on L = 1/2 sum (f - y)^2, float64.
# netgeo uses the closed-form gradient (DuGradient), the peer autograd. Both report the median seconds of all the
# steps together over 3 runs after a warm-up. The load on this shared machine moves between runs, so the two are
# timed alternately for --rounds rounds; each round's ratio peer/netgeo (above 1: netgeo is faster) and their median
# are printed.
#
#   bash bench/du.sh [--n 1000] [--d 1000] [--width 2000] [--steps 20] [--lr 0.1] [--threads 2] [--rounds 3]
#
# Needs: a Release build (dotnet build NetGeometry.sln -c Release) and apt-get install -y python3-torch libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=1000 width=2000 steps=20 lr=0.1 threads=2 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --d) d=$2 ;; --width) width=$2 ;; --steps) steps=$2 ;; --lr) lr=$2 ;;
    --threads) threads=$2 ;; --rounds) rounds=$2 ;;
    *) echo "bench/du.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
netgeo="src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll"
peer=../shared/peers/torch_peer.py
[ -f "$peer" ] || peer=/work/shared/peers/torch_peer.py
[ -f "$netgeo" ] || { echo "bench/du.sh: build first: dotnet build NetGeometry.sln -c Release" >&2; exit 2; }
size=(--n "$n" --d "$d" --width "$width" --steps "$steps" --lr "$lr" --threads "$threads")
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC')"
lines=()
for r in $(seq "$rounds"); do
  echo "round $r, load $(load)"
  ours=$(dotnet "$netgeo" bench du "${size[@]}" --reps 3 --json 2>/dev/null)
  theirs=$(/usr/bin/python3 "$peer" du "${size[@]}" --reps 3)
  echo "  netgeo: $ours"
  echo "  peer:   $theirs"
  lines+=("$ours" "$theirs")
done
echo "load after: $(load)"
/usr/bin/python3 - "${lines[@]}" <<'PY'
import json, statistics, sys
rows = [json.loads(a) for a in sys.argv[1:]]
ratios = []
for ours, peer in zip(rows[0::2], rows[1::2]):
    ratios.append(peer["seconds"] / ours["seconds"])
    print(f"{ours['steps']} steps: netgeo {ours['seconds']:.3f} s ({ours['gflops_per_second']:.1f} GFLOP/s, GEMM rate "
          f"{ours['gemm_gflops_per_second']:.1f})   peer {peer['seconds']:.3f} s   ratio peer/netgeo {ratios[-1]:.2f}")
print(f"median ratio over {len(ratios)} rounds: {statistics.median(ratios):.2f}  (bar: >= 1.0)")
PY
