# The migration guide's TensorFlow tf.gradients example, written in MindSpore: the
# gradients of z1 = w1 + w2 + w3 and z2 = w3 + w4 with respect to w1..w4, with the sens
# (TensorFlow's grad_ys) [2, 2, 3] for z1 and [3, 2, 4] for z2. The initial values do
# not affect these gradients.
import numpy as np
import mindspore.nn as nn
from mindspore import dtype as mstype
from mindspore import ops, Tensor, Parameter, ParameterTuple


class Net(nn.Cell):
    def __init__(self):
        super(Net, self).__init__()
        self.w1 = Parameter(Tensor(np.array([0.1, 0.2, 0.3], np.float32)), name='w1')
        self.w2 = Parameter(Tensor(np.array([0.4, 0.5, 0.6], np.float32)), name='w2')
        self.w3 = Parameter(Tensor(np.array([0.7, 0.8, 0.9], np.float32)), name='w3')
        self.w4 = Parameter(Tensor(np.array([1.0, 1.1, 1.2], np.float32)), name='w4')

    def construct(self):
        z1 = self.w1 + self.w2 + self.w3
        z2 = self.w3 + self.w4
        return z1, z2


net = Net()
weights = ParameterTuple(net.trainable_params())
grad_op = ops.GradOperation(get_by_list=True, sens_param=True)
sens = (Tensor([2., 2., 3.], dtype=mstype.float32), Tensor([3., 2., 4.], dtype=mstype.float32))
grads = grad_op(net, weights)(sens)
for param, grad in zip(weights, grads):
    print(param.name, grad)
# Out:
# w1 [2. 2. 3.]
# w2 [2. 2. 3.]
# w3 [5. 4. 7.]
# w4 [3. 2. 4.]
