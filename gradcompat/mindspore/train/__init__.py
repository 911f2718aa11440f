"""``mindspore.train``: ``Model``, callbacks, metrics, loss-scale managers and
``build_train_network``, as MindSpore 2.x exposes them (also at ``mindspore.*``; the
metrics also at ``mindspore.nn.*``)."""
from .. import nn as _nn
from . import amp, callback, metrics  # noqa: F401
from .amp import build_train_network
from .callback import (Callback, CheckpointConfig, EarlyStopping, History, LambdaCallback, LearningRateScheduler,
                       LossMonitor, ModelCheckpoint, RunContext, TimeMonitor)
from .loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager
from .metrics import (MAE, MSE, Accuracy, Loss, Metric, Precision, Recall, Top1CategoricalAccuracy,
                      Top5CategoricalAccuracy, TopKCategoricalAccuracy, get_metric_fn, names, rearrange_inputs)
from .model import Model
from ..serialization import load_checkpoint, load_param_into_net, save_checkpoint

__all__ = ["Model", "build_train_network", "LossScaleManager", "FixedLossScaleManager", "DynamicLossScaleManager",
           "save_checkpoint", "load_checkpoint", "load_param_into_net"]
__all__ += callback.__all__
__all__ += metrics.__all__

# ``mindspore.nn.Accuracy`` etc. are the same classes (nn cannot import train: train builds on nn)
for _name in metrics.__all__:
    setattr(_nn, _name, getattr(metrics, _name))
del _name
