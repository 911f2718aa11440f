"""The base of MindSpore primitives (``ops.MatMul()(x, y)``) and what every primitive module
shares: coercing operands to Tensors and applying one kernel to them.

A primitive is an object holding its attributes; calling it applies a pure JAX kernel
through core, with MindSpore's checks and error texts. The primitives themselves live in
math_ops, array_ops, nn_ops and state_ops; their functional forms in functional.
"""
from __future__ import annotations

from typing import Any, Callable

from ...core import apply
from ..tensor import Tensor


class Primitive:
    """Base of MindSpore primitives: ``name`` is the operator name used in error texts, and
    ``repr`` is MindSpore's ``Prim[Name]<attr=value, ...>`` (attributes in MindSpore's order)."""

    name = "Primitive"

    def __init__(self) -> None:
        self._attrs: dict[str, Any] = {}

    def add_prim_attr(self, name: str, value: Any) -> "Primitive":
        """Record an attribute shown by ``repr`` (MindSpore's ``Primitive.add_prim_attr``)."""
        if not hasattr(self, "_attrs"):
            self._attrs = {}
        self._attrs[name] = value
        return self

    def __repr__(self) -> str:
        attrs = getattr(self, "_attrs", None)
        if not attrs:
            return f"Prim[{self.name}]"
        return f"Prim[{self.name}]<" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + ">"


def as_tensor(x: Any) -> Tensor:
    """``x`` as a Tensor (python numbers and numpy data with MindSpore's default dtypes)."""
    return x if isinstance(x, Tensor) else Tensor(x)


def apply_kernel(fn: Callable, inputs: list, name: str, **static: Any) -> Tensor:
    """A Tensor computed by ``fn`` from the inputs' nodes, with hashable static attributes."""
    return Tensor._from_node(apply(fn, [as_tensor(x).node for x in inputs], static, name=name))


def normalize_axis(axis: int, ndim: int, name: str | None = None, what: str = "axis") -> int:
    """A non-negative axis; with ``name``, MindSpore's error for one outside [-ndim, ndim)."""
    if name is not None and not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"For primitive[{name}], the {what} must be in [{-ndim},{ndim}), but got {axis}.")
    return axis + ndim if axis < 0 else axis


def check_float(name: str, x: Tensor, arg: str, allowed: str) -> None:
    """MindSpore's TypeError for a primitive that takes only the dtypes listed in ``allowed``."""
    if x.dtype.np_dtype.kind != "f":
        raise TypeError(f"For primitive[{name}], the input argument[{arg}] must be a type of {{{allowed}}}, but "
                        f"got {x.dtype}.")


def check_operand(name: str, x: Any) -> None:
    """MindSpore's TypeError for an operand that is neither a Tensor nor a number."""
    if not isinstance(x, (Tensor, bool, int, float)):
        kind = {"str": "string"}.get(type(x).__name__, type(x).__name__)
        raise TypeError(f'Failed calling {name} with "{name}()(input={kind})".')

