# Mixed-precision training written as MindSpore's automatic mixed precision tutorial writes it:
# auto_mixed_precision(net, "O2") runs the network in float16 (outputs cast back to float32),
# the loss is scaled by a DynamicLossScaler inside the function given to value_and_grad, the
# gradients are checked with all_finite, unscaled and applied only when finite, and the scale
# adapts (halved after an overflow, doubled after scale_window finite steps). The initial scale
# is deliberately too large, so the first steps overflow in float16 and are skipped.
# Every value lives on a binary grid that float16 holds exactly (inputs in halves, weights in
# 1/64ths, biases odd multiples of 1/256, an L1 loss over 16 outputs), so each framework
# computes the same numbers.
import numpy as np
import mindspore
from mindspore import Tensor, nn, ops
from mindspore.amp import DynamicLossScaler, all_finite, auto_mixed_precision

mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")

rng = np.random.default_rng(5)
n_features, n_classes = 4, 4
labels = np.tile(np.arange(n_classes), 4)
rng.shuffle(labels)
features = (np.eye(n_features)[labels] * 2 + rng.integers(-1, 2, (16, n_features)) * 0.5).astype(np.float32)
targets = np.eye(n_classes, dtype=np.float32)[labels]

weight = (rng.integers(-16, 17, (n_classes, n_features)) / 64).astype(np.float32)
bias = ((2 * rng.integers(-8, 8, n_classes) + 1) / 256).astype(np.float32)
net = nn.SequentialCell([nn.Dense(n_features, n_classes, weight_init=Tensor(weight), bias_init=Tensor(bias))])
model = auto_mixed_precision(net, "O2")
print(model)

loss_fn = nn.L1Loss()
optimizer = nn.SGD(model.trainable_params(), learning_rate=0.5)
loss_scaler = DynamicLossScaler(scale_value=2 ** 18, scale_factor=2, scale_window=3)


def forward_fn(data, label):
    logits = model(data)
    loss = loss_fn(logits, label)
    loss = loss_scaler.scale(loss)
    return loss, logits


grad_fn = mindspore.value_and_grad(forward_fn, None, model.trainable_params(), has_aux=True)


def train_step(data, label):
    (loss, logits), grads = grad_fn(data, label)
    loss = loss_scaler.unscale(loss)
    is_finite = all_finite(grads)
    if is_finite:
        grads = loss_scaler.unscale(grads)
        optimizer(grads)
    loss_scaler.adjust(is_finite)
    return loss, logits, is_finite


print("logits dtype:", model(Tensor(features[:1])).dtype, "parameter dtype:", net[0].weight.dtype)
for step in range(8):
    start = 4 * (step % 4)
    loss, logits, is_finite = train_step(Tensor(features[start:start + 4]), Tensor(targets[start:start + 4]))
    print(f"step {step}: loss {loss.asnumpy().item()}, finite {bool(is_finite.asnumpy())}, "
          f"scale {loss_scaler.scale_value.asnumpy().item()}, logits {logits.dtype}")

print("weights:", net[0].weight.asnumpy().tolist())
print("bias:", net[0].bias.asnumpy().tolist())
predictions = model(Tensor(features)).asnumpy().argmax(axis=1)
print("train accuracy:", float((predictions == labels).mean()))
