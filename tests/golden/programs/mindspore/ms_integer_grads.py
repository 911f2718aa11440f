"""Gradients of integer inputs and Parameters (MindSpore differentiates them through their
casts to float and casts the gradient back), and a Parameter with requires_grad=False in a
weights list (zeros)."""
import mindspore as ms
from mindspore import Parameter, Tensor, nn, ops
from harness import emit

x = Tensor([2.5, -1.5], ms.float32)
wi = Tensor([1, 2], ms.int64)
emit("mixed_mul", ops.grad(lambda w, x: (w * x).sum(), (0, 1))(wi, x))
emit("explicit_cast", ops.grad(lambda w, x: (ops.cast(w, ms.float32) * x).sum(), 0)(wi, x))
emit("astype", ops.grad(lambda w, x: w.astype(ms.float32) * x, 0)(wi, x))
emit("truncated", ops.grad(lambda w, x: (w * x * 0.3).sum(), 0)(wi, Tensor([0.7, 0.2], ms.float64)))
emit("int32", ops.grad(lambda w, x: w * x, 0)(Tensor([1, 2], ms.int32), x))
emit("bool", ops.grad(lambda w, x: w * x, 0)(Tensor([True, False]), x))


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor([1, 2], ms.int32), name="w")
        self.v = Parameter(Tensor([1.0, 2.0]), name="v", requires_grad=False)

    def construct(self, x):
        return self.w * x * self.v


net = Net()
emit("weights_list", ops.grad(net, None, (net.w, net.v))(x))
emit("parameter_tuple", ops.GradOperation(get_by_list=True)(net, ms.ParameterTuple(net.get_parameters()))(x))
emit("trainable_default", ops.GradOperation(get_by_list=True)(net)(x))
emit("value_and_grad", ms.value_and_grad(net, None, net.trainable_params())(x))
