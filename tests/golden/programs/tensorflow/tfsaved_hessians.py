# Second derivatives: tf.hessians in TF1 graphs and inside tf.function, tape-of-tape hessians,
# jacobians of gradients, hessian-vector products, TF's errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(3)
A = rng.normal(size=(3, 3)).astype(np.float32)
X0 = rng.normal(size=3).astype(np.float32)
W0 = rng.normal(size=(2, 3)).astype(np.float32)

graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [3])
    mat = tf.constant(A)
    quad = tf.reduce_sum(x[:, None] * mat * x[None, :])
    cubic = tf.reduce_sum(x ** 3)
    w = tf.compat.v1.get_variable("w", initializer=tf.constant(W0))
    loss = tf.reduce_sum(tf.tanh(tf.matmul(w, tf.reshape(x, [3, 1]))) ** 2)
    h_quad = tf.compat.v1.hessians(quad, x)
    h_multi = tf.compat.v1.hessians([quad, cubic], [x])
    h_both = tf.compat.v1.hessians(loss, [w, x])
    emit_text("graph_names", [t.name for t in h_quad + h_both])
    emit_text("graph_shapes", [str(t.shape) for t in h_both])
    with tf.compat.v1.Session() as session:
        session.run(tf.compat.v1.global_variables_initializer())
        emit("h_quad", session.run(h_quad, {x: X0}))
        emit("h_multi", session.run(h_multi, {x: X0}))
        emit("h_both", session.run(h_both, {x: X0}))
    expect_error("h_of_itself", lambda: tf.compat.v1.hessians(x, x), "None values not supported")


@tf.function
def hess_in_function(v):
    return tf.hessians(tf.reduce_sum(tf.sin(v) * v ** 2), v)[0]


emit("tf_function_hessians", hess_in_function(tf.constant(X0)))

v = tf.Variable(X0)
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        y = tf.reduce_sum(tf.exp(v) * tf.reduce_sum(v ** 2))
    g = inner.gradient(y, v)
emit("tape_of_tape_hessian", outer.jacobian(g, v))

with tf.GradientTape(persistent=True) as outer:
    with tf.GradientTape() as inner:
        z = tf.reduce_sum(tf.matmul(tf.constant(W0), tf.reshape(v, [3, 1])) ** 3)
    gz = inner.gradient(z, v)
    hvp_target = tf.reduce_sum(gz * tf.constant([1.0, -1.0, 0.5]))
emit("hvp", outer.gradient(hvp_target, v))
emit("jacobian_of_gradient", outer.jacobian(gz, v))

x2 = tf.constant(rng.normal(size=(4, 3)).astype(np.float32))
with tf.GradientTape() as outer:
    outer.watch(x2)
    with tf.GradientTape() as inner:
        inner.watch(x2)
        out = tf.reduce_sum(tf.sigmoid(x2) ** 2, axis=1)
    per_example = inner.gradient(out, x2)
emit("batch_jacobian_of_gradient", outer.batch_jacobian(per_example, x2))

expect_error("eager_hessians", lambda: tf.hessians(tf.reduce_sum(v ** 2), v), "not supported when eager execution")
