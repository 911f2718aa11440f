"""The GPT and LSTM language models of torch_gpt.py / torch_lstm.py in Keras 3 on
TensorFlow: subclassed Keras models of Keras layers (Embedding, LayerNormalization, Dense,
LSTM) and a causal self-attention layer written with tf ops. Modes: ``fit`` (``compile`` + ``train_on_batch``,
Keras's compiled step) and ``function`` (a GradientTape step under ``tf.function``); SGD with
momentum, next-token sparse cross-entropy. Plain TensorFlow code, run with the real
TensorFlow and, unchanged, under gradcompat; tf_gpt.py and tf_lstm.py are the two cases."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

from data import GPT, LSTM, gpt_weights, lstm_weights, tokens


class Block(keras.layers.Layer):
    def __init__(self, width, heads, **kwargs):
        super().__init__(**kwargs)
        self.width, self.heads = width, heads
        self.ln1 = keras.layers.LayerNormalization(epsilon=1e-5)
        self.qkv = keras.layers.Dense(3 * width)
        self.proj = keras.layers.Dense(width)
        self.ln2 = keras.layers.LayerNormalization(epsilon=1e-5)
        self.fc = keras.layers.Dense(4 * width)
        self.out = keras.layers.Dense(width)

    def call(self, x):
        B, T, C, H = tf.shape(x)[0], x.shape[1], self.width, self.heads
        q, k, v = tf.split(self.qkv(self.ln1(x)), 3, axis=-1)
        q, k, v = (tf.transpose(tf.reshape(t, (B, T, H, C // H)), (0, 2, 1, 3)) for t in (q, k, v))
        scores = tf.matmul(q, k, transpose_b=True) / float(np.sqrt(C // H))
        mask = tf.linalg.band_part(tf.ones((T, T)), -1, 0)
        scores = tf.where(mask > 0, scores, tf.fill(tf.shape(scores), -np.inf))
        y = tf.reshape(tf.transpose(tf.matmul(tf.nn.softmax(scores, axis=-1), v), (0, 2, 1, 3)), (B, T, C))
        x = x + self.proj(y)
        return x + self.out(tf.nn.gelu(self.fc(self.ln2(x)), approximate=False))


class TinyGPT(keras.Model):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.tok = keras.layers.Embedding(spec["vocab"], spec["width"])
        self.pos = keras.layers.Embedding(spec["seq"], spec["width"])
        self.blocks = [Block(spec["width"], spec["heads"]) for _ in range(spec["layers"])]
        self.ln_f = keras.layers.LayerNormalization(epsilon=1e-5)
        self.head = keras.layers.Dense(spec["vocab"], use_bias=False)

    def call(self, ids):
        x = self.tok(ids) + self.pos(tf.range(self.spec["seq"]))
        for block in self.blocks:
            x = block(x)
        return tf.reshape(self.head(self.ln_f(x)), (-1, self.spec["vocab"]))


class LSTMModel(keras.Model):
    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.embed = keras.layers.Embedding(spec["vocab"], spec["embed"])
        self.lstms = [keras.layers.LSTM(spec["hidden"], return_sequences=True) for _ in range(spec["layers"])]
        self.head = keras.layers.Dense(spec["vocab"])

    def call(self, ids):
        x = self.embed(ids)
        for lstm in self.lstms:
            x = lstm(x)
        return tf.reshape(self.head(x), (-1, self.spec["vocab"]))


def _gpt_arrays(w, spec):
    """The Keras weights in the model's order, from PyTorch's names (Dense kernels as (in, out))."""
    arrays = [w["tok.weight"], w["pos.weight"]]
    for i in range(spec["layers"]):
        b = f"blocks.{i}."
        arrays += [w[b + "ln1.weight"], w[b + "ln1.bias"], w[b + "qkv.weight"].T, w[b + "qkv.bias"],
                   w[b + "proj.weight"].T, w[b + "proj.bias"], w[b + "ln2.weight"], w[b + "ln2.bias"],
                   w[b + "fc.weight"].T, w[b + "fc.bias"], w[b + "out.weight"].T, w[b + "out.bias"]]
    return arrays + [w["ln_f.weight"], w["ln_f.bias"], w["head.weight"].T]


def _lstm_arrays(w, spec):
    arrays = [w["embed.weight"]]
    for layer in range(spec["layers"]):  # Keras's gates i, f, c, o are PyTorch's i, f, g, o; one bias
        arrays += [w[f"lstm.weight_ih_l{layer}"].T, w[f"lstm.weight_hh_l{layer}"].T,
                   w[f"lstm.bias_ih_l{layer}"] + w[f"lstm.bias_hh_l{layer}"]]
    return arrays + [w["head.weight"].T, w["head.bias"]]


def build_model(kind: str, mode: str):
    spec, make, weights, arrays = ((GPT, TinyGPT, gpt_weights, _gpt_arrays) if kind == "gpt"
                                   else (LSTM, LSTMModel, lstm_weights, _lstm_arrays))
    ids, targets = tokens(spec)
    model = make(spec)
    model(tf.constant(ids[:1].astype(np.int32)))  # creates the weights
    model.set_weights([np.ascontiguousarray(a) for a in arrays(weights(spec), spec)])
    optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    inputs, labels = tf.constant(ids.astype(np.int32)), tf.constant(targets)
    if mode == "fit":
        model.compile(optimizer=optimizer, loss=loss_fn)
        return lambda: float(model.train_on_batch(inputs, labels))
    if mode != "function":
        raise ValueError(f"unknown mode {mode!r}")

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, model(inputs, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss
    return lambda: float(train_step().numpy())
