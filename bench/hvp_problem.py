#!/usr/bin/python3
"""Writes the PyTorch peer's `hess` problem to a folder, so that `netgeo bench hvp --problem DIR` solves the very one
`torch_peer.py hess` solves at the same seed and sizes: the peer draws its network and data from PyTorch's generator
(torch.manual_seed(seed), then torch_peer.mlp(d, width, depth) cast to float64, then x ~ N(0, I_d) and y ~ N(0, 1) in
float64, in that order, as its main() and hess() do), which netgeo's own generator cannot reproduce.

    /usr/bin/python3 bench/hvp_problem.py DIR [--n 1000] [--d 100] [--width 1024] [--depth 3] [--seed 0]

Writes DIR/x.npy (n x d), DIR/y.npy (n x 1) and DIR/layer1.npy .. DIR/layer{depth}.npy (each weight, fan_out x fan_in,
as torch.nn.Linear stores it), all float64, and prints one JSON line with the sizes and the files.
"""
import argparse, json, os, sys
import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
for peers in (os.path.join(here, '..', '..', 'shared', 'peers'), '/work/shared/peers'):
    if os.path.exists(os.path.join(peers, 'torch_peer.py')):
        sys.path.insert(0, peers)
        break
from torch_peer import mlp  # the `hess` problem's network, unchanged


def main():
    p = argparse.ArgumentParser()
    p.add_argument('dir')
    p.add_argument('--n', type=int, default=1000); p.add_argument('--d', type=int, default=100)
    p.add_argument('--width', type=int, default=1024); p.add_argument('--depth', type=int, default=3)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)  # torch_peer.py main(), then hess(): the network first, then x and y
    net = mlp(a.d, a.width, a.depth).to(torch.float64)
    x = torch.randn(a.n, a.d, dtype=torch.float64); y = torch.randn(a.n, 1, dtype=torch.float64)
    os.makedirs(a.dir, exist_ok=True)
    weights = [m.weight for m in net.seq if isinstance(m, torch.nn.Linear)]
    files = {'x.npy': x, 'y.npy': y}
    files.update({f'layer{i + 1}.npy': w for i, w in enumerate(weights)})
    for name, t in files.items():
        np.save(os.path.join(a.dir, name), t.detach().numpy().astype('<f8'))
    print(json.dumps(dict(work='hvp-problem', n=a.n, d=a.d, width=a.width, depth=a.depth, seed=a.seed, dir=a.dir,
                          files=sorted(files))))


if __name__ == '__main__':
    main()
