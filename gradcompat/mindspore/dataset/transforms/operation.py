"""What every ``mindspore.dataset`` transform is: a callable on numpy arrays, usable eagerly
(``op(array)``) or in ``Dataset.map``. A failure inside an op is MindSpore's pipeline
RuntimeError: ``[ERROR] <message>`` when called eagerly, ``map operation: [<Op>] failed.
<message>`` inside ``map``."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import pipeline_error


class OpError(Exception):
    """Raised by an op's ``_apply``; worded by the caller (eager call or map). ``lead`` is the
    first line MindSpore gives some errors (``Shape is incorrect.``)."""

    def __init__(self, message: str, lead: str | None = None):
        super().__init__(message)
        self.lead = lead


class TensorOperation:
    """Base of the transforms implemented by MindSpore's C++ engine."""

    def __call__(self, *inputs: Any):
        arrays = tuple(_as_array(x) for x in inputs)
        try:
            return self._apply(*arrays)
        except OpError as e:
            raise pipeline_error(str(e), lead=e.lead) from None

    def _map_apply(self, *inputs: np.ndarray):
        """Inside ``map``: the op's error names the op."""
        try:
            return self._apply(*(_as_array(x) for x in inputs))
        except OpError as e:
            raise pipeline_error(f"map operation: [{type(self).__name__}] failed. {e}", lead=e.lead) from None

    def _apply(self, *inputs: np.ndarray):
        raise NotImplementedError


class PyTensorOperation(TensorOperation):
    """Base of the transforms MindSpore implements in python (``ToTensor``, ...)."""


def _as_array(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "asnumpy"):
        return x.asnumpy()
    if hasattr(x, "mode") and hasattr(x, "size"):  # a PIL image
        return np.asarray(x)
    return np.asarray(x)


def check_list_type(name: str, values, types: tuple) -> None:
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"Argument {name} with value {values} is not of type [<class 'list'>, <class 'tuple'>], "
                        f"but got {type(values)}.")
    for i, v in enumerate(values):
        if not isinstance(v, types) or isinstance(v, bool):
            raise TypeError(f"Argument {name}[{i}] with value {v} is not of type {list(types)}, but got {type(v)}.")
