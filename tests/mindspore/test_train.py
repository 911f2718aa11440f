"""mindspore.train / mindspore.amp behaviour that goldens cannot show: loss scaling on a device
target real MindSpore 2.10 cannot run on CPU (TrainOneStepWithLossScaleCell, Model with a dynamic
loss-scale manager), GRAPH_MODE training through Model, and a duck-typed dataset."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat.mindspore as ms
from gradcompat.mindspore import Tensor, nn
from gradcompat.mindspore.amp import DynamicLossScaleManager
from gradcompat.mindspore.train import Callback, Model


@pytest.fixture
def gpu_target():
    ms.set_context(device_target="GPU")
    yield
    ms.set_context(device_target="CPU")


def _net() -> nn.Dense:
    return nn.Dense(2, 1, weight_init=Tensor(np.array([[0.5, -0.25]], np.float32)), bias_init="zeros")


X = Tensor(np.array([[1.0, 2.0]], np.float32))
Y = Tensor(np.array([[1.0]], np.float32))


def test_loss_scale_cell_updates_scale_and_skips_overflowing_steps() -> None:
    net = _net()
    update = nn.DynamicLossScaleUpdateCell(loss_scale_value=2 ** 12, scale_factor=2, scale_window=2)
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.5),
                                           update)
    loss, overflow, scale = step(X, Y)
    # MSE of 0 - 1: loss 1, gradient 2 * (0 - 1) * x = [-2, -4], bias -2; applied unscaled
    assert float(loss.asnumpy()) == 1.0 and not bool(overflow.asnumpy())
    np.testing.assert_array_equal(net.weight.asnumpy(), [[1.5, 1.75]])
    assert float(scale.asnumpy()) == 4096.0
    step(X, Y)  # second finite step: the window of 2 is full, the scale doubles
    assert float(step.scale_sense.asnumpy()) == 8192.0
    weight = net.weight.asnumpy().copy()
    _, overflow, _ = step(Tensor(np.array([[np.inf, 1.0]], np.float32)), Y)
    assert bool(overflow.asnumpy())
    np.testing.assert_array_equal(net.weight.asnumpy(), weight)  # the overflowing step was skipped
    assert float(step.scale_sense.asnumpy()) == 4096.0


def test_loss_scale_cell_with_a_tensor_scale_and_set_sense_scale() -> None:
    net = _net()
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.5),
                                           Tensor(np.float32(1024.0)))
    step(X, Y)
    np.testing.assert_array_equal(net.weight.asnumpy(), [[1.5, 1.75]])
    step.set_sense_scale(Tensor(np.float32(8.0)))
    assert float(step.scale_sense.asnumpy()) == 8.0
    with pytest.raises(TypeError, match="must be Tensor"):
        step.set_sense_scale(8.0)


def test_float16_gradients_overflow_with_a_too_large_scale() -> None:
    net = _net()
    net.to_float(ms.float16)
    update = nn.DynamicLossScaleUpdateCell(loss_scale_value=2.0 ** 17, scale_factor=2, scale_window=1000)
    step = nn.TrainOneStepWithLossScaleCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.5),
                                           update)
    _, overflow, _ = step(X, Y)  # the sens 2**17 is inf in float16
    assert bool(overflow.asnumpy()) and float(step.scale_sense.asnumpy()) == 2.0 ** 16


def test_model_o2_with_dynamic_loss_scale_on_a_gpu_target(gpu_target) -> None:
    net = _net()
    manager = DynamicLossScaleManager(init_loss_scale=2 ** 10, scale_factor=2, scale_window=2)
    model = Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.5), amp_level="O2", loss_scale_manager=manager)
    assert type(model.train_network).__name__ == "TrainOneStepWithLossScaleCell"
    outputs = []

    class Keep(Callback):
        def on_train_step_end(self, run_context):
            outputs.append(run_context.original_args().net_outputs)

    model.train(2, _Pairs(X, Y), callbacks=[Keep()])
    assert [len(o) for o in outputs] == [3, 3]
    assert manager.get_loss_scale() == 2 ** 11  # the host manager doubled it after two finite steps
    assert float(outputs[0][0].asnumpy()) == 1.0
    with pytest.raises(ValueError, match="are supported on device `CPU`"):
        ms.set_context(device_target="CPU")
        Model(net, nn.MSELoss(), nn.SGD(net.trainable_params(), 0.5), amp_level="O2")


class _Pairs:
    """A duck-typed dataset: one (data, label) batch per epoch."""

    def __init__(self, data: Tensor, label: Tensor) -> None:
        self.row = (data, label)

    def get_dataset_size(self) -> int:
        return 1

    def create_tuple_iterator(self, num_epochs: int = -1, do_copy: bool = True):
        return iter([list(self.row)])


def test_model_train_in_graph_mode_matches_pynative() -> None:
    weights = []
    for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
        ms.set_context(mode=mode)
        try:
            net = _net()
            Model(net, nn.MSELoss(), nn.Momentum(net.trainable_params(), 0.1, 0.9)).train(3, _Pairs(X, Y))
            weights.append(net.weight.asnumpy())
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)
    np.testing.assert_allclose(weights[0], weights[1], rtol=1e-6)
    assert not np.array_equal(weights[0], [[0.5, -0.25]])
