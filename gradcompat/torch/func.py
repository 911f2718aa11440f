"""``torch.func``: grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap,
functional_call, mapped directly onto the JAX transforms.

Arguments may be pytrees (tuples, lists, dicts) of Tensors. Each transform runs as one
core op, so results are connected to the inputs' autograd graph when they require grad.
Known difference: tensors a function closes over are constants to the transform.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable

import jax

from .autograd import transform
from .generator import random_refused
from .tensor import Tensor

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp", "stack_module_state",
           "vjp", "vmap"]


def _scalar_output(f: Callable, has_aux: bool) -> Callable:
    def g(*args):
        out = f(*args)
        value, aux = out if has_aux else (out, None)
        if has_aux and not (isinstance(out, tuple) and len(out) == 2):
            raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                               "(output, aux) if has_aux is True")
        if getattr(value, "ndim", 0) != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                               f"tensor with {value.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs "
                               "instead?")
        return (value, aux) if has_aux else value
    return g


def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """``torch.func.grad_and_value``: ``(grad, value)``, or ``(grad, (value, aux))`` with has_aux."""
    def wrapper(*args, **kwargs):
        def build(*xs):
            f = _scalar_output(transform.jaxify(lambda *a: func(*a, **kwargs)), has_aux)
            (value, aux), grads = _value_and_grad(f, argnums, has_aux)(*xs)
            return grads, ((value, aux) if has_aux else value)
        return transform.run(build, args, "GradBackward")
    return wrapper


def _value_and_grad(f, argnums, has_aux):
    vg = jax.value_and_grad(f, argnums=argnums, has_aux=has_aux)

    def run(*xs):
        out, grads = vg(*xs)
        return (out if has_aux else (out, None)), grads
    return run


def grad(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """``torch.func.grad``: the gradient (and the aux output with has_aux)."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        grads, value = gv(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads
    return wrapper


def vjp(func: Callable, *primals, has_aux: bool = False):
    """``torch.func.vjp``: ``(output, vjp_fn)`` (and aux), vjp_fn(cotangents) -> a tuple per primal."""
    f = transform.jaxify(func)
    out = transform.run(lambda *xs: f(*xs), primals, "VjpBackward")
    value, aux = out if has_aux else (out, None)

    def vjp_fn(*cotangents):
        def build(xs, cts):
            _, pullback, *_aux = jax.vjp(f, *xs, has_aux=has_aux)
            return pullback(cts[0] if len(cts) == 1 else cts)
        return transform.run(build, (primals, cotangents), "VjpBackward")

    return (value, vjp_fn, aux) if has_aux else (value, vjp_fn)


def jvp(func: Callable, primals: tuple, tangents: tuple, *, strict: bool = False, has_aux: bool = False):
    """``torch.func.jvp``: ``(output, jvp_out)`` (and aux)."""
    f = transform.jaxify(func)

    def build(xs, ts):
        return jax.jvp(f, tuple(xs), tuple(ts), has_aux=has_aux)
    return transform.run(build, (tuple(primals), tuple(tangents)), "JvpBackward")


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size=None) -> Callable:
    """``torch.func.jacrev``: reverse-mode Jacobian (structure: output x argnums)."""
    def wrapper(*args):
        return transform.run(jax.jacrev(transform.jaxify(func), argnums=argnums, has_aux=has_aux), args,
                             "JacrevBackward")
    return wrapper


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """``torch.func.jacfwd``: forward-mode Jacobian."""
    def wrapper(*args):
        return transform.run(jax.jacfwd(transform.jaxify(func), argnums=argnums, has_aux=has_aux), args,
                             "JacfwdBackward")
    return wrapper


def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """``torch.func.hessian``: ``jacfwd(jacrev(func))``."""
    def wrapper(*args):
        return transform.run(jax.jacfwd(jax.jacrev(transform.jaxify(func), argnums=argnums), argnums=argnums),
                             args, "HessianBackward")
    return wrapper


_RANDOM_REFUSED = ("vmap: called random operation while in randomness error mode. Please either use the 'same' or "
                   "'different' randomness flags on vmap or perform the randomness operation out of vmap")


def vmap(func: Callable, in_dims: Any = 0, out_dims: Any = 0, randomness: str = "error", *,
         chunk_size=None) -> Callable:
    """``torch.func.vmap`` (``torch.vmap``): ``jax.vmap`` with torch's in_dims/out_dims."""
    def wrapper(*args, **kwargs):
        f = transform.jaxify(lambda *a: func(*a, **kwargs))
        dims = tuple(in_dims) if isinstance(in_dims, list) else in_dims
        refused = random_refused(_RANDOM_REFUSED) if randomness == "error" else contextlib.nullcontext()
        with refused:
            return transform.run(jax.vmap(f, in_axes=dims, out_axes=out_dims), args, "VmapBackward")
    return wrapper


@contextlib.contextmanager
def _swapped(module, tensors: dict):
    """Temporarily replace a module's parameters / buffers / attributes by dotted name."""
    saved = []
    try:
        for name, value in tensors.items():
            owner, _, attr = name.rpartition(".")
            target = module.get_submodule(owner) if owner and hasattr(module, "get_submodule") else module
            if owner and not hasattr(module, "get_submodule"):
                for part in owner.split("."):
                    target = getattr(target, part)
            for table_name in ("_parameters", "_buffers"):
                table = getattr(target, table_name, None)
                if isinstance(table, dict) and attr in table:
                    saved.append((table, attr, table[attr], None))
                    table[attr] = value
                    break
            else:
                saved.append((None, attr, getattr(target, attr), target))
                object.__setattr__(target, attr, value)
        yield
    finally:
        for table, attr, old, target in reversed(saved):
            if table is not None:
                table[attr] = old
            else:
                object.__setattr__(target, attr, old)


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights: bool = True,
                    strict: bool = False):
    """``torch.func.functional_call``: call ``module`` with some parameters/buffers replaced.

    Duck-typed: works with any module whose parameters live in ``_parameters`` /
    ``_buffers`` dicts or plain attributes, reached by dotted names."""
    dicts = (parameter_and_buffer_dicts if isinstance(parameter_and_buffer_dicts, (tuple, list))
             else (parameter_and_buffer_dicts,))
    merged: dict = {}
    for d in dicts:
        for k, v in d.items():
            if k in merged:
                raise ValueError(f"{k} appeared in multiple dictionaries; behavior of functional call is ambiguous")
            merged[k] = v
    args = () if args is None else (args if isinstance(args, tuple) else (args,))
    with _swapped(module, merged):
        return module(*args, **(kwargs or {}))


def _stacked_leaf(tensors: list, name: str) -> Tensor:
    from .shape import stack
    flags = {bool(t.requires_grad) for t in tensors}
    if len(flags) > 1:
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    out = stack([t.detach() for t in tensors])
    return out.requires_grad_() if flags == {True} else out


def stack_module_state(models) -> tuple[dict, dict]:
    """``torch.func.stack_module_state``: the parameters and buffers of same-class models
    stacked along a new dim 0, by state-dict name; stacked parameters are new leaves
    (optimizable, unrelated to the models' own), for ``vmap`` over ``functional_call``."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({bool(m.training) for m in models}) > 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    if any(type(m) is not type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    tables = []
    for kind in ("named_parameters", "named_buffers"):
        per_model = [dict(getattr(m, kind)()) for m in models]
        tables.append({k: _stacked_leaf([d[k] for d in per_model], k) for k in per_model[0]})
    return tables[0], tables[1]


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)
