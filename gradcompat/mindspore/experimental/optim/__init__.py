"""``mindspore.experimental.optim``: PyTorch-style optimizers (``Adam``, ``AdamW``, ``SGD``) and
``lr_scheduler``, as MindSpore 2.x provides them."""
from . import lr_scheduler  # noqa: F401
from .optimizer import SGD, Adam, AdamW, Optimizer

__all__ = ["Adam", "AdamW", "Optimizer", "SGD", "lr_scheduler"]
