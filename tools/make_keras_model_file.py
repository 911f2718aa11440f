"""Writes tests/golden/checkpoints/keras/tiny_rmsprop.keras with the real Keras 3 (and the
predictions / optimizer step it had) for tests/tensorflow/test_keras_training.py:

    .venvs/tensorflow/bin/python tools/make_keras_model_file.py tiny_rmsprop.keras tiny_rmsprop_expected.npz
"""
import numpy as np, keras, sys
rng = np.random.default_rng(5)
X = rng.normal(size=(6, 3)).astype(np.float32); Y = rng.integers(0, 2, size=6)
m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2, activation="softmax")], name="tiny")
m.set_weights([rng.normal(size=(3, 4)).astype(np.float32), np.full(4, 0.1, np.float32), rng.normal(size=(4, 2)).astype(np.float32), np.zeros(2, np.float32)])
m.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
m.fit(X, Y, batch_size=3, epochs=1, verbose=0, shuffle=False)
m.save(sys.argv[1])
np.savez(sys.argv[2], x=X, y=Y, predict=m.predict(X, verbose=0), iterations=int(m.optimizer.iterations.numpy()))
