"""More of MindSpore 2.x's ops that programs use: ``ops.assign``, ``arange``,
``max`` / ``min`` (values and indices), ``norm``, the comparisons (``gt``, ``ge``, ``lt``, ``le``,
``ne``), ``binary_cross_entropy_with_logits``, ``clip_by_global_norm``, and the primitives
``Dropout2D`` and ``ApplyMomentum``; each made of the existing kernels where one exists."""
from __future__ import annotations

import builtins
from typing import Any, Sequence

import jax.numpy as jnp
import numpy as np

from ...core import apply, select
from .. import dtype as mstype
from ..nn import layer_kernels as LK
from ..nn import optim_kernels as OK
from ..tensor import Tensor
from . import functional as F
from . import random_ops
from .primitives import Primitive, apply_kernel, as_tensor, normalize_axis
from .state_ops import Assign

# pylint: disable=redefined-builtin  (MindSpore's argument names)


def assign(variable: Tensor, value: Any) -> Tensor:
    """``ops.assign(variable, value)``: writes ``value`` into the Parameter; returns it."""
    return Assign()(variable, value)


def arange(start: Any = 0, end: Any = None, step: Any = 1, *, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.arange(start=0, end=None, step=1, *, dtype=None)``: Int64 for integer bounds,
    Float32 when any bound is a float (MindSpore 2.x's defaults)."""
    bounds = [b.item() if isinstance(b, Tensor) else b for b in (start, end, step)]
    start, end, step = bounds
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("For 'Arange', the 'step' cannot be equal to 0.")
    if dtype is None:
        floating = any(isinstance(b, (builtins.float, np.floating)) for b in (start, end, step))
        dtype = mstype.float32 if floating else mstype.int64
    values = np.arange(start, end, step, dtype=np.float64 if mstype.to_numpy(dtype).kind == "f" else None)
    return Tensor(values.astype(mstype.to_numpy(dtype)))


def _extreme(op: str, input: Tensor, axis, keepdims: bool) -> tuple:  # noqa: A002
    input = as_tensor(input)
    if axis is None:
        value = (F.amax if op == "max" else F.amin)(input, None, keepdims)
        return value, Tensor(np.zeros(value.shape, np.int64))  # MindSpore gives index 0 here
    index, value = F.arg_extreme(input, op, axis, keepdims)
    return value, F.cast(index, mstype.int64)


def max(input: Tensor, axis: int | None = None, keepdims: bool = False, *, initial=None, where=None) -> tuple:  # noqa: A001,A002
    """``ops.max(input, axis=None, keepdims=False)``: ``(values, Int64 indices)``; over every
    axis the index is 0, as MindSpore 2.x returns it."""
    return _extreme("max", input, axis, keepdims)


def min(input: Tensor, axis: int | None = None, keepdims: bool = False, *, initial=None, where=None) -> tuple:  # noqa: A001,A002
    """``ops.min(input, axis=None, keepdims=False)``: ``(values, Int64 indices)``."""
    return _extreme("min", input, axis, keepdims)


def _norm(x, *, ord, axis, keepdims: bool):
    if ord == "fro":
        ord = None if axis is None or len(axis) == 1 else "fro"
    if axis is None and ord is None:
        x, axis = x.reshape(-1), (0,)
    elif axis is None:  # an order names a vector norm of a 1-D input, a matrix norm of a 2-D one
        axis = tuple(range(x.ndim))
    if len(axis) == 1:
        return jnp.linalg.norm(x, ord=ord, axis=axis[0], keepdims=keepdims)
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def norm(A: Tensor, ord: Any = None, dim: Any = None, keepdim: bool = False, *,  # noqa: N803 - MindSpore's name
         dtype: mstype.Type | None = None) -> Tensor:
    """``ops.norm(A, ord=None, dim=None, keepdim=False, *, dtype=None)``: the 2-norm of the
    flattened input by default; vector norms along one ``dim``, matrix norms along two."""
    A = as_tensor(A)
    if dtype is not None:
        A = F.cast(A, dtype)
    axis = None if dim is None else tuple(normalize_axis(int(d), A.ndim) for d in (
        dim if isinstance(dim, (list, tuple)) else (dim,)))
    order = builtins.float(ord) if isinstance(ord, (builtins.int, builtins.float)) else ord
    return apply_kernel(_norm, [A], "Norm", ord=order, axis=axis, keepdims=builtins.bool(keepdim))


def _compare(op: str, input: Any, other: Any) -> Tensor:  # noqa: A002
    if isinstance(input, Tensor):
        return input._compare(op, other)
    return as_tensor(other)._compare({"gt": "lt", "lt": "gt", "ge": "le", "le": "ge"}.get(op, op), input)


def gt(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.gt(input, other)``: a Bool Tensor (also ``ops.greater``)."""
    return _compare("gt", input, other)


def ge(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.ge(input, other)`` (also ``ops.greater_equal``)."""
    return _compare("ge", input, other)


def lt(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.lt(input, other)`` (also ``ops.less``)."""
    return _compare("lt", input, other)


def le(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.le(input, other)`` (also ``ops.less_equal``)."""
    return _compare("le", input, other)


def ne(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.ne(input, other)`` (also ``ops.not_equal``)."""
    return _compare("ne", input, other)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                     pos_weight: Tensor | None = None, reduction: str = "mean") -> Tensor:
    """``ops.binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
    reduction='mean')``: the kernel of ``nn.BCEWithLogitsLoss``."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"For 'BCEWithLogits', the 'reduction' must be in ['mean', 'sum', 'none'], but got "
                         f"{reduction}.")
    input, target = as_tensor(input), as_tensor(target)
    ones = Tensor(np.ones((), mstype.to_numpy(input.dtype)))
    loss = apply_kernel(LK.bce_with_logits, [input, target, weight if weight is not None else ones,
                                             pos_weight if pos_weight is not None else ones], "BCEWithLogitsLoss")
    if reduction == "none":
        return loss
    return F.mean(loss) if reduction == "mean" else F.sum(loss)


def clip_by_global_norm(x: Any, clip_norm: float = 1.0, use_norm: Any = None) -> Any:
    """``ops.clip_by_global_norm(x, clip_norm=1.0, use_norm=None)``: every Tensor of ``x`` (a
    tuple/list, or one Tensor) scaled by ``clip_norm / max(global_norm, clip_norm)``, where
    the global norm is that of all of them together; returns the same structure (a tuple)."""
    single = isinstance(x, Tensor)
    tensors = [as_tensor(t) for t in ([x] if single else x)]
    squares = [F.sum(F.square(F.cast(t, mstype.float32))) for t in tensors]
    total = squares[0]
    for s in squares[1:]:
        total = total + s
    global_norm = F.sqrt(total)
    scale = clip_norm / F.maximum(global_norm, Tensor(builtins.float(clip_norm), mstype.float32))
    out = tuple(t * F.cast(scale, t.dtype) for t in tensors)
    return out[0] if single else out


class Dropout2D(Primitive):
    """``ops.Dropout2D(keep_prob=0.5)(x)``: ``(output, mask)`` for an NCHW input; whole
    channels are dropped, with MindSpore's own masks (``random_ops.dropout_nd``), in PyNative
    and inside GRAPH_MODE / ``jit`` traces."""

    name = "Dropout2D"

    def __init__(self, keep_prob: float = 0.5) -> None:
        super().__init__()
        if not 0 <= keep_prob <= 1:
            raise ValueError(f"For 'Dropout2D', the 'keep_prob' must be in range [0.0, 1.0], but got {keep_prob}.")
        self.keep_prob = builtins.float(keep_prob)
        self.add_prim_attr("keep_prob", self.keep_prob)

    def __call__(self, x: Tensor) -> tuple:
        x = as_tensor(x)
        if x.ndim != 4:
            raise ValueError(f"For 'Dropout2D', the dimension of 'x' must be 4, but got {x.ndim}.")
        if self.keep_prob == 0:
            return F.zeros_like(x), Tensor(np.zeros(x.shape, np.bool_))
        return random_ops.dropout_nd(x, self.keep_prob, self.name)


class ApplyMomentum(Primitive):
    """``ops.ApplyMomentum(use_nesterov=False, use_locking=False, gradient_scale=1.0)(variable,
    accumulation, learning_rate, gradient, momentum)``: ``accumulation = accumulation * momentum
    + gradient; variable -= learning_rate * accumulation`` in place; returns the new variable.
    As MindSpore 2.x's CPU kernel, ``use_nesterov`` changes nothing."""

    name = "ApplyMomentum"

    def __init__(self, use_nesterov: bool = False, use_locking: bool = False, gradient_scale: float = 1.0) -> None:
        super().__init__()
        self.use_nesterov, self.use_locking, self.gradient_scale = use_nesterov, use_locking, gradient_scale
        for key, value in (("use_nesterov", use_nesterov), ("use_locking", use_locking),
                           ("gradient_scale", gradient_scale)):
            self.add_prim_attr(key, value)

    def __call__(self, variable: Tensor, accumulation: Tensor, learning_rate: Any, gradient: Tensor,
                 momentum: Any) -> Tensor:
        dtype = variable.dtype
        inputs = [variable, accumulation, as_tensor(gradient),
                  F.cast(as_tensor(learning_rate), dtype), F.cast(as_tensor(momentum), dtype)]
        node = apply(OK.apply_momentum, [inputs[0].node, inputs[1].node, inputs[2].node, inputs[3].node,
                                         inputs[4].node], name=self.name)
        new_var, new_acc = Tensor._from_node(select(node, 0)), Tensor._from_node(select(node, 1))
        Assign()(accumulation, new_acc)
        return Assign()(variable, new_var)


__all__ = ["ApplyMomentum", "Dropout2D", "arange", "assign", "binary_cross_entropy_with_logits",
           "clip_by_global_norm", "ge", "greater", "greater_equal", "gt", "le", "less", "less_equal", "lt", "max",
           "min", "ne", "norm", "not_equal", "rand", "randn"]
