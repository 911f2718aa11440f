# keras.utils.PyDataset (and the TF-2 name keras.utils.Sequence) as fit / evaluate / predict
# input: batches by index, num_batches from __len__, epoch hooks, workers accepted, shuffled
# batch order a permutation, fit's verbose=2 lines, errors.
import warnings

import numpy as np
import keras
from harness import emit, emit_text, expect_error
from keras_printing import run_printed

rng = np.random.default_rng(0)
X = rng.normal(size=(12, 3)).astype(np.float32)
Y = rng.normal(size=(12, 2)).astype(np.float32)
weights = [rng.normal(size=(3, 2)).astype(np.float32) * 0.5, np.full(2, 0.1, np.float32)]


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y=None, batch_size=4, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.seen, self.events = [], []

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, index):
        self.seen.append(index)
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part] if self.y is None else (self.x[part], self.y[part])

    def on_epoch_end(self):
        self.events.append("end")


def make_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return model


emit("sequence_alias", keras.utils.Sequence is keras.utils.PyDataset)
data = Batches(X, Y)
emit("num_batches", data.num_batches)
emit("defaults", [data.workers, data.use_multiprocessing, data.max_queue_size])
model = make_model()
history, printed = run_printed(lambda: model.fit(data, epochs=2, shuffle=False, verbose=2))
emit_text("fit_verbose2", printed)
emit("history", history.history)
emit("weights", model.get_weights())
emit("epoch_end_called", len(data.events) >= 2)

threaded = Batches(X, Y, workers=2, use_multiprocessing=False, max_queue_size=2)
model = make_model()
history = model.fit(threaded, epochs=2, shuffle=False, verbose=0)
emit("history_workers", history.history)
emit("weights_workers", model.get_weights())

shuffled = Batches(X, Y)
model = make_model()
model.fit(shuffled, epochs=1, shuffle=True, verbose=0)
emit("shuffled_is_permutation", sorted(shuffled.seen[-3:]) == [0, 1, 2])

model = make_model()
emit("evaluate", model.evaluate(Batches(X, Y, batch_size=5), verbose=0))
emit("predict", model.predict(Batches(X, batch_size=5), verbose=0))
emit("fit_validation", make_model().fit(Batches(X, Y), validation_data=Batches(X[:6], Y[:6], batch_size=3),
                                        epochs=1, shuffle=False, verbose=0).history)


class NoSuper(keras.utils.PyDataset):
    def __init__(self):
        pass

    def __len__(self):
        return 1

    def __getitem__(self, index):
        return X[:4], Y[:4]


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    workers = NoSuper().workers
emit("nosuper_workers", workers)
emit("nosuper_warned", any("should call `super().__init__(**kwargs)`" in str(w.message) for w in caught))


class Bad(Batches):
    def __getitem__(self, index):
        return [X[:4], Y[:4], Y[:4], Y[:4]]


expect_error("fit_with_y", lambda: make_model().fit(Batches(X, Y), Y, verbose=0), "`y` should not be passed")
expect_error("bad_batch", lambda: make_model().fit(Bad(X, Y), verbose=0), "must return a tuple or a dict")
