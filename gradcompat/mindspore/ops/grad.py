"""``ops.GradOperation``: MindSpore's gradient transform, on the one core autodiff engine.

The function or Cell runs under a core Tape that watches fresh leaves for the Tensor
inputs and the read nodes of the weights; ``core.vjp`` then differentiates what the tape
recorded. Output structures are MindSpore 2.x's (PyNative):

* default: the gradient of the first input (``()`` when there are no inputs);
* ``get_all=True``: a tuple with the gradient of every Tensor input;
* ``get_by_list=True``: a tuple with the gradient of every weight (a single Tensor when
  ``weights`` is one Parameter); without weights, the trainable Parameters the function or
  Cell reads (a Parameter it returns included), in the order it first reads them;
* both: ``(input_grads, weight_grads)``.

The default sens is ones; with ``sens_param=True`` the last argument is the sens (a
Tensor, or a tuple for tuple outputs). Inputs and weights the output does not reach get
zeros. Inside another GradOperation the gradients stay connected, so nesting gives
higher derivatives.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import jax.numpy as jnp

from ... import core
from ...core import Constant, Node, apply, recording
from .. import _kernels as K, graph_mode
from ..parameter import Parameter
from ..tensor import Tensor
from .hooks import hook_errors
from .state_ops import stop_gradient


class _ParameterCollector(recording.Tape):
    """A tape that also watches, and collects in order, the Parameters the function reads."""

    def __init__(self) -> None:
        super().__init__()
        self.params: list[Parameter] = []

    def on_read(self, cell, node) -> None:
        if (isinstance(cell.owner, Parameter) and cell.owner.requires_grad
                and not any(p is cell.owner for p in self.params)):
            self.params.append(cell.owner)
            self.watch(node)


def _fresh_leaf(tensor: Tensor) -> Tensor:
    """A new node for an input: a constant, or (inside an outer grad) an op it records."""
    return Tensor._from_node(apply(K.identity, [tensor.node], name="Identity"))


def _flatten_outputs(out: Any) -> list[Tensor]:
    if isinstance(out, Tensor):
        return [out]
    if isinstance(out, (tuple, list)):
        flat: list[Tensor] = []
        for item in out:
            flat.extend(_flatten_outputs(item))
        return flat
    return []


def _result(grad: Node | None, wrt: Node) -> Tensor:
    """A gradient as a Tensor: zeros where the output does not reach ``wrt``.

    Integer inputs get their gradient through their casts to float (``_integer_gradients``).
    """
    if grad is None or grad.aval is None or grad.aval.dtype != wrt.aval.dtype:
        return _zeros_like(wrt)
    return Tensor._from_node(grad)


def _is_integer(node: Node) -> bool:
    return node.aval is not None and jnp.dtype(node.aval.dtype).kind in "biu"


def _float_casts(outputs: list[Node], wrt: list[Node], stop: Callable[[Node], bool]) -> list[tuple[int, Node]]:
    """(wrt position, cast node) for each Cast of an integer ``wrt`` node to a float dtype
    between it and the outputs (explicit, or the implicit one of a mixed int/float op)."""
    targets = {id(n): i for i, n in enumerate(wrt) if _is_integer(n)}
    if not targets:
        return []
    found, seen, stack = [], set(), list(outputs)
    while stack:
        node = stack.pop()
        if id(node) in seen or id(node) in targets or stop(node):
            continue
        seen.add(id(node))
        if (getattr(node, "fn", None) is K.cast and len(node.inputs) == 1 and id(node.inputs[0]) in targets
                and node.aval is not None and jnp.dtype(node.aval.dtype).kind in "fc"):
            found.append((targets[id(node.inputs[0])], node))
            continue
        stack.extend(node.inputs)
    return found


def _integer_gradients(wrt: list[Node], grads: list, casts: list, cast_grads: list) -> list:
    """MindSpore differentiates an integer input through its casts to float: the gradient of
    each cast, cast back to the integer dtype (truncated), summed. Integer-only arithmetic
    before the cast is not differentiated (known difference: zeros)."""
    grads = list(grads)
    for (i, _), g in zip(casts, cast_grads):
        if g is None:
            continue
        g = apply(K.cast, [g], {"dtype": jnp.dtype(wrt[i].aval.dtype).name}, name="Cast")
        previous = grads[i]
        usable = previous is not None and previous.aval is not None and previous.aval.dtype == g.aval.dtype
        grads[i] = apply(K.binary, [previous, g], {"op": "add", "dtype": g.aval.dtype.name},
                         name="Add") if usable else g
    return grads


def _zeros_like(node: Node) -> Tensor:
    aval = node.aval
    return Tensor._from_node(Constant(jnp.zeros(aval.shape, aval.dtype)))


def _sens_nodes(outputs: list[Tensor], sens: Any) -> list[Node]:
    given = _flatten_outputs(sens)
    if len(given) != len(outputs):
        raise ValueError(f"The sens should have the same structure as the output: the output has "
                         f"{len(outputs)} tensor(s), but the sens has {len(given)}.")
    nodes = []
    for out, s in zip(outputs, given):
        if s.shape != out.shape:
            raise ValueError(f"The shape should be {list(out.shape)}, but got {list(s.shape)}")
        # the sens as a node, not its value: a sens computed in a GRAPH_MODE call is part of
        # its program (reading the value would make the call trace again every time)
        s = s if s.dtype == out.dtype else s.astype(out.dtype)
        nodes.append(stop_gradient(s).node)
    return nodes


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"For 'GradOperation', the '{name}' should be bool, but got {type(value).__name__}")
    return value


def _weight_spec(weights: Any) -> tuple[list, bool]:
    """Weights as a list, and whether the result is a single Tensor (one Parameter given)."""
    if isinstance(weights, Tensor):
        return [weights], True
    if not isinstance(weights, (list, tuple)):
        raise TypeError("The weights you provided is expected to be a tensor, or a list or tuple. "
                        f"but got {weights}")
    return list(weights), False


class _Gradients:
    """What one differentiated call produced: the function's output, the gradient of each
    positional argument (None for non-Tensor arguments) and of each weight."""

    def __init__(self, output: Any, inputs: list, weights: list, weight_grads: tuple) -> None:
        self.output = output
        self.inputs = inputs
        self.weights = weights
        self.weight_grads = weight_grads

    def tensor_inputs(self) -> tuple:
        return tuple(g for g in self.inputs if g is not None)


def _differentiate(fn: Callable, args: Sequence, kwargs: dict, weights: list | None,
                   sens: Any = None, has_aux: bool = False, inputs_wanted: bool = True) -> _Gradients:
    """Run ``fn`` under a tape and differentiate its output(s) with respect to the Tensor
    arguments (unless not ``inputs_wanted``: their gradients are then None) and the weights
    (``None``: the Parameters ``fn`` reads, in reading order).

    The sens defaults to ones for every output (several outputs are summed); with
    ``has_aux`` only the first output is differentiated.
    """
    # One leaf per Tensor object: the same Tensor passed twice is one variable, and
    # each of its positions gets the total derivative, as in MindSpore.
    leaves: dict[int, Tensor] = {}
    for a in args:
        if inputs_wanted and isinstance(a, Tensor) and id(a) not in leaves:
            leaves[id(a)] = _fresh_leaf(a)
    inputs = [leaves.get(id(a), a) for a in args]
    input_nodes = [leaves[id(a)].node for a in args if id(a) in leaves]

    tape = _ParameterCollector() if weights is None else recording.Tape()
    for node in input_nodes:
        tape.watch(node)
    if weights is not None:
        weight_nodes = [w.node if isinstance(w, Parameter) else Constant(w._jax_value()) for w in weights]
        for node in weight_nodes:
            tape.watch(node)
    with tape:
        out = fn(*inputs, **kwargs)
        differentiated = out[0] if has_aux and isinstance(out, tuple) else out
        outputs = _flatten_outputs(differentiated)
        out_nodes = [o.node for o in outputs]  # read here: a Parameter returned as it is counts as read
    if weights is None:
        weights = list(tape.params)
        weight_nodes = [p.node for p in weights]

    cotangents = (_sens_nodes(outputs, sens) if sens is not None
                  else [core.ones_for(n) for n in out_nodes])
    wrt = input_nodes + weight_nodes
    if out_nodes and wrt:
        stop = lambda n: not tape.knows(n)  # noqa: E731
        casts = _float_casts(out_nodes, wrt, stop)
        with hook_errors():
            grads = core.vjp(out_nodes, wrt + [c for _, c in casts], cotangents, stop=stop,
                             create_graph=bool(recording.active_tapes()))
        grads = _integer_gradients(wrt, grads[:len(wrt)], casts, grads[len(wrt):])
    else:
        grads = [None] * len(wrt)
    # a Parameter with requires_grad=False in a weights list gets zeros, as in MindSpore
    frozen = {len(input_nodes) + j for j, w in enumerate(weights) if isinstance(w, Parameter) and not w.requires_grad}
    results = iter(_result(None if k in frozen else g, n) for k, (g, n) in enumerate(zip(grads, wrt)))
    per_argument = [next(results) if id(a) in leaves else None for a in args]
    return _Gradients(out, per_argument, weights, tuple(results))


class GradOperation:
    """``ops.GradOperation(get_all=False, get_by_list=False, sens_param=False)``.

    ``GradOperation(...)(fn_or_cell, weights=None)`` returns a function of the same
    arguments (plus the sens when ``sens_param``) that returns the gradients. In GRAPH_MODE
    a top-level call runs as one compiled program.
    """

    def __init__(self, get_all: bool = False, get_by_list: bool = False, sens_param: bool = False) -> None:
        self.get_all = _check_bool("get_all", get_all)
        self.get_by_list = _check_bool("get_by_list", get_by_list)
        self.sens_param = _check_bool("sens_param", sens_param)

    def __call__(self, fn: Callable, weights: Any = None) -> Callable:
        def after_grad(*args: Any, **kwargs: Any) -> Any:
            return graph_mode.call(lambda *a, **k: self._grad(fn, weights, a, k), args, kwargs, owner=after_grad)
        return after_grad

    def _grad(self, fn: Callable, weights: Any, args: Sequence, kwargs: dict) -> Any:
        args = list(args)
        sens = args.pop() if self.sens_param and args else None
        weight_list, single = [], False
        if self.get_by_list:
            weight_list, single = (None, False) if weights is None else _weight_spec(weights)
        result = _differentiate(fn, args, kwargs, weight_list, sens,
                                inputs_wanted=self.get_all or not self.get_by_list)
        input_grads = result.tensor_inputs()
        if self.get_by_list:
            weight_grads = result.weight_grads[0] if single else result.weight_grads
            return (input_grads, weight_grads) if self.get_all else weight_grads
        if self.get_all:
            return input_grads
        return input_grads[0] if input_grads else ()


def _positions(grad_position: Any) -> tuple[tuple[int, ...], bool] | None:
    """``grad_position`` as a tuple, and whether the result is a single Tensor."""
    if grad_position is None:
        return None
    if isinstance(grad_position, bool) or not isinstance(grad_position, (int, tuple)):
        raise TypeError("For 'F.grad', the 'grad_position' must be int or tuple.")
    if isinstance(grad_position, int):
        return (grad_position,), True
    return tuple(grad_position), len(grad_position) == 1


def _grad_function(fn: Callable, grad_position: Any, weights: Any, has_aux: bool, return_ids: bool,
                   with_value: bool) -> Callable:
    positions = _positions(grad_position)
    if positions is None and weights is None:
        raise ValueError("`grad_position` and `weight` can not be None at the same time.")
    weight_list, single_weight = _weight_spec(weights) if weights is not None else ([], False)

    def grad_fn(*args: Any, **kwargs: Any) -> Any:
        return graph_mode.call(gradients, args, kwargs, owner=grad_fn)

    def gradients(*args: Any, **kwargs: Any) -> Any:
        result = _differentiate(fn, args, kwargs, weight_list, has_aux=has_aux, inputs_wanted=positions is not None)
        parts = []
        if positions is not None:
            index, single = positions
            for i in index:
                if not 0 <= i < len(args):
                    raise RuntimeError(f"Position index {i} is exceed input size.")
            grads = [(i, result.inputs[i]) if return_ids else result.inputs[i] for i in index]
            parts.append(grads[0] if single else tuple(grads))
        if weights is not None:
            grads = [(w.name, g) if return_ids else g for w, g in zip(result.weights, result.weight_grads)]
            parts.append(grads[0] if single_weight else tuple(grads))
        grads = parts[0] if len(parts) == 1 else tuple(parts)
        out = result.output
        if has_aux:
            aux = tuple(out[1:]) if isinstance(out, tuple) else ()
            return (out, grads) if with_value else (grads, aux)
        return (out, grads) if with_value else grads
    return grad_fn


def grad(fn: Callable, grad_position: Any = 0, weights: Any = None, has_aux: bool = False,
         return_ids: bool = False) -> Callable:
    """``mindspore.grad`` / ``ops.grad``: a function returning gradients of ``fn``.

    Reproduces MindSpore 2.x: ``grad_position`` an int (one Tensor), a tuple (a tuple; a
    one-element tuple gives one Tensor) or None (weights only); ``weights`` a Parameter (one
    Tensor) or a list/ParameterTuple (a tuple); both give ``(position_grads, weight_grads)``.
    Several outputs are summed; ``has_aux`` differentiates the first output and returns
    ``(grads, aux_outputs)``; ``return_ids`` pairs each gradient with its position or
    Parameter name.
    """
    return _grad_function(fn, grad_position, weights, has_aux, return_ids, with_value=False)


def value_and_grad(fn: Callable, grad_position: Any = 0, weights: Any = None, has_aux: bool = False,
                   return_ids: bool = False) -> Callable:
    """``mindspore.value_and_grad`` / ``ops.value_and_grad``: ``(fn's output, gradients)``, the
    gradients structured as by ``grad``; with ``has_aux`` the value is the whole output."""
    return _grad_function(fn, grad_position, weights, has_aux, return_ids, with_value=True)


def get_grad(gradients: Any, identifier: Any) -> Tensor:
    """``ops.get_grad(gradients, identifier)``: from the result of ``grad(..., return_ids=True)``
    (or ``value_and_grad``), the gradient of the input at position ``identifier`` (an int) or
    of the Parameter ``identifier``; MindSpore's RuntimeError when there is none."""
    if isinstance(identifier, bool) or not isinstance(identifier, (int, Parameter)):
        raise TypeError(f"For `get_grad`, the `x` should be an integer or a Parameter, but got {identifier}")
    key = identifier.name if isinstance(identifier, Parameter) else identifier
    found = _find_grad(gradients, key, isinstance(identifier, Parameter))
    if found is None:
        raise RuntimeError(f"Can not find the gradient for position or Parameter {identifier}")
    return found


def _find_grad(value: Any, key: Any, by_name: bool) -> Tensor | None:
    if not isinstance(value, (tuple, list)):
        return None
    if len(value) == 2 and isinstance(value[1], Tensor) and not isinstance(value[0], Tensor):
        ident = value[0]
        if (isinstance(ident, str) if by_name else isinstance(ident, int) and not isinstance(ident, bool)) \
                and ident == key:
            return value[1]
        return None
    for item in value:
        found = _find_grad(item, key, by_name)
        if found is not None:
            return found
    return None
