# Keras 3 compile by name and object: categorical / binary crossentropy with 'accuracy' resolved
# by the shapes, from_logits losses, mse / mae metrics, loss_weights, class_weight, sample_weight,
# validation_split, initial_epoch, steps_per_epoch, run_eagerly, jit_compile; to_categorical.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed

rng = np.random.default_rng(1)
X = rng.normal(size=(16, 4)).astype(np.float32)
labels = rng.integers(0, 3, size=16)
w1 = rng.normal(size=(4, 5)).astype(np.float32) * 0.5
w2 = rng.normal(size=(5, 3)).astype(np.float32) * 0.5
onehot = keras.utils.to_categorical(labels, 3)
emit("to_categorical", onehot[:4])
emit("to_categorical_column", keras.utils.to_categorical(np.array([[1], [0]]), num_classes=4))


def model(units=3, activation="softmax"):
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"),
                          keras.layers.Dense(units, activation=activation)])
    m.set_weights([w1, np.full(5, 0.1, np.float32), w2[:, :units], np.zeros(units, np.float32)])
    return m


def fit(m, *args, **kwargs):
    history, printed = run_printed(lambda: m.fit(*args, **kwargs))
    return history.history, printed


# categorical crossentropy on one-hot targets: 'accuracy' is categorical accuracy
m = model()
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy", "mae"])
h, printed = fit(m, X, onehot, batch_size=8, epochs=2, verbose=2, shuffle=False, validation_split=0.25)
emit("categorical", h)
emit_text("categorical_printed", printed)
emit_text("categorical_metric_types", [type(x).__name__ for x in m._compile_metrics.metrics]
          if hasattr(m, "_compile_metrics") else [])

# binary crossentropy from one sigmoid unit: 'accuracy' is binary accuracy; loss_weights
binary = (labels > 0).astype(np.float32)
m = model(1, "sigmoid")
m.compile(optimizer=keras.optimizers.SGD(0.5, momentum=0.9), loss="binary_crossentropy", metrics=["accuracy"],
          loss_weights=2.0)
h, printed = fit(m, X, binary, batch_size=4, epochs=2, verbose=2, shuffle=False)
emit("binary", h)
emit_text("binary_printed", printed)
emit("binary_evaluate", m.evaluate(X, binary, verbose=0))

# logits with loss objects, class_weight, run_eagerly
m = model(3, None)
m.compile(optimizer=keras.optimizers.Adam(0.05), run_eagerly=True,
          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
          metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")])
h, printed = fit(m, X, labels, batch_size=8, epochs=2, verbose=2, shuffle=False, class_weight={0: 1.0, 1: 2.0, 2: 0.5})
emit("class_weight", h)
emit_text("class_weight_printed", printed)
emit("run_eagerly", m.run_eagerly)

# regression: mse loss, mae metric, sample_weight, initial_epoch, steps_per_epoch, jit_compile
target = (X @ rng.normal(size=(4, 1))).astype(np.float32)
m = model(1, None)
m.compile(optimizer="adam", loss="mse", metrics=["mae", keras.metrics.MeanSquaredError()], jit_compile=True)
sample_weight = np.linspace(0.5, 2.0, 16).astype(np.float32)
h, printed = fit(m, X, target, sample_weight=sample_weight, batch_size=4, epochs=4, initial_epoch=2, verbose=2,
                 shuffle=False)
emit("regression", h)
emit_text("regression_printed", printed)
history, printed = run_printed(lambda: m.fit(X, target, batch_size=4, epochs=2, steps_per_epoch=3, verbose=2,
                                             shuffle=False))
emit("steps_per_epoch", history.history)
emit_text("steps_per_epoch_printed", printed)
emit("regression_weights", m.get_weights())
emit("mae_loss_logits", keras.losses.BinaryCrossentropy(from_logits=True)(binary[:4], X[:4, :1]))
emit("cce_fn", keras.losses.categorical_crossentropy(onehot[:3], np.array(
    [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], np.float32)))
emit("bce_fn", keras.losses.binary_crossentropy(binary[:4, None], np.array([[0.9], [0.2], [0.6], [0.5]], np.float32)))
emit("mae_fn", keras.losses.mean_absolute_error(target[:3], np.zeros((3, 1), np.float32)))
expect_error("bad_split", lambda: m.fit(X[:1], target[:1], validation_split=0.5, verbose=0), "not sufficient")

# errors for bad input
fresh = model()
expect_error("evaluate_before_compile", lambda: fresh.evaluate(X, labels, verbose=0), "You must call `compile()`")
expect_error("bad_optimizer", lambda: fresh.compile(optimizer="nope", loss="mse"), "Could not interpret optimizer")
fresh.compile(optimizer="sgd", loss="mse", metrics=["nope"])
expect_error("bad_metric", lambda: fresh.fit(X, onehot, verbose=0), "Could not interpret metric identifier")
fresh.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
expect_error("sparse_labels_for_categorical", lambda: fresh.fit(X, labels, verbose=0), "must have the same rank")
expect_error("bad_x", lambda: fresh.fit("images", onehot, verbose=0), "Unrecognized data type")
expect_error("bad_features", lambda: fresh.fit(X[:, :3], onehot, verbose=0), "is incompatible with the layer")
