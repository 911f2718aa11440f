"""torch's names for the dialect's classes: ``type(x)`` is ``<class 'torch.Tensor'>``,
``torch.nn.modules.linear.Linear``, ``torch.optim.sgd.SGD`` ..., as programs print them and
pickles record them.

``TABLE`` (read from real torch 2.13: for each public torch namespace, the module that
defines each of its classes) is applied once, when ``gradcompat.torch`` is imported: every
class the dialect exports under the same name in the matching namespace gets torch's
``__module__``. Classes torch lacks keep theirs, so classes added later are named as soon
as torch has them. Pickling keeps working with or without ``gradcompat run``: renamed
classes pickle by their real location (``copyreg``), and under ``gradcompat run`` the
torch module paths (``torch.nn.modules.linear``) are importable aliases (``alias_spec``).
"""
from __future__ import annotations

import copyreg
import importlib
import importlib.abc
import importlib.util
import sys
import types

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
               "torch.utils.benchmark")

_ORIGIN: dict[type, tuple[str, str]] = {}  # renamed class -> (its real module, qualname)
_BY_TORCH_MODULE: dict[str, dict[str, type]] = {}  # torch module path -> {name: class}


def apply() -> None:
    """Give every dialect class that torch also has torch's ``__module__`` (idempotent)."""
    for namespace, modules in TABLE.items():
        ours = _namespace(namespace)
        if ours is None:
            continue
        for torch_module, names in modules.items():
            for name in names.split():
                cls = getattr(ours, name, None)
                if isinstance(cls, type) and (cls in _ORIGIN or cls.__module__.startswith("gradcompat.")):
                    _rename(cls, torch_module)


def _namespace(namespace: str) -> types.ModuleType | None:
    name = "gradcompat." + namespace
    module = sys.modules.get(name)
    if module is None and namespace in _NAMESPACES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise  # a module that exists failed to import: not ours to hide
            return None
    return module


def _rename(cls: type, module: str) -> None:
    if cls not in _ORIGIN:
        _ORIGIN[cls] = (cls.__module__, cls.__qualname__)
        copyreg.pickle(cls, _reduce)
    cls.__module__ = module
    _BY_TORCH_MODULE.setdefault(module, {})[cls.__qualname__] = cls


def _resolve(module: str, qualname: str) -> type:
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _new(module: str, qualname: str, *args):
    """Unpickle an instance of a renamed class, found at its real location."""
    cls = _resolve(module, qualname)
    return cls.__new__(cls, *args)


def _call(module: str, qualname: str, args: tuple):
    return _resolve(module, qualname)(*args)


def _reduce(obj):
    """Pickle an instance of a renamed class through its real location (``torch.nn.modules...``
    need not be importable, as outside ``gradcompat run``)."""
    cls = type(obj)
    rv = obj.__reduce_ex__(2)
    if isinstance(rv, str):
        return rv
    func, args, *rest = rv
    origin = _ORIGIN.get(cls)
    if origin is None:
        return rv
    if func is copyreg.__newobj__ and args and args[0] is cls:
        return (_new, (*origin, *args[1:]), *rest)
    if func is cls:
        return (_call, (*origin, tuple(args)), *rest)
    return rv


# ----- torch's module paths under ``gradcompat run`` --------------------------------------------

class _AliasLoader(importlib.abc.Loader):
    def create_module(self, spec):
        module = types.ModuleType(spec.name, f"gradcompat: torch's ``{spec.name}`` (where its classes are named)")
        module.__path__ = []  # a package too: torch.nn.modules holds torch.nn.modules.linear
        for path, classes in _BY_TORCH_MODULE.items():  # a package re-exports its modules' classes
            if path.startswith(spec.name + "."):
                module.__dict__.update(classes)
        module.__dict__.update(_BY_TORCH_MODULE.get(spec.name, {}))
        return module

    def exec_module(self, module) -> None:
        pass


def alias_spec(fullname: str):
    """A module spec for a torch module path that renamed classes name (``torch.nn.modules.linear``,
    or a package above one), or None."""
    apply()  # a namespace imported after gradcompat.torch may hold more classes now
    if any(m == fullname or m.startswith(fullname + ".") for m in _BY_TORCH_MODULE):
        return importlib.util.spec_from_loader(fullname, _AliasLoader(), is_package=True)
    return None
