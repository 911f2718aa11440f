"""Record real TensorFlow's / Keras 3's CPU random draws, bit for bit, for tests/tensorflow/test_tf_rng_bits.py.

    .venvs/tensorflow/bin/python tools/make_tf_rng_goldens.py   # writes tests/tensorflow/data/rng_bits.npz

``cases`` is shared with the test, which runs the same calls with ``gradcompat.tensorflow``
and compares the raw bytes (the companion of ``tools/make_rng_goldens.py`` for torch). Each
seed's cases run in order after ``tf.random.set_seed`` / ``keras.utils.set_random_seed``, so
the op seeds TF invents, the kernel cache and Python's ``random`` consumed by Keras are
exercised too. Names starting with ``approx_`` are compared to float32 rounding (Keras's
Orthogonal: its QR is Eigen's in TF, LAPACK's here).
"""
from __future__ import annotations

import os
import sys

import numpy as np

SEEDS = (0, 1, 42, 123456789, 2**31 + 7)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "tensorflow", "data", "rng_bits.npz")
SIZES = (1, 3, 4, 5, 17, 1000, 4099)


def cases(tf, keras):
    """(name, thunk) pairs, run in this order right after ``tf.random.set_seed(seed)``."""
    f16, f64 = tf.float16, tf.float64
    out = [
        ("uniform", lambda: tf.random.uniform([7, 3])),
        ("uniform_again", lambda: tf.random.uniform([7, 3])),
        ("uniform_seeded", lambda: tf.random.uniform([5], seed=3)),
        ("uniform_seeded_again", lambda: tf.random.uniform([5], seed=3)),
        ("uniform_range", lambda: tf.random.uniform([9], -2.5, 7.25)),
        ("uniform_max", lambda: tf.random.uniform([9], maxval=3.0)),
        ("uniform_f64", lambda: tf.random.uniform([11], -1.0, 1.0, dtype=f64)),
        ("uniform_f16", lambda: tf.random.uniform([10], dtype=f16)),
        ("uniform_i32", lambda: tf.random.uniform([50], -7, 1000, dtype=tf.int32)),
        ("uniform_i32_full", lambda: tf.random.uniform([20], -2**31, 2**31 - 1, dtype=tf.int32)),
        ("uniform_i64", lambda: tf.random.uniform([30], 0, 2**40 + 3, dtype=tf.int64)),
        ("normal", lambda: tf.random.normal([3, 5], 0.5, 2.0)),
        ("normal_f64", lambda: tf.random.normal([9], dtype=f64)),
        ("normal_f16", lambda: tf.random.normal([9], dtype=f16)),
        ("normal_seeded", lambda: tf.random.normal([4], seed=11)),
        ("truncated", lambda: tf.random.truncated_normal([6, 7], -1.0, 0.3)),
        ("truncated_f64", lambda: tf.random.truncated_normal([13], dtype=f64)),
        ("truncated_f16", lambda: tf.random.truncated_normal([13], dtype=f16)),
        ("shuffle", lambda: tf.random.shuffle(tf.range(40))),
        ("shuffle_2d", lambda: tf.random.shuffle(tf.reshape(tf.range(24), [8, 3]), seed=2)),
        ("categorical", lambda: tf.random.categorical(tf.math.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]), 15)),
        ("categorical_i32", lambda: tf.random.categorical([[1.0, 2.0, -np.inf, 0.5]], 9, dtype=tf.int32)),
        ("dropout", lambda: tf.nn.dropout(tf.ones([4, 6]), 0.4)),
        ("dropout_seeded", lambda: tf.nn.dropout(tf.ones([12]), 0.25, seed=5)),
        ("stateless_uniform", lambda: tf.random.stateless_uniform([10], seed=[1, 2])),
        ("stateless_uniform_range", lambda: tf.random.stateless_uniform([10], seed=[-4, 9], minval=-3.0, maxval=0.5)),
        ("stateless_uniform_int", lambda: tf.random.stateless_uniform([10], [7, 7], 0, 10, dtype=tf.int32)),
        ("stateless_uniform_i64", lambda: tf.random.stateless_uniform([10], [7, 8], -5, 2**35, dtype=tf.int64)),
        ("stateless_full_int", lambda: tf.random.stateless_uniform([6], [3, 1], None, None, dtype=tf.uint32)),
        ("stateless_normal", lambda: tf.random.stateless_normal([3, 4], seed=[0, 0], mean=1.0, stddev=0.1)),
        ("stateless_normal_f64", lambda: tf.random.stateless_normal([7], seed=[5, 6], dtype=f64)),
        ("stateless_truncated", lambda: tf.random.stateless_truncated_normal([21], seed=[2**33, 4])),
        ("stateless_categorical", lambda: tf.random.stateless_categorical([[1.0, 2.0, 3.0]], 12, seed=[4, 5])),
        ("generator", lambda: _generator(tf)),
        ("v1_initializers", lambda: _v1_initializers(tf)),
    ]
    for n in SIZES:
        out.append((f"normal_{n}", lambda n=n: tf.random.normal([n])))
        out.append((f"truncated_{n}", lambda n=n: tf.random.truncated_normal([n])))
        out.append((f"stateless_normal_{n}", lambda n=n: tf.random.stateless_normal([n], seed=[n, 1])))
    out += [  # appended last: the op seeds of the cases above stay as they were
        ("xla_stateless_normal", lambda: _digest(tf.random.stateless_normal([300_001], seed=[9, 2]))),
        ("xla_stateless_truncated", lambda: _digest(tf.random.stateless_truncated_normal([70_003], seed=[3, 8]))),
        ("xla_normal", lambda: _digest(tf.random.normal([100_003], 0.5, 2.0))),
        ("xla_truncated", lambda: _digest(tf.random.truncated_normal([50_001]))),
        ("data_shuffle", lambda: _iterations(tf.data.Dataset.range(50).shuffle(16, seed=3), 3)),
        ("data_shuffle_fixed", lambda: _iterations(tf.data.Dataset.range(30).shuffle(7, seed=5,
                                                                           reshuffle_each_iteration=False), 2)),
        ("data_shuffle_global", lambda: _iterations(tf.data.Dataset.range(40).shuffle(100), 2)),
        ("function_draws", lambda: _function_draws(tf)),
        ("graph_generator", lambda: _graph_generator(tf)),
        # batches TF's CPU Multinomial splits into shards (recorded with 2 intra-op threads)
        ("categorical_sharded", lambda: tf.random.categorical(_logits(600, 10), 5)),
        ("categorical_sharded_many", lambda: tf.random.categorical(_logits(333, 50), 40, dtype=tf.int32)),
        ("stateless_categorical_sharded", lambda: tf.random.stateless_categorical(_logits(2000, 7), 2, seed=[3, 4])),
    ]
    return out


INTRA_OP_THREADS = 2  # the sharded categorical cases depend on it (the test sets the same)


def _logits(batch: int, classes: int) -> np.ndarray:
    return np.sin(np.arange(batch * classes, dtype=np.float32) * 0.37).reshape(batch, classes) * 3


def _graph_generator(tf):
    """A Generator in a TF1 graph: each Session.run of a draw moves its state on."""
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        g = tf.random.Generator.from_seed(21)
        x, y = g.normal([3]), g.uniform([2], 0, 9, dtype=tf.int64)
        with v1.Session() as s:
            s.run(v1.global_variables_initializer())
            values = [s.run(x), s.run(x), s.run(y), s.run(x), s.run(g.state)]
    return np.concatenate([np.asarray(v, np.float64).ravel() for v in tf.nest.flatten(values)])


def _function_draws(tf):
    """Draws inside tf.function: a Generator advanced by each call, stateful ops with the
    function graph's op seeds, their kernels continuing from call to call."""
    g = tf.random.Generator.from_seed(99)

    @tf.function
    def f(x):
        return [g.normal([4]) + x, g.uniform([3], 0, 50, dtype=tf.int32), g.truncated_normal([3]),
                tf.random.normal([4]) + x, tf.random.uniform([3], seed=2), tf.random.shuffle(tf.range(9)),
                tf.random.uniform([2], 0, 7, dtype=tf.int64)]
    parts = [p for _ in range(3) for p in f(tf.zeros([4]))] + [g.state, g.normal([2])]
    return np.concatenate([np.asarray(p.numpy(), np.float64).ravel() for p in parts])


def _digest(t) -> np.ndarray:
    """Every bit of a large draw in two integers (sum and index-weighted sum of its 32-bit words),
    and its first values."""
    x = np.asarray(t)
    words = x.view(np.uint32).ravel().astype(np.uint64)
    weighted = (words * (np.arange(words.size, dtype=np.uint64) + np.uint64(1))).sum()
    return np.concatenate([np.array([words.sum(), weighted], np.uint64), x.ravel()[:64].view(np.uint32)])


def _iterations(ds, count: int) -> np.ndarray:
    """A dataset's order over ``count`` iterations (a reshuffling dataset changes between them)."""
    return np.array([[int(v) for v in ds] for _ in range(count)], np.int64)


def keras_cases(tf, keras):
    """(name, thunk) pairs run after ``keras.utils.set_random_seed(seed)``, in this order."""
    def dense_model():
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="relu"),
                                  keras.layers.Dropout(0.3), keras.layers.Dense(2)])
        x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6)
        return np.concatenate([np.asarray(w.numpy()).ravel() for w in model.weights]
                              + [np.asarray(model(x, training=True)).ravel(), np.asarray(model(x, training=True)).ravel()])

    def layer_weights(layer, shape):
        layer.build(shape)
        return np.concatenate([np.asarray(w.numpy()).ravel() for w in layer.weights])

    init = keras.initializers
    return [
        ("dense_dropout", dense_model),
        ("conv2d", lambda: layer_weights(keras.layers.Conv2D(3, 3), (None, 6, 6, 2))),
        ("embedding", lambda: layer_weights(keras.layers.Embedding(10, 4), (None,))),
        ("lstm_kernel", lambda: _lstm(keras)[0]),
        ("approx_lstm_recurrent", lambda: _lstm(keras)[1]),
        ("glorot_uniform", lambda: init.GlorotUniform()((7, 3))),
        ("glorot_normal", lambda: init.GlorotNormal(seed=4)((7, 3))),
        ("he_normal", lambda: init.HeNormal()((5, 4))),
        ("he_uniform", lambda: init.HeUniform(seed=9)((3, 3, 2, 2))),
        ("lecun_normal", lambda: init.LecunNormal()((4, 4))),
        ("random_normal", lambda: init.RandomNormal(0.5, 2.0)((9,))),
        ("random_uniform", lambda: init.RandomUniform(-1.0, 1.0, seed=3)((9,))),
        ("truncated_normal", lambda: init.TruncatedNormal(seed=keras.random.SeedGenerator(7))((30,))),
        ("variance_scaling", lambda: init.VarianceScaling(2.0, "fan_out", "untruncated_normal")((6, 2))),
        ("approx_orthogonal", lambda: init.Orthogonal(seed=1)((4, 6))),
        ("keras_random", lambda: np.concatenate([np.asarray(keras.random.normal((5,))),
                                                 np.asarray(keras.random.uniform((5,), seed=4)),
                                                 np.asarray(keras.random.uniform((5,)))])),
    ]


def _lstm(keras):
    layer = keras.layers.LSTM(3)
    layer.build((None, 4, 2))
    return [np.asarray(w.numpy()) for w in layer.weights[:2]]


def _generator(tf):
    g = tf.random.Generator.from_seed(1234)
    parts = [g.normal([5]), g.uniform([3]), g.uniform([4], 0, 100, dtype=tf.int64), g.truncated_normal([6])]
    a, b = g.split(2)
    parts += [a.normal([3]), b.uniform([2]), g.state]
    return np.concatenate([np.asarray(p.numpy(), np.float64).ravel() for p in parts])


def _v1_initializers(tf):
    v1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v1.set_random_seed(5)
        a = v1.get_variable("a", [4, 3])
        b = v1.get_variable("b", [3], initializer=v1.random_normal_initializer(0.5, 2.0))
        r = tf.random.uniform([2])
        c = v1.get_variable("c", [2, 2], initializer=v1.truncated_normal_initializer(seed=7))
        with v1.Session() as s:
            s.run(v1.global_variables_initializer())
            values = s.run([a, b, c, r, r])
    return np.concatenate([np.asarray(v).ravel() for v in values])


def record(tf, keras) -> dict[str, np.ndarray]:
    data = {}
    for seed in SEEDS:
        tf.random.set_seed(seed)
        for name, thunk in cases(tf, keras):
            data[f"{seed}/{name}"] = np.asarray(thunk())
        keras.utils.set_random_seed(seed)
        for name, thunk in keras_cases(tf, keras):
            data[f"{seed}/keras/{name}"] = np.asarray(thunk())
    return data


if __name__ == "__main__":
    import keras
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(INTRA_OP_THREADS)
    data = record(tf, keras)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **data)
    print(f"{len(data)} arrays -> {os.path.relpath(OUT)}", file=sys.stderr)
