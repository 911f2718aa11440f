# gradcompat: tf1
# Names in the graph: get_tensor_by_name / get_operation_by_name, fetching and feeding by
# name, placeholder_with_default, local variables, a second Graph with Session(graph=...).
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.placeholder_with_default([1., 2.], shape=[None], name="xd")
emit_text("default_repr", [repr(x), x.name])
y = x * 2.
v = tf.Variable([1., 2.], name="v")
lv = tf.Variable(3., name="lv", collections=[tf.GraphKeys.LOCAL_VARIABLES], trainable=False)
emit_text("collections", [[u.name for u in tf.local_variables()], [u.name for u in tf.global_variables()],
                          [u.name for u in tf.trainable_variables()]])
g = tf.get_default_graph()
emit_text("lookups", [g.get_tensor_by_name("mul:0") is y, g.get_operation_by_name("mul").name])
expect_error("no_tensor", lambda: g.get_tensor_by_name("nothere:0"), "The name 'nothere:0' refers to a Tensor which does not exist. The operation, 'nothere', does not exist in the graph.")
expect_error("no_operation", lambda: g.get_operation_by_name("nothere"), "The name 'nothere' refers to an Operation not in the graph.")
expect_error("tensor_name_for_operation", lambda: g.get_operation_by_name("mul:0"), "Name 'mul:0' appears to refer to a Tensor, not a Operation.")
expect_error("operation_name_for_tensor", lambda: g.get_tensor_by_name("mul"), "The name 'mul' refers to an Operation, not a Tensor.")
sess = tf.Session()
emit("init_both", sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()]))
emit("default_used", sess.run(y))
emit("default_fed", sess.run(y, feed_dict={x: [3., 4., 5.]}))
emit("fetch_by_name", [sess.run("mul:0"), sess.run(["v:0", "lv:0"])])
emit("feed_by_name", sess.run("mul:0", feed_dict={"xd:0": [0., 1.]}))
emit("run_op_by_name", sess.run("init"))
expect_error("fetch_missing", lambda: sess.run("nothere:0"), "Argument `fetch` = nothere:0 cannot be interpreted as a Tensor. (\"The name 'nothere:0' refers to a Tensor which does not exist.")
expect_error("fetch_missing_op", lambda: sess.run("nothere"), "Argument `fetch` = nothere cannot be interpreted as a Tensor. (\"The name 'nothere' refers to an Operation not in the graph.\")")
expect_error("feed_missing_name", lambda: sess.run(y, feed_dict={"nothere:0": [1.]}), "Cannot interpret feed_dict key as Tensor: The name 'nothere:0' refers to a Tensor which does not exist.")
expect_error("feed_default_wrong_shape", lambda: sess.run(y, feed_dict={x: [[1.]]}), "Cannot feed value of shape (1, 1) for Tensor xd:0, which has shape (?,)")
g2 = tf.Graph()
with g2.as_default():
    a = tf.constant(2.)
    w = tf.get_variable("w", initializer=tf.constant(3.))
    b = a * w
    init2 = tf.global_variables_initializer()
emit_text("second_graph", [len(tf.global_variables()), a.graph is g2, tf.get_default_graph() is g, b.name])
with tf.Session(graph=g2) as s2:
    s2.run(init2)
    emit("second_graph_run", s2.run(b))
expect_error("other_graph", lambda: sess.run(b), "is not an element of this graph.")
