# TF2 installation, TF1 code through tf.compat.v1 with only eager execution disabled
# (resource variables): scopes, optimizers, assign ops and errors in that mode.
import numpy as np
import tensorflow.compat.v1 as tf
from harness import emit, emit_text, expect_error

tf.disable_eager_execution()
rng = np.random.RandomState(1)
X_value = rng.normal(size=(16, 2)).astype(np.float32)
Y_value = (X_value[:, :1] * 1.5 - X_value[:, 1:] + 0.25).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
with tf.variable_scope("model"):
    w = tf.get_variable("w", initializer=tf.constant([[0.3], [0.1]]))
    b = tf.get_variable("b", shape=[1], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
step = tf.train.get_or_create_global_step()
adam = tf.train.AdamOptimizer(0.05)
train_op = adam.minimize(loss, global_step=step)
nesterov_op = tf.train.MomentumOptimizer(0.01, 0.5, use_nesterov=True).minimize(loss, var_list=[b])
emit_text("names", [w.name, b.name, step.name, adam.get_slot(w, "m").name, adam.get_slot(w, "v").name,
                    sorted(v.name for v in tf.global_variables())])
counter = tf.Variable(0, name="counter")
bump = tf.assign_add(counter, 2)
sess = tf.Session()
expect_error("uninitialized", lambda: sess.run(w), "Could not find variable model/w.")
sess.run(tf.global_variables_initializer())
emit("assign_value", [sess.run(bump), sess.run(bump), sess.run(counter)])
losses = [sess.run([train_op, loss], feed_dict={X: X_value, Y: Y_value})[1] for _ in range(15)]
emit("adam_losses", losses)
emit("after_adam", sess.run([w, b, step]))
emit("nesterov", [sess.run([nesterov_op, loss], feed_dict={X: X_value, Y: Y_value})[1] for _ in range(5)])
emit("final", sess.run([w, b, step]))
