# A small Keras CNN (Conv2D, MaxPooling2D, Flatten, Dense) trained with compile / fit on a
# tf.data pipeline (from_tensor_slices / shuffle / batch), then evaluated; data from numpy, the
# initial weights from keras.utils.set_random_seed (Keras's own initializers, whose stream gradcompat
# reproduces). The full-batch pipeline makes each epoch's step independent of the shuffled order.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
images = rng.uniform(0.0, 1.0, size=(32, 8, 8, 1)).astype(np.float32)
labels = (images[:, :4].mean(axis=(1, 2, 3)) * 3 > images[:, 4:].mean(axis=(1, 2, 3)) * 3).astype(np.int64)
labels += (images[:, :, :4].mean(axis=(1, 2, 3)) > 0.5).astype(np.int64)

tf.keras.utils.set_random_seed(7)
model = tf.keras.Sequential([
    tf.keras.Input((8, 8, 1)),
    tf.keras.layers.Conv2D(4, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(2),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()

train = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(32, seed=0).batch(32)
test = tf.data.Dataset.from_tensor_slices((images, labels)).batch(8)
report = tf.keras.callbacks.LambdaCallback(
    on_epoch_end=lambda epoch, logs: print(
        f"epoch {epoch + 1}: loss {logs['loss']:.4f} accuracy {logs['accuracy']:.4f} "
        f"val_loss {logs['val_loss']:.4f}"))
history = model.fit(train, epochs=8, validation_data=test, verbose=0, callbacks=[report])
print("history keys:", sorted(history.history))
loss, accuracy = model.evaluate(test, verbose=0)
print(f"test loss {loss:.4f} accuracy {accuracy:.4f}")
print("predictions:", model.predict(test, verbose=0).argmax(axis=1)[:10])
