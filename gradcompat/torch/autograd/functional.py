"""``torch.autograd.functional``: jacobian, hessian, vjp, jvp, hvp, vhp on JAX transforms.

Output structures follow torch: a tensor for a tensor input (and output), tuples for
tuple inputs/outputs. ``create_graph=True`` leaves the results connected to the inputs'
graph; otherwise they do not require grad. ``strict`` and ``vectorize`` are accepted
(JAX always vectorizes). ``strict=True`` runs torch's own algorithm on the eager engine
(``functional_strict``) to raise torch's independence errors. With ``create_graph=True`` the
results are connected even inside ``no_grad``, and inputs that do not require grad are
replaced by fresh leaves that do, as torch's ``_grad_preprocess``.
"""
from __future__ import annotations

from typing import Callable

import jax

from ..tensor import Tensor
from ... import core
from . import functional_strict, transform

__all__ = ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"]


def _tuple(x, arg: str, fn: str) -> tuple[tuple, bool]:
    """torch's ``_as_tuple`` with its TypeError texts (lists count as tuples here)."""
    if isinstance(x, Tensor):
        return (x,), False
    if not isinstance(x, (tuple, list)):
        raise TypeError(f"The {arg} given to {fn} must be either a Tensor or a tuple of Tensors but the given "
                        f"{arg} has type {type(x)}.")
    for i, el in enumerate(x):
        if not isinstance(el, Tensor):
            raise TypeError(f"The {arg} given to {fn} must be either a Tensor or a tuple of Tensors but the value at "
                            f"index {i} has type {type(el)}.")
    return tuple(x), True


def _check_outputs(out, fn: str) -> None:
    """The user function's outputs must be Tensors (checked before JAX sees them)."""
    if isinstance(out, (tuple, list)):
        _tuple(tuple(out), "outputs of the user-provided function", fn)
    elif not isinstance(out, Tensor):
        _tuple(out, "outputs of the user-provided function", fn)


def _call(func: Callable, ins: tuple, is_tuple: bool, fn: str):
    """func on arrays; returns (outputs as a tuple of arrays, whether func returned a tuple)."""
    def checked(*a):
        out = func(*a)
        _check_outputs(out, fn)
        return out
    out = transform.jaxify(checked)(*ins)
    return (tuple(out), True) if isinstance(out, (tuple, list)) else ((out,), False)


def _connect(ins: tuple, create_graph: bool) -> tuple:
    """torch's ``_grad_preprocess`` for create_graph: inputs that do not require grad become
    fresh leaves that do, so the results have a grad_fn (also inside no_grad)."""
    if not create_graph:
        return ins
    return tuple(t if t.requires_grad else t.detach().requires_grad_(True) for t in ins)


def _run(kind: Callable, params: tuple, f: Callable, ins: tuple, extras: tuple, name: str, create_graph: bool):
    """``transform.run_transform``, recording under create_graph whatever the grad mode (as
    torch's enable_grad)."""
    with core.recording.grad_mode(create_graph or core.recording.grad_enabled()):
        return transform.run_transform(kind, params, f, ins, extras, name, record=create_graph)


def _user(func: Callable, in_tuple: bool, fn: str) -> Callable:
    """The user's function on arrays: its output as it returned it (a tuple, or one array)."""
    def f(*arrays):
        out, is_tuple = _call(func, arrays, in_tuple, fn)
        return out if is_tuple else out[0]
    return f


def _scalar(func: Callable, in_tuple: bool, fn: str) -> Callable:
    """The user's function on arrays, checked to return one single-element tensor (as a scalar)."""
    def f(*arrays):
        out, is_tuple = _call(func, arrays, in_tuple, fn)
        if is_tuple:
            raise RuntimeError(f"The function given to {fn} should return a single Tensor")
        if out[0].size != 1:
            raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain a single "
                               "element")
        return out[0].reshape(())
    return f


def _as_tuple_fn(g: Callable, out_tuple: bool) -> Callable:
    return g if out_tuple else (lambda *a: (g(*a),))


# The transforms, as module-level functions of (g, xs, es, out_tuple, *params): ``g`` is the
# user's function on arrays, ``xs`` the inputs' arrays, ``es`` the given vectors'
# (``transform.run_transform`` builds each once per structure).

def _jacobian_of(g, xs, es, out_tuple, in_tuple, forward):
    transform_ = jax.jacfwd if forward else jax.jacrev
    jac = transform_(_as_tuple_fn(g, out_tuple), argnums=tuple(range(len(xs))))(*xs)
    return _shape_jacobian(jac, out_tuple, in_tuple)


def _hessian_of(g, xs, es, out_tuple, in_tuple):
    h = jax.hessian(g, argnums=tuple(range(len(xs))))(*xs)
    return h if in_tuple else h[0][0]


def _vjp_of(g, xs, cts, out_tuple):
    _, pullback = jax.vjp(_as_tuple_fn(g, out_tuple), *xs)
    return pullback(tuple(cts))


def _jvp_of(g, xs, ts, out_tuple):
    out, tangent = jax.jvp(_as_tuple_fn(g, out_tuple), tuple(xs), tuple(ts))
    return (out, tangent) if out_tuple else (out[0], tangent[0])


def _second_order_of(g, xs, ts, out_tuple, in_tuple, transpose):
    value = g(*xs)
    grad_f = jax.grad(g, argnums=tuple(range(len(xs))))
    if transpose:  # v^T H: a vjp of the gradient
        _, pullback = jax.vjp(grad_f, *xs)
        prod = pullback(tuple(ts))
    else:  # H v: a jvp of the gradient
        _, prod = jax.jvp(grad_f, tuple(xs), tuple(ts))
    return value, (tuple(prod) if in_tuple else prod[0])


def _shape_jacobian(jac, out_tuple: bool, in_tuple: bool):
    if not out_tuple and not in_tuple:
        return jac[0][0]
    if not out_tuple:
        return jac[0]
    if not in_tuple:
        return tuple(j[0] for j in jac)
    return jac


_VECTORIZE_STRICT = ("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported "
                     "together. Please either set `strict=False` or `vectorize=False`.")


def jacobian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode"):
    """``torch.autograd.functional.jacobian``: shape ``output.shape + input.shape`` per pair."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise ValueError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                         'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                         'Otherwise, prefer to use "reverse-mode".')
    ins, in_tuple = _tuple(inputs, "inputs", "jacobian")
    if strict and strategy == "forward-mode":
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are "
                           "not supported together (yet). Please either set `strict=False` or "
                           "`strategy=\"reverse-mode\"`.")
    if strict and vectorize:
        _call(func, ins, in_tuple, "jacobian")  # torch checks the outputs first
        raise RuntimeError(_VECTORIZE_STRICT)
    if strict:
        jac, out_tuple = functional_strict.jacobian(func, ins, create_graph, True)
        return _shape_jacobian(jac, out_tuple, in_tuple)
    ins = _connect(ins, create_graph)
    return _run(_jacobian_of, (in_tuple, strategy == "forward-mode"), _user(func, in_tuple, "jacobian"), ins, (),
                "JacobianBackward", create_graph)


def hessian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode"):
    """``torch.autograd.functional.hessian`` of a function with a single-element output."""
    ins, in_tuple = _tuple(inputs, "inputs", "hessian")
    if strict and vectorize:
        _call(func, ins, in_tuple, "hessian")
        raise RuntimeError(_VECTORIZE_STRICT)
    if strict:
        h = functional_strict.hessian(func, ins, create_graph)
        return h if in_tuple else h[0][0]
    ins = _connect(ins, create_graph)
    return _run(_hessian_of, (in_tuple,), _scalar(func, in_tuple, "hessian"), ins, (), "HessianBackward",
                create_graph)


def _v_check(v, outs_like, fn: str, what: str, like_tuple: bool = True):
    """torch's ``_validate_v`` texts (``like_tuple``: whether what v matches was given as a tuple)."""
    vs, _ = _tuple(v, "v", fn)
    if len(vs) != len(outs_like):
        if not like_tuple:
            raise RuntimeError("The given v should contain a single Tensor.")
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(outs_like)} but got {len(vs)}.")
    for i, (a, b) in enumerate(zip(vs, outs_like)):
        if tuple(a.shape) != tuple(b.shape):
            prefix = f"Entry {i} in " if like_tuple else ""
            raise RuntimeError(f"{prefix}v has invalid size: should be {b.shape} but got {a.shape}.")
    return vs


def _default_v(v, ins: tuple, in_tuple: bool, fn: str) -> tuple:
    """v as a tuple checked against ``ins``; None only for one single-element input (then ones)."""
    if v is not None:
        return _v_check(v, ins, fn, "inputs", in_tuple)
    if in_tuple or ins[0].numel() != 1:
        raise RuntimeError("The vector v can only be None if the input to the user-provided function is a single "
                           "Tensor with a single element.")
    from ..functions import ones_like
    return (ones_like(ins[0]),)


def vjp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``torch.autograd.functional.vjp``: ``(func_output, vjp)``, vjp shaped like ``inputs``."""
    ins, in_tuple = _tuple(inputs, "inputs", "vjp")

    def vs_for(outs: tuple, out_tuple: bool) -> tuple:
        if v is None:
            if out_tuple or outs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                                   "Tensor with a single element.")
            from ..functions import ones_like
            return (ones_like(outs[0]),)
        return _v_check(v, outs, "vjp", "outputs", out_tuple)

    if strict:
        outs, out_tuple, grads = functional_strict.vjp(func, ins, None, create_graph, vs_for)
        return (outs if out_tuple else outs[0]), (grads if in_tuple else grads[0])
    ins = _connect(ins, create_graph)
    with core.recording.grad_mode(create_graph):
        result = func(*ins)
    out_tuple = isinstance(result, (tuple, list))
    _check_outputs(result, "vjp")
    outs = tuple(result) if out_tuple else (result,)
    vs = vs_for(outs, out_tuple)

    grads = _run(_vjp_of, (), _user(func, in_tuple, "vjp"), ins, vs, "VjpBackward", create_graph)
    return (outs if out_tuple else outs[0]), (tuple(grads) if in_tuple else grads[0])


def jvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``torch.autograd.functional.jvp``: ``(func_output, jvp)``, jvp shaped like the output."""
    ins, in_tuple = _tuple(inputs, "inputs", "jvp")
    vs = _default_v(v, ins, in_tuple, "jvp")
    if strict:
        outs, out_tuple, res = functional_strict.jvp(func, ins, vs, create_graph)
        return (outs, res) if out_tuple else (outs[0], res[0])
    ins = _connect(ins, create_graph)
    out, tangent = _run(_jvp_of, (), _user(func, in_tuple, "jvp"), ins, vs, "JvpBackward", create_graph)
    return out, tangent


def _second_order(func, inputs, v, create_graph, strict, fn: str, transpose: bool):
    ins, in_tuple = _tuple(inputs, "inputs", fn)
    if strict:
        out, res = functional_strict.second_order(func, ins, None, create_graph, fn,
                                                  lambda: _default_v(v, ins, in_tuple, fn))
        return out, (res if in_tuple else res[0])
    vs = _default_v(v, ins, in_tuple, fn)
    ins = _connect(ins, create_graph)
    return _run(_second_order_of, (in_tuple, transpose), _scalar(func, in_tuple, fn), ins, vs, "HvpBackward",
                create_graph)


def hvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``torch.autograd.functional.hvp``: ``(func_output, H v)``."""
    return _second_order(func, inputs, v, create_graph, strict, "hvp", transpose=False)


def vhp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``torch.autograd.functional.vhp``: ``(func_output, v^T H)``."""
    return _second_order(func, inputs, v, create_graph, strict, "vhp", transpose=True)
