# Issue 16: fit(shuffle="batch") in TF's stream: Keras maps tf.random.shuffle over each batch of
# indices (one kernel per epoch, seeds from the global seed); a position-weighted output makes
# the losses depend on the order inside each batch. shuffle=True beside it.
import numpy as np
import tensorflow as tf
import keras
from harness import emit


class Positional(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")

    def call(self, x):
        weights = tf.range(1.0, tf.cast(tf.shape(x)[0], tf.float32) + 1.0)[:, None]
        return self.dense(x) * weights


x = (np.arange(10, dtype="float32")[:, None] - 4.5) / 5.0
y = np.linspace(-1, 1, 10).astype("float32")[:, None]
for shuffle in ("batch", True):
    tf.random.set_seed(4)
    model = Positional()
    model.compile(keras.optimizers.SGD(0.05), "mse", run_eagerly=True)
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=shuffle, verbose=0)
    emit(f"losses_{shuffle}", history.history["loss"])
    emit(f"weights_{shuffle}", model.get_weights())
