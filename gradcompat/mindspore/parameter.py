"""``mindspore.Parameter`` and ``ParameterTuple``: storage with identity (a core StateCell).

A Parameter's node is a read of its cell (a snapshot in PyNative mode), refreshed when
its value is set, so gradients with respect to a Parameter are gradients with respect to
that read node.
"""
from __future__ import annotations

import itertools
from typing import Any, Iterable

import jax.numpy as jnp

from ..core import Constant, Node, StateCell
from . import dtype as mstype
from .tensor import Tensor, _array_from

_counter = itertools.count(1)


class Parameter(Tensor):
    """``Parameter(default_input, name=None, requires_grad=True)``.

    Reproduces MindSpore 2.x: an unnamed Parameter is called ``Parameter#N`` until a Cell
    attribute names it; ``repr``/``print`` give ``Parameter (name=.., shape=.., dtype=..,
    requires_grad=..)``; arithmetic on a Parameter gives plain Tensors.
    """

    def __init__(self, default_input: Any, name: str | None = None, requires_grad: bool = True,
                 layerwise_parallel: bool = False, parallel_optimizer: bool = True) -> None:
        self._cell = StateCell(jnp.asarray(_array_from(default_input, None)), owner=self)
        self._default_name = name is None
        number = next(_counter)  # MindSpore counts every Parameter, named or not
        self._cell.name = name if name is not None else f"Parameter#{number}"
        self.requires_grad = requires_grad

    @classmethod
    def _from_node(cls, node: Node) -> Tensor:
        return Tensor._from_node(node)

    @property
    def node(self) -> Node:  # type: ignore[override]
        """A read of the stored value (active tapes hear of it: see ops.GradOperation)."""
        return self._cell.read()

    @property
    def name(self) -> str:
        return self._cell.name

    @name.setter
    def name(self, value: str) -> None:
        self._cell.name = value
        self._default_name = False

    @property
    def data(self) -> Tensor:
        """The value as a plain Tensor (MindSpore 2.x returns a Tensor here)."""
        return Tensor._from_node(Constant(self._cell.value))

    def value(self) -> Tensor:
        return self.data

    def set_data(self, data: Any, slice_shape: bool = False) -> "Parameter":
        """Replace the stored value (in place: the Parameter keeps its identity)."""
        array = data._jax_value() if isinstance(data, Tensor) else jnp.asarray(_array_from(data, None))
        self._cell.value = jnp.asarray(array, dtype=self._cell.value.dtype)
        return self

    def __repr__(self) -> str:
        return (f"Parameter (name={self.name}, shape={self.shape}, dtype={self.dtype}, "
                f"requires_grad={self.requires_grad})")

    __str__ = __repr__


class ParameterTuple(tuple):
    """A tuple of Parameters (``ParameterTuple(net.trainable_params())``)."""

    def __new__(cls, iterable: Iterable[Parameter]) -> "ParameterTuple":
        items = tuple(iterable)
        for p in items:
            if not isinstance(p, Parameter):
                raise TypeError(f"For ParameterTuple initialization, ParameterTuple input should be "
                                f"'Parameter' collection, but got a {type(items)}. ")
        return super().__new__(cls, items)


__all__ = ["Parameter", "ParameterTuple", "mstype"]
