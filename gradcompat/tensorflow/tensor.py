"""``tf.Tensor``: a handle on a core node, with TF's dtype, static shape, name and reprs.

Eager tensors hold values; graph-mode tensors (TF1) hold deferred nodes named as TF
names them (``add:0``, ``add_1:0``) and get values only inside ``Session.run``.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import context as _context
from . import dtypes as _dt
from .errors import OperatorNotAllowedInGraphError
from .graph import executing_eagerly, get_default_graph
from .shapes import TensorShape


class Tensor(core.Handle):
    """A TF tensor: eager (has a value) or symbolic (graph mode)."""

    def __init__(self, node: core.Node, dtype: _dt.DType, shape: TensorShape, name: str | None = None):
        self.node = node
        self._dtype = dtype
        self._shape = shape
        self._name = name
        self._graph = None if name is None else get_default_graph()
        if name is None:  # an eager tensor: TF's runtime has started (tf.config settings now fixed)
            _context.mark_initialized()

    @classmethod
    def _from_node(cls, node: core.Node):
        aval = node.aval
        if aval is None:  # a graph tensor of partial shape: the one made for this node
            return get_default_graph().tensor_for(node)
        return Tensor(node, _dt.as_dtype(aval.dtype), TensorShape(aval.shape))

    # -- properties --------------------------------------------------------------
    @property
    def dtype(self) -> _dt.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    @property
    def ndim(self) -> int | None:
        return self._shape.rank

    @property
    def name(self) -> str:
        if self._name is None:
            raise AttributeError("Tensor.name is undefined when eager execution is enabled.")
        return self._name

    @property
    def graph(self):
        return self._graph

    @property
    def device(self) -> str:
        """``Tensor.device``: TF's name of the device holding an eager tensor's value (``''``
        for a graph or traced tensor)."""
        from .device import device_name
        return "" if self._name is not None else device_name(self.node.value)

    backing_device = device

    @property
    def op(self):
        from .operations import Operation
        return Operation(self.name.rsplit(":", 1)[0], op_type(self.node), self.node)

    # -- values ------------------------------------------------------------------
    def _jax_value(self):
        if self.node.value is None:
            raise NotImplementedError("numpy() is only available when eager execution is enabled.")
        return self.node.value

    def numpy(self):
        """Eager ``Tensor.numpy()``: an ndarray, or a numpy scalar for rank 0."""
        if self.node.value is None:  # a graph tensor has no numpy() in TF (AttributeError there)
            raise AttributeError("'SymbolicTensor' object has no attribute 'numpy'")
        array = np.asarray(self._jax_value())
        return array[()] if array.ndim == 0 else array

    def eval(self, feed_dict=None, session=None):
        """TF1 ``Tensor.eval``: run this tensor in the given or the default session."""
        from .session import eval_tensor
        return eval_tensor(self, feed_dict, session)

    # -- text --------------------------------------------------------------------
    def _numpy_text(self, is_repr: bool) -> str:
        value = self.numpy()
        if is_repr:
            text = repr(value.item() if hasattr(value, "item") else value) if np.isscalar(value) else repr(value)
        else:
            text = str(value)
        return "\n" + text if "\n" in text else text

    def __repr__(self) -> str:
        if self.node.value is None or self._name is not None:
            return f"<tf.Tensor '{self._name}' shape={self._shape.graph_text()} dtype={self._dtype.name}>"
        return f"<tf.Tensor: shape={self._shape}, dtype={self._dtype.name}, numpy={self._numpy_text(True)}>"

    def __str__(self) -> str:
        if self.node.value is None or self._name is not None:
            return f'Tensor("{self._name}", shape={self._shape}, dtype={self._dtype.name})'
        return f"tf.Tensor({self._numpy_text(False)}, shape={self._shape}, dtype={self._dtype.name})"

    def __hash__(self) -> int:
        return id(self)

    def ref(self) -> "Reference":
        """``Tensor.ref()``: a hashable reference (a dict key); ``.deref()`` gives the tensor back."""
        return Reference(self)

    def __bool__(self) -> bool:
        if self.node.value is None:
            raise OperatorNotAllowedInGraphError(
                "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed in Graph execution. Use Eager "
                "execution or decorate this function with @tf.function.")
        return bool(self.numpy())

    def __len__(self) -> int:
        if self._shape.dims is None or not self._shape.dims:
            raise TypeError("len is not well defined for a rank-0 or unknown-rank Tensor.")
        return self._shape.dims[0]

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    __array_priority__ = 100


# ---------------------------------------------------------------------------- making tensors

def op_type(node: core.Node) -> str:
    """The TF op type behind a node (``MatMul``, ``Placeholder``, ``Const``...)."""
    if isinstance(node, core.Placeholder):
        return "Placeholder"
    if isinstance(node, core.Read):
        return "ReadVariableOp"
    if isinstance(node, core.Op):
        return node.name or "Identity"
    return "Const"


def wrap(node: core.Node, dtype: _dt.DType, shape: TensorShape, op_type: str, name: str | None = None) -> Tensor:
    """A Tensor for a new node; in graph mode it gets TF's unique name (``op_type`` or ``name``)."""
    tensor_name = None
    if not executing_eagerly():
        graph = get_default_graph()
        tensor_name = graph.unique_name(name or op_type) + ":0"
        graph.attach_control(node)  # made inside control_dependencies: runs after them
        tensor = Tensor(node, dtype, shape, tensor_name)
        graph.register(tensor)
        return tensor
    return Tensor(node, dtype, shape, tensor_name)


_PROBES = (1009, 1013)


def infer(fn, static: dict, tensors: Sequence[Tensor]) -> tuple[_dt.DType | None, TensorShape]:
    """Result dtype and static shape of ``fn`` on tensors whose shapes may be partial.

    Unknown dims are probed with two sizes; result dims that differ are unknown.
    """
    shapes = [t.shape.dims for t in tensors]
    if any(s is None for s in shapes):
        return None, TensorShape(None)
    results = []
    for probe in _PROBES:
        args = [jax.ShapeDtypeStruct(tuple(probe if d is None else d for d in s), t.dtype.np)
                for s, t in zip(shapes, tensors)]
        try:
            results.append(jax.eval_shape(lambda *xs: fn(*xs, **static), *args))
        except Exception:  # noqa: BLE001 - an unknown dim the op cannot take: shape unknown
            return None, TensorShape(None)
        if all(d is not None for s in shapes for d in s):
            break
    a = results[0]
    b = results[-1]
    dims = [x if x == y else None for x, y in zip(a.shape, b.shape)]
    return _dt.as_dtype(a.dtype), TensorShape(dims)


class Reference:
    """What ``Tensor.ref()`` / ``Variable.ref()`` return: equal only for the same object."""

    def __init__(self, wrapped: Any):
        self._wrapped = wrapped

    def deref(self) -> Any:
        return self._wrapped

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Reference) and other._wrapped is self._wrapped

    def __hash__(self) -> int:
        return id(self._wrapped)

    def __repr__(self) -> str:
        return f"<Reference wrapping {self._wrapped!r}>"


def make_op(fn, tensors: Sequence[Tensor], static: dict | None = None, op_type: str = "",
            name: str | None = None, dtype: _dt.DType | None = None) -> Tensor:
    """Apply a pure JAX op to tensors through core; the result as a TF tensor."""
    static = static or {}
    node = core.apply(fn, [t.node for t in tensors], static, name=op_type)
    aval = node.aval
    if aval is not None:
        out_dtype, shape = _dt.as_dtype(aval.dtype), TensorShape(aval.shape)
    else:
        out_dtype, shape = infer(fn, static, tensors)
    return wrap(node, out_dtype or dtype or tensors[0].dtype, shape, op_type, name)


def _infer_python_dtype(value: Any) -> _dt.DType:
    try:
        array = np.asarray(value)
    except ValueError:  # numpy's inhomogeneous-shape error
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor.") from None
    if array.dtype.kind == "b":
        return _dt.bool
    if array.dtype.kind in "iu":
        if array.size and (array.max() > np.iinfo(np.int32).max or array.min() < np.iinfo(np.int32).min):
            return _dt.int64
        return _dt.int32
    if array.dtype.kind == "f":
        return _dt.float32
    if array.dtype.kind == "c":
        return _dt.complex128
    if array.dtype.kind in "SU" or (array.dtype.kind == "O" and array.size
                                     and all(isinstance(v, (str, bytes)) for v in array.flat)):
        return _dt.string
    raise TypeError(f"Failed to convert elements of {value!r} to Tensor.")


def _byte_strings(value: Any) -> np.ndarray:
    """A numpy object array of bytes: TF's string tensors hold bytes (str is UTF-8 encoded)."""
    array = np.asarray(value, dtype=object)
    flat = [v.encode() if isinstance(v, str) else bytes(v) if isinstance(v, (bytes, np.bytes_)) else None
            for v in array.flat]
    if any(v is None for v in flat):
        raise TypeError(f"Failed to convert elements of {value!r} to Tensor.")
    out = np.empty(array.shape, dtype=object)
    out.flat[:] = flat if flat else []
    return out


def _convert_value(value: Any, dtype: _dt.DType | None) -> tuple[np.ndarray, _dt.DType]:
    if dtype == _dt.string or (dtype is None and _infer_string(value)):
        return _byte_strings(value), _dt.string
    if isinstance(value, (np.ndarray, np.generic, jax.Array)):
        array = np.asarray(value)
        target = dtype or _dt.as_dtype(array.dtype)
        return array.astype(target.np), target
    target = dtype or _infer_python_dtype(value)
    array = np.asarray(value)
    if target.is_integer and array.dtype.kind == "f" and not np.all(np.equal(np.mod(array, 1), 0)):
        if executing_eagerly():
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {target.name}")
        raise TypeError(f"Expected {target.name}, but got {value!r} of type '{type(value).__name__}'.")
    return array.astype(target.np), target


def _infer_string(value: Any) -> bool:
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            return _infer_python_dtype(value) == _dt.string
        except (TypeError, ValueError):
            return False
    return False


def constant(value: Any, dtype=None, shape=None, name: str = "Const") -> Tensor:
    """``tf.constant``: python floats become float32, ints int32, numpy keeps its dtype."""
    if isinstance(value, Tensor):
        value = value.numpy()
    array, target = _convert_value(value, None if dtype is None else _dt.as_dtype(dtype))
    if shape is not None:
        array = np.broadcast_to(array, tuple(shape)) if array.size == 1 else array.reshape(tuple(shape))
    if target == _dt.string:  # strings stay on the host: no JAX type holds them
        if not executing_eagerly():
            raise NotImplementedError("gradcompat: string tensors are supported in eager mode only")
        return Tensor(core.Constant(array), target, TensorShape(array.shape))
    node = core.Constant(jnp.asarray(array, dtype=target.np))
    return wrap(node, target, TensorShape(array.shape), "Const", name if name != "Const" else None)


def convert_to_tensor(value: Any, dtype=None, name: str | None = None, dtype_hint=None,
                      preferred_dtype=None) -> Tensor:
    """``tf.convert_to_tensor``: tensors and variables pass through (dtype checked)."""
    dtype = None if dtype is None else _dt.as_dtype(dtype)
    if hasattr(value, "_as_tensor"):
        value = value._as_tensor()
    if isinstance(value, Tensor):
        if dtype is not None and dtype != value.dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                             f"{value.dtype.name}: {value!r}")
        return value
    if isinstance(value, (list, tuple)) and any(isinstance(v, core.Handle) for v in value):
        from .math_ops import stack
        return stack(list(value))
    hint = dtype_hint or preferred_dtype
    if dtype is None and hint is not None:
        try:
            return constant(value, dtype=hint, name=name or "Const")
        except (TypeError, ValueError):
            pass
    return constant(value, dtype=dtype, name=name or "Const")


def from_jax(array) -> Tensor:
    """An eager tensor holding a JAX array (``gradcompat.from_jax(a, "tensorflow")``)."""
    array = jnp.asarray(array)
    return Tensor(core.Constant(array), _dt.as_dtype(array.dtype), TensorShape(array.shape))
