"""The MindSpore dialect: ``import gradcompat.mindspore as mindspore``.

Reproduces MindSpore 2.x (PyNative) argument semantics on the core engine: ``Tensor``,
``Parameter``/``ParameterTuple``, ``nn.Cell``, ``ops`` primitives and
``ops.GradOperation``, ``set_context`` with ``PYNATIVE_MODE``/``GRAPH_MODE`` (GRAPH_MODE and
``mindspore.jit`` compile a whole call, Parameter writes included, into one program), and
MindSpore's dtypes (``from mindspore import dtype as mstype``).
"""
from __future__ import annotations

from . import dtype  # noqa: F401  (``from mindspore import dtype as mstype``)
from .context import GRAPH_MODE, PYNATIVE_MODE, get_context, set_context
from .dtype import (bool_, complex64, complex128, float16, float32, float64, int8, int16, int32, int64,
                    uint8, uint16, uint32, uint64)
from .tensor import Tensor, from_jax
from .parameter import Parameter, ParameterTuple
from ._random import get_seed, set_seed
from . import common  # noqa: F401  (``mindspore.common.initializer``)
from . import nn, ops  # noqa: E402
from . import dataset  # noqa: E402,F401  (``import mindspore.dataset as ds``)
from .ops import grad, value_and_grad  # noqa: E402
from .graph_mode import jit  # noqa: E402
from .serialization import load_checkpoint, load_param_into_net, save_checkpoint  # noqa: E402
from . import train  # noqa: E402
from .train import (MAE, MSE, Accuracy, Callback, CheckpointConfig, DynamicLossScaleManager,  # noqa: E402
                    EarlyStopping, FixedLossScaleManager, History, LambdaCallback, LearningRateScheduler, Loss,
                    LossMonitor, LossScaleManager, Metric, Model, ModelCheckpoint, Precision, Recall, RunContext,
                    TimeMonitor, Top1CategoricalAccuracy, Top5CategoricalAccuracy, TopKCategoricalAccuracy,
                    build_train_network, get_metric_fn, names, rearrange_inputs)
from . import amp  # noqa: E402

__version__ = "2.10.0"

__all__ = ["GRAPH_MODE", "PYNATIVE_MODE", "Parameter", "ParameterTuple", "Tensor", "bool_", "complex64",
           "complex128", "dtype", "float16", "float32", "float64", "from_jax", "get_context", "grad", "int8",
           "int16", "int32", "int64", "nn", "ops", "set_context", "uint8", "uint16", "uint32", "uint64", "value_and_grad"]
__all__ += ["load_checkpoint", "load_param_into_net", "save_checkpoint"]
__all__ += ["jit"]
__all__ += ["common", "get_seed", "set_seed"]
__all__ += ["dataset"]
from ._unsupported import export, load  # noqa: E402  (NotImplementedError: no MindIR graph files)

# ``set_context(jit_syntax_level=...)`` / ``jit(jit_config=...)``: MindSpore's values; recorded only
STRICT, COMPATIBLE, LAX = 0, 1, 2
__all__ += ["COMPATIBLE", "LAX", "STRICT", "export", "load"]
__all__ += ["amp", "train", "Model", "Callback", "CheckpointConfig", "EarlyStopping", "History", "LambdaCallback",
            "LearningRateScheduler", "LossMonitor", "ModelCheckpoint", "RunContext", "TimeMonitor", "Metric", "Accuracy",
            "MAE", "MSE", "Loss", "Precision", "Recall", "TopKCategoricalAccuracy", "Top1CategoricalAccuracy",
            "Top5CategoricalAccuracy", "get_metric_fn", "names", "rearrange_inputs", "LossScaleManager",
            "FixedLossScaleManager", "DynamicLossScaleManager", "build_train_network"]
from . import numpy  # noqa: E402,F401  (``mindspore.numpy``)
from . import experimental  # noqa: E402,F401  (``mindspore.experimental.optim``)
from . import communication  # noqa: E402,F401  (``mindspore.communication``)
from .parallel_context import (ParallelMode, get_auto_parallel_context, reset_auto_parallel_context,  # noqa: E402
                               set_auto_parallel_context)
from . import type_names as _type_names  # noqa: E402
_type_names.apply()  # MindSpore's __module__ on the dialect's classes (mindspore.nn.layer.conv.Conv2d ...)

from ..core.import_freeze import freeze_import_objects as _freeze  # noqa: E402

_freeze()  # the import's long-lived objects out of the cyclic collector's scans (core/import_freeze.py)
