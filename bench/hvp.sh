#!/usr/bin/env bash
# Hessian-vector products and top eigenvalues: netgeo against the PyTorch peer (../shared/peers/torch_peer.py hess) on
# the same problem: the loss 1/2 mean (f - y)^2 of a bias-free ReLU MLP in NTK parameterization, x, y ~ N(0, 1), float64.
# Prints each JSON line, then the ratios (peer time / netgeo time: above 1 means netgeo is faster).
#
#   bash bench/hvp.sh [--n 1000] [--d 100] [--width 1024] [--depth 3] [--k 10] [--tol 1e-6] [--threads 2] [--rounds 3]
#
# Time per product. The peer's 'hess' times forward + gradient graph + --iters products as one unit (median of --reps
# runs after a warm-up), so its time per product is (t(--iters 21) - t(--iters 1)) / 20: one more product through a graph
# already built, which is what netgeo's seconds_per_hvp measures (median of single products after a warm-up). On a
# shared machine the load moves between runs, so the two are timed alternately for --rounds rounds and the ratio of
# each round is reported with their median.
# Top eigenvalues. netgeo's seconds_top_k (the k largest by Lanczos to relative residual T) against the peer's
# --iters 1000 --tol T (its largest alone by power iteration, stopping when the Rayleigh quotient changes by at most T
# relatively); both include building the gradient graph. netgeo's power iteration with the peer's rule is printed too.
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=100 width=1024 depth=3 k=10 tol=1e-6 threads=2 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --d) d=$2 ;; --width) width=$2 ;; --depth) depth=$2 ;; --k) k=$2 ;; --tol) tol=$2 ;;
    --threads) threads=$2 ;; --rounds) rounds=$2 ;;
    *) echo "bench/hvp.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
peer=../shared/peers/torch_peer.py
[ -f "$peer" ] || peer=/work/shared/peers/torch_peer.py
size=(--n "$n" --d "$d" --width "$width" --depth "$depth")
netgeo() { dotnet src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

dotnet build src/NetGeometry.Cli -c Release -v quiet -nologo >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC')"
lines=()
for r in $(seq "$rounds"); do
  echo "round $r, load $(load)"
  ours=$(netgeo bench hvp "${size[@]}" --products-only --threads "$threads" --json 2>/dev/null)
  one=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 1 --reps 3 --threads "$threads")
  many=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 21 --reps 3 --threads "$threads")
  echo "  netgeo:          $ours"
  echo "  peer --iters 1:  $one"
  echo "  peer --iters 21: $many"
  lines+=("$ours" "$one" "$many")
done
echo "eigenvalues, load $(load)"
full=$(netgeo bench hvp "${size[@]}" --k "$k" --tol "$tol" --threads "$threads" --json 2>/dev/null)
top=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 1000 --tol "$tol" --reps 3 --threads "$threads")
echo "  netgeo:          $full"
echo "  peer --tol $tol: $top"
echo "load after: $(load)"
/usr/bin/python3 - "$full" "$top" "${lines[@]}" <<'PY'
import json, statistics, sys
full, top, *rest = (json.loads(a) for a in sys.argv[1:])
ratios = []
for ours, one, many in zip(rest[0::3], rest[1::3], rest[2::3]):
    peer = (many["seconds"] - one["seconds"]) / 20
    ratios.append(peer / ours["seconds_per_hvp"])
    print(f"seconds per HVP:  netgeo {ours['seconds_per_hvp']:.4f}   peer {peer:.4f}   ratio peer/netgeo {ratios[-1]:.2f}")
print(f"median ratio per HVP over {len(ratios)} rounds: {statistics.median(ratios):.2f}  (bar: >= 1.0)")
hvp_part = full['products_top_k'] * full['seconds_per_hvp']
print(f"top-{full['k']} by Lanczos: netgeo {full['seconds_top_k']:.2f} s ({full['products_top_k']} products, about {hvp_part:.1f} s of them "
      f"products; converged {full['converged']})   peer top-1 by power iteration {top['seconds']:.2f} s ({top['hvps']} products)   "
      f"ratio peer/netgeo {top['seconds'] / full['seconds_top_k']:.3f}  (bar: > 1.0)")
print(f"top-1 by power iteration, the peer's rule: netgeo {full['seconds_power_top1']:.2f} s ({full['products_power_top1']} products)   "
      f"peer {top['seconds']:.2f} s ({top['hvps']} products)   ratio peer/netgeo {top['seconds'] / full['seconds_power_top1']:.2f}")
print(f"top eigenvalue: netgeo Lanczos {full['eigenvalues'][0]:.10g}, power {full['power_top_eig']:.10g}; peer {top['top_eig']:.10g} (other random draws)")
PY
