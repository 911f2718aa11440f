# gradcompat: tf1
# TF1 input pipelines: make_one_shot_iterator(ds).get_next() / ds.make_one_shot_iterator() and
# make_initializable_iterator with Session.run (one element per run, OutOfRangeError at the end,
# the initializer restarting a pass), and a training loop fed by a dataset.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(3)
xs = rng.standard_normal((6, 2)).astype(np.float32)
ys = (xs @ np.array([[2.0], [-1.0]], np.float32)).astype(np.float32)
ds = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(4)
it = tf.compat.v1.data.make_one_shot_iterator(ds)
x, y = it.get_next()
emit_text("get_next", [str(x), str(y), x.name, y.name])
doubled = x * 2.0
with tf.Session() as sess:
    emit("run1", sess.run([doubled, y]))
    emit("run2", sess.run(x))
    expect_error("end", lambda: sess.run(x), "End of sequence")

it2 = ds.make_one_shot_iterator()
nxt = it2.get_next()
with tf.Session() as sess:
    emit("method_one_shot", sess.run(nxt))

counter = tf.data.Dataset.range(3)
init_it = tf.compat.v1.data.make_initializable_iterator(counter)
value = init_it.get_next()
with tf.Session() as sess:
    expect_error("not_initialized", lambda: sess.run(value), "iterator has not been initialized")
    passes = []
    for _ in range(2):
        sess.run(init_it.initializer)
        got = []
        while True:
            try:
                got.append(sess.run(value))
            except tf.errors.OutOfRangeError:
                break
        passes.append(got)
    emit("initializable_passes", passes)
    emit_text("initializer", [type(init_it.initializer).__name__])
expect_error("one_shot_no_initializer", lambda: ds.make_one_shot_iterator().initializer, "does not have an initializer")

w = tf.Variable(tf.zeros([2, 1]))
train_ds = tf.data.Dataset.from_tensor_slices((xs, ys)).repeat(3).batch(3)
tx, ty = tf.compat.v1.data.make_one_shot_iterator(train_ds).get_next()
loss = tf.reduce_mean(tf.square(tf.matmul(tx, w) - ty))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
losses = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    while True:
        try:
            losses.append(sess.run([train, loss])[1])
        except tf.errors.OutOfRangeError:
            break
    emit("train_losses", losses)
    emit("train_w", sess.run(w))

# a reinitializable iterator switched between two datasets of one structure
train_part = tf.data.Dataset.from_tensor_slices(xs[:4]).batch(2)
val_part = tf.data.Dataset.from_tensor_slices(xs[4:]).batch(2)
switch = tf.data.Iterator.from_structure(tf.compat.v1.data.get_output_types(train_part),
                                         tf.compat.v1.data.get_output_shapes(train_part))
emit_text("from_structure", [repr(switch.output_types), str(switch.output_shapes)])
batch = switch.get_next()
to_train, to_val = switch.make_initializer(train_part), switch.make_initializer(val_part)
with tf.Session() as sess:
    sess.run(to_train)
    got = [sess.run(batch), sess.run(batch)]
    sess.run(to_val)
    got.append(sess.run(batch))
    emit("reinitializable", got)
expect_error("make_initializer_mismatch", lambda: switch.make_initializer(tf.data.Dataset.range(3)),
             "Expected output types")

# the TF1 guide's "consuming NumPy arrays": slices of placeholders, fed when the initializer runs
features_placeholder = tf.placeholder(tf.float32, [None, 2])
labels_placeholder = tf.placeholder(tf.float32, [None, 1])
fed = tf.data.Dataset.from_tensor_slices((features_placeholder, labels_placeholder)).batch(4)
emit_text("fed_spec", [repr(fed.element_spec)])
fed_it = fed.make_initializable_iterator()
fx, fy = fed_it.get_next()
with tf.Session() as sess:
    sess.run(fed_it.initializer, feed_dict={features_placeholder: xs, labels_placeholder: ys})
    emit("fed_batches", [sess.run(fx), sess.run([fx, fy])])
    sess.run(fed_it.initializer, feed_dict={features_placeholder: xs[:2], labels_placeholder: ys[:2]})
    emit("fed_again", sess.run(fy))
    expect_error("fed_end", lambda: sess.run(fy), "End of sequence")
expect_error("one_shot_placeholder", lambda: tf.data.make_one_shot_iterator(fed).get_next(), "Cannot capture a placeholder")
from_const = tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(tf.constant([1., 2.]) * 3.0))
with tf.Session() as sess:
    emit("one_shot_graph_values", sess.run(from_const.get_next()))
