"""Noise-free hypothesis collapse in vectorised numpy: the reference the lab's
`edl run hypothesis-collapse --set m=M --set inputs=X --set k=2
--n 1...N:logP --replicates R` is timed against (`edl bench`,
Docs/Performance.md).

m rules with uniform random labels in {0, 1} at X equally likely inputs, the
true rule rule 0; the exact Bayes learner (uniform prior) codes each example
with -log(|rules in the version space that agree| / |version space|), then
keeps only those; at every checkpoint of the grid, MDL, the population loss
(the mean over inputs of -log(share of the version space giving the true
label)) and EDL. The rules' labels are held as bits, 64 rules to a word
(input by input), the version space as a bit mask: an example is one AND and
one popcount over m/64 words, a checkpoint one AND and popcount over
X * m/64 words (np.bitwise_count, numpy 2). All replicates step together. It
prints the last checkpoints' means over replicates and the CPU seconds of the
computation (interpreter start and imports excluded).

usage: python3 collapse.py [m] [inputs] [n] [replicates] [points]
"""
import sys
import time

import numpy as np

from log_grid import log_grid


def main():
    m = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
    inputs = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    replicates = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    points = int(sys.argv[5]) if len(sys.argv) > 5 else 20
    start = time.process_time()
    rng = np.random.default_rng(1)
    words = (m + 63) // 64
    rows = np.arange(replicates)
    # bits[r, x, w]: the labels at input x of rules 64w ... 64w + 63 in replicate r.
    bits = rng.integers(0, 1 << 64, size=(replicates, inputs, words), dtype=np.uint64, endpoint=False)
    truth = (bits[:, :, 0] & np.uint64(1)).astype(bool)  # rule 0's labels
    # agree[r, x, w]: which rules give the true label at x.
    agree = np.where(truth[:, :, None], bits, ~bits)
    alive = np.full((replicates, words), ~np.uint64(0), dtype=np.uint64)
    if m % 64:
        alive[:, -1] = np.uint64((1 << (m % 64)) - 1)
    grid = set(log_grid(n, points))
    mdl = np.zeros(replicates)
    size = np.full(replicates, float(m))
    out = []
    for i in range(1, n + 1):
        x = rng.integers(0, inputs, size=replicates)
        alive &= agree[rows, x]  # noise-free: the label shown is the true rule's
        agreeing = np.bitwise_count(alive).sum(axis=1).astype(np.float64)
        mdl += np.log(size) - np.log(agreeing)
        size = agreeing
        if i in grid:
            share = np.bitwise_count(agree & alive[:, None, :]).sum(axis=2) / size[:, None]
            loss = -np.log(share).mean(axis=1)
            out.append((i, float(mdl.mean()), float(loss.mean()), float((mdl - i * loss).mean())))
    elapsed = time.process_time() - start
    for row in out[-3:]:
        print("n=%d mdl=%.4f test_loss=%.6f edl=%.4f" % row)
    print("cpu_seconds=%.3f" % elapsed)


if __name__ == "__main__":
    main()
