"""What every dialect tensor class shares: a handle on a core node, usable by JAX.

Subclasses are registered as JAX pytrees (their one leaf is the node's value), so
``jax.jit``, ``jax.vmap`` and ``jax.grad`` accept them and they can hold tracers.
"""
from __future__ import annotations

import jax
import numpy as np

from .graph import Constant, Node


class Handle:
    """A dialect tensor: ``self.node`` is its place in the one graph."""

    node: Node

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        jax.tree_util.register_pytree_node(cls, lambda t: ((t._jax_value(),), None),
                                           lambda _, children: cls._from_node(Constant(children[0])))

    @classmethod
    def _from_node(cls, node: Node):
        """Wrap a node without running the dialect's constructor."""
        self = object.__new__(cls)
        self.node = node
        return self

    def _jax_value(self):
        """The node's value; dialects override to materialize or to raise their own error."""
        if self.node.value is None:
            raise ValueError("this tensor has no value yet (it is deferred)")
        return self.node.value

    def __jax_array__(self):
        return self._jax_value()

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self._jax_value())
        return array.astype(dtype) if dtype is not None else array

    def __dlpack__(self, *args, **kwargs):
        return self._jax_value().__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._jax_value().__dlpack_device__()
