"""``tf.custom_gradient``: a function that returns ``(outputs, grad_fn)``.

The decorated call becomes one op whose kernel is a ``jax.custom_vjp``: its forward runs
the user's function on the op's inputs, its backward runs the user's ``grad_fn`` on the
upstream gradients. Trainable variables the function reads are inputs of the op too, and
``grad_fn(*upstream, variables=[...])`` returns ``(input_grads, variable_grads)`` as in TF.
Keyword arguments are passed through undifferentiated (eagerly; TF's ValueError in a trace).
The backward re-runs the forward to rebuild ``grad_fn`` (its closure is Python, which a
compiled residual cannot hold). A function that cannot run on traced values (it reads its
eager input with ``tensor_util.constant_value`` / ``tf.get_static_value``, as TF eager allows)
gets, per call, the values of its eager inputs as those inputs' static values inside the
kernel (one compile per such call). Known difference: a variable gradient whose shape differs
from the variable's (TF passes it on unchanged) is summed to the variable's shape.
"""
from __future__ import annotations

import contextlib
import functools
import weakref
from typing import Callable

import jax
import jax.numpy as jnp

from .. import core
from . import dtypes as _dt
from . import tracing
from .graph import executing_eagerly
from .nest import flatten, pack_sequence_as
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor


class _ReadCollector(core.recording.Tape):
    """Hears which trainable variables a call reads (and records nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[core.StateCell] = []

    def on_read(self, cell, node) -> None:
        if getattr(cell.owner, "trainable", False) and cell not in self.cells:
            self.cells.append(cell)


class _UserFunction:
    """The static attribute of the op: the user's function and how its inputs split.

    One per (function, input count, variables read, output structure), so repeated calls
    share compile-cache entries.
    """

    def __init__(self, fn: Callable, arguments: list, n_inputs: int, cells: tuple, structure,
                 known: tuple | None = None):
        self.fn = fn
        self.known = known  # this call's eager input values, for a function that reads them
        self.needs_values: bool | None = None  # found on the first eager call
        self.arguments = arguments  # the arguments' structure (a list), its tensors as None
        self.n_inputs = n_inputs
        self.cells = cells
        self.structure = structure

    def _call(self, values):
        """The user's function on ``values`` (the op's inputs), eagerly and unrecorded."""
        inputs = [Tensor(core.Constant(v), _dt.as_dtype(v.dtype), TensorShape(jnp.shape(v)))
                  for v in values[:self.n_inputs]]
        if self.known is not None:
            for tensor, value in zip(inputs, self.known):
                tensor._static_value = value
        reads = {cell: core.Constant(v) for cell, v in zip(self.cells, values[self.n_inputs:])}
        with tracing.substituted(reads), core.recording.deferred_mode(False), _tapes_paused():
            return self.fn(*pack_sequence_as(self.arguments, inputs))

    def forward(self, values):
        outputs, _ = self._call(values)
        return tuple(convert_to_tensor(o).node.value for o in flatten(outputs))

    def backward(self, values, cotangents):
        outputs, grad_fn = self._call(values)
        outs = [convert_to_tensor(o) for o in flatten(outputs)]
        upstream = [Tensor(core.Constant(c), o.dtype, o.shape) for c, o in zip(cotangents, outs)]
        with tracing.substituted({}), core.recording.deferred_mode(False), _tapes_paused():
            if self.cells:
                input_grads, variable_grads = grad_fn(*upstream, variables=[c.owner for c in self.cells])
                if len(variable_grads) != len(self.cells):
                    raise ValueError("Must return gradient for each variable from @custom_gradient grad_fn.")
            else:
                input_grads, variable_grads = grad_fn(*upstream), []
        input_grads = flatten(input_grads)
        if len(input_grads) != self.n_inputs:
            raise ValueError(f"custom_gradient function expected to return {self.n_inputs} gradients, but "
                             f"returned {len(input_grads)} instead.")
        grads = [*input_grads, *flatten(variable_grads)]
        return tuple(_as_cotangent(g, v) for g, v in zip(grads, values))


def _as_cotangent(grad, value):
    shape = jnp.shape(value)
    if grad is None:
        return jnp.zeros(shape, value.dtype)
    g = jnp.asarray(convert_to_tensor(grad).node.value, value.dtype)
    if g.shape != shape:  # summed to the variable's shape (see the module docstring)
        g = jnp.sum(g, axis=tuple(range(g.ndim - len(shape)))) if g.ndim > len(shape) else g
        g = jnp.broadcast_to(g, shape)
    return g


class _tapes_paused:
    """No active tape records the user's own ops: the op itself is what they record."""

    def __enter__(self):
        self._contexts = [core.recording.paused(t) for t in core.recording.active_tapes()]
        for c in self._contexts:
            c.__enter__()

    def __exit__(self, *exc):
        for c in reversed(self._contexts):
            c.__exit__(*exc)


@functools.partial(jax.custom_vjp, nondiff_argnums=(0,))
def _custom_gradient_op(user, *values):
    return user.forward(values)


def _custom_gradient_fwd(user, *values):
    # the outputs through the op itself: differentiated again (a gradient of the gradient),
    # they keep the user's gradient, as TF's recorded op does
    return _custom_gradient_op(user, *values), values


def _custom_gradient_bwd(user, values, cotangents):
    return user.backward(values, cotangents)


_custom_gradient_op.defvjp(_custom_gradient_fwd, _custom_gradient_bwd)


def custom_gradient_kernel(*values, user: _UserFunction):
    """The op's function: the user's outputs, with the user's gradient."""
    return _custom_gradient_op(user, *values)


class _Decorated:
    """A ``tf.custom_gradient`` function."""

    def __init__(self, fn: Callable):
        self._fn = fn
        self._users: dict[tuple, _UserFunction] = {}
        self._bound: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, fn)

    def __get__(self, instance, owner):
        """A method: the instance is bound, not an input (TF's ``Bind``)."""
        if instance is None:
            return self
        try:
            return self._bound[instance]
        except (KeyError, TypeError):
            pass
        bound = _Decorated(self._fn.__get__(instance, owner))
        try:
            self._bound[instance] = bound  # one per instance: its ops share compile-cache entries
        except TypeError:
            pass
        return bound

    def __call__(self, *args, **kwargs):
        if kwargs and not executing_eagerly():
            raise ValueError("The custom_gradient decorator currently supports keywords arguments only "
                             "when eager execution is enabled.")
        # keyword arguments are passed through, not differentiated (as TF's eager decorator does)
        fn = functools.partial(self._fn, **kwargs) if kwargs else self._fn
        # nested arguments: each tensor of the structure is an input (TF flattens them)
        inputs = [convert_to_tensor(a) for a in flatten(list(args))]
        arguments = pack_sequence_as(list(args), inputs)
        collector = _ReadCollector()
        with collector, _tapes_paused(), tracing.substituted({}):  # which variables it reads, its outputs
            outputs, _ = fn(*arguments)
        cells = tuple(collector.cells)
        flat = [convert_to_tensor(o) for o in flatten(outputs)]
        key = (_structure_key(list(args)), cells, _structure_key(outputs), _kwargs_key(kwargs))
        user = self._users.get(key)
        if user is None:
            skeleton = pack_sequence_as(list(args), [None] * len(inputs))
            user = self._users[key] = _UserFunction(fn, skeleton, len(inputs), cells, outputs)
        nodes = [t.node for t in inputs] + [c.owner.node for c in cells]
        values = [n.value for n in nodes]
        if all(v is not None and not isinstance(v, jax.core.Tracer) for v in values):
            if user.needs_values is None:  # once per function: can it run on traced values?
                try:
                    jax.eval_shape(lambda *v: user.forward(v), *values)
                    user.needs_values = False
                except Exception:  # noqa: BLE001 - any failure: run it on this call's values
                    user.needs_values = True
            if user.needs_values:
                user = _UserFunction(fn, user.arguments, len(inputs), cells, outputs,
                                     known=tuple(values[:len(inputs)]))
        op = core.apply(custom_gradient_kernel, nodes, {"user": user}, name="CustomGradient")
        results = [Tensor(core.select(op, i), o.dtype, o.shape) for i, o in enumerate(flat)]
        return pack_sequence_as(outputs, results) if isinstance(outputs, (list, tuple)) else results[0]


def _kwargs_key(kwargs: dict):
    try:
        key = tuple(sorted((k, type(v).__name__, v) for k, v in kwargs.items()))
        hash(key)
        return key
    except TypeError:  # an unhashable value: one op per call
        return object()


def _structure_key(outputs):
    return pack_sequence_as(outputs, [None] * len(flatten(outputs))).__repr__()


def custom_gradient(f: Callable | None = None):
    """``tf.custom_gradient``: decorate ``f(*x) -> (y, grad_fn)``; see the module docstring."""
    if f is None:
        return lambda fn: _Decorated(fn)
    return _Decorated(f)


def recompute_grad(f: Callable) -> Callable:
    """``tf.recompute_grad(f)``: ``f`` with the same values and gradients. Known difference:
    the forward activations are kept rather than recomputed in the backward pass (no memory saved)."""
    @functools.wraps(f)
    def inner(*args, **kwargs):
        return f(*args, **kwargs)
    return inner


def _pass_through(x, y):
    # y's value, x's gradient: (x - x) is exactly zero, so the value is y's to the bit
    return jax.lax.stop_gradient(y) + (x - jax.lax.stop_gradient(x))


def grad_pass_through(f: Callable) -> Callable:
    """``tf.grad_pass_through``: ``f``'s result, with the gradient of the identity to its input
    (nothing reaches the variables ``f`` reads, nor through what ``f`` computes)."""
    from .tensor import make_op

    @functools.wraps(f)
    def wrapped(x):
        with contextlib.ExitStack() as paused, core.recording.grad_mode(False):
            for tape in list(core.recording.active_tapes()):
                paused.enter_context(core.recording.paused(tape))
            result = f(x)
        inputs, outputs = flatten(x), flatten(result)
        passed = [make_op(_pass_through, [convert_to_tensor(i), convert_to_tensor(o)], op_type="Identity")
                  for i, o in zip(inputs, outputs)]
        return pack_sequence_as(result, passed)
    return wrapped
