"""mindspore.experimental.optim (Adam, AdamW, SGD with PyTorch's arguments) and its lr_scheduler,
over a few training steps with value_and_grad; and a Cell as nn optimizers' weight_decay."""
import numpy as np
import mindspore as ms
from mindspore import Tensor, nn, ops
from mindspore import dtype as mstype
from mindspore.experimental import optim
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(1)
X = Tensor(rng.normal(size=(6, 3)).astype(np.float32))
Y = Tensor(rng.normal(size=(6, 2)).astype(np.float32))
W = rng.normal(size=(2, 3)).astype(np.float32)
loss_fn = nn.MSELoss()

makers = {
    "adam": lambda p: optim.Adam(p, lr=0.1),
    "adam_wd_maximize": lambda p: optim.Adam(p, lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, maximize=True),
    "adamw": lambda p: optim.AdamW(p, lr=0.1, weight_decay=0.1),
    "sgd_nesterov": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01, nesterov=True),
    "sgd_dampening": lambda p: optim.SGD(p, lr=0.1, momentum=0.5, dampening=0.3),
    "sgd_plain": lambda p: optim.SGD(p, lr=0.1),
}
schedulers = {
    "step": lambda o: optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5),
    "multistep": lambda o: optim.lr_scheduler.MultiStepLR(o, [1, 3], gamma=0.3),
    "exponential": lambda o: optim.lr_scheduler.ExponentialLR(o, 0.8),
    "lambda": lambda o: optim.lr_scheduler.LambdaLR(o, lambda e: 1.0 / (1 + e)),
    "cosine": lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=4, eta_min=0.01),
    "linear": lambda o: optim.lr_scheduler.LinearLR(o, start_factor=0.5, total_iters=2),
}
for (name, make), sched_name in zip(makers.items(), schedulers):
    net = nn.Dense(3, 2, weight_init=Tensor(W), bias_init="zeros")
    opt = make(net.trainable_params())
    sched = schedulers[sched_name](opt)
    grad_fn = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, opt.parameters)
    losses, lrs = [], []
    for _ in range(4):
        loss, grads = grad_fn(X, Y)
        opt(grads)
        sched.step()
        losses.append(loss)
        lrs.append(sched.get_last_lr())
    emit(f"{name}_losses", losses)
    emit(f"{name}_{sched_name}_lrs", lrs)
    emit(f"{name}_weights", [net.weight, net.bias])
emit_text("param_groups_lr", repr(opt.param_groups[0]["lr"]))
expect_error("bad_lr", lambda: optim.Adam(nn.Dense(2, 2).trainable_params(), lr=-1.0), "Invalid learning rate")


class WeightDecay(nn.Cell):
    def construct(self, global_step):
        return 0.1 / (1.0 + ops.cast(global_step, mstype.float32))


for name, make in (("momentum", lambda p: nn.Momentum(p, 0.1, 0.9, weight_decay=WeightDecay())),
                   ("adam", lambda p: nn.Adam(p, 0.1, weight_decay=WeightDecay())),
                   ("adam_weight_decay", lambda p: nn.AdamWeightDecay(p, 0.1, weight_decay=WeightDecay()))):
    net = nn.Dense(3, 2, weight_init=Tensor(W), bias_init="ones")
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), make(net.trainable_params()))
    emit(f"cell_decay_{name}_losses", [step(X, Y) for _ in range(3)])
    emit(f"cell_decay_{name}_weights", [net.weight, net.bias])
expect_error("sgd_cell_decay", lambda: nn.SGD(nn.Dense(2, 2).trainable_params(), 0.1, weight_decay=WeightDecay()),
             "dynamic weight decay is currently not supported")
