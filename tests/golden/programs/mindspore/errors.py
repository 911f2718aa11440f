"""MindSpore's errors: types and key words of the messages."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
import mindspore.nn as nn
from harness import expect_error


class Net(nn.Cell):
    def construct(self, x):
        return x * 2.0


net = Net()
x = Tensor([1.0, 2.0], mstype.float32)
expect_error("sens_missing", lambda: ops.GradOperation(sens_param=True)(net)(x), "missing 1 required positional argument: 'x'")
expect_error("get_all_not_bool", lambda: ops.GradOperation(get_all=1), "the 'get_all' should be bool, but got int")
expect_error("get_by_list_not_bool", lambda: ops.GradOperation(get_by_list="yes"), "the 'get_by_list' should be bool, but got str")
expect_error("sens_param_not_bool", lambda: ops.GradOperation(sens_param=None), "the 'sens_param' should be bool")
expect_error("matmul_shape", lambda: ops.MatMul()(Tensor(np.ones((2, 3), np.float32)), Tensor(np.ones((2, 3), np.float32))).asnumpy(),
             "For 'MatMul' the input dimensions must be equal, but got 'x1_col': 3 and 'x2_row': 2.")
expect_error("matmul_dtype", lambda: ops.MatMul()(Tensor(np.ones((2, 3), np.float32)), Tensor(np.ones((3, 3), np.float64))).asnumpy(),
             "For 'MatMul', the type of 'x2' should be same as 'x1', but got 'x1' with type Tensor[Float32] and 'x2' with type Tensor[Float64].")
expect_error("broadcast", lambda: (Tensor(np.ones((2, 3), np.float32)) + Tensor(np.ones((2,), np.float32))).asnumpy(),
             "input.shape and other.shape need to broadcast. The value of input.shape[2] or other.shape[1] must be 1 or -1")
expect_error("bad_input", lambda: Tensor('abc'), "For 'Tensor', the type of 'input_data' should be one of")
expect_error("ragged", lambda: Tensor([[1, 2], [3]]), "that contain unsupported element.")
expect_error("item", lambda: Tensor([1.0, 2.0]).item(), "The tensor should have only one element, but got 2, more than one element is ambiguous.")

# misuse that must give MindSpore's errors, not JAX's or Python's internals
v = Tensor(np.ones(3, np.float32))
expect_error("add_string", lambda: v + "a", 'Failed calling Add with "Add()(input=Tensor, other=string)"')
expect_error("string_mul", lambda: "a" * v, 'Failed calling Mul with "Mul()(input=Tensor, other=string)"')
expect_error("matmul_1d", lambda: ops.MatMul()(v, v).asnumpy(), "MatMul inputs should have the same dimension size and equal to 2.")
expect_error("weights_not_a_list", lambda: ops.GradOperation(get_by_list=True)(lambda a: a * 2.0, 3)(v),
             "The weights you provided is expected to be a tensor, or a list or tuple. but got 3")
