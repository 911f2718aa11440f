# Issue 16: Keras RNN layers draw their dropout / recurrent_dropout masks from the cell's
# SeedGenerator, as Keras 3's DropoutRNNCell: input masks then recurrent masks, one per gate
# for LSTM/GRU with recurrent_dropout (implementation=1), on every call (training or not).
import numpy as np
import tensorflow as tf
import keras
from harness import emit

x = np.random.default_rng(0).normal(size=(3, 4, 5)).astype("float32")
cases = [("simple", keras.layers.SimpleRNN, dict(dropout=0.3, recurrent_dropout=0.4)),
         ("lstm_in", keras.layers.LSTM, dict(dropout=0.25)),
         ("lstm_both", keras.layers.LSTM, dict(dropout=0.25, recurrent_dropout=0.5)),
         ("gru_rec", keras.layers.GRU, dict(recurrent_dropout=0.3, return_sequences=True)),
         ("gru_both", keras.layers.GRU, dict(dropout=0.2, recurrent_dropout=0.3, seed=11))]
for name, cls, kw in cases:
    keras.utils.set_random_seed(7)
    layer = cls(6, **kw)
    first = layer(x, training=True)
    inference = layer(x)  # draws masks too, unused
    second = layer(x, training=True)
    emit(name, [first, inference, second])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x, training=True) * np.linspace(-1, 1, 6).astype("float32"))
    emit(name + "_grad", tape.gradient(loss, layer.trainable_weights))
