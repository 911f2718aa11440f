"""The TF2 MLP step (GradientTape + keras SGD momentum) of tf_mlp.py at batch 16 (issue 17's small-batch target), where
the per-call Python overhead weighs most against ``jax.jit``."""
from tf_mlp import build as _build


def build(mode: str):
    return _build(mode, size=16)
