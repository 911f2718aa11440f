"""``tf.TensorArray``: a list of same-dtype tensors written once each, read, stacked.

Two stores, one semantics. While every index is known when the op is made (eager code,
loops AutoGraph unrolls, straight-line traces) the array is a Python list of tensors, as TF's
eager TensorArray is: writes grow it, reads are the written tensors, gradients flow through
them. Once an index is a graph tensor (a ``tf.while_loop`` counter) or the array becomes a
loop variable or a ``tf.cond`` branch output, it is one dense tensor ``[capacity,
*element_shape]`` whose writes are ``dynamic_update_slice`` and reads ``dynamic_slice``
(differentiable, compiled in the loop). A loop whose body first writes an array of unknown
element shape is traced once more to learn it.

Known differences: in the dense store indices are not checked (XLA clamps them), unwritten
rows read as zeros (as TF's graph TensorArray does), and a ``dynamic_size`` array written in a
``tf.while_loop`` holds its size before the loop plus ``maximum_iterations`` rows (AutoGraph's
loops over ``tf.range`` pass their trip count when it is known while tracing; otherwise
TF's growing array has no XLA counterpart and a NotImplementedError says so).
``clear_after_read`` is enforced eagerly only (TF2 ignores it in graphs too).
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import dtypes as _dt
from . import tracing
from .array_ops import concat, gather, reshape, stack, static_ints, unstack, zeros
from .errors import InvalidArgumentError, OutOfRangeError
from .graph import executing_eagerly
from .math_ops import cast
from .shapes import TensorShape
from .nest import map_structure
from .tensor import Tensor, constant, convert_to_tensor, make_op, wrap


def _static_index(index: Any) -> int | None:
    """A Python int for an index known now (a number, an eager tensor, a folded constant)."""
    if isinstance(index, (int, np.integer)):
        return int(index)
    t = convert_to_tensor(index)
    value = core.folding.constant_value(t.node)
    return None if value is None else int(np.asarray(value))


def _dims_text(shape: TensorShape) -> str:
    dims = tuple(shape.dims)
    return str(dims) if len(dims) != 1 else f"({dims[0]},)"


def _set_row(buffer, value, index):
    return jax.lax.dynamic_update_index_in_dim(buffer, value.astype(buffer.dtype), index, 0)


def _get_row(buffer, index):
    return jax.lax.dynamic_index_in_dim(buffer, index, 0, keepdims=False)


def _set_rows(buffer, values, indices):
    return buffer.at[indices].set(values.astype(buffer.dtype))


class TensorArray:
    """``tf.TensorArray(dtype, size=None, dynamic_size=None, clear_after_read=None, ...,
    infer_shape=True, element_shape=None)``; see the module docstring."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape: bool = True, element_shape=None,
                 colocate_with_first_write_call: bool = True, name: str | None = None):
        if handle is not None or flow is not None:
            raise NotImplementedError("gradcompat: TensorArray(handle=..., flow=...) is not supported")
        if size is None:
            raise ValueError("Size must be provided if handle is not provided")
        self._dtype = _dt.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape) if element_shape is not None else TensorShape(None)
        count = static_ints(size)[0]
        self._elements: list[Tensor | None] | None = [None] * count
        self._cleared: set[int] = set()
        self._buffer: Tensor | None = None  # the dense store, once in use
        self._probing = False  # a stand-in traced once to learn the element shape a loop writes

    # -- properties ------------------------------------------------------------------
    @property
    def dtype(self) -> _dt.DType:
        return self._dtype

    @property
    def dynamic_size(self) -> bool:
        return self._dynamic_size

    @property
    def element_shape(self) -> TensorShape:
        return self._element_shape

    @property
    def flow(self) -> Tensor:
        """A scalar standing for the array's state (TF's flow tensor)."""
        return constant(0.0)

    @property
    def handle(self):
        return None

    def _copy(self) -> "TensorArray":
        new = object.__new__(TensorArray)
        new.__dict__.update(self.__dict__)
        new._elements = None if self._elements is None else list(self._elements)
        new._cleared = set(self._cleared)
        return new

    def _capacity(self) -> int:
        return len(self._elements) if self._elements is not None else self._buffer.shape.dims[0]

    # -- checks ----------------------------------------------------------------------
    def _checked_value(self, value) -> Tensor:
        value = convert_to_tensor(value, dtype_hint=self._dtype) if not isinstance(value, Tensor) else value
        if hasattr(value, "_as_tensor"):
            value = value._as_tensor()
        if value.dtype != self._dtype:
            raise InvalidArgumentError(None, None, f"TensorArray dtype is {self._dtype.name} but Op is trying to "
                                                   f"write dtype {value.dtype.name} ")
        return value

    def _merge_shape(self, shape: TensorShape) -> None:
        if not self._infer_shape:
            return
        known = self._element_shape
        if known.dims is None or shape.dims is None:
            self._element_shape = shape if known.dims is None else known
            return
        if len(known.dims) != len(shape.dims) or any(a is not None and b is not None and a != b
                                                     for a, b in zip(known.dims, shape.dims)):
            raise ValueError(f"Incompatible shape for value ({_dims_text(shape)}), expected ({_dims_text(known)})")
        self._element_shape = TensorShape([a if a is not None else b for a, b in zip(known.dims, shape.dims)])

    def _zeros_row(self) -> Tensor:
        dims = self._element_shape.dims
        if dims is None or None in dims:
            raise ValueError("TensorArray has size zero, but element shape <unknown> is not fully defined. "
                             "Currently only static shapes are supported when packing zero-size TensorArrays.")
        return zeros(dims, self._dtype)

    # -- the dense store ---------------------------------------------------------------
    def _densify(self, capacity: int | None = None) -> None:
        """Move the list into a ``[capacity, *element_shape]`` tensor."""
        if self._buffer is not None:
            return
        capacity = len(self._elements) if capacity is None else capacity
        dims = self._element_shape.dims
        if dims is None or None in dims:
            raise NotImplementedError("gradcompat: a TensorArray indexed by a graph tensor (or carried through "
                                      "tf.while_loop) needs a known element shape: pass element_shape= or "
                                      "write an element first")
        rows = [e if e is not None else zeros(dims, self._dtype) for e in self._elements]
        rows += [zeros(dims, self._dtype)] * (capacity - len(rows))
        self._buffer = stack(rows) if rows else zeros([0, *dims], self._dtype)
        self._elements = None

    # -- TensorArray API ---------------------------------------------------------------
    def size(self, name: str | None = None) -> Tensor:
        """The number of elements (the capacity of the dense store)."""
        return constant(self._capacity(), dtype=_dt.int32)

    def write(self, index, value, name: str | None = None) -> "TensorArray":
        """A new TensorArray with ``value`` at ``index``."""
        value = self._checked_value(value)
        new = self._copy()
        new._merge_shape(value.shape)
        if new._probing:
            return new
        i = _static_index(index)
        if i is not None and new._elements is not None:
            if i < 0:
                raise InvalidArgumentError(None, None, f"Tried to write to index {i} but array size is: "
                                                       f"{len(new._elements)} ")
            if i >= len(new._elements):
                if not new._dynamic_size:
                    raise OutOfRangeError(None, None, f"Tried to write to index {i} but array is not resizeable "
                                                      f"and size is: {len(new._elements)} ")
                new._elements.extend([None] * (i + 1 - len(new._elements)))
            new._elements[i] = value
            return new
        new._densify()
        new._buffer = make_op(_set_row, [new._buffer, value, convert_to_tensor(index)], op_type="TensorListSetItem")
        return new

    def read(self, index, name: str | None = None) -> Tensor:
        """The element at ``index`` (zeros if never written)."""
        if self._probing:
            return self._zeros_row()
        i = _static_index(index)
        if i is not None and self._elements is not None:
            if not 0 <= i < len(self._elements):
                raise OutOfRangeError(None, None, f"Tried to read from index {i} but array size is: "
                                                  f"{len(self._elements)} ")
            if executing_eagerly() and self._clear_after_read:
                if i in self._cleared:
                    raise InvalidArgumentError(None, None, f"Could not read index {i} twice because it was cleared "
                                                           "after a previous read (perhaps try setting "
                                                           "clear_after_read = false?) ")
                self._cleared.add(i)
                element, self._elements[i] = self._elements[i], None  # cleared: stack sees zeros there
                return element if element is not None else self._zeros_row()
            element = self._elements[i]
            return element if element is not None else self._zeros_row()
        self._densify()
        return make_op(_get_row, [self._buffer, convert_to_tensor(index)], op_type="TensorListGetItem")

    def stack(self, name: str | None = None) -> Tensor:
        """All elements stacked along a new axis 0."""
        if self._elements is None:
            return self._buffer
        if not self._elements:
            dims = self._element_shape.dims
            return zeros([0, *(dims if dims is not None and None not in dims else [])], self._dtype)
        return stack([e if e is not None else self._zeros_row() for e in self._elements])

    def gather(self, indices, name: str | None = None) -> Tensor:
        """The elements at ``indices``, stacked."""
        return gather(self.stack(), indices)

    def concat(self, name: str | None = None) -> Tensor:
        """All elements concatenated along their axis 0."""
        if self._elements is None:
            dims = self._buffer.shape.dims
            return reshape(self._buffer, [dims[0] * dims[1], *dims[2:]])
        if not self._elements:
            return zeros([0], self._dtype)
        return concat([e if e is not None else self._zeros_row() for e in self._elements], 0)

    def unstack(self, value, name: str | None = None) -> "TensorArray":
        """A TensorArray holding the rows of ``value``."""
        value = self._checked_value(value)
        rows = value.shape.dims[0] if value.shape.dims is not None else None
        new = self._copy()
        if rows is None:
            raise NotImplementedError("gradcompat: TensorArray.unstack of a value whose first dimension is unknown")
        new._merge_shape(TensorShape(value.shape.dims[1:]))
        new._check_capacity(rows)
        if new._elements is not None:
            new._elements = list(unstack(value)) + new._elements[rows:]
        else:
            new._buffer = make_op(_set_rows, [new._buffer, value, constant(np.arange(rows), dtype=_dt.int32)],
                                  op_type="TensorListScatter")
        return new

    def scatter(self, indices, value, name: str | None = None) -> "TensorArray":
        """A TensorArray with the rows of ``value`` at ``indices``."""
        value = self._checked_value(value)
        new = self._copy()
        new._merge_shape(TensorShape(value.shape.dims[1:] if value.shape.dims is not None else None))
        known = core.folding.constant_value(convert_to_tensor(indices).node)
        if known is not None and new._elements is not None:
            positions = [int(i) for i in np.asarray(known).reshape(-1)]
            if positions:
                new._check_capacity(max(positions) + 1)
            for i, row in zip(positions, unstack(value)):
                new._elements[i] = row
            return new
        new._densify()
        new._buffer = make_op(_set_rows, [new._buffer, value, convert_to_tensor(indices)], op_type="TensorListScatter")
        return new

    def split(self, value, lengths, name: str | None = None) -> "TensorArray":
        """A TensorArray of the pieces of ``value`` (axis 0) of the given lengths."""
        value = self._checked_value(value)
        sizes = static_ints(lengths)
        new = self._copy()
        new._check_capacity(len(sizes))
        new._infer_shape = False  # pieces may differ in length
        if new._elements is None:
            raise NotImplementedError("gradcompat: TensorArray.split after a graph-tensor index")
        offsets = np.cumsum([0, *sizes])
        new._elements = [value[int(a):int(b)] for a, b in zip(offsets[:-1], offsets[1:])] + new._elements[len(sizes):]
        return new

    def _check_capacity(self, count: int) -> None:
        if count > self._capacity():
            if self._elements is not None and self._dynamic_size:
                self._elements.extend([None] * (count - len(self._elements)))
            else:
                raise InvalidArgumentError(None, None, f"Tried to write {count} elements, but the array is not "
                                                       f"resizeable and size is: {self._capacity()} ")

    def identity(self) -> "TensorArray":
        return self._copy()

    def close(self, name: str | None = None) -> None:
        """Does nothing, as in TF2."""
        return None

    def grad(self, source, flow=None, name: str | None = None):
        raise NotImplementedError("gradcompat: TensorArray.grad (TF1 internals) is not supported; "
                                  "use tf.GradientTape")

    # -- as a loop variable ------------------------------------------------------------
    def _components(self, extra_rows: int | None) -> list[Tensor]:
        """The dense store, for a while_loop to carry (``extra_rows`` more for a dynamic size)."""
        if self._probing:  # a stand-in learning shapes: its store does not matter
            return [constant(0.0, dtype=self._dtype)]
        capacity = self._capacity()
        if self._dynamic_size and self._elements is not None:
            if extra_rows is None:
                raise NotImplementedError("gradcompat: a dynamic_size TensorArray carried through a tf.while_loop "
                                          "needs a bound: give the loop maximum_iterations, or the array a size")
            capacity += extra_rows
        self._densify(capacity)
        return [self._buffer]

    def _with_components(self, parts: list) -> "TensorArray":
        new = self._copy()
        if not new._probing:
            new._elements = None
            new._buffer = parts[0]
        return new


def expand(structure: Any, extra_rows: int | None = None) -> Any:
    """``structure`` with each TensorArray replaced by the list of its tensors (control flow
    carries tensors only)."""
    if isinstance(structure, TensorArray):
        return structure._components(extra_rows)
    if isinstance(structure, dict):
        return type(structure)((k, expand(v, extra_rows)) for k, v in structure.items())
    if isinstance(structure, (list, tuple)):
        items = [expand(v, extra_rows) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return structure


def restore(template: Any, expanded: Any) -> Any:
    """The inverse of ``expand``: TensorArrays (like those of ``template``) rebuilt from their tensors."""
    if isinstance(template, TensorArray):
        return template._with_components(list(expanded))
    if isinstance(template, dict):
        return type(template)((k, restore(template[k], expanded[k])) for k in template)
    if isinstance(template, (list, tuple)):
        items = [restore(t, e) for t, e in zip(template, expanded)]
        return type(template)(*items) if hasattr(template, "_fields") else type(template)(items)
    return expanded


def restore_branches(results: list, expanded: Any) -> Any:
    """``restore`` after a conditional: the branches' TensorArrays share one store; the element
    shape is the one any branch learned."""
    restored = restore(results[0], expanded)
    for k, array in enumerate(_arrays(restored)):
        if array._element_shape.dims is None:
            shapes = [_arrays(r)[k]._element_shape for r in results[1:] if len(_arrays(r)) > k]
            array._element_shape = next((sh for sh in shapes if sh.dims is not None), array._element_shape)
    return restored


def contains(structure: Any) -> bool:
    """Whether a TensorArray is among the leaves of ``structure``."""
    if isinstance(structure, TensorArray):
        return True
    if isinstance(structure, dict):
        return any(contains(v) for v in structure.values())
    if isinstance(structure, (list, tuple)):
        return any(contains(v) for v in structure)
    return False


def loop(structure: Any, cond, body, extra_rows: int | None):
    """A while_loop's loop variables, cond and body over tensors alone: each TensorArray is
    carried as its dense store and rebuilt around the user's functions."""
    if not contains(structure):
        return structure, cond, body, lambda state: state
    _learn_element_shapes(structure, body)
    template = structure

    def tensor_cond(*values):
        return cond(*restore(template, values))

    def tensor_body(*values):
        return expand(body(*restore(template, values)))

    return expand(structure, extra_rows), tensor_cond, tensor_body, lambda state: restore(template, state)


def _arrays(structure: Any) -> list:
    if isinstance(structure, TensorArray):
        return [structure]
    if isinstance(structure, dict):
        return [a for k in sorted(structure) for a in _arrays(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [a for v in structure for a in _arrays(v)]
    return []


def _learn_element_shapes(structure: Any, body) -> None:
    """TensorArrays of unknown element shape learn it from one throwaway trace of the body
    (TF's TensorList needs no shape; a dense store does)."""
    unknown = [a for a in _arrays(structure) if a._element_shape.dims is None or None in a._element_shape.dims]
    if not unknown:
        return
    def stand_in(value):
        if isinstance(value, TensorArray):
            probe = value._copy()
            probe._probing = True
            return probe
        t = value._as_tensor() if hasattr(value, "_as_tensor") else convert_to_tensor(value)
        return wrap(core.Placeholder(tuple(t.shape.dims or ()), t.dtype.np), t.dtype, t.shape, "Placeholder")

    args = map_structure(stand_in, list(structure) if isinstance(structure, (list, tuple)) else [structure])
    with core.recording.deferred_mode(True), tracing.substituted({}):
        result = body(*args)
    for before, after in zip(_arrays(structure), _arrays(result if isinstance(result, (list, tuple)) else [result])):
        if before in unknown and after._element_shape.dims is not None:
            before._element_shape = after._element_shape
