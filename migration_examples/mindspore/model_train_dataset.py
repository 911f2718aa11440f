# MindSpore's high-level training API: a small classifier trained with Model.train on a
# GeneratorDataset pipeline (batch, map to one-hot labels), with LossMonitor printing the loss,
# a custom Callback reading the run context, then Model.eval with Accuracy and Model.predict.
# Initial weights and data come from numpy with a fixed seed. The loss is L1 against one-hot
# targets and every value lives on a binary grid (inputs in halves, weights in 1/64ths, biases
# odd multiples of 1/256, learning rate 0.5, 16 outputs per batch), so each framework computes
# the same float32 numbers exactly and LossMonitor's full-precision lines agree.
import numpy as np
import mindspore
import mindspore.dataset as ds
from mindspore import Tensor, nn
from mindspore.train import Accuracy, Callback, LossMonitor, Model

mindspore.set_context(mode=mindspore.PYNATIVE_MODE, device_target="CPU")

rng = np.random.default_rng(3)
n_features, n_classes, batch_size = 4, 4, 4
labels = np.tile(np.arange(n_classes), 6)
rng.shuffle(labels)
features = (np.eye(n_features)[labels] * 2 + rng.integers(-1, 2, (len(labels), n_features)) * 0.5).astype(np.float32)
train_x, train_y, test_x, test_y = features[:16], labels[:16], features[16:], labels[16:]


class Points:
    """A random-access source: (features, label) pairs."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __getitem__(self, index):
        return self.x[index], np.int32(self.y[index])

    def __len__(self):
        return len(self.x)


def one_hot(label):
    return np.eye(n_classes, dtype=np.float32)[label]


def make_dataset(x, y):
    data = ds.GeneratorDataset(Points(x, y), column_names=["features", "label"], shuffle=False)
    data = data.map(operations=one_hot, input_columns="label")
    return data.batch(batch_size, drop_remainder=True)


class Classifier(nn.Cell):
    def __init__(self):
        super().__init__()
        weight = (rng.integers(-16, 17, (n_classes, n_features)) / 64).astype(np.float32)
        bias = ((2 * rng.integers(-8, 8, n_classes) + 1) / 256).astype(np.float32)
        self.dense = nn.Dense(n_features, n_classes, weight_init=Tensor(weight), bias_init=Tensor(bias))

    def construct(self, x):
        return self.dense(x)


class EpochSummary(Callback):
    """Prints what a callback sees at the end of each training epoch."""

    def on_train_epoch_end(self, run_context):
        cb_params = run_context.original_args()
        print(f"epoch {cb_params.cur_epoch_num}/{cb_params.epoch_num} done after {cb_params.cur_step_num} steps "
              f"({cb_params.batch_num} per epoch)")


train_data, test_data = make_dataset(train_x, train_y), make_dataset(test_x, test_y)
print("batches per epoch:", train_data.get_dataset_size(), "columns:", train_data.get_col_names())

net = Classifier()
loss_fn = nn.L1Loss()
optimizer = nn.SGD(net.trainable_params(), learning_rate=0.5)
model = Model(net, loss_fn=loss_fn, optimizer=optimizer, metrics={"accuracy": Accuracy()})

print("before training:", model.eval(test_data))
model.train(3, train_data, callbacks=[LossMonitor(per_print_times=2), EpochSummary()])
print("after training:", model.eval(test_data))

print("weights:", net.dense.weight.asnumpy().tolist())
print("bias:", net.dense.bias.asnumpy().tolist())
scores = model.predict(Tensor(test_x[:4]))
print("predicted classes:", scores.asnumpy().argmax(axis=1).tolist(), "true:", test_y[:4].tolist())
