"""``tf.compat.v1.train.Optimizer``: compute_gradients / apply_gradients / minimize in graph mode.

Gradients come from ``tf.gradients`` (core's vjp). ``apply_gradients`` builds one
operation whose effect writes every variable and slot (and increments global_step): run
by ``Session.run`` it is one program through ``core.run``, so a training loop compiles
its step once. Every update reads the values from before the step, as TF's do.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax.numpy as jnp

from ... import core
from .. import dtypes as _dt
from ..autodiff import gradients
from ..graph import GraphKeys, get_default_graph
from ..indexed_slices import IndexedSlices
from ..operations import Operation
from ..tensor import Tensor, convert_to_tensor
from ..variables import Variable, trainable_variables


def hyperparameter(value: Any, dtype: _dt.DType) -> core.Node:
    """A learning rate (or other hyperparameter) as a node of the variable's dtype: a python
    number is a constant, a tensor (a placeholder, a decayed rate) is used as it is."""
    if callable(value) and not isinstance(value, (Tensor, Variable)):
        value = value()
    if isinstance(value, (Tensor, Variable)):
        return convert_to_tensor(value).node
    return core.Constant(jnp.asarray(value, dtype=dtype.np))


class Optimizer:
    """The TF1 optimizer base: subclasses give ``_create_slots`` and ``_apply_dense``."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict[Variable, Variable]] = {}
        self._non_slot: dict[str, Variable] = {}

    def get_name(self) -> str:
        return self._name

    # -- gradients -----------------------------------------------------------------
    def compute_gradients(self, loss, var_list=None, gate_gradients: int = GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops: bool = False, grad_loss=None) -> list[tuple]:
        """(gradient, variable) pairs of ``loss`` for ``var_list`` (default: the trainable
        variables); a variable the loss does not reach gets None."""
        if var_list is None:
            var_list = trainable_variables()
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=None if grad_loss is None else [grad_loss],
                          aggregation_method=aggregation_method,
                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step: Variable | None = None,
                        name: str | None = None) -> Operation:
        """One operation applying every (gradient, variable) pair, then ``global_step += 1``."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        pairs = [(g if isinstance(g, IndexedSlices) else convert_to_tensor(g), v)
                 for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v in grads_and_vars]}.")
        graph = get_default_graph()
        with graph.name_scope(None):
            self._create_slots([v for _, v in pairs])
        writes: list[tuple[core.StateCell, core.Node]] = []
        with graph.name_scope(name or self._name) as scope:
            for grad, var in pairs:
                if isinstance(grad, IndexedSlices):
                    writes += self._apply_sparse(grad, var)
                else:
                    writes += self._apply_dense(grad, var)
            writes += self._finish()
            if global_step is not None:
                step = global_step._as_tensor()
                writes.append((global_step._cell, (step + convert_to_tensor(1, dtype=step.dtype)).node))
        op = Operation(scope[:-1], "NoOp" if global_step is None else "AssignAdd",
                       core.Effect(writes, after=graph.current_control_inputs()))
        graph.register(op)
        graph.add_to_collection(GraphKeys.TRAIN_OP, op)
        return op

    def minimize(self, loss, global_step: Variable | None = None, var_list=None, gate_gradients: int = GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops: bool = False, name: str | None = None,
                 grad_loss=None) -> Operation:
        """``compute_gradients`` then ``apply_gradients``; TF's error when no variable gets a gradient."""
        grads_and_vars = self.compute_gradients(loss, var_list, gate_gradients, aggregation_method,
                                                colocate_gradients_with_ops, grad_loss)
        if all(g is None for g, _ in grads_and_vars):
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                             f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                             f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    # -- slots ---------------------------------------------------------------------
    def _zeros_slot(self, var: Variable, slot_name: str, op_name: str, fill: float = 0.0) -> Variable:
        """A non-trainable variable ``<var>/<op_name>`` beside ``var``, filled with ``fill`` (made once)."""
        slots = self._slots.setdefault(slot_name, {})
        if var not in slots:
            slots[var] = Variable(jnp.full(var.shape.dims, fill, var.dtype.np), trainable=False,
                                  name=f"{var.name[:-2]}/{op_name}")
        return slots[var]

    def _non_slot_variable(self, name: str, initial: float, dtype: _dt.DType) -> Variable:
        """A scalar shared by all variables (Adam's beta powers), made once."""
        if name not in self._non_slot:
            self._non_slot[name] = Variable(jnp.asarray(initial, dtype.np), trainable=False, name=name)
        return self._non_slot[name]

    def get_slot(self, var: Variable, name: str) -> Variable | None:
        """The slot variable ``name`` of ``var`` (None if there is none)."""
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self) -> list[str]:
        return sorted(self._slots)

    def variables(self) -> list[Variable]:
        """The optimizer's own variables: non-slot ones, then slots."""
        slot_vars = [v for slots in self._slots.values() for v in slots.values()]
        return [*self._non_slot.values(), *sorted(slot_vars, key=lambda v: v.name)]

    # -- what subclasses define ----------------------------------------------------
    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        pass

    def _apply_dense(self, grad: Tensor, var: Variable) -> list[tuple]:
        raise NotImplementedError

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> list[tuple]:
        """Rows of a gather's gradient: by default the dense update (equal for optimizers
        whose sparse kernels update every row, like GradientDescent and Adam)."""
        return self._apply_dense(convert_to_tensor(grad), var)

    def _finish(self) -> list[tuple]:
        return []
