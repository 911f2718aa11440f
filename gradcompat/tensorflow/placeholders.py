"""TF1's ``placeholder``: a core Placeholder leaf, fed through ``Session.run``'s feed_dict."""
from __future__ import annotations

import weakref

from .. import core
from ..core import kernels
from . import dtypes as _dt
from .graph import executing_eagerly, get_default_graph
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor

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
    get_default_graph().register(tensor)
    return tensor


def placeholder_with_default(input, shape, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.compat.v1.placeholder_with_default``: ``input`` unless a value is fed (of ``shape``)."""
    value = convert_to_tensor(input)
    node = core.apply(kernels.identity, [value.node], name="PlaceholderWithDefault")
    graph = get_default_graph()
    tensor = Tensor(node, value.dtype, TensorShape(None if shape is None else list(shape)),
                    graph.unique_name(name or "PlaceholderWithDefault") + ":0")
    graph.register(tensor)
    return tensor


def tensor_of(node):
    """The placeholder tensor of a core Placeholder node (for TF's error texts)."""
    return _tensors.get(node)
