"""Live differential tests: random graphs built in the real PyTorch and in gradcompat.torch.

Forward values, dtypes (type promotion with python scalars and mixed dtypes), autograd
flags, grad_fn names, errors, ``autograd.grad`` (several outputs, grad_outputs, leaves and
intermediates as inputs, create_graph second derivatives), ``backward()`` accumulation and
a second backward through a freed graph are all compared side by side.
"""
from __future__ import annotations

import numpy as np
from hypothesis import assume, given, strategies as st

from live_harness import BothRaised, collecting, Pair, assert_same, assert_same_all, call_both, leaf
from live_ops import grad_fn_gap, arrays, known_gap, leaves, steps


def _flatten(result) -> list[Pair]:
    if isinstance(result, tuple):
        return [p for r in result for p in _flatten(r)]
    return [result]


def build_graph(data, max_steps: int = 5) -> list[Pair]:
    """Random leaves and ops; every intermediate is compared and kept in the pool."""
    pool = [data.draw(leaves(), label="leaf") for _ in range(data.draw(st.integers(1, 3), label="n_leaves"))]
    for _ in range(data.draw(st.integers(1, max_steps), label="n_steps")):
        name, fn, args = data.draw(steps(pool), label="step")
        pool.extend(a for a in args if isinstance(a, Pair) and all(a is not p for p in pool))
        try:
            result = call_both(fn, *args)
        except BothRaised:
            continue
        for i, pair in enumerate(_flatten(result)):
            assert_same(pair, f"{name} result {i}", grad_fn=not grad_fn_gap(name))
            if hasattr(pair.real, "shape"):
                pool.append(pair)
    return pool


def _cotangent(data, out: Pair, create_graph: bool):
    """None (scalar outputs only, at random) or a random tensor of the output's shape."""
    if out.real.numel() == 1 and data.draw(st.booleans(), label="implicit grad"):
        return None
    dtype = str(out.real.dtype).removeprefix("torch.")
    return leaf(data.draw(arrays(tuple(out.real.shape), dtype)), create_graph and data.draw(st.booleans()))


def _differentiable(pool: list[Pair]) -> list[Pair]:
    return [p for p in pool if p.real.requires_grad]


@given(st.data())
@collecting
def test_random_graph_forward_and_autograd_grad(data):
    pool = build_graph(data)
    diff = _differentiable(pool)
    if not diff:
        return
    outputs = data.draw(st.lists(st.sampled_from(diff), min_size=1, max_size=2, unique_by=id), label="outputs")
    inputs = data.draw(st.lists(st.sampled_from(diff), min_size=1, max_size=3, unique_by=id), label="inputs")
    create_graph = data.draw(st.booleans(), label="create_graph")
    retain_graph = data.draw(st.sampled_from([None, True, False]), label="retain_graph")
    allow_unused = data.draw(st.sampled_from([None, True, True, False]), label="allow_unused")
    grad_outputs = [_cotangent(data, o, create_graph) for o in outputs]
    try:
        grads = call_both(lambda ns, o, i, g: ns.autograd.grad(
            o, i, g, retain_graph=retain_graph, create_graph=create_graph, allow_unused=allow_unused),
            outputs, inputs, grad_outputs)
    except BothRaised:
        return
    # Under create_graph, torch's grads require grad only where its backward formula used a
    # tensor that requires grad; their grad_fn names are not part of the contract.
    assert_same_all(grads, "grad", grad_fn=not create_graph)

    # the later passes run through a retained or a freed graph alike: torch raises exactly
    # where they meet a node whose saved tensors the first pass freed. Not yet a second
    # derivative after create_graph=True, retain_graph=False: torch meets a freed node only
    # where its backward formula saved a non-leaf (exp's result), ours wherever the vjp
    # node takes one
    if create_graph and retain_graph is not False:
        second = [g for g in grads if g.real is not None and g.real.requires_grad]
        if second:
            wrt = [p for p in diff if p.real.is_leaf] or inputs
            try:
                grads2 = call_both(lambda ns, gs, w: ns.autograd.grad(
                    [g.sum() for g in gs], w, retain_graph=True, materialize_grads=True), second, wrt)
            except BothRaised:
                pass
            else:  # materialize_grads: ours cannot tell an unused input from a zero gradient;
                # KNOWN_GAPS: at singular points (sqrt at 0) torch's inf may be our nan
                assert_same_all(grads2, "second derivative", flags=False, nonfinite_kind=False)

    # a second pass through the same graph: fine if retained, torch's error if freed
    try:
        again = call_both(lambda ns, o, i, g: ns.autograd.grad(o, i, g, allow_unused=True),
                          outputs, inputs, grad_outputs)
    except BothRaised:
        return
    # torch passes a grad_output that requires grad straight through some backward
    # formulas (add's): such results require grad even without create_graph
    assert_same_all(again, "second pass", flags=not any(g is not None and g.real.requires_grad
                                                        for g in grad_outputs))


@given(st.data())
@collecting
def test_random_graph_backward_accumulates(data):
    pool = build_graph(data, max_steps=4)
    diff = _differentiable(pool)
    if not diff:
        return
    out = data.draw(st.sampled_from(diff), label="output")
    gradient = _cotangent(data, out, False)
    calls = data.draw(st.integers(1, 2), label="backward calls")
    retain = data.draw(st.booleans(), label="retain_graph")  # False: the second call meets a freed graph
    for k in range(calls):
        try:
            call_both(lambda ns, o, g: o.backward(g, retain_graph=retain and k + 1 < calls), out, gradient)
        except BothRaised:
            break
        for i, p in enumerate(pool):
            if p.real.is_leaf:
                assert_same(Pair(p.real.grad, p.ours.grad), f"pool[{i}].grad after backward {k + 1}")


@given(st.data())
@collecting
def test_python_scalars_and_promotion(data):
    """Every binary operator with tensors and python scalars of every kind, both orders."""
    import operator
    a = data.draw(leaves(), label="a")
    b = data.draw(st.one_of(leaves(), st.integers(-3, 3), st.floats(-2, 2, width=32), st.booleans()), label="b")
    op = data.draw(st.sampled_from([operator.add, operator.sub, operator.mul, operator.truediv, operator.pow]),
                   label="op")
    args = (a, b) if data.draw(st.booleans(), label="order") else (b, a)
    assume(known_gap({"sub": "sub", "pow": "pow"}.get(op.__name__, "add"), args) is None)
    try:
        result = call_both(lambda ns, x, y: op(x, y), *args)
    except BothRaised:
        return
    assert_same(result, f"{op.__name__}")
    wrt = [p for p in args if isinstance(p, Pair) and p.real.requires_grad]
    if wrt:
        try:
            grads = call_both(lambda ns, r, x: ns.autograd.grad(r.sum(), x), result, wrt)
        except BothRaised:
            return
        assert_same_all(grads, "grad")
