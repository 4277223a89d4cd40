#!/usr/bin/python3
"""The PyTorch peer of `netgeo bench ggn`: Gauss-Newton-vector products G v = J^T H_L J v of the loss
1/2 mean (f - y)^2 (H_L = I / n) of torch_peer.py's `hess` network (its mlp(): a bias-free ReLU MLP in NTK
parameterisation, weights N(0, 1)) on x, y ~ N(0, 1), float64, by functorch: J v by functorch.jvp (forward mode, one
forward pass with tangents per product), J^T u by the vjp function functorch.vjp linearized once. Also the same peer's
Hessian-vector product (double backward through the gradient's graph, as `hess` takes it) for its own GGN/HVP ratio.

    /usr/bin/python3 bench/ggn_peer.py [--n 1000] [--d 100] [--width 1024] [--depth 3] [--reps 7] [--threads 2] [--seed 0]

Prints one JSON line: setup seconds (the vjp linearization; the gradient graph) and the median seconds of single
products after one warm-up product, as netgeo's bench ggn reports them.
"""
import argparse, json, os, statistics, sys, time
import torch
from functorch import make_functional, jvp, vjp

here = os.path.dirname(os.path.abspath(__file__))
for peers in (os.path.join(here, '..', '..', 'shared', 'peers'), '/work/shared/peers'):
    if os.path.exists(os.path.join(peers, 'torch_peer.py')):
        sys.path.insert(0, peers)
        break
from torch_peer import mlp  # the `hess` problem's network, unchanged


def median_seconds(fn, reps):
    fn()  # warm-up
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=1000); p.add_argument('--d', type=int, default=100)
    p.add_argument('--width', type=int, default=1024); p.add_argument('--depth', type=int, default=3)
    p.add_argument('--reps', type=int, default=7); p.add_argument('--threads', type=int, default=2)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
    dtype = torch.float64
    net = mlp(a.d, a.width, a.depth).to(dtype)
    x = torch.randn(a.n, a.d, dtype=dtype); y = torch.randn(a.n, 1, dtype=dtype)
    fnet, params = make_functional(net)
    f = lambda *ps: fnet(ps, x)
    gen = torch.Generator().manual_seed(a.seed + 1)
    v = tuple(torch.randn(q.shape, generator=gen, dtype=dtype) for q in params)

    t = time.perf_counter()
    _, vjp_fn = vjp(f, *params)                   # J^T: linearized once
    setup_ggn = time.perf_counter() - t

    def ggn():
        _, jv = jvp(f, params, v)                 # J v, forward mode
        return vjp_fn(jv / a.n)                   # J^T H_L J v, H_L = I / n

    ps = list(net.parameters())
    t = time.perf_counter()
    loss = 0.5 * ((net(x) - y) ** 2).mean()
    g = torch.autograd.grad(loss, ps, create_graph=True)
    setup_hvp = time.perf_counter() - t
    hvp = lambda: torch.autograd.grad(g, ps, grad_outputs=list(v), retain_graph=True)

    # The GGN is the Hessian without the residual term: on this problem the two differ, but both are symmetric, and the
    # GGN's quadratic form is the squared norm of J v over n.
    gv = ggn()
    _, jv = jvp(f, params, v)
    form = float(sum((s * t).sum() for s, t in zip(gv, v)))
    check = abs(form - float((jv ** 2).sum()) / a.n) / abs(form)

    seconds_ggn = median_seconds(ggn, a.reps)
    seconds_hvp = median_seconds(hvp, a.reps)
    print(json.dumps(dict(work='ggn-peer', n=a.n, d=a.d, width=a.width, depth=a.depth, params=sum(q.numel() for q in params),
                          seconds_setup_ggn=setup_ggn, seconds_setup_hvp=setup_hvp, seconds_per_ggn=seconds_ggn,
                          seconds_per_hvp=seconds_hvp, ratio_hvp_over_ggn=seconds_hvp / seconds_ggn,
                          quadratic_form_check=check, dtype='float64', threads=a.threads, torch=torch.__version__)))


if __name__ == '__main__':
    main()
