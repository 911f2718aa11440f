"""Cell registration: parameter names from trainable_params, parameters_and_names,
get_parameters, nested cells, set_data, requires_grad."""
import numpy as np
import mindspore.nn as nn
from mindspore import Tensor, Parameter, ParameterTuple, ops
from mindspore import dtype as mstype
from harness import emit, emit_text


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = Parameter(Tensor([2.0], mstype.float32))
        self.q = Parameter(Tensor([3.0], mstype.float32), name='qq')
        self.frozen = Parameter(Tensor([1.0], mstype.float32), name='frozen', requires_grad=False)

    def construct(self, x):
        return x * self.p * self.q * self.frozen


class Holder(nn.Cell):
    def __init__(self, net):
        super().__init__()
        self.net = net
        self.r = Parameter(Tensor([3.0], mstype.float32), name='rr')

    def construct(self, x):
        return self.net(x) * self.r


n = Net()
emit_text("net_trainable", [p.name for p in n.trainable_params()])
emit_text("net_names", [name for name, _ in n.parameters_and_names()])
h = Holder(n)
emit_text("holder_trainable", [p.name for p in h.trainable_params()])
emit_text("holder_names", [name for name, _ in h.parameters_and_names()])
emit_text("holder_get_parameters", [p.name for p in h.get_parameters()])
emit_text("inner_renamed", n.q.name)
h2 = Holder(Holder(Net()))
emit_text("nested_trainable", [p.name for p in h2.trainable_params()])
emit_text("nested_names", [name for name, _ in h2.parameters_and_names()])
emit_text("types", [type(h.trainable_params()).__name__, type(ParameterTuple(h.trainable_params())).__name__])

x = Tensor([1.0, 2.0], mstype.float32)
emit("forward", h(x))
emit("grads", ops.GradOperation(get_by_list=True)(h, ParameterTuple(h.trainable_params()))(x))
n.p.set_data(Tensor([5.0], mstype.float32))
emit("after_set_data", h(x))
emit("param_value", n.p)
emit("grads_after_set_data", ops.GradOperation(get_all=True, get_by_list=True)(h, ParameterTuple(h.trainable_params()))(x))
emit_text("param_attrs", [n.p.name, n.p.requires_grad, n.frozen.requires_grad, str(n.p.dtype), n.p.shape])
emit_text("param_repr", repr(n.q))
p64 = Parameter(np.array([1.0, 2.0]), name='a')
emit_text("param_from_numpy", repr(p64))
emit_text("param_from_float", repr(Parameter(1.5, name='b')))
emit_text("param_arith_type", type(n.p * 2).__name__)
