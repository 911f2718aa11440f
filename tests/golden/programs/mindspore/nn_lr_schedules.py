"""Learning-rate schedules: the built-in ones at each step, a custom LearningRateSchedule,
and Momentum / Adam driven by schedules over a few training steps in both modes."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, ops
from mindspore import dtype as mstype
from harness import emit, expect_error

schedules = {
    "exponential": nn.ExponentialDecayLR(0.1, 0.9, 4),
    "exponential_stair": nn.ExponentialDecayLR(0.1, 0.9, 4, is_stair=True),
    "natural_exp": nn.NaturalExpDecayLR(0.1, 0.9, 4),
    "natural_exp_stair": nn.NaturalExpDecayLR(0.1, 0.9, 4, is_stair=True),
    "inverse": nn.InverseDecayLR(0.1, 0.5, 3),
    "inverse_stair": nn.InverseDecayLR(0.1, 0.5, 3, True),
    "cosine": nn.CosineDecayLR(0.01, 0.1, 6),
    "warmup": nn.WarmUpLR(0.1, 5),
}
for name, schedule in schedules.items():
    emit(name, [schedule(Tensor(np.array([k], np.int32))) for k in range(9)])


class Halving(nn.learning_rate_schedule.LearningRateSchedule):
    def __init__(self):
        super().__init__()

    def construct(self, global_step):
        return 0.2 / (1.0 + ops.cast(global_step, mstype.float32))


rng = np.random.default_rng(1)
X = Tensor(rng.normal(size=(8, 3)).astype(np.float32))
Y = Tensor(rng.normal(size=(8, 2)).astype(np.float32))
W = rng.normal(size=(2, 3)).astype(np.float32)

for mode_name, mode in (("pynative", mindspore.PYNATIVE_MODE), ("graph", mindspore.GRAPH_MODE)):
    mindspore.set_context(mode=mode)
    for name, make in (("momentum_cosine", lambda p: nn.Momentum(p, nn.CosineDecayLR(0.01, 0.1, 3), 0.9)),
                       ("adam_exponential", lambda p: nn.Adam(p, nn.ExponentialDecayLR(0.05, 0.5, 2))),
                       ("sgd_custom", lambda p: nn.SGD(p, Halving()))):
        net = nn.Dense(3, 2, weight_init=Tensor(W), bias_init="zeros")
        step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), make(net.trainable_params()))
        emit(f"{mode_name}_{name}_losses", [step(X, Y) for _ in range(5)])
        emit(f"{mode_name}_{name}_weights", [net.weight, net.bias])
mindspore.set_context(mode=mindspore.PYNATIVE_MODE)

expect_error("decay_steps_zero", lambda: nn.ExponentialDecayLR(0.1, 0.9, 0),
             "the 'decay_steps' must be int and must > 0, but got '0' with type 'int'.")
expect_error("decay_steps_float", lambda: nn.ExponentialDecayLR(0.1, 0.9, 2.0),
             "the 'decay_steps' must be int, but got 'float'")
expect_error("lr_int", lambda: nn.ExponentialDecayLR(1, 0.9, 2),
             "the 'learning_rate' must be float, but got 'int'")
expect_error("lr_negative", lambda: nn.InverseDecayLR(-0.1, 0.9, 2),
             "the 'learning_rate' must be float and must > 0, but got '-0.1' with type 'float'.")
expect_error("stair_not_bool", lambda: nn.InverseDecayLR(0.1, 0.9, 2, is_stair=1),
             "the type of 'is_stair' should be 'bool', but got type 'int'.")
expect_error("cosine_order", lambda: nn.CosineDecayLR(0.1, 0.01, 3), "the 'max_lr' must be greater than the 'min_lr'")
expect_error("warmup_int", lambda: nn.WarmUpLR(1, 3), "must be type of float")
