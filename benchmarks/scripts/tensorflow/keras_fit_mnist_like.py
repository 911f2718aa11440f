# The Keras beginner tutorial's shape on synthetic 28x28 images: Sequential (Flatten, Dense,
# Dropout, Dense), compile with Adam and a from_logits loss, fit with a validation split, evaluate.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x_train = rng.uniform(0, 1, size=(600, 28, 28)).astype(np.float32)
y_train = (x_train[:, :14].mean(axis=(1, 2)) * 20).astype(np.int64) % 10
x_test, y_test = x_train[:100], y_train[:100]

model = tf.keras.models.Sequential([
    tf.keras.Input((28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.1, verbose=2)
print({k: round(v[-1], 3) for k, v in history.history.items()})
print(model.evaluate(x_test, y_test, verbose=2))
