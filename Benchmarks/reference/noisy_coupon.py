"""The noisy coupon collector in vectorised numpy (vectorised over the
replicates): the reference the lab's `edl run coupon-collector --set K=K
--set noise=ETA --n 1...N:logP --replicates R` is timed against
(Docs/Performance.md).

K equally likely concepts, each with a uniform random label in {0, 1},
shown flipped with probability eta; the exact Bayes learner keeps per
concept the count of each label seen, codes each example with the
posterior predictive before the update, and at every checkpoint of a
log-spaced grid reports the population loss (every concept, both labels).
All R replicates step together, one numpy operation per step for all.

usage: python3 noisy_coupon.py [K] [eta] [n] [replicates] [points]
"""
import math
import sys
import time

import numpy as np

from log_grid import log_grid


def predictive(a, b, eta):
    """P(next label = 0) for a concept with a zeros and b ones seen."""
    # Posterior on the true label: odds (1-eta)^a eta^b : eta^a (1-eta)^b.
    t = (a - b) * math.log((1 - eta) / eta)
    p0 = 1 / (1 + np.exp(-t))
    return (1 - eta) * p0 + eta * (1 - p0)


def main():
    k_concepts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    eta = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    replicates = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    points = int(sys.argv[5]) if len(sys.argv) > 5 else 30
    start = time.process_time()
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 2, size=(replicates, k_concepts))
    zeros = np.zeros((replicates, k_concepts), dtype=np.int64)
    ones = np.zeros((replicates, k_concepts), dtype=np.int64)
    rows = np.arange(replicates)
    grid = set(log_grid(n, points))
    mdl = np.zeros(replicates)
    out = []
    for i in range(1, n + 1):
        c = rng.integers(0, k_concepts, size=replicates)
        y = truth[rows, c] ^ (rng.random(replicates) < eta)
        q0 = predictive(zeros[rows, c], ones[rows, c], eta)
        mdl -= np.log(np.where(y == 0, q0, 1 - q0))
        zeros[rows, c] += y == 0
        ones[rows, c] += y == 1
        if i in grid:
            q0 = predictive(zeros, ones, eta)
            q_true = np.where(truth == 0, q0, 1 - q0)
            loss = np.mean(-(1 - eta) * np.log(q_true) - eta * np.log(1 - q_true), axis=1)
            out.append((i, float(mdl.mean()), float(loss.mean()), float((mdl - i * loss).mean())))
    elapsed = time.process_time() - start
    for row in out[-3:]:
        print("n=%d mdl=%.3f test_loss=%.5f edl=%.3f" % row)
    print("cpu_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main()
