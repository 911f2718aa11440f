"""MindSpore's state and control primitives: Assign, AssignAdd, Depend, StopGradient."""
from __future__ import annotations

from typing import Any

from ...core import stop_gradient as core_stop_gradient
from ..parameter import Parameter
from ..tensor import Tensor
from .primitives import Primitive, apply_kernel, as_tensor


def _check_parameter(name: str, variable: Any) -> Parameter:
    if not isinstance(variable, Parameter):
        raise TypeError(f"For primitive[{name}], the input argument[variable] must be a type of "
                        f"{{Tensor,}}, but got {type(variable).__name__}.")
    return variable


class Assign(Primitive):
    """``ops.Assign()(variable, value)``: writes ``value`` into the Parameter and returns it."""

    name = "Assign"

    def __call__(self, variable: Parameter, value: Any) -> Parameter:
        variable = _check_parameter(self.name, variable)
        value = as_tensor(value)
        variable.set_data(value)
        return variable


class AssignAdd(Primitive):
    """``ops.AssignAdd()(variable, value)``: adds ``value`` into the Parameter in place."""

    name = "AssignAdd"

    def __call__(self, variable: Parameter, value: Any) -> Parameter:
        variable = _check_parameter(self.name, variable)
        variable.set_data(variable.data + as_tensor(value))
        return variable


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
