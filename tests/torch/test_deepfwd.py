"""The eager per-op path (issue 12 Speed, issue 17 goal 3): deep graphs are built and freed
without recursion, and the shortcuts of the hot path keep the general path's results."""
import gc
import pickle
import sys

import numpy as np

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.core import graph
from gradcompat.torch import ops


def test_deep_chain_builds_and_frees_without_recursion():
    x = torch.tensor(np.array([0.5], np.float32), requires_grad=True)
    y = x.clone()
    depth = 20 * sys.getrecursionlimit()  # far deeper than any recursive walk could go
    for _ in range(depth):
        y = y + y * 1e-6
    assert y.grad_fn.name() == "AddBackward0"
    probe = graph.Constant(None)
    node = y.node
    graph.notes(node)["probe"] = probe  # the chain's last node keeps it alive
    del y, node
    gc.collect()
    assert sys.getrefcount(probe) == 2  # the chain was freed (only our name and the argument)


def test_apply_frozen_matches_apply():
    a = graph.Constant(np.float32([1.5, 2.0]), traced=True)
    b = graph.Constant(np.float32([4.0, -1.0]))
    general = graph.apply(ops.mul, [a, b], {"dtype": "float32"}, name="MulBackward0")
    fast = graph.apply_frozen(ops.mul, (a, b), (("dtype", "float32"),), "MulBackward0")
    assert type(general) is type(fast) is graph.Op
    assert general.static == fast.static and general.name == fast.name and fast.traced
    np.testing.assert_array_equal(np.asarray(general.value), np.asarray(fast.value))
    with core.recording.grad_mode(False):
        assert type(graph.apply_frozen(ops.mul, (a, b), (("dtype", "float32"),))) is graph.Constant


def test_notes_of_new_and_unpickled_nodes():
    node = graph.Constant(np.float32(1.0))
    assert graph.peek_notes(node) is None
    graph.notes(node)["k"] = 1
    assert graph.notes(node) == {"k": 1}
    restored = pickle.loads(pickle.dumps(node))
    assert graph.peek_notes(restored) is None  # annotations are not pickled
    graph.notes(restored)["k"] = 2
    assert graph.peek_notes(restored) == {"k": 2}
