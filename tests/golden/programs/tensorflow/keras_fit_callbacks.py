# Keras 3 callbacks: a Callback recording every hook (order, arguments, log keys and values),
# EarlyStopping with restore_best_weights, ModelCheckpoint (save_best_only, .keras and
# .weights.h5 names with {epoch}), LearningRateScheduler, ReduceLROnPlateau, CSVLogger,
# LambdaCallback; stop_training from a callback; their printed messages.
import csv
import os
import tempfile

import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed

rng = np.random.default_rng(2)
X = rng.normal(size=(12, 3)).astype(np.float32)
Y = (X @ np.array([[1.0], [-1.0], [0.5]], np.float32)).astype(np.float32)
start = [rng.normal(size=(3, 4)).astype(np.float32) * 0.5, np.zeros(4, np.float32),
         rng.normal(size=(4, 1)).astype(np.float32) * 0.5, np.zeros(1, np.float32)]
workdir = tempfile.mkdtemp()


def model(lr=0.05):
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    m.set_weights(start)
    m.compile(optimizer=keras.optimizers.SGD(lr), loss="mse", metrics=["mae"])
    return m


class Recorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def _log(self, name, *args, logs=None):
        self.calls.append([name, *args, sorted(logs) if logs else None])


for hook in ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
             "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
             "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end"]:
    def method(self, *args, _hook=hook, logs=None):
        positional = bool(args) and isinstance(args[-1], dict)  # Keras passes some logs positionally
        if positional:
            *args, logs = args
        self._log(_hook, *args, "positional" if positional else "keyword", logs=logs)
    setattr(Recorder, hook, method)

recorder = Recorder()
m = model()
m.fit(X, Y, batch_size=6, epochs=2, verbose=0, shuffle=False, validation_data=(X[:4], Y[:4]), callbacks=[recorder])
emit_text("fit_hooks", recorder.calls)
emit_text("params", sorted(recorder.params.items()))
emit("model_is_set", recorder.model is m)
recorder.calls.clear()
m.evaluate(X, Y, batch_size=6, verbose=0, callbacks=[recorder])
m.predict(X, batch_size=6, verbose=0, callbacks=[recorder])
emit_text("evaluate_predict_hooks", recorder.calls)


class LogValues(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        emit(f"epoch_logs_{epoch}", logs)

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            emit(f"batch_logs_{batch}", logs)
            emit_text("batch_log_types", sorted(type(v).__name__ for v in logs.values()))


model().fit(X, Y, batch_size=6, epochs=1, verbose=0, shuffle=False, callbacks=[LogValues()])

# EarlyStopping: loss goes up with a large learning rate; restore the best weights
m = model(lr=0.4)
stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True, verbose=1)
history, printed = run_printed(lambda: m.fit(X, Y, batch_size=12, epochs=8, verbose=0, shuffle=False,
                                             callbacks=[stopper]))
emit("early_history", history.history)
emit_text("early_printed", printed)
emit("early_stopped_epoch", stopper.stopped_epoch)
emit("early_best", stopper.best)
emit("early_weights", m.get_weights())

# ModelCheckpoint: best only, monitored on val_loss; file names with the epoch
m = model()
best = os.path.join(workdir, "best.keras")
every = os.path.join(workdir, "w_{epoch:02d}.weights.h5")
checkpoints = [keras.callbacks.ModelCheckpoint(best, monitor="val_loss", save_best_only=True, verbose=1),
               keras.callbacks.ModelCheckpoint(every, save_weights_only=True)]
_, printed = run_printed(lambda: m.fit(X, Y, batch_size=6, epochs=3, verbose=0, shuffle=False,
                                       validation_data=(X[:4], Y[:4]), callbacks=checkpoints))
emit_text("checkpoint_printed", printed.replace(workdir, "DIR"))
emit_text("checkpoint_files", sorted(os.listdir(workdir)))
restored = keras.models.load_model(best)
emit("checkpoint_restored_predict", restored.predict(X[:3], verbose=0))
expect_error("checkpoint_bad_name", lambda: keras.callbacks.ModelCheckpoint(os.path.join(workdir, "x.h6")),
             "must end in `.keras`")
expect_error("checkpoint_weights_name", lambda: keras.callbacks.ModelCheckpoint(
    os.path.join(workdir, "x.keras"), save_weights_only=True), "must end in `.weights.h5`")

# LearningRateScheduler (two-argument and one-argument schedules) and ReduceLROnPlateau
m = model()
scheduler = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr, verbose=1)
history, printed = run_printed(lambda: m.fit(X, Y, batch_size=6, epochs=3, verbose=0, shuffle=False,
                                             callbacks=[scheduler]))
emit("scheduler_history", history.history)
emit_text("scheduler_printed", printed)
m = model()
history = m.fit(X, Y, batch_size=6, epochs=2, verbose=0, shuffle=False,
                callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))])
emit("scheduler_one_arg", history.history)
m = model(lr=0.6)
plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, verbose=1, min_lr=0.1)
history, printed = run_printed(lambda: m.fit(X, Y, batch_size=12, epochs=5, verbose=0, shuffle=False,
                                             callbacks=[plateau]))
emit("plateau_history", history.history)
emit_text("plateau_printed", printed)
emit("plateau_lr", m.optimizer.learning_rate)

# CSVLogger and LambdaCallback; a callback stopping training
path = os.path.join(workdir, "log.csv")
seen = []
m = model()
m.fit(X, Y, batch_size=6, epochs=2, verbose=0, shuffle=False, validation_data=(X[:4], Y[:4]),
      callbacks=[keras.callbacks.CSVLogger(path),
                 keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch),
                                                on_train_end=lambda logs: seen.append("end"))])
with open(path) as f:
    rows = list(csv.reader(f))
emit_text("csv_header", rows[0])
emit("csv_values", [[float(v) for v in row] for row in rows[1:]])
emit_text("lambda_seen", seen)


class StopAfterOne(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        self.model.stop_training = True


history = model().fit(X, Y, batch_size=4, epochs=3, verbose=0, shuffle=False, callbacks=[StopAfterOne()])
emit("stopped_history", history.history)
emit("stopped_epochs", history.epoch)
