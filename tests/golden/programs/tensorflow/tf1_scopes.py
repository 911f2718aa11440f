# gradcompat: tf1
# variable_scope / name_scope naming, get_variable reuse (True, AUTO_REUSE, reuse_variables),
# its errors, collections filtered by scope, reset_default_graph.
import tensorflow as tf
from harness import emit, emit_text, expect_error

with tf.variable_scope("layer"):
    w = tf.get_variable("w", shape=[2, 3])
    b = tf.get_variable("b", shape=[3], initializer=tf.zeros_initializer(), trainable=False)
    c = tf.constant(1.0)
    v = tf.Variable(1.0, name="v")
    a = c + 1.
    with tf.variable_scope("inner"):
        u = tf.get_variable("u", [1])
        d = a * 2.
    with tf.name_scope("ns"):
        e = a * 2.
        q = tf.get_variable("q", [1])
        vv = tf.Variable(2.0)
emit_text("names", [t.name for t in [w, b, c, v, a, u, d, e, q, vv]])
with tf.variable_scope("layer", reuse=True):
    w2 = tf.get_variable("w")
    f = tf.constant(2.)
emit_text("reused", [w2 is w, f.name])


def missing():
    with tf.variable_scope("layer", reuse=True):
        return tf.get_variable("zz", [1])


def duplicate():
    with tf.variable_scope("layer"):
        return tf.get_variable("w", [2, 3])


def shape_mismatch():
    with tf.variable_scope("layer", reuse=True):
        return tf.get_variable("w", [3, 3])


def dtype_mismatch():
    with tf.variable_scope("layer", reuse=True):
        return tf.get_variable("w", [2, 3], dtype=tf.float64)


expect_error("missing", missing, "Variable layer/zz does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
expect_error("duplicate", duplicate, "Variable layer/w already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:")
expect_error("shape_mismatch", shape_mismatch, "Trying to share variable layer/w, but specified shape (3, 3) and found shape (2, 3).")
expect_error("dtype_mismatch", dtype_mismatch, "Trying to share variable layer/w, but specified dtype float64 and found dtype float32")
with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
    a1 = tf.get_variable("x", [2])
with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
    a2 = tf.get_variable("x", [2])
    a3 = tf.get_variable("y", [2])
emit_text("auto_reuse", [a1 is a2, a1.name, a3.name])
with tf.variable_scope("outer") as scope:
    emit_text("scope", [scope.name, scope.reuse, scope.original_name_scope])
    x1 = tf.get_variable("x", [1])
    scope.reuse_variables()
    x2 = tf.get_variable("x", [1])
    emit_text("reuse_variables", [x1 is x2, tf.get_variable_scope().name, tf.get_variable_scope().reuse])
    with tf.variable_scope("sub"):
        emit_text("inherited_reuse", tf.get_variable_scope().reuse)
with tf.variable_scope(scope, reuse=True):
    emit_text("reenter", [tf.get_variable("x") is x1, tf.constant(1.).name])
with tf.name_scope("ns"):
    emit_text("ns1", tf.constant(1.).name)
with tf.name_scope("ns") as s:
    emit_text("ns2", [s, tf.constant(1.).name])
    with tf.name_scope(None):
        emit_text("ns_reset", tf.constant(1.).name)
with tf.name_scope(s):
    emit_text("ns_reenter", tf.constant(1.).name)
for _ in range(2):
    with tf.variable_scope(None, default_name="dflt"):
        emit_text("default_name", tf.get_variable("k", [1]).name)
with tf.variable_scope("init_scope", initializer=tf.constant_initializer(0.25)):
    scoped = tf.get_variable("s", [2])
emit_text("graph_same", tf.get_default_graph() is tf.get_default_graph())
emit_text("global", [v.name for v in tf.global_variables()])
emit_text("trainable", [v.name for v in tf.trainable_variables()])
emit_text("global_layer", [v.name for v in tf.global_variables("layer")])
emit_text("trainable_inner", [v.name for v in tf.trainable_variables("layer/inner")])
emit_text("collection_scope", [v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="auto")])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    emit("scope_initializer", sess.run(scoped))
    emit("zeros_b", sess.run(b))
g = tf.get_default_graph()
tf.reset_default_graph()
emit_text("after_reset", [g is tf.get_default_graph(), len(tf.global_variables())])
emit_text("fresh_name", tf.get_variable("w", [2]).name)
expect_error("initializer_without_shape", lambda: tf.get_variable("noshape", initializer=tf.zeros_initializer()), "The initializer passed is not valid.")
expect_error("no_shape", lambda: tf.get_variable("noshape2"), "Variable noshape2 did not get an initializer, so its `shape` argument must be specified.")
expect_error("constant_with_shape", lambda: tf.get_variable("cs", shape=[2], initializer=tf.constant([1., 2.])), "If initializer is a constant, do not specify shape.")
emit_text("constant_initializers", [repr(tf.get_variable("cs2", initializer=tf.constant([1., 2.]))),
                                    repr(tf.get_variable("cs3", initializer=[1, 2])),
                                    repr(tf.get_variable("cs5", shape=[2], dtype=tf.int32)),
                                    repr(tf.get_variable("cs6", shape=[2], dtype=tf.float64))])
