# gradcompat: tf1
# Graph-mode errors: uninitialized variable, missing feed, bad feed shape, name reuse,
# mismatched grad_ys, mixed dtypes, closed session.
import tensorflow as tf
from harness import emit, expect_error

w = tf.get_variable('w', shape=[3])
x = tf.placeholder(tf.float32, shape=[None, 3], name='x')
p = tf.placeholder(tf.int64, shape=[2, None], name='p')
sess = tf.Session()
expect_error("uninitialized", lambda: sess.run(w), "Attempting to use uninitialized value w")
expect_error("missing_feed", lambda: sess.run(x * 2.), "You must feed a value for placeholder tensor 'x' with dtype float and shape [?,3]")
expect_error("missing_feed_int", lambda: sess.run(p), "You must feed a value for placeholder tensor 'p' with dtype int64 and shape [2,?]")
expect_error("bad_feed_shape", lambda: sess.run(p, feed_dict={p: [1, 2]}), "Cannot feed value of shape (2,) for Tensor p:0, which has shape (2, ?)")
expect_error("reuse", lambda: tf.get_variable('w', shape=[3]), "Variable w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?")
expect_error("grad_ys_shape", lambda: tf.gradients([w * 2.], [w], grad_ys=[tf.constant([1., 2.])]), "Dimensions must be equal, but are 3 and 2")
expect_error("mixed_dtypes", lambda: tf.constant(1.) + tf.constant(1), "Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of argument 'x'.")
expect_error("matmul_dtypes", lambda: tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], tf.float64)), "Input 'b' of 'MatMul' Op has type float64 that does not match type float32 of argument 'a'.")
expect_error("python_float_to_int", lambda: tf.constant([1, 2]) * 2.5, "Expected int32 passed to parameter 'y' of op 'Mul', got 2.5 of type 'float' instead.")
expect_error("incompatible_shapes", lambda: tf.constant([1., 2.]) + tf.constant([1., 2., 3.]), "Dimensions must be equal, but are 2 and 3")
expect_error("matmul_shapes", lambda: tf.matmul(tf.ones([2, 2]), tf.ones([3, 2])), "Dimensions must be equal, but are 2 and 3")
sess.run(tf.global_variables_initializer())
emit("after_init_shape", sess.run(w).shape)
sess.close()
expect_error("closed", lambda: sess.run(w), "Attempted to use a closed Session.")
sess2 = tf.Session()
expect_error("fetch_not_tensor", lambda: sess2.run(3), "has invalid type \"int\" must be a string or Tensor")
expect_error("add_string", lambda: w + "x", "Op has type string that does not match type float32")
expect_error("grad_ys_length", lambda: tf.gradients([w * 2.0], [w], grad_ys=[tf.ones([3]), tf.ones([3])]),
             "Length mismatch. Passed 2 grad_ys for 1 ys")
