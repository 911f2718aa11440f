# Keras 3 multi-output models: per-output losses and metrics in compile (lists, dicts keyed by
# output names, None entries), loss_weights, the per-output log names in fit / evaluate
# (out_a_loss, out_b_mae, ...), metrics_names, fit's verbose=2 lines, targets as a dict, errors.
import numpy as np
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed

rng = np.random.default_rng(0)
X = rng.normal(size=(8, 3)).astype(np.float32)
ya = rng.integers(0, 3, size=8)
yb = rng.normal(size=(8, 1)).astype(np.float32)
weights = [rng.normal(size=(3, 4)).astype(np.float32) * 0.5, np.full(4, 0.1, np.float32),
           rng.normal(size=(4, 3)).astype(np.float32) * 0.5, np.zeros(3, np.float32),
           rng.normal(size=(4, 1)).astype(np.float32) * 0.5, np.zeros(1, np.float32)]


def make(names=("out_a", "out_b")):
    inp = keras.Input((3,))
    h = keras.layers.Dense(4, activation="relu", name="hidden")(inp)
    a = keras.layers.Dense(3, activation="softmax", name=names[0])(h)
    b = keras.layers.Dense(1, name=names[1])(h)
    model = keras.Model(inp, [a, b])
    model.set_weights(weights)
    return model


model = make()
emit_text("output_names", model.output_names)
model.compile(keras.optimizers.SGD(0.1), loss=["sparse_categorical_crossentropy", "mse"],
              metrics=[["accuracy"], ["mae"]])
history, printed = run_printed(lambda: model.fit(X, [ya, yb], batch_size=4, epochs=2, shuffle=False, verbose=2))
emit_text("fit_list_verbose2", printed)
emit("history_list", history.history)
emit_text("history_list_keys", sorted(history.history))
emit_text("metrics_names_list", model.metrics_names)
emit("weights_list", model.get_weights())
emit("evaluate_list", model.evaluate(X, [ya, yb], verbose=0))
emit("evaluate_list_dict", model.evaluate(X, [ya, yb], verbose=0, return_dict=True))

model = make()
model.compile(keras.optimizers.SGD(0.1), loss={"out_b": "mse", "out_a": "sparse_categorical_crossentropy"},
              metrics={"out_a": "accuracy", "out_b": ["mae", "mse"]}, loss_weights={"out_a": 1.0, "out_b": 0.5})
history = model.fit(X, {"out_a": ya, "out_b": yb}, batch_size=4, epochs=2, shuffle=False, verbose=0)
emit("history_dict", history.history)
emit_text("metrics_names_dict", model.metrics_names)
emit("weights_dict", model.get_weights())

model = make()
model.compile(keras.optimizers.SGD(0.1), loss=["sparse_categorical_crossentropy", None],
              metrics=[["accuracy"], None], loss_weights=[2.0, 1.0])
history = model.fit(X, [ya, yb], batch_size=4, epochs=1, shuffle=False, verbose=0)
emit("history_none", history.history)
emit_text("metrics_names_none", model.metrics_names)

model = make(("dense_1", "dense_2"))
model.compile(keras.optimizers.SGD(0.1), loss="mse", weighted_metrics=[["mae"], ["mae", "mse"]])
history = model.fit(X, [yb, yb], sample_weight=np.linspace(0.5, 1.5, 8).astype(np.float32), batch_size=8,
                    verbose=0)
emit("history_same_loss", history.history)
emit_text("metrics_names_same_loss", model.metrics_names)

model = make()
model.compile("sgd", loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy"])
expect_error("metrics_list_short", lambda: model.fit(X, [ya, yb], verbose=0), "Invalid `metrics`")
model = make()
model.compile("sgd", loss={"out_a": "mse", "other": "mse"})
expect_error("loss_dict_keys", lambda: model.fit(X, [ya, yb], verbose=0), "in loss dict")

model = make()
model.compile(keras.optimizers.SGD(0.1), loss=["sparse_categorical_crossentropy", "mse"],
              metrics={"out_a": ["accuracy"]}, loss_weights=[0.5, 2.0])
history, printed = run_printed(lambda: model.fit(X, [ya, yb], batch_size=4, epochs=1, shuffle=False, verbose=2,
                                                 validation_data=(X[:4], [ya[:4], yb[:4]])))
emit_text("fit_validation_verbose2", printed)
emit("history_validation", history.history)
emit("predict_two_outputs", model.predict(X[:3], verbose=0))
