"""The ops.reduce_* functions (MindSpore's ReduceMean/Max/Min/Sum instances taking (x, axis)),
their gradients, and the error for keep_dims, which the instances do not take."""
import numpy as np
from mindspore import Tensor, ops
from harness import emit, expect_error

x = Tensor(np.array([[1., 5., 3.], [4., 2., 6.]], np.float32))
for name in ("reduce_mean", "reduce_max", "reduce_min", "reduce_sum"):
    fn = getattr(ops, name)
    emit(name, [fn(x), fn(x, 1), fn(x, (0, 1)), fn(x, 0)])
    emit(name + "_grad", ops.grad(lambda v: (fn(v, 1) * Tensor(np.array([1., 2.], np.float32))).sum())(x))
expect_error("reduce_mean_keep_dims", lambda: ops.reduce_mean(x, keep_dims=True), "keep_dims")
