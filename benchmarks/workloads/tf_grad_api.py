"""``GradientTape.gradient`` micro benchmarks, one call per step. Modes: ``chain`` (the
50-op scalar function of torch_grad_api.py, a watched constant) and ``mlp`` (the MLP loss of
tf_mlp.py with respect to its six variables), both eager."""
import tensorflow as tf

from data import batch, chain_input, mlp_weights


def chain(x):
    for _ in range(10):
        x = tf.exp(tf.tanh(tf.sin(x) * 1.1 + 0.2))
    return tf.reduce_sum(x)


def build(mode: str):
    if mode == "chain":
        x = tf.constant(chain_input())

        def step():
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = chain(x)
            return float(tape.gradient(y, x)[0].numpy())
        return step
    if mode != "mlp":
        raise ValueError(f"unknown mode {mode!r}")
    xs, ys = batch()
    inputs, labels = tf.constant(xs), tf.constant(ys)
    variables = []
    for w, b in mlp_weights():
        variables += [tf.Variable(w), tf.Variable(b)]

    def step():
        with tf.GradientTape() as tape:
            h = inputs
            for i in range(0, len(variables), 2):
                h = tf.matmul(h, variables[i]) + variables[i + 1]
                if i < len(variables) - 2:
                    h = tf.nn.relu(h)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=h))
        return float(tape.gradient(loss, variables)[1][0].numpy())
    return step
