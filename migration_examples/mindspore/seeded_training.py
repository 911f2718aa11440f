# A seeded MindSpore script, as tutorials write it: mindspore.set_seed, the layers' default
# initial weights, a shuffled NumpySlicesDataset, a value_and_grad training loop with nn.Adam.
# Nothing is set by hand: the printed numbers come from MindSpore's own random streams (the
# initializers, the dataset's shuffle order), which gradcompat reproduces bit for bit. Losses print
# with 4 decimals (float32 sums may differ in the last bits). No Dropout: real MindSpore's masks in
# a training loop vary from run to run after a few steps, so no two runs would print the same.
import numpy as np
import mindspore
import mindspore.dataset as ds
from mindspore import nn, ops

mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")
mindspore.set_seed(7)

features = np.linspace(-1.0, 1.0, 24 * 4, dtype=np.float32).reshape(24, 4)
labels = (np.arange(24) * 7 % 3).astype(np.int32)
dataset = ds.NumpySlicesDataset({"x": features, "y": labels}, shuffle=True).batch(6)

net = nn.SequentialCell([nn.Dense(4, 16), nn.ReLU(), nn.Dense(16, 3)])
print("initial weight sums:", [f"{p.asnumpy().sum():.5f}" for p in net.trainable_params()])
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.Adam(net.trainable_params(), learning_rate=0.05)


def forward(x, y):
    return loss_fn(net(x), y)


grad_fn = mindspore.value_and_grad(forward, None, optimizer.parameters)
net.set_train()
iterator = dataset.create_tuple_iterator(num_epochs=3)  # reshuffled each epoch
for epoch in range(3):
    order = []
    for x, y in iterator:
        loss, grads = grad_fn(x, y)
        optimizer(grads)
        order.append(round(float(x.asnumpy().sum()), 3))
        print(f"epoch {epoch} loss {loss.asnumpy():.4f}")
    print("batch sums:", order)
net.set_train(False)
predictions = ops.argmax(net(mindspore.Tensor(features)), dim=1).asnumpy()
print("train accuracy:", float((predictions == labels).mean()))
