"""What ``fit`` / ``evaluate`` / ``predict`` iterate: batches of ``(x, y, sample_weight)`` from
arrays (sliced, floats cast to float32, shuffled per epoch), a ``tf.data.Dataset`` (iterated as
it is; its ``cardinality()`` is the number of steps) or a Python generator / iterator, with
Keras 3's ``steps_per_epoch`` rules (an iterator continues across epochs; running out of data
ends the epoch with Keras's warning), ``validation_split`` and ``class_weight``."""
from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Iterator

import numpy as np

from .. import dtypes as _dt
from ..nest import flatten, map_structure, pack_sequence_as
from ..tensor import Tensor, convert_to_tensor
from .py_dataset import batches as py_batches, is_py_dataset


def map_data(fn: Callable, structure: Any) -> Any:
    """``fn`` on every array of a (nested) structure; ``None`` stays ``None``."""
    return map_structure(lambda a: None if a is None else fn(a), structure)


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """``keras.utils.unpack_x_y_sample_weight``: ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found: {data}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None) -> tuple:
    """``keras.utils.pack_x_y_sample_weight``."""
    if y is None:
        return x if not isinstance(x, (list, tuple)) else (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def is_dataset(value: Any) -> bool:
    """A ``tf.data.Dataset`` (ours), recognized by its interface."""
    return hasattr(value, "cardinality") and hasattr(value, "element_spec") and hasattr(value, "__iter__")


def _is_array(value: Any) -> bool:
    return isinstance(value, (np.ndarray, Tensor, np.generic)) or hasattr(value, "_as_tensor") or (
        hasattr(value, "__array__") and not isinstance(value, (list, tuple, dict)))


def _to_numpy(value: Any) -> np.ndarray:
    if isinstance(value, Tensor) or hasattr(value, "numpy"):
        return np.asarray(value.numpy())
    return np.asarray(value)


def to_tensor(value: Any) -> Tensor:
    """A batch leaf as a tensor; floats become float32, as Keras's adapters cast them to floatx."""
    if value is None or isinstance(value, Tensor):
        if isinstance(value, Tensor) and value.dtype.is_floating and value.dtype != _dt.float32:
            from ..math_ops import cast
            return cast(value, _dt.float32)
        return value
    array = np.asarray(value)
    if array.dtype.kind == "f" and array.dtype != np.float32:
        array = array.astype(np.float32)
    return convert_to_tensor(array)


def _class_weights(y: Any, class_weight: dict) -> np.ndarray:
    labels = _to_numpy(flatten(y)[0])
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = np.argmax(labels, axis=-1)
    elif labels.ndim == 2:
        labels = labels[:, 0]
    table = np.zeros(max(int(max(class_weight)) + 1, int(labels.max()) + 1 if labels.size else 1), np.float32)
    for key, weight in class_weight.items():
        table[int(key)] = weight
    return table[labels.astype(np.int64)]


def _interrupted_warning() -> None:
    warnings.warn("Your input ran out of data; interrupting training. Make sure that your dataset or generator "
                  "can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()` "
                  "function when building your dataset.", UserWarning, stacklevel=3)


class EpochIterator:
    """Batches for one epoch at a time, as Keras's ``EpochIterator`` hands them to ``fit``."""

    def __init__(self, x=None, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                 shuffle=False, class_weight=None):
        self.steps_per_epoch = steps_per_epoch
        self.class_weight = class_weight
        self._current: Iterator | None = None
        self._seen = 0
        self._py_dataset = None
        if isinstance(x, (str, bytes)) or x is None:
            raise ValueError(f"Unrecognized data type: x={x} (of type {type(x)})")
        if is_py_dataset(x):
            self._init_py_dataset(x, y, sample_weight, shuffle)
        elif is_dataset(x):
            if y is not None:
                raise ValueError("When providing `x` as a tf.data.Dataset, `y` should not be passed. Instead, the "
                                 "targets should be included as part of the tf.data.Dataset.")
            cardinality = int(np.asarray(x.cardinality()))
            self._num_batches = cardinality if cardinality >= 0 else None
            self._make: Callable[[], Iterator] = lambda: (unpack_x_y_sample_weight(e) for e in x)
        elif x is not None and (_is_array(x) or isinstance(x, (list, tuple, dict))) and not _is_iterator(x):
            self._init_arrays(x, y, sample_weight, batch_size, shuffle)
        elif _is_iterator(x) or hasattr(x, "__iter__"):
            source = x
            self._num_batches = len(x) if hasattr(x, "__len__") and not _is_iterator(x) else None
            self._make = lambda: (unpack_x_y_sample_weight(e) for e in source)
        else:
            raise ValueError(f"Unrecognized data type: x={x} (of type {type(x)})")

    def _init_py_dataset(self, x, y, sample_weight, shuffle) -> None:
        for value, arg, what in ((y, "y", "the targets"), (sample_weight, "sample_weights", "the sample weights")):
            if value is not None:
                raise ValueError(f"When providing `x` as a PyDataset, `{arg}` should not be passed. Instead, {what} "
                                 f"should be included as part of the PyDataset.")
        if x.num_batches is None and shuffle:
            warnings.warn("`shuffle=True` was passed, but will be ignored since the data `x` was provided as an "
                          "infinite PyDataset. The PyDataset is expected to already be shuffled.", stacklevel=4)
        self._py_dataset = x
        self._num_batches = x.num_batches
        self._make = lambda: (unpack_x_y_sample_weight(b) for b in py_batches(x, bool(shuffle)))

    def _init_arrays(self, x, y, sample_weight, batch_size, shuffle) -> None:
        data = map_data(_to_numpy, (x, y, sample_weight))
        sizes = {int(a.shape[0]) for a in flatten(data) if a is not None}
        if len(sizes) > 1:
            message = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples."
            for label, part in zip(("x", "y", "sample_weight"), data):
                if part is None:
                    continue
                message += f"'{label}' sizes: {', '.join(str(a.shape[0]) for a in flatten(part))}\n"
            raise ValueError(message)
        count = sizes.pop() if sizes else 0
        batch_size = batch_size or 32
        self._num_batches = int(math.ceil(count / batch_size)) if count else 0
        if self.steps_per_epoch is None and count == 0:
            self._num_batches = 0

        # Keras shuffles with tf.random.shuffle in a tf.data map function traced here: with a
        # global seed its kernel has seeds (global, 0) and, remade per epoch, repeats its order.
        # shuffle="batch" maps tf.random.shuffle over each batch of indices: one kernel per
        # epoch, its stream running on from batch to batch.
        from .. import random_ops
        seeds = random_ops.function_op_seeds() if shuffle else None

        def make():
            order = np.arange(count)
            if shuffle and shuffle != "batch":
                order = random_ops.kernel_permutation(seeds, count)
            kernel = random_ops.shuffle_kernel(seeds) if shuffle == "batch" else None
            for start in range(0, count, batch_size):
                index = order[start:start + batch_size]
                if kernel is not None:
                    index = index[kernel(len(index))]
                yield map_data(lambda a: a[index], data)
        self._make = make

    @property
    def num_batches(self) -> int | None:
        """Steps per epoch: ``steps_per_epoch`` when given, else the data's batches (None: unknown)."""
        return self.steps_per_epoch or self._num_batches

    def _finish(self, batch: tuple) -> tuple:
        x, y, sample_weight = batch
        if self.class_weight is not None and y is not None:
            weights = _class_weights(y, self.class_weight)
            sample_weight = weights if sample_weight is None else _to_numpy(sample_weight) * weights
        return pack_x_y_sample_weight(*map_data(to_tensor, (x, y, sample_weight)))

    def epoch(self) -> Iterator[tuple[int, tuple]]:
        """``(step, data)`` for one epoch; ``data`` packed as Keras hands it to ``train_step``:
        ``x``, ``(x, y)`` or ``(x, y, sample_weight)``. A PyDataset's ``on_epoch_begin`` /
        ``on_epoch_end`` hooks run around it."""
        if self._py_dataset is not None:
            self._py_dataset.on_epoch_begin()
        yield from self._epoch()
        if self._py_dataset is not None:
            self._py_dataset.on_epoch_end()

    def _epoch(self) -> Iterator[tuple[int, tuple]]:
        steps = self.steps_per_epoch or self._num_batches or -1
        if steps > 0:
            if self._current is None or self.steps_per_epoch is None:
                self._current, self._seen = iter(self._make()), 0
            for step in range(steps):
                if self._num_batches and self._seen >= self._num_batches:
                    if self.steps_per_epoch:
                        _interrupted_warning()
                    break
                try:
                    batch = next(self._current)
                except StopIteration:
                    if self._num_batches is None:
                        self._num_batches = self._seen
                    _interrupted_warning()
                    self._current = None
                    return
                self._seen += 1
                yield step, self._finish(batch)
            if self._num_batches and self._seen >= self._num_batches:
                self._current, self._seen = iter(self._make()), 0
        else:
            step = 0
            for batch in self._make():
                self._seen = step + 1
                yield step, self._finish(batch)
                step += 1
            if self._num_batches is None:
                self._num_batches = step
            _interrupted_warning()


def _is_iterator(value: Any) -> bool:
    return hasattr(value, "__next__") and hasattr(value, "__iter__")


def train_validation_split(arrays: tuple, validation_split: float) -> tuple:
    """The last ``validation_split`` of the samples for validation, in order (Keras's split)."""
    leaves = [a for a in flatten(arrays) if a is not None]
    if any(not _is_array(a) for a in leaves):
        unsplitable = [type(a) for a in leaves if not _is_array(a)]
        raise ValueError("Argument `validation_split` is only supported for tensors or NumPy arrays."
                         f"Found incompatible type in the input: {unsplitable}")
    data = map_data(_to_numpy, arrays)
    count = int(leaves[0].shape[0])
    split_at = int(math.floor(count * (1.0 - validation_split)))
    if split_at == 0 or split_at == count:
        raise ValueError(f"Training data contains {count} samples, which is not sufficient to split it into a "
                         f"validation and training set as specified by `validation_split={validation_split}`. "
                         "Either provide more data, or a different value for the `validation_split` argument.")
    train = map_data(lambda a: a[:split_at], data)
    val = map_data(lambda a: a[split_at:], data)
    return train, val


__all__ = ["EpochIterator", "is_dataset", "pack_x_y_sample_weight", "to_tensor", "train_validation_split",
           "unpack_x_y_sample_weight"]
