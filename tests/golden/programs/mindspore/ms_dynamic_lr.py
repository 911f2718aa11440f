"""nn.dynamic_lr functions (per-step lists), nn.PolynomialDecayLR, and an optimizer driven by a
dynamic learning-rate list."""
import numpy as np
import mindspore
from mindspore import Tensor, nn
from harness import emit, expect_error

emit("piecewise", nn.piecewise_constant_lr([2, 5, 10], [0.1, 0.05, 0.01]))
emit("exponential", nn.exponential_decay_lr(0.1, 0.9, 6, 2, 1))
emit("exponential_stair", nn.exponential_decay_lr(0.1, 0.9, 6, 2, 2, True))
emit("natural_exp", nn.natural_exp_decay_lr(0.1, 0.9, 6, 2, 2))
emit("natural_exp_stair", nn.natural_exp_decay_lr(0.1, 0.9, 6, 2, 2, True))
emit("inverse", nn.inverse_decay_lr(0.1, 0.5, 6, 1, 1))
emit("inverse_stair", nn.inverse_decay_lr(0.1, 0.5, 6, 2, 2, True))
emit("cosine", nn.cosine_decay_lr(0.01, 0.1, 6, 1, 2))
emit("polynomial", nn.polynomial_decay_lr(0.1, 0.01, 6, 1, 2, 0.5))
emit("polynomial_update", nn.polynomial_decay_lr(0.1, 0.01, 6, 1, 2, 0.5, True))
emit("warmup", nn.warmup_lr(0.1, 6, 2, 2))
emit("module_path", nn.dynamic_lr.warmup_lr(0.2, 3, 1, 2))
expect_error("piecewise_order", lambda: nn.piecewise_constant_lr([5, 2], [0.1, 0.05]),
             "the value of milestone[1] must be greater than milestone[0]")
expect_error("piecewise_sizes", lambda: nn.piecewise_constant_lr([2, 5], [0.1]),
             "the size of 'milestone' must be same with the size of 'learning_rates'")
expect_error("total_step_zero", lambda: nn.exponential_decay_lr(0.1, 0.9, 0, 2, 1),
             "The 'total_step' must be int and must > 0, but got '0' with type 'int'.")

poly = nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5)
emit("polynomial_decay_lr", [poly(Tensor(np.array([k], np.int32))) for k in range(7)])
poly_u = nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5, True)
emit("polynomial_decay_lr_update", [poly_u(Tensor(np.array([k], np.int32))) for k in range(10)])
expect_error("poly_power", lambda: nn.PolynomialDecayLR(0.1, 0.01, 4, -0.5),
             "the 'power' must be float and must > 0, but got '-0.5' with type 'float'.")
expect_error("poly_steps", lambda: nn.PolynomialDecayLR(0.1, 0.01, 0, 0.5),
             "the 'decay_steps' must be int and must > 0, but got '0' with type 'int'.")

rng = np.random.default_rng(2)
X = Tensor(rng.normal(size=(6, 3)).astype(np.float32))
Y = Tensor(rng.normal(size=(6, 2)).astype(np.float32))
W = rng.normal(size=(2, 3)).astype(np.float32)
for name, lr in (("piecewise", nn.piecewise_constant_lr([2, 5], [0.1, 0.02])),
                 ("polynomial_schedule", nn.PolynomialDecayLR(0.1, 0.01, 3, 2.0))):
    net = nn.Dense(3, 2, weight_init=Tensor(W), bias_init="zeros")
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), lr))
    emit(f"{name}_losses", [step(X, Y) for _ in range(5)])
    emit(f"{name}_weights", [net.weight, net.bias])
