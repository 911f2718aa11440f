"""The per-op path of eager torch ops that record autograd (issue 12 Speed, issue 17 goal 3):
its fast paths give the general path's results bit for bit, a deep graph is freed by reference
counting alone, and scalar operands share one constant node."""
import gc
import weakref

import numpy as np
import pytest

import gradcompat.torch as torch


def _bits(t) -> bytes:
    return np.asarray(t.detach()._value).tobytes()


def test_deep_chain_is_freed_by_reference_counting():
    # torch's test_free_deep_graph, shorter: no recursion when the chain dies, and no cycle
    # (the collector is off: only reference counting can free it)
    x = torch.randn(1, requires_grad=True)
    y = x.clone()
    first = weakref.ref(y.node)
    for _ in range(20000):
        y = y + y * 0.000001
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert first() is not None
        del y
        assert first() is None
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.int64])
def test_fast_paths_match_the_general_path(dtype):
    a = (torch.arange(6) * 7 + 1).to(dtype)
    b = (torch.arange(6) * 3 - 2).to(dtype)
    for op in (torch.add, torch.sub, torch.mul):
        # tensor (op) tensor of one shape and dtype against the broadcasting path
        same = op(a, b)
        broadcast = op(a, b.reshape(1, 6))[0]
        assert same.dtype == broadcast.dtype and _bits(same) == _bits(broadcast)
        # tensor (op) python float against a numpy float (promotion path)
        fast = op(a, 1e-3)
        general = op(a, np.float64(1e-3))
        assert fast.dtype == general.dtype and _bits(fast) == _bits(general)


def test_scalar_operands_share_a_constant_node():
    a = torch.randn(3, requires_grad=True)
    first, second = a * 0.5, a * 0.5
    assert first.node.inputs[1] is second.node.inputs[1]
    assert (a * 0.5).node.inputs[1] is not a.double().mul(0.5).node.inputs[1]  # one node per dtype
    # nan, 0.0 and -0.0 are never shared (equal keys or none): -0.0 keeps its sign
    assert np.signbit(np.asarray((torch.ones(1) * -0.0)._value)).all()
    assert not np.signbit(np.asarray((torch.ones(1) * 0.0)._value)).any()
    (first.sum() + second.sum()).backward()
    assert np.allclose(np.asarray(a.grad._value), 1.0)


def test_saved_tensors_are_the_users_objects():
    a = torch.randn(3, requires_grad=True)
    b = a * 2.0
    c = b * b
    assert c.grad_fn._saved_self is b and c.grad_fn._saved_other is b
