# tf.SparseTensor basics: construction, components, repr, tf.sparse ops, gradients reaching the
# values, tape.watch of a composite, IndexedSlices from gather gradients densified, TF's errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

s = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
emit_text("repr", repr(s))
emit_text("str", str(s))
emit_text("dtype_shape", f"{s.dtype!r} {s.shape} {s.indices.dtype!r} {s.dense_shape.dtype!r}")
emit("components", [s.indices, s.values, s.dense_shape])
emit("is_tensor", [tf.is_tensor(s), isinstance(s, tf.SparseTensor), tf.sparse.SparseTensor is tf.SparseTensor])
emit("to_dense", tf.sparse.to_dense(s))
emit("to_dense_default", tf.sparse.to_dense(s, default_value=-1.0))
d = tf.constant([[0.0, 3.0, 0.0], [4.0, 0.0, 5.0]])
f = tf.sparse.from_dense(d)
emit_text("from_dense", repr(f))
emit("reduce_sum", [tf.sparse.reduce_sum(s), tf.sparse.reduce_sum(s, axis=1),
                    tf.sparse.reduce_sum(s, axis=0, keepdims=True)])
emit("reduce_max", tf.sparse.reduce_max(f, axis=1))
emit("sparse_dense_matmul", [tf.sparse.sparse_dense_matmul(s, tf.reshape(tf.range(8.0), [4, 2])),
                             tf.sparse.sparse_dense_matmul(tf.ones([2, 3]), s),
                             tf.sparse.sparse_dense_matmul(s, tf.ones([3, 2]), adjoint_a=True)])
emit("add_dense", tf.sparse.add(s, tf.ones([3, 4])))
emit_text("add_sparse", repr(tf.sparse.add(s, s)))
emit_text("reorder", repr(tf.sparse.reorder(tf.SparseTensor([[1, 0], [0, 1]], [5, 6], [2, 2]))))
emit_text("transpose", repr(tf.sparse.transpose(s)))
emit_text("mul", repr(s * 2.0))
emit_text("mul_dense", repr(s * tf.constant([1.0, 2.0, 3.0, 4.0])))
emit_text("retain", repr(tf.sparse.retain(s, [True, False])))

values = tf.constant([1.0, 2.0])
b = tf.constant(np.arange(8.0, dtype=np.float32).reshape(4, 2))
with tf.GradientTape(persistent=True) as tape:
    tape.watch([values, b])
    sp = tf.SparseTensor([[0, 1], [2, 3]], values, [3, 4])
    y = tf.reduce_sum(tf.sparse.sparse_dense_matmul(sp, b) ** 2)
    dense = tf.reduce_sum(tf.sparse.to_dense(sp) * tf.reshape(tf.range(12.0), [3, 4]))
emit("grad_matmul", tape.gradient(y, [values, b]))
emit("grad_to_dense", tape.gradient(dense, values))

with tf.GradientTape() as tape:  # TF's testWatchComposite
    v = tf.constant([1.0, 2.0], tf.float32)
    composite = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=v, dense_shape=[3, 4])
    tape.watch(composite)
    z = tf.sparse.reduce_sum(composite)
emit("watch_composite", tape.gradient(z, v))

params = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(tf.gather(params, [0, 2, 0]) * 3.0)
slices = tape.gradient(loss, params)
emit_text("slices_type", type(slices).__name__)
emit("slices_parts", [slices.values, slices.indices, slices.dense_shape])
emit("slices_dense", tf.convert_to_tensor(slices))
emit_text("slices_as_sparse", repr(tf.sparse.from_dense(tf.convert_to_tensor(slices))))

expect_error("bad_values", lambda: tf.SparseTensor(indices=[[0, 0]], values=[1.0, 2.0], dense_shape=[3, 4]),
             "are not compatible")
expect_error("out_of_bounds", lambda: tf.sparse.to_dense(tf.SparseTensor([[5, 0]], [1.0], [3, 4])),
             "is out of bounds")
