"""``torch.nn.utils``: gradient clipping, parameter/vector conversion, and the submodules
``rnn`` (padding and packing sequences) and ``parametrizations`` where they exist."""
from .clip import *  # noqa: F401,F403
from .clip import __all__ as _clip_all
from . import rnn  # noqa: E402 - torch.nn.utils.rnn

__all__ = list(_clip_all)
