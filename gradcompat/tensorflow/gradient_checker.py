"""``tf.test.compute_gradient``: theoretical (GradientTape) and numerical (central
differences) jacobians of ``f`` at ``x``, as TF's gradient checker gives them."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Callable, Sequence

import numpy as np

from .autodiff import UnconnectedGradients
from .tape import GradientTape
from .tensor import convert_to_tensor


def compute_gradient(f: Callable, x: Sequence, delta: float | None = None) -> tuple[tuple, tuple]:
    """Per argument of ``f``, the jacobian as a 2-D array of shape (y size, x size): a tuple of
    theoretical ones and a tuple of numerical ones (``delta`` 1/1024 by default, as in TF)."""
    if not isinstance(x, (list, tuple)):
        raise ValueError("`x` must be a list or tuple of tensors")
    delta = 1.0 / 1024 if delta is None else delta  # TF's default: exact in binary
    xs = [convert_to_tensor(v) for v in x]
    for i, t in enumerate(xs):
        if not (t.dtype.is_floating):
            raise AssertionError(f"Cannot compute gradient for unsupported type {t.dtype.name} of argument {i}")
    with GradientTape(persistent=True) as tape:
        for t in xs:
            tape.watch(t)
        y = convert_to_tensor(f(*xs))
    y_size = int(np.prod(y.shape.as_list()))
    theoretical, numerical = [], []
    values = [np.array(t.numpy()) for t in xs]
    for i, t in enumerate(xs):
        x_size = values[i].size
        jac = tape.jacobian(y, t, unconnected_gradients=UnconnectedGradients.ZERO)
        theoretical.append(np.reshape(np.asarray(jac.numpy()), (y_size, x_size)).astype(y.dtype.np))
        columns = np.zeros((y_size, x_size), dtype=y.dtype.np)
        for k in range(x_size):
            shifted = []
            for sign in (1, -1):
                moved = [v.copy() for v in values]
                moved[i].reshape(-1)[k] += sign * delta
                args = [convert_to_tensor(m, dtype=xs[j].dtype) for j, m in enumerate(moved)]
                shifted.append(np.asarray(convert_to_tensor(f(*args)).numpy()).reshape(-1))
            columns[:, k] = (shifted[0] - shifted[1]) / (2 * delta)
        numerical.append(columns)
    return tuple(theoretical), tuple(numerical)


test = SimpleNamespace(compute_gradient=compute_gradient)
