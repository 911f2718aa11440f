"""mindspore.numpy: creation (MindSpore numpy's Int32/Float32 defaults), elementwise math,
reductions and statistics (integer means truncated), linear algebra, shape functions,
comparisons, dtypes and constants; gradients through them under ops.grad; errors."""
import numpy as np
import mindspore as ms
import mindspore.numpy as mnp
from mindspore import Tensor, ops
from harness import emit, emit_text, expect_error

a = mnp.array([[1., 2.], [3., 4.]])
i = mnp.array([1, 2])
emit_text("dtypes", [mnp.array([1, 2]).dtype, mnp.array([1., 2]).dtype, mnp.array([True]).dtype,
                     mnp.asarray([1, 2], mnp.float32).dtype, mnp.array(Tensor(np.array([1, 2], np.int64))).dtype])
emit("creation", [mnp.zeros((2,)), mnp.ones(3), mnp.full((2,), 3), mnp.full((2,), 3.), mnp.eye(2), mnp.identity(2),
                  mnp.eye(2, 3, 1), mnp.full((2,), 3, mnp.float32), mnp.ones((2, 2), mnp.int32), mnp.empty((2,)).shape])
emit("ranges", [mnp.arange(3), mnp.arange(0., 1., .5), mnp.arange(1, 7, 2), mnp.linspace(0, 1, 3),
                mnp.linspace(0, 1, 5, endpoint=False), mnp.linspace(0, 4, 3, dtype=mnp.int32), mnp.logspace(0, 2, 3)])
emit("like", [mnp.zeros_like(i), mnp.ones_like(a), mnp.full_like(i, 7), mnp.empty_like(a).shape])
emit("arith", [mnp.add(a, 1), mnp.add(i, 1.5), mnp.divide(i, 2), mnp.subtract(i, 1), mnp.multiply(a, a),
               mnp.power(a, 2), mnp.power(i, 2), mnp.floor_divide(mnp.array([5, 7]), 2), mnp.mod(mnp.array([5, -7]), 3),
               mnp.remainder(mnp.array([5., -7]), 3), mnp.fmod(mnp.array([5., -7]), 3), mnp.negative(i),
               mnp.absolute(mnp.array([-1, 2])), mnp.maximum(a, 2.5), mnp.minimum(a, 2.)])
emit("unary", [mnp.sqrt(a), mnp.sqrt(i), mnp.exp(a), mnp.log(a), mnp.tan(a), mnp.arctan2(a, a), mnp.log2(a),
               mnp.tanh(a / 8), mnp.sin(a), mnp.square(a), mnp.sign(-a), mnp.floor(a / 3), mnp.around(a / 3, 2), mnp.isnan(a)])
emit("reductions", [mnp.sum(a), mnp.sum(a, axis=0), mnp.sum(a, axis=1, keepdims=True), mnp.sum(i), mnp.mean(a),
                    mnp.mean(i), mnp.mean(a, axis=0, keepdims=True), mnp.amax(a), mnp.max(a, axis=1), mnp.amax(i),
                    mnp.amin(a, axis=0), mnp.ptp(a, axis=0), mnp.count_nonzero(a)])
emit("statistics", [mnp.std(a), mnp.var(a, axis=1), mnp.var(a, ddof=1), mnp.std(i), mnp.var(i),
                    mnp.average(a), mnp.average(a, axis=0, weights=mnp.array([1., 3.]))])
emit("arg", [mnp.argmax(a), mnp.argmax(a, axis=1), mnp.argmin(a, axis=0)])
emit("cumsum", [mnp.cumsum(a), mnp.cumsum(i), mnp.cumsum(a, axis=1)])
emit("linalg", [mnp.matmul(a, a), mnp.dot(a, a), mnp.dot(mnp.array([1., 2]), mnp.array([3., 4])),
                mnp.tensordot(a, a, axes=1), mnp.tensordot(a, a), mnp.outer(i, i), mnp.inner(a, a), mnp.trace(a),
                mnp.diag(a), mnp.norm(a, axis=1), mnp.norm(a)])
emit("shapes", [mnp.reshape(a, (4,)), mnp.reshape(a, (-1, 1)).shape, mnp.transpose(a), mnp.concatenate((a, a)),
                mnp.concatenate((a, a), axis=1), mnp.stack((a, a), axis=2).shape, mnp.expand_dims(a, 0).shape,
                mnp.squeeze(mnp.zeros((1, 2, 1))).shape, mnp.ravel(a), mnp.swapaxes(a, 0, 1),
                mnp.moveaxis(mnp.zeros((1, 2, 3)), 0, -1).shape, mnp.hstack((a, a)).shape, mnp.vstack((a, a)).shape,
                mnp.tile(a, 2), mnp.flip(a), mnp.broadcast_to(mnp.array([1.]), (2, 2)),
                mnp.atleast_2d(mnp.array([1.])).shape, mnp.repeat(i, 2), mnp.roll(i, 1),
                mnp.take(a, mnp.array([1, 0])), mnp.tril(a), mnp.triu(a)])
emit("split", [mnp.split(mnp.arange(6), 3), mnp.split(mnp.arange(6), [1, 4]), mnp.array_split(mnp.arange(5), 2)])
emit("select", [mnp.where(a > 2, a, 0), mnp.clip(a, 1.5, 3), mnp.unique(mnp.array([3, 1, 3]))])
emit("logic", [mnp.isclose(a, a + 1e-9), mnp.isclose(i, i), mnp.logical_and(a > 1, a < 4),
               mnp.logical_or(a > 3, a < 2), mnp.array_equal(a, a), mnp.equal(a, 2.), mnp.greater(a, 2)])
emit("mesh", [m.shape for m in mnp.meshgrid(mnp.arange(2), mnp.arange(3))])
emit_text("constants", [mnp.float32, mnp.int32, mnp.float64, mnp.int64, mnp.bool_, mnp.pi, mnp.inf, mnp.PINF,
                        mnp.NINF, mnp.float_, mnp.int_, mnp.uint8, mnp.float16])
emit_text("result_type", type(mnp.sum(a)).__name__)

x = Tensor(np.array([[0.5, -0.2], [0.3, 0.8]], np.float32))
emit("grad_matmul_std", ops.grad(lambda v: mnp.sum(mnp.tanh(mnp.matmul(v, v)) * mnp.std(v)))(x))
emit("grad_var_clip", ops.grad(lambda v: mnp.mean(mnp.var(v, axis=0) + mnp.clip(v, 0.0, 0.6)) + mnp.amax(v))(x))
emit("grad_shapes", ops.grad(lambda v: mnp.sum(mnp.concatenate((mnp.transpose(v), mnp.expand_dims(v[0], 0)))
                                               * mnp.arange(6.).reshape(3, 2)))(x))
emit("grad_tensordot", ops.grad(lambda v, w: mnp.sum(mnp.tensordot(v, w, axes=1) ** 2), (0, 1))(x, x + 1))
emit("grad_where_dot", ops.grad(lambda v: mnp.dot(mnp.where(v > 0, v, 0.5 * v), mnp.array([1., 2.])).sum())(x))
emit("grad_split_stack", ops.grad(lambda v: mnp.sum(mnp.stack(mnp.split(v, 2, axis=1), axis=0) * 3.0))(x))
expect_error("numpy_input", lambda: mnp.array(np.array([1, 2])), "input data must be")
