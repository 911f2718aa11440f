"""TF1's ``placeholder``: a core Placeholder leaf, fed through ``Session.run``'s feed_dict."""
from __future__ import annotations

import weakref

from .. import core
from . import dtypes as _dt
from .graph import executing_eagerly, get_default_graph
from .shapes import TensorShape
from .tensor import Tensor

_tensors: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def placeholder(dtype, shape=None, name: str | None = None) -> Tensor:
    """``tf.compat.v1.placeholder(dtype, shape=None, name=None)``; shape may be partial or unknown."""
    if executing_eagerly():
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    dtype = _dt.as_dtype(dtype)
    shape = TensorShape(None if shape is None else list(shape))
    node_name = get_default_graph().unique_name(name or "Placeholder")
    node = core.Placeholder(shape.dims if shape.dims is not None else (None,), dtype.np, node_name)
    if shape.dims is None:
        node._aval = None
    tensor = Tensor(node, dtype, shape, node_name + ":0")
    _tensors[node] = tensor
    return tensor


def tensor_of(node):
    """The placeholder tensor of a core Placeholder node (for TF's error texts)."""
    return _tensors.get(node)
