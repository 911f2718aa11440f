"""``ops.InsertGradientOf`` and ``ops.HookBackward``: Python functions run on the gradient.

Each is one core op whose kernel is a ``jax.custom_vjp`` identity: forward passes its inputs
through, backward hands the incoming gradient (as Tensors) to the user's function and
passes on what it returns. When the backward runs inside a compiled program the function is
called on the host through ``jax.pure_callback``, so it sees values (and may print them).
"""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Callable, Iterator

import jax
import numpy as np

from ...core import Constant, apply, recording, select
from ..tensor import Tensor
from .primitives import Primitive


def _tensor(array) -> Tensor:
    return Tensor._from_node(Constant(array))


class _Pending(threading.local):
    error: BaseException | None = None


_pending = _Pending()


@contextlib.contextmanager
def hook_errors() -> Iterator[None]:
    """Around a backward pass: an error a hook raised inside a compiled program (which JAX
    wraps in its own runtime error) is raised as the hook raised it."""
    _pending.error = None
    try:
        yield
    except Exception:
        error, _pending.error = _pending.error, None
        if error is not None:
            raise error from None
        raise


def _host_call(fn: Callable, grads: tuple, wanted: tuple) -> tuple:
    """``fn`` on the gradients as Tensors, returning arrays of the ``wanted`` shapes; through
    a host callback when the gradients are tracers."""
    def run(*arrays):
        try:
            with recording.grad_mode(False):
                out = fn(tuple(_tensor(jax.numpy.asarray(a)) for a in arrays))
        except Exception as exc:
            _pending.error = exc
            raise
        return tuple(np.asarray(o._jax_value() if isinstance(o, Tensor) else o, dtype=w.dtype).reshape(w.shape)
                     for o, w in zip(out, wanted))

    if any(isinstance(g, jax.core.Tracer) for g in grads):
        shapes = tuple(jax.ShapeDtypeStruct(w.shape, w.dtype) for w in wanted)
        return jax.pure_callback(run, shapes, *grads)
    return tuple(jax.numpy.asarray(o) for o in run(*grads))


def hooked_identity(*arrays, hook):
    """Identity whose backward is ``hook(grads) -> grads`` (a tuple in, a tuple out)."""
    @jax.custom_vjp
    def identity(*xs):
        return xs

    def forward(*xs):
        return xs, None

    def backward(_, grads):
        return _host_call(hook, tuple(grads), tuple(grads))

    identity.defvjp(forward, backward)
    return identity(*arrays)


def _apply_hook(hook: Callable, tensors: tuple, name: str) -> tuple:
    node = apply(hooked_identity, [t.node for t in tensors], {"hook": hook}, name=name)
    return tuple(Tensor._from_node(select(node, i)) for i in range(len(tensors)))


class _GradientFunction:
    """``InsertGradientOf``'s function as a tuple-to-tuple hook (hashable by the primitive)."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, grads: tuple) -> tuple:
        return (self.fn(grads[0]),)


class InsertGradientOf(Primitive):
    """``ops.InsertGradientOf(f)``: identity forward; backward returns ``f(dout)`` in place of
    the gradient ``dout`` (gradient clipping, printing)."""

    def __init__(self, f: Callable) -> None:
        self.f = f
        self._hook = _GradientFunction(f)

    def __call__(self, input_x: Tensor) -> Tensor:
        if not isinstance(input_x, Tensor):
            raise TypeError(f"For 'InsertGradientOf', the input should be a Tensor, but got "
                            f"{type(input_x).__name__}.")
        return _apply_hook(self._hook, (input_x,), "InsertGradientOf")[0]

    def __repr__(self) -> str:
        return f"Prim[InsertGradientOf]<f={self.f!r}, side_effect_backprop=True, side_effect_backprop_mem=True>"


class _BackwardHook:
    """``HookBackward``'s function: gets the tuple of gradients; None keeps them."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, grads: tuple) -> tuple:
        out = self.fn(grads)
        if out is None:
            return grads
        if isinstance(out, Tensor):
            out = (out,)
        if not isinstance(out, (tuple, list)) or len(out) != len(grads):
            raise TypeError(f"For 'HookBackward', the hook function should return None or a tuple of {len(grads)} "
                            f"Tensor(s), but got {out!r}.")
        return tuple(out)


class HookBackward(Primitive):
    """``ops.HookBackward(hook_fn, cell_id="")``: identity forward (one input: a Tensor, several: a
    tuple); backward calls ``hook_fn(grads)`` with the tuple of incoming gradients and uses what
    it returns (a tuple of Tensors) instead, or the gradients unchanged when it returns None."""

    def __init__(self, hook_fn: Callable, cell_id: str = "") -> None:
        if not callable(hook_fn):
            raise TypeError(f"Expected a callable hook function, but got {type(hook_fn).__name__}.")
        self.hook_fn = hook_fn
        self.cell_id = cell_id
        self._hook = _BackwardHook(hook_fn)

    def __call__(self, *inputs: Tensor) -> Any:
        for x in inputs:
            if not isinstance(x, Tensor):
                raise TypeError(f"For 'HookBackward', the inputs should be Tensors, but got {type(x).__name__}.")
        out = _apply_hook(self._hook, inputs, "HookBackward")
        return out[0] if len(out) == 1 else out

    def __repr__(self) -> str:
        return f"Prim[HookBackward]<cell_id={self.cell_id}>"


__all__ = ["HookBackward", "InsertGradientOf", "hook_errors", "hooked_identity"]
