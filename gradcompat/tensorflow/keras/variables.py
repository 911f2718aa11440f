"""``keras.Variable`` (Keras 3 on TensorFlow): a named wrapper of a ``tf.Variable``.

Its ``name`` is the short name (``kernel``), ``path`` the full one (``dense/kernel``),
``value`` the ``tf.Variable`` (named ``dense/kernel:0``), ``shape`` a tuple and ``dtype``
a string, with Keras's repr. Tapes, ops and ``tf.convert_to_tensor`` see the ``tf.Variable``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ... import core
from .. import tracing
from ..math_ops import _install_operators
from ..variables import Variable as _TFVariable
from . import naming


class Variable(core.Handle):
    """``keras.Variable(initializer, shape=None, dtype=None, trainable=True, name=None)``."""

    def __init__(self, initializer: Any, shape=None, dtype=None, trainable: bool = True, name: str | None = None,
                 aggregation: str = "none"):
        if callable(initializer):
            initializer = initializer(shape, dtype=dtype or "float32")
        self.name = name or "variable"
        self.path = naming.path(self.name)
        self.aggregation = aggregation  # how tf.distribute replicas' writes combine ("sum" for metrics)
        with tracing.init_scope():  # created on a first call inside tf.function: lifted, as in TF
            self.value = _TFVariable(initializer, trainable=trainable, name=self.path, dtype=dtype,
                                     aggregation=aggregation)

    # what tapes, ops and convert_to_tensor use: the tf.Variable's
    @property
    def node(self) -> core.Node:
        return self.value.node

    @property
    def _cell(self) -> core.StateCell:
        return self.value._cell

    def _as_tensor(self):
        return self.value._as_tensor()

    def _jax_value(self):
        return self.value._jax_value()

    @property
    def trainable(self) -> bool:
        return self.value.trainable

    @property
    def shape(self) -> tuple:
        return tuple(self.value.shape.as_list())

    @property
    def dtype(self) -> str:
        return self.value.dtype.name

    def numpy(self):
        return self.value.numpy()

    def assign(self, value):
        self.value.assign(value)
        return self

    def assign_add(self, value):
        self.value.assign_add(value)
        return self

    def assign_sub(self, value):
        self.value.assign_sub(value)
        return self

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __int__(self) -> int:
        return int(self.numpy())

    def __float__(self) -> float:
        return float(self.numpy())

    def __index__(self) -> int:
        return int(self.numpy())

    def __repr__(self) -> str:
        return f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}, value={self.numpy()}>"

    def __hash__(self) -> int:
        return id(self)


_install_operators(Variable)
