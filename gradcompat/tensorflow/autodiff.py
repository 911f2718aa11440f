"""TF's gradient APIs on core's one autodiff engine.

``gradients`` (TF1 graph mode): several ys are summed, grad_ys default to ones,
unconnected xs give None or zeros, ``stop_gradients`` cut the walk. The result is a
deferred vjp node, still connected, so gradients of gradients work.
``GradientTape`` (TF2 eager) is in ``tape``.
"""
from __future__ import annotations

import enum

import jax.numpy as jnp
import numpy as np

from .. import core
from .array_ops import reshape, stack
from .graph import executing_eagerly, get_default_graph
from .indexed_slices import IndexedSlices
from .math_ops import zeros_like
from .operations import colocate
from .tensor import Tensor, convert_to_tensor, wrap


class UnconnectedGradients(enum.Enum):
    """``tf.UnconnectedGradients``: what an x the ys do not reach gets."""

    NONE = "none"
    ZERO = "zero"


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _check_grad_y(y: Tensor, g: Tensor) -> None:
    """TF's static check of a grad_y against its y (the error of TF's Mul gradient)."""
    if y.shape.dims is None or g.shape.dims is None:
        return
    if len(y.shape.dims) == len(g.shape.dims):
        for a, b in zip(y.shape.dims, g.shape.dims):
            if a is not None and b is not None and a != b:
                raise ValueError(f"Dimensions must be equal, but are {a} and {b} for "
                                 f"'{{{{node gradients/grad_ys}}}}' with input shapes: "
                                 f"[{','.join(map(str, y.shape.dims))}], [{','.join(map(str, g.shape.dims))}].")
    elif g.shape.is_fully_defined() and y.shape.is_fully_defined():
        raise ValueError(f"Incompatible shapes between op input and calculated input gradient. "
                         f"Original input shape: {y.shape}. Calculated input gradient shape: {g.shape}")


def _unconnected(x: Tensor, mode, scope: str) -> Tensor | None:
    mode = UnconnectedGradients(mode) if not isinstance(mode, UnconnectedGradients) else mode
    if mode is UnconnectedGradients.ZERO:
        return zeros_like(x, name=f"{scope}/zeros_like" if scope else None)
    return None


class AggregationMethod:
    """``tf.AggregationMethod``: how gradients of several uses are summed (all give the same sum here)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


def _check_gradients_options(aggregation_method, unconnected_gradients) -> None:
    """TF's errors for an unknown aggregation method or unconnected_gradients value."""
    if aggregation_method not in (None, AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE,
                                  AggregationMethod.EXPERIMENTAL_ACCUMULATE_N):
        raise ValueError(f"Invalid `aggregation_method` specified {aggregation_method}. "
                         "Accepted values are [0, 1, 2].")
    try:
        UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r}") from None


def _cotangent(y: Tensor, g) -> core.Node:
    """A grad_y as the cotangent of y: ones by default; TF's checks of its dtype and shape."""
    if g is None:
        return core.ones_for(y.node)
    if isinstance(g, (str, bytes)):
        raise TypeError(f"Gradient type string generated for real or integer-valued tensor {y} with type "
                        f"{y.dtype.name} must be real or integer")
    g = convert_to_tensor(g, dtype=y.dtype if not hasattr(g, "dtype") else None)
    if g.dtype != y.dtype:  # TF fails in the first gradient op, which multiplies them
        raise TypeError(f"Input 'y' of 'Mul' Op has type {y.dtype.name} that does not match type "
                        f"{g.dtype.name} of argument 'x'.")
    _check_grad_y(y, g)
    return g.node


def _backpropagatable(node: core.Node) -> bool:
    """TF differentiates through floating (and complex) tensors only: integers cut the walk."""
    aval = node.aval  # None when unknown, a tuple for a multi-output node: not cut
    return not hasattr(aval, "dtype") or jnp.issubdtype(aval.dtype, jnp.inexact)


class _GraphWalk:
    """What a graph-mode gradient walks through: every op but the stop_gradients."""

    def __init__(self, stops: set):
        self._stops = stops

    def knows(self, node) -> bool:
        return node not in self._stops


def _differentiated_at(x: Tensor, y_nodes: list, stops: set) -> list:
    """Where x's gradient is taken: nowhere for a non-float x; at its gathers' outputs
    when the ys use x only through row gathers (TF's gradient is then IndexedSlices);
    else at x itself."""
    if not jnp.issubdtype(x.dtype.np, jnp.inexact):
        return []
    from .tape import _gather_uses  # the tape's gather detection, shared (tape imports this module)
    return _gather_uses(y_nodes, [x.node], _GraphWalk(stops)) or [x.node]


def _indexed_slices(x: Tensor, parts: list):
    from .tape import _indexed_slices as build
    return build(x, parts)


def gradients(ys, xs, grad_ys=None, name: str = "gradients", colocate_gradients_with_ops: bool = False,
              gate_gradients: bool = False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE) -> list:
    """``tf.compat.v1.gradients``: d(sum of ys weighted by grad_ys)/d(each x), graph mode only.

    grad_ys default to ones; an x the ys do not reach (or reach only through integer
    tensors, or an integer x) gets None, or zeros with ``UnconnectedGradients.ZERO``.
    ``colocate_gradients_with_ops`` shows in the results' ``op.colocation_groups()`` as in TF
    (placement itself is XLA's); ``gate_gradients`` is accepted and changes nothing.
    An x used only by row gathers gets ``IndexedSlices``, as in TF; an x used only by a MatMul
    (first order) gets TF's MatMul gradient op (``<scope>/<product>_grad/MatMul[_1]``, its
    transposes, ``op._original_op``). Known difference: other result tensors are named
    ``<scope>/AddN`` rather than after TF's gradient ops.
    """
    if executing_eagerly():
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                           "Use tf.GradientTape instead.")
    _check_gradients_options(aggregation_method, unconnected_gradients)
    ys = [convert_to_tensor(y) for y in _as_list(ys)]
    xs = [convert_to_tensor(x) for x in _as_list(xs)]
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    passed = _identity_passthrough(ys, xs, grad_ys)
    if passed is not None:
        return passed
    with get_default_graph().name_scope(name or "gradients"):
        cotangents = [_cotangent(y, g) for y, g in zip(ys, grad_ys)]
        stops = {convert_to_tensor(s).node for s in ([] if stop_gradients is None else _as_list(stop_gradients))}
        y_nodes = [y.node for y in ys]
        groups = [_differentiated_at(x, y_nodes, stops) for x in xs]
        matmuls = [_matmul_use(x, y_nodes, stops) if group == [x.node] else None for x, group in zip(xs, groups)]
        groups = [[m.node] if m is not None else group for m, group in zip(matmuls, groups)]
        wrt = [n for group in groups for n in group]
        scopes: dict = {}  # a product's gradient scope, shared by both operands' gradients
        grads = core.vjp(y_nodes, wrt, cotangents, stop=lambda n: n in stops or not _backpropagatable(n),
                         create_graph=True) if wrt else []
        out, i = [], 0
        for x, group in zip(xs, groups):
            parts = [(g, n) for g, n in zip(grads[i:i + len(group)], group) if g is not None]
            i += len(group)
            if not parts:
                out.append(_unconnected(x, unconnected_gradients, ""))
            elif matmuls[len(out)] is not None:
                out.append(_matmul_gradient(x, matmuls[len(out)], parts[0][0], scopes))
                if colocate_gradients_with_ops:
                    colocate(out[-1].node, _gradient_colocation(x, y_nodes))
            elif group[0] is not x.node:
                out.append(_indexed_slices(x, parts))
            else:
                out.append(wrap(parts[0][0], x.dtype, x.shape, "AddN"))
                if colocate_gradients_with_ops:
                    colocate(out[-1].node, _gradient_colocation(x, y_nodes))
    return out


def _matmul_use(x: Tensor, y_nodes: list, stops: set):
    """The graph ``MatMul`` tensor that is x's only use on the way to the ys (x one of its two
    operands), or None: x's gradient is then that MatMul's gradient, built as TF builds it."""
    if x.node in y_nodes or x.node in stops:
        return None
    from .operations import _ORIGINAL
    reached, stack = set(), list(y_nodes)
    while stack:
        node = stack.pop()
        if node not in reached and node not in stops:
            if isinstance(node, core.Op) and (node.name == "grad" or node in _ORIGINAL):
                return None  # a gradient of a gradient: the plain vjp (first order only here)
            reached.add(node)
            stack.extend(node.inputs)
    uses = [n for n in reached if x.node in n.inputs]
    if len(uses) != 1 or not isinstance(uses[0], core.Op) or uses[0].name != "MatMul" \
            or list(uses[0].inputs).count(x.node) != 1 or len(uses[0].inputs) != 2:
        return None
    if not isinstance(x.node, (core.Constant, core.Placeholder)) and x.node not in get_default_graph()._tensor_of_node:
        return None
    graph = get_default_graph()
    try:
        for n in uses[0].inputs:
            if n is not x.node:
                graph.tensor_for(n)
        return graph.tensor_for(uses[0])
    except KeyError:
        return None


def _matmul_gradient(x: Tensor, product: Tensor, upstream, scopes: dict) -> Tensor:
    """TF's MatMul gradient for x (``<scope><product>_grad/MatMul`` for the first operand,
    ``MatMul_1`` for the second): a graph MatMul with TF's transposes, whose
    ``op._original_op`` is the product's op."""
    from .linalg_ops import matmul
    from .operations import set_original_op
    graph = get_default_graph()
    a, b = (graph.tensor_for(n) if n is not x.node else x for n in product.node.inputs)
    attrs = dict(product.node.static)
    ta, tb = attrs.get("transpose_a", False), attrs.get("transpose_b", False)
    grad = wrap(upstream, product.dtype, product.shape, "grad")
    first = product.node.inputs[0] is x.node
    with graph.name_scope(scopes.get(product.node, f"{product.op.name.rsplit('/', 1)[-1]}_grad")) as scope:
        scopes[product.node] = scope  # "gradients/xw_grad/": re-entered as it is
        if first:
            args = {(False, False): (grad, b, False, True), (False, True): (grad, b, False, False),
                    (True, False): (b, grad, False, True), (True, True): (b, grad, True, True)}[(ta, tb)]
        else:
            args = {(False, False): (a, grad, True, False), (False, True): (grad, a, True, False),
                    (True, False): (a, grad, False, False), (True, True): (grad, a, True, True)}[(ta, tb)]
        left, right, t_left, t_right = args
        result = matmul(left, right, transpose_a=t_left, transpose_b=t_right,
                        name="MatMul" if first else "MatMul_1")
    set_original_op(result.node, product.op)
    return result


def _identity_passthrough(ys: list, xs: list, grad_ys: list) -> list | None:
    """TF's identity gradient hands an ``IndexedSlices`` grad_y through unchanged: for one y
    that is x through identities only, the gradient is that grad_y itself."""
    if len(ys) != 1 or len(xs) != 1 or not isinstance(grad_ys[0], IndexedSlices):
        return None
    node = ys[0].node
    while node is not xs[0].node:
        if not (isinstance(node, core.Op) and node.name == "Identity" and len(node.inputs) == 1):
            return None
        node = node.inputs[0]
    return [grad_ys[0]]


def _gradient_colocation(x: Tensor, y_nodes: list) -> list[bytes]:
    """Where TF colocates x's gradient: with the op using x when its uses sit on one device
    (the first use's op), else with x's own op (the sum across devices)."""
    graph = get_default_graph()
    reached, stack = set(), list(y_nodes)
    while stack:
        node = stack.pop()
        if node not in reached:
            reached.add(node)
            stack.extend(node.inputs)
    uses = [n for n in graph.named_nodes() if n in reached and x.node in n.inputs]
    if not uses or len({graph.device_of(n) for n in uses}) > 1:
        return x.op.colocation_groups()
    return graph.tensor_for(uses[0]).op.colocation_groups()


__all__ = ["AggregationMethod", "UnconnectedGradients", "gradients"]


def hessians(ys, xs, name: str = "hessians", colocate_gradients_with_ops: bool = False,
             gate_gradients: bool = False, aggregation_method=None) -> list:
    """``tf.hessians`` (graph mode: TF1 graphs, inside ``tf.function``): per x, the second
    derivatives of the sum of ``ys``, shaped x.shape + x.shape. As TF, a gradient that does
    not depend on x again gives ValueError("None values not supported."). Built as one
    gradient of the flattened first gradient per element of x (TF's while_loop of gradients);
    x needs a known shape."""
    out = []
    xs = [convert_to_tensor(x) for x in _as_list(xs)]
    first = gradients(ys, xs, name=name, colocate_gradients_with_ops=colocate_gradients_with_ops,
                      aggregation_method=aggregation_method)
    for x, gradient in zip(xs, first):
        if gradient is None or not x.shape.is_fully_defined():
            raise ValueError("None values not supported.")
        dims = x.shape.as_list()
        flat = reshape(convert_to_tensor(gradient), [-1])
        size = int(np.prod(dims)) if dims else 1
        rows = []
        for k in range(size):
            onehot = np.zeros(size, x.dtype.np)
            onehot[k] = 1
            row = gradients(flat, x, grad_ys=convert_to_tensor(onehot), name=name)[0]
            if row is None:
                raise ValueError("None values not supported.")
            rows.append(convert_to_tensor(row))
        out.append(reshape(stack(rows), dims + dims))
    return out


def hessians_v2(ys, xs, gate_gradients: bool = False, aggregation_method=None, name: str = "hessians") -> list:
    """``tf.hessians`` of TF2 (``HessiansV2``: no colocation argument)."""
    return hessians(ys, xs, name=name, gate_gradients=gate_gradients, aggregation_method=aggregation_method)
