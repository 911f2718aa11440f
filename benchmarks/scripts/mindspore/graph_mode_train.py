# A GRAPH_MODE training script: set_context(mode=GRAPH_MODE), a Cell with a loss wrapped in
# nn.WithLossCell and nn.TrainOneStepCell, a Momentum optimizer, a loop printing the loss.
import numpy as np
import mindspore
from mindspore import Tensor, nn

mindspore.set_context(mode=mindspore.GRAPH_MODE)
mindspore.set_seed(0)
rng = np.random.default_rng(0)
x = Tensor(rng.normal(size=(64, 8)).astype(np.float32))
y = Tensor((rng.normal(size=(64, 1)) * 0.1).astype(np.float32) + 1.0)

net = nn.SequentialCell(nn.Dense(8, 32), nn.Tanh(), nn.Dense(32, 1))
train_net = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.Momentum(net.trainable_params(), 0.01, 0.9))
train_net.set_train()
for step in range(100):
    loss = train_net(x, y)
    if step % 20 == 0:
        print(f"step {step}: loss {float(loss.asnumpy()):.4f}")
print("done")
