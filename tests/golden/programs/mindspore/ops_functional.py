"""Functional ops (``ops.matmul``, ``ops.softmax``, ...): values, dtypes and gradients."""
import numpy as np
import mindspore
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(2)
a = Tensor(rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
m = Tensor(rng.uniform(-1.0, 1.0, (3, 4)).astype(np.float32))
vec = Tensor(rng.uniform(-1.0, 1.0, (3,)).astype(np.float32))
idx = Tensor(np.array([1, 0, 1], np.int32))


check("matmul", ops.matmul, a, m)
check("matmul_vec", ops.matmul, a, vec)
check("matmul_vec_left", lambda x, y: ops.matmul(x, y), vec, m)
check("matmul_batched", ops.matmul, Tensor(rng.uniform(-1, 1, (2, 2, 3)).astype(np.float32)), m)
check("add", ops.add, a, b)
check("add_scalar", lambda x: ops.add(x, 2.0), a)
check("sub", ops.sub, a, vec)
check("mul", ops.mul, a, b)
check("div", ops.div, b, a)
check("pow", ops.pow, a, b)
check("maximum", ops.maximum, a, b)
check("minimum", ops.minimum, a, b)
for name in ["exp", "log", "sqrt", "square", "abs", "neg", "relu", "sigmoid", "tanh"]:
    check(name, getattr(ops, name), a if name in ("log", "sqrt") else b)
check("softmax", lambda x: ops.softmax(x) * b, a)
check("softmax_axis0", lambda x: ops.softmax(x, axis=0) * b, a)
check("log_softmax", lambda x: ops.log_softmax(x) * b, a)
check("log_softmax_axis0", lambda x: ops.log_softmax(x, 0) * b, a)
check("sum", lambda x: ops.sum(x * b), a)
check("sum_dim", lambda x: ops.sum(x * b, 1), a)
check("sum_keepdim", lambda x: ops.sum(x * b, dim=0, keepdim=True), a)
check("sum_dims_tuple", lambda x: ops.sum(x * b, (0, 1)), a)
check("mean", lambda x: ops.mean(x * b), a)
check("mean_axis", lambda x: ops.mean(x * b, 1), a)
check("mean_keep", lambda x: ops.mean(x * b, axis=0, keep_dims=True), a)
check("amax", lambda x: ops.amax(x), b)
check("amax_axis", lambda x: ops.amax(x, 1), b)
check("amax_keep", lambda x: ops.amax(x, axis=0, keepdims=True), b)
check("amin_axis", lambda x: ops.amin(x, -1), b)
check("prod", lambda x: ops.prod(x, 1), b)
check("reshape", lambda x: ops.reshape(x, (3, 2)) * Tensor(np.arange(6, dtype=np.float32).reshape(3, 2)), a)
check("reshape_infer", lambda x: ops.reshape(x, (-1,)) * Tensor(np.arange(6, dtype=np.float32)), a)
check("transpose", lambda x: ops.transpose(x, (1, 0)) * Tensor(np.arange(6, dtype=np.float32).reshape(3, 2)), a)
check("concat", lambda x, y: ops.concat((x, y)) * Tensor(np.arange(12, dtype=np.float32).reshape(4, 3)), a, b)
check("concat_axis1", lambda x, y: ops.concat([x, y], axis=1), a, b)
check("cat", lambda x, y: ops.cat((x, y), -1), a, b)
check("stack", lambda x, y: ops.stack((x, y)) * Tensor(np.arange(12, dtype=np.float32).reshape(2, 2, 3)), a, b)
check("stack_axis1", lambda x, y: ops.stack([x, y], 1), a, b)
check("gather", lambda x: ops.gather(x, idx, 0) * Tensor(np.arange(9, dtype=np.float32).reshape(3, 3)), a)
check("gather_axis1", lambda x: ops.gather(x, Tensor(np.array([2, 2], np.int32)), 1), a)
check("gather_elements", lambda x: ops.gather_elements(x, 1, Tensor(np.array([[0, 0, 2], [1, 2, 1]], np.int32))), a)
check("where", lambda x, y: ops.where(x > 1.0, x, y), a, b)
check("clip_by_value", lambda x: ops.clip_by_value(x, -0.5, 0.5), b)
check("clip_by_value_tensors", lambda x: ops.clip_by_value(x, Tensor(-0.5), Tensor(0.5)), b)
check("squeeze", lambda x: ops.squeeze(ops.reshape(x, (1, 2, 1, 3))), a)
check("squeeze_axis", lambda x: ops.squeeze(ops.reshape(x, (1, 2, 1, 3)), 2), a)
check("expand_dims", lambda x: ops.expand_dims(x, 1), a)
check("unsqueeze", lambda x: ops.unsqueeze(x, -1), a)
check("tile", lambda x: ops.tile(x, (2, 1)) * Tensor(np.arange(12, dtype=np.float32).reshape(4, 3)), a)
check("cast", lambda x: ops.cast(x, mstype.float64) * 2, a)
check("flatten", lambda x: ops.flatten(ops.reshape(x, (2, 3, 1))), a)
check("bias_add", ops.bias_add, a, vec)

created = {"ones": ops.ones((2, 3)), "ones_int": ops.ones(2, mstype.int32), "zeros": ops.zeros((2,)),
           "zeros_f16": ops.zeros((1, 2), mstype.float16), "ones_like": ops.ones_like(a),
           "zeros_like": ops.zeros_like(idx), "ones_like_dtype": ops.ones_like(a, dtype=mstype.int32),
           "fill": ops.fill(mstype.float32, (2, 2), 3.5), "full": ops.full((2,), 7),
           "full_float": ops.full((2,), 7.0), "cast_int": ops.cast(a, mstype.int32), "cast_bool": ops.cast(b, mstype.bool_),
           "where_int": ops.where(idx > 0, idx, 5), "argmax": ops.argmax(b, 1),
           "shape": ops.Shape()(a), "shape_fn": ops.shape(a)}
for name, out in created.items():
    emit(name, out)
    emit_text(name + "_dtype", str(getattr(out, "dtype", type(out).__name__)))
