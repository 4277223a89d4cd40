#!/usr/bin/env bash
# The whole training set (issue 18, item 4): the empirical NTK and the loss Hessian of the MLP 784-512-512-1 (NTK
# parameterization, no biases, ReLU: the NTK benchmark's network) on the first --examples Fashion-MNIST training
# images (all 60,000 by default), at initialization (seed 0), in four commands, each under /usr/bin/time -v:
#   ntk-top       netgeo ntk --matrix-free --top-k 20 --no-min --density   top-20 eigenvalues and an SLQ density
#   ntk-min       netgeo ntk --matrix-free --tolerance 1e-2                 lambda_max and lambda_min (preconditioned LOBPCG)
#   hessian-top   netgeo hessian --measure eigenvalues --top-k 10          top-10 of the loss Hessian, batches of 1,000
#   hessian-trace netgeo hessian --measure trace,density                   Hutch++ trace and SLQ density
# The Hessian needs a run directory: netgeo train --steps 0 --checkpoints end writes one (the spec rebuilds the same
# network from seed 0 and holds the examples); the model has one output, so --integer-targets gives each image its
# class index as a real target and the loss is the square loss, whose Gauss-Newton part J^T J / n shares its nonzero
# eigenvalues with the NTK J J^T / n: both measurements are of one model at one point.
# Prints one line per command: seconds, products, converged, the eigenvalues found, peak RSS (MB = 10^6 bytes); with
# the machine, the date and the load average before each command. The runs' JSON and stderr stay in --keep (if given).
#
# lambda_min is asked to relative residual --min-tolerance (default 1e-2): ||Theta x - theta x|| <= 0.01 theta puts an
# eigenvalue of Theta within 1% of theta (Parlett, The Symmetric Eigenvalue Problem, Theorem 4.5.1), and theta, a
# Rayleigh quotient, is an upper bound on lambda_min. At 60,000 examples (5bee58e): about 12 minutes building the
# preconditioner, 63 products for the top 20 eigenvectors LOBPCG spans, then 841 LOBPCG products at 2.4 s: 47 minutes.
# --max-products 1400 is what the bar's hour holds.
#
# The Hessian keeps batch graphs across products up to --graph-memory (netgeo hessian --graph-memory; 0: rebuilt at every
# product, memory flat in n).
#
#   bash bench/whole-dataset.sh [--examples 60000] [--batch-size 1000] [--graph-memory 2G] [--min-tolerance 1e-2] [--threads 2] [--only "ntk-top ntk-min hessian-top hessian-trace"] [--keep DIR]
#
# At 60,000 examples this takes an hour or more and both cores; try --examples 2000 first.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=60000 batch=1000 graph=2G min_tolerance=1e-2 threads=2 only="ntk-top ntk-min hessian-top hessian-trace" keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --examples) examples=$2 ;; --batch-size) batch=$2 ;; --graph-memory) graph=$2 ;; --min-tolerance) min_tolerance=$2 ;; --threads) threads=$2 ;; --only) only=$2 ;; --keep) keep=$2 ;;
    *) echo "bench/whole-dataset.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
dll=src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
network=(--model mlp --widths 512 --depth 3 --parameterization ntk --no-bias --activation relu)
data=(--data fashion-mnist --integer-targets)

dotnet build src/NetGeometry.Cli -c Release -v quiet -nologo >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $examples examples, batches of $batch (graphs kept up to $graph), $threads threads"

# One command under /usr/bin/time -v; prints its line from the JSON it wrote (the last line for ntk, the whole-network
# row for hessian) and the time report.
measure() {
  local label=$1; shift
  echo "$label: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load $(cut -d' ' -f1-3 /proc/loadavg): netgeo $*"
  /usr/bin/time -v -o "$work/$label.time" dotnet "$dll" "$@" --out "$work" --threads "$threads" --json \
    >"$work/$label.json" 2>"$work/$label.err" || { echo "$label failed:"; tail -n 5 "$work/$label.err"; return 0; }
  /usr/bin/python3 - "$label" "$work/$label.json" "$work/$label.time" <<'PY'
import json, re, sys
label, out, timing = sys.argv[1:]
row = [json.loads(l) for l in open(out) if l.strip()][0]
t = open(timing).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", t).group(1).split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) * 1024 / 1e6
if "eigen_products" in row:  # netgeo hessian
    products = row["eigen_products"] + row["trace_products"] + row["density_products"]
    values = row["eigenvalues"]
    extra = f"trace {row['trace']:.6g} [{row['trace_low']:.6g}, {row['trace_high']:.6g}]" if row.get("trace") is not None else ""
    converged = row["converged"]
else:  # netgeo ntk
    products = row["products"]
    values = [row["lambda_max"]] + [row[k] for k in sorted((k for k in row if re.fullmatch(r"eigenvalue_\d+", k)), key=lambda k: int(k.split("_")[1]))]
    extra = " ".join(f"{k} {row[k]:.6g}" for k in ("lambda_min", "residual_lambda_min", "condition_number", "density_trace") if k in row)
    converged = bool(row["converged"])
shown = ", ".join(f"{v:.6g}" for v in values)
print(f"{label:14s} {seconds:8.0f} s {products:6d} products converged {str(converged).lower():5s} peak RSS {rss:6.0f} MB")
print(f"{'':14s} eigenvalues [{shown}] {extra}".rstrip())
PY
}

for what in $only; do
  case "$what" in
    ntk-top) measure ntk-top ntk "${network[@]}" "${data[@]}" --examples "$examples" --matrix-free --top-k 20 --no-min --density --name ntk-top ;;
    ntk-min) measure ntk-min ntk "${network[@]}" "${data[@]}" --examples "$examples" --matrix-free --tolerance "$min_tolerance" --max-products 1400 --name ntk-min ;;
    hessian-top|hessian-trace)
      if [ ! -d "$work/model" ]; then
        dotnet "$dll" train "${network[@]}" "${data[@]}" --train "$examples" --test 0 --loss square --steps 0 --checkpoints end \
          --name model --out "$work/model" --threads "$threads" >/dev/null 2>"$work/train.err"
      fi
      run=$(ls -d "$work"/model/runs/model-* | head -n 1)
      if [ "$what" = hessian-top ]; then
        measure hessian-top hessian --run "$run" --examples "$examples" --batch-size "$batch" --graph-memory "$graph" --matrices loss --measure eigenvalues --top-k 10 --name hessian-top
      else
        measure hessian-trace hessian --run "$run" --examples "$examples" --batch-size "$batch" --graph-memory "$graph" --matrices loss --measure trace,density --name hessian-trace
      fi ;;
    *) echo "bench/whole-dataset.sh: unknown command $what (ntk-top, ntk-min, hessian-top, hessian-trace)" >&2; exit 2 ;;
  esac
done
