"""Inter-layer dropout of nn.LSTM / nn.GRU in training, seeded: the layer's nn.Dropout draws its
masks from MindSpore's stream, layer after layer and call after call; gradients through them."""
import numpy as np
import mindspore as ms
from mindspore import Tensor, nn, ops
from harness import emit

ms.set_context(mode=ms.PYNATIVE_MODE)
ms.set_seed(11)
x = Tensor(np.linspace(-1, 1, 2 * 4 * 5, dtype=np.float32).reshape(2, 4, 5))
for cls in (nn.LSTM, nn.GRU):
    net = cls(5, 6, num_layers=3, dropout=0.4, batch_first=True, bidirectional=True)
    net.set_train()
    emit(cls.__name__ + "_calls", [net(x)[0] for _ in range(2)])
    grad = ops.grad(lambda v: net(v)[0].sum())(x)
    emit(cls.__name__ + "_grad", grad)
    net.set_train(False)
    emit(cls.__name__ + "_eval", net(x)[0])
