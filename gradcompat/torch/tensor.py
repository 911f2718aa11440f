"""``torch.Tensor``: a handle on a core node with torch's attributes and operators.

``requires_grad`` is the node's ``traced`` flag; a leaf that requires grad is a
``core.Constant(value, traced=True)``. ``.grad`` of a leaf lives in a side table keyed
by its node, so every handle on that leaf sees the same accumulated gradient.
"""
from __future__ import annotations

import math
import threading
import weakref
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax._src.array import ArrayImpl

from .. import core
from ..core.graph import notes as core_notes
from . import dtypes, user_warnings

# leaf node -> its accumulated .grad (a Tensor)
_GRADS: "weakref.WeakKeyDictionary[core.Node, Tensor]" = weakref.WeakKeyDictionary()
_GRAD_FN_CLASSES: dict[str, type] = {}


class _InferenceMode(threading.local):
    """``torch.inference_mode``'s thread-local flag (set by autograd.grad_mode)."""

    def __init__(self) -> None:
        self.enabled = False


inference_state = _InferenceMode()
# nodes of inference tensors (made in inference mode): ops recorded on them are checked
INFERENCE_NODES: "weakref.WeakSet[core.Node]" = weakref.WeakSet()


class Size(tuple):
    """``torch.Size``: a tuple printing as ``torch.Size([2, 3])``."""

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        return int(math.prod(self))  # not np.prod: ~20 us a call, and backward / item() ask every step


class Node:
    """Base of the ``grad_fn`` objects (``MulBackward0`` ...); ``name()`` as in torch."""

    def __init__(self, op: core.Op):
        self._op = op

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._op is self._op

    def __hash__(self) -> int:
        return hash(self._op)


def _grad_fn_class(name: str) -> type:
    cls = _GRAD_FN_CLASSES.get(name)
    if cls is None:
        # torch's C++ nodes (torch::autograd::CopySlices) name their Python type without the namespace
        body = {"name": lambda self, _full=name: _full} if "::" in name else {}
        cls = _GRAD_FN_CLASSES[name] = type(name.rsplit("::", 1)[-1], (Node,), body)
    return cls


def shared_node(op: core.Op) -> core.Op:
    """The op whose grad_fn ``op`` stands for: the outputs of a multi-output op (selections that
    carry the op's own name: ``var_mean``, a custom Function's outputs) share the op's one
    grad_fn, as torch's outputs share one node. The op remembers those outputs by position."""
    if op.fn is not core.graph.getitem or not op.traced:
        return op
    base = op.inputs[0]
    if not isinstance(base, core.Op) or base.name != op.name:
        return op
    value = base.value if base.value is not None else base.aval
    if not isinstance(value, (tuple, list)) or len(value) < 2:
        return op
    outputs = core_notes(base).setdefault("outputs", {})
    index = dict(op.static)["index"]
    ref = outputs.get(index)
    if ref is None or ref() is None:
        outputs[index] = weakref.ref(op)
    return base


def grad_fn_object(op: core.Op) -> Node:
    """The one ``grad_fn`` object of an op while someone holds it (``a.grad_fn is a.grad_fn``);
    the node keeps it weakly, so it does not outlive its users."""
    op = shared_node(op)
    table = core_notes(op)
    ref = table.get("grad_fn")
    obj = ref() if ref is not None else None
    if obj is None:
        obj = _grad_fn_class(op.name)(op)
        table["grad_fn"] = weakref.ref(obj)
    return obj


class Tensor(core.Handle):
    """torch.Tensor on JAX. Build tensors with ``torch.tensor``; ``Tensor(data)`` as in
    torch gives a float32 tensor."""

    _view = None  # views.View for a tensor sharing its base's storage
    _inference = False  # an inference tensor (made in inference mode), as torch.is_inference

    def __init__(self, *args):
        from .functions import tensor as make
        if len(args) == 1 and not isinstance(args[0], int):
            self.node = make(args[0], dtype=dtypes.float32).node
        else:
            from .functions import zeros
            self.node = zeros(*args, dtype=dtypes.float32).node

    @property
    def node(self) -> core.Node:
        """The core node of the current value (a view re-derives it after its storage changed)."""
        view = self._view
        if view is not None and view.stale():
            self._node = view.derive(self._node)
            if self._node.traced:
                _remember_owner(self, self._node)
        return self._node

    @node.setter
    def node(self, node: core.Node) -> None:
        # the WeakSet's own set: cheaper to ask than the WeakSet's len(), and never empty
        # when the WeakSet is not (track only checks, so a dead entry is harmless)
        if inference_state.enabled or INFERENCE_NODES.data:
            from .autograd import inference
            inference.track(self, node)
        self._node = node
        if node.traced:
            _remember_owner(self, node)
        if node.value is None and core.lazy.active():
            core.lazy.register(self)  # computed at the next sync if still alive

    def _jax_value(self):
        """The value; a deferred (lazy mode) tensor is computed now, with everything pending."""
        node = self.node
        if node.value is None:
            core.lazy.register(self)
            core.lazy.sync()
        core.lazy.note_read()  # a recorded compiled step that reads a value is never replayed
        return node.value

    # ----- values -------------------------------------------------------------------
    @property
    def _value(self):
        return self._jax_value()

    @property
    def dtype(self) -> dtypes.dtype:
        return dtypes.from_numpy(self.node.aval.dtype)

    @property
    def shape(self) -> Size:
        return Size(self.node.aval.shape)

    def size(self, dim: int | None = None):
        """``Tensor.size()``: a torch.Size, or one dimension's length."""
        shape = self.shape
        return shape if dim is None else shape[dim]

    def dim(self) -> int:
        return len(self.node.aval.shape)

    ndim = property(dim)

    def numel(self) -> int:
        return self.shape.numel()

    def __len__(self) -> int:
        if self.dim() == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def item(self):
        """The one element as a python number (RuntimeError for several, as torch)."""
        n = self.numel()
        if n != 1:
            raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
        value = self._value
        if isinstance(value, jax.core.Tracer):
            # under an eager JAX transform (autograd.functional's jacrev / jvp) the value is
            # known: torch's item() reads it and detaches; a value unknown at trace time raises
            concrete = value.to_concrete_value()
            value = value if concrete is None else concrete
        return np.asarray(value).reshape(()).item()

    def tolist(self):
        return np.asarray(self._value).tolist()

    def numpy(self) -> np.ndarray:
        """The values as a numpy array; like torch, refused while the tensor requires grad (in grad mode)."""
        if self.requires_grad and core.recording.grad_enabled():
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        return np.array(self._value)

    def __float__(self) -> float:
        if self.requires_grad and core.recording.grad_enabled():  # torch is silent under no_grad
            user_warnings.warn_once(user_warnings.SCALAR_OF_REQUIRES_GRAD, stacklevel=2)
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        if self.numel() != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __index__(self) -> int:
        return int(self.item())

    def __format__(self, spec: str) -> str:
        if self.dim() == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self) -> str:
        from .printing import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    # ----- autograd attributes ------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        return bool(self.node.traced)

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Make this leaf require grad (torch's errors for non-leaves and integer dtypes)."""
        if not self.is_leaf:
            if requires_grad:
                return self
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to "
                               "use a computed variable in a subgraph that doesn't require differentiation "
                               "use var_no_grad = var.detach().")
        if requires_grad and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad and self._view is not None:
            # known difference: a leaf view made to require grad stops sharing its base's storage;
            # one made in no_grad / inference mode remembers it for torch's error on its views
            if not self._view.grad_mode or self._view.inference:
                core_notes(self.node)["view_made_in"] = "inference" if self._view.inference else "no_grad"
            self._node, self._view = self.node, None
        self.node.traced = bool(requires_grad)
        if requires_grad:
            _remember_owner(self, self._node)
        return self

    @property
    def is_leaf(self) -> bool:
        return not (self.node.traced and isinstance(self.node, core.Op))

    @property
    def grad_fn(self):
        """None for leaves; otherwise an object whose ``name()`` is e.g. ``MulBackward0``."""
        if self.is_leaf:
            return None
        return grad_fn_object(self.node)

    @property
    def grad(self) -> "Tensor | None":
        """The accumulated gradient; for a non-leaf without ``retain_grad()``, None with torch's warning."""
        if not self.is_leaf and not self.retains_grad:
            from .autograd.messages import warn_non_leaf_grad
            warn_non_leaf_grad()
        return _GRADS.get(self.node)

    @property
    def retains_grad(self) -> bool:
        from .autograd import hooks
        return not self.is_leaf and hooks.retains(self.node)

    def retain_grad(self) -> None:
        """``Tensor.retain_grad()``: a non-leaf's ``.grad`` is filled by backward (a no-op on leaves)."""
        from .autograd import hooks
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if not self.is_leaf:
            hooks.retain(self.node)

    def register_hook(self, hook):
        """``Tensor.register_hook``: ``hook(grad)`` may return a replacement gradient; returns a
        handle whose ``remove()`` unregisters it."""
        from .autograd import hooks
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        return hooks.register(self.node, hook)

    @property
    def _version(self) -> int:
        from .autograd import versions
        if self._inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return versions.version(self.node)

    def is_inference(self) -> bool:
        """``Tensor.is_inference()``: made in inference mode (views share their base's answer)."""
        return self._inference

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
        if value is None:
            _GRADS.pop(self.node, None)
        else:
            _GRADS[self.node] = value

    def detach(self) -> "Tensor":
        """A new leaf with the same values that does not require grad, sharing this tensor's
        storage (in-place changes of either are seen by both) and version counter."""
        from . import views
        return views.attach(self, Tensor._from_node(core.detached(self.node)), detached=True)

    @property
    def _base(self) -> "Tensor | None":
        """The tensor whose storage this view shares (None if not a view)."""
        view = self._view
        return None if view is None or view.detached else view.base

    def _is_view(self) -> bool:
        return self._base is not None

    def is_contiguous(self, memory_format=None) -> bool:
        from . import views
        return views.is_contiguous(self)

    def detach_(self) -> "Tensor":
        """Detach in place: this tensor becomes a leaf that does not require grad."""
        if self._is_view():
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on these "
                               "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
                               "torch/optim/optimizer.py as the solution.")
        core_notes(self.node)["detached_in_place"] = True  # graphs that saved it refuse to use it (torch)
        self.node = core.detached(self.node)
        return self

    def clone(self) -> "Tensor":
        from . import functions as F
        return F._unary_same(self, "CloneBackward0")

    def backward(self, gradient: "Tensor | None" = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs=None) -> None:
        """``Tensor.backward``: accumulate d(self)/d(leaf) into each leaf's ``.grad``."""
        from .autograd import backward
        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # ----- in-place updates ---------------------------------------------------------
    def _inplace(self, result: "Tensor", *, fill: bool = False) -> "Tensor":
        """Make ``result`` (an op on this tensor) this tensor's value, with torch's checks; a
        view writes it into its base's storage (``fill``: one value everywhere, which torch
        allows on views whose elements share memory)."""
        view = self._view
        node = self._node if view is None else self.node
        if view is None and node.traced and not isinstance(node, core.Op) and core.recording.grad_enabled():
            made_in = core_notes(node).get("view_made_in")
            if made_in is not None:  # a no_grad / inference-mode view made to require grad
                from . import views
                raise RuntimeError(views.made_in_error(made_in))
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        if self._inference and not inference_state.enabled:
            from .autograd.inference import INPLACE_OUTSIDE
            raise RuntimeError(INPLACE_OUTSIDE)
        new = result._node if result._view is None else result.node
        a, b = new.value, node.value
        computed = None
        if (new.aval if a is None else a).dtype != (node.aval if b is None else b).dtype:
            computed = new
            result = self._result_in_own_dtype(result)
            new = result.node
            a = new.value
        # (host values: the arrays' shapes, without making avals; each in-place op asks)
        if not (type(a) is np.ndarray and type(b) is np.ndarray and a.shape == b.shape) \
                and new.aval.shape != node.aval.shape:
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape "
                               f"{list(result.shape)}")
        if view is not None:
            from . import views
            views.write(self, result, fill=fill)
        else:
            self._assign(result)
            if computed is not None and computed.storage is None:
                # the op computed the storage's new value before its cast: its own saved ``self``
                # is exempt from the version check, as the in-place op's in torch
                computed.storage = self._node.storage
        return self

    def _result_in_own_dtype(self, result: "Tensor") -> "Tensor":
        """An in-place op keeps the tensor's dtype, as torch's: the promoted result is cast back
        (a recorded cast, named as the op), and torch's error where its can_cast refuses (float
        into an integer tensor, anything but bool into a bool one)."""
        if result.dtype.category > self.dtype.category:
            names = dtypes.SCALAR_TYPE_NAMES
            raise RuntimeError(f"result type {names[result.dtype.name]} can't be cast to the desired output type "
                               f"{names[self.dtype.name]}")
        from .ops import astype
        name = getattr(result.node, "name", None) or "ToCopyBackward0"
        return wrap(core.apply(astype, [result.node], {"dtype": self.dtype.np_name}, name=name))

    def _rebase(self, old: core.Node, new: core.Node, result: "Tensor") -> bool:
        """``_assign``'s commonest case, with as few calls as may be (every in-place op of a
        recorded chain takes it): ``new``, an eager op recorded on this tensor's node ``old``,
        becomes its node, as torch rebases the history onto the in-place op. False (nothing
        done) where the general path is needed."""
        if not (new.traced and type(new) is core.Op and new.value is not None) \
                or inference_state.enabled or INFERENCE_NODES.data:
            return False
        core.lazy.note_read()  # (result._value: the value was read)
        value, current = new.value, old.value
        dtype = current.dtype if type(current) in _CONCRETE else old.aval.dtype
        if value.dtype is not dtype and value.dtype != dtype:
            value.astype(dtype)  # (the general path converts, and then keeps the op's own value)
        self._node = new  # the node setter, for an eager value outside inference mode
        _take_ownership(self, new, result)
        (_versions or _load_versions()).rebind(old, new)
        if core.forward._levels:  # forward-mode AD: the tangent is updated in place too
            from .autograd import forward_ad
            forward_ad.after_inplace(old, self, result)
        return True

    def _assign(self, result: "Tensor", untracked: bool = False) -> None:
        """Rebind this (non-view) tensor to ``result``'s value, bumping the version counter
        (``untracked``: a write through ``.data``, which autograd does not see)."""
        old = self.node
        if not untracked and self._rebase(old, result._node if result._view is None else result.node, result):
            return
        versions = _versions or _load_versions()
        value, dtype = result._value, old.aval.dtype
        if value.dtype != dtype:  # astype to the same dtype returns the array itself: skip its dispatch
            value = value.astype(dtype)
        if untracked and old.value is not None:
            old.value = value  # the storage changes under the graphs that saved it, as in torch
            versions.rebind(old, old, hidden=True)
            return
        if isinstance(result.node, core.Op) and result.node.traced:
            self.node = result.node  # history rebased onto the new op, as torch does
            _take_ownership(self, self._node, result)
        elif type(old) is core.Constant:
            # a new leaf node: graphs recorded before keep the old value (the version
            # counter reports torch's error where they needed it); .grad and hooks move along
            self.node = core.Constant(value, traced=old.traced)
        elif isinstance(old, core.Op) and old.traced:
            # changed without recording (no_grad, through detach()): the same history with
            # the new value, as a new node so graphs that saved the old one see its version
            from .ops import keep_history
            with core.recording.grad_mode(True):
                self.node = core.apply(keep_history, [old, core.Constant(value)], name=old.name)
        else:
            old.value = value
        versions.rebind(old, self.node)
        if core.forward.active():  # forward-mode AD: the tangent is updated in place too
            from .autograd import forward_ad
            forward_ad.after_inplace(old, self, result)

    def add_(self, other, *, alpha=1):
        return self._inplace(self + other * alpha if alpha != 1 else self + other)

    def sub_(self, other, *, alpha=1):
        return self._inplace(self - other * alpha if alpha != 1 else self - other)

    def mul_(self, other):
        return self._inplace(self * other)

    def div_(self, other):
        return self._inplace(self / other)

    def zero_(self):
        return self.fill_(0)  # methods.fill_: zero gradient to the old value, as torch's ZeroBackward

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_
    __itruediv__ = div_

    # ----- operators ----------------------------------------------------------------
    def __neg__(self):
        from . import functions as F
        return F.neg(self)

    def __pos__(self):
        return self

    def __getitem__(self, index):
        from . import functions as F
        return F.getitem(self, index)

    # ----- methods that mirror torch functions --------------------------------------
    def add(self, other, *, alpha=1):
        return self + other * alpha if alpha != 1 else self + other

    def sub(self, other, *, alpha=1):
        return self - other * alpha if alpha != 1 else self - other

    def mul(self, other):
        return self * other

    def div(self, other):
        return self / other

    def pow(self, exponent):
        return self ** exponent

    def neg(self):
        return -self

    def matmul(self, other):
        return self @ other

    def mm(self, other):
        from . import functions as F
        return F.mm(self, other)

    def exp(self):
        from . import functions as F
        return F.exp(self)

    def log(self):
        from . import functions as F
        return F.log(self)

    def sin(self):
        from . import functions as F
        return F.sin(self)

    def cos(self):
        from . import functions as F
        return F.cos(self)

    def sum(self, dim=None, keepdim: bool = False, *, dtype=None):
        from . import functions as F
        return F.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim=None, keepdim: bool = False, *, dtype=None):
        from . import functions as F
        return F.mean(self, dim, keepdim, dtype=dtype)

    @property
    def T(self) -> "Tensor":
        from . import functions as F
        return F.transpose_all(self)

    def t(self) -> "Tensor":
        if self.dim() > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.dim()}D")
        return self.T

    def to(self, dtype=None, *args, **kwargs) -> "Tensor":
        """``Tensor.to(dtype)``: a cast (device arguments are accepted and ignored)."""
        dtype = kwargs.get("dtype", dtype)
        if not isinstance(dtype, dtypes.dtype):
            dtype = next((a for a in args if isinstance(a, dtypes.dtype)), None)
        if dtype is None or dtype is self.dtype:
            return self
        from . import functions as F
        return F.cast(self, dtype)

    def float(self) -> "Tensor":
        return self.to(dtypes.float32)

    def double(self) -> "Tensor":
        return self.to(dtypes.float64)

    def long(self) -> "Tensor":
        return self.to(dtypes.int64)

    def int(self) -> "Tensor":
        return self.to(dtypes.int32)

    def bool(self) -> "Tensor":
        return self.to(dtypes.bool_)

    def cpu(self) -> "Tensor":
        return self

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point


def _remember_owner(t: Tensor, node: core.Node) -> None:
    """The first tensor object on a node that requires grad: what a grad_fn's ``_saved_self``
    (and a leaf's ``AccumulateGrad.variable``) gives back, as torch gives the user's object.
    Kept in the node's ``owner`` slot (a dict of notes per recorded op would cost every op)."""
    if node.owner is None:
        node.owner = _weak(t)


def _take_ownership(t: Tensor, node: core.Node, result: Tensor) -> None:
    """An in-place op made ``node`` (computed as the temporary ``result``) ``t``'s node: ``t``
    becomes its owner, so a later op's ``grad_fn._saved_self`` is ``t`` itself, as in torch."""
    ref = node.owner
    owner = ref() if ref is not None else None
    if owner is None or owner is result:
        node.owner = _weak(t)


_new = object.__new__
_weak = weakref.ref
_CONCRETE = (np.ndarray, ArrayImpl)  # value types whose dtype is their aval's
_versions = None  # autograd.versions, imported on first use (it imports this module)


def _load_versions():
    global _versions
    from .autograd import versions
    _versions = versions
    return versions


def wrap(node: core.Node) -> Tensor:
    """A torch Tensor on ``node``."""
    t = _new(Tensor)
    if node.value is None or inference_state.enabled or INFERENCE_NODES.data:
        t.node = node  # the setter: lazy-mode registration, inference tracking
        return t
    t._node = node  # what the setter does for an eager value outside inference mode, inlined (per op)
    if node.traced and node.owner is None:  # _remember_owner, inlined
        node.owner = _weak(t)
    return t


def value_of(x: Any):
    """The JAX array behind a Tensor (or ``jnp.asarray`` of anything else)."""
    return x._value if isinstance(x, Tensor) else jnp.asarray(x)
