# MindSpore's quickstart shape on synthetic data: a GeneratorDataset pipeline (map, batch), an
# nn.Cell network, value_and_grad of a forward function, an optimizer, train and test loops.
import numpy as np
import mindspore
import mindspore.dataset as ds
from mindspore import nn, ops

mindspore.set_seed(0)
rng = np.random.default_rng(0)
features = rng.normal(size=(512, 20)).astype(np.float32)
labels = ((features[:, :3].sum(axis=1) > 0).astype(np.int32) + (features[:, 3] > 1)).astype(np.int32)


def make_dataset(lo, hi, shuffle):
    data = ds.NumpySlicesDataset({"image": features[lo:hi], "label": labels[lo:hi]}, shuffle=False)
    data = data.map(lambda v: (v * 1.0).astype(np.float32), input_columns="image")
    return data.batch(32)


train_dataset, test_dataset = make_dataset(0, 384, True), make_dataset(384, 512, False)


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.dense_relu_sequential = nn.SequentialCell(
            nn.Dense(20, 64), nn.ReLU(), nn.Dense(64, 64), nn.ReLU(), nn.Dense(64, 3))

    def construct(self, x):
        return self.dense_relu_sequential(x)


model = Network()
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), 1e-1)


def forward_fn(data, label):
    logits = model(data)
    return loss_fn(logits, label), logits


grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)


def train_step(data, label):
    (loss, _), grads = grad_fn(data, label)
    optimizer(grads)
    return loss


def train(model, dataset):
    model.set_train()
    for batch, (data, label) in enumerate(dataset.create_tuple_iterator()):
        loss = train_step(data, label)
        if batch % 6 == 0:
            print(f"loss: {loss.asnumpy():>7f}  [{batch:>3d}/{dataset.get_dataset_size():>3d}]")


def test(model, dataset):
    model.set_train(False)
    total, test_loss, correct = 0, 0, 0
    for data, label in dataset.create_tuple_iterator():
        pred = model(data)
        total += len(data)
        test_loss += loss_fn(pred, label).asnumpy()
        correct += (pred.argmax(1) == label).asnumpy().sum()
    print(f"Test: Accuracy: {(100 * correct / total):>0.1f}%, Avg loss: {test_loss / dataset.get_dataset_size():>8f}")


for t in range(5):
    print(f"Epoch {t + 1}\n-------------------------------")
    train(model, train_dataset)
    test(model, test_dataset)
print("Done!")
