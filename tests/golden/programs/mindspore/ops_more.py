"""More functional ops and primitives seen in training scripts: unary math, one_hot /
OneHot, Argmax, equal, cumsum, broadcast_to, split, gelu, leaky_relu, masked_fill,
MaxPool at ties (values, dtypes, gradients)."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(5)
a = Tensor(rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32))
b = Tensor(rng.uniform(-1.0, 1.0, (2, 3)).astype(np.float32))
labels = Tensor(np.array([2, 0, 1], np.int32))


for name in ["rsqrt", "reciprocal", "log1p"]:
    check(name, getattr(ops, name), a)
for name in ["sin", "cos", "floor", "ceil", "sign", "erf", "expm1"]:
    check(name, getattr(ops, name), b)
check("Rsqrt", lambda x: ops.Rsqrt()(x), a)
check("Sin", lambda x: ops.Sin()(x), b)
check("cumsum", lambda x: ops.cumsum(x, 1) * b, a)
check("cumsum_axis0", lambda x: ops.cumsum(x, 0), a)
check("broadcast_to", lambda x: ops.broadcast_to(x, (4, 2, 3)), a)
check("broadcast_to_infer", lambda x: ops.broadcast_to(ops.reshape(x, (6, 1)), (-1, 3)), a)
check("split", lambda x: ops.split(x, 1, 1), a)
check("split_sections", lambda x: ops.split(x, (1, 2), 1), a)
check("gelu", ops.gelu, b)
check("gelu_tanh", lambda x: ops.gelu(x, approximate="tanh"), b)
check("leaky_relu", ops.leaky_relu, b)
check("leaky_relu_alpha", lambda x: ops.leaky_relu(x, 0.1), b)
check("masked_fill", lambda x: ops.masked_fill(x, x > 0, 0.5), b)
check("maxpool_ties", lambda x: ops.MaxPool(2, 2)(x), Tensor(np.array(
    [[[[0., 0., 1., 1.], [0., 0., 1., 0.5], [2., 2., 0., 0.], [2., 2., 0., 0.]]]], np.float32)))
check("maxpool_same_ties", lambda x: ops.MaxPool(3, 1, "same")(x), Tensor(np.array(
    [[[[0., 0., 1., 1.], [0., 0., 1., 0.5], [2., 2., 0., 0.], [2., 2., 0., 0.]]]], np.float32)))

on, off = Tensor(1.0, mstype.float32), Tensor(0.0, mstype.float32)
for name, out in {"one_hot": ops.one_hot(labels, 3), "one_hot_values": ops.one_hot(labels, 4, 2.0, -1.0),
                  "OneHot": ops.OneHot()(labels, 3, on, off), "OneHot_axis0": ops.OneHot(axis=0)(labels, 3, on, off),
                  "Argmax": ops.Argmax()(b), "Argmax_axis0": ops.Argmax(axis=0, output_type=mstype.int64)(b),
                  "equal": ops.equal(labels, Tensor(np.array([2, 1, 1], np.int32))), "Equal": ops.Equal()(a, a),
                  "equal_scalar": ops.equal(labels, 1), "cumsum_int": ops.cumsum(labels, 0),
                  "CumSum_exclusive": ops.CumSum(exclusive=True)(a, 1), "CumSum_reverse": ops.CumSum(reverse=True)(a, 1),
                  "round": ops.round(Tensor(np.array([0.5, 1.5, -2.5, 2.4], np.float32)))}.items():
    emit(name, out)
    emit_text(name + "_dtype", str(out.dtype))

# the module paths MindSpore scripts import primitives and transforms from
from mindspore.ops import operations as P
from mindspore.ops import composite as C
from mindspore.ops import functional as F
emit("import_paths", C.GradOperation()(lambda x: P.ReduceSum()(F.square(P.Mul()(x, 2.0))))(a))
