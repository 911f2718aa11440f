"""``mindspore.nn``: Cells, layers, losses, optimizers and the training wrappers."""
from .activation import GELU, ReLU, Sigmoid, Softmax, Tanh, get_activation
from .cell import Cell
from .containers import CellList, SequentialCell
from .conv import Conv2d, MaxPool2d
from .layers import Dense, Dropout, Dropout2d, Embedding, Flatten
from . import learning_rate_schedule  # noqa: F401 - ``nn.learning_rate_schedule.LearningRateSchedule``
from .learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR, NaturalExpDecayLR,
                                     WarmUpLR)
from .loss import BCEWithLogitsLoss, L1Loss, LossBase, MSELoss, SoftmaxCrossEntropyWithLogits
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .optim import SGD, Adam, AdamWeightDecay, Momentum, Optimizer
from .wrap import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell, TrainOneStepCell,
                   TrainOneStepWithLossScaleCell, WithEvalCell, WithLossCell)

__all__ = ["Adam", "AdamWeightDecay", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Cell", "CellList",
           "Conv2d", "Dense", "Dropout", "Dropout2d", "Embedding", "Flatten", "L1Loss", "LayerNorm",
           "LossBase", "MSELoss", "MaxPool2d", "Momentum", "Optimizer", "ReLU", "SGD", "SequentialCell", "Sigmoid",
           "Softmax", "SoftmaxCrossEntropyWithLogits", "Tanh", "TrainOneStepCell", "WithLossCell", "get_activation"]
__all__ += ["CosineDecayLR", "ExponentialDecayLR", "InverseDecayLR", "NaturalExpDecayLR", "WarmUpLR"]
from .loss import CrossEntropyLoss, MAELoss  # noqa: E402
from .._unsupported import GraphCell  # noqa: E402  (NotImplementedError: no MindIR graph files)
__all__ += ["CrossEntropyLoss", "GraphCell", "MAELoss"]
__all__ += ["DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell", "TrainOneStepWithLossScaleCell", "WithEvalCell"]
from . import dynamic_lr  # noqa: E402,F401 - ``nn.dynamic_lr.piecewise_constant_lr``
from .dynamic_lr import (cosine_decay_lr, exponential_decay_lr, inverse_decay_lr, natural_exp_decay_lr,  # noqa: E402
                         piecewise_constant_lr, polynomial_decay_lr, warmup_lr)
from .learning_rate_schedule import PolynomialDecayLR  # noqa: E402
__all__ += ["PolynomialDecayLR", "cosine_decay_lr", "exponential_decay_lr", "inverse_decay_lr", "natural_exp_decay_lr",
            "piecewise_constant_lr", "polynomial_decay_lr", "warmup_lr"]
from .rnns import GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell  # noqa: E402
__all__ += ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell"]
from .grad_reducer import DistributedGradReducer  # noqa: E402
__all__ += ["DistributedGradReducer"]
__all__ += ["GELU"]
