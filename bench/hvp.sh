#!/usr/bin/env bash
# Hessian-vector products and top eigenvalues: netgeo against the PyTorch peer (../shared/peers/torch_peer.py hess) on
# the same problem: the loss 1/2 mean (f - y)^2 of a bias-free ReLU MLP in NTK parameterization, x, y ~ N(0, 1), float64.
# Prints each side's JSON line, then the ratios (peer time / netgeo time: above 1 means netgeo is faster).
#
#   bash bench/hvp.sh [--n 1000] [--d 100] [--width 1024] [--depth 3] [--k 10] [--tol 1e-6] [--threads 2]
#
# The peer's time per product: its 'hess' run times forward + gradient graph + power-iteration products as one unit
# (median of --reps runs after a warm-up), so the script times --iters 1 and --iters 21 and takes the difference / 20:
# the cost of one more product with the graph already built, which is what netgeo's seconds_per_hvp measures.
# The peer's top eigenvalue: --iters 1000 --tol T, its power iteration stopping when the Rayleigh quotient changes by
# at most T relatively (graph building included, as in netgeo's seconds_top_k).
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=100 width=1024 depth=3 k=10 tol=1e-6 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --d) d=$2 ;; --width) width=$2 ;; --depth) depth=$2 ;; --k) k=$2 ;; --tol) tol=$2 ;; --threads) threads=$2 ;;
    *) echo "bench/hvp.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
peer=../shared/peers/torch_peer.py
[ -f "$peer" ] || peer=/work/shared/peers/torch_peer.py
size=(--n "$n" --d "$d" --width "$width" --depth "$depth")

dotnet build src/NetGeometry.Cli -c Release -v quiet -nologo >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
ours=$(dotnet src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll bench hvp "${size[@]}" --k "$k" --tol "$tol" --threads "$threads" --json)
one=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 1 --reps 3 --threads "$threads")
many=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 21 --reps 3 --threads "$threads")
top=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 1000 --tol "$tol" --reps 3 --threads "$threads")
echo "netgeo:            $ours"
echo "peer --iters 1:    $one"
echo "peer --iters 21:   $many"
echo "peer --tol $tol: $top"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$ours" "$one" "$many" "$top" <<'PY'
import json, sys
ours, one, many, top = (json.loads(a) for a in sys.argv[1:])
peer_hvp = (many["seconds"] - one["seconds"]) / 20
print(f"seconds per HVP:   netgeo {ours['seconds_per_hvp']:.4f}   peer {peer_hvp:.4f}   ratio peer/netgeo {peer_hvp / ours['seconds_per_hvp']:.2f}  (bar: >= 1.0)")
print(f"top-{ours['k']} by Lanczos:   netgeo {ours['seconds_top_k']:.2f} s ({ours['products_top_k']} products, converged {ours['converged']})   "
      f"peer top-1 by power iteration {top['seconds']:.2f} s ({top['hvps']} products)   ratio peer/netgeo {top['seconds'] / ours['seconds_top_k']:.2f}  (bar: > 1.0)")
print(f"top-1 by power iteration, the peer's rule: netgeo {ours['seconds_power_top1']:.2f} s ({ours['products_power_top1']} products)   "
      f"peer {top['seconds']:.2f} s ({top['hvps']} products)   ratio peer/netgeo {top['seconds'] / ours['seconds_power_top1']:.2f}")
print(f"top eigenvalue:    netgeo Lanczos {ours['eigenvalues'][0]:.10g}   netgeo power {ours['power_top_eig']:.10g}   peer {top['top_eig']:.10g}  (different random draws)")
PY
