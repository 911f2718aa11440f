"""``mindspore.Tensor``: a handle on a core node, with MindSpore's construction, dtype and
printing rules (MindSpore 2.x, PyNative semantics; GRAPH_MODE runs the same path)."""
from __future__ import annotations

import builtins
import functools
from typing import Any

import jax.numpy as jnp
import numpy as np

from ..core import Constant, Handle, Node, apply, run
from . import _indexing, _lazy, _printing, _tracing
from . import dtype as mstype
from . import _kernels as K
from .tensor_methods import TensorMethods

_ALLOWED = ("['TensorPy', 'Tensor', 'ndarray', 'str_', 'list', 'tuple', 'float', 'int', 'bool', "
            "'complex', 'bytes']")


def _array_from(input_data: Any, dtype) -> np.ndarray:
    """Host array for ``Tensor(input_data, dtype)``: python floats become Float32, python
    ints Int64, numpy arrays and numpy scalars keep their dtype (as MindSpore does)."""
    if isinstance(input_data, Handle):
        if getattr(input_data, "has_init", False):  # a Tensor declared with ``init``: filled now
            input_data.init_data()
        array = np.asarray(input_data._jax_value())
    elif isinstance(input_data, (np.ndarray, np.generic)):
        array = np.asarray(input_data)
    elif isinstance(input_data, (builtins.bool, builtins.int, builtins.float, list, tuple)):
        try:
            array = np.array(input_data)
        except ValueError:
            raise TypeError(f"For Tensor, the input_data is {input_data} that contain unsupported "
                            "element.") from None
        if array.dtype == object or array.dtype.kind not in "biuf":
            raise TypeError(f"For Tensor, the input_data is {input_data} that contain unsupported "
                            "element.")
        if array.dtype == np.float64 and dtype is None:
            array = array.astype(np.float32)
    else:
        raise TypeError(f"For 'Tensor', the type of 'input_data' should be one of '{_ALLOWED}', "
                        f"but got type '{type(input_data).__name__}'.")
    if dtype is not None:
        array = array.astype(mstype.to_numpy(dtype))
    return array


def _node_of(value: Any) -> Node:
    return value.node if isinstance(value, Tensor) else Constant(jnp.asarray(_array_from(value, None)))


def result_dtype(x: "Tensor", other: Any) -> np.dtype:
    """MindSpore's result dtype of an arithmetic op between a Tensor and ``other``.

    Tensor with Tensor: the wider category wins (int32 + float32 -> Float32, Float32 +
    Float64 -> Float64). Tensor with a python scalar: a float scalar makes integer
    tensors Float32 and keeps float tensors' dtype; an int scalar keeps the tensor's dtype
    (a Bool tensor becomes Int64).
    """
    mine = np.dtype(x.node.aval.dtype)
    if isinstance(other, Tensor):
        return _promote(mine, np.dtype(other.node.aval.dtype))
    if isinstance(other, builtins.bool):
        return mine
    if isinstance(other, (builtins.int, np.integer)):  # numpy scalars count as Python numbers
        return np.dtype(np.int64) if mine.kind == "b" else mine
    if isinstance(other, (builtins.float, np.floating)):
        return mine if mine.kind == "f" else np.dtype(np.float32)
    return result_dtype(x, Tensor(other))


@functools.lru_cache(maxsize=256)
def _promote(a: np.dtype, b: np.dtype) -> np.dtype:
    return np.dtype(jnp.promote_types(a, b))  # (JAX's promotion asks a lattice: once per pair)


def scalar_operand(value: Any, dtype: np.dtype) -> np.ndarray:
    """A Python / numpy scalar operand of a Tensor op, in ``dtype``, as MindSpore converts it: a
    float goes through Float32 first (``Float64 Tensor * 0.1`` multiplies by float32(0.1)), an
    int through Int64 (wrapping into narrower integer dtypes: ``Int8 Tensor + 300`` adds 44).
    A host array, so that small ops stay on the host (``core.host``)."""
    if not isinstance(value, _REAL_SCALARS):  # an array, a complex number: as it is
        return np.asarray(value, dtype=dtype)
    source = np.float32 if type(value) is builtins.float or type(value) is np.float64 else None
    if -65504.0 <= value <= 65504.0:  # nothing to overflow, even in Float16
        return np.asarray(value, source).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # MindSpore overflows to inf silently
        return np.asarray(value, source).astype(dtype)


_REAL_SCALARS = (builtins.bool, builtins.int, builtins.float, np.bool_, np.integer, np.floating)


def binary(op: str, x: "Tensor", y: Any, reverse: builtins.bool = False, name: str | None = None) -> "Tensor":
    """An arithmetic op with MindSpore's dtype rules and numpy broadcasting."""
    if not isinstance(y, (Tensor, builtins.bool, builtins.int, builtins.float, np.number, np.bool_)):
        kind = {"str": "string"}.get(type(y).__name__, type(y).__name__)
        prim = op.capitalize()
        raise TypeError(f'Failed calling {prim} with "{prim}()(input=Tensor, other={kind})". The valid calling should be: '
                        f'"{prim}()(input=<Number, Tensor>, other=<Number, Tensor>)".')
    dtype = result_dtype(x, y)
    if op == "div" and dtype.kind in "biu":
        dtype = np.dtype(np.float32)
    other = y.node if isinstance(y, Tensor) else Constant(scalar_operand(y, dtype))
    a, b = (other, x.node) if reverse else (x.node, other)
    dtype_name = _NAMES.get(dtype) or _NAMES.setdefault(dtype, dtype.name)  # (dtype.name runs Python)
    if dtype.kind in "fc":  # MindSpore's implicit Cast of an integer operand: its gradient path
        a, b = (apply(K.cast, [n], {"dtype": dtype_name}, name="Cast")
                if np.dtype(n.aval.dtype).kind in "biu" else n for n in (a, b))
    name = name or _OPERATOR_NAMES.get(op, op)
    # the *Ext ops name their operands input/other, the older primitives input1/input2
    check_broadcast(name, a, b, ("input", "other") if name.endswith("Ext") else ("input1", "input2"))
    return Tensor._from_node(apply(K.binary, [a, b], {"op": op, "dtype": dtype_name}, name=name))


_NAMES: dict[np.dtype, str] = {}


# The operator names MindSpore 2.x reports for Tensor operators (``a + b`` is AddExt).
_OPERATOR_NAMES = {"add": "AddExt", "sub": "SubExt", "mul": "Mul", "div": "Div"}


def check_broadcast(name: str, a: Node, b: Node, operands: tuple[str, str]) -> None:
    """MindSpore's ValueError when the shapes of ``a`` and ``b`` do not broadcast."""
    sa, sb = tuple(a.aval.shape), tuple(b.aval.shape)
    if sa == sb or not sb:  # (np.broadcast_shapes costs microseconds)
        return
    try:
        np.broadcast_shapes(sa, sb)
    except ValueError:
        n = max(len(sa), len(sb))
        pa, pb = (1,) * (n - len(sa)) + sa, (1,) * (n - len(sb)) + sb
        i = max(k for k in range(n) if pa[k] != pb[k] and 1 not in (pa[k], pb[k]))
        # MindSpore counts the offending dimension from the right, starting at the rank
        ia, ib = len(sa) - (n - 1 - i), len(sb) - (n - 1 - i)
        p, q = operands
        raise ValueError(f"For '{name}', {p}.shape and {q}.shape need to broadcast. The value of "
                         f"{p}.shape[{ia}] or {q}.shape[{ib}] must be 1 or -1 when they are not the "
                         f"same, but got {p}.shape = {list(sa)} and {q}.shape = {list(sb)}") from None


def reduction_axes(axis) -> tuple | None:
    """A reduction's axes: None (every axis) for None, ``()`` or ``[]``, else a tuple."""
    if axis is None or (isinstance(axis, (list, tuple)) and len(axis) == 0):
        return None
    return tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)


class Tensor(Handle, TensorMethods):
    """``mindspore.Tensor(input_data=None, dtype=None)``.

    Python float data defaults to Float32, python int data to Int64, bool data to Bool;
    numpy data keeps its dtype. ``print(t)`` shows numpy's str of ``t.asnumpy()`` and
    ``repr(t)`` MindSpore's ``Tensor(shape=[..], dtype=.., value=..)``.
    """

    def __init__(self, input_data: Any = None, dtype: mstype.Type | None = None, shape: Any = None,
                 init: Any = None, **kwargs: Any) -> None:
        if input_data is None and (shape is not None or dtype is not None or init is not None):
            _lazy.declare(self, shape, dtype, init)
            return
        if input_data is None:
            raise TypeError(f"For 'Tensor', the type of 'input_data' should be one of '{_ALLOWED}', "
                            "but got type 'NoneType'.")
        if shape is not None:
            raise ValueError("When initializing a tensor with 'input_data', 'shape' should be set to None."
                             f"But got shape: {list(shape) if isinstance(shape, (list, tuple)) else shape}.")
        self.node = Constant(jnp.asarray(_array_from(input_data, dtype)))

    __hash__ = object.__hash__
    init = None  # the Initializer that fills it (``Tensor(shape=, dtype=, init=)``, ``initializer``)

    def __getattr__(self, name: str) -> Any:
        # only reached for a missing attribute: ``node`` of a declared-only Tensor
        if name == "node":
            _lazy.refuse(self)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def has_init(self) -> builtins.bool:
        """Whether the Tensor still waits for ``init_data()`` to fill it from its ``init``."""
        return self.__dict__.get("_declared") is not None and self.init is not None

    def init_data(self, slice_index=None, shape=None, opt_shard_group=None) -> "Tensor":
        """Fill a Tensor declared with ``init`` (``Tensor(shape=, dtype=, init=One())``) in place
        and return it, as MindSpore does; a Tensor that holds its value is returned as it is."""
        declared = self.__dict__.get("_declared")
        if declared is None:
            return self
        if self.init is None:
            raise TypeError("init_data must be set Tensor.init, init can't be None")
        self.node = Constant(jnp.asarray(_lazy.fill(self.init, *declared)))
        del self._declared
        self.init = None
        return self

    # -- inspection ---------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        declared = self.__dict__.get("_declared")
        if declared is not None:
            return declared[0]
        return tuple(self.node.aval.shape)

    @property
    def dtype(self) -> mstype.Type:
        declared = self.__dict__.get("_declared")
        if declared is not None:
            return declared[1]
        return mstype.from_numpy(self.node.aval.dtype)

    @property
    def ndim(self) -> builtins.int:
        return len(self.shape)

    @property
    def size(self) -> builtins.int:
        if any(d < 0 for d in self.shape):
            return 0  # a dynamic-shape placeholder, as MindSpore counts it
        return builtins.int(np.prod(self.shape, dtype=np.int64))

    def asnumpy(self) -> np.ndarray:
        """A host copy of the value as a numpy array (a Tensor declared with ``init`` is filled
        first, as in MindSpore)."""
        if "node" not in self.__dict__ and type(self) is Tensor:
            _lazy.materialize_for_read(self)
        return np.array(self._jax_value())

    def _jax_value(self):
        """The value; a deferred Tensor (inside a GRAPH_MODE or ``jit`` call) is computed now
        from the current Parameter values, so ``asnumpy``, ``print`` and ``if`` work there."""
        node = self.node
        _tracing.note_value_read(node)  # such a call is traced again at every call
        if node.value is None:
            return run([node])[0]
        return node.value

    def item(self):
        """The one element as a python scalar (MindSpore's ValueError otherwise)."""
        if self.size != 1:
            raise ValueError(f"The tensor should have only one element, but got {self.size}, more than "
                             "one element is ambiguous.")
        return self.asnumpy().reshape(()).item()

    def __len__(self) -> builtins.int:
        if not self.shape:
            raise TypeError("Not support len of a 0-D tensor")
        return self.shape[0]

    def __bool__(self) -> builtins.bool:
        return builtins.bool(self.item())

    def __float__(self) -> builtins.float:
        return builtins.float(self.item())

    def __int__(self) -> builtins.int:
        return builtins.int(self.item())

    def __repr__(self) -> str:
        if "node" not in self.__dict__ and type(self) is Tensor:
            return _lazy.declared_repr(self)
        return _printing.tensor_repr(self.asnumpy(), str(self.dtype))

    def __str__(self) -> str:
        if "node" not in self.__dict__ and type(self) is Tensor:
            return _lazy.declared_str(self)
        return _printing.tensor_str(self.asnumpy())

    # -- conversions ----------------------------------------------------------------
    def astype(self, dtype, copy: builtins.bool = True) -> "Tensor":
        target = mstype.to_numpy(dtype)
        return Tensor._from_node(apply(K.cast, [self.node], {"dtype": target.name}, name="Cast"))

    def reshape(self, *shape) -> "Tensor":
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = tuple(shape[0])
        return Tensor._from_node(apply(K.reshape, [self.node], {"shape": tuple(shape)}, name="Reshape"))

    def transpose(self, *axes) -> "Tensor":
        if len(axes) == 1 and isinstance(axes[0], (list, tuple)):
            axes = tuple(axes[0])
        return Tensor._from_node(apply(K.transpose, [self.node], {"axes": tuple(axes) or None},
                                       name="Transpose"))

    @property
    def T(self) -> "Tensor":
        return self.transpose()

    def __getitem__(self, index) -> "Tensor":
        """Basic and advanced indexing (lists, integer Tensors, bool masks) as numpy's."""
        spec, arrays = _indexing.encode(index, Tensor, self.shape)
        return Tensor._from_node(apply(_indexing.index, [self.node, *arrays], {"spec": spec}, name="Getitem"))

    def __setitem__(self, index, value) -> None:
        """``x[index] = value`` in place: ``x`` becomes a new node, so gradients flow to
        ``value`` and to the elements of the old ``x`` that were kept."""
        spec, arrays = _indexing.encode(index, Tensor, self.shape)
        value_node = _node_of(value)
        new = apply(_indexing.set_index, [self.node, value_node, *arrays], {"spec": spec}, name="SetItem")
        self._replace_value(new)

    def _replace_value(self, node: Node) -> None:
        """Make this Tensor hold ``node`` (a Parameter records a write of it instead)."""
        self.node = node

    # -- reductions -----------------------------------------------------------------
    def sum(self, axis=None, dtype=None, keepdims: builtins.bool = False, initial=None) -> "Tensor":
        """Sum over ``axis`` (all by default); ``dtype`` casts the result."""
        if dtype is not None:
            target = mstype.to_numpy(dtype).name
        else:  # integer and bool sums are Int64, as in MindSpore
            target = "int64" if np.dtype(self.node.aval.dtype).kind in "biu" else None
        out = Tensor._from_node(apply(K.reduce_sum, [self.node],
                                      {"axis": reduction_axes(axis), "keepdims": keepdims, "dtype": target},
                                      name="ReduceSum"))
        return out + initial if initial is not None else out

    def mean(self, axis=None, keep_dims: builtins.bool = False) -> "Tensor":
        """Mean over ``axis``; the result keeps the input dtype (integer means truncate)."""
        return Tensor._from_node(apply(K.reduce_mean, [self.node],
                                       {"axis": reduction_axes(axis), "keepdims": keep_dims,
                                        "dtype": np.dtype(self.node.aval.dtype).name}, name="ReduceMean"))

    # -- arithmetic -----------------------------------------------------------------
    def __add__(self, other): return binary("add", self, other)
    def __radd__(self, other): return binary("add", self, other, reverse=True)
    def __sub__(self, other): return binary("sub", self, other)
    def __rsub__(self, other): return binary("sub", self, other, reverse=True)
    def __mul__(self, other): return binary("mul", self, other)
    def __rmul__(self, other): return binary("mul", self, other, reverse=True)
    def __truediv__(self, other): return binary("div", self, other)
    def __rtruediv__(self, other): return binary("div", self, other, reverse=True)
    def __floordiv__(self, other): return binary("floordiv", self, other)
    def __rfloordiv__(self, other): return binary("floordiv", self, other, reverse=True)
    def __mod__(self, other): return binary("mod", self, other)
    def __rmod__(self, other): return binary("mod", self, other, reverse=True)
    def __pow__(self, other): return binary("pow", self, other)
    def __rpow__(self, other): return binary("pow", self, other, reverse=True)

    def __and__(self, other): return binary("bitwise_and", self, other, name="BitwiseAnd")
    def __rand__(self, other): return binary("bitwise_and", self, other, reverse=True, name="BitwiseAnd")
    def __or__(self, other): return binary("bitwise_or", self, other, name="BitwiseOr")
    def __ror__(self, other): return binary("bitwise_or", self, other, reverse=True, name="BitwiseOr")

    def __invert__(self) -> "Tensor":
        return Tensor._from_node(apply(K.unary, [self.node], {"op": "invert", "dtype": None}, name="Invert"))

    def __neg__(self) -> "Tensor":
        return Tensor._from_node(apply(K.neg, [self.node], name="Neg"))

    def __pos__(self) -> "Tensor":
        return self

    def _compare(self, op: str, other) -> "Tensor":
        dtype = result_dtype(self, other)
        b = other.node if isinstance(other, Tensor) else Constant(scalar_operand(other, dtype))
        dtype_name = _NAMES.get(dtype) or _NAMES.setdefault(dtype, dtype.name)
        return Tensor._from_node(apply(K.compare, [self.node, b], {"op": op, "dtype": dtype_name}, name=op))

    def __lt__(self, other): return self._compare("lt", other)
    def __le__(self, other): return self._compare("le", other)
    def __gt__(self, other): return self._compare("gt", other)
    def __ge__(self, other): return self._compare("ge", other)
    def __eq__(self, other): return self._compare("eq", other)  # type: ignore[override]
    def __ne__(self, other): return self._compare("ne", other)  # type: ignore[override]


def from_jax(array) -> Tensor:
    """A MindSpore Tensor holding a JAX array (no copy)."""
    return Tensor._from_node(Constant(jnp.asarray(array)))
