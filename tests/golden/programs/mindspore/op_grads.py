"""Gradients through each primitive: MatMul transpose flags, broadcasting Add/Sub/Mul/Div,
ReduceSum/ReduceMean with and without keep_dims, and the functional ops."""
import numpy as np
from mindspore import ops, Tensor
from harness import emit

a = Tensor(np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], np.float32))
b = Tensor(np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.1]], np.float32))
row = Tensor(np.array([2.0, -0.5, 4.0], np.float32))
all_grads = ops.GradOperation(get_all=True)

emit("matmul", all_grads(lambda x, y: ops.MatMul()(x, y))(a, b))
emit("matmul_ta", all_grads(lambda x, y: ops.MatMul(transpose_a=True)(x, y))(b, b))
emit("matmul_tb", all_grads(lambda x, y: ops.MatMul(transpose_b=True)(x, y))(a, a))
emit("matmul_tatb", all_grads(lambda x, y: ops.MatMul(transpose_a=True, transpose_b=True)(x, y))(a, b))
emit("add_broadcast", all_grads(lambda x, y: ops.Add()(x, y))(a, row))
emit("sub_broadcast", all_grads(lambda x, y: ops.Sub()(x, y))(row, a))
emit("mul_broadcast", all_grads(lambda x, y: ops.Mul()(x, y))(a, row))
emit("div_broadcast", all_grads(lambda x, y: ops.Div()(x, y))(a, row))
emit("reduce_sum_axis", all_grads(lambda x: ops.ReduceSum()(x * x, 1))(a))
emit("reduce_sum_keep", all_grads(lambda x: ops.ReduceSum(keep_dims=True)(x * row, 0))(a))
emit("reduce_mean", all_grads(lambda x: ops.ReduceMean()(x * x))(a))
emit("reduce_mean_keep", all_grads(lambda x: ops.ReduceMean(keep_dims=True)(x * x, 1))(a))
emit("functional", all_grads(lambda x, y: ops.sub(ops.div(ops.mul(x, y), 2.0), ops.add(x, 1.0)))(a, row))
emit("functional_matmul", all_grads(lambda x, y: ops.matmul(x, y))(a, b))
emit("operators", all_grads(lambda x, y: (x - y) * x / (y + 3.0))(a, row))
