"""The API that TF2's top level and ``tf.compat.v1`` share (one implementation, two namespaces)."""
from . import dtypes, errors  # noqa: F401
from .dtypes import (DType, as_dtype, bool, complex64, complex128, double, float16, float32, float64, half,  # noqa: F401
                     int8, int16, int32, int64, string, uint8, uint16, uint32, uint64)
from .autodiff import AggregationMethod, UnconnectedGradients, gradients  # noqa: F401
from .custom_gradient import custom_gradient, grad_pass_through, recompute_grad  # noqa: F401
from .function import function  # noqa: F401
from .graph import Graph, executing_eagerly  # noqa: F401
from .indexed_slices import IndexedSlices  # noqa: F401
from .initializers import constant_initializer, ones_initializer, zeros_initializer  # noqa: F401
from . import linalg, math, nn, random  # noqa: F401
from .array_ops import (argsort, boolean_mask, concat, expand_dims, eye, fill, gather, gather_nd,  # noqa: F401
                        identity, linspace, one_hot, ones, ones_like, pad, range, rank, reshape, reverse, shape,
                        size, sort, split, squeeze, stack, tile, transpose, unstack, zeros, zeros_like)
from .linalg_ops import einsum, matmul, norm, tensordot  # noqa: F401
from .math_ops import (abs, add, cast, clip_by_value, cos, divide, equal, exp, floordiv, floormod,  # noqa: F401
                       greater, greater_equal, less, less_equal, log, logical_and, logical_not, logical_or,
                       maximum, minimum, multiply, negative, not_equal, pow, sigmoid, sign, sin, sqrt, square,
                       stop_gradient, subtract, tanh, truediv, where)
from .more_math_ops import add_n, floor, round  # noqa: F401
from .reduction_ops import (argmax, argmin, cumsum, reduce_all, reduce_any, reduce_logsumexp,  # noqa: F401
                            reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_sum)
from .slicing import slice, strided_slice  # noqa: F401
from . import nest  # noqa: F401
from .complex_ops import complex  # noqa: F401
from .device import device  # noqa: F401
from .scatter_ops import (tensor_scatter_nd_add, tensor_scatter_nd_max, tensor_scatter_nd_min,  # noqa: F401
                          tensor_scatter_nd_sub, tensor_scatter_nd_update)
from .printing import print  # noqa: F401,A004
from . import strings  # noqa: F401
from .control_flow_ops import case, cond, foldl, foldr, map_fn, scan, switch_case, while_loop  # noqa: F401
from .tensor_array import TensorArray  # noqa: F401
from . import config  # noqa: F401
from .module import Module  # noqa: F401
from .basic_ops import (broadcast_to, clip_by_global_norm, clip_by_norm, get_static_value, identity_n,  # noqa: F401
                        is_tensor, meshgrid, repeat)
from .operations import group  # noqa: F401
from .shapes import TensorShape  # noqa: F401
from .tape import GradientTape  # noqa: F401
from .tensor import Tensor, constant, convert_to_tensor, from_jax  # noqa: F401
from .tensor_spec import TensorSpec  # noqa: F401
from .tracing import init_scope  # noqa: F401
from .variables import Variable  # noqa: F401
from . import data  # noqa: F401,E402
from . import sparse  # noqa: F401,E402
from . import image  # noqa: F401,E402
from .sparse_tensor import SparseTensor  # noqa: F401,E402

newaxis = None  # tf.newaxis

__all__ = [name for name in dir() if not name.startswith("_")]
