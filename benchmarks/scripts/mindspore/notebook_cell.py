# A notebook cell: a handful of tensor ops on fresh data, printed (the first thing a user types).
import numpy as np
import mindspore
from mindspore import Tensor, ops

x = Tensor(np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0], [2.0, 1.0, 0.0], [-1.0, 1.5, 2.5]], np.float32))
w = Tensor(np.arange(6, dtype=np.float32).reshape(3, 2) / 6.0)
y = ops.softmax(ops.matmul(x, w), axis=1)
print(y)
print(y.sum(axis=0), y.argmax(axis=1))
print(ops.cat([x, ops.abs(x)], axis=1).mean().asnumpy())
