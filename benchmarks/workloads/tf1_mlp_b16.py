"""The TF1 Session.run MLP step of tf1_mlp.py at batch 16 (issue 17's small-batch target), where
the per-call Python overhead weighs most against ``jax.jit``."""
from tf1_mlp import build as _build


def build(mode: str):
    return _build(mode, size=16)
