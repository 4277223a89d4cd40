#!/usr/bin/env bash
# Gauss-Newton-vector products: netgeo's closed form (linear layers' inputs and backward signals, no double backward)
# against netgeo's autograd GGN and Hessian products, and against the PyTorch peer's GGN product (bench/ggn_peer.py:
# functorch jvp + vjp) on the problem of bench/hvp.sh (torch_peer.py hess): the loss 1/2 mean (f - y)^2 of a bias-free
# ReLU MLP in NTK parameterization, x, y ~ N(0, 1), float64. Each side reports the median of single products after a
# warm-up; the two are run alternately for --rounds rounds (the load of a shared machine moves between runs) and the
# ratio of each round is printed with their median (peer / netgeo: above 1 means netgeo is faster).
#
#   bash bench/ggn.sh [--n 1000] [--d 100] [--width 1024] [--depth 3] [--reps 7] [--threads 2] [--rounds 3]
#
# Bars (issue 18, item 3): netgeo's closed-form GGN product at least 1.5x faster than netgeo's Hessian product, and
# within 1e-10 (relative, max-norm) of the autograd GGN product on the same vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=100 width=1024 depth=3 reps=7 threads=2 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --d) d=$2 ;; --width) width=$2 ;; --depth) depth=$2 ;; --reps) reps=$2 ;;
    --threads) threads=$2 ;; --rounds) rounds=$2 ;;
    *) echo "bench/ggn.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
size=(--n "$n" --d "$d" --width "$width" --depth "$depth" --reps "$reps" --threads "$threads")
source bench/common.sh
lines=()
for r in $(seq "$rounds"); do
  echo "round $r, load $(load)"
  ours=$(netgeo bench ggn "${size[@]}" --json 2>/dev/null)
  peer=$(/usr/bin/python3 bench/ggn_peer.py "${size[@]}")
  echo "  netgeo: $ours"
  echo "  peer:   $peer"
  lines+=("$ours" "$peer")
done
echo "load after: $(load)"
/usr/bin/python3 - "${lines[@]}" <<'PY'
import json, statistics, sys
runs = [json.loads(a) for a in sys.argv[1:]]
vs_peer, vs_hvp, vs_autograd, diffs = [], [], [], []
for ours, peer in zip(runs[0::2], runs[1::2]):
    vs_peer.append(peer['seconds_per_ggn'] / ours['seconds_per_ggn_closed_form'])
    vs_hvp.append(ours['ratio_hvp_over_ggn_closed_form'])
    vs_autograd.append(ours['ratio_ggn_autograd_over_closed_form'])
    diffs.append(ours['max_relative_difference'])
    print(f"seconds per product: netgeo GGN closed form {ours['seconds_per_ggn_closed_form']:.4f}, autograd GGN "
          f"{ours['seconds_per_ggn_autograd']:.4f}, HVP {ours['seconds_per_hvp']:.4f};  peer GGN (functorch jvp + vjp) "
          f"{peer['seconds_per_ggn']:.4f}, peer HVP {peer['seconds_per_hvp']:.4f};  peer GGN / netgeo GGN {vs_peer[-1]:.2f}")
m = statistics.median
print(f"median over {len(vs_peer)} rounds: netgeo HVP / netgeo closed-form GGN {m(vs_hvp):.2f} (bar: >= 1.5);  "
      f"netgeo autograd GGN / closed form {m(vs_autograd):.2f};  peer GGN / netgeo closed-form GGN {m(vs_peer):.2f}")
print(f"max relative difference, closed form vs autograd GGN product: {max(diffs):.2e} (bar: <= 1e-10)")
PY
