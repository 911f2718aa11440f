"""torch's names for the dialect's classes: ``type(x)`` is ``<class 'torch.Tensor'>``,
``torch.nn.modules.linear.Linear``, ``torch.optim.sgd.SGD`` ..., as programs print them and
pickles record them.

``TABLE`` (read from real torch 2.13: for each public torch namespace, the module that
defines each of its classes) is applied once, when ``gradcompat.torch`` is imported, by the
dialect-free ``gradcompat.type_names.ClassNames`` (which also makes renamed classes pickle by
their real location and, under ``gradcompat run``, torch's module paths importable aliases).
"""
from __future__ import annotations

from ..type_names import _ORIGIN, ClassNames  # noqa: F401 - _ORIGIN: every renamed class (tests read it)

# torch namespace -> {defining module: "Class names"}
TABLE: dict[str, dict[str, str]] = {
    "torch": {
        "torch": ("BFloat16Tensor BoolTensor ByteTensor CharTensor DoubleTensor Event FloatTensor "
            "HalfTensor IntTensor LongTensor ShortTensor Size Stream Tensor device dtype "
            "finfo iinfo layout memory_format"),
        "torch._C": "Generator",
        "torch.amp.autocast_mode": "autocast",
        "torch.autograd.grad_mode": "enable_grad inference_mode no_grad set_grad_enabled",
    },
    "torch.nn": {
        "torch.nn.modules.activation": ("CELU ELU GELU GLU Hardshrink Hardsigmoid Hardswish Hardtanh LeakyReLU "
            "LogSigmoid LogSoftmax Mish MultiheadAttention PReLU RReLU ReLU ReLU6 SELU SiLU "
            "Sigmoid Softmax Softmax2d Softmin Softplus Softshrink Softsign Tanh Tanhshrink "
            "Threshold"),
        "torch.nn.modules.adaptive": "AdaptiveLogSoftmaxWithLoss",
        "torch.nn.modules.batchnorm": ("BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d "
            "LazyBatchNorm3d SyncBatchNorm"),
        "torch.nn.modules.channelshuffle": "ChannelShuffle",
        "torch.nn.modules.container": "Container ModuleDict ModuleList ParameterDict ParameterList Sequential",
        "torch.nn.modules.conv": ("Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d "
            "LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d "
            "LazyConvTranspose3d"),
        "torch.nn.modules.distance": "CosineSimilarity PairwiseDistance",
        "torch.nn.modules.dropout": "AlphaDropout Dropout Dropout1d Dropout2d Dropout3d FeatureAlphaDropout",
        "torch.nn.modules.flatten": "Flatten Unflatten",
        "torch.nn.modules.fold": "Fold Unfold",
        "torch.nn.modules.instancenorm": ("InstanceNorm1d InstanceNorm2d InstanceNorm3d LazyInstanceNorm1d "
            "LazyInstanceNorm2d LazyInstanceNorm3d"),
        "torch.nn.modules.linear": "Bilinear Identity LazyLinear Linear",
        "torch.nn.modules.linear_cross_entropy_options": "LinearCrossEntropyOptions",
        "torch.nn.modules.loss": ("BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss "
            "GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss "
            "LinearCrossEntropyLoss MSELoss MarginRankingLoss MultiLabelMarginLoss "
            "MultiLabelSoftMarginLoss MultiMarginLoss NLLLoss NLLLoss2d PoissonNLLLoss "
            "SmoothL1Loss SoftMarginLoss TripletMarginLoss TripletMarginWithDistanceLoss"),
        "torch.nn.modules.module": "Module",
        "torch.nn.modules.normalization": "CrossMapLRN2d GroupNorm LayerNorm LocalResponseNorm RMSNorm",
        "torch.nn.modules.padding": ("CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d "
            "ConstantPad3d ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d "
            "ReplicationPad2d ReplicationPad3d ZeroPad1d ZeroPad2d ZeroPad3d"),
        "torch.nn.modules.pixelshuffle": "PixelShuffle PixelUnshuffle",
        "torch.nn.modules.pooling": ("AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d "
            "AdaptiveMaxPool2d AdaptiveMaxPool3d AvgPool1d AvgPool2d AvgPool3d "
            "FractionalMaxPool2d FractionalMaxPool3d LPPool1d LPPool2d LPPool3d MaxPool1d "
            "MaxPool2d MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d"),
        "torch.nn.modules.rnn": "GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase",
        "torch.nn.modules.sparse": "Embedding EmbeddingBag",
        "torch.nn.modules.transformer": ("Transformer TransformerDecoder TransformerDecoderLayer TransformerEncoder "
            "TransformerEncoderLayer"),
        "torch.nn.modules.upsampling": "Upsample UpsamplingBilinear2d UpsamplingNearest2d",
        "torch.nn.parallel.data_parallel": "DataParallel",
        "torch.nn.parameter": "Buffer Parameter UninitializedBuffer UninitializedParameter",
    },
    "torch.nn.parallel": {
        "torch.nn.parallel.data_parallel": "DataParallel",
        "torch.nn.parallel.distributed": "DistributedDataParallel",
    },
    "torch.multiprocessing": {
        "torch.multiprocessing.spawn": ("ProcessContext ProcessException ProcessExitedException "
            "ProcessRaisedException SpawnContext"),
    },
    "torch.distributed": {
        "torch.distributed": "DistBackendError DistError DistNetworkError DistStoreError",
        "torch.distributed.distributed_c10d": "Backend GroupMember ProcessGroup ReduceOp Work",
    },
    "torch.nn.utils.rnn": {
        "torch.nn.utils.rnn": "PackedSequence PackedSequence_",
    },
    "torch.optim": {
        "torch.optim": "Adafactor Muon",
        "torch.optim.adadelta": "Adadelta",
        "torch.optim.adagrad": "Adagrad",
        "torch.optim.adam": "Adam",
        "torch.optim.adamax": "Adamax",
        "torch.optim.adamw": "AdamW",
        "torch.optim.asgd": "ASGD",
        "torch.optim.lbfgs": "LBFGS",
        "torch.optim.nadam": "NAdam",
        "torch.optim.optimizer": "Optimizer",
        "torch.optim.radam": "RAdam",
        "torch.optim.rmsprop": "RMSprop",
        "torch.optim.rprop": "Rprop",
        "torch.optim.sgd": "SGD",
        "torch.optim.sparse_adam": "SparseAdam",
    },
    "torch.optim.lr_scheduler": {
        "torch.optim.lr_scheduler": ("ChainedScheduler ConstantLR CosineAnnealingLR CosineAnnealingWarmRestarts "
            "CyclicLR ExponentialLR LRScheduler LambdaLR LinearLR MultiStepLR "
            "MultiplicativeLR OneCycleLR PolynomialLR ReduceLROnPlateau SequentialLR StepLR"),
    },
    "torch.utils.data": {
        "torch.utils.data.dataloader": "DataLoader",
        "torch.utils.data.dataset": ("ChainDataset ConcatDataset Dataset IterableDataset StackDataset Subset "
            "TensorDataset"),
        "torch.utils.data.distributed": "DistributedSampler",
        "torch.utils.data.sampler": ("BatchSampler RandomSampler Sampler SequentialSampler SubsetRandomSampler "
            "WeightedRandomSampler"),
    },
    "torch.utils.data.distributed": {
        "torch.utils.data.distributed": "DistributedSampler",
    },
    "torch.autograd": {
        "torch.autograd.anomaly_mode": "detect_anomaly set_detect_anomaly",
        "torch.autograd.function": "Function NestedIOFunction",
        "torch.autograd.grad_mode": ("enable_grad enforce_grad_layout_policy inference_mode no_grad set_grad_enabled "
            "set_multithreading_enabled"),
        "torch.autograd.variable": "Variable",
    },
    "torch.amp": {
        "torch.amp.autocast_mode": "autocast",
        "torch.amp.grad_scaler": "GradScaler",
    },
    "torch.cuda.amp": {
        "torch.cuda.amp.autocast_mode": "autocast",
        "torch.cuda.amp.grad_scaler": "GradScaler",
    },
    "torch.utils.benchmark": {
        "torch.utils.benchmark.utils.common": "Measurement TaskSpec",
        "torch.utils.benchmark.utils.compare": "Colorize Compare",
        "torch.utils.benchmark.utils.timer": "Language Timer",
    },
}

# dialect namespaces imported eagerly so their classes are named before a program sees them
_NAMESPACES = ("torch", "torch.nn", "torch.nn.utils.rnn", "torch.optim", "torch.optim.lr_scheduler",
               "torch.utils.data", "torch.utils.data.distributed", "torch.autograd", "torch.amp", "torch.cuda.amp",
               "torch.utils.benchmark", "torch.nn.parallel", "torch.distributed",
               "torch.multiprocessing")

NAMES = ClassNames("torch", TABLE, _NAMESPACES)
apply = NAMES.apply  # give every dialect class that torch also has torch's ``__module__``
alias_spec = NAMES.alias_spec  # a spec for a torch module path the renamed classes name, or None
