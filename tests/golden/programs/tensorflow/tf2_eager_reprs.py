# TF2 eager: tensor and variable reprs, dtype defaults, dtype-mixing errors, ops.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

a = tf.constant([1., 2.])
emit_text("repr_vec", repr(a))
emit_text("str_vec", str(a))
emit_text("repr_int_scalar", repr(tf.constant(3)))
emit_text("repr_matrix", repr(tf.constant([[1, 2], [3, 4]], dtype=tf.int64)))
emit_text("str_matrix", str(tf.constant([[1, 2], [3, 4]])))
emit_text("repr_bool", repr(tf.constant(True)))
emit_text("repr_f64_scalar", repr(tf.constant(1.5, tf.float64)))
emit_text("repr_numpy_f64", repr(tf.constant(np.array([1., 2.]))))
emit_text("repr_var", repr(tf.Variable([1., 2.])))
emit_text("repr_var_named", repr(tf.Variable(1, name='foo')))
emit_text("dtype_reprs", [repr(tf.float32), str(tf.int32), tf.float64.name, a.dtype == np.float32])
emit_text("ops", [repr(a + 1), repr(a * 2), repr(2 * tf.constant([1, 2])), repr(tf.constant([1, 2]) / tf.constant([2, 2])),
                  repr(tf.reduce_mean(tf.constant([1, 2]))), repr(tf.square(a)), repr(-a), repr(tf.matmul([[1., 2.]], [[3.], [4.]]))])
emit("exp", tf.exp(a))
emit("reduce_sum_axis", tf.reduce_sum(tf.constant([[1., 2.], [3., 4.]]), axis=1, keepdims=True))
emit("numpy_scalar", tf.constant(2.5).numpy())
expect_error("mixed", lambda: tf.constant(1.) + tf.constant(1), "cannot compute AddV2 as input #1(zero-based) was expected to be a float tensor but is a int32 tensor")
expect_error("mixed_f64", lambda: tf.add(tf.constant(1.), tf.constant(1., tf.float64)), "expected to be a float tensor but is a double tensor")
expect_error("float_to_int", lambda: tf.constant([1, 2]) * 2.5, "Cannot convert 2.5 to EagerTensor of dtype int32")
expect_error("convert_dtype", lambda: tf.convert_to_tensor(tf.constant(1.), tf.int32), "Tensor conversion requested dtype int32 for Tensor with dtype float32")
expect_error("shapes", lambda: tf.constant([1., 2.]) + tf.constant([1., 2., 3.]), "Incompatible shapes: [2] vs. [3]")
expect_error("gradients_eager", lambda: tf.gradients(a, a), "tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.")
v = tf.Variable([1., 2.])
v.assign([3., 4.])
emit("assigned", v)
v.assign_add([1., 1.])
emit("assign_add", v.numpy())
