# Keras 3 recurrent_dropout (random draws differ: checked by properties): inference ignores it;
# in training each sample's outputs equal a numpy reference run with one fixed 0-or-2 mask per
# gate on the previous output (rate 0.5), for SimpleRNN, LSTM and GRU with one unit.
import itertools

import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit

rng = np.random.default_rng(0)
x = rng.normal(size=(3, 4, 2)).astype(np.float32)
sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731


def run_rnn(W, U, b, m):
    h, out = np.zeros(1), []
    for t in range(x.shape[1]):
        h = np.tanh(xs[t] @ W + b + (h * m[0]) @ U)
        out.append(h)
    return np.stack(out)


def run_lstm(W, U, b, m):
    h, c, out = np.zeros(1), np.zeros(1), []
    for t in range(x.shape[1]):
        gx = xs[t] @ W + b
        i, f, cc, o = [gx[k:k + 1] + (h * m[k]) @ U[:, k:k + 1] for k in range(4)]
        c = sig(f) * c + sig(i) * np.tanh(cc)
        h = sig(o) * np.tanh(c)
        out.append(h)
    return np.stack(out)


def run_gru(W, U, b, m):
    h, out = np.zeros(1), []
    for t in range(x.shape[1]):
        gx = xs[t] @ W + b[0]
        rec = [(h * m[k]) @ U[:, k:k + 1] + b[1][k:k + 1] for k in range(3)]
        z, r = sig(gx[0:1] + rec[0]), sig(gx[1:2] + rec[1])
        hh = np.tanh(gx[2:3] + r * rec[2])
        h = z * h + (1 - z) * hh
        out.append(h)
    return np.stack(out)


for cls, gates, ref in ((layers.SimpleRNN, 1, run_rnn), (layers.LSTM, 4, run_lstm), (layers.GRU, 3, run_gru)):
    name = cls.__name__
    layer = cls(1, recurrent_dropout=0.5, return_sequences=True)
    layer.build((None, 4, 2))
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in layer.get_weights()])
    plain = cls(1, return_sequences=True)
    plain.build((None, 4, 2))
    plain.set_weights(layer.get_weights())
    emit(f"{name}_inference_ignores", np.allclose(layer(x).numpy(), plain(x).numpy(), atol=1e-6))
    emit(f"{name}_inference", layer(x, training=False))
    weights = [w.astype(np.float64) for w in layer.get_weights()]
    ok = True
    for _ in range(3):
        y = layer(x, training=True).numpy()
        for s in range(x.shape[0]):
            xs = x[s].astype(np.float64)
            candidates = [ref(*weights, np.array(m)) for m in itertools.product([0.0, 2.0], repeat=gates)]
            ok = ok and any(np.allclose(y[s], c, atol=1e-5) for c in candidates)
    emit(f"{name}_training_matches_a_mask", ok)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        loss = tf.reduce_sum(layer(xt, training=True))
    emit(f"{name}_grad_finite", bool(np.isfinite(tape.gradient(loss, xt).numpy()).all()))
