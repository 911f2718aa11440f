"""Live differential tests of views against the real PyTorch: a random chain of view ops
on a tensor, an in-place op on the last view (or on the base, or under no_grad), then
values of the base and the view, versions, grad_fn names, errors and gradients."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from live_harness import BothRaised, Pair, assert_same, call_both, collecting, leaf

# (name, view op taking (torch module, tensor) -> view or None when it does not apply)
VIEWS = [
    ("select", lambda t, x: x[x.shape[0] - 1] if x.dim() else None),
    ("slice", lambda t, x: x[::2] if x.dim() else None),
    ("narrow", lambda t, x: x.narrow(-1, 1, x.shape[-1] - 1) if x.dim() and x.shape[-1] > 1 else None),
    ("transpose", lambda t, x: x.transpose(0, -1) if x.dim() else None),
    ("t", lambda t, x: x.t() if x.dim() <= 2 else None),
    ("permute", lambda t, x: x.permute(*reversed(range(x.dim())))),
    ("unsqueeze", lambda t, x: x.unsqueeze(0)),
    ("squeeze", lambda t, x: x.squeeze()),
    ("view_flat", lambda t, x: x.view(-1)),
    ("reshape_flat", lambda t, x: x.reshape(-1)),
    ("flatten", lambda t, x: x.flatten()),
    ("diagonal", lambda t, x: x.diagonal() if x.dim() >= 2 else None),
    ("expand", lambda t, x: x.expand(2, *x.shape)),
    ("unbind", lambda t, x: x.unbind(0)[0] if x.dim() else None),
    ("split", lambda t, x: x.split(1)[-1] if x.dim() else None),
    ("detach", lambda t, x: x.detach()),
]

INPLACE = [
    ("mul_", lambda t, v: v.mul_(-2)),
    ("add_", lambda t, v: v.add_(t.ones(v.shape))),
    ("zero_", lambda t, v: v.zero_()),
    ("fill_", lambda t, v: v.fill_(3)),
    ("copy_", lambda t, v: v.copy_(t.arange(v.numel(), dtype=v.dtype).reshape(v.shape))),
    ("setitem", lambda t, v: v.__setitem__((0,) if v.dim() else (), 7.)),
    ("sin_", lambda t, v: v.sin_()),
]


def _apply_view(t, x, fn):
    out = fn(t, x)
    return x if out is None else out


@collecting
@settings(max_examples=40)
@given(st.data())
def test_in_place_through_random_views(data):
    shape = data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple), label="shape")
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 4 + 0.5
    x = leaf(values, requires_grad=True)
    mode = data.draw(st.sampled_from(["nonleaf", "leaf", "nograd_base", "plain"]), label="mode")
    if mode == "plain":
        x = leaf(values)
    base = x if mode in ("leaf", "plain") else call_both(lambda t, a: a * 1, x)
    view = base
    # torch raises on reading grad_fn of a multi-output view changed under no_grad: not drawn
    choices = [v for v in VIEWS if mode != "nograd_base" or v[0] not in ("split", "unbind")]
    for _ in range(data.draw(st.integers(1, 3), label="n_views")):
        name, fn = data.draw(st.sampled_from(choices), label="view")
        try:
            view = call_both(lambda t, v, fn=fn: _apply_view(t, v, fn), view)
        except BothRaised:
            return
        assert_same(view, f"view {name}", grad_fn=False)
    op_name, op = data.draw(st.sampled_from(INPLACE), label="inplace")
    on_base = data.draw(st.booleans(), label="on_base")
    target = base if on_base else view

    def run(t, v, op=op, nograd=(mode == "nograd_base")):
        if nograd:
            with t.no_grad():
                op(t, v)
        else:
            op(t, v)

    try:
        call_both(run, target)
    except BothRaised:
        return
    assert_same(base, f"base after {op_name}", grad_fn=not on_base)  # in-place op names: test_live_graphs
    try:  # torch refuses to use some views after their base changed (multi-output, no_grad views)
        assert_same(call_both(lambda t, v: v + 0, view), f"view after {op_name}", grad_fn=False)
    except BothRaised:
        return
    assert base.real._version == base.ours._version, "base versions differ"
    assert view.real._version == view.ours._version, "view versions differ"
    if x.real.requires_grad and base.real.requires_grad:
        def backward(t, b, v, leaf_):
            loss = (b * b).sum() + (v * 3).sum() if v.requires_grad else (b * b).sum()
            loss.backward()
            return leaf_.grad
        try:
            grads = call_both(backward, base, view, x)
        except BothRaised:
            return
        assert_same(grads, "leaf grad", flags=False)
