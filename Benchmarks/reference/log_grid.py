"""The checkpoint grid of `--n 1...N:logP`, shared by the numpy references:
the lab's own construction (Sources/Lab/NGrid.swift, `logSpaced`), so the
references checkpoint at the same n as `edl`."""
import math


def log_grid(last, points):
    """P distinct integers from 1 to `last`: each placed geometrically between
    the previous one and `last`, nudged up when rounding would repeat one."""
    values = [1]
    current = 1
    for index in range(1, points):
        remaining = points - index
        # Half away from zero, as Swift rounds (Python's round() rounds half to even).
        target = math.floor(current * (last / current) ** (1 / remaining) + 0.5)
        following = last if target >= last else int(target)
        following = min(max(following, current + 1), last - (remaining - 1))
        values.append(following)
        current = following
    return values
