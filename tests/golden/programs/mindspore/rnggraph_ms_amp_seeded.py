"""The migration example amp_training.py, seeded instead of setting weights by hand:
``set_seed`` fixes the default initial weights of the float16 (O2) network; the loss scale's
overflow-and-skip steps and the losses match real MindSpore's."""
import numpy as np
import mindspore
from mindspore import Tensor, nn
from mindspore.amp import DynamicLossScaler, all_finite, auto_mixed_precision
from harness import emit

mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
mindspore.set_seed(5)

rng = np.random.default_rng(5)
labels = np.tile(np.arange(4), 4)
rng.shuffle(labels)
features = (np.eye(4)[labels] * 2 + rng.integers(-1, 2, (16, 4)) * 0.5).astype(np.float32)
targets = np.eye(4, dtype=np.float32)[labels]

net = nn.SequentialCell([nn.Dense(4, 8), nn.ReLU(), nn.Dense(8, 4)])
emit("init", [p.asnumpy() for p in net.trainable_params()])
model = auto_mixed_precision(net, "O2")
loss_fn = nn.L1Loss()
optimizer = nn.SGD(model.trainable_params(), learning_rate=0.5)
loss_scaler = DynamicLossScaler(scale_value=2 ** 18, scale_factor=2, scale_window=3)


def forward_fn(data, label):
    loss = loss_scaler.scale(loss_fn(model(data), label))
    return loss


grad_fn = mindspore.value_and_grad(forward_fn, None, model.trainable_params())
record = []
for step in range(8):
    start = 4 * (step % 4)
    loss, grads = grad_fn(Tensor(features[start:start + 4]), Tensor(targets[start:start + 4]))
    loss = loss_scaler.unscale(loss)
    finite = all_finite(grads)
    if finite:
        optimizer(loss_scaler.unscale(grads))
    loss_scaler.adjust(finite)
    record.append((float(loss.asnumpy()), bool(finite.asnumpy()), float(loss_scaler.scale_value.asnumpy())))
emit("steps", record)
