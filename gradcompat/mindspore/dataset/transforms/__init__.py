"""``mindspore.dataset.transforms`` (and its 1.x paths ``c_transforms`` / ``py_transforms``,
which MindSpore 2.x no longer has; gradcompat keeps them as aliases for older programs)."""
from __future__ import annotations

from . import transforms  # noqa: F401
from .transforms import (Compose, Concatenate, Duplicate, Fill, OneHot, PyTensorOperation, RandomApply, RandomChoice,
                         Slice, TensorOperation, TypeCast)

__all__ = ["Compose", "Concatenate", "Duplicate", "Fill", "OneHot", "PyTensorOperation", "RandomApply",
           "RandomChoice", "Slice", "TensorOperation", "TypeCast"]
