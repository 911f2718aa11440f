# A TF2 program (eager on) that builds a TF1 graph inside `with tf.Graph().as_default():`:
# placeholders, variables and gradients are graph ops there, and eager mode is back outside.
import tensorflow as tf
from harness import emit, emit_text

g = tf.Graph()
with g.as_default():
    emit_text("eager_inside", tf.executing_eagerly())
    x = tf.compat.v1.placeholder(tf.float32, (2,), name="x")
    w = tf.Variable([0.5, -1.0], name="w")
    y = tf.reduce_sum(x * w * w)
    grad_w, = tf.compat.v1.gradients(y, [w])
    emit_text("names", [x.name, y.name])
    with tf.compat.v1.Session() as sess:
        sess.run(tf.compat.v1.global_variables_initializer())
        emit("y", sess.run(y, {x: [1.0, 2.0]}))
        emit("grad_w", sess.run(grad_w, {x: [1.0, 2.0]}))
emit_text("eager_after", tf.executing_eagerly())
emit("eager_value", (tf.constant([1.0, 2.0]) * 3).numpy())
