"""``mindspore.dataset.vision.c_transforms`` (MindSpore 1.x): the same ops as ``vision``."""
from .transforms import (HWC2CHW, HorizontalFlip, Inter, Normalize, RandomHorizontalFlip, RandomVerticalFlip,  # noqa: F401
                         Rescale, Resize, VerticalFlip)
