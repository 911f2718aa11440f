# Keras 3 compile / fit / evaluate / predict on a Dense classifier with weights from numpy:
# fit's verbose=2 and verbose=1 lines (time fields normalized on both sides), History,
# evaluate's list and dict, predict, train_on_batch / test_on_batch, metrics names, summary(),
# count_params, and the errors for fit before compile and mismatched sample counts.
import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed


rng = np.random.default_rng(0)
X = rng.normal(size=(20, 4)).astype(np.float32)
y = rng.integers(0, 3, size=20)
weights = [rng.normal(size=(4, 5)).astype(np.float32) * 0.5, np.full(5, 0.1, np.float32),
           rng.normal(size=(5, 3)).astype(np.float32) * 0.5, np.zeros(3, np.float32)]


def make_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.set_weights(weights)
    return model


model = make_model()
expect_error("fit_before_compile", lambda: model.fit(X, y, verbose=0), "You must call `compile()`")
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
emit_text("metrics_names_before_fit", model.metrics_names)
history, printed = run_printed(lambda: model.fit(X, y, batch_size=8, epochs=3, verbose=2, shuffle=False,
                                                 validation_data=(X[:6], y[:6])))
emit_text("fit_verbose2", printed)
emit("history", history.history)
emit_text("history_keys", list(history.history))
emit("history_epoch", history.epoch)
emit("history_params", history.params)
emit("weights_after_fit", model.get_weights())
emit_text("metrics_names", model.metrics_names)
emit_text("metric_types", [type(m).__name__ for m in model.metrics])
result, printed = run_printed(lambda: model.evaluate(X, y, verbose=2))
emit("evaluate_list", result)
emit_text("evaluate_verbose2", printed)
result, printed = run_printed(lambda: model.evaluate(X, y, batch_size=6, verbose=0, return_dict=True))
emit("evaluate_dict", result)
emit_text("evaluate_verbose0", printed)
emit("predict", model.predict(X[:7], batch_size=4, verbose=0))
emit("predict_type", type(model.predict(X[:2], verbose=0)).__name__)
emit("train_on_batch", model.train_on_batch(X[:8], y[:8]))
emit("train_on_batch_dict", model.train_on_batch(X[:8], y[:8], return_dict=True))
emit("test_on_batch", model.test_on_batch(X[:8], y[:8]))
emit("predict_on_batch", model.predict_on_batch(X[:3]))
emit("count_params", model.count_params())
_, printed = run_printed(model.summary)
emit_text("summary_compiled", printed)

fresh = make_model()
fresh.compile(optimizer=keras.optimizers.SGD(0.1), loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
_, printed = run_printed(lambda: fresh.fit(X, y, batch_size=8, epochs=2, verbose=1, shuffle=False))
emit_text("fit_verbose1", printed)
_, printed = run_printed(lambda: fresh.fit(X, y, batch_size=8, epochs=1, verbose=0, shuffle=False))
emit_text("fit_verbose0", printed)
_, printed = run_printed(lambda: fresh.evaluate(X, y, verbose=1))
emit_text("evaluate_verbose1", printed)
_, printed = run_printed(lambda: fresh.predict(X, verbose=2))
emit_text("predict_verbose2", printed)
emit("sgd_weights", fresh.get_weights())
_, printed = run_printed(fresh.summary)
emit_text("summary", printed)
expect_error("cardinality", lambda: fresh.fit(X, y[:10], verbose=0), "Data cardinality is ambiguous")
