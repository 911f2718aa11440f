# A complete MindSpore training script: a model Cell, batches cut from a seeded numpy data set
# (no dataset pipeline), WithLossCell + TrainOneStepCell, Momentum with a per-step learning-rate
# list (halved every 3 epochs), evaluation, in GRAPH_MODE. Initial weights come from numpy with
# a fixed seed, so every framework starts from the same point; losses are printed rounded to
# 4 decimals (float32 sums may differ in the last digit).
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor

mindspore.set_context(mode=mindspore.GRAPH_MODE, device_target="CPU")


class Classifier(nn.Cell):
    def __init__(self, n_in, n_hidden, n_classes, rng):
        super().__init__()
        bound_in, bound_hidden = 1.0 / np.sqrt(n_in), 1.0 / np.sqrt(n_hidden)
        self.hidden = nn.Dense(n_in, n_hidden, bias_init="zeros", weight_init=Tensor(
            rng.uniform(-bound_in, bound_in, (n_hidden, n_in)).astype(np.float32)))
        self.norm = nn.LayerNorm((n_hidden,))
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(p=0.0)
        self.out = nn.Dense(n_hidden, n_classes, bias_init="zeros", weight_init=Tensor(
            rng.uniform(-bound_hidden, bound_hidden, (n_classes, n_hidden)).astype(np.float32)))

    def construct(self, x):
        x = self.relu(self.norm(self.hidden(x)))
        return self.out(self.dropout(x))


# a three-class data set: noisy points around three centres
rng = np.random.default_rng(2024)
centres = np.array([[2.0, 0.0, 1.0, -1.0], [-2.0, 1.0, 0.0, 1.0], [0.0, -2.0, -1.0, 0.0]], np.float32)
labels = rng.integers(0, 3, 240).astype(np.int32)
features = (centres[labels] + rng.normal(scale=1.0, size=(240, 4))).astype(np.float32)
x_train, y_train = features[:192], labels[:192]
x_test, y_test = Tensor(features[192:]), Tensor(labels[192:])

net = Classifier(4, 16, 3, rng)
print(net)
print("parameters:", sum(p.size for p in net.trainable_params()))
print("names:", [p.name for p in net.trainable_params()])

batch_size, epochs = 32, 6
steps_per_epoch = len(x_train) // batch_size
lr = [0.05 * 0.5 ** (step // (3 * steps_per_epoch)) for step in range(epochs * steps_per_epoch)]
criterion = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
optimizer = nn.Momentum(net.trainable_params(), learning_rate=lr, momentum=0.9)
loss_net = nn.WithLossCell(net, criterion)
train_net = nn.TrainOneStepCell(loss_net, optimizer)

for epoch in range(epochs):
    train_net.set_train()
    order = rng.permutation(len(x_train))
    total = 0.0
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        loss = train_net(Tensor(x_train[idx]), Tensor(y_train[idx]))
        total += float(loss.asnumpy()) * len(idx)
    loss_net.set_train(False)
    test_loss = float(loss_net(x_test, y_test).asnumpy())
    predictions = net(x_test).asnumpy().argmax(axis=1)
    accuracy = float((predictions == y_test.asnumpy()).mean())
    print(f"epoch {epoch}: train loss {total / len(x_train):.4f}  test loss {test_loss:.4f}  "
          f"accuracy {accuracy:.3f}  lr {lr[(epoch + 1) * steps_per_epoch - 1]:.4f}")

probs = nn.Softmax()(net(x_test[:3])).asnumpy()
print("first test predictions:", [[round(float(v), 3) for v in row] for row in probs])
print("hidden weight norm:", round(float(np.linalg.norm(net.hidden.weight.asnumpy())), 3))
