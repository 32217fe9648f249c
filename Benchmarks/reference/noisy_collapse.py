"""Noisy hypothesis collapse in vectorised numpy: the reference the lab's
`edl run hypothesis-collapse --set m=M --set inputs=X --set noise=ETA
--n 1...N:logP --replicates 1` is timed against (Docs/Performance.md).

m rules with uniform random labels in {0, 1} at X inputs, the true rule 0,
labels flipped with probability eta; the exact Bayes posterior over the rules
(weight e^{lambda (d_h - d_min)}, d_h the rule's disagreements), each example
coded with the posterior predictive before the update, and at every
checkpoint of a log-spaced grid the population loss (every input, both
labels) and the final model's training code length. The label matrix is
held as float64 so the checkpoint's label masses are one matrix-vector
product (BLAS).

usage: python3 noisy_collapse.py [m] [inputs] [eta] [n] [points]
"""
import math
import sys
import time

import numpy as np

from log_grid import log_grid


def main():
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
    inputs = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    eta = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    points = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    start = time.process_time()
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, size=(inputs, m), dtype=np.int8)
    ones = labels.astype(np.float64)
    truth = labels[:, 0]
    lam = math.log(eta) - math.log(1 - eta)
    d = np.zeros(m, dtype=np.int32)
    seen = np.zeros((inputs, 2), dtype=np.int64)
    grid = set(log_grid(n, points))
    mdl = 0.0
    rows = []
    for i in range(1, n + 1):
        x = int(rng.integers(inputs))
        y = int(truth[x]) ^ int(rng.random() < eta)
        w = np.exp(lam * (d - d.min()))
        agree = labels[x] == y
        p = w[agree].sum() / w.sum()
        mdl -= math.log((1 - eta) * p + eta * (1 - p))
        d += ~agree
        seen[x, y] += 1
        if i in grid:
            w = np.exp(lam * (d - d.min()))
            p1 = ones @ w / w.sum()
            q1 = (1 - eta) * p1 + eta * (1 - p1)
            q_true = np.where(truth == 1, q1, 1 - q1)
            loss = float(np.mean(-(1 - eta) * np.log(q_true) - eta * np.log(1 - q_true)))
            training = float(-(seen[:, 1] * np.log(q1) + seen[:, 0] * np.log(1 - q1)).sum())
            rows.append((i, mdl, loss, mdl - i * loss, training))
    elapsed = time.process_time() - start
    for row in rows[-3:]:
        print("n=%d mdl=%.4f test_loss=%.6f edl=%.4f training=%.4f" % row)
    print("cpu_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main()
