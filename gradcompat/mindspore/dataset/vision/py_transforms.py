"""``mindspore.dataset.vision.py_transforms`` (MindSpore 1.x): the same ops as ``vision``."""
from .transforms import HWC2CHW, Normalize, RandomHorizontalFlip, RandomVerticalFlip, Resize, ToTensor  # noqa: F401
