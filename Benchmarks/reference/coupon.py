"""The noise-free coupon collector in vectorised numpy: the reference the
lab's `edl run coupon-collector --set K=K --n 1...N:logP --replicates R` is
timed against (`edl bench`, Docs/Performance.md).

K equally likely concepts, k = 2 labels; the exact Bayes learner codes a
concept's first sight with log 2 nats and every repeat with 0, so MDL at n is
(first sights among the first n examples) * log 2 and the population loss is
(unseen concepts / K) * log 2. No step loop: every replicate's n draws are
made in blocks of about 10^6, each (replicate, concept)'s first position is
found by scatters (written back to front, so the earliest position is kept), and
the first sights are counted per checkpoint with one searchsorted and one
bincount. It prints the last checkpoints' means over replicates and the CPU
seconds of the computation (interpreter start and imports excluded).

usage: python3 coupon.py [K] [n] [replicates] [points]
"""
import math
import sys
import time

import numpy as np

from log_grid import log_grid


def main():
    k_concepts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    replicates = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    points = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    start = time.process_time()
    rng = np.random.default_rng(1)
    grid = np.array(log_grid(n, points))
    # Blocks of about 10^6 draws keep the scatter in cache: several
    # replicates per block, or one replicate's draws in chunks, the last
    # chunk first (so an earlier chunk overwrites a later one's positions).
    entries = 1_000_000
    rows_per_block = max(1, entries // n)
    chunk = min(n, entries)
    first_sights = np.zeros((replicates, len(grid)), dtype=np.int64)
    for low in range(0, replicates, rows_per_block):
        rows = min(rows_per_block, replicates - low)
        offsets = np.arange(rows, dtype=np.int64)[:, None] * k_concepts
        first = np.full(rows * k_concepts, n + 1, dtype=np.int64)
        for begin in reversed(range(0, n, chunk)):
            end = min(n, begin + chunk)
            concepts = rng.integers(0, k_concepts, size=(rows, end - begin), dtype=np.int64)
            keys = (concepts + offsets)[:, ::-1].ravel()
            positions = np.arange(end, begin, -1, dtype=np.int64)  # 1-based, back to front
            first[keys] = np.tile(positions, rows)  # back to front: the earliest position wins
        seen = first <= n
        # Checkpoint index of each first sight: the first grid point at or after it.
        slot = np.searchsorted(grid, first[seen])
        owner = np.nonzero(seen)[0] // k_concepts
        counts = np.bincount(owner * len(grid) + slot, minlength=rows * len(grid)).reshape(rows, len(grid))
        first_sights[low:low + rows] = np.cumsum(counts, axis=1)
    log2 = math.log(2)
    mdl = first_sights * log2
    loss = (k_concepts - first_sights) / k_concepts * log2
    edl = mdl - grid[None, :] * loss
    elapsed = time.process_time() - start
    for column in range(max(0, len(grid) - 3), len(grid)):
        print("n=%d mdl=%.4f test_loss=%.6f edl=%.4f" % (
            grid[column], mdl[:, column].mean(), loss[:, column].mean(), edl[:, column].mean()))
    print("cpu_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main()
