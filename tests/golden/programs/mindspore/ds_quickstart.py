"""The MindSpore quick start's data pipeline and training loop on a small MNIST folder written
here: MnistDataset -> map(vision ops) -> map(TypeCast) -> batch, iterated by
create_tuple_iterator in a value_and_grad training loop (weights set explicitly)."""
import os
import struct
import tempfile

import numpy as np
import mindspore
from mindspore import nn
from mindspore.dataset import MnistDataset, transforms, vision
from harness import emit

rng = np.random.default_rng(0)
folder = tempfile.mkdtemp()


def write_idx(name, array, magic):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(struct.pack(">I", magic))
        for dim in array.shape:
            f.write(struct.pack(">I", dim))
        f.write(array.tobytes())


write_idx("train-images-idx3-ubyte", rng.integers(0, 256, (20, 28, 28), dtype=np.uint8), 2051)
write_idx("train-labels-idx1-ubyte", rng.integers(0, 10, 20).astype(np.uint8), 2049)


def datapipe(dataset, batch_size):
    image_transforms = [
        vision.Rescale(1.0 / 255.0, 0),
        vision.Normalize(mean=(0.1307,), std=(0.3081,)),
        vision.HWC2CHW(),
    ]
    label_transform = transforms.TypeCast(mindspore.int32)
    dataset = dataset.map(image_transforms, "image")
    dataset = dataset.map(label_transform, "label")
    dataset = dataset.batch(batch_size)
    return dataset


train_dataset = datapipe(MnistDataset(folder, shuffle=False), 10)
for image, label in train_dataset.create_tuple_iterator():
    emit("first_batch_shapes", (image.shape, str(image.dtype), label.shape, str(label.dtype)))
    break


class Network(nn.Cell):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense_relu_sequential = nn.SequentialCell(nn.Dense(28 * 28, 16), nn.ReLU(), nn.Dense(16, 10))

    def construct(self, x):
        return self.dense_relu_sequential(self.flatten(x))


model = Network()
for p in model.trainable_params():
    p.set_data(mindspore.Tensor(rng.standard_normal(p.shape).astype(np.float32) * 0.05))
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(model.trainable_params(), 1e-2)


def forward_fn(data, label):
    logits = model(data)
    return loss_fn(logits, label), logits


grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)


def train_step(data, label):
    (loss, _), grads = grad_fn(data, label)
    optimizer(grads)
    return loss


losses = []
size = train_dataset.get_dataset_size()
for epoch in range(1):
    model.set_train()
    for batch, (data, label) in enumerate(train_dataset.create_tuple_iterator()):
        losses.append(train_step(data, label))
emit("size", size)
emit("losses", losses)
