"""``ops.vjp``, ``ops.jvp``, ``ops.jacfwd``, ``ops.jacrev``: MindSpore's functional transforms.

These take a function and return functions, exactly what JAX's transforms do, so they map
straight onto ``jax.vjp`` / ``jax.jvp`` / ``jax.jacfwd`` / ``jax.jacrev``: the MindSpore
function runs on Tensors that hold JAX tracers, and results come back as Tensors.
"""
from __future__ import annotations

from typing import Any, Callable

import jax

from ...core import Constant
from ..tensor import Tensor


def _to_arrays(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value._jax_value()
    if isinstance(value, (tuple, list)):
        return type(value)(_to_arrays(v) for v in value)
    return value


def _to_tensors(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return type(value)(_to_tensors(v) for v in value)
    return Tensor._from_node(Constant(value)) if isinstance(value, jax.Array) else value


def _on_arrays(fn: Callable) -> Callable:
    """``fn`` as a function of arrays returning arrays (what JAX's transforms expect)."""
    return lambda *arrays: _to_arrays(fn(*_to_tensors(arrays)))


def _split_aux(fn: Callable) -> Callable:
    """``fn`` on arrays, returning ``(first output, aux outputs)`` (JAX's has_aux form)."""
    def split(*arrays):
        out = _on_arrays(fn)(*arrays)
        return out[0], (out[1] if len(out) == 2 else tuple(out[1:]))  # one aux output: itself
    return split


def _as_tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def vjp(fn: Callable, *inputs: Tensor, weights=None, has_aux: bool = False):
    """``ops.vjp(fn, *inputs, has_aux=False)``: ``(outputs, vjp_fn)`` (plus the aux outputs
    with ``has_aux``); ``vjp_fn(v)`` returns a tuple with one gradient per input."""
    if weights is not None:
        raise NotImplementedError("ops.vjp with weights is not supported by gradcompat yet")
    arrays = _to_arrays(inputs)
    if has_aux:
        outputs, pullback, aux = jax.vjp(_split_aux(fn), *arrays, has_aux=True)
    else:
        outputs, pullback = jax.vjp(_on_arrays(fn), *arrays)

    def vjp_fn(*v: Any) -> tuple:
        cotangent = _to_arrays(v[0] if len(v) == 1 else v)
        return tuple(_to_tensors(pullback(cotangent)))

    if has_aux:
        return _to_tensors(outputs), vjp_fn, _to_tensors(aux)
    return _to_tensors(outputs), vjp_fn


def jvp(fn: Callable, inputs: Any, v: Any, has_aux: bool = False):
    """``ops.jvp(fn, inputs, v, has_aux=False)``: ``(outputs, jvp_outputs)`` (plus the aux
    outputs with ``has_aux``); ``inputs`` and ``v`` are a Tensor or a tuple of Tensors."""
    primals, tangents = _to_arrays(_as_tuple(inputs)), _to_arrays(_as_tuple(v))
    if has_aux:
        out, tangent_out, aux = jax.jvp(_split_aux(fn), primals, tangents, has_aux=True)
        return _to_tensors(out), _to_tensors(tangent_out), _to_tensors(aux)
    out, tangent_out = jax.jvp(_on_arrays(fn), primals, tangents)
    return _to_tensors(out), _to_tensors(tangent_out)


def _jacobian(transform: Callable, fn: Callable, grad_position: Any, has_aux: bool) -> Callable:
    argnums = grad_position if isinstance(grad_position, int) else tuple(grad_position)

    def jacobian_fn(*inputs: Tensor):
        arrays = _to_arrays(inputs)
        if has_aux:
            jac, aux = transform(_split_aux(fn), argnums=argnums, has_aux=True)(*arrays)
            return _to_tensors(jac), _to_tensors(aux)
        return _to_tensors(transform(_on_arrays(fn), argnums=argnums)(*arrays))
    return jacobian_fn


def jacfwd(fn: Callable, grad_position: Any = 0, has_aux: bool = False) -> Callable:
    """``ops.jacfwd(fn, grad_position=0, has_aux=False)``: forward-mode Jacobian function."""
    return _jacobian(jax.jacfwd, fn, grad_position, has_aux)


def jacrev(fn: Callable, grad_position: Any = 0, has_aux: bool = False) -> Callable:
    """``ops.jacrev(fn, grad_position=0, has_aux=False)``: reverse-mode Jacobian function."""
    return _jacobian(jax.jacrev, fn, grad_position, has_aux)
