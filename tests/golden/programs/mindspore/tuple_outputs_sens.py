"""The migration guide's tf.gradients example as a Cell with two outputs: Parameters w1..w4,
gradients of (z1, z2) by list, with a tuple sens, with the default sens, and together with
the inputs' gradients."""
import numpy as np
import mindspore.nn as nn
from mindspore import ops, Tensor, Parameter, ParameterTuple
from harness import emit


class Sums(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w1 = Parameter(Tensor(np.array([0.1, 0.2, 0.3], np.float32)), name='w1')
        self.w2 = Parameter(Tensor(np.array([0.4, 0.5, 0.6], np.float32)), name='w2')
        self.w3 = Parameter(Tensor(np.array([0.7, 0.8, 0.9], np.float32)), name='w3')
        self.w4 = Parameter(Tensor(np.array([1.0, 1.1, 1.2], np.float32)), name='w4')

    def construct(self, scale):
        z1 = (self.w1 + self.w2 + self.w3) * scale
        z2 = self.w3 + self.w4
        return z1, z2


net = Sums()
weights = ParameterTuple(net.trainable_params())
scale = Tensor(np.array([1.0, 2.0, 0.5], np.float32))
sens = (Tensor(np.array([2.0, 2.0, 3.0], np.float32)), Tensor(np.array([3.0, 2.0, 4.0], np.float32)))

emit("by_list_tuple_sens", ops.GradOperation(get_by_list=True, sens_param=True)(net, weights)(scale, sens))
emit("by_list_default_sens", ops.GradOperation(get_by_list=True)(net, weights)(scale))
emit("all_and_by_list_sens", ops.GradOperation(get_all=True, get_by_list=True, sens_param=True)(net, weights)(scale, sens))
emit("first_input_sens", ops.GradOperation(sens_param=True)(net)(scale, sens))
emit("subset_of_weights", ops.GradOperation(get_by_list=True)(net, ParameterTuple([net.w4, net.w1]))(scale))
emit("names", [p.name for p in weights])
