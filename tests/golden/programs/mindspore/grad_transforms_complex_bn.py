"""ops.Imag / ops.Real with MindSpore's complex gradients, ops.BatchNorm (inference) and its
gradient, as MindSpore's gradient tests use them."""
import numpy as np
import mindspore as ms
from mindspore import nn, ops, Tensor
from harness import emit, emit_text

z = Tensor(np.array([1.3 + 0.4j, -2.0 + 3.0j], np.complex64))
r = Tensor(np.array([[0.5, 0.6, 0.4], [1.2, 1.3, 1.1]], np.float32))
class Part(nn.Cell):
    def __init__(self, op):
        super().__init__()
        self.op = op

    def construct(self, x):
        return self.op(x)


imag_net, real_net = Part(ops.Imag()), Part(ops.Real())
emit("imag_complex", ops.Imag()(z))
emit("imag_real_input", ops.Imag()(r))
emit("real_complex", ops.Real()(z))
g = ops.GradOperation()(imag_net)(z).asnumpy()
emit("imag_grad_complex_parts", (g.real, g.imag))
emit_text("imag_grad_dtype", str(ops.GradOperation()(imag_net)(z).dtype))
emit("imag_grad_real_input", ops.GradOperation()(imag_net)(r))
g = ops.GradOperation()(real_net)(z).asnumpy()
emit("real_grad_complex_parts", (g.real, g.imag))
emit_text("imag_repr", repr(ops.Imag()))


class BN(nn.Cell):
    def __init__(self):
        super().__init__()
        self.scale = Tensor(np.array([1.0, 2.0], np.float32))
        self.bias = Tensor(np.array([0.5, -0.5], np.float32))
        self.mean = Tensor(np.array([1.0, 2.0], np.float32))
        self.variance = Tensor(np.array([4.0, 0.25], np.float32))
        self.batch_norm = ops.BatchNorm()

    def construct(self, x):
        return self.batch_norm(x, self.scale, self.bias, self.mean, self.variance)[0]


x = Tensor(np.arange(16).reshape(2, 2, 2, 2).astype(np.float32))
emit("batch_norm", BN()(x))
emit("batch_norm_all_outputs", ops.BatchNorm()(x, Tensor(np.ones(2), ms.float32), Tensor(np.zeros(2), ms.float32),
                                               Tensor(np.zeros(2), ms.float32), Tensor(np.ones(2), ms.float32)))
emit("batch_norm_grad", ops.grad(BN())(x))
emit_text("batch_norm_repr", repr(ops.BatchNorm()))
