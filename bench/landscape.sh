#!/usr/bin/env bash
# The 21 x 21 loss landscape of a 784-256-256-10 ReLU MLP on 10,000 Fashion-MNIST images (441 evaluations of the loss
# over all 10,000, in one batch each, float64): trains the MLP one epoch on those images (checkpoint at the end), then
# times netgeo landscape on the plane of two filter-normalized random directions (no lines, no other planes), and
# prints the wall-clock time, the CPU time (user + system, all threads: what a loaded machine does not inflate much), the
# seconds per evaluation and the load average before and after. Goal: under 2 minutes of wall-clock time.
# Usage: bash bench/landscape.sh [--grid 21] [--examples 10000] [--threads 2]
# Needs: Fashion-MNIST (apt-get install dataset-fashion-mnist, or netgeo data fetch fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
grid=21 examples=10000 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --grid) grid=$2; shift 2 ;; --examples) examples=$2; shift 2 ;; --threads) threads=$2; shift 2 ;;
    *) echo "bench/landscape.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
source bench/common.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "load average before: $(load)"
run=$(netgeo train --model mlp --widths 256,256 --data fashion-mnist --train "$examples" --test 0 --epochs 1 --checkpoints end \
  --threads "$threads" --out "$work" --name mlp --json | /usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["run_dir"])')
/usr/bin/time -f "%e %U %S" -o "$work/time" dotnet src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll landscape "$run" --planes random \
  --grid "$grid" --line-points 0 --examples "$examples" --threads "$threads" --out "$work" --json > "$work/landscape.jsonl"
echo "load average after: $(load)"
/usr/bin/python3 - "$work/landscape.jsonl" "$work/time" "$grid" "$examples" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
wall, user, system = (float(v) for v in open(sys.argv[2]).read().split())
grid, examples = int(sys.argv[3]), int(sys.argv[4])
origin = rows[0]
evaluations = grid * grid + 1
print(f"landscape {grid} x {grid}, 784-256-256-10 MLP, {examples} Fashion-MNIST images: {wall:.1f} s wall clock, "
      f"{user + system:.1f} s CPU (user + system, all threads); measurement {origin['seconds']:.1f} s, "
      f"{origin['seconds'] / evaluations * 1000:.0f} ms per evaluation of {examples} images; loss at theta* {origin['loss']:.4f}; "
      f"goal under 120 s wall clock: {'met' if wall < 120 else 'NOT met'}")
PY
