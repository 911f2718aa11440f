"""Building and freeing a very deep eager graph (issue 12, Speed; issue 17 goal 3's per-op cost):
a 20,000-step chain ``y = y + y * 1e-6`` from a leaf that requires grad (torch's
test_free_deep_graph, shorter), then dropped. No backward: the step times the eager ops that
record autograd (two per link, 40,000 in all) and the freeing of the graph they built.

Mode ``chain``: one step builds the chain, reads its last value (``item()``) and frees it.
"""
import numpy as np
import torch

CHAIN_DEPTH = 20000


def build(mode: str):
    if mode != "chain":
        raise ValueError(f"unknown mode {mode!r}")
    x = torch.tensor(np.array([0.5], np.float32), requires_grad=True)

    def step():
        y = x.clone()
        for _ in range(CHAIN_DEPTH):
            y = y + y * 1e-6
        value = y.item()
        del y  # frees the 40,000-node graph: must not recurse, and must be quick
        return value
    return step
