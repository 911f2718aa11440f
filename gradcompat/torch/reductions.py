"""torch's reductions beyond sum/mean: prod, max/min (all, per dim with indices, or
elementwise), amax/amin, argmax/argmin, std/var, norm, logsumexp, cumsum/cumprod, all/any.

Gradients at ties follow torch: ``max()``/``min()`` over all elements and ``amax``/``amin``
split the gradient evenly among tied elements; ``max(dim)``/``min(dim)`` give it all to the
returned index. ``norm`` has gradient 0 at the zero vector.
"""
from __future__ import annotations

import builtins

from .. import core
from . import autocast_policy, dtypes, ops, user_warnings
from .functions import _axis
from .tensor import Tensor, wrap


def _structseq(name: str, fields: tuple[str, ...]) -> type:
    """A ``torch.return_types.<name>``: a tuple with named fields, printed as torch prints it."""
    def __new__(cls, *values):
        return tuple.__new__(cls, values)

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"torch.return_types.{name}(\n{body})"

    ns = {"__new__": __new__, "__repr__": __repr__, "__str__": __repr__, "__slots__": (),
          "_fields": fields, "__module__": "torch.return_types",
          "__reduce__": lambda self: (type(self), tuple(self))}
    for i, f in enumerate(fields):
        ns[f] = property(lambda self, i=i: self[i])
    return type(name, (tuple,), ns)


return_types = {n: _structseq(n, ("values", "indices")) for n in ("max", "min", "sort", "topk", "mode",
                                                                   "median", "kthvalue", "cummax", "cummin")}


def _check_nonempty(input: Tensor, fn: str, axis) -> None:
    if input.numel() == 0:
        if axis is None:
            raise RuntimeError(f"{fn}(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        for a in axis:
            if input.shape[a] == 0:
                raise IndexError(f"{fn}(): Expected reduction dim {a} to have non-zero size.")


def _int_result(dtype: dtypes.dtype | None, input: Tensor) -> dtypes.dtype:
    if dtype is not None:
        return dtypes.to_dtype(dtype)
    return input.dtype if input.dtype.is_floating_point else dtypes.int64


@autocast_policy.float32
def prod(input: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """``torch.prod``: bool and integer inputs give int64; exact gradients with zeros."""
    out = _int_result(dtype, input)
    name = "ProdBackward0" if dim is None else "ProdBackward1"
    return wrap(core.apply(ops.reduce, [input.node], {"fn": "prod", "axis": _axis(input, dim),
                                                      "keepdims": bool(keepdim), "dtype": out.np_name}, name=name))


def _extreme(fn: str, input: Tensor, dim, keepdim: bool):
    if isinstance(dim, Tensor):  # torch.max(a, b): elementwise
        from .pointwise import maximum, minimum
        return (maximum if fn == "max" else minimum)(input, dim)
    if dim is None:
        _check_nonempty(input, fn, None)
        return wrap(core.apply(ops.reduce, [input.node], {"fn": fn, "axis": None, "keepdims": False,
                                                          "dtype": None}, name=f"{fn.capitalize()}Backward1"))
    axis = _axis(input, dim)
    _check_nonempty(input, fn, axis)
    pair = core.apply(ops.max_dim, [input.node], {"fn": "argmax" if fn == "max" else "argmin",
                                                   "axis": axis[0] if axis else 0, "keepdims": bool(keepdim)},
                      name=f"{fn.capitalize()}Backward0")
    values = wrap(core.select(pair, 0, name=pair.name if isinstance(pair, core.Op) else None))
    with core.recording.grad_mode(False):
        indices = wrap(core.select(pair, 1))
    return return_types[fn](values, indices)


def max(input: Tensor, dim=None, keepdim: bool = False, *, out=None):  # noqa: A001 - torch's name
    """``torch.max``: over all elements (a 0-d tensor), along ``dim`` (``(values, indices)``),
    or elementwise with another tensor (``torch.maximum``)."""
    return _extreme("max", input, dim, keepdim)


def min(input: Tensor, dim=None, keepdim: bool = False, *, out=None):  # noqa: A001
    """``torch.min``: as ``torch.max``."""
    return _extreme("min", input, dim, keepdim)


def _amax(fn: str):
    def op(input: Tensor, dim=(), keepdim: bool = False) -> Tensor:
        axis = None if dim == () or dim == [] else _axis(input, dim)
        _check_nonempty(input, fn, axis)
        return wrap(core.apply(ops.reduce, [input.node], {"fn": fn[1:], "axis": axis, "keepdims": bool(keepdim),
                                                          "dtype": None}, name=f"{fn.capitalize()}Backward0"))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: the gradient is split evenly among tied elements, as torch."
    return op


amax = _amax("amax")
amin = _amax("amin")


def _argextreme(fn: str):
    def op(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
        axes = None if dim is None else _axis(input, dim)
        axis = axes[0] if axes else None
        _check_nonempty(input, fn, None if axis is None else (axis,))
        with core.recording.grad_mode(False):  # indices never require grad
            return wrap(core.apply(ops.arg_reduce, [input.node], {"fn": fn, "axis": axis,
                                                                  "keepdims": bool(keepdim)}))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: int64 indices, the first of ties."
    return op


argmax = _argextreme("argmax")
argmin = _argextreme("argmin")


def moment_arguments(fn: str, input: Tensor, dim, unbiased, correction) -> tuple:
    """torch's ``std`` / ``var`` (and ``*_mean``) arguments as (axis, correction): ``dim`` may be
    ``unbiased`` given positionally; torch's error for integer inputs and its warning when the
    degrees of freedom are <= 0 (``fn`` names the function in it)."""
    if isinstance(dim, builtins.bool):  # std(x, unbiased)
        dim, unbiased = None, dim
    if not input.dtype.is_floating_point:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    axis = _axis(input, dim)
    n = input.numel() if axis is None else int(__import__("math").prod(input.shape[a] for a in axis))
    if n - correction <= 0:
        user_warnings.warn(user_warnings.DEGREES_OF_FREEDOM.format(fn))
    return axis, correction


def _moments(fn: str):
    def op(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:
        axis, correction = moment_arguments(fn, input, dim, unbiased, correction)
        name = f"{fn.capitalize()}Backward0"
        return wrap(core.apply(ops.moments, [input.node], {"fn": fn, "axis": axis, "correction": correction,
                                                           "keepdims": bool(keepdim)}, name=name))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = (f"``torch.{fn}(input, dim, unbiased, keepdim, *, correction)``: Bessel's correction "
                  "by default; nan and torch's warning when the degrees of freedom are <= 0.")
    return op


std = _moments("std")
var = _moments("var")


def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:
    """``torch.norm`` (vector norms; "fro" is the 2-norm over the given dims); gradient 0 at 0."""
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise RuntimeError(f"norm with p='{p}' is not supported by gradcompat.torch")
    return vector_norm(input, p, dim, keepdim, dtype=dtype)


def vector_norm(x: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """``torch.linalg.vector_norm``."""
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. "
                           f"Got {dtypes.SCALAR_TYPE_NAMES[x.dtype.name]}")
    out = dtypes.to_dtype(dtype) if dtype is not None else x.dtype
    return wrap(core.apply(ops.vector_norm, [x.node], {"p": float(ord), "axis": _axis(x, dim),
                                                       "keepdims": bool(keepdim), "dtype": out.np_name},
                           name="LinalgVectorNormBackward0"))


def logsumexp(input: Tensor, dim, keepdim: bool = False) -> Tensor:
    """``torch.logsumexp``; integer inputs give float32."""
    x = input if input.dtype.is_floating_point else input.to(dtypes.default_float)
    return wrap(core.apply(ops.logsumexp, [x.node], {"axis": _axis(x, dim), "keepdims": bool(keepdim)},
                           name="LogsumexpBackward0"))


def _cumulative(fn: str, grad_name: str):
    def op(input: Tensor, dim: int, *, dtype=None) -> Tensor:
        out = _int_result(dtype, input)
        axis = _axis(input, dim)
        return wrap(core.apply(ops.cumulative, [input.node], {"fn": fn, "axis": axis[0] if axis else None,
                                                               "dtype": out.np_name}, name=grad_name))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: integer inputs accumulate in int64."
    return op


cumsum = _cumulative("cumsum", "CumsumBackward0")
cumprod = _cumulative("cumprod", "CumprodBackward0")


def _truth(fn: str):
    def op(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:
        with core.recording.grad_mode(False):  # bool results never require grad
            return wrap(core.apply(ops.reduce, [input.node], {"fn": fn, "axis": _axis(input, dim),
                                                              "keepdims": bool(keepdim), "dtype": "bool"}))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: a bool tensor."
    return op


all = _truth("all")  # noqa: A001
any = _truth("any")  # noqa: A001


__all__ = ["all", "amax", "amin", "any", "argmax", "argmin", "cumprod", "cumsum", "logsumexp", "max", "min",
           "norm", "prod", "std", "var"]
