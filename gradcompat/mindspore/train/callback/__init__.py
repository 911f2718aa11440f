"""``mindspore.train.callback``: Callback, RunContext and MindSpore's built-in callbacks."""
from ._callback import Callback, CallbackManager, InternalCallbackParam, RunContext
from ._checkpoint import CheckpointConfig, ModelCheckpoint
from ._monitors import EarlyStopping, History, LambdaCallback, LearningRateScheduler, LossMonitor, TimeMonitor

__all__ = ["Callback", "CheckpointConfig", "EarlyStopping", "History", "LambdaCallback", "LearningRateScheduler",
           "LossMonitor", "ModelCheckpoint", "RunContext", "TimeMonitor"]
