# gradcompat: tf1
# tf.gradients' arguments: single tensors and lists, accepted-but-irrelevant options,
# integer tensors (no gradient), stop_gradients on xs and intermediates, grad_ys errors.
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.constant([1., 2.])
i = tf.constant([1, 2])
y = x * 3.
sess = tf.Session()
emit("single", sess.run(tf.gradients(y, x)))
emit("tuple_args", sess.run(tf.gradients((y,), (x,))))
emit_text("result_type", type(tf.gradients((y,), (x,))).__name__)
emit("options", sess.run(tf.gradients(y, x, name="mygrads", colocate_gradients_with_ops=True, gate_gradients=True,
                                      aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)))
emit("accumulate_n", sess.run(tf.gradients([y, y * y], x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)))
emit_text("scope_prefix", tf.gradients(y, x, name="mygrads")[0].name.split("/")[0])
emit("grad_ys_python", sess.run(tf.gradients(y, x, grad_ys=[[2., 3.]])))
emit("grad_ys_single", sess.run(tf.gradients(y, x, grad_ys=tf.constant([2., 3.]))))
emit("grad_ys_none_in_list", sess.run(tf.gradients([y, y], x, grad_ys=[None, tf.constant([1., 1.])])))
emit("x_itself", sess.run(tf.gradients(x, x)))
emit("x_itself_grad_ys", sess.run(tf.gradients(x, x, grad_ys=[tf.constant([5., 6.])])))
# integers: TF does not differentiate through integer tensors
emit("int_x", tf.gradients(tf.cast(i, tf.float32) * x, i))
emit("int_y", tf.gradients(i * 2, i))
emit("int_sum", tf.gradients(tf.reduce_sum(i * i), i))
emit("int_mixed", [g is None for g in tf.gradients(x * tf.cast(i, tf.float32), [x, i])])
emit("through_int", tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32) * 2., x))
emit("int_zero", sess.run(tf.gradients(i * 2, [x], unconnected_gradients="zero")))
# stop_gradients
emit("stop_x_itself", sess.run(tf.gradients(y, x, stop_gradients=x)))
emit("stop_intermediate", tf.gradients(y * y, x, stop_gradients=y))
emit("stop_intermediate_partial", sess.run(tf.gradients(y * y + x, x, stop_gradients=[y])))
emit("stop_tuple", sess.run(tf.gradients(y * x, x, stop_gradients=(y,))))
w = tf.get_variable("w", initializer=tf.constant([0.5, 1.5]))
emit("variable_and_x", [g is None for g in tf.gradients(w * x, [w, x, i])])
# errors
expect_error("bad_aggregation", lambda: tf.gradients(y, x, aggregation_method=7), "Invalid `aggregation_method` specified 7. Accepted values are [0, 1, 2].")
expect_error("bad_unconnected", lambda: tf.gradients(y, x, unconnected_gradients="foo"), "Unknown value for unconnected_gradients: 'foo'")
expect_error("grad_ys_int_dtype", lambda: tf.gradients(y, x, grad_ys=tf.constant([1, 2])), "that does not match type int32 of argument 'x'.")
expect_error("grad_ys_float64", lambda: tf.gradients(y, x, grad_ys=tf.constant([1., 2.], tf.float64)), "that does not match type float64 of argument 'x'.")
expect_error("grad_ys_string", lambda: tf.gradients(y, x, grad_ys=["a"]), "Gradient type string generated for real or integer-valued tensor")
expect_error("grad_ys_scalar", lambda: tf.gradients(y, x, grad_ys=tf.constant(2.)), "Incompatible shapes between op input and calculated input gradient.")
expect_error("grad_ys_too_few", lambda: tf.gradients([y, y], x, grad_ys=[tf.constant([1., 1.])]), "Length mismatch. Passed 1 grad_ys for 2 ys")
