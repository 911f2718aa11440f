# Everyday small ops: is_tensor, identity_n, get_static_value, repeat, broadcast_to, meshgrid,
# clip_by_norm, clip_by_global_norm, nn.embedding_lookup; values, gradients and errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(1)
a = tf.constant(rng.standard_normal((2, 3)).astype(np.float32))
v = tf.Variable(1.)
emit("is_tensor", [tf.is_tensor(a), tf.is_tensor(v), tf.is_tensor(np.ones(2)), tf.is_tensor(3.),
                   tf.is_tensor(tf.IndexedSlices(tf.ones([1, 2]), tf.constant([0])))])
emit("identity_n", tf.identity_n([a, tf.constant([2])]))
emit("static_value", tf.get_static_value(a))
emit_text("static_misc", [repr(tf.get_static_value(3)), repr(tf.get_static_value(v))])
emit("repeat_flat", tf.repeat(tf.constant([[1, 2], [3, 4]]), 2))
emit("repeat_axis0", tf.repeat(tf.constant([[1, 2], [3, 4]]), [1, 2], axis=0))
emit("repeat_axis1", tf.repeat(a, 3, axis=1))
expect_error("repeat_bad", lambda: tf.repeat(tf.constant([1, 2]), [1, 2, 3], axis=0), "are not compatible")
emit("broadcast_to", tf.broadcast_to(tf.constant([1., 2., 3.]), [2, 3]))
expect_error("broadcast_bad", lambda: tf.broadcast_to(tf.constant([1, 2]), [3, 3]), "Incompatible shapes")
emit("meshgrid_xy", tf.meshgrid([1, 2, 3], [4, 5]))
emit("meshgrid_ij", tf.meshgrid([1, 2, 3], [4, 5], indexing="ij"))
emit("meshgrid_3", tf.meshgrid([1., 2.], [3., 4., 5.], [6.]))
emit("clip_by_norm", [tf.clip_by_norm(tf.constant([3., 4.]), 1.), tf.clip_by_norm(tf.constant([0.3, 0.4]), 1.)])
emit("clip_by_norm_axes", tf.clip_by_norm(tf.constant([[3., 4.], [0., 0.]]), 1., axes=[1]))
clipped, norm = tf.clip_by_global_norm([tf.constant([3., 4.]), None, tf.constant(12.)], 5.)
emit("clip_global", [clipped[0], clipped[2], norm])
emit_text("clip_global_none", repr(clipped[1]))
emit("global_norm", tf.linalg.global_norm([tf.constant([3., 4.]), tf.constant(12.)]))
table = tf.constant(rng.standard_normal((5, 3)).astype(np.float32))
emit("embedding", tf.nn.embedding_lookup(table, [4, 0, 4]))
emit("embedding_2d", tf.nn.embedding_lookup(table, [[1, 2], [3, 4]]))
expect_error("embedding_bad", lambda: tf.nn.embedding_lookup(table, [5]), "is not in [0, 5)")

x = tf.Variable(rng.standard_normal((2, 3)).astype(np.float32))
w = tf.constant(rng.standard_normal((4, 3)).astype(np.float32))
with tf.GradientTape(persistent=True) as tape:
    r = tf.reduce_sum(tf.repeat(x, [2, 2], axis=0) * w)
    b = tf.reduce_sum(tf.broadcast_to(x[0], [4, 3]) * w)
    c = tf.reduce_sum(tf.clip_by_norm(x, 0.5) * w[:2])
    e = tf.reduce_sum(tf.nn.embedding_lookup(x, [1, 1, 0]) * w[:3])
    g = tf.clip_by_global_norm([x, 2. * x], 1.0)[0]
    gsum = tf.reduce_sum(g[0] * w[:2]) + tf.reduce_sum(g[1])
    mx, my = tf.meshgrid(x[0], x[1])
    mg = tf.reduce_sum(mx * w[:3]) + tf.reduce_sum(my * w[1:4])
emit("grads", [tf.convert_to_tensor(tape.gradient(t, x)) for t in (r, b, c, e, gsum, mg)])  # IndexedSlices -> dense

# recompute_grad: same values and gradients; ref() / deref() as dict keys
f = tf.recompute_grad(lambda t: tf.reduce_sum(tf.tanh(t) * w[:2]))
with tf.GradientTape() as tape:
    out = f(x)
emit("recompute", [out, tape.gradient(out, x)])
keys = {x.ref(): 1, a.ref(): 2}
emit("refs", [keys[x.ref()], keys[a.ref()], x.ref() == x.ref(), x.ref() == a.ref(), x.ref().deref() is x])

# tf.linalg.tensor_diag
emit("tensor_diag", [tf.linalg.tensor_diag([1, 2, 3]), tf.linalg.tensor_diag([[1., 2.], [3., 4.]])])
with tf.GradientTape() as tape:
    d = tf.reduce_sum(tf.linalg.tensor_diag(x) * tf.reshape(tf.range(36, dtype=tf.float32), [2, 3, 2, 3]))
emit("tensor_diag_grad", tape.gradient(d, x))
