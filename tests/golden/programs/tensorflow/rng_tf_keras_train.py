# Issue 16: a seeded Keras 3 training run whose numbers come from TF's / Keras's own random
# streams, no weights set by hand: keras.utils.set_random_seed, default Dense initializers
# (GlorotUniform kernels from Python's `random`-drawn seeds), a Dropout layer's SeedGenerator
# masks at each step, data drawn with tf.random (stateful and stateless ops), 20 fit steps with
# Adam, then a GradientTape loop whose dropout masks come from tf.nn.dropout's seeded stream.
import numpy as np
import tensorflow as tf
import keras
from harness import emit

keras.utils.set_random_seed(1234)
X = tf.random.normal([32, 8])
y = tf.random.uniform([32], 0, 3, dtype=tf.int32)
X_val = tf.random.stateless_uniform([6, 8], seed=[3, 4], minval=-1.0, maxval=1.0)

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dropout(0.25), keras.layers.Dense(3, activation="softmax")])
emit("initial_weights", model.get_weights())
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
history = model.fit(X, y, batch_size=32, epochs=20, shuffle=False, verbose=0)
emit("fit_losses", history.history["loss"])
emit("weights_after_fit", model.get_weights())
emit("predict", model.predict(X_val, verbose=0))

# a custom loop: GradientTape, SGD, tf.nn.dropout masks from TF's op-seeded stream
tf.random.set_seed(99)
w = tf.Variable(keras.initializers.HeNormal()((8, 3)))
b = tf.Variable(tf.zeros([3]))
losses = []
for step in range(20):
    with tf.GradientTape() as tape:
        hidden = tf.nn.dropout(X, rate=0.1)
        logits = hidden @ w + b
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    gw, gb = tape.gradient(loss, [w, b])
    w.assign_sub(0.1 * gw)
    b.assign_sub(0.1 * gb)
    losses.append(float(loss))
emit("tape_losses", np.array(losses, np.float32))
emit("tape_weights", [w.numpy(), b.numpy()])

# fit's default shuffle: Keras's epoch order from tf.random.shuffle (seeds: the global seed, 0)
keras.utils.set_random_seed(5)
shuffled = keras.Sequential([keras.Input((8,)), keras.layers.Dense(6, activation="tanh"), keras.layers.Dense(3)])
shuffled.compile(keras.optimizers.SGD(0.1), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
emit("fit_shuffled_losses", shuffled.fit(X, y, batch_size=8, epochs=3, verbose=0).history["loss"])
