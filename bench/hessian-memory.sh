#!/usr/bin/env bash
# Peak memory of the loss Hessian over batches: netgeo hessian on an MLP 784-128-10 at n = 10,000 and n = 60,000
# Fashion-MNIST training images, in batches of 1,000, each run under /usr/bin/time -v. Every product sums over the
# batches, one batch's graph in memory at a time, so beyond the stored images (n x 784 float64 values, which the run
# holds whole) the peak resident set should not grow with n. Trains nothing worth the name: one step of an MLP per n
# (netgeo train --train n --test 0 --steps 1 --checkpoints end), so that the run holds exactly the n images measured.
# Prints one line per n: peak RSS, the stored images' size, and their difference (MB = 10^6 bytes).
#
#   bash bench/hessian-memory.sh [--sizes "10000 60000"] [--batch-size 1000] [--threads 2]
#
# The trace and density are cut to their minimum (--trace-products 6 --density-probes 1 --density-steps 2): each
# product is a pass over all n images, and the memory does not depend on how many products are taken.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="10000 60000" batch=1000 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2 ;; --batch-size) batch=$2 ;; --threads) threads=$2 ;;
    *) echo "bench/hessian-memory.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
dll=src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll
netgeo() { dotnet "$dll" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/NetGeometry.Cli -c Release -v quiet -nologo >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %8s %12s %12s %12s %18s %8s\n' n batches peak_rss_MB images_MB beyond_MB top_eigenvalue seconds
for n in $sizes; do
  netgeo train --model mlp --widths 128 --data fashion-mnist --train "$n" --test 0 --steps 1 --checkpoints end \
    --name "mlp$n" --out "$work" --threads "$threads" >/dev/null 2>&1
  run=$(ls -d "$work"/runs/mlp"$n"-* | head -n 1)
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time-$n.txt" dotnet "$dll" hessian --run "$run" --step 1 --examples "$n" --batch-size "$batch" \
    --matrices loss --top-k 1 --trace-products 6 --density-probes 1 --density-steps 2 \
    --out "$work" --threads "$threads" --json >"$work/hessian-$n.json" 2>"$work/hessian-$n.err"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n.txt")
  top=$(sed -n 's/.*"eigenvalues":\[\([^],]*\).*/\1/p' "$work/hessian-$n.json" | head -n 1)
  awk -v n="$n" -v b="$batch" -v kb="$rss_kb" -v top="$top" -v s="$seconds" 'BEGIN {
    rss = kb * 1024 / 1e6; images = n * 784 * 8 / 1e6;
    printf "%8d %8d %12.0f %12.0f %12.0f %18s %8.0f\n", n, int((n + b - 1) / b), rss, images, rss - images, top, s }'
done
