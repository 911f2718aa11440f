# A tf.function called under a GradientTape is one differentiable call: gradients reach its
# tensor arguments and the trainable variables it reads; unwatched variables stay None.
import tensorflow as tf
from harness import emit

w = tf.Variable(2.0)
b = tf.Variable(1.0, trainable=False)
f = tf.function(lambda x: w * x * x + b)
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = f(x)
emit("grads_w_x_b", tape.gradient(y, [w, x, b]))
emit("second_call_same_trace", tape.gradient(f(x), [w]))


@tf.function
def step(x):
    w.assign_add(1.0)
    return w * x


with tf.GradientTape() as tape:
    y = step(x)
emit("assign_inside_then_gradient", [y, w, tape.gradient(y, w)])
emit("after_second_call", [step(x), w])

with tf.GradientTape() as tape:
    y = w * 3.0 + b
emit("eager_untrained_variable_is_none", tape.gradient(y, [w, b]))

dense = tf.Variable([[1.0, -1.0], [0.5, 2.0]])


@tf.function
def model(inputs):
    return tf.reduce_sum(tf.nn.relu(tf.matmul(inputs, dense)))


with tf.GradientTape() as tape:
    loss = model(tf.constant([[1.0, 2.0]]))
emit("model_in_function_gradient", tape.gradient(loss, dense))
