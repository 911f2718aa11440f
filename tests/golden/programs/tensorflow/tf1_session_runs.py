# gradcompat: tf1
# Session: fetch structures (namedtuples, empty ones), feeds of any tensor, assign ops as
# tensors, group / no_op / control_dependencies, per-session variable values, default
# sessions (eval, Operation.run, InteractiveSession) and their errors.
import collections

import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

v = tf.Variable([1., 2.], name="v")
c = tf.get_variable("c", initializer=tf.constant(0))
a1 = tf.assign(v, [3., 4.])
a2 = tf.assign_add(v, [1., 1.])
a3 = tf.assign_sub(v, [0.5, 0.5])
emit_text("assign_names", [a1.name, a2.name, a3.name, type(a1).__name__ == type(v * 1.).__name__])
inc = tf.assign_add(c, 1)
g = tf.group(a2, inc)
emit_text("group", [repr(g), g.name])
emit_text("no_op", [repr(tf.no_op()), repr(tf.no_op(name="nothing"))])
x = tf.placeholder(tf.float32, [2])
with tf.control_dependencies([inc]):
    y = x * 2.
    z = x + 1.
    nop = tf.no_op()
emit_text("dependent_names", [y.name, z.name, nop.name])
P = collections.namedtuple("P", "a b")
sess = tf.Session()
sess.run(tf.global_variables_initializer())
emit("assign", sess.run(a1))
emit("group_runs", [sess.run(g), sess.run([c, v])])
emit("control_dep_tensor", [sess.run(y, feed_dict={x: [1., 2.]}), sess.run(c)])
emit("control_dep_twice", [sess.run([y, z], feed_dict={x: [1., 2.]}), sess.run(c)])
emit("control_dep_no_op", [sess.run(nop), sess.run(c)])
emit("assign_op_run", [sess.run(a3.op), sess.run(v)])
emit("assign_sub", [sess.run(a3), sess.run(v)])
emit("namedtuple", sess.run(P(a=v, b={"c": c, "t": (c, [v])})))
emit_text("namedtuple_type", type(sess.run(P(a=v, b=c))).__name__)
emit("empty", [sess.run([]), sess.run(()), sess.run({})])
emit("feed_variable", sess.run(v * 2., feed_dict={v: [10., 10.]}))
emit("feed_int_to_float", sess.run(x, feed_dict={x: np.array([1, 2])}))
emit("feed_numpy_scalar_list", sess.run(x * x, feed_dict={x: [np.float32(3.), 4]}))
expect_error("feed_wrong_shape", lambda: sess.run(y, feed_dict={x: [1., 2., 3.]}), "Cannot feed value of shape (3,) for Tensor Placeholder:0, which has shape (2,)")
expect_error("feed_key_string", lambda: sess.run(x, feed_dict={"x": [1., 2.]}), "Cannot interpret feed_dict key as Tensor: The name 'x' looks like an (invalid) Operation name, not a Tensor.")
expect_error("feed_tensor_value", lambda: sess.run(x, feed_dict={x: tf.constant([1., 2.])}), "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python scalars, strings, lists, numpy ndarrays, or TensorHandles.")
expect_error("fetch_none", lambda: sess.run([v, None]), "Argument `fetch` = None has invalid type \"NoneType\". Cannot be None")
sess.close()
sess.close()
expect_error("closed", lambda: sess.run(v), "Attempted to use a closed Session.")
with tf.Session() as s2:
    emit_text("default_in_with", tf.get_default_session() is s2)
    s2.run(v.initializer)
    emit("own_values", [v.eval(), (v * 2.).eval()])
    expect_error("not_initialized_here", lambda: c.eval(), "Attempting to use uninitialized value c")
    tf.assign(c, 5).op.run()
    emit("op_run", c.eval())
    emit("eval_feed", y.eval(feed_dict={x: [0.5, 1.]}))
    emit("eval_after_dep", c.eval())
emit_text("no_default_after", tf.get_default_session() is None)
expect_error("eval_no_session", lambda: v.eval(), "Cannot evaluate tensor using `eval()`: No default session is registered. Use `with sess.as_default()` or pass an explicit session to `eval(session=sess)`")
expect_error("run_no_session", lambda: g.run(), "Cannot execute operation using `run()`: No default session is registered. Use `with sess.as_default():` or pass an explicit session to `run(session=sess)`")
isess = tf.InteractiveSession()
emit_text("interactive_default", tf.get_default_session() is isess)
tf.global_variables_initializer().run()
emit("interactive", [v.eval(), (v + 1.).eval()])
isess.close()
emit_text("interactive_closed", tf.get_default_session() is None)
s3 = tf.Session()
with s3.as_default():
    s3.run(tf.global_variables_initializer())
    emit("as_default", v.eval(session=s3))
emit("still_open", s3.run(v))
