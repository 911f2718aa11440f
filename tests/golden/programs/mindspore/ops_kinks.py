"""Gradients at ties and kinks: abs/relu/sqrt at 0, Maximum/Minimum ties, ReduceMax/amax
ties, Tensor.max along an axis, clip_by_value at the bounds, pow at 0."""
import numpy as np
from mindspore import ops, Tensor
from harness import emit

g = ops.GradOperation(get_all=True)
x = Tensor(np.array([0.0, -1.0, 2.0, 0.0, 0.5], np.float32))
y = Tensor(np.array([0.0, 1.0, 2.0, -0.0, 0.5], np.float32))
tied = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], np.float32))

emit("abs", g(ops.abs)(x))
emit("Abs", g(lambda a: ops.Abs()(a))(x))
emit("relu", g(ops.relu)(x))
emit("ReLU", g(lambda a: ops.ReLU()(a))(x))
emit("sqrt", g(ops.sqrt)(x))
emit("maximum", g(ops.maximum)(x, y))
emit("Maximum", g(lambda a, b: ops.Maximum()(a, b))(x, y))
emit("minimum", g(ops.minimum)(x, y))
emit("maximum_scalar", g(lambda a: ops.maximum(a, 0.0))(x))
emit("amax_axis", g(lambda a: ops.amax(a, 1))(tied))
emit("amax_all", g(lambda a: ops.amax(a))(tied))
emit("amin_axis", g(lambda a: ops.amin(a, 0))(tied))
emit("ReduceMax", g(lambda a: ops.ReduceMax()(a, 1))(tied))
emit("ReduceMax_all", g(lambda a: ops.ReduceMax()(a))(tied))
emit("ReduceMin", g(lambda a: ops.ReduceMin(keep_dims=True)(a, 1))(tied))
emit("tensor_max_axis", g(lambda a: a.max(1))(tied))
emit("tensor_max_all", g(lambda a: a.max())(tied))
emit("tensor_min_axis", g(lambda a: a.min(0))(tied))
emit("clip_by_value", g(lambda a: ops.clip_by_value(a, 0.0, 2.0))(x))
emit("clip_by_value_tensor_bounds", g(lambda a, lo, hi: ops.clip_by_value(a, lo, hi))(x, Tensor(0.0), Tensor(2.0)))
emit("pow", g(ops.pow)(x, y))
emit("pow_scalar_exponent", g(lambda a: ops.pow(a, 2.0))(x))
emit("reduce_prod_zero", g(lambda a: ops.ReduceProd()(a, 1))(Tensor(np.array([[1.0, 0.0, 3.0], [0.0, 0.0, 2.0]], np.float32))))
emit("prod_all_zero", g(lambda a: ops.prod(a))(Tensor(np.array([[1.0, 0.0, 3.0], [4.0, 2.0, 2.0]], np.float32))))
emit("ReduceProd_all", g(lambda a: ops.ReduceProd()(a))(Tensor(np.array([[1.0, 2.0, 3.0], [0.5, 2.0, 1.0]], np.float32))))
emit("where_tie", g(lambda a, b: ops.where(a > b, a, b))(x, y))
emit("softmax_xent_labels", g(lambda a, b: ops.SoftmaxCrossEntropyWithLogits()(a, b)[0])(
    Tensor(np.array([[1.0, 2.0, 0.5]], np.float32)), Tensor(np.array([[0.2, 0.3, 0.5]], np.float32))))
