"""Assertions for cross-framework equivalence tests: do two sets of gradients agree?

``assert_grads_close(actual, expected)`` compares gradients (or values) given as one
array, a sequence, or a mapping of names to arrays. Each array may be a tensor of any
dialect, a real PyTorch / TensorFlow / MindSpore tensor, a JAX or NumPy array, or None
(for an unused input). On failure the report names each differing entry with its maximum
absolute and relative error and where it occurs, in the spirit of
``numpy.testing.assert_allclose`` but over the whole set at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

__all__ = ["Difference", "grad_differences", "assert_grads_close", "to_numpy"]


def to_numpy(value: Any) -> np.ndarray | None:
    """``value`` as a NumPy array (None stays None), for any framework's tensor."""
    if value is None or isinstance(value, np.ndarray):
        return value
    if hasattr(value, "requires_grad") and hasattr(value, "detach"):
        value = value.detach()  # a real torch tensor that requires grad refuses __array__
    if hasattr(value, "asnumpy"):  # MindSpore
        return np.asarray(value.asnumpy())
    return np.asarray(value)


@dataclass(frozen=True)
class Difference:
    """How one entry of two gradient sets compares."""

    name: str
    shape: tuple
    max_abs: float
    max_rel: float
    where: tuple | None  # index of the largest absolute difference
    actual: Any
    expected: Any
    close: bool
    problem: str | None = None  # a structural mismatch (shape, None, missing), if any

    def row(self) -> str:
        if self.problem is not None:
            return f"  {self.name}: {self.problem}"
        return (f"  {self.name}: shape {self.shape}, max abs err {self.max_abs:.3g}, "
                f"max rel err {self.max_rel:.3g} at {self.where} "
                f"(actual {self.actual!r}, expected {self.expected!r})")


def _entries(tree: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten a mapping / sequence / single array into ``{name: array}``."""
    if isinstance(tree, Mapping):
        items = [(str(key), value) for key, value in tree.items()]
    elif isinstance(tree, (list, tuple)):
        items = [(f"[{index}]", value) for index, value in enumerate(tree)]
    else:
        return {prefix or "value": tree}
    flat: dict[str, Any] = {}
    for key, value in items:
        name = f"{prefix}.{key}" if prefix and not key.startswith("[") else f"{prefix}{key}"
        flat.update(_entries(value, name) if isinstance(value, (Mapping, list, tuple)) else {name: value})
    return flat


def _compare(name: str, actual: Any, expected: Any, rtol: float, atol: float) -> Difference:
    a, e = to_numpy(actual), to_numpy(expected)
    if a is None or e is None:
        if a is None and e is None:
            return Difference(name, (), 0.0, 0.0, None, None, None, True)
        return Difference(name, (), float("inf"), float("inf"), None, a, e, False,
                          f"actual is {'None' if a is None else 'an array'}, "
                          f"expected is {'None' if e is None else 'an array'}")
    if a.shape != e.shape:
        return Difference(name, a.shape, float("inf"), float("inf"), None, None, None, False,
                          f"shape {a.shape} differs from expected shape {e.shape}")
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    error = np.abs(a64 - e64)
    error = np.where(np.isnan(a64) & np.isnan(e64), 0.0, np.where(np.isnan(error), np.inf, error))
    if not error.size:
        return Difference(name, a.shape, 0.0, 0.0, None, None, None, True)
    scale = np.nan_to_num(np.abs(e64), nan=0.0)
    relative = error / np.maximum(scale, np.finfo(np.float64).tiny)
    close = bool(np.all(error <= atol + rtol * scale))
    where = np.unravel_index(int(np.argmax(error)), error.shape)
    return Difference(name, a.shape, float(error.max()), float(relative.max()), tuple(int(i) for i in where),
                      a[where].item(), e[where].item(), close)


def grad_differences(actual: Any, expected: Any, rtol: float = 1e-5, atol: float = 1e-8) -> list[Difference]:
    """One :class:`Difference` per entry, in ``expected``'s order (missing entries included)."""
    got, want = _entries(actual), _entries(expected)
    rows = [_compare(name, got[name], want[name], rtol, atol) for name in want if name in got]
    rows += [Difference(name, (), float("inf"), float("inf"), None, None, None, False, "missing from actual")
             for name in want if name not in got]
    rows += [Difference(name, (), float("inf"), float("inf"), None, None, None, False, "not in expected")
             for name in got if name not in want]
    return rows


def assert_grads_close(actual: Any, expected: Any, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """Raise AssertionError listing every entry where ``actual`` and ``expected`` differ.

    Entries are close when ``|actual - expected| <= atol + rtol * |expected|`` elementwise
    (NumPy's ``allclose`` rule; NaNs in the same places count as equal).
    """
    rows = grad_differences(actual, expected, rtol, atol)
    failed = [row for row in rows if not row.close]
    if failed:
        report = "\n".join(row.row() for row in failed)
        raise AssertionError(f"gradients differ in {len(failed)} of {len(rows)} entries "
                             f"(rtol={rtol}, atol={atol}):\n{report}")
