"""MindSpore's state and control primitives: Assign, AssignAdd, Depend, StopGradient."""
from __future__ import annotations

from typing import Any

from ...core import Constant
from ...core import stop_gradient as core_stop_gradient
from ..parameter import Parameter
from ..tensor import Tensor
from .primitives import Primitive, apply_kernel, as_tensor


def _write(name: str, variable: Any, value: Tensor) -> Tensor:
    """Store ``value`` in ``variable`` in the variable's dtype and return it as a Tensor. A
    Parameter's write is deferred in GRAPH_MODE / ``jit``; a plain Tensor (MindSpore also
    updates one in place) takes the new value now."""
    if not isinstance(variable, Tensor):
        raise TypeError(f"For primitive[{name}], the input argument[variable] must be a type of "
                        f"{{Tensor,}}, but got {type(variable).__name__}.")
    new = value if value.dtype == variable.dtype else value.astype(variable.dtype)
    if isinstance(variable, Parameter):
        variable._write(new)
    else:
        variable.node = Constant(new._jax_value())
    return Tensor._from_node(new.node)


class Assign(Primitive):
    """``ops.Assign()(variable, value)``: writes ``value`` into the Parameter; returns the
    new value as a Tensor."""

    name = "Assign"

    def __call__(self, variable: Parameter, value: Any) -> Tensor:
        return _write(self.name, variable, as_tensor(value))


class AssignAdd(Primitive):
    """``ops.AssignAdd()(variable, value)``: adds ``value`` (of the variable's rank) into the
    Parameter; returns the new value as a Tensor."""

    name = "AssignAdd"

    def __call__(self, variable: Parameter, value: Any) -> Tensor:
        value = as_tensor(value)
        if value.ndim != variable.ndim:
            raise ValueError(f"For 'AssignAdd','value' must have the same rank as 'variable'. But got 'value' rank: "
                             f"{value.ndim}, 'variable' rank: {variable.ndim}.")
        return _write(self.name, variable, Tensor._from_node(variable.node) + value)


class Depend(Primitive):
    """``ops.Depend()(value, expr)``: ``value``, after ``expr`` (eager: already run)."""

    name = "Depend"

    def __call__(self, value: Any, expr: Any) -> Any:
        return value


class StopGradient(Primitive):
    """``ops.StopGradient()(x)``: ``x`` with no gradient flowing back."""

    name = "StopGradient"

    def __call__(self, x: Any) -> Any:
        return stop_gradient(x)


def stop_gradient(value: Any) -> Any:
    """``ops.stop_gradient``: the value, with no gradient flowing back through it (Tensors
    in a tuple/list too, as MindSpore accepts)."""
    if isinstance(value, (tuple, list)):
        return type(value)(stop_gradient(v) for v in value)
    return apply_kernel(core_stop_gradient, [value], "StopGradient")
