"""``TupleIterator`` and ``DictIterator``: a pipeline run epoch after epoch, as
``create_tuple_iterator`` / ``create_dict_iterator`` give it.

Each ``for`` loop over the iterator is one epoch (``__iter__`` returns the iterator itself);
after ``num_epochs`` epochs a further read is MindSpore's EOF error; -1 runs without end.
Values are MindSpore Tensors of this dialect, or numpy arrays with ``output_numpy`` (string
columns stay numpy, as MindSpore keeps them)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from .errors import epochs_exhausted, syntax_error
from .pipeline_run import Run


def _output(value: np.ndarray, output_numpy: bool) -> Any:
    if output_numpy or not isinstance(value, np.ndarray) or value.dtype.kind in "USO":
        return value
    return Tensor(value)


class _Iterator:
    def __init__(self, dataset, num_epochs: int = -1, output_numpy: bool = False):
        if not isinstance(num_epochs, int) or isinstance(num_epochs, bool):
            raise TypeError(f"Argument num_epochs with value {num_epochs} is not of type [<class 'int'>], "
                            f"but got {type(num_epochs)}.")
        if num_epochs != -1 and num_epochs < 1:
            raise syntax_error("RootNode: num_epochs should be either -1 or positive integer, "
                               f"num_epochs: {num_epochs}")
        dataset._check_tree()
        self._dataset = dataset
        self._names = dataset._column_names()
        self._num_epochs, self._output_numpy = num_epochs, bool(output_numpy)
        self._run = Run(dataset)
        self._rows = None
        self._epochs_done = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._rows is None:
            if self._num_epochs != -1 and self._epochs_done >= self._num_epochs:
                raise epochs_exhausted()
            self._rows = self._dataset._epoch(self._run)
        try:
            row = next(self._rows)
        except StopIteration:
            self._rows = None
            self._epochs_done += 1
            self._run.epoch += 1
            if self._num_epochs != -1 and self._epochs_done >= self._num_epochs:
                self._run.close()
            raise
        except BaseException:
            # a failed pipeline stops its workers now, not whenever the iterator is collected
            self._rows = None
            self._run.close()
            raise
        return self._pack([_output(v, self._output_numpy) for v in row])

    def _pack(self, values: list):
        raise NotImplementedError

    def get_next(self):
        return next(self)

    def stop(self) -> None:
        """Release the worker processes of this iterator."""
        self._rows = None
        self._run.close()

    def __del__(self) -> None:
        run = getattr(self, "_run", None)
        if run is not None:
            run.close()


class TupleIterator(_Iterator):
    """Yields one list per row: the column values in column order."""

    def _pack(self, values: list) -> list:
        return values


class DictIterator(_Iterator):
    """Yields one dict per row: ``{column name: value}``."""

    def _pack(self, values: list) -> dict:
        return dict(zip(self._names, values))
