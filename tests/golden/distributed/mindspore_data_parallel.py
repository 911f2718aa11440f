"""MindSpore data parallelism as its tutorial writes it: init(), a sharded dataset, value_and_grad and
nn.DistributedGradReducer, plus the collectives. Run by msrun (real) or gradcompat run (2 workers)."""
import numpy as np
import mindspore as ms
from mindspore import nn, ops
import mindspore.dataset as ds
from mindspore.communication import GlobalComm, get_group_size, get_rank, init

ms.set_context(mode=ms.PYNATIVE_MODE)
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
init()
rank, size = get_rank(), get_group_size()
print(f"rank {rank} of {size}, world group {GlobalComm.WORLD_COMM_GROUP}, "
      f"mode {ms.get_auto_parallel_context('parallel_mode')}", flush=True)

x = ms.Tensor(np.array([1.0 + rank, 2.0 * (rank + 1)], np.float32))
print(f"rank {rank} all_reduce {ops.AllReduce()(x)}", flush=True)
print(f"rank {rank} all_gather {ops.AllGather()(x)}", flush=True)
print(f"rank {rank} broadcast {ops.Broadcast(1)((x,))[0]}", flush=True)
print(f"rank {rank} {ops.AllReduce()}", flush=True)

rng = np.random.default_rng(0)
features = rng.normal(size=(64, 8)).astype(np.float32)
labels = rng.integers(0, 3, size=(64,)).astype(np.int32)
data = ds.NumpySlicesDataset({"x": features, "y": labels}, shuffle=False, num_shards=size, shard_id=rank).batch(8)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(8, 16)
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(16, 3)

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


net = Net()
weights = np.random.default_rng(1)
for p in net.trainable_params():
    p.set_data(ms.Tensor(weights.normal(scale=0.3, size=p.shape).astype(np.float32)))
loss_fn = nn.CrossEntropyLoss()
optimizer = nn.SGD(net.trainable_params(), learning_rate=0.1)


def forward_fn(x, y):
    return loss_fn(net(x), y)


grad_fn = ms.value_and_grad(forward_fn, None, optimizer.parameters)
reducer = nn.DistributedGradReducer(optimizer.parameters)
print(f"rank {rank} {data.get_dataset_size()} batches", flush=True)
for epoch in range(2):
    for step, (x, y) in enumerate(data.create_tuple_iterator()):
        loss, grads = grad_fn(x, y)
        grads = reducer(grads)
        optimizer(grads)
    print(f"rank {rank} epoch {epoch} loss {loss.asnumpy():.6f}", flush=True)
total = sum(float(p.asnumpy().sum()) for p in net.trainable_params())
print(f"rank {rank} param sum {total:.6f}", flush=True)
