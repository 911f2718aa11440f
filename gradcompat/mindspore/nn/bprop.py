"""``Cell.bprop``: a Cell's own backward, used by every gradient taken through its call.

While a gradient is being taken (GradOperation, grad, value_and_grad: a tape is active), the
call becomes one op whose function is a ``jax.custom_vjp``: forward runs ``construct``,
backward runs ``bprop(*inputs, out, dout)``. Known difference: ``ops.vjp``/``jvp``/``jac*``
differentiate ``construct`` itself.
"""
from __future__ import annotations

from typing import Any

import jax

from ...core import Constant, apply, recording, select
from ..tensor import Tensor


def _tensors(values: Any) -> Any:
    if isinstance(values, (tuple, list)):
        return type(values)(_tensors(v) for v in values)
    return Tensor._from_node(Constant(values))


def _arrays(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return tuple(_arrays(v) for v in value)
    return value._jax_value() if isinstance(value, Tensor) else value


def bprop_call(*arrays, cell):
    """``cell.construct`` on arrays, differentiated by ``cell.bprop``."""
    @jax.custom_vjp
    def forward(*xs):
        with recording.grad_mode(False):
            return _arrays(cell.construct(*_tensors(xs)))

    def forward_with_residuals(*xs):
        out = forward(*xs)
        return out, (xs, out)

    def backward(residuals, dout):
        xs, out = residuals
        with recording.grad_mode(False):
            grads = cell.bprop(*_tensors(xs), _tensors(out), _tensors(dout))
        return tuple(_arrays(g) for g in grads)

    forward.defvjp(forward_with_residuals, backward)
    return forward(*arrays)


def call(cell, args: tuple) -> Any:
    """Call a Cell that defines ``bprop`` with Tensor arguments, as one differentiable op."""
    node = apply(bprop_call, [a.node for a in args], {"cell": cell}, name=f"{type(cell).__name__}.bprop")
    structure = node.value if node.value is not None else node.aval
    if isinstance(structure, tuple):
        return tuple(Tensor._from_node(select(node, i)) for i in range(len(structure)))
    return Tensor._from_node(node)
