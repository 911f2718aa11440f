"""``ops.GradOperation``: MindSpore's gradient transform, on the one core autodiff engine.

The function or Cell runs under a core Tape that watches fresh leaves for the Tensor
inputs and the read nodes of the weights; ``core.vjp`` then differentiates what the tape
recorded. Output structures are MindSpore 2.x's (PyNative):

* default: the gradient of the first input (``()`` when there are no inputs);
* ``get_all=True``: a tuple with the gradient of every Tensor input;
* ``get_by_list=True``: a tuple with the gradient of every weight (a single Tensor when
  ``weights`` is one Parameter); without weights, the Parameters the function or Cell
  reads, in the order it first reads them;
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
from ..parameter import Parameter
from ..tensor import Tensor
from .. import _kernels as K


class _ParameterCollector(recording.Tape):
    """A tape that also watches, and collects in order, the Parameters the function reads."""

    def __init__(self) -> None:
        super().__init__()
        self.params: list[Parameter] = []

    def on_read(self, cell, node) -> None:
        if isinstance(cell.owner, Parameter) and not any(p is cell.owner for p in self.params):
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

    Known gap: MindSpore differentiates integer inputs in integer arithmetic; JAX gives
    no gradient for them, so they get zeros here.
    """
    if grad is None or grad.aval is None or grad.aval.dtype != wrt.aval.dtype:
        return _zeros_like(wrt)
    return Tensor._from_node(grad)


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
        nodes.append(Constant(jnp.asarray(s._jax_value(), dtype=out.node.aval.dtype)))
    return nodes


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"For 'GradOperation', the '{name}' should be bool, but got {type(value).__name__}")
    return value


class GradOperation:
    """``ops.GradOperation(get_all=False, get_by_list=False, sens_param=False)``.

    ``GradOperation(...)(fn_or_cell, weights=None)`` returns a function of the same
    arguments (plus the sens when ``sens_param``) that returns the gradients.
    GRAPH_MODE runs the same eager path.
    """

    def __init__(self, get_all: bool = False, get_by_list: bool = False, sens_param: bool = False) -> None:
        self.get_all = _check_bool("get_all", get_all)
        self.get_by_list = _check_bool("get_by_list", get_by_list)
        self.sens_param = _check_bool("sens_param", sens_param)

    def __call__(self, fn: Callable, weights: Any = None) -> Callable:
        def after_grad(*args: Any, **kwargs: Any) -> Any:
            return self._grad(fn, weights, args, kwargs)
        return after_grad

    def _weights(self, fn: Callable, weights: Any) -> tuple[list | None, bool]:
        """The weights to differentiate (None: collect a plain function's Parameters) and
        whether the result is a single Tensor."""
        if not self.get_by_list:
            return [], False
        if weights is None:
            return None, False
        if isinstance(weights, Tensor):
            return [weights], True
        if not isinstance(weights, (list, tuple)):
            raise TypeError("The weights you provided is expected to be a tensor, or a list or tuple. "
                            f"but got {weights}")
        return list(weights), False

    def _grad(self, fn: Callable, weights: Any, args: Sequence, kwargs: dict) -> Any:
        args = list(args)
        sens = args.pop() if self.sens_param and args else None
        # One leaf per Tensor object: the same Tensor passed twice is one variable, and
        # each of its positions gets the total derivative, as in MindSpore.
        leaves: dict[int, Tensor] = {}
        for a in args:
            if isinstance(a, Tensor) and id(a) not in leaves:
                leaves[id(a)] = _fresh_leaf(a)
        inputs = [leaves[id(a)] if isinstance(a, Tensor) else a for a in args]
        input_nodes = [a.node for a in inputs if isinstance(a, Tensor)]
        weight_list, single = self._weights(fn, weights)

        tape = _ParameterCollector() if weight_list is None else recording.Tape()
        for node in input_nodes:
            tape.watch(node)
        if weight_list is not None:
            weight_nodes = [w.node if isinstance(w, Parameter) else Constant(w._jax_value())
                            for w in weight_list]
            for node in weight_nodes:
                tape.watch(node)
        with tape:
            out = fn(*inputs, **kwargs)
        if weight_list is None:
            weight_nodes = [p.node for p in tape.params]

        outputs = _flatten_outputs(out)
        out_nodes = [o.node for o in outputs]
        if self.sens_param:
            cotangents = _sens_nodes(outputs, sens)
        else:
            cotangents = [core.ones_for(n) for n in out_nodes]
        wrt = input_nodes + weight_nodes
        if out_nodes and wrt:
            grads = core.vjp(out_nodes, wrt, cotangents, stop=lambda n: not tape.knows(n),
                             create_graph=bool(recording.active_tapes()))
        else:
            grads = [None] * len(wrt)
        results = [_result(g, n) for g, n in zip(grads, wrt)]
        input_grads = tuple(results[:len(input_nodes)])
        weight_grads = tuple(results[len(input_nodes):])

        if self.get_by_list:
            if single:
                weight_grads = weight_grads[0]
            return (input_grads, weight_grads) if self.get_all else weight_grads
        if self.get_all:
            return input_grads
        return input_grads[0] if input_grads else ()
