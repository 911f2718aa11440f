"""MindSpore's state and control primitives: Assign, AssignAdd, AssignSub (and ``ops.assign_add`` /
``assign_sub``), Depend, StopGradient."""
from __future__ import annotations

from typing import Any

from ...core import Constant
from ...core import stop_gradient as core_stop_gradient
from .. import dtype as mstype
from ..parameter import Parameter
from ..tensor import Tensor, result_dtype
from .primitives import Primitive, apply_kernel, as_tensor
from .value_checks import call_name


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


def _assign_update(name: str, variable: Any, value: Any, op: str) -> Tensor:
    """``variable op= value`` in place (AssignAdd / AssignSub), with MindSpore's checks: Tensor
    operands, the same rank and shape (no broadcasting), and no promotion of the variable's
    dtype (an in-place op keeps it)."""
    if not isinstance(variable, Tensor) or not isinstance(value, (Tensor, bool, int, float)):
        raise TypeError(f'Failed calling {name} with "{name}()(variable={call_name(variable)}, '
                        f'value={call_name(value)})".\nThe valid calling should be: \n'
                        f'"{name}()(variable=<Tensor>, value=<Number, Tensor>)".')
    wanted = result_dtype(variable, value)
    if wanted != variable.dtype.np_dtype:
        raise TypeError("Data type conversion is not supported for a 'Parameter', nor for the input tensor of an "
                        f"in-place operator, so data type {variable.dtype}, which cannot be converted to data type "
                        f"{mstype.from_numpy(wanted)} automatically.")
    value = as_tensor(value)
    if value.ndim != variable.ndim:
        raise ValueError(f"For '{name}','value' must have the same rank as 'variable'. But got 'value' rank: "
                         f"{value.ndim}, 'variable' rank: {variable.ndim}.")
    if value.shape != variable.shape:
        shape = ", ".join(str(d) for d in value.shape)
        mine = ", ".join(str(d) for d in variable.shape)
        raise ValueError(f"For '{name}','value' must have the same shape as 'variable'. But got 'value' shape: "
                         f"({shape}), 'variable' shape: ({mine}).")
    current = Tensor._from_node(variable.node)
    return _write(name, variable, current + value if op == "add" else current - value)


class AssignAdd(Primitive):
    """``ops.AssignAdd()(variable, value)``: adds ``value`` (of the variable's shape and a dtype
    that does not widen it) into the Parameter (or Tensor) in place; returns the new value."""

    name = "AssignAdd"

    def __init__(self) -> None:
        super().__init__()
        self.add_prim_attr("side_effect_mem", True)

    def __call__(self, variable: Parameter, value: Any) -> Tensor:
        return _assign_update(self.name, variable, value, "add")


class AssignSub(Primitive):
    """``ops.AssignSub()(variable, value)``: as AssignAdd, subtracting."""

    name = "AssignSub"

    def __init__(self) -> None:
        super().__init__()
        self.add_prim_attr("side_effect_mem", True)

    def __call__(self, variable: Parameter, value: Any) -> Tensor:
        return _assign_update(self.name, variable, value, "sub")


def assign_add(variable: Parameter, value: Any) -> Tensor:
    """``ops.assign_add(variable, value)``: ``variable += value`` in place; returns the new value."""
    return _assign_update("AssignAdd", variable, value, "add")


def assign_sub(variable: Parameter, value: Any) -> Tensor:
    """``ops.assign_sub(variable, value)``: ``variable -= value`` in place; returns the new value."""
    return _assign_update("AssignSub", variable, value, "sub")


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
