"""``mindspore.common``: dtypes, ``initializer``, ``Tensor`` and ``Parameter`` as MindSpore
exposes them there."""
from .. import dtype  # noqa: F401  (``from mindspore.common import dtype as mstype``)
from ..parameter import Parameter, ParameterTuple  # noqa: F401
from ..tensor import Tensor  # noqa: F401
from .._random import get_seed, set_seed  # noqa: F401
from . import initializer  # noqa: F401

__all__ = ["Parameter", "ParameterTuple", "Tensor", "dtype", "get_seed", "initializer", "set_seed"]
