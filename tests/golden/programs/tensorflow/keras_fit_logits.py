# Keras's softmax / sigmoid outputs carry their logits, and the crossentropy losses start from
# them instead of clipping probabilities: saturated outputs train as in Keras (fit traced and
# run_eagerly), and a loss of a saturated softmax is the logits' loss.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
X = rng.normal(size=(8, 3)).astype(np.float32) * 10
y = rng.integers(0, 3, 8)
binary = (y > 0).astype(np.float32)
for activation, loss, target in [("softmax", "sparse_categorical_crossentropy", y),
                                 ("sigmoid", "binary_crossentropy", binary)]:
    units = 3 if activation == "softmax" else 1
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation=activation)])
    m.set_weights([rng.normal(size=(3, units)).astype(np.float32) * 5, np.zeros(units, np.float32)])
    m.compile("sgd", loss)
    emit(f"{activation}_fit", m.fit(X, target, epochs=2, verbose=0, shuffle=False).history["loss"])
    m.compile("sgd", loss, run_eagerly=True)
    emit(f"{activation}_eager", m.fit(X, target, epochs=1, verbose=0, shuffle=False).history["loss"])
    emit(f"{activation}_weights", m.get_weights())
saturated = keras.activations.softmax(tf.constant([[100.0, 0.0, -100.0]]))
emit("sce_saturated", keras.losses.sparse_categorical_crossentropy(np.array([2]), saturated))
emit("cce_saturated", keras.losses.CategoricalCrossentropy()(np.array([[0.0, 0.0, 1.0]]), saturated))
emit("bce_saturated", keras.losses.binary_crossentropy(np.array([[0.0]]),
                                                       keras.activations.sigmoid(tf.constant([[50.0]]))))
emit("sce_nn_softmax_eager", keras.losses.sparse_categorical_crossentropy(
    np.array([2]), tf.nn.softmax(tf.constant([[100.0, 0.0, -100.0]]))))
