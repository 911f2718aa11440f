"""GRAPH_MODE and ``mindspore.jit``: a whole call (a training step with its optimizer's
Parameter writes included) is one program through core.run, compiled once for a loop."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat
import gradcompat.mindspore as mindspore
from gradcompat.mindspore import Tensor, nn, ops


@pytest.fixture
def graph_mode():
    mindspore.set_context(mode=mindspore.GRAPH_MODE)
    yield
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)


def _train_step(optimizer_factory, wrap_loss=lambda cell: cell):
    rng = np.random.default_rng(0)
    net = nn.SequentialCell(
        nn.Dense(4, 8, weight_init=Tensor(rng.normal(size=(8, 4)).astype(np.float32)), bias_init="zeros",
                 activation="relu"),
        nn.BatchNorm1d(8),
        nn.Dense(8, 3, weight_init=Tensor(rng.normal(size=(3, 8)).astype(np.float32)), bias_init="zeros"))
    loss = nn.WithLossCell(net, nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"))
    step = nn.TrainOneStepCell(wrap_loss(loss), optimizer_factory(net.trainable_params()))
    step.set_train()
    x = Tensor(rng.normal(size=(16, 4)).astype(np.float32))
    y = Tensor(rng.integers(0, 3, 16).astype(np.int32))
    return step, net, x, y


@pytest.mark.parametrize("make_optimizer", [
    lambda p: nn.Momentum(p, 0.1, 0.9),
    lambda p: nn.Adam(p, [0.01, 0.005] * 10),
    lambda p: nn.SGD(p, 0.1, momentum=0.5, weight_decay=0.01),
], ids=["momentum", "adam_lr_list", "sgd"])
def test_training_loop_compiles_its_step_once(graph_mode, make_optimizer):
    step, _, x, y = _train_step(make_optimizer)
    gradcompat.clear_cache()
    for _ in range(20):
        step(x, y)
    info = gradcompat.cache_info()
    assert (info.misses, info.compiles, info.hits) == (1, 1, 19)


def test_graph_mode_gives_pynative_numbers(graph_mode):
    make = lambda p: nn.Adam(p, 0.01)  # noqa: E731
    graph_step, graph_net, x, y = _train_step(make)
    graph_losses = [graph_step(x, y).asnumpy() for _ in range(5)]
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    eager_step, eager_net, x, y = _train_step(make)
    eager_losses = [eager_step(x, y).asnumpy() for _ in range(5)]
    np.testing.assert_allclose(graph_losses, eager_losses, rtol=1e-6)
    for g, e in zip(graph_net.get_parameters(), eager_net.get_parameters()):  # moving statistics too
        np.testing.assert_allclose(g.asnumpy(), e.asnumpy(), rtol=1e-5, atol=1e-7)


def test_jit_function_compiles_once_and_keeps_structure():
    @mindspore.jit
    def f(a, b):
        return a * b, (a.sum(), [b])

    gradcompat.clear_cache()
    for i in range(4):
        out = f(Tensor(np.full((2,), float(i), np.float32)), Tensor(np.ones(2, np.float32)))
    assert isinstance(out, tuple) and isinstance(out[1], tuple) and isinstance(out[1][1], list)
    np.testing.assert_allclose(out[0].asnumpy(), [3.0, 3.0])
    info = gradcompat.cache_info()
    assert (info.misses, info.compiles, info.hits) == (1, 1, 3)


def test_nested_cells_are_one_program(graph_mode):
    net = nn.SequentialCell(nn.Dense(2, 2, weight_init="ones", bias_init="zeros"), nn.ReLU(),
                            nn.Dense(2, 1, weight_init="ones", bias_init="zeros"))
    gradcompat.clear_cache()
    out = net(Tensor(np.array([[1.0, -3.0]], np.float32)))
    assert gradcompat.cache_info().misses == 1
    np.testing.assert_allclose(out.asnumpy(), [[0.0]])


def test_gradients_in_graph_mode_run_the_cell_op_by_op(graph_mode):
    net = nn.Dense(2, 1, weight_init="ones", bias_init="zeros")
    grads = ops.GradOperation(get_by_list=True)(net, net.trainable_params())(Tensor(np.array([[2.0, 3.0]], np.float32)))
    np.testing.assert_allclose(grads[0].asnumpy(), [[2.0, 3.0]])
    np.testing.assert_allclose(grads[1].asnumpy(), [1.0])


def test_top_level_gradient_transforms_are_one_compiled_program_in_graph_mode(graph_mode):
    from gradcompat.core import recording
    deferred = []

    def f(x):
        deferred.append(recording.deferred())  # traced with deferred ops: one program
        return (x * x * 3.0).sum()

    x = Tensor(np.array([1.0, -2.0], np.float32))
    gradcompat.clear_cache()
    results = [mindspore.grad(f)(x), ops.GradOperation()(f)(x), mindspore.value_and_grad(f)(x)[1]]
    assert deferred == [True, True, True]
    for result in results:
        np.testing.assert_allclose(result.asnumpy(), [6.0, -12.0])
    for _ in range(2):
        mindspore.grad(f)(x)
    info = gradcompat.cache_info()
    # grad and GradOperation trace the same structure (one program), value_and_grad another:
    # each compiled at its first sight
    assert (info.misses, info.compiles) == (2, 2)
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    mindspore.grad(f)(x)
    assert deferred[-1] is False


def test_ms_function_is_gone_as_in_mindspore_2():
    with pytest.raises(AttributeError, match="ms_function"):
        mindspore.ms_function  # noqa: B018


def test_jit_functional_training_step_compiles_once():
    net = nn.Dense(3, 2, weight_init="ones", bias_init="zeros")
    optimizer = nn.Adam(net.trainable_params(), 0.01)
    grad_fn = mindspore.value_and_grad(lambda x, y: nn.MSELoss()(net(x), y), None, optimizer.parameters)

    @mindspore.jit
    def train_step(x, y):
        loss, grads = grad_fn(x, y)
        optimizer(grads)
        return loss

    x, y = Tensor(np.ones((4, 3), np.float32)), Tensor(np.zeros((4, 2), np.float32))
    gradcompat.clear_cache()
    losses = [float(train_step(x, y).asnumpy()) for _ in range(10)]
    info = gradcompat.cache_info()
    assert (info.misses, info.compiles, info.hits) == (1, 1, 9)
    assert losses == sorted(losses, reverse=True)  # the writes landed: every step lowers the loss


class _Counting(nn.Cell):
    """Wraps a network and counts how often its Python ``construct`` runs."""

    def __init__(self, network):
        super().__init__(auto_prefix=False)
        self.network = network
        self.calls = 0

    def construct(self, *inputs):
        self.calls += 1
        return self.network(*inputs)


def test_training_loop_traces_its_python_once_and_matches_pynative(graph_mode):
    make = lambda p: nn.Momentum(p, 0.1, 0.9)  # noqa: E731
    step, net, x, y = _train_step(make, wrap_loss=_Counting)
    counted = step.network
    gradcompat.clear_cache()
    graph_losses = [float(step(x, y).asnumpy()) for _ in range(10)]
    info = gradcompat.cache_info()
    assert counted.calls == 1  # MindSpore compiles once per signature and does not rerun Python
    assert (info.misses, info.compiles, info.hits) == (1, 1, 9)
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    eager_step, eager_net, x, y = _train_step(make)
    eager_losses = [float(eager_step(x, y).asnumpy()) for _ in range(10)]
    np.testing.assert_allclose(graph_losses, eager_losses, rtol=1e-6)  # each replay's writes landed
    for g, e in zip(net.get_parameters(), eager_net.get_parameters()):
        np.testing.assert_allclose(g.asnumpy(), e.asnumpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(step.optimizer.global_step.asnumpy(), [10])


def test_a_new_signature_or_phase_traces_again(graph_mode):
    counted = _Counting(nn.MSELoss())
    x, y = Tensor(np.ones((4, 3), np.float32)), Tensor(np.zeros((4, 3), np.float32))
    for _ in range(3):
        counted(x, y)
    assert counted.calls == 1
    counted(Tensor(np.ones((5, 3), np.float32)), Tensor(np.zeros((5, 3), np.float32)))  # a new shape
    assert counted.calls == 2
    counted(x, Tensor(np.zeros((4, 3), np.float64)))  # a new dtype
    assert counted.calls == 3
    counted.set_train()  # MindSpore compiles the train and predict phases apart
    counted(x, y)
    assert counted.calls == 4
    counted(x, y)
    assert counted.calls == 4


def test_a_replay_reads_arguments_and_parameters_when_it_runs(graph_mode):
    net = nn.Dense(2, 1, weight_init="ones", bias_init="zeros")
    x = np.array([[1.0, 2.0]], np.float32)
    np.testing.assert_allclose(net(Tensor(x)).asnumpy(), [[3.0]])
    np.testing.assert_allclose(net(Tensor(x * 10)).asnumpy(), [[30.0]])
    net.weight.set_data(Tensor(np.array([[2.0, -1.0]], np.float32)))
    np.testing.assert_allclose(net(Tensor(x)).asnumpy(), [[0.0]])


def test_python_values_are_fixed_at_tracing_as_in_mindspore(graph_mode):
    class Scale(nn.Cell):
        def __init__(self):
            super().__init__()
            self.factor = 2.0

        def construct(self, x, n):
            return x * self.factor * n

    net, x = Scale(), Tensor(np.ones(2, np.float32))
    np.testing.assert_allclose(net(x, 1).asnumpy(), [2.0, 2.0])
    net.factor = 3.0  # MindSpore 2.x keeps the compiled graph: the attribute change is not seen
    np.testing.assert_allclose(net(x, 1).asnumpy(), [2.0, 2.0])
    np.testing.assert_allclose(net(x, 5).asnumpy(), [15.0, 15.0])  # a Python argument: a new signature


def test_the_same_tensor_twice_is_another_signature_than_two_tensors(graph_mode):
    grad_all = ops.GradOperation(get_all=True)(lambda a, b: (a * b).sum())
    x, y = Tensor(np.array([1.0, 2.0], np.float32)), Tensor(np.array([3.0, 5.0], np.float32))
    np.testing.assert_allclose([g.asnumpy() for g in grad_all(x, y)], [[3.0, 5.0], [1.0, 2.0]])
    np.testing.assert_allclose([g.asnumpy() for g in grad_all(x, x)], [[2.0, 4.0], [2.0, 4.0]])
    np.testing.assert_allclose([g.asnumpy() for g in grad_all(y, x)], [[1.0, 2.0], [3.0, 5.0]])


def test_a_body_that_reads_values_runs_its_python_every_call(graph_mode):
    class Branchy(nn.Cell):
        def __init__(self):
            super().__init__()
            self.calls = 0

        def construct(self, a):
            self.calls += 1
            if a.sum() > 0:
                return a * 2
            return a - 1

    net = Branchy()
    outs = [net(Tensor(np.array(v, np.float32))).asnumpy() for v in ([1.0], [-1.0], [3.0])]
    np.testing.assert_allclose(outs, [[2.0], [-2.0], [6.0]])
    assert net.calls == 3


def test_dropout_draws_fresh_masks_on_every_replay_as_in_pynative(graph_mode):
    drop = nn.Dropout(p=0.5)
    drop.set_train()
    x = Tensor(np.ones((8, 16), np.float32))
    graph_masks = [drop(x).asnumpy() for _ in range(3)]
    assert not np.array_equal(graph_masks[0], graph_masks[1])
    assert not np.array_equal(graph_masks[1], graph_masks[2])
    assert set(np.unique(graph_masks).tolist()) == {0.0, 2.0}
    # PyNative masks continue the layer's own kernel stream (MindSpore's numbers: test_rng_bits)
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    eager_masks = [drop(x).asnumpy() for _ in range(2)]
    assert not np.array_equal(eager_masks[0], eager_masks[1])


class _SensTrainStep(nn.Cell):
    """MindSpore's classic custom training step: GradOperation with a sens made in construct."""

    def __init__(self, network, optimizer):
        super().__init__(auto_prefix=False)
        self.network, self.optimizer = network, optimizer
        self.weights = optimizer.parameters
        self.grad = ops.GradOperation(get_by_list=True, sens_param=True)
        self.calls = 0

    def construct(self, x, y):
        self.calls += 1
        loss = self.network(x, y)
        sens = ops.ones_like(loss) * 2.0
        grads = self.grad(self.network, self.weights)(x, y, sens)
        self.optimizer(grads)
        return loss


def test_a_sens_computed_in_construct_is_part_of_the_replayed_program(graph_mode):
    def losses():
        net = nn.Dense(3, 2, weight_init="ones", bias_init="zeros")
        step = _SensTrainStep(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.01))
        x, y = Tensor(np.ones((4, 3), np.float32)), Tensor(np.zeros((4, 2), np.float32))
        return [float(step(x, y).asnumpy()) for _ in range(4)], step.calls

    graph_losses, graph_calls = losses()
    mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
    eager_losses, _ = losses()
    assert graph_calls == 1
    np.testing.assert_allclose(graph_losses, eager_losses, rtol=1e-6)


def test_a_cell_without_identity_hashing_still_runs_in_graph_mode(graph_mode):
    class Compared(nn.Cell):
        __hash__ = None  # as a Cell defining __eq__ gets

        def __init__(self):
            super().__init__()
            self.calls = 0

        def construct(self, x):
            self.calls += 1
            return x + 1

    net, x = Compared(), Tensor(np.zeros(2, np.float32))
    outs = [net(x).asnumpy() for _ in range(2)]
    np.testing.assert_allclose(outs, [[1.0, 1.0]] * 2)
    assert net.calls == 2  # traced at each call: no cache can hold it


def test_a_parameter_of_another_shape_traces_again(graph_mode):
    counted = _Counting(nn.Dense(2, 1, weight_init="ones", bias_init="zeros"))
    x = Tensor(np.ones((1, 2), np.float32))
    for _ in range(2):
        np.testing.assert_allclose(counted(x).asnumpy(), [[2.0]])
    counted.network.weight.set_data(Tensor(np.ones((3, 2), np.float32)))
    counted.network.bias.set_data(Tensor(np.zeros(3, np.float32)))
    np.testing.assert_allclose(counted(x).asnumpy(), [[2.0, 2.0, 2.0]])
    assert counted.calls == 2
