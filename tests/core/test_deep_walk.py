"""A deep graph's backward reuses the torch engine's walk (``program.trace_ordered``) instead of
walking the graph again (issue 12, Speed): the program it builds must be the one ``trace_nodes``
builds, equation for equation, and the gradients the same."""
from __future__ import annotations

import numpy as np

import gradcompat.torch as torch
from gradcompat.core import autodiff, backprop, program
from gradcompat.torch.autograd import engine


def _graph(steps: int):
    rng = np.random.RandomState(1)
    w = torch.tensor(rng.randn(3, 3) * 0.4, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(rng.randn(3), dtype=torch.float32, requires_grad=True)
    xs = torch.tensor(rng.randn(steps, 2, 3), dtype=torch.float32)  # constants: program inputs
    h = torch.zeros(2, 3)
    for t in range(steps):
        z = h @ w + xs[t]
        h = torch.tanh(z) * 0.5 + z.sigmoid() * b  # z used twice: a shared input
    return (h * h).sum(), [w, b]


def test_trace_ordered_builds_the_program_trace_nodes_builds():
    out, wrt = _graph(40)
    given = [t.node for t in wrt]
    order = engine._recorded([out.node], stop=set(given))[0]
    boundary = autodiff._boundary(lambda node: not node.traced)
    ordered, ordered_inputs, ordered_computed = program.trace_ordered(order, [out.node], given, boundary)
    walked, walked_inputs, walked_computed = program.trace_nodes([out.node], given, boundary)
    assert len(ordered_computed) > 200
    assert ordered_computed == walked_computed  # the same equations in the same order
    assert ordered_inputs[:2] == given and set(ordered_inputs) == set(walked_inputs)
    assert ordered.n_inputs == walked.n_inputs
    position = {node: i for i, node in enumerate(walked_inputs)}  # one numbering onto the other
    to_walked = [position[node] for node in ordered_inputs]
    n = ordered.n_inputs

    def renumber(r):
        return to_walked[r] if r < n else r
    assert [(fn, static, tuple(map(renumber, refs))) for fn, static, refs in ordered.eqns] == list(walked.eqns)
    assert tuple(map(renumber, ordered.out_refs)) == walked.out_refs


def test_backward_uses_the_walk_with_the_gradients_of_the_whole_program(monkeypatch):
    monkeypatch.setattr(backprop, "SEGMENT_THRESHOLD", 50)
    used = []
    monkeypatch.setattr(autodiff, "trace_ordered", lambda *a: used.append(program.trace_ordered(*a)) or used[-1])
    out, wrt = _graph(30)
    out.backward()
    assert used and used[0] is not None  # the deep path took the engine's walk
    deep = [t.grad.numpy() for t in wrt]
    monkeypatch.setattr(backprop, "SEGMENT_THRESHOLD", 10 ** 9)
    out, wrt = _graph(30)
    out.backward()
    for d, whole in zip(deep, [t.grad.numpy() for t in wrt]):
        np.testing.assert_allclose(d, whole, rtol=1e-5, atol=1e-6)
