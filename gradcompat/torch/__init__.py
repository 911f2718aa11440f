"""The PyTorch dialect: ``import gradcompat.torch as torch``.

Tensors are handles on the one core graph; gradients come from the core vjp engine.
This module only translates torch's argument semantics, dtype rules, printing and errors.
"""
from __future__ import annotations

from .. import core as _core  # noqa: F401 - switches on JAX's 64-bit mode
from . import autograd
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .autograd import inference_mode, is_inference_mode_enabled  # noqa: E402
from .autograd.inference import is_inference  # noqa: E402
from .autograd.anomaly_mode import (is_anomaly_check_nan_enabled, is_anomaly_enabled,  # noqa: E402
                                   set_detect_anomaly as _set_anomaly_enabled)
from . import func  # noqa: E402
from .func import vmap  # noqa: E402
from .dtypes import (bool_ as bool, dtype, float16, float32, float64, int8, int16, int32, int64,  # noqa: A004
                     promote_types, uint8)
from .functions import (add, clone, cos, div, exp, from_jax, is_tensor, log, matmul, mean, mm, mul, neg, numel,
                        ones, ones_like, pow, sin, sub, sum, tensor, true_divide, zeros, zeros_like)
from .printing import set_printoptions
from .tensor import Size, Tensor
from . import methods as _methods  # noqa: F401,E402 - binds the Tensor methods
from . import inplace_views as _inplace_views  # noqa: E402
_inplace_views.install()
from . import creation, indexing, linalg_ops, pointwise, reductions, shape  # noqa: E402
from .creation import *  # noqa: F401,F403,E402 - creation functions, manual_seed, Generator
from .pointwise import *  # noqa: F401,F403,E402 - elementwise math, comparisons
from .reductions import *  # noqa: F401,F403,E402
from .shape import *  # noqa: F401,F403,E402
from .indexing import *  # noqa: F401,F403,E402
from .linalg_ops import *  # noqa: F401,F403,E402
from .dtypes import bfloat16, device  # noqa: E402
from . import return_types  # noqa: E402 - torch.return_types (sort, topk, linalg_svd ...)
from . import nn, optim  # noqa: E402 - torch.nn and torch.optim
from . import utils  # noqa: E402 - torch.utils.data, checkpoint, benchmark
from .serialization import load, save  # noqa: E402
from .lazy_mode import compile, lazy  # noqa: E402,A004
from . import _dynamo  # noqa: E402 - torch._dynamo.utils.counters: torch.compile's trace counters
from .nn.functional import log_softmax, softmax  # noqa: E402
from .nn.functional import (avg_pool1d, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d,  # noqa: E402
                            conv_transpose3d, max_pool1d, max_pool2d, max_pool3d, pixel_shuffle, pixel_unshuffle,
                            rms_norm)  # torch.conv2d ... (the same signatures as torch.nn.functional's)
from . import legacy, linalg, sampling, sorting  # noqa: E402 - issue 13's everyday API
from .legacy import *  # noqa: F401,F403,E402 - Variable's module, FloatTensor ...
from .sampling import bernoulli, multinomial, normal  # noqa: E402
from . import random  # noqa: E402 - torch.random: fork_rng, get/set_rng_state
from .generator import get_rng_state, set_rng_state  # noqa: E402
from .sorting import *  # noqa: F401,F403,E402
from .lobpcg import lobpcg  # noqa: E402 - torch.lobpcg (exact eigh)

from . import accelerator, amp, backends, cuda  # noqa: E402 - devices and mixed precision
from . import distributed  # noqa: E402 - torch.distributed on JAX's distributed runtime
from . import multiprocessing  # noqa: E402 - torch.multiprocessing (spawn)
from .amp import GradScaler, autocast  # noqa: E402
from .amp.autocast_mode import (clear_autocast_cache, get_autocast_cpu_dtype, get_autocast_dtype,  # noqa: E402
                                get_autocast_gpu_dtype, is_autocast_cache_enabled, is_autocast_cpu_enabled,
                                is_autocast_enabled, set_autocast_cache_enabled, set_autocast_dtype,
                                set_autocast_enabled)
from .devices import get_default_device, set_default_device  # noqa: E402
from . import settings as _settings  # noqa: E402
from .settings import *  # noqa: F401,F403,E402 - threads, determinism, matmul precision

from . import type_names as _type_names  # noqa: E402
_type_names.apply()  # torch's __module__ on the dialect's classes (torch.nn.modules.linear.Linear ...)

__version__ = "2.13.0+gradcompat"

from . import extra_ops as _extra_ops  # noqa: E402
from .extra_ops import *  # noqa: F401,F403,E402 - var_mean, isin, scatter_reduce, igamma ...
_extra_ops.install()
from . import storage as _storage  # noqa: E402
from .storage import *  # noqa: F401,F403,E402 - memory formats, TypedStorage / UntypedStorage
_storage.install()
from .user_warnings import is_warn_always_enabled, set_warn_always  # noqa: E402
inf, nan, pi, e = float("inf"), float("nan"), __import__("math").pi, __import__("math").e
newaxis = None
from . import out_variants as _out_variants  # noqa: E402
_out_variants.install(globals())  # torch's out= on the namespace's functions

float = float32  # noqa: A001 - torch's aliases
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16


def get_default_dtype() -> dtype:
    """``torch.get_default_dtype()`` (always float32 here)."""
    return float32


def result_type(tensor1, tensor2) -> dtype:
    """``torch.result_type`` of two operands (tensors or python scalars)."""
    from .functions import _operand
    from .dtypes import result_type as _rt
    return _rt(_operand(tensor1), _operand(tensor2))


__all__ = [
    "Size", "Tensor", "add", "autograd", "bool", "cos", "div", "double", "dtype", "enable_grad", "exp",
    "float", "float16", "float32", "float64", "from_jax", "get_default_dtype", "half", "int", "int8",
    "int16", "int32", "int64", "is_grad_enabled", "is_tensor", "log", "long", "matmul", "mean", "mm",
    "mul", "neg", "no_grad", "numel", "ones", "ones_like", "pow", "promote_types", "result_type",
    "set_grad_enabled", "set_printoptions", "short", "sin", "sub", "sum", "tensor", "true_divide",
    "uint8", "zeros", "zeros_like",
]
__all__ += ["bfloat16", "compile", "device", "lazy", "load", "save", "log_softmax", "nn", "optim", "softmax", "return_types", *creation.__all__, *pointwise.__all__, *reductions.__all__,
            *shape.__all__, *indexing.__all__, *linalg_ops.__all__]
__all__ += ["avg_pool1d", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
            "max_pool1d", "max_pool2d", "max_pool3d", "pixel_shuffle", "pixel_unshuffle", "rms_norm"]
__all__ += ["linalg", "multinomial", "normal", *sorting.__all__, *legacy.__all__]
__all__ += ["GradScaler", "accelerator", "amp", "autocast", "backends", "clear_autocast_cache", "cuda",
            "get_autocast_cpu_dtype", "get_autocast_dtype", "get_autocast_gpu_dtype", "get_default_device",
            "is_autocast_cache_enabled", "is_autocast_cpu_enabled", "is_autocast_enabled", "set_autocast_cache_enabled",
            "set_autocast_dtype", "set_autocast_enabled", "set_default_device", *_settings.__all__]

from ..core.import_freeze import freeze_import_objects as _freeze  # noqa: E402

_freeze()  # the import's long-lived objects out of the cyclic collector's scans (core/import_freeze.py)
