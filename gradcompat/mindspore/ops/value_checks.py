"""MindSpore's elementwise value tests: ``ops.isnan`` / ``isinf`` / ``isfinite`` and the
primitives ``IsNan`` / ``IsInf`` / ``IsFinite``, Bool results, on the existing unary kernels;
``ops.isneginf`` / ``isposinf``, and ``ops.nan_to_num``, which replaces what they find.

Inputs must be Tensors, with MindSpore 2.x's two error texts (IsNan's type-inference text,
the "Failed calling" text of IsInf and IsFinite). Known difference: MindSpore's CPU IsInf
kernel accepts only Float32 inputs; here every dtype works, as on numpy (integers are never
infinite), and ``isneginf`` / ``isposinf`` / ``nan_to_num`` accept integer inputs too (they
hold no NaN or inf: False / the input)."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from .. import _kernels as K
from ..tensor import Tensor
from .primitives import Primitive, apply_kernel

_PY_NAMES = {bool: "bool", int: "int", float: "float", str: "string", type(None): "None"}


def call_name(value: Any) -> str:
    """How MindSpore's "Failed calling X with ..." text names an argument's type."""
    if isinstance(value, Tensor):
        return "Tensor"
    if isinstance(value, (list, tuple)):
        kind = "List" if isinstance(value, list) else "Tuple"
        return f"{kind}<" + ", ".join(call_name(v) for v in value) + ">"
    name = _PY_NAMES.get(type(value))
    return name if name is not None else f"<class '{type(value).__module__}.{type(value).__qualname__}'>"


def _infer_name(value: Any) -> str:
    """How MindSpore's type inference names a non-Tensor value (``Float32``, ``List[Int64*2]``)."""
    if isinstance(value, bool):
        return "Bool"
    if isinstance(value, int):
        return "Int64"
    if isinstance(value, float):
        return "Float32"
    if isinstance(value, str):
        return "String"
    if value is None:
        return "None"
    if isinstance(value, (list, tuple)):
        kind = "List" if isinstance(value, list) else "Tuple"
        names = [_infer_name(v) for v in value]
        if names and all(n == names[0] for n in names):
            return f"{kind}[{names[0]}" + (f"*{len(names)}" if len(names) > 1 else "") + "]"
        return f"{kind}[" + ", ".join(names) + "]"
    return "External"


def _check(name: str, x: Any) -> None:
    if isinstance(x, Tensor):
        return
    if name == "IsNan":
        raise TypeError(f"For Primitive[IsNan], the type of input argument[x] must be Tensor but got "
                        f"{_infer_name(x)}.")
    raise TypeError(f'Failed calling {name} with "{name}()(input={call_name(x)})".\n'
                    f'The valid calling should be: \n"{name}()(input=<Tensor>)".')


def _test(op: str, name: str, x: Any) -> Tensor:
    _check(name, x)
    return apply_kernel(K.unary, [x], name, op=op, dtype=None)


class _ValueTest(Primitive):
    op = ""

    def __call__(self, x: Any) -> Tensor:
        return _test(self.op, self.name, x)


class IsNan(_ValueTest):
    """``ops.IsNan()(x)``: True where ``x`` is NaN (never for integer and Bool inputs)."""
    name, op = "IsNan", "isnan"


class IsInf(_ValueTest):
    """``ops.IsInf()(x)``: True where ``x`` is +-inf."""
    name, op = "IsInf", "isinf"


class IsFinite(_ValueTest):
    """``ops.IsFinite()(x)``: True where ``x`` is neither NaN nor +-inf."""
    name, op = "IsFinite", "isfinite"


def isnan(input: Any) -> Tensor:  # noqa: A002 - MindSpore's argument name
    """``ops.isnan(input)``: a Bool Tensor, True where ``input`` is NaN."""
    return _test("isnan", "IsNan", input)


def isinf(input: Any) -> Tensor:  # noqa: A002
    """``ops.isinf(input)``: a Bool Tensor, True where ``input`` is +-inf."""
    return _test("isinf", "IsInf", input)


def isfinite(input: Any) -> Tensor:  # noqa: A002
    """``ops.isfinite(input)``: a Bool Tensor, True where ``input`` is finite."""
    return _test("isfinite", "IsFinite", input)


def _signed_inf(x, *, negative: bool):
    return jnp.isneginf(x) if negative else jnp.isposinf(x)


def _signed_inf_test(name: str, input: Any, negative: bool) -> Tensor:  # noqa: A002
    if not isinstance(input, Tensor):
        raise TypeError(f"For {name}, input must be a Tensor, but got {type(input)}.")
    return apply_kernel(_signed_inf, [input], "IsInf", negative=negative)


def isneginf(input: Any) -> Tensor:  # noqa: A002
    """``ops.isneginf(input)``: a Bool Tensor, True where ``input`` is -inf."""
    return _signed_inf_test("isneginf", input, True)


def isposinf(input: Any) -> Tensor:  # noqa: A002
    """``ops.isposinf(input)``: a Bool Tensor, True where ``input`` is +inf."""
    return _signed_inf_test("isposinf", input, False)


def _nan_to_num(x, *, nan: float, posinf: float | None, neginf: float | None):
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def nan_to_num(input: Any, nan: float | None = None, posinf: float | None = None,  # noqa: A002
               neginf: float | None = None) -> Tensor:
    """``ops.nan_to_num(input, nan=None, posinf=None, neginf=None)``: NaN, +inf and -inf replaced
    by ``nan`` (default 0.0) and ``posinf`` / ``neginf`` (default: the dtype's largest and lowest finite
    values); MindSpore refuses Float64 inputs (when the value is read; here at the call). The
    gradient is 0 where a value was replaced."""
    options = {"nan": nan, "posinf": posinf, "neginf": neginf}
    bad = not isinstance(input, Tensor) or any(
        v is not None and not isinstance(v, (int, float)) for v in options.values())
    if bad:
        given = ", ".join(f"{k}={call_name(v)}" for k, v in options.items())
        raise TypeError(f'Failed calling NanToNum with "NanToNum({given})(input={call_name(input)})".\n'
                        'The valid calling should be: \n"NanToNum(nan=<bool, int, float>, posinf=<bool, int, float>, '
                        'neginf=<bool, int, float>)(input=<Tensor>)".')
    dtype = np.dtype(input.node.aval.dtype)
    if dtype == np.float64:
        raise TypeError("For NanToNum, the dtype of 'input' must not be float64.")
    if dtype.kind != "f":
        return input.copy()  # no NaN or inf to replace
    static = {k: None if v is None else float(v) for k, v in options.items()}
    static["nan"] = 0.0 if static["nan"] is None else static["nan"]
    return apply_kernel(_nan_to_num, [input], "NanToNum", **static)


__all__ = ["IsFinite", "IsInf", "IsNan", "call_name", "isfinite", "isinf", "isnan", "isneginf", "isposinf",
           "nan_to_num"]
