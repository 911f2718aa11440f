"""torch's inference tensors: tensors made inside ``torch.inference_mode()``.

A tensor created while inference mode is on (by a factory or a non-view op) is an
inference tensor (``Tensor._inference``, its nodes in ``tensor.INFERENCE_NODES``); views
and in-place results keep their base's kind, as in torch. Outside inference mode torch
refuses to modify one in place, to report its ``_version``, or to save one for backward
(checked when an op that would save it is recorded: ``engine._saved`` knows which inputs
each torch backward saves). A view of a normal tensor made in inference mode is a normal
tensor that keeps ``requires_grad`` without a ``grad_fn``; modifying it (or its base) in
place later, in normal mode, raises torch's "created in inference mode" errors.

Known difference: such a view that requires grad is a leaf that accumulates ``.grad`` (torch
keeps its ``.grad`` None).
"""
from __future__ import annotations

from ... import core
from ..tensor import INFERENCE_NODES, Tensor, inference_state

INPLACE_OUTSIDE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to "
                   "get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for "
                   "more details.")
SAVED = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in "
         "computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use "
         "it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")
VIEW_SUFFIX = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by "
               "moving both the view and the inplace either both inside the inference_mode block (if you don't want "
               "the inplace to be tracked) or both outside (if you want the inplace to be tracked).")


def track(t: Tensor, node: core.Node) -> None:
    """Called as ``t`` gets ``node``: mark tensors born in inference mode, follow an inference
    tensor's nodes, and refuse a recorded op that saves an inference tensor."""
    if inference_state.enabled and "_node" not in t.__dict__:
        t._inference = True
    if t._inference:
        INFERENCE_NODES.add(node)
    elif not inference_state.enabled and isinstance(node, core.Op) and node.traced:
        check_saved(node)


def check_saved(op: core.Op) -> None:
    """torch's error when the backward of ``op`` would save an inference tensor."""
    if not any(n in INFERENCE_NODES for n in op.inputs):
        return
    from .engine import _saved
    if any(n in INFERENCE_NODES for n, as_output in _saved(op) if not as_output):
        raise RuntimeError(SAVED)


def attach_view(input: Tensor, out: Tensor, base: Tensor, detached: bool) -> tuple[bool, bool]:
    """Settle the kind of the view ``out`` of ``input`` (root ``base``). Returns (detached,
    inference-mode view): a view of an inference tensor is an inference tensor that is not a
    view for autograd and never requires grad; a view of a normal tensor made in inference
    mode is normal and keeps the base's ``requires_grad`` (as a leaf)."""
    if input._inference:
        out._inference = True
        if out._node.traced:
            out._node = core.detached(out._node)
        INFERENCE_NODES.add(out._node)
        return True, False
    if out._inference:
        out._inference = False
        INFERENCE_NODES.discard(out._node)
    if not inference_state.enabled or detached:
        return detached, False
    if base.requires_grad and not out._node.traced and out._node.value is not None:
        out._node = core.Constant(out._node.value, traced=True)
    return False, True


def is_inference(input) -> bool:
    """``torch.is_inference(input)``."""
    if not isinstance(input, Tensor):
        raise TypeError(f"is_inference(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input.is_inference()
