# TF2 eager: reductions, scans, argmax, matmul / tensordot / einsum, values and gradients.
import numpy as np
import tensorflow as tf
from harness import emit
from tf_grads import value_and_grads


rng = np.random.RandomState(0)
m = rng.randn(2, 3, 4).astype(np.float32)
a = rng.randn(3, 4).astype(np.float32)
b = rng.randn(4, 5).astype(np.float32)
for name, op in [("sum", tf.reduce_sum), ("mean", tf.reduce_mean), ("max", tf.reduce_max), ("min", tf.reduce_min),
                 ("prod", tf.reduce_prod), ("logsumexp", tf.reduce_logsumexp)]:
    emit(f"reduce_{name}_all", value_and_grads(op, m))
    emit(f"reduce_{name}_axis", value_and_grads(lambda t: op(t, axis=1), m))
    emit(f"reduce_{name}_axes_keep", value_and_grads(lambda t: op(t, axis=[0, -1], keepdims=True), m))
    emit(f"reduce_{name}_neg", value_and_grads(lambda t: op(t, -2), m))
emit("math_reduce_aliases", [tf.math.reduce_sum(m, 0), tf.math.reduce_mean(m), tf.math.reduce_max(m, 2),
                             tf.math.reduce_logsumexp(m, 1), tf.math.reduce_any(m > 0, 1), tf.reduce_all(m > -5),
                             tf.math.reduce_std(m, 1), tf.math.reduce_variance(m)])
emit("int_reductions", [tf.reduce_sum(tf.constant([[1, 2], [3, 4]]), 0), tf.reduce_mean(tf.constant([1, 2])),
                        tf.reduce_prod(tf.constant([2, 3], tf.int64)), tf.reduce_max(tf.constant([1, 9, 3]))])
emit("argmax", [tf.argmax(m), tf.argmax(m, axis=2), tf.math.argmax(a, 1, output_type=tf.int32), tf.argmin(a, 0),
                tf.argmax(tf.constant([1, 3, 3]))])
emit("cumsum", value_and_grads(lambda t: tf.cumsum(t, axis=1) * t, a))
emit("cumsum_exclusive", value_and_grads(lambda t: tf.cumsum(t, exclusive=True) * t, a))
emit("cumsum_reverse", value_and_grads(lambda t: tf.math.cumsum(t, axis=-1, reverse=True) * t, a))
emit("cumsum_both", value_and_grads(lambda t: tf.cumsum(t, 1, exclusive=True, reverse=True) * t, a))
emit("cumprod", value_and_grads(lambda t: tf.math.cumprod(t, axis=1), a))
emit("matmul", value_and_grads(tf.matmul, a, b))
emit("matmul_ta", value_and_grads(lambda x, y: tf.matmul(x, y, transpose_a=True), a.T.copy(), b))
emit("matmul_tb", value_and_grads(lambda x, y: tf.linalg.matmul(x, y, transpose_b=True), a, b.T.copy()))
emit("matmul_adj", value_and_grads(lambda x, y: tf.matmul(x, y, adjoint_a=True, adjoint_b=True), a.T.copy(), b.T.copy()))
emit("matmul_batch", value_and_grads(tf.matmul, m, rng.randn(2, 4, 2).astype(np.float32)))
emit("matmul_operator", value_and_grads(lambda x, y: x @ y, a, b))
emit("matmul_int", tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])))
emit("tensordot_int_axes", value_and_grads(lambda x, y: tf.tensordot(x, y, 1), a, b))
emit("tensordot_pairs", value_and_grads(lambda x, y: tf.tensordot(x, y, axes=[[1], [0]]), a, b))
emit("tensordot_zero", tf.tensordot(tf.constant([1., 2.]), tf.constant([3., 4., 5.]), axes=0))
emit("einsum", value_and_grads(lambda x, y: tf.einsum("ij,jk->ik", x, y), a, b))
emit("einsum_batch", value_and_grads(lambda x: tf.einsum("bij->bji", x), m))
emit("einsum_trace", value_and_grads(lambda x: tf.einsum("ii", x), a[:, :3].copy()))
emit("linalg", [tf.linalg.matmul(a, b), tf.linalg.matrix_transpose(a), tf.linalg.trace(a[:, :3]), tf.linalg.diag_part(a),
                tf.linalg.einsum("ij->j", a), tf.linalg.tensordot(a, b, 1), tf.norm(a), tf.linalg.norm(a, axis=1)])
