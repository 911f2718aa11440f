"""``mindspore.nn``: Cells, layers, losses, optimizers and the training wrappers."""
from .activation import ReLU, Sigmoid, Softmax, Tanh, get_activation
from .cell import Cell
from .containers import CellList, SequentialCell
from .conv import Conv2d, MaxPool2d
from .layers import Dense, Dropout, Embedding, Flatten
from . import learning_rate_schedule  # noqa: F401 - ``nn.learning_rate_schedule.LearningRateSchedule``
from .learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR, NaturalExpDecayLR,
                                     WarmUpLR)
from .loss import BCEWithLogitsLoss, L1Loss, LossBase, MSELoss, SoftmaxCrossEntropyWithLogits
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .optim import SGD, Adam, AdamWeightDecay, Momentum, Optimizer
from .wrap import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell, TrainOneStepCell,
                   TrainOneStepWithLossScaleCell, WithEvalCell, WithLossCell)

__all__ = ["Adam", "AdamWeightDecay", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Cell", "CellList",
           "Conv2d", "Dense", "Dropout", "Embedding", "Flatten", "L1Loss", "LayerNorm",
           "LossBase", "MSELoss", "MaxPool2d", "Momentum", "Optimizer", "ReLU", "SGD", "SequentialCell", "Sigmoid",
           "Softmax", "SoftmaxCrossEntropyWithLogits", "Tanh", "TrainOneStepCell", "WithLossCell", "get_activation"]
__all__ += ["CosineDecayLR", "ExponentialDecayLR", "InverseDecayLR", "NaturalExpDecayLR", "WarmUpLR"]
__all__ += ["DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell", "TrainOneStepWithLossScaleCell", "WithEvalCell"]
