# TF2 GradientTape: jacobian, batch_jacobian, watched_variables, stop_recording, nested
# sources and targets, integer and non-watched sources, watch_accessed_variables=False, errors.
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.Variable([1., 2., 3.])
c = tf.constant([[1., 2.], [3., 4.]])
i = tf.constant(3)
with tf.GradientTape(persistent=True) as t:
    t.watch(c)
    t.watch(i)
    y = x * x
    z = tf.matmul(c, c)
    k = i * i
emit("int_source", t.gradient(k, i))
emit("int_source_of_float", t.gradient(y, i))
emit("jacobian", t.jacobian(y, x))
emit("jacobian_matrix", t.jacobian(z, c))
emit("jacobian_no_pfor", t.jacobian(y, x, experimental_use_pfor=False))
emit("jacobian_list_zero", t.jacobian(y, [x, c], unconnected_gradients='zero'))
emit("jacobian_unconnected", t.jacobian(y, c))
emit_text("watched", repr(t.watched_variables()))
emit("nested", t.gradient([y, z], {'x': x, 'c': (c,)}))
emit("tuple_targets", t.gradient((y, {'a': z}), [c, x]))
with tf.GradientTape() as t2:
    t2.watch(c)
    b = c * c * 2.
emit("batch_jacobian", t2.batch_jacobian(b, c))
w3 = tf.Variable([[1., 2., 3.], [4., 5., 6.]])
with tf.GradientTape() as t2b:
    t2b.watch(c)
    b2 = tf.matmul(c * c, w3)
emit("batch_jacobian_matmul", t2b.batch_jacobian(b2, c))
with tf.GradientTape(watch_accessed_variables=False) as t3:
    y3 = x * 2
emit("not_watched_variable", t3.gradient(y3, x))
emit_text("not_watched_list", repr(t3.watched_variables()))
with tf.GradientTape(watch_accessed_variables=False) as t3b:
    t3b.watch(x)
    y3b = x * 2
emit("explicitly_watched_variable", t3b.gradient(y3b, x))
with tf.GradientTape() as t4:
    t4.watch(x)
    y4 = x * x
    with t4.stop_recording():
        z4 = y4 * 3
    w4 = z4 + y4
emit("stop_recording", t4.gradient(w4, x))
with tf.GradientTape() as t5:
    a5 = x * x
    t5.reset()
    t5.watch(c)
    b5 = c * 3.
emit("reset", t5.gradient(b5, [c, x]))
expect_error("watch_python", lambda: t.watch(3.0), "not tf.Tensor or tf.Variable or ExtensionType")
with tf.GradientTape() as t6:
    y6 = x * x
expect_error("source_python", lambda: t6.gradient(y6, 3.0), "object has no attribute 'dtype'")
with tf.GradientTape() as t7:
    y7 = x * x
t7.jacobian(y7, x)
expect_error("jacobian_twice", lambda: t7.jacobian(y7, x), "A non-persistent GradientTape can only be used to compute one set of gradients")
with tf.GradientTape() as t8:
    t8.watch(c)
    y8 = c * c
emit("output_gradients_list", t8.gradient(y8, c, output_gradients=[tf.ones((2, 2))]))
xi = tf.Variable(2)
with tf.GradientTape() as t9:
    y9 = xi * xi
emit("int_variable", t9.gradient(y9, xi))
emit_text("int_variable_watched", repr(t9.watched_variables()))
with tf.GradientTape() as outer:
    outer.watch(c)
    with tf.GradientTape() as inner:
        inner.watch(c)
        q = tf.reduce_sum(c * c * c)
    g = inner.gradient(q, c)
emit("hessian_via_jacobian", outer.jacobian(g, c))
