"""A seeded 20-step MindSpore training run with no weight set by hand: ``set_seed`` alone fixes
the default initial weights (Dense HeUniform/Uniform, Conv2d, Embedding), the data drawn with
``ops.randn``/``ops.randint``/``ops.uniform``, and the masks of a reused ``nn.Dropout`` (drawn
outside the gradient: real MindSpore's dropout inside ``value_and_grad`` varies from run to run,
its asynchronous launches race); the losses match MindSpore's to float32 rounding. Also the
initial weights and the draws themselves, exactly."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, ops
from mindspore.common.initializer import Normal, TruncatedNormal, XavierUniform, initializer
from harness import emit

mindspore.set_seed(11)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(12, 6)
        self.conv = nn.Conv2d(1, 2, 3, has_bias=True)
        self.fc1 = nn.Dense(6 + 2 * 4 * 4, 16)
        self.fc2 = nn.Dense(16, 3, weight_init=XavierUniform())
        self.relu = nn.ReLU()

    def construct(self, ids, img):
        e = self.emb(ids).mean(axis=1)
        c = self.conv(img).reshape(img.shape[0], -1)
        h = self.relu(self.fc1(ops.concat((e, c), axis=1)))
        return self.fc2(h)


net = Net()
emit("init", {n: p.asnumpy() for n, p in net.parameters_and_names()})
emit("extra_inits", [initializer(Normal(0.2), (5, 4)).asnumpy(), initializer(TruncatedNormal(0.5), (9,)).asnumpy()])

ids = ops.randint(0, 12, (8, 3)).astype(mindspore.int32)
img = ops.randn(8, 1, 4, 4)
labels = ops.randint(0, 3, (8,)).astype(mindspore.int32)
noise = ops.uniform((8, 1, 4, 4), Tensor(-0.1), Tensor(0.1))
emit("data", [ids.asnumpy(), img.asnumpy(), labels.asnumpy(), noise.asnumpy()])
drop = nn.Dropout(p=0.25)
drop.set_train()
emit("dropout_masks", [drop(img).asnumpy() for _ in range(3)])

loss_fn = nn.CrossEntropyLoss()
opt = nn.Momentum(net.trainable_params(), learning_rate=0.05, momentum=0.9)


def forward(ids, img, labels):
    return loss_fn(net(ids, img), labels)


grad_fn = mindspore.value_and_grad(forward, None, opt.parameters)
net.set_train()
losses = []
for step in range(20):
    loss, grads = grad_fn(ids, img + noise * step, labels)
    opt(grads)
    losses.append(float(loss.asnumpy()))
emit("losses", losses)
emit("final_fc2", net.fc2.weight.asnumpy())
