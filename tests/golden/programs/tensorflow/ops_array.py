# TF2 eager: shape and indexing ops, creation ops, values and gradients.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text
from tf_grads import value_and_grads


def value_and_grads_w(f, *values):
    return value_and_grads(f, *values, weighted=True)


m = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10
v = np.arange(6, dtype=np.float32)
emit("reshape", value_and_grads_w(lambda t: tf.reshape(t, [4, -1]), m))
emit("reshape_tensor_shape", value_and_grads_w(lambda t: tf.reshape(t, tf.constant([3, 8])), m))
emit("transpose", value_and_grads_w(tf.transpose, m))
emit("transpose_perm", value_and_grads_w(lambda t: tf.transpose(t, perm=[1, 0, 2]), m))
emit("concat", value_and_grads_w(lambda a, b: tf.concat([a, b], axis=1), m, m[:, :2]))
emit("concat_neg", value_and_grads_w(lambda a: tf.concat([a, a * 2], -1), m))
emit("stack", value_and_grads_w(lambda a, b: tf.stack([a, b], axis=1), v, v * 2))
emit("unstack", value_and_grads_w(lambda a: tf.unstack(a, axis=1)[2], m))
emit("unstack_list", tf.unstack(tf.constant(m)))
emit("split_num", value_and_grads_w(lambda a: tf.split(a, 2, axis=2)[1], m))
emit("split_sizes", tf.split(tf.constant(m), [1, -1], axis=1))
emit("split_sizes_grad", value_and_grads_w(lambda a: tf.split(a, [1, 2], 1)[1] * 3.0, m))
emit("squeeze", value_and_grads_w(lambda a: tf.squeeze(a), m[:1, :, :1]))
emit("squeeze_axis", value_and_grads_w(lambda a: tf.squeeze(a, axis=[0]), m[:1]))
emit("expand_dims", value_and_grads_w(lambda a: tf.expand_dims(a, -1), v))
emit("gather", value_and_grads_w(lambda a: tf.gather(a, [2, 0, 2]), v))
emit("gather_axis", value_and_grads_w(lambda a: tf.gather(a, [[1, 0], [2, 2]], axis=1), m))
emit("gather_batch_dims", value_and_grads_w(lambda a: tf.gather(a, [[0, 3], [1, 1]], axis=2, batch_dims=1), m))
emit("gather_nd", value_and_grads_w(lambda a: tf.gather_nd(a, [[0, 1], [1, 2]]), m))
emit("gather_nd_full", value_and_grads_w(lambda a: tf.gather_nd(a, [[0, 1, 3], [1, 0, 0]]), m))
emit("tile", value_and_grads_w(lambda a: tf.tile(a, [2, 3]), m[0]))
emit("slice_basic", value_and_grads_w(lambda a: a[1, :, 1:3], m))
emit("slice_step", value_and_grads_w(lambda a: a[::-1, ::2, -1], m))
emit("slice_newaxis_ellipsis", value_and_grads_w(lambda a: a[..., tf.newaxis, 0], m))
emit("slice_tensor_index", value_and_grads_w(lambda a: a[tf.constant(1)], v))
emit("strided_slice", value_and_grads_w(lambda a: tf.strided_slice(a, [0, 1, 0], [2, 3, 4], [1, 1, 2]), m))
emit("tf_slice", value_and_grads_w(lambda a: tf.slice(a, [0, 1, 1], [1, -1, 2]), m))
emit("one_hot", [tf.one_hot([0, 2, -1], 3), tf.one_hot([1, 0], 2, on_value=5, off_value=-1),
                 tf.one_hot([[0, 1]], 3, axis=1), tf.one_hot([2], 3, dtype=tf.float64)])
t = tf.constant(m)
emit("shape", [tf.shape(t), tf.rank(t), tf.size(t), tf.shape(t, out_type=tf.int64), tf.size(v, out_type=tf.int64)])
emit_text("shape_repr", repr(tf.shape(t)))
emit_text("static_shape", [t.shape, t.shape.as_list(), t.ndim, str(t.dtype), t.shape[0], len(t)])
emit("creation", [tf.zeros([2, 3]), tf.ones((2,), tf.int32), tf.fill([2, 2], 7), tf.fill([2], 1.5),
                  tf.zeros_like(t[0]), tf.ones_like(tf.constant([1, 2])), tf.zeros(3, tf.int64), tf.ones([]),
                  tf.zeros_like(t, dtype=tf.int32)])
emit("range", [tf.range(5), tf.range(1, 4), tf.range(0, 1, 0.25), tf.range(5, 0, -2), tf.range(3, dtype=tf.float32),
               tf.range(1., 3.)])
emit("linspace", [tf.linspace(0., 1., 5), tf.linspace(0.0, 10.0, 3), tf.linspace(tf.constant(1., tf.float64), 2., 3)])
emit("eye", [tf.eye(3), tf.eye(2, 3), tf.eye(2, dtype=tf.int32), tf.eye(2, batch_shape=[2])])
emit("identity_int", tf.identity(tf.constant([1, 2])))
emit("reverse_pad", [tf.reverse(t, [1]), tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 2]]),
                     tf.pad(tf.constant([1., 2.]), [[1, 1]], constant_values=9.)])
emit("pad_grad", value_and_grads_w(lambda a: tf.pad(a, [[0, 1], [2, 0]]), m[0]))
emit("boolean_mask", [tf.boolean_mask(t[0], [True, False, True]), tf.sort(tf.constant([3., 1., 2.])),
                      tf.argsort(tf.constant([3., 1., 2.]))])
