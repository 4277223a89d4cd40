#!/usr/bin/env bash
# Block products A V (k vectors in one pass) against one vector at a time, for block sizes 1, 4, 16:
#   netgeo bench block on the 784-512-512-1 bias-free ReLU MLP (NTK parameterization, float64) on n inputs:
#   (a) the matrix-free structured NTK operator (traced), (b) the loss Hessian over batches, (c) the autograd GGN;
#   then a table of vectors (products) per second and the speed-up over block size 1.
# Usage: bash bench/block.sh [--n 5000] [--inputs gaussian|fashion-mnist] [--batch-size 1000] [--blocks 1,4,16]
#                            [--operators ntk,hessian,ggn] [--threads 2] [--reps 3]
# Needs: a Release build (dotnet build NetGeometry.sln -c Release); for fashion-mnist, apt-get install dataset-fashion-mnist.
set -euo pipefail
cd "$(dirname "$0")/.."
n=5000 inputs=gaussian batch=1000 blocks=1,4,16 operators=ntk,hessian,ggn threads=2 reps=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;; --inputs) inputs=$2; shift 2 ;; --batch-size) batch=$2; shift 2 ;; --blocks) blocks=$2; shift 2 ;;
    --operators) operators=$2; shift 2 ;; --threads) threads=$2; shift 2 ;; --reps) reps=$2; shift 2 ;;
    *) echo "bench/block.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
netgeo="src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll"
[ -f "$netgeo" ] || { echo "bench/block.sh: build first: dotnet build NetGeometry.sln -c Release" >&2; exit 2; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run; $(date -u +%Y-%m-%dT%H:%MZ)" >&2
results=$(mktemp)
trap 'rm -f "$results"' EXIT
dotnet "$netgeo" bench block --n "$n" --d 784 --width 512 --depth 3 --inputs "$inputs" --batch-size "$batch" --blocks "$blocks" \
  --operators "$operators" --threads "$threads" --reps "$reps" --json | tee "$results"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
r0 = rows[0]
print(f"\nblock products, {r0['d']}-{r0['width']}-{r0['width']}-1 MLP, {r0['inputs']} inputs, n = {r0['n']} "
      f"(Hessian and GGN in batches of {r0['batch']}), {r0['threads']} threads, median of {r0['reps']}")
print(f"{'operator':<9} {'dimension':>10} {'k':>3} {'s / block':>10} {'vectors / s':>12} {'speed-up':>9}")
for r in rows:
    print(f"{r['operator']:<9} {r['dimension']:>10,} {r['block']:>3} {r['seconds_per_block']:>10.3f} "
          f"{r['vectors_per_second']:>12.3f} {r['speed_up']:>8.2f}x")
PY
