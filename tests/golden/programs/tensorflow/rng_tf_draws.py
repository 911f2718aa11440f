# Issue 16: TF's and Keras's random streams, as seen by a user: tf.random ops under the global
# and op seed rules (repeated calls continue a kernel's stream), several sizes and dtypes,
# stateless ops, shuffle, categorical, dropout, tf.random.Generator, and the default
# initialisation of each Keras layer with weights after keras.utils.set_random_seed.
import numpy as np
import tensorflow as tf
import keras
from harness import emit

tf.random.set_seed(2024)
emit("uniform", tf.random.uniform([2, 3]))
emit("uniform_again", tf.random.uniform([2, 3]))
emit("uniform_op_seed", [tf.random.uniform([3], seed=7), tf.random.uniform([3], seed=7)])
emit("uniform_range_f64", tf.random.uniform([4], -3.0, 5.0, dtype=tf.float64))
emit("uniform_int", tf.random.uniform([12], 0, 10, dtype=tf.int32))
emit("uniform_int64", tf.random.uniform([5], -2**40, 2**40, dtype=tf.int64))
for n in (1, 5, 257):
    emit(f"normal_{n}", tf.random.normal([n], 1.0, 0.5))
    emit(f"truncated_{n}", tf.random.truncated_normal([n]))
emit("normal_f16", tf.random.normal([6], dtype=tf.float16))
emit("shuffle", tf.random.shuffle(tf.range(20)))
emit("categorical", tf.random.categorical(tf.math.log([[0.2, 0.3, 0.5]]), 10))
emit("dropout", tf.nn.dropout(tf.ones([3, 4]), 0.5))
emit("stateless", [tf.random.stateless_uniform([4], seed=[1, 2]), tf.random.stateless_normal([4], seed=[1, 2]),
                   tf.random.stateless_truncated_normal([4], seed=[3, 4]),
                   tf.random.stateless_uniform([4], seed=[5, 6], minval=0, maxval=100, dtype=tf.int32)])
g = tf.random.Generator.from_seed(42)
emit("generator", [g.normal([3]), g.uniform([3]), g.state.numpy()])
emit("generator_split", [child.normal([2]) for child in g.split(2)])

# without a global seed, an op seed alone fixes the stream (TF's default graph seed)
tf.random.set_seed(None)
emit("op_seed_only", tf.random.uniform([3], seed=5))

keras.utils.set_random_seed(11)
layers = [(keras.layers.Dense(4), (None, 3)), (keras.layers.Conv1D(2, 3), (None, 5, 2)),
          (keras.layers.Conv2D(2, 2), (None, 4, 4, 3)), (keras.layers.Embedding(6, 3), (None,)),
          (keras.layers.SimpleRNN(3), (None, 2, 2)), (keras.layers.LSTM(2), (None, 2, 3)),
          (keras.layers.GRU(2), (None, 2, 3)), (keras.layers.BatchNormalization(), (None, 3)),
          (keras.layers.LayerNormalization(), (None, 3))]
for layer, shape in layers:
    layer.build(shape)
    emit(f"init_{type(layer).__name__}", [w.numpy() for w in layer.weights])
emit("keras_random", [keras.random.normal((3,)), keras.random.uniform((3,), seed=1),
                      keras.initializers.TruncatedNormal(seed=3)((4,))])

# sublayers' initializers: MultiHeadAttention clones one per projection (EinsumDense fans),
# Bidirectional remakes the backward layer from its config (fresh default seeds)
keras.utils.set_random_seed(12)
mha = keras.layers.MultiHeadAttention(2, 3)
mha(np.ones((1, 2, 4), np.float32), np.ones((1, 3, 4), np.float32))
emit("init_MultiHeadAttention", [w.numpy() for w in mha.weights])
bi = keras.layers.Bidirectional(keras.layers.GRU(2))
bi.build((None, 3, 2))
emit("init_Bidirectional", [w.numpy() for w in bi.weights])
