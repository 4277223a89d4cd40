#!/usr/bin/env bash
# Hessian-vector products and top eigenvalues: netgeo against the PyTorch peer (../shared/peers/torch_peer.py hess) on
# the same problem: the loss 1/2 mean (f - y)^2 of a bias-free ReLU MLP in NTK parameterization, x, y ~ N(0, 1), float64.
# The very same weights and data on both sides: bench/hvp_problem.py writes the peer's draws (PyTorch's generator at
# seed 0) to a folder and netgeo loads them (bench hvp --problem), so product counts and eigenvalues compare directly.
# Prints each JSON line, then the ratios (peer time / netgeo time: above 1 means netgeo is faster).
#
#   bash bench/hvp.sh [--n 1000] [--d 100] [--width 1024] [--depth 3] [--k 10] [--tol 1e-6] [--reference-tol 1e-10]
#                     [--threads 2] [--rounds 3]
#
# Time per product. The peer's 'hess' times forward + gradient graph + --iters products as one unit (median of --reps
# runs after a warm-up), so its time per product is (t(--iters 21) - t(--iters 1)) / 20: one more product through a graph
# already built, which is what netgeo's seconds_per_hvp measures (median of single products after a warm-up). On a
# shared machine the load moves between runs, so the two are timed alternately for --rounds rounds and the ratio of
# each round is reported with their median.
# Top k eigenvalues, in one run on each side, every solve from building the gradient graph on:
#   netgeo bench hvp --k K --tol T            Lanczos.Eigenpairs (thick restart at this size) to relative residual T;
#                                             it reports products, seconds in products and seconds overall, and each
#                                             value's relative error against its own solve at --reference-tol;
#   peer hess --k K --algo eigsh --tol T      SciPy's ARPACK on the PyTorch HVP (curvlinops' recipe);
#   peer hess --k K --algo pyhessian --iters 100 --tol 1e-3    PyHessian's deflated power iteration at its defaults;
#   peer hess --k K --algo eigsh --tol R      a tight reference for the peer's values (its own network and data).
# Every side's values are scored against the peer's tight ARPACK solve of the same problem (and netgeo's also against its
# own solve at --reference-tol): the largest |theta_i - theta_ref_i| / |theta_ref_i| over the k values, sorted.
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000 d=100 width=1024 depth=3 k=10 tol=1e-6 reftol=1e-10 threads=2 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --d) d=$2 ;; --width) width=$2 ;; --depth) depth=$2 ;; --k) k=$2 ;; --tol) tol=$2 ;; --reference-tol) reftol=$2 ;;
    --threads) threads=$2 ;; --rounds) rounds=$2 ;;
    *) echo "bench/hvp.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
peer=../shared/peers/torch_peer.py
[ -f "$peer" ] || peer=/work/shared/peers/torch_peer.py
size=(--n "$n" --d "$d" --width "$width" --depth "$depth")
source bench/common.sh
problem=$(mktemp -d)
trap 'rm -rf "$problem"' EXIT
/usr/bin/python3 bench/hvp_problem.py "$problem" "${size[@]}" >/dev/null
lines=()
for r in $(seq "$rounds"); do
  echo "round $r, load $(load)"
  ours=$(netgeo bench hvp "${size[@]}" --problem "$problem" --products-only --threads "$threads" --json 2>/dev/null)
  one=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 1 --reps 3 --threads "$threads")
  many=$(/usr/bin/python3 "$peer" hess "${size[@]}" --iters 21 --reps 3 --threads "$threads")
  echo "  netgeo:          $ours"
  echo "  peer --iters 1:  $one"
  echo "  peer --iters 21: $many"
  lines+=("$ours" "$one" "$many")
done
echo "top-$k eigenvalues, load $(load)"
full=$(netgeo bench hvp "${size[@]}" --problem "$problem" --k "$k" --tol "$tol" --reference-tol "$reftol" --max-products 1000 --threads "$threads" --json 2>/dev/null)
echo "  netgeo:                $full"
eigsh=$(/usr/bin/python3 "$peer" hess "${size[@]}" --k "$k" --algo eigsh --tol "$tol" --reps 1 --threads "$threads")
echo "  peer eigsh:            $eigsh"
pyhessian=$(/usr/bin/python3 "$peer" hess "${size[@]}" --k "$k" --algo pyhessian --iters 100 --tol 1e-3 --reps 1 --threads "$threads")
echo "  peer pyhessian:        $pyhessian"
reference=$(/usr/bin/python3 "$peer" hess "${size[@]}" --k "$k" --algo eigsh --tol "$reftol" --reps 0 --threads "$threads")
echo "  peer eigsh reference:  $reference"
echo "load after: $(load)"
/usr/bin/python3 - "$full" "$eigsh" "$pyhessian" "$reference" "${lines[@]}" <<'PY'
import json, statistics, sys
full, eigsh, pyh, ref, *rest = (json.loads(a) for a in sys.argv[1:])
ratios = []
for ours, one, many in zip(rest[0::3], rest[1::3], rest[2::3]):
    peer = (many["seconds"] - one["seconds"]) / 20
    ratios.append(peer / ours["seconds_per_hvp"])
    print(f"seconds per HVP:  netgeo {ours['seconds_per_hvp']:.4f}   peer {peer:.4f}   ratio peer/netgeo {ratios[-1]:.2f}")
print(f"median ratio per HVP over {len(ratios)} rounds: {statistics.median(ratios):.2f}  (bar: >= 1.0)")

def error(values, reference):
    a, b = sorted(values, reverse=True), sorted(reference, reverse=True)
    return max(abs(x - y) / abs(y) for x, y in zip(a, b))

k = full['k']
own_error = full['max_relative_error']
ours_error = error(full['eigenvalues'], ref['eigenvalues'])
eigsh_error, pyh_error = error(eigsh['eigenvalues'], ref['eigenvalues']), error(pyh['eigenvalues'], ref['eigenvalues'])
print(f"top-{k}:                products   seconds   max relative error against the peer's eigsh at tol {ref['tol']:g} (same problem)")
print(f"  netgeo {full['solver']:<15} {full['products_top_k']:8d} {full['seconds_top_k']:9.2f}   {ours_error:.2e}   "
      f"(against its own solve at {full['reference_tol']:g}: {own_error:.2e}; of the seconds, {full['seconds_in_products_top_k']:.2f} in products; converged {full['converged']})")
print(f"  peer eigsh (ARPACK)    {eigsh['hvps']:8d} {eigsh['seconds']:9.2f}   {eigsh_error:.2e}")
print(f"  peer pyhessian         {pyh['hvps']:8d} {pyh['seconds']:9.2f}   {pyh_error:.2e}")
print(f"  (references: netgeo {full['products_reference']} products at tol {full['reference_tol']:g}, peer eigsh {ref['hvps']} products at tol {ref['tol']:g})")
overhead = full['seconds_top_k'] / full['seconds_in_products_top_k']
print(f"netgeo top-{k} seconds / seconds in its products: {overhead:.3f}  (goal: <= 1.25)")
print(f"fewest products: netgeo {full['products_top_k']}, eigsh {eigsh['hvps']}, pyhessian {pyh['hvps']}  "
      f"({'met' if full['products_top_k'] <= min(eigsh['hvps'], pyh['hvps']) else 'not met'})")
print(f"ratio eigsh seconds / netgeo seconds: {eigsh['seconds'] / full['seconds_top_k']:.3f}  (bar: > 1.0)")
print(f"ratio pyhessian seconds / netgeo seconds: {pyh['seconds'] / full['seconds_top_k']:.3f}  (bar: > 1.0, with netgeo's error "
      f"{ours_error:.1e} {'<' if ours_error < pyh_error else '>='} pyhessian's {pyh_error:.1e})")
print(f"top eigenvalue: netgeo {full['eigenvalues'][0]:.12g}, power iteration {full['power_top_eig']:.12g}; peer {ref['eigenvalues'][0]:.12g} (the same problem)")
PY
