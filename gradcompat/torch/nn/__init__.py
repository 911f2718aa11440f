"""``torch.nn``: modules, parameters, containers, layers, losses, ``functional`` and ``init``."""
from . import functional, init, utils
from .activation import ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Softplus, Tanh, Threshold
from .containers import ModuleDict, ModuleList, Sequential
from .conv import Conv1d, Conv2d
from .dropout import Dropout
from .linear import Flatten, Identity, Linear, Unflatten
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .parameter import Parameter
from .pooling import AvgPool2d, MaxPool2d
from .sparse import Embedding

__all__ = [
    "AvgPool2d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d",
    "CrossEntropyLoss", "Dropout", "ELU", "Embedding", "Flatten", "GELU", "Identity", "L1Loss", "LeakyReLU", "LayerNorm",
    "Linear", "LogSoftmax", "MSELoss", "MaxPool2d", "Module", "ModuleDict", "ModuleList", "NLLLoss",
    "Parameter", "ReLU", "Sequential", "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh", "Threshold", "Unflatten",
    "functional", "init", "utils",
]

# the layer families list their own public names
from . import conv as _conv, dropout as _dropout, normalization as _normalization, pooling as _pooling  # noqa: E402
from . import padding as _padding, sparse as _sparse, upsampling as _upsampling  # noqa: E402
from .conv import *  # noqa: E402,F401,F403
from .dropout import *  # noqa: E402,F401,F403
from .normalization import *  # noqa: E402,F401,F403
from .pooling import *  # noqa: E402,F401,F403
from .padding import *  # noqa: E402,F401,F403
from .sparse import *  # noqa: E402,F401,F403
from .upsampling import *  # noqa: E402,F401,F403

__all__ += [n for m in (_conv, _dropout, _normalization, _padding, _pooling, _sparse, _upsampling) for n in m.__all__
            if n not in __all__]

from . import rnn as _rnn  # noqa: E402 - recurrent layers and cells
from .rnn import *  # noqa: E402,F401,F403

__all__ += [n for n in _rnn.__all__ if n not in __all__]

from . import attention  # noqa: E402 - torch.nn.attention (sdpa_kernel, SDPBackend)
from . import parallel  # noqa: E402 - torch.nn.parallel (DistributedDataParallel, DataParallel)
from .parallel import DataParallel  # noqa: E402
from .sync_batchnorm import SyncBatchNorm  # noqa: E402 - batch statistics over a process group
__all__ += ["SyncBatchNorm"]
from . import transformer as _transformer  # noqa: E402 - attention and transformer layers
from .transformer import *  # noqa: E402,F401,F403

__all__ += [n for n in _transformer.__all__ if n not in __all__] + ["attention"]
__all__ += ["DataParallel", "parallel"]
