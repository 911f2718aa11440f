"""The API that TF2's top level and ``tf.compat.v1`` share (one implementation, two namespaces)."""
from . import dtypes, errors  # noqa: F401
from .dtypes import (DType, as_dtype, bool, double, float16, float32, float64, half, int8,  # noqa: F401
                     int16, int32, int64, uint8)
from .autodiff import AggregationMethod, UnconnectedGradients, gradients  # noqa: F401
from .function import function  # noqa: F401
from .graph import Graph, executing_eagerly  # noqa: F401
from .initializers import constant_initializer, ones_initializer, zeros_initializer  # noqa: F401
from .math_ops import (abs, add, cast, cos, divide, exp, log, matmul, maximum, minimum, multiply,  # noqa: F401
                       negative, ones, ones_like, pow, reduce_max, reduce_mean, reduce_min, reduce_prod,
                       reduce_sum, relu, reshape, sigmoid, sin, sqrt, square, stack, stop_gradient,
                       subtract, tanh, transpose, truediv, zeros, zeros_like)
from . import nest  # noqa: F401
from .session import group  # noqa: F401
from .shapes import TensorShape  # noqa: F401
from .tape import GradientTape  # noqa: F401
from .tensor import Tensor, constant, convert_to_tensor, from_jax  # noqa: F401
from .tracing import init_scope  # noqa: F401
from .variables import Variable  # noqa: F401

__all__ = [name for name in dir() if not name.startswith("_")]
