"""torch's tensor functions: creation, arithmetic with torch's type promotion, reductions.

Each function translates torch's argument semantics (dtype rules, defaults, grad_fn
names, error texts) and applies one pure JAX op from ``ops`` through ``core.apply``.
"""
from __future__ import annotations

import builtins
import functools
import math
import weakref
from typing import Any, Sequence

import jax
import jax.numpy as jnp
from jax._src.array import ArrayImpl
import numpy as np

from .. import core
from . import autocast_policy, devices, dtypes, ops, user_warnings
from ..core.graph import apply_frozen
from .tensor import Tensor, wrap

Scalar = (bool, int, float, np.bool_, np.integer, np.floating)


# ----- creation -------------------------------------------------------------------------

def _infer_dtype(data) -> dtypes.dtype:
    if isinstance(data, (np.ndarray, np.generic, jax.Array)):
        return dtypes.from_numpy(data.dtype)
    if isinstance(data, Tensor):
        return data.dtype
    array = np.asarray(data)
    kind = array.dtype.kind
    if kind == "b":
        return dtypes.bool_
    if kind in "iu":
        return dtypes.default_int
    if kind == "f":
        return dtypes.default_float
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def _check_nested(data: list | tuple, dtype: dtypes.dtype | None) -> None:
    """torch's errors for ragged nested lists: sizes come from the first elements, then every
    item is checked in order (``recursive_store``)."""
    sizes, first = [], data
    while isinstance(first, (list, tuple)):
        sizes.append(len(first))
        if not first:
            break
        first = first[0]
    leaves = jax.tree_util.tree_leaves(data, is_leaf=lambda v: isinstance(v, Tensor))
    floating = dtype.is_floating_point if dtype is not None else builtins.any(
        isinstance(v, float) or (isinstance(v, Tensor) and v.dtype.is_floating_point) for v in leaves)

    def check(obj, dim: int) -> None:
        if dim == len(sizes):
            if isinstance(obj, (list, tuple)):
                raise TypeError(f"must be real number, not {type(obj).__name__}" if floating else
                                f"'{type(obj).__name__}' object cannot be interpreted as an integer")
            return
        if not isinstance(obj, (list, tuple)):
            raise TypeError("not a sequence")
        if len(obj) != sizes[dim]:
            raise ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got {len(obj)})")
        for item in obj:
            check(item, dim + 1)
    check(data, 0)


def _check_requires_grad(dtype: dtypes.dtype, requires_grad: bool) -> None:
    if requires_grad and not dtype.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")


def _leaf(value, dtype: dtypes.dtype, requires_grad: bool) -> Tensor:
    _check_requires_grad(dtype, requires_grad)
    return wrap(core.Constant(jnp.asarray(value, dtype=dtype.np), traced=bool(requires_grad)))


@devices.creation
def tensor(data: Any, dtype: dtypes.dtype | None = None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """``torch.tensor``: python floats become float32, ints int64, bools bool; numpy
    arrays keep their dtype; ``requires_grad`` only for floating dtypes (torch's error)."""
    if isinstance(data, (list, tuple)):
        _check_nested(data, dtypes.to_dtype(dtype) if dtype is not None else None)
    dtype = dtypes.to_dtype(dtype) if dtype is not None else _infer_dtype(data)
    if isinstance(data, Tensor):
        user_warnings.warn(user_warnings.COPY_CONSTRUCT)
        data = data._value
    elif isinstance(data, (list, tuple)):
        data = np.asarray(jax.tree_util.tree_map(
            lambda v: np.asarray(v._value) if isinstance(v, Tensor) else v, data,
            is_leaf=lambda v: isinstance(v, Tensor)))
    elif isinstance(data, np.ndarray):
        data = data.copy()  # torch.tensor copies; jnp.asarray(ndarray, dtype) may alias its buffer
    return _leaf(data, dtype, requires_grad)


def clone(input: Tensor, *, memory_format=None) -> Tensor:
    """``torch.clone``: a copy that stays in the graph (grad_fn CloneBackward0)."""
    return input.clone()


def from_jax(array) -> Tensor:
    """A torch Tensor holding a JAX (or numpy) array; its dtype is kept."""
    array = jnp.asarray(array)
    dtypes.from_numpy(array.dtype)
    return wrap(core.Constant(array))


def _size(size: Sequence) -> tuple:
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = size[0]
    return tuple(int(s) for s in size)


@devices.creation
def zeros(*size, dtype: dtypes.dtype | None = None, device=None, requires_grad: bool = False) -> Tensor:
    """``torch.zeros(*size)``: float32 unless ``dtype`` is given."""
    dtype = dtypes.to_dtype(dtype) if dtype is not None else dtypes.default_float
    return _leaf(np.zeros(_size(size), dtype.np), dtype, requires_grad)


@devices.creation
def ones(*size, dtype: dtypes.dtype | None = None, device=None, requires_grad: bool = False) -> Tensor:
    """``torch.ones(*size)``: float32 unless ``dtype`` is given."""
    dtype = dtypes.to_dtype(dtype) if dtype is not None else dtypes.default_float
    return _leaf(np.ones(_size(size), dtype.np), dtype, requires_grad)


@devices.creation(like=True)
def zeros_like(input: Tensor, *, dtype: dtypes.dtype | None = None, device=None,
               requires_grad: bool = False) -> Tensor:
    """``torch.zeros_like``: the input's shape and dtype (never its requires_grad)."""
    return zeros(*input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


@devices.creation(like=True)
def ones_like(input: Tensor, *, dtype: dtypes.dtype | None = None, device=None,
              requires_grad: bool = False) -> Tensor:
    """``torch.ones_like``: the input's shape and dtype (never its requires_grad)."""
    return ones(*input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


# ----- binary arithmetic ------------------------------------------------------------------

def _operand(x) -> tuple[dtypes.dtype, int | None]:
    if isinstance(x, Tensor):
        aval = x.node.aval
        return dtypes.from_numpy(aval.dtype), len(aval.shape)
    if isinstance(x, Scalar):
        return dtypes.scalar_dtype(x), None
    raise TypeError(f"unsupported operand type {type(x).__name__}")


# what torch keeps on a node that gradcompat's node does not carry: a wrapped number's own python
# value, an add/sub's alpha. Beside the nodes, not in their notes: the engine takes a node with
# notes (or with an input that has them) off its fast path.
SAVED_EXTRAS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class WrappedNumber(core.Constant):
    """A Python number operand of a tensor op (torch's "wrapped number": never seen by saved-tensor hooks)."""

    __slots__ = ()


def _node(x, dtype: dtypes.dtype) -> core.Node:
    if isinstance(x, Tensor):
        return x.node
    return _wrapped_number(x, dtype)


def _wrapped_number(x, dtype: dtypes.dtype) -> WrappedNumber:
    """A Python or numpy scalar as a constant node of ``dtype``, made once per (value, dtype):
    loops use the same few constants, each conversion is a device transfer, and a node kept by
    every op of a deep graph that used it costs memory and garbage-collector time per op. The
    node is shared: nothing records on it (it never requires grad, no user tensor wraps it)."""
    if x != x or (x == 0 and isinstance(x, (float, np.floating))):
        # nan never finds its key; 0.0 and -0.0 share one
        return WrappedNumber(jnp.asarray(x, dtype=dtype.np))
    return _cached_wrapped_number(type(x), x, dtype)


@functools.lru_cache(maxsize=1024)
def _cached_wrapped_number(kind: type, x, dtype: dtypes.dtype) -> WrappedNumber:
    # the type is part of the key: True, 1 and 1.0 are equal keys otherwise
    node = WrappedNumber(jnp.asarray(x, dtype=dtype.np))
    SAVED_EXTRAS[node] = {"py_number": x}  # what grad_fn._saved_other shows (autograd/node.py)
    return node


def _host_number(x, dtype: dtypes.dtype) -> WrappedNumber:
    """``_wrapped_number`` with its value as a numpy array of the same bits: the operand of a
    tensor whose value is on the host (``core.host``), where a JAX array would be converted at
    every op that uses it."""
    if x != x or (x == 0 and isinstance(x, (float, np.floating))):
        return _on_host(_wrapped_number(x, dtype))
    return _cached_host_number(type(x), x, dtype)


@functools.lru_cache(maxsize=1024)
def _cached_host_number(kind: type, x, dtype: dtypes.dtype) -> WrappedNumber:
    return _on_host(_cached_wrapped_number(kind, x, dtype))


def _on_host(number: WrappedNumber) -> WrappedNumber:
    array = np.asarray(number.value)  # the JAX array's own bits
    array.flags.writeable = False  # (a node's value never changes under the graph that holds it)
    return WrappedNumber(array)


def _check_broadcast(a, b) -> None:
    sa = a.node.aval.shape if isinstance(a, Tensor) else ()
    sb = b.node.aval.shape if isinstance(b, Tensor) else ()
    if sa != sb:
        _check_broadcast_shapes(sa, sb)


def _check_broadcast_shapes(sa: tuple, sb: tuple) -> None:
    """torch's error where shapes ``sa`` and ``sb`` do not broadcast."""
    for i in range(1, min(len(sa), len(sb)) + 1):
        da, db = sa[-i], sb[-i]
        if da != db and da != 1 and db != 1:
            dim = max(len(sa), len(sb)) - i
            raise RuntimeError(f"The size of tensor a ({da}) must match the size of tensor b ({db}) "
                               f"at non-singleton dimension {dim}")


def _check_operands(a, b, name: str) -> None:
    """torch's TypeError for an operand that is neither a tensor nor a number (a str, None,
    a list) instead of the error JAX would give; ``name`` is the grad_fn name (AddBackward0)."""
    for arg, position, x in (("input", 1, a), ("other", 2, b)):
        if not isinstance(x, (Tensor, Scalar)):
            op = name.split("Backward")[0].lower()
            raise TypeError(f"{op}(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")


_ARRAY = ArrayImpl  # jax's concrete array type: an eager tensor's value (named, not made: making one at
# import would start the XLA client, which a DataLoader's forked workers then inherit half-dead)
_HOST = np.ndarray  # a host value (core.host's small results)
_DTYPE_OF = dtypes._BY_NP.get  # numpy dtype -> torch dtype (None where torch has none)
_VALUES = (_HOST, _ARRAY)  # eager values whose dtype and shape are known without a call


def _binary(fn, a, b, name: str, dtype: dtypes.dtype | None = None) -> Tensor:
    if isinstance(a, Tensor):
        # the common eager cases first, with as few Python calls as possible (each op pays them):
        # jax interns avals, so two arrays of one shape and dtype share their ``aval`` object
        node_a = a._node if a._view is None else a.node
        value = node_a.value
        kind = type(value)
        if isinstance(b, Tensor):
            node_b = b._node if b._view is None else b.node
            other = node_b.value
            if kind is _HOST and type(other) is _HOST:
                # host values (core.host): numpy interns its dtypes, so ``is`` compares them
                np_dtype = value.dtype
                same = np_dtype is other.dtype and value.shape == other.shape
            else:
                if kind is _ARRAY and type(other) is _ARRAY:
                    aval = value.aval
                    same = aval is other.aval
                else:
                    aval = node_a.aval
                    same = aval is node_b.aval  # (nodes share aval objects)
                np_dtype = aval.dtype if same else None
            if same:
                # the same shape and dtype: nothing to promote or broadcast
                dtype = dtype or _DTYPE_OF(np_dtype) or dtypes.from_numpy(np_dtype)
                return wrap(apply_frozen(fn, (node_a, node_b), dtype.static, name))
            if dtype is None and kind in _VALUES and type(other) in _VALUES:
                # one dtype and a 0-d operand (a tensor times a scalar tensor, a custom backward's
                # ``grad * w``): nothing to promote, and a 0-d operand broadcasts to any shape
                fa = value if kind is _HOST else value.aval
                fb = other if type(other) is _HOST else other.aval
                if fa.dtype == fb.dtype and (not fa.shape or not fb.shape):
                    dtype = _DTYPE_OF(fa.dtype) or dtypes.from_numpy(fa.dtype)
                    return wrap(apply_frozen(fn, (node_a, node_b), dtype.static, name))
        elif dtype is None and type(b) is float:
            # tensor op python float, the commonest mixed case: the tensor's dtype if floating,
            # else the default float (torch.result_type); a scalar broadcasts to anything
            np_dtype = value.dtype if kind is _HOST else (value.aval if kind is _ARRAY else node_a.aval).dtype
            dtype = _DTYPE_OF(np_dtype) or dtypes.from_numpy(np_dtype)
            if dtype.category != 2:
                dtype = dtypes.default_float
            number = _host_number(b, dtype) if kind is _HOST else _wrapped_number(b, dtype)
            return wrap(apply_frozen(fn, (node_a, number), dtype.static, name))
    tensor_a, tensor_b = isinstance(a, Tensor), isinstance(b, Tensor)
    if not (tensor_a and tensor_b):
        _check_operands(a, b, name)
    if not (tensor_a or tensor_b):
        raise TypeError("at least one operand must be a Tensor")
    if dtype is None:
        dtype = dtypes.result_type(_operand(a), _operand(b))
    _check_broadcast(a, b)
    if tensor_a and tensor_b:
        return wrap(apply_frozen(fn, (a.node, b.node), dtype.static, name))
    # a number's node on the host where the tensor's value is (see _host_number)
    number = _host_number if type((a if tensor_a else b).node.value) is _HOST else _wrapped_number
    return wrap(apply_frozen(fn, (a.node if tensor_a else number(a, dtype), b.node if tensor_b else number(b, dtype)),
                             dtype.static, name))


def add(input, other, *, alpha=1) -> Tensor:
    """``torch.add`` (grad_fn AddBackward0)."""
    if alpha == 1:
        return _binary(ops.add, input, other, "AddBackward0")
    return _noting_alpha(_binary(ops.add, input, other * alpha, "AddBackward0"), alpha)


def _noting_alpha(out: Tensor, alpha) -> Tensor:
    return note_saved(out, alpha=alpha)


def note_saved(out, **attrs):
    """Remember what torch's grad_fn of ``out`` (a tensor or an op) shows but its op does not carry
    (``_saved_alpha``, a negative ``_saved_dim`` as given; autograd/node.py reads them)."""
    node = out.node if isinstance(out, Tensor) else out
    if isinstance(node, core.Op):
        SAVED_EXTRAS.setdefault(node, {}).update(attrs)
    return out


def _negative(dim) -> bool:
    return isinstance(dim, int) and dim < 0 or isinstance(dim, (tuple, list)) and builtins.any(
        isinstance(d, int) and d < 0 for d in dim)


def _check_bool_sub(a, b) -> None:
    """torch refuses ``-`` with any bool operand (python bools count)."""
    bools = [isinstance(x, (bool, np.bool_)) or isinstance(x, Tensor) and x.dtype is dtypes.bool_ for x in (a, b)]
    if builtins.all(bools):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if builtins.any(bools):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")


def sub(input, other, *, alpha=1) -> Tensor:
    """``torch.sub`` (grad_fn SubBackward0); bool operands get torch's error."""
    _check_bool_sub(input, other)
    if alpha == 1:
        return _binary(ops.sub, input, other, "SubBackward0")
    return _noting_alpha(_binary(ops.sub, input, other * alpha, "SubBackward0"), alpha)


def rsub(input, other) -> Tensor:
    """``other - input`` for a python scalar ``other`` (grad_fn RsubBackward1)."""
    _check_bool_sub(input, other)
    return _binary(ops.sub, other, input, "RsubBackward1")


def mul(input, other) -> Tensor:
    """``torch.mul`` (grad_fn MulBackward0)."""
    return _binary(ops.mul, input, other, "MulBackward0")


def div(input, other) -> Tensor:
    """``torch.div``: true division; integer results become float32, as in torch."""
    _check_operands(input, other, "DivBackward0")
    dtype = dtypes.result_type(_operand(input), _operand(other))
    if not dtype.is_floating_point:
        dtype = dtypes.default_float
    # torch computes scalar / tensor as scalar * reciprocal(tensor): MulBackward0
    name = "DivBackward0" if isinstance(input, Tensor) else "MulBackward0"
    return _binary(ops.div, input, other, name, dtype)


def true_divide(input, other) -> Tensor:
    return div(input, other)


def pow(input, exponent) -> Tensor:  # noqa: A001 - torch's name
    """``torch.pow``: PowBackward0 for a scalar exponent, 1 for tensors, 2 for a scalar base."""
    if isinstance(input, Tensor) and isinstance(exponent, Scalar):
        dtype = dtypes.result_type(_operand(input), _operand(exponent))
        exponent = exponent.item() if isinstance(exponent, np.generic) else exponent
        if not isinstance(exponent, bool) and isinstance(exponent, int) and dtype.is_floating_point:
            exponent = int(exponent)
        elif dtype.is_floating_point:
            exponent = float(exponent)
        elif not isinstance(exponent, bool) and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        return wrap(core.apply(ops.pow_scalar, [input.node], {"exponent": exponent, "dtype": dtype.np_name},
                               name="PowBackward0"))
    name = "PowBackward1" if isinstance(input, Tensor) else "PowBackward2"
    if isinstance(input, Tensor) or isinstance(exponent, Tensor):
        if dtypes.result_type(_operand(input), _operand(exponent)) is dtypes.bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    return _binary(ops.pow, input, exponent, name)


def neg(input: Tensor) -> Tensor:
    """``torch.neg`` (grad_fn NegBackward0); a bool tensor gets torch's error."""
    if input.dtype is dtypes.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead.")
    return wrap(core.apply(ops.neg, [input.node], name="NegBackward0"))


def _unary_same(input: Tensor, name: str) -> Tensor:
    return wrap(core.apply(ops.astype, [input.node], {"dtype": input.dtype.np_name}, name=name))


# ----- matrix products --------------------------------------------------------------------

# torch's kernel behind each product: the name in its "not implemented for 'Bool'" error
_PRODUCT_KERNELS = {"dot": "dot", "mv": "addmv_impl_cpu", "mm": "addmm_impl_cpu_", "bmm": "bmm"}


def _mm_dtype_check(a: Tensor, b: Tensor, kind: str = "mm") -> None:
    """torch's dtype errors for the product ``kind`` (dot, mv, mm, bmm) of ``a`` and ``b``:
    different dtypes, or bool operands (bmm checks bool first)."""
    da, db = a.dtype, b.dtype
    na, nb = dtypes.SCALAR_TYPE_NAMES[da.name], dtypes.SCALAR_TYPE_NAMES[db.name]
    if kind == "bmm" and da is dtypes.bool_:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if da is not db:
        if kind == "dot":
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {na} and {nb}")
        if kind == "mv":
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {nb}, {na}, and {nb}")
        if kind == "bmm":
            raise RuntimeError(f"expected scalar type {na} but found {nb}")
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{dtypes.C_TYPE_NAMES[da.name]} != {dtypes.C_TYPE_NAMES[db.name]}")
    if da is dtypes.bool_:
        raise NotImplementedError(f"\"{_PRODUCT_KERNELS[kind]}\" not implemented for 'Bool'")


@autocast_policy.lower_precision
def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """``torch.mm``: 2-D matrix product (MmBackward0), torch's dtype and shape errors."""
    return _mm(input, mat2, input.node.aval, mat2.node.aval)


def _mm(input: Tensor, mat2: Tensor, aval_a, aval_b) -> Tensor:
    """``mm`` with the operands' avals already looked up (each lookup is a cost per op)."""
    sa, sb = aval_a.shape, aval_b.shape
    if len(sa) != 2:
        raise RuntimeError("self must be a matrix")
    if len(sb) != 2:
        raise RuntimeError("mat2 must be a matrix")
    if sa[1] != sb[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")
    if aval_a.dtype != aval_b.dtype or aval_a.dtype == np.bool_:
        _mm_dtype_check(input, mat2)
    return wrap(core.apply(ops.matmul, [input.node, mat2.node], name="MmBackward0"))


def _matmul_shape_problem(a: tuple, b: tuple) -> str | None:
    """Torch's message for operands ``matmul`` cannot multiply (1-D by 1-D is checked apart)."""
    rows = math.prod(a[:-1])
    if len(b) == 1:
        if a[-1] != b[0]:
            return f"size mismatch, got input ({rows}), mat ({rows}x{a[-1]}), vec ({b[0]})"
    elif len(b) == 2:
        if a[-1] != b[0]:
            return f"mat1 and mat2 shapes cannot be multiplied ({max(rows, 1)}x{a[-1]} and {b[0]}x{b[1]})"
    else:
        batch_a, batch_b = (a[:-2] if len(a) > 2 else ()), b[:-2]
        for i in range(1, min(len(batch_a), len(batch_b)) + 1):
            x, y = batch_a[-i], batch_b[-i]
            if x != y and 1 not in (x, y):
                return (f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                        f"at non-singleton dimension {len(max(batch_a, batch_b, key=len)) - i}")
        if a[-1] != b[-2]:
            batch = math.prod(batch_b)
            return (f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {a[-1]}] "
                    f"but got: [{batch}, {b[-2]}].")
    return None


@autocast_policy.lower_precision
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """``torch.matmul`` / ``@``: dot, mv, mm or batched, with torch's grad_fn names."""
    for arg, position, x in (("input", 1, input), ("other", 2, other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"matmul(): argument '{arg}' (position {position}) must be Tensor, not {type(x).__name__}")
    aval_a, aval_b = input.node.aval, other.node.aval
    shape_a, shape_b = aval_a.shape, aval_b.shape
    da, db = len(shape_a), len(shape_b)
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 2 and db == 2:
        return _mm(input, other, aval_a, aval_b)
    if da == 1 and db == 1:
        # torch's dot: dtype first, then lengths
        from .linalg_ops import dot
        return dot(input, other)
    problem = _matmul_shape_problem(shape_a, shape_b)
    if problem:
        raise RuntimeError(problem)
    _mm_dtype_check(input, other, "mv" if db == 1 else "mm" if db == 2 else "bmm")
    name = "MvBackward0" if (da, db) == (2, 1) else "SqueezeBackward4" if (da, db) == (1, 2) \
        else "UnsafeViewBackward0"
    # torch treats (1, n, m) @ (B > 1, m, p) as (n, m) @ (B, m, p)
    as_matrix = da == 2 or (da == 3 and db == 3 and input.shape[0] == 1 and other.shape[0] != 1)
    if as_matrix and db >= 3 and input.requires_grad:
        # torch folds into (b^T @ a^T)^T and makes it contiguous: a no-op copy for one row or column
        name = "TransposeBackward0" if 1 in (input.shape[-2], other.shape[-1]) else "CloneBackward0"
    return wrap(core.apply(ops.matmul, [input.node, other.node], name=name))


# ----- elementwise functions --------------------------------------------------------------

def _float_unary(input: Tensor, fn: str, name: str) -> Tensor:
    dtype = input.dtype if input.dtype.is_floating_point else dtypes.default_float
    return wrap(core.apply(ops.unary, [input.node], {"fn": fn, "dtype": dtype.np_name}, name=name))


def exp(input: Tensor) -> Tensor:
    """``torch.exp``; integer inputs give float32."""
    return _float_unary(input, "exp", "ExpBackward0")


def log(input: Tensor) -> Tensor:
    """``torch.log``; integer inputs give float32."""
    return _float_unary(input, "log", "LogBackward0")


def sin(input: Tensor) -> Tensor:
    """``torch.sin``; integer inputs give float32."""
    return _float_unary(input, "sin", "SinBackward0")


def cos(input: Tensor) -> Tensor:
    """``torch.cos``; integer inputs give float32."""
    return _float_unary(input, "cos", "CosBackward0")


# ----- reductions ---------------------------------------------------------------------------

def _axis(input: Tensor, dim) -> tuple | None:
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    n = input.dim()
    out = []
    for d in dims:
        lo, hi = (-1, 0) if n == 0 else (-n, n - 1)
        if not lo <= d <= hi:
            raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {d})")
        out.append(d % max(n, 1))
    return tuple(out) if n else ()  # a 0-d tensor has nothing to reduce over


_WHOLE_SUM: dict = {}  # numpy dtype -> static attributes of sum over every element (see sum)


def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype: dtypes.dtype | None = None) -> Tensor:  # noqa: A001
    """``torch.sum``: bool and integer inputs sum to int64, as in torch."""
    if dim is None and dtype is None and not keepdim and isinstance(input, Tensor):
        # the whole sum (a loss, a custom backward's ``(grad * y).sum()``): its static attributes
        # made once per dtype (the general path below builds and sorts them at every call)
        node = input.node
        aval = node.aval
        own = None if aval is None else aval.dtype
        static = _WHOLE_SUM.get(own)
        if static is None and own is not None:
            kind = dtypes.from_numpy(own)
            static = core.graph.freeze({"axis": None, "keepdims": False,
                                        "dtype": (kind if kind.is_floating_point else dtypes.int64).np_name})
            _WHOLE_SUM[own] = static
        if static is not None:
            return wrap(apply_frozen(ops.sum, (node,), static, "SumBackward0"))
    if dtype is None:
        dtype = input.dtype if input.dtype.is_floating_point else dtypes.int64
    name = "SumBackward0" if dim is None else "SumBackward1"
    out = wrap(core.apply(ops.sum, [input.node], {"axis": _axis(input, dim), "keepdims": bool(keepdim),
                                                   "dtype": dtype.np_name}, name=name))
    return note_saved(out, dim=dim) if _negative(dim) else out


def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype: dtypes.dtype | None = None) -> Tensor:
    """``torch.mean``: floating inputs only (torch's error otherwise)."""
    out = dtypes.to_dtype(dtype) if dtype is not None else input.dtype
    if not out.is_floating_point:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating "
                           f"point or complex dtype. Got: {dtypes.SCALAR_TYPE_NAMES[out.name]}")
    name = "MeanBackward0" if dim is None else "MeanBackward1"
    result = wrap(core.apply(ops.mean, [input.node], {"axis": _axis(input, dim), "keepdims": bool(keepdim),
                                                       "dtype": out.np_name}, name=name))
    return note_saved(result, dim=dim) if _negative(dim) else result


# ----- shape and dtype ----------------------------------------------------------------------

def transpose_all(input: Tensor) -> Tensor:
    """``Tensor.T``: all dimensions reversed (PermuteBackward0)."""
    return wrap(core.apply(ops.transpose_all, [input.node], name="PermuteBackward0"))


def cast(input: Tensor, dtype: dtypes.dtype) -> Tensor:
    """``Tensor.to(dtype)`` (ToCopyBackward0; an integer or bool result never requires grad)."""
    if not dtype.is_floating_point:
        with core.recording.grad_mode(False):
            return wrap(core.apply(ops.astype, [input.node], {"dtype": dtype.np_name}))
    return wrap(core.apply(ops.astype, [input.node], {"dtype": dtype.np_name}, name="ToCopyBackward0"))


def getitem(input: Tensor, index) -> Tensor:
    """Basic indexing (ints, slices, None, ...)."""
    parts = index if isinstance(index, tuple) else (index,)
    last = parts[-1] if parts else None
    name = ("SelectBackward0" if isinstance(last, int) else "SliceBackward0" if isinstance(last, slice)
            else "UnsqueezeBackward0" if last is None else "AliasBackward0")
    if isinstance(index, Tensor) or builtins.any(isinstance(p, Tensor) for p in parts):
        raise TypeError("gradcompat.torch does not support tensor indices yet")
    return wrap(core.apply(ops.getitem, [input.node], {"index": ops.encode_index(index)}, name=name))


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    return input.numel()


# ----- operators --------------------------------------------------------------------------

_OPERAND_TYPES = (Tensor, *Scalar)


def _operator(fn, reflected: bool = False):
    """A binary operator method; other operand types get Python's own TypeError."""
    def method(self, other):
        if not isinstance(other, _OPERAND_TYPES):
            return NotImplemented
        return fn(other, self) if reflected else fn(self, other)
    return method


def _direct_operator(kernel, name: str):
    """``_operator`` of ``add`` / ``mul`` (no alpha, no checks of their own) without the call
    through them: ``a + b`` and ``a * b`` are the commonest ops."""
    def method(self, other):
        if not isinstance(other, _OPERAND_TYPES):
            return NotImplemented
        return _binary(kernel, self, other, name)
    return method


for _name, _fn, _reflected in [("add", add, add), ("sub", sub, lambda a, b: rsub(b, a)), ("mul", mul, mul),
                               ("truediv", div, div), ("pow", pow, pow), ("matmul", matmul, matmul)]:
    setattr(Tensor, f"__{_name}__", _operator(_fn))
    setattr(Tensor, f"__r{_name}__", _operator(_reflected, reflected=True))
Tensor.__add__ = _direct_operator(ops.add, "AddBackward0")
Tensor.__mul__ = _direct_operator(ops.mul, "MulBackward0")
