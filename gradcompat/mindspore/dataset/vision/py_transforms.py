"""``mindspore.dataset.vision.py_transforms`` (MindSpore 1.x): the same ops as ``vision``."""
from .transforms import (HWC2CHW, CenterCrop, Normalize, Pad, RandomCrop, RandomHorizontalFlip,  # noqa: F401
                         RandomVerticalFlip, Resize, ToTensor)
