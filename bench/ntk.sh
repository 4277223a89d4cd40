#!/usr/bin/env bash
# The NTK benchmark beside the PyTorch peer, same sizes, same thread count, in the same run:
#   netgeo bench ntk (structured derivatives, and optionally Jacobian contraction) vs ../shared/peers/torch_peer.py ntk
#   (functorch vmap(jacrev) contraction), then the ratio of their median seconds and netgeo's fraction of the GEMM rate.
# Usage: bash bench/ntk.sh [--n 1000] [--d 784] [--width 512] [--depth 3] [--threads 2] [--reps 5] [--peer-reps 3]
#                          [--peer-method jac|loop] [--jacobian]   (--jacobian also times netgeo's Jacobian method)
# Needs: a Release build (dotnet build NetGeometry.sln -c Release) and apt-get install -y python3-torch libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=784 width=512 depth=3 threads=2 reps=5 peer_reps=3 peer_method=jac jacobian=0
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;; --d) d=$2; shift 2 ;; --width) width=$2; shift 2 ;; --depth) depth=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;; --reps) reps=$2; shift 2 ;; --peer-reps) peer_reps=$2; shift 2 ;;
    --peer-method) peer_method=$2; shift 2 ;; --jacobian) jacobian=1; shift ;;
    *) echo "bench/ntk.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
netgeo="src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll"
peer="../shared/peers/torch_peer.py"
[ -f "$netgeo" ] || { echo "bench/ntk.sh: build first: dotnet build NetGeometry.sln -c Release" >&2; exit 2; }
[ -f "$peer" ] || { echo "bench/ntk.sh: the peer $peer is missing" >&2; exit 2; }
sizes=(--n "$n" --d "$d" --width "$width" --depth "$depth" --threads "$threads")

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run; $(date -u +%Y-%m-%dT%H:%MZ)" >&2
results=$(mktemp)
trap 'rm -f "$results"' EXIT
dotnet "$netgeo" bench ntk "${sizes[@]}" --method structured --reps "$reps" --json | tee -a "$results"
[ "$jacobian" = 1 ] && dotnet "$netgeo" bench ntk "${sizes[@]}" --method jacobian --reps "$reps" --json | tee -a "$results"
/usr/bin/python3 "$peer" ntk "${sizes[@]}" --method "$peer_method" --reps "$peer_reps" | tee -a "$results"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
peer = next(r for r in rows if "torch" in r)
print(f"\npeer: torch {peer['torch']} {peer['method']}, median {peer['seconds']:.3f} s")
for r in rows:
    if "torch" in r:
        continue
    ideal = r["flops"] / (r["gemm_gflops_per_second"] * 1e9)
    print(f"netgeo {r['method']}: median {r['seconds']:.4f} s, {r['gflops_per_second']:.1f} GFLOP/s = "
          f"{r['gemm_fraction']:.0%} of the GEMM rate ({r['gemm_gflops_per_second']:.1f} GFLOP/s; time / GEMM-rate time = "
          f"{r['seconds'] / ideal:.2f}), {peer['seconds'] / r['seconds']:.1f}x faster than the peer")
PY
