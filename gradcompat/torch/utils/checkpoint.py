"""``torch.utils.checkpoint``: ``checkpoint`` and ``checkpoint_sequential``.

The function runs once, eagerly, as usual (so values, dtypes and errors are exactly those of
calling it). Then everything it computed between its inputs and its outputs -- whatever leaves
it reached, the parameters of modules it closes over included -- is folded into one op whose
JAX function is ``jax.checkpoint`` of that subgraph replayed:

- rematerialized: the intermediate activations of the segment. No tensor handle keeps them
  after the call (they are freed with the eager graph), and the backward pass recomputes them
  from the segment's inputs; inside a compiled backward XLA sees ``jax.checkpoint`` and does
  not keep them either. Gradients equal those without checkpointing.
- not rematerialized: the forward values themselves are computed once (not twice, as torch's
  reentrant variant would); random draws inside the segment come from keys fixed at the first
  run, so a recomputation repeats them (torch's ``preserve_rng_state=True`` behaviour).
- Under deferred execution (lazy mode) the segment becomes the same op, computed when needed.

``use_reentrant=True`` follows torch's reentrant variant where users can see it: keyword
arguments are refused, outputs require grad only if an input tensor does (with torch's
warning otherwise), and their ``grad_fn`` is ``CheckpointFunctionBackward``. Without
``use_reentrant`` torch 2.13 warns (and uses the reentrant variant); this does the same.
"""
from __future__ import annotations

import warnings
from typing import Any, Callable

import jax

from ... import core
from ...core import graph as _graph, program as _program
from ..tensor import Tensor, wrap

_REENTRANT_WARNING = (
    "torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in "
    "PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. use_reentrant=False "
    "is recommended, but if you need to preserve the current default behavior, you can pass "
    "use_reentrant=True. Refer to docs for more details on the differences between the two variants.")
_SEQUENTIAL_WARNING = (
    "torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed "
    "explicitly. In version 2.9 we will raise an exception if use_reentrant is not passed. "
    "use_reentrant=False is recommended, but if you need to preserve the current default behavior, "
    "you can pass use_reentrant=True. Refer to docs for more details on the differences between the "
    "two variants.")


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def checkpointed_segment(*values, program):
    """The op: the segment's subgraph, replayed under ``jax.checkpoint``."""
    return jax.checkpoint(lambda *xs: program(*xs))(*values)


def _fold(inputs: list[Tensor], out: Any, name: str | None) -> Any:
    """Replace the subgraph between ``inputs`` and the tensors of ``out`` by one checkpointed op."""
    leaves, treedef = jax.tree_util.tree_flatten(out, is_leaf=_is_tensor)
    positions = [i for i, x in enumerate(leaves) if isinstance(x, Tensor) and x.node.traced
                 and isinstance(x.node, core.Op)]
    if not positions:
        return out
    outputs = [leaves[i].node for i in positions]
    given = list(dict.fromkeys(t.node for t in inputs))
    program, boundary = _program.trace(outputs, given, lambda n: not n.traced)
    values = [n.value for n in outputs]
    static = _graph.freeze({"program": program})
    if any(v is None for v in values) or any(n.value is None for n in boundary):
        node = core.apply(checkpointed_segment, boundary, {"program": program}, name=name or "CheckpointBackward")
    else:  # the values are known: one op node holding them, nothing computed twice
        node = core.Op(checkpointed_segment, static, tuple(boundary), tuple(values), True, None,
                       name or "CheckpointBackward")
    for k, i in enumerate(positions):
        leaves[i] = wrap(core.select(node, k, name=name or outputs[k].name))
    return jax.tree_util.tree_unflatten(treedef, leaves)


def checkpoint(function: Callable, *args, use_reentrant: bool | None = None, context_fn: Callable | None = None,
               determinism_check: str = "default", debug: bool = False, early_stop: bool = True,
               preserve_rng_state: bool = True, **kwargs) -> Any:
    """``torch.utils.checkpoint.checkpoint``: ``function(*args, **kwargs)``, its activations
    rematerialized in the backward pass (see the module docstring)."""
    if use_reentrant is None:
        warnings.warn(_REENTRANT_WARNING, stacklevel=2)
        use_reentrant = True
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
        flat = jax.tree_util.tree_leaves(args, is_leaf=_is_tensor)
        if not any(isinstance(a, Tensor) and a.requires_grad for a in flat):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=2)
            with core.recording.grad_mode(False):
                return function(*args)
    elif determinism_check not in ("default", "none"):
        raise ValueError("determinism_check should be one of ['default', 'none'], but got "
                         f"{determinism_check}")
    out = function(*args, **kwargs)
    if not core.recording.grad_enabled():
        return out
    inputs = [x for x in jax.tree_util.tree_leaves((args, kwargs), is_leaf=_is_tensor) if isinstance(x, Tensor)]
    return _fold(inputs, out, "CheckpointFunctionBackward" if use_reentrant else None)


def checkpoint_sequential(functions, segments: int, input, use_reentrant: bool | None = None, **kwargs):
    """``torch.utils.checkpoint.checkpoint_sequential``: ``functions`` (a Sequential's children
    or a list) in ``segments`` chunks, all but the last one checkpointed."""
    if use_reentrant is None:
        warnings.warn(_SEQUENTIAL_WARNING, stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(arg for arg in kwargs))
    if hasattr(functions, "children") and callable(functions.children):
        functions = list(functions.children())
    functions = list(functions)

    def run(start: int, end: int) -> Callable:
        def forward(x):
            for j in range(start, end + 1):
                x = functions[j](x)
            return x
        return forward

    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return run(end + 1, len(functions) - 1)(input)


__all__ = ["checkpoint", "checkpoint_sequential"]

