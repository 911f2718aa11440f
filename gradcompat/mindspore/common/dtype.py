"""``mindspore.common.dtype``: the same dtype objects as ``mindspore.dtype``."""
from ..dtype import *  # noqa: F401,F403
from ..dtype import __all__  # noqa: F401
