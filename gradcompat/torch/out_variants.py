"""torch's ``out=`` argument on the functions of the ``torch`` namespace.

``torch.f(..., out=t)`` computes ``f(...)`` and writes it into ``t`` in place (one version
bump, ``t`` returned), as torch's out variants: refused while recording a graph through
an argument or ``out`` that requires grad, and with forward-mode tangents; the result is
cast to ``out``'s dtype where torch allows the cast; an ``out`` of another shape is resized
(with torch's deprecation warning when it had elements). Functions that already take
``out`` keep their own handling.
"""
from __future__ import annotations

import functools
import inspect
import warnings

from .. import core
from . import dtypes
from .tensor import Tensor

# torch functions that take out= (those the dialect defines without it get it here)
_NAMES = ("add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "floor_divide", "remainder",
          "fmod", "pow", "matmul", "mm", "bmm", "mv", "addmm", "dot", "cat", "concat", "concatenate", "stack",
          "hstack", "vstack", "sum", "mean", "prod", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin",
          "cos", "tan", "tanh", "sigmoid", "sqrt", "rsqrt", "abs", "neg", "negative", "reciprocal", "square", "sign",
          "floor", "ceil", "round", "trunc", "frac", "clamp", "clip", "maximum", "minimum", "fmax", "fmin", "atan2",
          "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_not", "logical_xor",
          "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "erf", "asin", "acos", "atan", "sinh", "cosh",
          "lerp", "cumsum", "cumprod", "logsumexp", "amax", "amin", "argmax", "argmin", "std", "var", "norm",
          "gather", "index_select", "masked_select", "where", "outer", "ger", "tril", "triu", "flip", "addcmul",
          "addcdiv", "isin", "var_mean", "nanmedian", "igamma", "igammac", "scatter_reduce", "baddbmm", "addmv",
          "kron", "xlogy", "hypot", "logaddexp", "nan_to_num")


def _tensors(args, kwargs):
    for x in list(args) + list(kwargs.values()):
        if isinstance(x, Tensor):
            yield x
        elif isinstance(x, (tuple, list)):
            yield from (y for y in x if isinstance(y, Tensor))


def write(name: str, result, out) -> Tensor:
    """Write ``result`` into ``out`` in place (resizing and casting as torch's out variants)."""
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors")
        for r, o in zip(result, out):
            write(name, r, o)
        return out
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if not isinstance(result, Tensor):
        from .functions import tensor
        result = tensor(result)
    if result.dtype is not out.dtype:
        if result.dtype.category > out.dtype.category:  # torch's can_cast: no float -> int, int -> bool
            names = dtypes.SCALAR_TYPE_NAMES
            raise RuntimeError(f"result type {names[result.dtype.name]} can't be cast to the desired output type "
                               f"{names[out.dtype.name]}")
        result = result.to(out.dtype)
    if tuple(out.shape) != tuple(result.shape):
        if out.numel():
            warnings.warn(f"An output with one or more elements was resized since it had shape {list(out.shape)}, "
                          f"which does not match the required output shape {list(result.shape)}. This behavior is "
                          "deprecated, and in a future PyTorch release outputs will not be resized unless they have "
                          "zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
                          "elements with t.resize_(0).", UserWarning, stacklevel=3)
        out.resize_(tuple(result.shape))
    return out._inplace(result)


def with_out(fn, name: str):
    """``fn`` taking torch's ``out=`` keyword."""
    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        outs = out if isinstance(out, (tuple, list)) else (out,)
        involved = list(_tensors(args, kwargs)) + [o for o in outs if isinstance(o, Tensor)]
        if core.recording.grad_enabled() and any(t.requires_grad for t in involved):
            raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        if core.forward.active():
            from .autograd import forward_ad
            if any(forward_ad.tangent_of(t) is not None for t in involved):
                raise RuntimeError(f"Trying to use forward AD with {name}_out that does not support it because it is "
                                   "an out= function")
        with core.recording.grad_mode(False):
            return write(name, fn(*args, **kwargs), out)
    wrapper.__wrapped_without_out__ = fn
    return wrapper


def install(namespace: dict) -> None:
    """Give the functions named in ``_NAMES`` of the ``torch`` namespace their ``out=``."""
    for name in _NAMES:
        fn = namespace.get(name)
        if fn is None or not callable(fn):
            continue
        try:
            if "out" in inspect.signature(fn).parameters:
                continue
        except (TypeError, ValueError):
            continue
        namespace[name] = with_out(fn, name)
