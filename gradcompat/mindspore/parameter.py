"""``mindspore.Parameter`` and ``ParameterTuple``: storage with identity (a core StateCell).

A Parameter's node is a read of its cell (a snapshot in PyNative mode), refreshed when
its value is set, so gradients with respect to a Parameter are gradients with respect to
that read node.
"""
from __future__ import annotations

import itertools
from typing import Any, Iterable

import jax.numpy as jnp
import numpy as np

from ..core import Constant, Node, StateCell, apply, recording
from . import _kernels as K
from . import dtype as mstype
from . import _tracing
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
        """A read of the stored value (active tapes hear of it: see ops.GradOperation); in a
        compiled call after a write of this Parameter (``ops.assign_add``...), the written value."""
        written = _tracing.latest_write(self._cell)
        return self._cell.read() if written is None else written

    @property
    def name(self) -> str:
        return self._cell.name

    @name.setter
    def name(self, value: str) -> None:
        self._cell.name = value
        self._default_name = False

    @property
    def data(self) -> Tensor:
        """The value as a plain Tensor (MindSpore 2.x returns a Tensor here); inside a
        compiled call, the value the Parameter holds when the program runs."""
        if recording.deferred():
            return Tensor._from_node(self._cell.read())
        return Tensor._from_node(Constant(self._cell.value))

    def value(self) -> Tensor:
        return self.data

    def set_data(self, data: Any, slice_shape: bool = False) -> "Parameter":
        """Replace the stored value (in place: the Parameter keeps its identity); inside a
        compiled call (GRAPH_MODE, ``jit``) a deferred write of the program."""
        if isinstance(data, Tensor) and (recording.deferred() or data.node.value is None):
            self._write(data)
            return self
        array = data._jax_value() if isinstance(data, Tensor) else jnp.asarray(_array_from(data, None))
        self._cell.value = jnp.asarray(array, dtype=self._cell.value.dtype)
        return self

    def clone(self, init: Any = "same") -> "Parameter":
        """A new Parameter with the same name and flags, holding a copy of the value
        (``init='same'``) or ``zeros``/``ones`` of its shape (what optimizers use for slots)."""
        value = self._cell.value
        if init == "zeros":
            value = jnp.zeros_like(value)
        elif init == "ones":
            value = jnp.ones_like(value)
        elif init != "same":
            raise ValueError(f"For 'Parameter.clone', 'init' {init!r} is not supported here.")
        return Parameter(np.asarray(value), name=self.name, requires_grad=self.requires_grad)

    def _write(self, value: Tensor) -> None:
        """Store a Tensor's value (cast to the Parameter's dtype): now in PyNative, as a
        deferred write of the compiled call being traced in GRAPH_MODE / ``jit``."""
        node = value.node
        if node.aval.dtype != self._cell.aval.dtype:
            node = apply(K.cast, [node], {"dtype": self._cell.aval.dtype.name}, name="Cast")
        _tracing.record_write(self._cell.assign(node))

    def _replace_value(self, node: Node) -> None:
        """``p[index] = value``: a write of the updated value (deferred in GRAPH_MODE)."""
        self._write(Tensor._from_node(node))

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

    def clone(self, prefix: str, init: Any = "same") -> "ParameterTuple":
        """Clones of every Parameter, named ``<prefix>.<name>`` (optimizer moment slots)."""
        clones = []
        for p in self:
            c = p.clone(init)
            c.name = f"{prefix}.{p.name}"
            clones.append(c)
        return ParameterTuple(clones)


__all__ = ["Parameter", "ParameterTuple", "mstype"]
