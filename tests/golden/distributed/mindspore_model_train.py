"""MindSpore's Model.train in GRAPH_MODE under DATA_PARALLEL: the training step all-reduces and
averages the gradients by itself. Run by msrun (real) or gradcompat run (2 workers)."""
import numpy as np
import mindspore as ms
from mindspore import nn
import mindspore.dataset as ds
from mindspore.communication import get_group_size, get_rank, init

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True)
init()
rank, size = get_rank(), get_group_size()

rng = np.random.default_rng(0)
features = rng.normal(size=(64, 8)).astype(np.float32)
labels = rng.integers(0, 3, size=(64,)).astype(np.int32)
data = ds.NumpySlicesDataset({"x": features, "y": labels}, shuffle=False, num_shards=size, shard_id=rank).batch(8)

net = nn.SequentialCell([nn.Dense(8, 16), nn.ReLU(), nn.Dense(16, 3)])
weights = np.random.default_rng(1)
for p in net.trainable_params():
    p.set_data(ms.Tensor(weights.normal(scale=0.3, size=p.shape).astype(np.float32)))


class PrintLoss(ms.Callback):
    def on_train_step_end(self, run_context):
        cb = run_context.original_args()
        print(f"rank {rank} epoch {cb.cur_epoch_num} step {cb.cur_step_num} loss {float(cb.net_outputs.asnumpy()):.6f}",
              flush=True)


model = ms.Model(net, loss_fn=nn.CrossEntropyLoss(), optimizer=nn.Momentum(net.trainable_params(), 0.05, 0.9))
model.train(2, data, callbacks=[PrintLoss()], dataset_sink_mode=False)
total = sum(float(p.asnumpy().sum()) for p in net.trainable_params())
print(f"rank {rank} param sum {total:.6f}", flush=True)
