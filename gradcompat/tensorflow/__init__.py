"""The TensorFlow dialect: ``import gradcompat.tensorflow as tf`` (TF2 API, eager by default).

``tf.compat.v1`` is the TF1 API (graph mode, ``Session``, ``get_variable``, ``gradients``),
which ``gradcompat run --tf1`` maps top-level ``tensorflow`` to.
"""
from ._common import *  # noqa: F401,F403
from ._common import __all__ as _common_all
from .initializers import glorot_uniform_initializer  # noqa: F401
from .initializers import RandomNormalV2 as random_normal_initializer  # noqa: F401  (TF2's init_ops_v2)
from .initializers import RandomUniformV2 as random_uniform_initializer  # noqa: F401
from .graph import disable_eager_execution as _disable_eager_execution  # noqa: F401
from .scopes import name_scope_v2 as name_scope  # noqa: F401  (TF1's is compat.v1.name_scope)
from .gradient_checker import test  # noqa: F401,E402
from . import compat  # noqa: F401,E402
from . import keras  # noqa: F401,E402
from .keras import optimizers  # noqa: F401,E402  (tf.optimizers is keras.optimizers, as in TF 2.x)
from . import distribute  # noqa: F401,E402
from . import saved_model  # noqa: F401,E402
from .autodiff import hessians_v2 as hessians  # noqa: F401,E402

__version__ = "2.21.0"

__all__ = [*_common_all, "compat", "distribute", "keras", "optimizers", "saved_model", "hessians", "glorot_uniform_initializer", "random_normal_initializer",
           "random_uniform_initializer",
           "name_scope", "test"]

from ..core.import_freeze import freeze_import_objects as _freeze  # noqa: E402

_freeze()  # the import's long-lived objects out of the cyclic collector's scans (core/import_freeze.py)
