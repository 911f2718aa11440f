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
