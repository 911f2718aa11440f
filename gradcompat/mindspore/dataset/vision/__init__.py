"""``mindspore.dataset.vision`` (and its 1.x paths ``c_transforms`` / ``py_transforms``, which
MindSpore 2.x no longer has; gradcompat keeps them as aliases for older programs)."""
from __future__ import annotations

from . import transforms  # noqa: F401
from .transforms import (HWC2CHW, Border, CenterCrop, HorizontalFlip, Inter, Normalize, Pad, RandomCrop,
                         RandomHorizontalFlip, RandomVerticalFlip, Rescale, Resize, ToTensor, ToType, VerticalFlip)

__all__ = ["Border", "CenterCrop", "HWC2CHW", "HorizontalFlip", "Inter", "Normalize", "Pad", "RandomCrop",
           "RandomHorizontalFlip", "RandomVerticalFlip", "Rescale", "Resize", "ToTensor", "ToType", "VerticalFlip"]
