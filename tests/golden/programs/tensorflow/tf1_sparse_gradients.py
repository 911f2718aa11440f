# gradcompat: tf1
# Gradients through row gathers are IndexedSlices (fetched as IndexedSlicesValue), dense
# once the variable has another use; optimizers on them (Momentum changes only the
# gathered rows, as TF's sparse kernel).
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

emb = tf.get_variable("emb", initializer=tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) / 10))
ids = tf.placeholder(tf.int32, [None])
looked = tf.gather(emb, ids)
loss = tf.reduce_sum(looked * looked)
sparse = tf.gradients(loss, emb)
dense = tf.gradients(loss + tf.reduce_sum(emb), emb)
twice = tf.gradients(tf.reduce_sum(tf.gather(emb, [1])) + loss, emb)
emit_text("types", [isinstance(sparse[0], tf.IndexedSlices), isinstance(dense[0], tf.IndexedSlices),
                    isinstance(dense[0], tf.Tensor), isinstance(twice[0], tf.IndexedSlices)])
sess = tf.Session()
sess.run(tf.global_variables_initializer())
feed = {ids: [2, 0, 2]}
value = sess.run(sparse, feed_dict=feed)
emit_text("fetched_type", type(value[0]).__name__)
emit("indexed_slices_value", [value[0].values, value[0].indices, value[0].dense_shape])
emit("densified", sess.run(tf.convert_to_tensor(sparse[0]), feed_dict=feed))
emit("dense", sess.run(dense, feed_dict=feed))
emit("two_gathers", sess.run(twice, feed_dict=feed))
batches = [[2, 0, 2], [1], [3, 3], [0, 1]]
for name, make in [("momentum", lambda: tf.train.MomentumOptimizer(0.1, 0.9)),
                   ("nesterov", lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True)),
                   ("sgd", lambda: tf.train.GradientDescentOptimizer(0.1)),
                   ("adam", lambda: tf.train.AdamOptimizer(0.1))]:
    optimizer = make()
    train = optimizer.minimize(loss)
    sess.run(tf.global_variables_initializer())
    for batch in batches:
        sess.run(train, feed_dict={ids: batch})
    emit(name, sess.run(emb))
