"""``mindspore.dataset.transforms.py_transforms`` (MindSpore 1.x): the same ops as ``transforms``."""
from .transforms import Compose, OneHot, RandomApply, RandomChoice  # noqa: F401
