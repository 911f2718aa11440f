"""``gradcompat.compare``: one model in two dialects, the same weights and batch, and a
per-parameter table of how far their gradients are apart."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..testing import Difference, grad_differences
from .adapters import adapter_for
from .core import _pair, transfer


@dataclass
class Comparison:
    """Per-parameter gradient differences of two models (``model_b`` against ``model_a``)."""

    rows: list[Difference]
    rtol: float
    atol: float

    @property
    def close(self) -> bool:
        return all(row.close for row in self.rows)

    def __str__(self) -> str:
        width = max((len(row.name) for row in self.rows), default=9)
        lines = [f"{'parameter':<{width}}  {'shape':<14}  {'max abs err':>11}  {'max rel err':>11}  close"]
        for row in self.rows:
            shape = str(list(row.shape)) if row.problem is None else "-"
            lines.append(f"{row.name:<{width}}  {shape:<14}  {row.max_abs:>11.3g}  {row.max_rel:>11.3g}  "
                         f"{'yes' if row.close else 'NO'}")
        return "\n".join(lines)

    def assert_close(self) -> None:
        """Raise AssertionError with the table when any parameter's gradients differ."""
        if not self.close:
            raise AssertionError(f"gradients differ (rtol={self.rtol}, atol={self.atol}):\n{self}")

    def plot(self, ax: Any = None) -> Any:
        """A bar chart of each parameter's largest absolute difference (log scale); needs matplotlib."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as error:
            raise ImportError("Comparison.plot needs matplotlib (pip install matplotlib)") from error
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4.0, 0.6 * len(self.rows)), 3.0))
        errors = [max(row.max_abs, np.finfo(np.float64).tiny) for row in self.rows]
        ax.bar(range(len(self.rows)), errors, color=["tab:blue" if r.close else "tab:red" for r in self.rows])
        ax.set_xticks(range(len(self.rows)), [row.name for row in self.rows], rotation=45, ha="right")
        ax.set_yscale("log")
        ax.set_ylabel("max abs gradient difference")
        return ax


def compare(model_a: Any, model_b: Any, *inputs: Any, cotangent: Any = None, transfer_weights: bool = True,
            rtol: float = 1e-5, atol: float = 1e-6) -> Comparison:
    """Gradients of the same model written in two dialects, parameter by parameter.

    ``model_b`` first receives ``model_a``'s weights (``transfer_weights=False`` keeps its
    own), then both run on ``inputs`` (NumPy arrays, the same batch for both) and give the
    gradients of ``sum(output * cotangent)`` (default: the output's sum) for every trainable
    weight; the table compares them in PyTorch's layout. Put models with dropout or batch
    norm in eval mode first, so both compute the same function.
    """
    if transfer_weights:
        transfer(model_a, model_b)
    adapter_a, adapter_b = adapter_for(model_a), adapter_for(model_b)
    pairs = [(la, lb, name) for la, lb in _pair(adapter_a.layers(model_a), adapter_b.layers(model_b))
             for name in la.weights
             if name in lb.weights and la.weights[name].trainable and lb.weights[name].trainable]
    arrays = [np.asarray(x) for x in inputs]
    weighting = None if cotangent is None else np.asarray(cotangent)
    grads_a = adapter_a.gradients(model_a, arrays, weighting, [la.weights[n] for la, _, n in pairs])
    grads_b = adapter_b.gradients(model_b, arrays, weighting, [lb.weights[n] for _, lb, n in pairs])
    names = [_name(la, lb, name) for la, lb, name in pairs]
    canonical_a = {n: la.weights[w].to_canonical(g) for n, (la, _, w), g in zip(names, pairs, grads_a)}
    canonical_b = {n: lb.weights[w].to_canonical(g) for n, (_, lb, w), g in zip(names, pairs, grads_b)}
    return Comparison(grad_differences(canonical_b, canonical_a, rtol, atol), rtol, atol)


def _name(layer_a, layer_b, name: str) -> str:
    a = f"{layer_a.path}.{layer_a.weights[name].native_name}".lstrip(".")
    b = f"{layer_b.path}.{layer_b.weights[name].native_name}".lstrip(".")
    return a if a == b else f"{a} / {b}"
