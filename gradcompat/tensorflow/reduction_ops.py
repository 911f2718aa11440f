"""TF's reductions and scans: ``tf.reduce_*`` (axis, keepdims), ``argmax``/``argmin``, ``cumsum``/``cumprod``.

Integer means truncate, as TF's do. A tie of ``reduce_max``/``reduce_min`` shares the
gradient evenly, which is both TF's rule and JAX's.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..core import kernels
from . import dtypes as _dt
from .graph import executing_eagerly
from .op_errors import kernel_error
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor, make_op


def _reduce(x, *, kind: str, axis, keepdims: bool):
    if kind == "sum":
        return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if kind == "mean":
        if jnp.issubdtype(x.dtype, jnp.integer):  # TF's integer mean truncates
            n = x.size if axis is None else np.prod([x.shape[a] for a in axis])
            return (jnp.sum(x, axis=axis, keepdims=keepdims) // max(int(n), 1)).astype(x.dtype)
        return kernels.mean(x, axis=axis, keepdims=keepdims)
    if kind == "prod":
        return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if kind == "logsumexp":
        return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)
    if kind in ("std", "variance"):
        variance = jnp.var(x, axis=axis, keepdims=keepdims)
        return jnp.sqrt(variance) if kind == "std" else variance
    return getattr(jnp, kind)(x, axis=axis, keepdims=keepdims)  # max, min, any, all


def _arg(x, *, kind: str, axis: int, dtype):
    return getattr(jnp, kind)(x, axis=axis).astype(dtype)


def _scan(x, *, kind: str, axis: int, exclusive: bool, reverse: bool):
    if reverse:
        x = jnp.flip(x, axis)
    out = jnp.cumsum(x, axis) if kind == "cumsum" else jnp.cumprod(x, axis)
    if exclusive:  # shift by one along the axis, starting from the identity
        first = jnp.full_like(jax.lax.slice_in_dim(x, 0, 1, axis=axis), 0 if kind == "cumsum" else 1)
        out = jnp.concatenate([first, jax.lax.slice_in_dim(out, 0, x.shape[axis] - 1, axis=axis)], axis)
    return jnp.flip(out, axis) if reverse else out


def _axes(axis, rank: int | None, op_type: str):
    if axis is None:
        return None
    if isinstance(axis, Tensor) or hasattr(axis, "_as_tensor"):
        axis = convert_to_tensor(axis).numpy()
    axes = [axis] if np.ndim(axis) == 0 else list(np.asarray(axis).reshape(-1))
    if rank is not None:
        for a in axes:
            if not -rank <= int(a) < rank:
                if executing_eagerly():
                    raise kernel_error(op_type, f"Invalid reduction dimension ({int(a)} for input with {rank} "
                                                f"dimension(s)")
                raise ValueError(f"Invalid reduction dimension {int(a)} for input with {rank} dimensions. for "
                                 f"'{{{{node {op_type}}}}}' = {op_type}[]")
        axes = [int(a) % rank if rank else int(a) for a in axes]
    return tuple(sorted(set(int(a) for a in axes)))


def _reduction(kind: str, op_type: str):
    def op(input_tensor, axis=None, keepdims: bool = False, name: str | None = None) -> Tensor:
        x = convert_to_tensor(input_tensor)
        static = {"kind": kind, "axis": _axes(axis, x.shape.rank, op_type), "keepdims": bool(keepdims)}
        out = make_op(_reduce, [x], static, op_type=op_type, name=name)
        if axis is None and not keepdims:  # a full reduction is a scalar even of unknown rank
            out._shape = TensorShape(())
        return out
    op.__name__ = f"reduce_{kind}"
    op.__doc__ = f"``tf.reduce_{kind}`` (TF op {op_type}) over ``axis`` (all by default), ``keepdims``."
    return op


reduce_sum = _reduction("sum", "Sum")
reduce_mean = _reduction("mean", "Mean")
reduce_max = _reduction("max", "Max")
reduce_min = _reduction("min", "Min")
reduce_prod = _reduction("prod", "Prod")
reduce_logsumexp = _reduction("logsumexp", "ReduceLogSumExp")
reduce_any = _reduction("any", "Any")
reduce_all = _reduction("all", "All")
reduce_std = _reduction("std", "reduce_std")
reduce_variance = _reduction("variance", "reduce_variance")


def _arg_reduction(kind: str, op_type: str):
    def op(input, axis=None, output_type=_dt.int64, name: str | None = None) -> Tensor:  # noqa: A002
        x = convert_to_tensor(input)
        axis = 0 if axis is None else _axes(axis, x.shape.rank, op_type)[0]
        static = {"kind": kind, "axis": axis, "dtype": _dt.as_dtype(output_type).np}
        return make_op(_arg, [x], static, op_type=op_type, name=name)
    op.__name__ = kind
    op.__doc__ = f"``tf.math.{kind}`` (TF op {op_type}): int64 indices by default, the first of ties."
    return op


argmax = _arg_reduction("argmax", "ArgMax")
argmin = _arg_reduction("argmin", "ArgMin")


def _scan_op(kind: str, op_type: str):
    def op(x, axis=0, exclusive: bool = False, reverse: bool = False, name: str | None = None) -> Tensor:
        x = convert_to_tensor(x)
        static = {"kind": kind, "axis": _axes(axis, x.shape.rank, op_type)[0], "exclusive": bool(exclusive),
                  "reverse": bool(reverse)}
        return make_op(_scan, [x], static, op_type=op_type, name=name)
    op.__name__ = kind
    op.__doc__ = f"``tf.math.{kind}`` (TF op {op_type}) with ``exclusive`` and ``reverse``."
    return op


cumsum = _scan_op("cumsum", "Cumsum")
cumprod = _scan_op("cumprod", "Cumprod")
