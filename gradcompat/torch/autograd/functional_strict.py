"""``torch.autograd.functional`` with ``strict=True``: torch's checks, on the eager engine.

``strict`` asks whether each output depends on each input in the recorded graph (and,
with ``create_graph``, whether the derivative still depends on them): questions about
torch's graph, not about the values a JAX transform computes. So a strict call runs the
way torch runs it: inputs detached and made to require grad, the user's function
recorded, then ``autograd.grad`` passes (one per output element for ``jacobian``), with
torch's error texts where a gradient is missing (``None``) or does not require grad.
Non-strict calls keep the one-JAX-transform path of ``functional``.
"""
from __future__ import annotations

from typing import Callable

from ... import core
from ..tensor import Tensor
from . import engine


def _pre(ins: tuple, create_graph: bool, need_graph: bool) -> tuple:
    """torch's ``_grad_preprocess``: a connected alias under create_graph, else a fresh leaf."""
    return tuple(t.view_as(t) if create_graph and t.requires_grad else t.detach().requires_grad_(need_graph)
                 for t in ins)


def _post(ts: tuple, create_graph: bool) -> tuple:
    return ts if create_graph else tuple(t.detach() for t in ts)


def check_requires_grad(ts: tuple, kind: str) -> None:
    """torch's ``_check_requires_grad`` texts (kind: outputs, grad_inputs, jacobian)."""
    for i, t in enumerate(ts):
        if t is None:
            raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is not "
                               "allowed in strict mode.")
        if t.requires_grad:
            continue
        if kind == "jacobian":
            raise RuntimeError("While computing the hessian, found that the jacobian of the user-provided function "
                               f"with respect to input {i} is independent of the input. This is not allowed in "
                               "strict mode. You should ensure that your function is twice differentiable and that "
                               "the jacobian depends on the inputs (this would be violated by a linear function for "
                               "example).")
        if kind == "grad_inputs":
            raise RuntimeError(f"The gradient with respect to input {i} is independent of the inputs of the "
                               "user-provided function. This is not allowed in strict mode.")
        raise RuntimeError(f"Output {i} of the user-provided function does not require gradients. The outputs must "
                           "be computed in a differentiable manner from the input when running in strict mode.")


def _grad(outputs: tuple, inputs: tuple, grad_outputs=None, create_graph: bool = False) -> tuple:
    """autograd.grad over the outputs that require grad (None for every input when none does)."""
    grad_outputs = grad_outputs if grad_outputs is not None else (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return engine.grad(tuple(o for o, _ in pairs), inputs, tuple(g for _, g in pairs), retain_graph=True,
                       create_graph=create_graph, allow_unused=True)


# strict mode's error for a gradient that is None, by stage ({i}: the input or entry index)
_MISSING = {
    "back": "The output of the user-provided function is independent of input {i}. This is not allowed in strict "
            "mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the grad_outputs when using "
                  "the double backward trick to compute forward mode gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. This is not allowed in "
                   "strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in the "
                         "grad_jacobian. This is not allowed in strict mode as it prevents from using the double "
                         "backward trick to replace forward mode AD.",
}


def _fill(grads: tuple, refs: tuple, strict: bool, create_graph: bool, stage: str) -> tuple:
    """torch's ``_fill_in_zeros``: None becomes zeros, or strict mode's error for the stage."""
    from ..functions import zeros_like
    out = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict and stage in _MISSING:
                raise RuntimeError(_MISSING[stage].format(i=i))
            g = zeros_like(ref)
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if stage.startswith("double") else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of input {i}. This is not "
                               "allowed in strict mode when create_graph=True.")
        out.append(g)
    return tuple(out)


def _outputs(func: Callable, ins: tuple, fn: str) -> tuple[tuple, bool]:
    from .functional import _tuple
    out = func(*ins)
    if isinstance(out, (tuple, list)):
        return _tuple(tuple(out), "outputs of the user-provided function", fn)[0], True
    return _tuple(out, "outputs of the user-provided function", fn)[0], False


def vjp(func: Callable, ins: tuple, vs, create_graph: bool, v_check) -> tuple:
    """(outputs, is_tuple, vjp) by torch's algorithm (``vs``: the given v, or None)."""
    with core.recording.grad_mode(True):
        xs = _pre(ins, create_graph, True)
        outs, out_tuple = _outputs(func, xs, "vjp")
        check_requires_grad(outs, "outputs")
        vs = v_check(outs, out_tuple)
        grads = _grad(outs, xs, vs, create_graph)
    with core.recording.grad_mode(create_graph or core.recording.grad_enabled()):
        res = _fill(grads, xs, True, create_graph, "back")
    return _post(outs, create_graph), out_tuple, _post(res, create_graph)


def jvp(func: Callable, ins: tuple, vs: tuple, create_graph: bool) -> tuple:
    """(outputs, is_tuple, jvp) by torch's double-backward trick."""
    from ..functions import zeros_like
    with core.recording.grad_mode(True):
        xs = _pre(ins, create_graph, True)
        outs, out_tuple = _outputs(func, xs, "jvp")
        check_requires_grad(outs, "outputs")
        cts = tuple(zeros_like(o).requires_grad_(True) for o in outs)
        grad_inputs = _grad(outs, xs, cts, create_graph=True)
        check_requires_grad(grad_inputs, "grad_inputs")
    with core.recording.grad_mode(create_graph or core.recording.grad_enabled()):
        res = _grad(grad_inputs, cts, vs, create_graph)
        res = _fill(res, outs, True, create_graph, "back_trick")
    return _post(outs, create_graph), out_tuple, _post(res, create_graph)


def jacobian(func: Callable, ins: tuple, create_graph: bool, strict: bool, fn: str = "jacobian") -> tuple:
    """The jacobian blocks ``jac[i][j]`` (output i, input j) and whether func returned a tuple,
    one backward pass per output element as torch's non-vectorized path."""
    from ..functions import zeros_like
    from ..shape import stack
    with core.recording.grad_mode(True):
        xs = _pre(ins, create_graph, True)
        outs, out_tuple = _outputs(func, xs, fn)
        if strict:
            check_requires_grad(outs, "outputs")
        jac = []
        for i, out in enumerate(outs):
            rows = [[] for _ in xs]
            flat = out.reshape(-1)
            for k in range(out.numel()):
                vj = _grad((flat[k],), xs, create_graph=create_graph)
                for j, (g, x) in enumerate(zip(vj, xs)):
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is independent of input "
                                               f"{j}. This is not allowed in strict mode.")
                        g = zeros_like(x)
                    elif strict and create_graph and not g.requires_grad:
                        raise RuntimeError(f"The jacobian of the user-provided function is independent of input {i}"
                                           ". This is not allowed in strict mode when create_graph=True.")
                    rows[j].append(g)
            jac.append(tuple(_post((stack(r).view(tuple(out.shape) + tuple(x.shape)),), create_graph)[0]
                             for r, x in zip(rows, xs)))
    return tuple(jac), out_tuple


def hessian(func: Callable, ins: tuple, create_graph: bool) -> tuple:
    """The hessian blocks ``h[i][j]``: the jacobian of the (checked) jacobian, as torch."""
    def single(*xs):
        outs, is_tuple = _outputs(func, xs, "hessian")
        check_requires_grad(outs, "outputs")
        if is_tuple:
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if outs[0].numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single "
                               "element")
        return outs[0].squeeze()

    def jac_func(*xs):
        jac = jacobian(single, xs, True, False, "hessian")[0][0]
        check_requires_grad(jac, "jacobian")
        return jac

    return jacobian(jac_func, ins, create_graph, True, "hessian")[0]


def second_order(func: Callable, ins: tuple, vs, create_graph: bool, fn: str, v_check) -> tuple:
    """(output, hvp or vhp) by torch's algorithm (hvp: the double-backward trick)."""
    from ..functions import zeros_like
    with core.recording.grad_mode(True):
        xs = _pre(ins, create_graph, True)
        vs = v_check()
        outs, is_tuple = _outputs(func, xs, fn)
        check_requires_grad(outs, "outputs")
        if is_tuple:
            raise RuntimeError(f"The function given to {fn} should return a single Tensor")
        if outs[0].numel() != 1:
            raise RuntimeError(f"The Tensor returned by the function given to {fn} should contain a single element")
        jac = _grad(outs, xs, create_graph=True)
        check_requires_grad(jac, "jacobian")
        if fn == "hvp":
            cts = tuple(zeros_like(x).requires_grad_(True) for x in xs)
            double = _grad(jac, xs, cts, create_graph=True)
    with core.recording.grad_mode(create_graph or core.recording.grad_enabled()):
        if fn == "hvp":
            res = _grad(double, cts, vs, create_graph)
            res = _fill(res, xs, True, create_graph, "double_back_trick")
        else:
            res = _grad(jac, xs, vs, create_graph)
            res = _fill(res, xs, True, create_graph, "double_back")
    return _post(outs, create_graph)[0], _post(res, create_graph)
