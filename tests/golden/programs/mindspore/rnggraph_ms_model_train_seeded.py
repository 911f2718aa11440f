"""The migration example model_train_dataset.py, seeded instead of setting weights by hand:
``set_seed`` fixes the Dense layers' default initial weights, the shuffled GeneratorDataset
order (with a shuffle buffer and a RandomSampler), and a Dropout mask stream; Model.train runs
in GRAPH_MODE. Losses per step (from a callback) and the evaluation match real MindSpore's to
float32 rounding; the epoch orders exactly. (The weights after the last step are left out: real
MindSpore's last update varies with how its process runs, the harness's run or a plain one.)"""
import numpy as np
import mindspore
import mindspore.dataset as ds
from mindspore import nn
from mindspore.train import Accuracy, Callback, Model
from harness import emit

mindspore.set_context(mode=mindspore.GRAPH_MODE, device_target="CPU")
mindspore.set_seed(1234)

data_rng = np.random.default_rng(3)
n_features, n_classes, batch_size = 6, 4, 8
labels = data_rng.integers(0, n_classes, 64).astype(np.int32)
features = (np.eye(n_classes, n_features)[labels] + data_rng.normal(0, 0.3, (64, n_features))).astype(np.float32)


class Points:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __getitem__(self, index):
        return self.x[index], self.y[index], np.int32(index)

    def __len__(self):
        return len(self.x)


def make_dataset(x, y, sampler=None, shuffle=False):
    data = ds.GeneratorDataset(Points(x, y), column_names=["features", "label", "index"], sampler=sampler,
                               shuffle=None if sampler is not None else shuffle)
    return data


orders = ds.GeneratorDataset(Points(features[:48], labels[:48]), ["features", "label", "index"], shuffle=True)
orders = orders.shuffle(16)
it = orders.create_tuple_iterator(num_epochs=2, output_numpy=True)
emit("epoch_orders", [[int(r[2]) for r in it] for _ in range(2)])

train = make_dataset(features[:48], labels[:48], sampler=ds.RandomSampler()).project(["features", "label"])
train = train.batch(batch_size, drop_remainder=True)
test = make_dataset(features[48:], labels[48:]).project(["features", "label"]).batch(batch_size)


class Classifier(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(n_features, 16)
        self.drop = nn.Dropout(p=0.2)
        self.fc2 = nn.Dense(16, n_classes)
        self.relu = nn.ReLU()

    def construct(self, x):
        return self.fc2(self.drop(self.relu(self.fc1(x))))


class Losses(Callback):
    def __init__(self):
        super().__init__()
        self.values = []

    def on_train_step_end(self, run_context):
        self.values.append(float(run_context.original_args().net_outputs.asnumpy()))


net = Classifier()
emit("init", {n: p.asnumpy() for n, p in net.parameters_and_names()})
model = Model(net, loss_fn=nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"),
              optimizer=nn.Momentum(net.trainable_params(), 0.1, 0.9), metrics={"accuracy": Accuracy()})
losses = Losses()
model.train(1, train, callbacks=[losses])
emit("losses", losses.values)
emit("eval", model.eval(test))
