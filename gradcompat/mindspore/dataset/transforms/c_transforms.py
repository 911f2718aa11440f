"""``mindspore.dataset.transforms.c_transforms`` (MindSpore 1.x): the same ops as ``transforms``."""
from .transforms import (Compose, Concatenate, Duplicate, Fill, OneHot, RandomApply, RandomChoice, Slice,  # noqa: F401
                         TypeCast)
