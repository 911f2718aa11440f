# Keras 3's TF-backend custom training idioms: a train_step / test_step override (GradientTape,
# compute_loss, optimizer.apply / apply_gradients, compute_metrics, metrics held as attributes,
# returning a dict), fit on a tf.data.Dataset (from_tensor_slices / batch; cardinality gives the
# steps) and on a Python generator (unknown steps, steps_per_epoch), with their printed lines.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed

rng = np.random.default_rng(3)
X = rng.normal(size=(12, 3)).astype(np.float32)
Y = (X @ np.array([[1.0], [-1.0], [0.5]], np.float32) + 0.2).astype(np.float32)
start = [rng.normal(size=(3, 4)).astype(np.float32) * 0.5, np.zeros(4, np.float32),
         rng.normal(size=(4, 1)).astype(np.float32) * 0.5, np.zeros(1, np.float32)]


class GuideModel(keras.Sequential):
    """The Keras guide's train_step: compute_loss, apply, self.metrics updated by hand."""

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply(gradients, trainable_vars)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def layers():
    return [keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)]


m = GuideModel(layers())
m.set_weights(start)
m.compile(optimizer="sgd", loss="mse", metrics=["mae"])
history, printed = run_printed(lambda: m.fit(X, Y, batch_size=4, epochs=2, verbose=2, shuffle=False))
emit("guide_history", history.history)
emit_text("guide_printed", printed)
emit("guide_weights", m.get_weights())


class OwnMetrics(keras.Sequential):
    """Own loss tracker and metric attributes, apply_gradients, a test_step override."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = keras.losses.mean_squared_error(y, y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.loss_tracker.update_state(keras.losses.mean_squared_error(y, y_pred))
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


m = OwnMetrics(layers())
m.set_weights(start)
m.compile(optimizer=keras.optimizers.Adam(0.05))
history, printed = run_printed(lambda: m.fit(X, Y, batch_size=6, epochs=2, verbose=2, shuffle=False,
                                             validation_data=(X[:6], Y[:6])))
emit("own_history", history.history)
emit_text("own_printed", printed)
emit("own_evaluate", m.evaluate(X, Y, batch_size=6, verbose=0, return_dict=True))

# tf.data pipeline
dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(5)
m = keras.Sequential(layers())
m.set_weights(start)
m.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse", metrics=["mae"])
history, printed = run_printed(lambda: m.fit(dataset, epochs=2, verbose=2, validation_data=dataset.take(1)))
emit("dataset_history", history.history)
emit_text("dataset_printed", printed)
emit("dataset_evaluate", m.evaluate(dataset, verbose=0))
emit("dataset_predict", m.predict(tf.data.Dataset.from_tensor_slices(X).batch(5), verbose=0))
expect_error("dataset_with_y", lambda: m.fit(dataset, Y, verbose=0), "`y`")


# Python generator: unknown number of steps; then steps_per_epoch over an endless one
def batches(repeat=False):
    while True:
        for i in range(0, 12, 4):
            yield X[i:i + 4], Y[i:i + 4]
        if not repeat:
            return


m = keras.Sequential(layers())
m.set_weights(start)
m.compile(optimizer="sgd", loss="mse")
history, printed = run_printed(lambda: m.fit(batches(), epochs=1, verbose=2))
emit("generator_history", history.history)
emit_text("generator_printed", printed)
history, printed = run_printed(lambda: m.fit(batches(repeat=True), steps_per_epoch=2, epochs=3, verbose=2))
emit("generator_steps_history", history.history)
emit_text("generator_steps_printed", printed)
emit("generator_weights", m.get_weights())
