# Zero-size jacobians: empty targets give zeros of TF's shape, eagerly and inside tf.function.
import tensorflow as tf
from harness import emit

x = tf.zeros([1, 0])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x ** 2
emit("batch_jacobian_shape", tf.shape(tape.batch_jacobian(y, x)))
emit("jacobian_shape", tf.shape(tape.jacobian(y, x)))
v = tf.Variable(1.0)
with tf.GradientTape() as tape:
    out = v * tf.zeros([0, 7])
emit("variable_jacobian", tf.shape(tape.jacobian(out, v)))


@tf.function
def f(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x ** 2
    return tape.batch_jacobian(y, x)


emit("in_function", tf.shape(f(tf.zeros([2, 0]))))

# batch_jacobian's shape errors
from harness import expect_error  # noqa: E402

x = tf.random.uniform([2, 3])
with tf.GradientTape(persistent=True) as g:
    g.watch(x)
    y = tf.concat([x, x], axis=0)
expect_error("first_dim", lambda: g.batch_jacobian(y, x), "Need first dimension of target shape ((4, 3))")
x2 = tf.random.uniform([2])
with tf.GradientTape(persistent=True) as g:
    g.watch(x2)
    y2 = tf.random.uniform([2, 2])
expect_error("source_rank", lambda: g.batch_jacobian(y2, x2), "Shape (2,) must have rank at least 2")
with tf.GradientTape(persistent=True) as g:
    y4 = tf.random.uniform([2])
expect_error("target_rank", lambda: g.batch_jacobian(y4, x), "Shape (2,) must have rank at least 2")
