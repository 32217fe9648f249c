"""KT (Krichevsky-Trofimov) coding of random labels in vectorised numpy: the
reference the lab's `edl run random-labels --learner kt --set k=2
--n 1...N:logP --replicates R` is timed against (`edl bench`,
Docs/Performance.md).

Uniform labels in {0, 1}; the KT learner codes each example with
-log((c_y + 1/2) / (N + 1)) before counting it (c_y its label's count so far,
N the examples so far), the same per-example code lengths the lab sums; at
every checkpoint of the grid, MDL, the exact test loss against uniform labels,
log(N + 1) - (log(c_0 + 1/2) + log(c_1 + 1/2)) / 2, and EDL. No step loop: a
block of replicates is drawn at once, the counts before each example come from
one cumulative sum, the code lengths from two table lookups, MDL at the
checkpoints from a second cumulative sum. (The Dirichlet-multinomial identity
would give MDL from the final counts alone, in numpy as in the lab; both sum
the per-example code lengths instead.) It prints the last checkpoints' means
over replicates and the CPU seconds of the computation (interpreter start and
imports excluded).

usage: python3 kt.py [n] [replicates] [points]
"""
import sys
import time

import numpy as np

from log_grid import log_grid


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    replicates = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    points = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    start = time.process_time()
    rng = np.random.default_rng(1)
    grid = np.array(log_grid(n, points))
    count_logs = np.log(np.arange(n + 1) + 0.5)  # log(c + 1/2)
    total_logs = np.log(np.arange(n + 1) + 1.0)  # log(N + 2 * 1/2)
    examples_before = np.arange(n)
    mdl = np.empty((replicates, len(grid)))
    ones_at = np.empty((replicates, len(grid)), dtype=np.int64)
    # Blocks of about 10^6 labels, so the temporaries stay in cache.
    rows_per_block = max(1, 1_000_000 // n)
    for low in range(0, replicates, rows_per_block):
        rows = min(rows_per_block, replicates - low)
        labels = rng.integers(0, 2, size=(rows, n), dtype=np.int64)
        ones_after = np.cumsum(labels, axis=1)
        ones_before = ones_after - labels
        own_count = np.where(labels == 1, ones_before, examples_before - ones_before)
        code = total_logs[examples_before] - count_logs[own_count]
        mdl[low:low + rows] = np.cumsum(code, axis=1)[:, grid - 1]
        ones_at[low:low + rows] = ones_after[:, grid - 1]
    loss = np.log(grid + 1.0) - (np.log(ones_at + 0.5) + np.log(grid - ones_at + 0.5)) / 2
    edl = mdl - grid * loss
    elapsed = time.process_time() - start
    for column in range(max(0, len(grid) - 3), len(grid)):
        print("n=%d mdl=%.4f test_loss=%.6f edl=%.4f" % (
            grid[column], mdl[:, column].mean(), loss[:, column].mean(), edl[:, column].mean()))
    print("cpu_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main()
