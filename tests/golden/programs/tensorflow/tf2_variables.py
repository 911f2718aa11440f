# TF2 eager variables and tensors: names, reprs, dtypes, shapes, trainable, assign* results,
# read_value, numpy, constant / convert_to_tensor / stop_gradient, variables in tapes.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

v = tf.Variable([1., 2.])
emit_text("repr", repr(v))
emit_text("name", v.name)
emit_text("named", tf.Variable(3, name="counter").name)
emit_text("dtype_shape", [repr(v.dtype), str(v.shape), v.shape.as_list()])
emit("trainable", [v.trainable, tf.Variable(1., trainable=False).trainable])
r = v.assign([3., 4.])
emit_text("assign_returns", repr(r))
emit("assign_value", v)
emit_text("assign_add_returns", repr(v.assign_add([1., 1.])))
emit_text("assign_sub_returns", repr(v.assign_sub([0.5, 0.5])))
emit_text("read_value", repr(v.read_value()))
emit("numpy", v.numpy())
emit_text("numpy_type", type(v.numpy()).__name__)
emit_text("f64", repr(tf.Variable(np.array([1., 2.]))))
emit_text("int", repr(tf.Variable([1, 2])))
emit_text("dtype_arg", repr(tf.Variable(1, dtype=tf.float32)))
emit_text("callable_init", repr(tf.Variable(lambda: tf.ones((2, 2)))))
emit("ops_on_variable", [v + 1., v * v, tf.reduce_sum(v)])
emit_text("op_result_repr", repr(v * 2.))
v.assign([1, 2])
emit("assign_int_list", v)
expect_error("no_initial_value", lambda: tf.Variable(), "The `initial_value` arg to `tf.Variable` must be specified")
c = tf.constant([[1., 2.], [3., 4.]])
emit_text("convert_passthrough", [tf.convert_to_tensor(c) is c, repr(tf.convert_to_tensor([1., 2.])),
                                  repr(tf.convert_to_tensor(np.array([1, 2])))])
emit_text("convert_variable", repr(tf.convert_to_tensor(v)))
emit_text("constant_shape", repr(tf.constant(0., shape=(2, 3))))
w = tf.Variable([[1., 2.], [3., 4.]])
frozen = tf.Variable([1., 1.], trainable=False)
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(tf.matmul(w, w) * tf.stop_gradient(w)) + tf.reduce_sum(frozen * 2.)
emit("grads", tape.gradient(loss, [w, frozen]))
emit_text("watched", [x.name for x in tape.watched_variables()])
with tf.GradientTape() as tape:
    before = w * 1.
    w.assign(w * 2.)
    after = w * 1.
emit("grad_after_assign", tape.gradient(tf.reduce_sum(before) + tf.reduce_sum(after * after), w))
