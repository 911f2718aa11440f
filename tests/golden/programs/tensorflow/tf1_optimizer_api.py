# gradcompat: tf1
# The optimizers' API surface: returned operations, slots, variables(), the TRAIN_OP
# collection, compute_gradients' pairs, grad_loss.
import tensorflow as tf
from harness import emit, emit_text

w = tf.get_variable("w", initializer=tf.constant([1., 2.]))
loss = tf.reduce_sum(w * w)
o1 = tf.train.GradientDescentOptimizer(0.1)
op1 = o1.minimize(loss)
gs = tf.train.get_or_create_global_step()
o2 = tf.train.AdamOptimizer()
op2 = o2.minimize(loss, global_step=gs, name="train")
o3 = tf.train.MomentumOptimizer(0.1, 0.9)
op3 = o3.apply_gradients(o3.compute_gradients(loss))
emit_text("ops", [repr(op1), repr(op2), repr(op3)])
emit_text("variables", [[v.name for v in o2.variables()], [v.name for v in o3.variables()], o1.variables()])
emit_text("slots", [o2.get_slot_names(), o3.get_slot_names(), o1.get_slot_names(), o1.get_name(), o2.get_slot(w, "nothing")])
emit_text("train_op_collection", tf.get_collection(tf.GraphKeys.TRAIN_OP))
pairs = o1.compute_gradients(loss)
emit_text("pair_type", [type(pairs).__name__, type(pairs[0]).__name__, pairs[0][1] is w])
scaled = o1.compute_gradients(loss, grad_loss=tf.constant(3.))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    emit("grad_loss", sess.run([g for g, _ in scaled]))
    sess.run(op2)
    emit("after_adam", sess.run([w, gs, o2.get_slot(w, "m"), o2.get_slot(w, "v")] + o2.variables()[:2]))
