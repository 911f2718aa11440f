# tf.compat.v1.gradients through a MatMul: the gradient tensors are TF's MatMul gradient ops
# (type, transpose attributes, names under <product>_grad, _original_op) with TF's values,
# for each transpose combination; an unused split output still gives a MatMul gradient.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

rng = np.random.default_rng(3)
A = rng.normal(size=(2, 3)).astype(np.float32)
B = rng.normal(size=(3, 4)).astype(np.float32)
with tf.Graph().as_default():
    results = []
    for ta, tb in [(False, False), (True, False), (False, True), (True, True)]:
        a = tf.constant(A.T if ta else A)
        b = tf.constant(B.T if tb else B)
        product = tf.matmul(a, b, transpose_a=ta, transpose_b=tb, name="xw")
        loss = tf.reduce_sum(tf.sin(product))
        ga, gb = tf.compat.v1.gradients(loss, [a, b])
        for g in (ga, gb):
            results.append(g)
            emit_text(f"op_{ta}_{tb}_{len(results)}", [g.op.type, g.name, g.op.get_attr("transpose_a"),
                                                       g.op.get_attr("transpose_b"), g.op._original_op == product.op])
    w = tf.constant(A[:, :2])
    x = tf.constant(B[:2, :2])
    parts = tf.split(value=tf.matmul(w, x), num_or_size_splits=2, axis=0)
    gw = tf.compat.v1.gradients(tf.reduce_sum(parts[1]), [w])[0]
    emit_text("unused_output", [gw.op.type, gw.name])
    with tf.compat.v1.Session() as session:
        emit("values", session.run(results + [gw]))
