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
        if has_aux and not (isinstance(out, tuple) and len(out) == 2):
            raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                               "(output, aux) if has_aux is True")
        value, aux = out if has_aux else (out, None)
        if getattr(value, "ndim", 0) != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                               f"tensor with {value.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs "
                               "instead?")
        return (value, aux) if has_aux else value
    return g


def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """``torch.func.grad_and_value``: ``(grad, value)``, or ``(grad, (value, aux))`` with has_aux.

    The user's function runs at every call (as in torch); calls that trace to the same
    structure share one compiled program (``transform.run_transform``)."""
    def wrapper(*args, **kwargs):
        def on_values():
            def build(*xs):
                f = _scalar_output(transform.jaxify(lambda *a: func(*a, **kwargs)), has_aux)
                (value, aux), grads = _value_and_grad(f, argnums, has_aux)(*xs)
                return grads, ((value, aux) if has_aux else value)
            return transform.run(build, args, "GradBackward")

        leaves, treedef = jax.tree_util.tree_flatten(args, is_leaf=_is_tensor)
        chosen = _chosen_leaves(argnums, args, leaves)
        numbers = (argnums,) if isinstance(argnums, int) else argnums
        f, positions = _on_tensor_leaves(_scalar_output_of(func, kwargs, has_aux), leaves, treedef)
        index = {p: k for k, p in enumerate(positions)}
        diff = tuple(index[i] for span in chosen for i in span)
        try:
            grads, value, aux = transform.run_transform(
                _grad_of, (diff, has_aux), f, tuple(leaves[p] for p in positions), (), "GradBackward",
                on_values=_reads_values)
        except _ReadsValues:  # the function branches on its values: no structure to share
            return on_values()
        trees, it = [], iter(grads)
        for n in numbers:
            arg_treedef = jax.tree_util.tree_structure(args[n], is_leaf=_is_tensor)
            trees.append(jax.tree_util.tree_unflatten(arg_treedef, [next(it) for _ in range(arg_treedef.num_leaves)]))
        out = trees[0] if isinstance(argnums, int) else tuple(trees)
        return out, ((value, aux) if has_aux else value)
    return wrapper


class _ReadsValues(Exception):
    pass


def _reads_values():
    raise _ReadsValues


def _value_and_grad(f, argnums, has_aux):
    vg = jax.value_and_grad(f, argnums=argnums, has_aux=has_aux)

    def run(*xs):
        out, grads = vg(*xs)
        return (out if has_aux else (out, None)), grads
    return run


def _scalar_output_of(func: Callable, kwargs: dict, has_aux: bool) -> Callable:
    return _scalar_output(transform.jaxify(lambda *a: func(*a, **kwargs)), has_aux)


def _chosen_leaves(argnums, args: tuple, leaves: list) -> list[range]:
    """The flat leaf positions of each differentiated argument, with torch's errors for bad
    ``argnums`` and for differentiated leaves that are not Tensors."""
    if isinstance(argnums, int) and not isinstance(argnums, bool):
        numbers = (argnums,)
    elif isinstance(argnums, tuple) and all(isinstance(n, int) and not isinstance(n, bool) for n in argnums):
        numbers = argnums
        if not numbers:
            raise RuntimeError("argnums must be non-empty")
        if len(set(numbers)) != len(numbers):
            raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    else:
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    for n in numbers:
        if not -len(args) <= n < len(args):
            raise RuntimeError(f"Got argnum={n}, but only {len(args)} positional inputs")
    spans = _arg_spans(args)
    chosen = [range(*spans[n]) for n in numbers]
    for span in chosen:
        for i in span:
            if not isinstance(leaves[i], Tensor):
                raise ValueError(f"Thing passed to transform API must be Tensor, got {type(leaves[i])}")
    return chosen


def _arg_spans(args: tuple) -> list[tuple[int, int]]:
    """Each positional argument's ``(first, end)`` among the flat leaves of ``args``."""
    spans, start = [], 0
    for a in args:
        n = jax.tree_util.tree_structure(a, is_leaf=_is_tensor).num_leaves
        spans.append((start, start + n))
        start += n
    return spans


def _on_tensor_leaves(f: Callable, leaves: list, treedef) -> tuple[Callable, list[int]]:
    """``f`` (a function of the arguments' pytree) as a function of the arrays of its Tensor
    leaves, the other leaves fixed; and those leaves' positions."""
    positions = [i for i, x in enumerate(leaves) if isinstance(x, Tensor)]

    def on_arrays(*arrays):
        full = list(leaves)
        for p, a in zip(positions, arrays):
            full[p] = a
        return f(*jax.tree_util.tree_unflatten(treedef, full))
    return on_arrays, positions


def _grad_of(g, xs, es, out_tuple, diff, has_aux):
    """The transform of ``grad_and_value``: gradients of ``g`` at ``xs`` for the positions
    ``diff``, the value and the aux output."""
    def f(*chosen):
        full = list(xs)
        for p, v in zip(diff, chosen):
            full[p] = v
        out = g(*full)
        return (out[0], out[1]) if has_aux else (out, None)
    (value, aux), grads = jax.value_and_grad(f, argnums=tuple(range(len(diff))), has_aux=True)(
        *(xs[p] for p in diff))
    return tuple(grads), value, aux


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


def _jacobian(transform_name: str, func: Callable, argnums, has_aux: bool, name: str,
              direct: Callable) -> Callable:
    """``jacrev`` / ``jacfwd`` / ``hessian`` of ``func``: one program per traced structure,
    shared across calls; ``direct`` (a JAX transform of the whole function) where the
    function reads its values."""
    def wrapper(*args):
        def on_values():
            return transform.run(direct(transform.jaxify(func)), args, name)

        leaves, treedef = jax.tree_util.tree_flatten(args, is_leaf=_is_tensor)
        chosen = _chosen_leaves(argnums, args, leaves)
        numbers = (argnums,) if isinstance(argnums, int) else argnums
        f, positions = _on_tensor_leaves(transform.jaxify(func), leaves, treedef)
        index = {p: k for k, p in enumerate(positions)}
        diff = tuple(index[i] for span in chosen for i in span)
        packing = tuple(jax.tree_util.tree_structure(args[n], is_leaf=_is_tensor) for n in numbers)
        params = (transform_name, diff, packing, isinstance(argnums, int), has_aux)
        try:
            return transform.run_transform(_jacobian_of, params, f, tuple(leaves[p] for p in positions), (), name,
                                           on_values=_reads_values)
        except _ReadsValues:
            return on_values()
    return wrapper


_JACOBIANS = {"jacrev": lambda f, has_aux: jax.jacrev(f, has_aux=has_aux),
              "jacfwd": lambda f, has_aux: jax.jacfwd(f, has_aux=has_aux),
              "hessian": lambda f, has_aux: jax.jacfwd(jax.jacrev(f))}


def _jacobian_of(g, xs, es, out_tuple, transform_name, diff, packing, single, has_aux):
    """The transform of ``jacrev`` / ``jacfwd`` / ``hessian``: the Jacobian of ``g`` for the
    leaves ``diff`` of ``xs``, packed as the differentiated arguments (one, or a tuple)."""
    def unpack(packed):
        full, it = list(xs), iter(jax.tree_util.tree_leaves(packed))
        for p in diff:
            full[p] = next(it)
        return full

    groups, start = [], 0
    for tree in packing:
        groups.append(jax.tree_util.tree_unflatten(tree, [xs[p] for p in diff[start:start + tree.num_leaves]]))
        start += tree.num_leaves
    packed = groups[0] if single else tuple(groups)
    return _JACOBIANS[transform_name](lambda a: g(*unpack(a)), has_aux)(packed)


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size=None) -> Callable:
    """``torch.func.jacrev``: reverse-mode Jacobian (structure: output x argnums)."""
    return _jacobian("jacrev", func, argnums, has_aux, "JacrevBackward",
                     lambda f: jax.jacrev(f, argnums=argnums, has_aux=has_aux))


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """``torch.func.jacfwd``: forward-mode Jacobian."""
    return _jacobian("jacfwd", func, argnums, has_aux, "JacfwdBackward",
                     lambda f: jax.jacfwd(f, argnums=argnums, has_aux=has_aux))


def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """``torch.func.hessian``: ``jacfwd(jacrev(func))``."""
    return _jacobian("hessian", func, argnums, False, "HessianBackward",
                     lambda f: jax.jacfwd(jax.jacrev(f, argnums=argnums), argnums=argnums))


_RANDOM_REFUSED = ("vmap: called random operation while in randomness error mode. Please either use the 'same' or "
                   "'different' randomness flags on vmap or perform the randomness operation out of vmap")


def vmap(func: Callable, in_dims: Any = 0, out_dims: Any = 0, randomness: str = "error", *,
         chunk_size=None) -> Callable:
    """``torch.func.vmap`` (``torch.vmap``): ``jax.vmap`` with torch's in_dims/out_dims.

    The user's function runs once per call on one example's shapes (as torch's does on
    batched tensors); calls that trace to the same structure share one compiled program."""
    def wrapper(*args, **kwargs):
        refused = random_refused(_RANDOM_REFUSED) if randomness == "error" else contextlib.nullcontext()

        def on_values():
            f = transform.jaxify(lambda *a: func(*a, **kwargs))
            dims = tuple(in_dims) if isinstance(in_dims, list) else in_dims
            with refused:
                return transform.run(jax.vmap(f, in_axes=dims, out_axes=out_dims), args, "VmapBackward")

        leaves, treedef = jax.tree_util.tree_flatten(args, is_leaf=_is_tensor)
        axes = _leaf_axes(func, in_dims, args, leaves)
        if axes is None or not _plain_dims(out_dims):
            return on_values()  # unusual dims: the transform itself says what is wrong
        f, positions = _on_tensor_leaves(transform.jaxify(lambda *a: func(*a, **kwargs)), leaves, treedef)
        tensors = tuple(leaves[p] for p in positions)
        tensor_axes = tuple(axes[p] for p in positions)
        one = []
        for t, axis in zip(tensors, tensor_axes):
            value = t._value
            one.append(jax.ShapeDtypeStruct(value.shape if axis is None else
                                            value.shape[:axis] + value.shape[axis + 1:], value.dtype))
        with refused:
            return transform.run_transform(_vmap_of, (tensor_axes, out_dims), f, tensors, (), "VmapBackward",
                                           trace_avals=one, on_values=on_values)
    return wrapper


def _plain_dims(dims) -> bool:
    return dims is None or isinstance(dims, int) or (
        isinstance(dims, tuple) and all(d is None or isinstance(d, int) for d in dims))


def _leaf_axes(func: Callable, in_dims, args: tuple, leaves: list) -> list | None:
    """The batch axis of every leaf of ``args`` (None: not batched), non-negative. Raises
    torch's ValueError for dims that do not fit the inputs; None for what is left to the
    transform itself (lists of dims, nothing batched)."""
    where = f"vmap({getattr(func, '__name__', func)}, in_dims={in_dims}, ...)(<inputs>)"
    if not args:
        raise ValueError(f"vmap({getattr(func, '__name__', func)})(<inputs>): got no inputs. Maybe you forgot to add "
                         "inputs, or you are trying to vmap over a function with no inputs. The latter is unsupported.")
    if isinstance(in_dims, int) and not isinstance(in_dims, bool):
        per_arg = [in_dims] * len(args)
    elif isinstance(in_dims, tuple):
        per_arg = list(in_dims) if len(in_dims) == len(args) else None
    elif isinstance(in_dims, list):
        return None
    else:
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple matching the "
                         f"structure of inputs, got: {type(in_dims)}.")
    axes = []
    for arg, dims in zip(args, per_arg or ()):
        flat = _broadcast_dims(dims, arg)
        if flat is None:
            per_arg = None
            break
        axes.extend(flat)
    if per_arg is None:
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`.")
    sizes = []
    for i, (leaf, axis) in enumerate(zip(leaves, axes)):
        if axis is None:
            continue
        if not isinstance(leaf, Tensor):
            raise ValueError(f"{where}: Got in_dim={axis} for an input but the input is of type {type(leaf)}. We "
                             "cannot vmap over non-Tensor arguments, please use None as the respective in_dim")
        if not -leaf.ndim <= axis < leaf.ndim:
            raise ValueError(f"{where}: Got in_dim={axis} for some input, but that input is a Tensor of "
                             f"dimensionality {leaf.ndim} so expected in_dim to satisfy -{leaf.ndim} <= in_dim < "
                             f"{leaf.ndim}.")
        axes[i] = axis % leaf.ndim
        sizes.append(leaf.shape[axes[i]])
    if len(set(sizes)) > 1:
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    return axes if sizes else None


def _broadcast_dims(dims, tree) -> list | None:
    """``dims`` (a prefix of ``tree``: an int or None stands for its whole subtree) given to
    each leaf of ``tree``, in JAX's flattening order; None when it is not a prefix."""
    if dims is None or isinstance(dims, int):
        return [dims] * jax.tree_util.tree_structure(tree, is_leaf=_is_tensor).num_leaves
    if isinstance(dims, (tuple, list)) and isinstance(tree, (tuple, list)) and len(dims) == len(tree):
        pairs = zip(dims, tree)
    elif isinstance(dims, dict) and isinstance(tree, dict) and dims.keys() == tree.keys():
        pairs = ((dims[k], tree[k]) for k in sorted(tree))
    else:
        return None
    out = []
    for d, sub in pairs:
        flat = _broadcast_dims(d, sub)
        if flat is None:
            return None
        out.extend(flat)
    return out


def _vmap_of(g, xs, es, out_tuple, in_axes, out_dims):
    """The transform of ``vmap``: ``g`` mapped over ``xs`` along ``in_axes``."""
    try:
        return jax.vmap(g, in_axes=in_axes, out_axes=out_dims)(*xs)
    except ValueError as e:
        if "out_axes" not in str(e):
            raise
        raise ValueError(f"vmap(..., out_dims={out_dims})(<inputs>): out_dims is not compatible with the "
                         "structure of `outputs`.") from None


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
