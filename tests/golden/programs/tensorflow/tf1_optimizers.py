# gradcompat: tf1
# tf.train optimizers in graph mode: GradientDescent, Momentum (plain and Nesterov), Adam;
# compute_gradients / apply_gradients / minimize, var_list, global_step, slots, errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

rng = np.random.RandomState(0)
X_value = rng.normal(size=(8, 3)).astype(np.float32)
Y_value = (X_value @ np.array([[1.], [-2.], [0.5]], np.float32) + 0.3).astype(np.float32)
X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])


def model(scope):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", initializer=tf.constant([[0.1], [0.2], [-0.1]]))
        b = tf.get_variable("b", shape=[1], initializer=tf.constant_initializer(0.05))
        loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
    return w, b, loss


feed = {X: X_value, Y: Y_value}
trains = {}
w, b, loss = model("gd")
step = tf.train.get_or_create_global_step()
trains["gd"] = (tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step), w, b, loss)
emit_text("global_step", [step.name, str(step.dtype.base_dtype), tf.train.get_global_step() is step])
w, b, loss = model("momentum")
momentum = tf.train.MomentumOptimizer(0.05, 0.9)
trains["momentum"] = (momentum.minimize(loss, var_list=[w, b]), w, b, loss)
emit_text("momentum_slots", [momentum.get_slot_names(), momentum.get_slot(w, "momentum").name])
w, b, loss = model("nesterov")
trains["nesterov"] = (tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True).minimize(loss), w, b, loss)
w, b, loss = model("adam")
adam = tf.train.AdamOptimizer(0.1)
grads_and_vars = adam.compute_gradients(loss, var_list=[w, b])
emit_text("compute_gradients", [type(grads_and_vars).__name__, len(grads_and_vars), [v.name for _, v in grads_and_vars]])
adam_step = tf.Variable(0, trainable=False, name="adam_step")
trains["adam"] = (adam.apply_gradients(grads_and_vars, global_step=adam_step), w, b, loss)
emit_text("adam_slots", [adam.get_slot_names(), adam.get_slot(w, "m").name, adam.get_slot(w, "v").name])
emit_text("trainable_after", [v.name for v in tf.trainable_variables()])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    emit("first_grads", sess.run([g for g, _ in grads_and_vars], feed_dict=feed))
    for name, (train_op, w, b, loss) in trains.items():
        losses = []
        for _ in range(20):
            _, value = sess.run([train_op, loss], feed_dict=feed)
            losses.append(value)
        emit(name + "_losses", losses)
        emit(name + "_weights", sess.run([w, b]))
    emit("global_steps", sess.run([step, adam_step]))
    emit("adam_m", sess.run(adam.get_slot(trains["adam"][1], "m")))
# errors
u = tf.get_variable("unused", shape=[2])
expect_error("no_gradients", lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.) * 2., var_list=[u]),
             "No gradients provided for any variable, check your graph for ops that do not support gradients")
expect_error("no_variables", lambda: tf.train.GradientDescentOptimizer(0.1).compute_gradients(tf.constant(1.), var_list=[]),
             "No variables to optimize.")
expect_error("global_step_exists", lambda: tf.train.create_global_step(), '"global_step" already exists.')
