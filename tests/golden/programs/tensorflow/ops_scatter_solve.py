# tf.tensor_scatter_nd_{update,add,sub,max,min} (values, gradients, TF's out-of-range error) and
# tf.linalg.solve (values, adjoint, batched, gradients, shape errors).
import tensorflow as tf
from harness import emit, expect_error

t = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
idx = tf.constant([[0], [2], [0]])
upd = tf.constant([[10., 10.], [20., 20.], [1., 1.]])
emit("scatter", [tf.tensor_scatter_nd_add(t, idx, upd), tf.tensor_scatter_nd_sub(t, idx, upd),
                 tf.tensor_scatter_nd_max(t, idx, upd), tf.tensor_scatter_nd_min(t, idx, upd),
                 tf.tensor_scatter_nd_update(t, tf.constant([[1, 1], [2, 0]]), tf.constant([9., 8.])),
                 tf.tensor_scatter_nd_update(tf.zeros([4], tf.int32), [[3], [1]], [7, 5])])
x = tf.constant([2.0, -1.0])
with tf.GradientTape(persistent=True) as g:
    g.watch(x)
    added = tf.tensor_scatter_nd_add(tf.ones([3]) * x[0], [[1], [1]], x * x)
    updated = tf.tensor_scatter_nd_update(tf.ones([3]) * x[1], [[0], [2]], x * 3.0)
emit("scatter_gradients", [g.gradient(added, x), g.gradient(updated, x)])
expect_error("scatter_out_of_range", lambda: tf.tensor_scatter_nd_update(t, tf.constant([[5]]),
                                                                        tf.constant([[1., 1.]])),
             "does not index into shape")

a = tf.constant([[2., 1.], [1., 3.]])
b = tf.constant([[1.], [2.]])
batch = tf.constant([[[4., 1.], [2., 3.]], [[1., 0.], [0., 2.]]])
emit("solve", [tf.linalg.solve(a, b), tf.linalg.solve(a, b, adjoint=True),
               tf.linalg.solve(batch, tf.ones([2, 2, 3])), tf.linalg.solve(tf.cast(a, tf.float64), tf.cast(b, tf.float64))])
with tf.GradientTape() as g:
    g.watch([a, b])
    y = tf.reduce_sum(tf.linalg.solve(a, b) * tf.constant([[1.], [-2.]]))
emit("solve_gradients", g.gradient(y, [a, b]))
expect_error("solve_not_square", lambda: tf.linalg.solve(tf.ones([2, 3]), tf.ones([2, 1])), "")
expect_error("solve_mismatch", lambda: tf.linalg.solve(a, tf.ones([3, 1])), "")
