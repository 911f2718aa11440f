"""A helper of the TensorFlow golden programs: a function's value and its gradients (GradientTape).

Imported after the program's ``import tensorflow``, so it uses the same ``tensorflow``: the
real one (tools/make_goldens.py) or gradcompat's (``gradcompat run``).
"""
import tensorflow as tf


def value_and_grads(f, *values, weighted: bool = False):
    """``f(*values)`` and its gradients with respect to each value (dense tensors or None).

    ``weighted`` weights the output's entries by 1, 2, 3, ... (so a gradient shows where
    each output entry came from).
    """
    xs = [tf.constant(v) for v in values]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = f(*xs)
    weights = None
    if weighted and y.dtype.is_floating:
        weights = tf.reshape(tf.range(1, tf.size(y) + 1, dtype=y.dtype), tf.shape(y))
    grads = tape.gradient(y, xs, output_gradients=weights)
    return y, [None if g is None else tf.convert_to_tensor(g) for g in grads]
