# Gradient fidelity from TF's own gradient tests: custom_gradient over nested structures, on
# methods and at second order, its count error; colocation of tf.gradients; batch_jacobian of an
# unconnected target; higher order on a persistent tape inside its context; slice bounds folded
# from constants; TF's error for an unknown unconnected_gradients.
import tensorflow as tf
from harness import emit, emit_text, expect_error


@tf.custom_gradient
def pair_op(x, pair):
    a, (b,) = pair
    y = x * a + b

    def grad(dy, dsquare):
        return [dy * 2.0 + dsquare, dy * 3.0, dsquare * 4.0]
    return [y, (y * y,)], grad


x, a, b = tf.constant(1.5), tf.constant(2.0), tf.constant(-1.0)
with tf.GradientTape() as tape:
    tape.watch([x, a, b])
    out = pair_op(x, (a, (b,)))
    loss = out[0] + out[1][0]
emit('nested_structures_forward', out)
emit('nested_structures_gradient', tape.gradient(loss, [x, a, b]))


class Scaler:
    def __init__(self, k):
        self.k = k

    @tf.custom_gradient
    def apply(self, x):
        def grad(dy):
            return dy * 100.0
        return x * self.k, grad


s = Scaler(3.0)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = s.apply(x)
emit('method_value_and_gradient', [y, tape.gradient(y, x)])


@tf.custom_gradient
def bad_identity(v):
    def grad(_):
        return []
    return v, grad


var = tf.Variable(1.0)
with tf.GradientTape() as tape:
    y = bad_identity(var)
expect_error('wrong_gradient_count', lambda: tape.gradient(y, [var]),
             "custom_gradient function expected to return 1 gradients, but returned 0 instead")


@tf.custom_gradient
def shifted(v):
    def first_order(dz):
        @tf.custom_gradient
        def slope(unused):
            def second_order(ddz):
                return -2.1 * ddz
            return -1.1, second_order
        return dz * slope(v)
    return v + 10.0, first_order


c = tf.constant(1.0)
with tf.GradientTape() as outer:
    outer.watch(c)
    with tf.GradientTape() as inner:
        inner.watch(c)
        d = shifted(c) ** 4.0
    dd = inner.gradient(d, c)
emit('second_order_custom', [dd, outer.gradient(dd, c)])

with tf.GradientTape(persistent=True) as g:
    t = tf.constant(3.0)
    g.watch(t)
    y = t ** 3
    dy = g.gradient(y, t)
    d2 = g.gradient(dy, t)
emit('higher_order_inside_context', [dy, d2, g.gradient(d2, t)])


@tf.function
def cubic_or_square(v):
    return tf.cond(v > 0.0, lambda: v ** 3.0, lambda: v ** 2.0)


with tf.GradientTape(persistent=True) as tape:
    v = tf.constant(1.0)
    tape.watch(v)
    grad = tape.gradient(cubic_or_square(v), v)
emit('jacobian_of_gradient_through_function', [grad, tape.jacobian(grad, v)])


@tf.function
def constant_out(unused):
    return tf.constant([[1.0]])


with tf.GradientTape(persistent=True) as tape:
    z = tf.constant([[2.0]])
    tape.watch(z)
    out = constant_out(z)
emit('batch_jacobian_unconnected_is_zeros', tape.batch_jacobian(out, z))
expect_error('unknown_unconnected_gradients', lambda: tape.gradient(out, z, unconnected_gradients='nonsense'),
             "Unknown value for unconnected_gradients: 'nonsense'")

ones = tf.ones([2, 4, 2])
lengths = tf.constant([2, 3, 4, 4], dtype=tf.int64)


@tf.function
def sliced_jacobian(v):
    with tf.GradientTape() as tape:
        tape.watch(v)
        r = tf.repeat(v, [2], axis=1)
        r = r[:, :tf.reduce_max(lengths), :]
    return tape.batch_jacobian(r, v)


emit('slice_bound_from_constants', tf.reduce_sum(sliced_jacobian(ones), axis=[1, 2]))

with tf.Graph().as_default() as graph:
    w = tf.constant(1.0, shape=[1, 1])
    u = tf.constant(1.0, shape=[1, 2])
    with graph.device("/device:GPU:0"):
        wu = tf.matmul(w, u)
    colocated = tf.compat.v1.gradients(wu, [w], colocate_gradients_with_ops=True)[0]
    plain = tf.compat.v1.gradients(wu, [w])[0]
    emit_text('colocated_with_the_op', colocated.op.colocation_groups() == wu.op.colocation_groups())
    emit_text('not_colocated', plain.op.colocation_groups() == wu.op.colocation_groups())
    emit_text('own_group', wu.op.colocation_groups())

with tf.Graph().as_default():
    p = tf.compat.v1.placeholder(tf.float32)
    q = tf.identity(p)
    dy = tf.IndexedSlices(tf.compat.v1.placeholder(tf.float32), tf.compat.v1.placeholder(tf.int32))
    dx, = tf.compat.v1.gradients(q, p, grad_ys=dy)
    with tf.compat.v1.Session() as sess:
        got = sess.run(dx, feed_dict={p: [1.0], dy.indices: [0], dy.values: [2.0]})
    emit_text('indexed_slices_through_identity', type(dx).__name__)
    emit('indexed_slices_value', [got.values, got.indices])
    emit_text('indexed_slices_dense_shape', got.dense_shape)
