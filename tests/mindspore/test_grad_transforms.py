"""What the grad_transforms_* golden programs cannot show: hooks called with values on every
backward pass, also once the backward is compiled; a hook's own error from a compiled
backward; vmap inside a GRAPH_MODE program; no tracer kept after a gradient inside vmap."""
import numpy as np
import pytest

import gradcompat.mindspore as ms
from gradcompat.mindspore import Tensor, context, nn, ops


@pytest.fixture
def graph_mode():
    context.set_context(mode=context.GRAPH_MODE)
    yield
    context.set_context(mode=context.PYNATIVE_MODE)


def test_hook_runs_with_values_on_every_backward():
    seen = []

    def record(dout):
        seen.append(dout.asnumpy().copy())  # needs a value, not a tracer
        return dout * 0.5

    insert = ops.InsertGradientOf(record)

    def f(x):
        return insert(x * x) * 3.0

    for step in range(4):  # the same structure repeats: the backward gets compiled
        x = Tensor(np.array([1.0, 2.0 + step], np.float32))
        grad = ops.grad(f)(x)
        np.testing.assert_allclose(grad.asnumpy(), 3.0 * x.asnumpy())
    assert len(seen) == 4
    for dout in seen:
        np.testing.assert_allclose(dout, [3.0, 3.0])


def test_hook_error_from_compiled_backward_keeps_its_type():
    def bad(grads):
        raise KeyError("from the hook")

    hook = ops.HookBackward(bad)

    def f(x):
        return hook(x) * 2.0

    x = Tensor(np.array([1.0, 2.0], np.float32))
    for _ in range(3):
        with pytest.raises(KeyError, match="from the hook"):
            ops.grad(f)(x)


def test_cell_backward_hook_handle_removal_stops_calls():
    calls = []

    class Net(nn.Cell):
        def construct(self, x):
            return x * x

    net = Net()
    handle = net.register_backward_hook(lambda cell, gin, gout: calls.append(len(gin)))
    x = Tensor(np.array([3.0], np.float32))
    ops.grad(net)(x)
    handle.remove()
    np.testing.assert_allclose(ops.grad(net)(x).asnumpy(), [6.0])
    assert calls == [1]


def test_vmap_inside_graph_mode_program(graph_mode):
    class Net(nn.Cell):
        def construct(self, x):
            return ops.vmap(ops.grad(self.square_sum), 0)(x) + 1.0

        @staticmethod
        def square_sum(a):
            return (a * a).sum()

    net = Net()
    for k in range(3):
        x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3) + k)
        np.testing.assert_allclose(net(x).asnumpy(), 2.0 * x.asnumpy() + 1.0)


def test_gradient_inside_vmap_leaves_no_tracer():
    def square_sum(a):
        return (a * a).sum()

    x = Tensor(np.ones((2, 3), np.float32))
    for _ in range(2):
        ops.vmap(ops.grad(square_sum))(x)
    # the default sens of a (3,) float32 output was made inside the vmap: it must be a value
    np.testing.assert_allclose(ops.grad(lambda a: a * 2.0)(Tensor(np.ones(3, np.float32))).asnumpy(), [2.0] * 3)


def test_set_inputs_pynative_accepts_any_input():
    class Double(nn.Cell):
        def construct(self, x):
            return x * 2

    net = Double()
    net.set_inputs(Tensor(shape=[None], dtype=ms.float32))
    assert net(Tensor(np.ones((2, 2), np.int32))).shape == (2, 2)
