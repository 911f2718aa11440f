# Control flow in TF2: tf.cond / case / switch_case / while_loop / scan / map_fn / foldl / foldr,
# eagerly (Python control flow, branch results as returned) and inside tf.function (one graph op),
# with gradients through a GradientTape and tf.gradients.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.constant(3.0)
emit("cond_python_pred", tf.cond(True, lambda: 1, lambda: 2))
emit("cond_eager_returns_branch_values", tf.cond(tf.constant(False), lambda: (1, 2.0), lambda: (3, 4.0)))
emit_text("while_eager_structure", repr(tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * x), [0, 1.0])))
emit_text("while_eager_list", repr(tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [0])))
emit("while_eager_maximum", tf.while_loop(lambda i: i < 10, lambda i: [i + 1], [0], maximum_iterations=4))
emit("switch_case_eager", tf.switch_case(tf.constant(1), [lambda: 1.0, lambda: 2.0]))
emit("case_eager_default", tf.case([(tf.constant(False), lambda: 1.0)], default=lambda: 3.0))
emit("scan_eager", tf.scan(lambda a, e: a + e, tf.constant([1., 2., 3.])))
emit("scan_eager_init_reverse", tf.scan(lambda a, e: a * e, tf.constant([1., 2., 3.]), initializer=tf.constant(2.0),
                                        reverse=True))
emit("foldl_foldr_eager", [tf.foldl(lambda a, e: a + e, tf.constant([1., 2., 3.])),
                           tf.foldr(lambda a, e: a - e, tf.constant([1., 2., 3.]), initializer=tf.constant(0.0))])
emit("map_fn_eager", tf.map_fn(lambda e: e * 2, tf.constant([[1., 2.], [3., 4.]])))


@tf.function
def graph(x):
    a = tf.cond(x > 0, lambda: x * 2.0, lambda: -x)
    r = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * x), [0, 1.0])
    return a, r


emit_text("function_structure", repr(graph(tf.constant(2.0))))
emit("function_negative_branch", graph(tf.constant(-2.0)))


@tf.function
def loops(v):
    return {
        "scan": tf.scan(lambda a, e: a * e, v),
        "scan_init_reverse": tf.scan(lambda a, e: a + e, v, initializer=tf.constant(10.0), reverse=True),
        "scan_pair": tf.scan(lambda a, e: (a[0] + e, a[1] * e), v, initializer=(tf.constant(0.0), tf.constant(1.0))),
        "foldl": tf.foldl(lambda a, e: a + e * e, v),
        "foldr": tf.foldr(lambda a, e: a - e, v, initializer=tf.constant(0.0)),
        "map_fn": tf.map_fn(lambda e: (e[0], e[1] * 2), (v, v), fn_output_signature=(tf.float32, tf.float32)),
        "switch_out_of_range": tf.switch_case(tf.constant(7), [lambda: v[0], lambda: v[1]]),
        "switch_default": tf.switch_case(tf.constant(-1), [lambda: v[0], lambda: v[1]], default=lambda: v[2]),
        "case": tf.case([(v[0] > 5, lambda: v[0]), (v[1] > 1, lambda: v[1])], default=lambda: v[2]),
        "while_bounded": tf.while_loop(lambda i, s: i < 100, lambda i, s: (i + 1, s + v), [0, v],
                                       maximum_iterations=3),
    }


emit("function_loops", loops(tf.constant([1., 2., 3.])))

v = tf.constant([1., 2., 3.])
with tf.GradientTape() as tape:
    tape.watch(v)
    s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * v), [0, tf.ones(3)])[1]
    c = tf.cond(v[0] > 0, lambda: tf.sqrt(v[0]), lambda: tf.sqrt(-v[0]))
    y = tf.reduce_sum(s) + c + tf.reduce_sum(tf.scan(lambda a, e: a * e, v))
emit("tape_through_eager_control_flow", tape.gradient(y, v))


@tf.function
def grads(v):
    s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * v), [0, tf.ones(3)])[1]
    bounded = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * v), [0, tf.ones(3)],
                            maximum_iterations=10)[1]
    c = tf.cond(v[0] > 0, lambda: tf.sqrt(v[0]), lambda: tf.sqrt(-v[0]))
    sc = tf.scan(lambda a, e: a * e, v)
    fl = tf.foldl(lambda a, e: a * e + 1.0, v)
    mp = tf.map_fn(lambda e: tf.sin(e) * v[0], v)
    with tf.GradientTape() as inner:
        inner.watch(v)
        z = tf.reduce_sum(tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s * s), [0, v])[1])
    return (tf.gradients(tf.reduce_sum(s), v), tf.gradients(tf.reduce_sum(bounded), v), tf.gradients(c, v),
            tf.gradients(tf.reduce_sum(sc), v), tf.gradients(fl, v), tf.gradients(tf.reduce_sum(mp), v),
            inner.gradient(z, v))


emit("gradients_in_function", grads(tf.constant([1.5, -2.0, 0.5])))

expect_error("cond_not_callable", lambda: tf.cond(tf.constant(True), 1.0, lambda: 2.0), "must be callable")
expect_error("while_body_not_callable", lambda: tf.while_loop(lambda i: i < 3, 5, [0]), "must be callable")
expect_error("while_no_loop_vars", lambda: tf.while_loop(lambda i: i < 3, lambda i: i, []), "must be provided")
expect_error("switch_case_empty", lambda: tf.switch_case(tf.constant(0), []), "at least one")
