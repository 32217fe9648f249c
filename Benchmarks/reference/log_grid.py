"""The log-spaced checkpoint grid of `--n 1...N:logP`, shared by the numpy references."""
import numpy as np


def log_grid(last, points):
    """The distinct rounded values of P log-spaced points from 1 to `last`."""
    values = np.unique(np.rint(np.geomspace(1, last, points)).astype(int))
    return set(int(v) for v in values)
