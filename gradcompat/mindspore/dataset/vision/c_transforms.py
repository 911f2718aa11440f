"""``mindspore.dataset.vision.c_transforms`` (MindSpore 1.x): the same ops as ``vision``."""
from .transforms import (HWC2CHW, Border, CenterCrop, HorizontalFlip, Inter, Normalize, Pad, RandomCrop,  # noqa: F401
                         RandomHorizontalFlip, RandomVerticalFlip, Rescale, Resize, VerticalFlip)
