"""``keras.utils``: ``to_categorical``, ``Progbar``, ``set_random_seed`` and the data-packing helpers."""
from __future__ import annotations

import random as _random

import numpy as np

from .progbar import Progbar  # noqa: F401
from .py_dataset import PyDataset, Sequence  # noqa: F401
from .trainer_data import pack_x_y_sample_weight, unpack_x_y_sample_weight  # noqa: F401


def to_categorical(x, num_classes: int | None = None) -> np.ndarray:
    """``keras.utils.to_categorical``: integer labels to one-hot float64 rows (numpy) (a trailing axis of
    size 1 is dropped first; ``num_classes`` defaults to ``max(x) + 1``)."""
    if hasattr(x, "numpy"):
        x = x.numpy()
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = tuple(shape[:-1])
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(shape + (num_classes,))


def set_random_seed(seed: int) -> None:
    """``keras.utils.set_random_seed``: seeds Python's, numpy's and TensorFlow's generators."""
    from .random import reset_global_seed_generator
    reset_global_seed_generator()  # Keras drops its global SeedGenerator; it is remade from `random`
    _random.seed(seed)
    np.random.seed(seed)
    try:
        from .. import random as tf_random
        tf_random.set_seed(seed)
    except (ImportError, AttributeError):
        pass


__all__ = ["Progbar", "PyDataset", "Sequence", "pack_x_y_sample_weight", "set_random_seed", "to_categorical",
           "unpack_x_y_sample_weight"]
