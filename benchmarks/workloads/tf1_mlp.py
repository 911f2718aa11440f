"""The MLP of torch_mlp.py as a TF1 graph: placeholders, variables,
``tf.compat.v1.train.MomentumOptimizer``, one ``Session.run([train_op, loss], feed_dict)``
per step (the batch is fed every step, as a TF1 input loop does). Mode: ``session``."""
import tensorflow as tf

from data import BATCH, batch, mlp_weights

v1 = tf.compat.v1


def build(mode: str, size: int = BATCH):
    if mode != "session":
        raise ValueError(f"unknown mode {mode!r}")
    v1.disable_eager_execution()
    x, y = batch(size=size)
    inputs = v1.placeholder(tf.float32, shape=x.shape)
    labels = v1.placeholder(tf.int64, shape=y.shape)
    h = inputs
    layers = mlp_weights()
    for i, (w, b) in enumerate(layers):
        h = tf.matmul(h, v1.Variable(w)) + v1.Variable(b)
        if i < len(layers) - 1:
            h = tf.nn.relu(h)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=h))
    train_op = v1.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
    session = v1.Session()
    session.run(v1.global_variables_initializer())
    feed = {inputs: x, labels: y}
    return lambda: float(session.run([train_op, loss], feed_dict=feed)[1])
