"""torch's views: tensors that share storage with a base tensor, by functionalization.

A view (``x[0]``, ``view``, ``transpose``, ``expand``, ``split`` ..., ``detach()``)
records its root base tensor and the view ops that lead from the base to it. Its
element ``i`` is element ``index[i]`` of the flattened base, where ``index`` is those
ops applied to ``arange(base.numel())`` (computed once per op chain and base shape).

* An in-place op on a view writes its result back into the base as one graph op (a
  scatter into the view's region, named ``CopySlices`` as in torch), so ``core.vjp``
  gives torch's gradients; the base's node and the shared version counter move on.
* A view whose storage changed since its node was derived re-derives its value lazily
  from the base's current node (a gather, named ``AsStridedBackward0`` as in torch).
* torch's errors: in-place on a view of a leaf that requires grad, on an output of a
  multi-output view op (``split``, ``chunk``, ``unbind``), on a view created in no_grad
  mode, and on a view where several elements share memory (``expand``).

Known differences: a view's grad_fn after a re-derivation is always
``AsStridedBackward0`` (torch may replay the view op); views of views of a base that
``detach_()`` replaced lose the connection.
"""
from __future__ import annotations

import contextlib
import functools
import math
import re

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from .autograd import forward_ad, versions
from .dtypes import SCALAR_TYPE_NAMES
from .tensor import Tensor, wrap

_OVERLAP = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
            "location. Please clone() the tensor before performing the operation.")
_MULTI = (" This view is the output of a function that returns multiple views. Such functions do not allow the "
          "output views to be modified inplace. You should replace the inplace operation by an out-of-place one.")
_NO_GRAD = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by "
            "moving both the view and the inplace either both inside the no_grad block (if you don't want the "
            "inplace to be tracked) or both outside (if you want the inplace to be tracked).")


class View:
    """How a view tensor relates to its root base: the view ops from the base, the
    storage's version its node was derived at, and how it was created."""

    __slots__ = ("base", "steps", "counter", "seen", "detached", "grad_mode", "multi", "label", "untracked",
                 "fw_detached", "inference", "custom", "dtype")

    def __init__(self, base: Tensor, steps: tuple, detached: bool, grad_mode: bool, multi: bool,
                 label: tuple[str, int], untracked: bool = False, fw_detached: bool = False):
        self.base = base
        # forward mode: not a differentiable view (detach, make_dual, unpack_dual): tangents do not
        # flow between it and its base; it keeps its own
        self.fw_detached = fw_detached or detached
        self.untracked = untracked  # ``Tensor.data``: writes bypass autograd's version check
        self.steps = steps
        self.detached = detached
        self.grad_mode = grad_mode  # grad mode at creation (a no_grad view is not recorded)
        self.multi = multi  # from an op returning several views (split, chunk, unbind)
        self.label = label  # torch's short name of the view op and the output's number, for errors
        self.inference = False  # made in inference mode (torch's errors name that mode)
        self.custom = False  # an output of a custom Function (in-place changes would bypass its backward)
        # ``view(dtype)``: the numpy name of the dtype the base's bytes are read as (None: the base's
        # own); ``steps`` then index the base's storage in elements of that dtype
        self.dtype: str | None = None
        self.counter = versions.counter(base.node)
        self.seen = self.counter.version

    def stale(self) -> bool:
        return self.counter.version != self.seen

    def index(self) -> tuple[np.ndarray, bool]:
        """The flat base index of each element of the view, and whether two elements share one."""
        return _flat_index(tuple(self.base.shape), self.steps)

    def derive(self, previous: core.Node | None = None) -> core.Node:
        """The view's node computed from the base's current node (torch's error where it
        refuses to regenerate the grad_fn of a multi-output or no_grad view); a forward
        non-differentiable view keeps the tangent ``previous`` (its former node) carried."""
        if self.fw_detached and core.forward.active():
            with core.forward.suspended():
                node = self._derive()
            tangent = None if previous is None else core.forward.tangent(previous)
            if tangent is not None:
                core.forward.set_tangent(node, tangent)
        else:
            node = self._derive()
        if previous is not None:
            versions.move_retain(previous, node)
        return node

    def _derive(self) -> core.Node:
        if (self.multi or not self.grad_mode) and not self.detached and self.base.requires_grad \
                and core.recording.grad_enabled():
            raise RuntimeError(_prefix(self, "its base or another view of its base has been modified inplace")
                               + _suffix(self))
        base = self.base.node
        index, _ = self.index()
        with core.recording.grad_mode(self.grad_mode and not self.detached):
            if self.dtype is None:
                node = core.apply(take_flat, [base, core.Constant(index)], name="AsStridedBackward0")
            else:
                node = core.apply(take_flat_as, [base, core.Constant(index)], {"dtype": self.dtype}, name="View")
        if self.detached and node.traced:
            node = core.Constant(node.value)
        elif self.inference and not node.traced and self.base.requires_grad and node.value is not None:
            node = core.Constant(node.value, traced=True)  # made in inference mode: keeps requires_grad
        versions.share(base, node, view=not self.detached)
        self.seen = self.counter.version
        return node


@functools.lru_cache(maxsize=4096)
def _flat_index(base_shape: tuple, steps: tuple) -> tuple[np.ndarray, bool]:
    with jax.ensure_compile_time_eval():
        index = jnp.arange(math.prod(base_shape), dtype=jnp.int64).reshape(base_shape)
        for fn, static in steps:
            index = fn(index, **dict(static))
    index = np.asarray(index)
    return index, bool(np.unique(index).size != index.size)


def take_flat(base, index):
    """The view's elements gathered from the flattened base (torch's as_strided)."""
    return base.reshape(-1)[index]


def put_flat(base, value, index):
    """The base with the view's elements replaced by ``value`` (torch's CopySlices)."""
    flat = base.reshape(-1).at[index.reshape(-1)].set(value.astype(base.dtype).reshape(-1))
    return flat.reshape(base.shape)


def _to_bytes(x):
    """``x``'s bytes along its last axis: shape (..., n) -> (..., n * itemsize), uint8."""
    if x.dtype == jnp.bool_:
        return x.astype(jnp.uint8)
    if x.dtype.itemsize == 1:
        return jax.lax.bitcast_convert_type(x, jnp.uint8)
    return jax.lax.bitcast_convert_type(x, jnp.uint8).reshape(x.shape[:-1] + (-1,))


def _from_bytes(b, dtype):
    """The inverse of ``_to_bytes``: bytes along the last axis read as ``dtype`` (a nonzero
    byte read as bool is True)."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return b != 0
    if dtype.itemsize == 1:
        return jax.lax.bitcast_convert_type(b, dtype)
    return jax.lax.bitcast_convert_type(b.reshape(b.shape[:-1] + (-1, dtype.itemsize)), dtype)


def bitcast_last(x, *, dtype: str):
    """``x`` reinterpreted as ``dtype`` (torch's ``view(dtype)``): the last axis scales by the
    ratio of the element sizes."""
    if np.dtype(dtype).itemsize == x.dtype.itemsize:  # the shape stays (a 0-d tensor too)
        return _from_bytes(_to_bytes(x[..., None]), dtype)[..., 0]
    return _from_bytes(_to_bytes(x), dtype)


def take_flat_as(base, index, *, dtype: str):
    """A ``view(dtype)``'s elements: the flattened base's storage read as ``dtype``, gathered."""
    return bitcast_last(base.reshape(-1), dtype=dtype)[index]


def put_flat_as(base, value, index, *, dtype: str):
    """The base with a ``view(dtype)``'s elements replaced by ``value`` (written as ``dtype``)."""
    flat = bitcast_last(base.reshape(-1), dtype=dtype)
    flat = flat.at[index.reshape(-1)].set(value.astype(dtype).reshape(-1))
    return bitcast_last(flat, dtype=base.dtype.name).reshape(base.shape)


def _narrow_index(index, *, ratio: int):
    """Storage positions in a smaller element size: each element becomes ``ratio`` of them."""
    index = index[..., None] * ratio + jnp.arange(ratio, dtype=index.dtype)
    return index.reshape(index.shape[:-2] + (-1,))


def _widen_index(index, *, ratio: int):
    """Storage positions in a larger element size: each ``ratio`` elements become one."""
    return index[..., ::ratio] // ratio


def view_dtype(input: Tensor, dtype) -> Tensor:
    """``Tensor.view(dtype)``: the same storage read as ``dtype`` (torch's view_dtype).

    Equal element sizes keep the shape; otherwise the last dimension scales by the ratio of
    the sizes, with torch's errors (0-d tensor, last stride not 1, last size / storage offset /
    other strides not divisible). As in torch, the result shares storage with ``input`` (writes
    through either show in the other) but is not differentiable: it never requires grad and is
    not reported as a view (``_base`` is None), as ``detach()``. Known difference: the bytes of a
    NaN may be canonicalized where a float op touches them before the view."""
    source, target = input.dtype, dtype
    steps: tuple = ()
    if source.itemsize != target.itemsize:
        what = (f" to view {SCALAR_TYPE_NAMES[source.name]} as {SCALAR_TYPE_NAMES[target.name]} "
                "(different element sizes)")
        if input.dim() == 0:
            raise RuntimeError("self.dim() cannot be 0" + what)
        strides = stride(input)
        if strides[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1{what}, but got {strides[-1]}")
        if source.itemsize > target.itemsize:
            steps = ((_narrow_index, core.graph.freeze({"ratio": source.itemsize // target.itemsize})),)
        else:
            ratio = target.itemsize // source.itemsize
            if input.shape[-1] % ratio:
                raise RuntimeError(f"self.size(-1) must be divisible by {ratio}{what}, but got {input.shape[-1]}")
            offset = storage_layout(input)[2]
            if offset % ratio:
                raise RuntimeError(f"self.storage_offset() must be divisible by {ratio}{what}, but got {offset}")
            for axis, step in enumerate(strides[:-1]):
                if step % ratio:
                    raise RuntimeError(f"self.stride({axis}) must be divisible by {ratio}{what}, but got {step}")
            steps = ((_widen_index, core.graph.freeze({"ratio": ratio})),)
    node = core.apply(bitcast_last, [core.detached(input.node)], {"dtype": target.np_name}, name="View")
    out = attach(input, wrap(node), steps, detached=True, label=("view", 0))
    root = out._view.base
    out._view.dtype = None if target.np_name == root.dtype.np_name else target.np_name
    return out


def make(input: Tensor, fn, static: dict | None, name: str, multi: tuple | None = None) -> Tensor:
    """``fn(input, **static)`` (a view op of ops.py) as a view of ``input``'s storage;
    ``multi`` = (torch's op name, output number) for an output of split/chunk/unbind."""
    out = wrap(core.apply(fn, [input.node], static, name=name))
    label = multi or (re.sub(r"Backward\d*$", "", name), 0)
    out = attach(input, out, ((fn, core.graph.freeze(static)),), multi=multi is not None, label=label)
    if core.forward.active():  # forward mode: the tangent of a view is the same view of the tangent
        tangent = forward_ad.tangent_of(input)
        if tangent is not None:
            with core.forward.suspended():
                core.forward.set_tangent(out.node, make(tangent, fn, static, name, multi))
    return out


def attach(input: Tensor, out: Tensor, steps: tuple = (), *, multi: bool = False, detached: bool = False,
           label: tuple[str, int] = ("Alias", 0), untracked: bool = False, fw_detached: bool = False) -> Tensor:
    """Make ``out`` (already holding its value) a view of ``input``'s storage, reached by ``steps``
    (``untracked``: ``Tensor.data``, whose writes autograd does not see; ``fw_detached``: a view
    that forward-mode tangents do not cross, as ``make_dual``'s)."""
    parent = input._view
    from .autograd import inference
    detached, made_in_inference = inference.attach_view(input, out, input if parent is None else parent.base,
                                                        detached)
    made_in_inference = made_in_inference or (parent is not None and parent.inference)
    if parent is not None:
        fw_detached = fw_detached or parent.fw_detached
        base, steps = parent.base, parent.steps + steps
        multi, detached = multi or parent.multi, detached or parent.detached
        untracked = untracked or parent.untracked
        grad_mode = parent.grad_mode and core.recording.grad_enabled()
    else:
        base, grad_mode = input, core.recording.grad_enabled()
    out._view = View(base, steps, detached, grad_mode, multi, label, untracked, fw_detached)
    out._view.dtype = None if parent is None else parent.dtype
    out._view.inference = made_in_inference
    out._view.custom = parent is not None and parent.custom
    versions.share(base.node, out._node, view=not detached)
    return out


def is_view(t: Tensor) -> bool:
    return t._view is not None


def is_contiguous(t: Tensor) -> bool:
    """torch's ``is_contiguous``: the elements lie one after the other in the storage."""
    view = t._view
    if view is None:
        return True
    index, _ = view.index()
    flat = index.reshape(-1)
    return flat.size == 0 or bool(np.array_equal(flat, np.arange(flat[0], flat[0] + flat.size)))


def contiguous_strides(shape: tuple) -> tuple[int, ...]:
    """The strides of a row-major tensor of ``shape`` (torch's: a size-1 dimension gets the
    product of the sizes after it, an empty tensor the same as a full one)."""
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(int(size), 1)
    return tuple(reversed(strides))


def stride(self: Tensor, dim: int | None = None):
    """``Tensor.stride``: the elements' distances in the storage along each dimension.

    A tensor that is not a view is row-major (torch's default layout; memory formats such as
    ``channels_last`` are not reproduced); a view's strides come from where its elements lie in
    its base (a transpose or permute swaps them, ``expand`` gives 0, a slice with a step
    multiplies). Known difference: a size-1 dimension of a view reports the row-major stride."""
    shape = tuple(self.shape)
    strides = contiguous_strides(shape)
    view = self._view
    if view is not None and 0 not in shape and shape:
        index = view.index()[0].reshape(-1)
        flat = np.ravel_multi_index  # (position of element (0..0, 1, 0..0)) - (position of element 0)
        strides = tuple(int(index[flat((0,) * axis + (1,) + (0,) * (len(shape) - axis - 1), shape)] - index[0])
                        if size > 1 else s for axis, (size, s) in enumerate(zip(shape, strides)))
    if dim is None:
        return strides
    if not shape:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    n = len(shape)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return strides[dim]


def storage_layout(t: Tensor) -> tuple[int, tuple, int]:
    """(the storage's number of elements, ``t``'s strides, its storage offset): what torch's
    forward AD compares to decide whether a tangent can be used as is for a primal."""
    view = t._view
    if view is None:
        return t.numel(), stride(t), 0
    index = view.index()[0].reshape(-1)
    return view.base.numel(), stride(t), int(index[0]) if index.size else 0


def reshapes_as_view(t: Tensor, shape: tuple) -> bool:
    """Whether torch's ``view(shape)`` of ``t`` is possible (the result has strides in storage)."""
    view = t._view
    if view is None:
        return True
    index, _ = view.index()
    index = index.reshape(shape)
    if index.size == 0:
        return True
    expected = np.full(shape, index.reshape(-1)[0], dtype=np.int64)
    for axis, size in enumerate(shape):
        if size > 1:
            stride = index[(0,) * axis + (1,)].reshape(-1)[0] - index.reshape(-1)[0]
            expected = expected + stride * np.arange(size).reshape((-1,) + (1,) * (len(shape) - axis - 1))
    return bool(np.array_equal(index, expected))


def _check(t: Tensor, result: Tensor, view: View) -> None:
    if not core.recording.grad_enabled() or view.detached:
        return
    if (view.multi or view.custom or not view.grad_mode) and \
            (t.requires_grad or result.requires_grad or view.base.requires_grad):
        raise RuntimeError(_prefix(view, "is being modified inplace", t.requires_grad) + _suffix(view))
    if view.base.requires_grad and view.base.is_leaf:
        made_in = core.graph.notes(view.base.node).get("view_made_in")
        if made_in is not None:  # the base was itself a view, made in no_grad / inference mode
            raise RuntimeError(_view_of_view(view, made_in))
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")


def made_in_error(made_in: str) -> str:
    """torch's error for an in-place op on a view made in no_grad / inference mode that was then
    made to require grad."""
    if made_in == "inference":
        return ("A view was created in inference mode and is being modified inplace in normal mode."
                + _NO_GRAD.replace("no_grad block", "inference_mode block"))
    return "A view was created in no_grad mode and is being modified inplace with grad mode enabled." + _NO_GRAD


def _view_of_view(view: View, made_in: str) -> str:
    """torch's error for an in-place op on a view of a no_grad / inference-mode view."""
    start = f"Output {view.label[1]} of {view.label[0]} is a view of a view which was created in "
    if made_in == "inference":
        return (start + "inference mode and is being modified inplace in normal mode."
                + _NO_GRAD.replace("no_grad block", "inference_mode block"))
    return start + "no_grad mode and is being modified inplace with grad mode enabled." + _NO_GRAD


def _prefix(view: View, what: str, recorded: bool = True) -> str:
    """The start of torch's error for a multi-output or no_grad view that ``what``."""
    if recorded and (view.multi or view.custom) and view.grad_mode:
        return f"Output {view.label[1]} of {view.label[0]} is a view and {what}."
    if view.inference:
        return f"A view was created in inference mode and {what} in normal mode."
    return f"A view was created in no_grad mode and {what} with grad mode enabled."


_CUSTOM = (" This view was created inside a custom Function (or because an input was returned as-is) and the "
           "autograd logic to handle view+inplace would override the custom backward associated with the custom "
           "Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning the "
           "output of the custom Function.")


def _suffix(view: View) -> str:
    if view.custom:
        return _CUSTOM
    if view.multi:
        return _MULTI
    if view.inference:
        from .autograd.inference import VIEW_SUFFIX
        return VIEW_SUFFIX
    return _NO_GRAD


def _drop_tensor_hooks(node: core.Node) -> None:
    """torch: an in-place op on a view gives the base a CopySlices grad_fn that bypasses the view's
    old grad_fn, so tensor hooks registered on the view before are not called any more (hooks
    registered after the view's grad_fn is regenerated are). Known difference: torch would still
    call them for a graph recorded earlier through the view's old grad_fn."""
    if isinstance(node, core.Op):
        notes = core.graph.peek_notes(node)
        if notes and notes.get("tensor_hooks"):
            notes["tensor_hooks"].clear()


def write(t: Tensor, result: Tensor, fill: bool = False) -> None:
    """An in-place op on the view ``t`` computed ``result``: write it into the base
    (``fill_`` may write into elements sharing memory, as in torch)."""
    view = t._view
    index, overlapping = view.index()
    _check(t, result, view)  # autograd's checks come before the kernel's
    if overlapping and not fill:
        raise RuntimeError(_OVERLAP)
    base = view.base
    separate = view.fw_detached and core.forward.active()  # the base gets no tangent from this view
    with core.recording.grad_mode(core.recording.grad_enabled() and not view.detached), \
            (core.forward.suspended() if separate else contextlib.nullcontext()):
        if view.dtype is None:
            node = core.apply(put_flat, [base.node, result.node, core.Constant(index)],
                              name="torch::autograd::CopySlices")
        else:
            node = core.apply(put_flat_as, [base.node, result.node, core.Constant(index)], {"dtype": view.dtype},
                              name="torch::autograd::CopySlices")
        base._assign(wrap(node), untracked=view.untracked)
    _drop_tensor_hooks(t._node)
    if separate:  # the view's own tangent is updated in place, as in torch
        old = t._node
        t._node = view.derive(old)
        forward_ad.after_inplace(old, t, result)
    # the in-place op's own node keeps the inputs it saved at their version (as in torch)
    versions.share(base.node, result.node, only_new=True)
