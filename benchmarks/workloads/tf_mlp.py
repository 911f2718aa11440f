"""The MLP of torch_mlp.py in TensorFlow 2: tf.Variables, GradientTape, keras SGD with
momentum, ``tf.nn.sparse_softmax_cross_entropy_with_logits``. Modes: ``eager`` (the step
as plain Python) and ``function`` (the step under ``tf.function``). Plain TensorFlow code,
run with the real TensorFlow and, unchanged, under gradcompat."""
import tensorflow as tf

from data import BATCH, batch, mlp_weights


def build(mode: str, size: int = BATCH):
    x, y = batch(size=size)
    inputs, labels = tf.constant(x), tf.constant(y)
    variables = []
    for w, b in mlp_weights():
        variables += [tf.Variable(w), tf.Variable(b)]
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)

    def loss_fn():
        h = inputs
        for i in range(0, len(variables), 2):
            h = tf.matmul(h, variables[i]) + variables[i + 1]
            if i < len(variables) - 2:
                h = tf.nn.relu(h)
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=h))

    def train_step():
        with tf.GradientTape() as tape:
            loss = loss_fn()
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        return loss

    if mode == "function":
        train_step = tf.function(train_step)
    elif mode != "eager":
        raise ValueError(f"unknown mode {mode!r}")
    return lambda: float(train_step().numpy())
