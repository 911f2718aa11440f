# TF2 installation, TF1 code through tf.compat.v1 with eager execution disabled explicitly
# (resource variables: different reprs and uninitialized-variable error than TF 1.x).
import tensorflow.compat.v1 as tf
from harness import emit, emit_text, expect_error

tf.disable_eager_execution()
v = tf.get_variable('v', shape=[2], initializer=tf.constant_initializer([1., -2.]))
k = tf.constant(3, name='k')
c = tf.constant([1., 2.])
emit_text("v_repr", repr(v))
emit_text("k_repr", repr(k))
emit_text("names", [t.name for t in [c, tf.add(c, c), c + c, c * c, tf.multiply(c, c), c - c, c / c, tf.square(c), tf.exp(c), tf.reduce_sum(c), tf.reduce_mean(c), tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]))]])
emit_text("dtypes", [str(tf.float32), repr(tf.float64), str(c.dtype), str(tf.constant([1, 2]) / tf.constant([2, 2]))])
sess = tf.Session()
expect_error("uninitialized", lambda: sess.run(v), "Could not find variable v.")
sess.run(tf.global_variables_initializer())
y = tf.reduce_sum(v * v * c)
emit("grad", sess.run(tf.gradients(y, v)))
emit("int_div", sess.run(tf.constant([1, 2]) / tf.constant([2, 2])))
emit("collections", len(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
emit_text("executing_eagerly", tf.executing_eagerly())
