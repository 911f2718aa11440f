"""Eager per-op overhead: 100 calls of one torch op on 64x64 float32 tensors that need no
gradient, then one sync. Modes name the op: ``add`` (``a + b``), ``matmul``."""
import torch

from data import operands

CALLS = 100


def build(mode: str):
    device = "cuda" if torch.cuda.is_available() else "cpu"  # the accelerator when there is one
    a, b = (torch.tensor(m, device=device) for m in operands())
    op = {"add": lambda: a + b, "matmul": lambda: torch.matmul(a, b)}[mode]

    def step():
        for _ in range(CALLS - 1):
            op()
        return op()[0, 0].item()
    return step
