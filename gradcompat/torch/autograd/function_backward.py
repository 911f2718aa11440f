"""A custom ``torch.autograd.Function``'s backward run as Python in an eager backward pass.

torch's engine runs a custom ``backward`` as plain Python between its node steps, with the very
ctx ``forward`` filled. An eager ``apply`` keeps that ctx on its op (``function._FunctionOp``),
and in an eager backward pass (``.backward()`` / ``autograd.grad`` without ``create_graph``,
outside lazy and compiled steps: the engine says so through ``function.eager_backward``) the core
backward cuts its compiled segments at such ops and calls ``pull`` between them
(``core.backprop.register_python_pullback``): the user's backward runs once, on the gradient in
hand, with no host callback inside a compiled program and no second run of ``forward``. Its
gradients are the same values the callback gave; where several reach one input they are summed
in the order torch's engine sums them (the order the backwards run). Reentrant Functions (a graph
kept on ctx, differentiated in backward) and ``once_differentiable`` ones run here too (deep nesting
continues in a fresh thread); a pass cut at hooks or ``retain_grad`` runs each backward once
(``function.pass_memo``). The common Function (tensor arguments, one new output) takes a shorter
path (``_pull_simple``).

Elsewhere (``create_graph``, lazy or compiled steps, JAX transforms, ops recorded while a tape or
forward-mode AD was active, which are plain ops without a ctx) the op's ``jax.custom_vjp`` rule
runs as before (see ``function``).
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from ..tensor import wrap
from . import function as _function

_STATE = _function._STATE


def applies(node: core.Node) -> bool:
    """Whether ``node``'s backward runs here in the pass under way: an eager ``apply``'s op, in an
    eager backward pass."""
    return type(node) is _function._FunctionOp and getattr(_STATE, "eager", False) and getattr(node, "ctx", None) is not None


def pull(node: "_function._FunctionOp", cotangent: Any) -> list:
    """The cotangents of ``node``'s inputs (None where its backward gives none) for the cotangent
    of its value (a tuple, or a dict of the outputs that received one), by the user's backward
    run with the ctx of its forward (once per pass for one cotangent: ``function.pass_memo``)."""
    memo = getattr(_STATE, "memo", None)
    if memo is None:
        return _pull(node, cotangent)
    known = memo.get(node)
    if known is not None and _same_cotangent(known[0], cotangent):
        return known[1]
    result = _pull(node, cotangent)
    memo[node] = (cotangent, result)
    return result


def _same_cotangent(a: Any, b: Any) -> bool:
    """Whether two cotangents of one op's value (tuples or dicts of arrays) hold the same values."""
    if type(a) is not type(b) or len(a) != len(b):
        return False
    pairs = [(a[k], b.get(k, _MISSING)) for k in a] if type(a) is dict else list(zip(a, b))
    for x, y in pairs:
        if x is y:
            continue
        try:
            if x is None or y is None or y is _MISSING or getattr(x, "dtype", None) != getattr(y, "dtype", None) \
                    or np.shape(x) != np.shape(y):
                return False
            if type(x) is np.ndarray and type(y) is np.ndarray:
                if not np.array_equal(x, y):
                    return False
            elif not bool(jnp.array_equal(x, y)):  # (compared where the arrays live: one scalar comes back)
                return False
        except (TypeError, ValueError):  # (values numpy cannot compare: run the backward again)
            return False
    return True


_MISSING = object()


def _pull(node: "_function._FunctionOp", cotangent: Any) -> list:
    """``pull``, run."""
    spec = node.static[0][1]
    ctx = node.ctx
    if ctx is _function._PLAIN_CTX:  # forward set nothing on it (see function._fast_apply)
        ctx = _function.FunctionCtx(spec.needs)
    box = spec.box
    if box.get("structure") is _SIMPLE and not box.get("saved_output_nrs"):
        return _pull_simple(spec, ctx, node, cotangent)
    outputs = node.value
    if isinstance(cotangent, dict):
        cots = [cotangent.get(i) for i in range(len(outputs))]
    else:
        cots = list(cotangent)
    _, _, n_out, others = spec.box["structure"]
    materialize = ctx.materialize_grads
    grads, k = [], 0
    for i in range(n_out):
        if i in others:  # a non-tensor output's gradient is None, as in torch
            grads.append(None)
            continue
        c = cots[k] if k < len(cots) else None
        if c is not None and getattr(c, "dtype", None) == jax.dtypes.float0:
            c = None
        if c is None:
            out = outputs[k]
            grads.append(wrap(core.Constant(jnp.zeros(jnp.shape(out), jnp.result_type(out)))) if materialize
                         else None)
        else:
            grads.append(wrap(core.Constant(c)))
        k += 1
    saved = ctx._saved
    for j, nr in spec.box.get("saved_output_nrs", {}).items():  # saved inputs keep their output_nr
        if j < len(saved) and saved[j] is not None:
            core.graph.notes(saved[j].node)["output_nr"] = nr
    result = _reentrant_call(spec, ctx, grads) if spec.box.get("reentrant") else \
        _function._call_backward(spec, ctx, grads)
    return list(_function._input_cotangents(spec, result, [i.aval for i in node.inputs], python=True))


def _reentrant_call(spec: "_function._Spec", ctx: "_function.FunctionCtx", grads: list) -> tuple:
    """``_call_backward`` of a reentrant Function (its ctx holds tensors with a graph: its backward
    may run a backward pass of its own, which may reach another such Function ...)."""
    return _function.one_level_deeper(lambda: _function._call_backward(spec, ctx, grads))


_SIMPLE = _function._SIMPLE
_FLOAT0 = jax.dtypes.float0
_CONCRETE = _function._CONCRETE
_Tensor = _function.Tensor
_Constant = core.Constant


def _pull_simple(spec: "_function._Spec", ctx: "_function.FunctionCtx", node: "_function._FunctionOp",
                 cotangent: Any) -> list | None:
    """``pull`` for the common Function (one new tensor output; see
    ``function._SIMPLE``): the same steps with the general bookkeeping cut to that case; where a
    gradient it returned needs the general checks (another shape or kind of value, an undefined
    gradient), ``_input_cotangents`` finishes on that result."""
    c = cotangent.get(0) if type(cotangent) is dict else cotangent[0]
    if c is not None and getattr(c, "dtype", None) == _FLOAT0:
        c = None
    if c is None:
        out = node.value[0]
        grad = wrap(_Constant(jnp.zeros(jnp.shape(out), jnp.result_type(out)))) if ctx.materialize_grads else None
    else:
        grad = wrap(_Constant(c))
    full = _reentrant_call(spec, ctx, [grad]) if spec.box.get("reentrant") else \
        _function._call_backward(spec, ctx, [grad])
    # (one result per argument of apply: the tensor arguments' are the inputs' gradients)
    result = full if spec.tensor_only else [r for a, r in zip(spec.args, full) if a is None]
    inputs = node.inputs
    if len(result) != len(inputs) or spec.box.get("undefined"):
        return list(_function._input_cotangents(spec, full, [i.aval for i in inputs], python=True))
    out = []
    inexact = _function._inexact
    for r, i in zip(result, inputs):
        v = i.value
        if type(v) not in _CONCRETE or r is None or type(r) is not _Tensor or r._view is not None:
            return list(_function._input_cotangents(spec, full, [i.aval for i in inputs], python=True))
        dtype = v.dtype
        if not inexact(dtype):
            out.append(None)
            continue
        value = r._node.value  # r._value (not a view), read below
        if type(value) not in _CONCRETE or value.shape != v.shape:
            return list(_function._input_cotangents(spec, full, [i.aval for i in inputs], python=True))
        other = value.dtype
        out.append(value if other is dtype or other == dtype else value.astype(dtype))
    _note_read()
    return out


_note_read = core.lazy.note_read


core.backprop.register_python_pullback(_function.function_apply, applies, pull)
