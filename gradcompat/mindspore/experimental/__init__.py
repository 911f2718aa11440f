"""``mindspore.experimental``: the PyTorch-style optimizers (``mindspore.experimental.optim``)."""
from . import optim  # noqa: F401

__all__ = ["optim"]
