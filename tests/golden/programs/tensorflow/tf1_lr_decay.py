# gradcompat: tf1
# tf.train.exponential_decay on the global step (plain, staircase, float64), and an
# optimizer driven by it: the step increments with each minimize run.
import tensorflow as tf
from harness import emit, emit_text, expect_error

gs = tf.train.get_or_create_global_step()
lr = tf.train.exponential_decay(0.1, gs, 3, 0.5)
stair = tf.train.exponential_decay(0.1, gs, 3, 0.5, staircase=True, name="stair")
lr64 = tf.train.exponential_decay(tf.constant(0.1, tf.float64), gs, 3, 0.5)
emit_text("reprs", [repr(lr), repr(stair), repr(lr64)])
expect_error("no_step", lambda: tf.train.exponential_decay(0.1, None, 3, 0.5), "None values not supported.")
w = tf.get_variable("w", initializer=tf.constant([2., -1.]))
loss = tf.reduce_sum(tf.square(w))
train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=gs)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    rows = []
    for _ in range(6):
        rows.append(sess.run([lr, stair, lr64, w]))
        sess.run(train_op)
    emit("schedule_and_weights", rows)
    emit("final", sess.run([w, gs, loss]))
