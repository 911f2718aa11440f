"""``mindspore.ops``: primitives, functional ops, and the gradient transforms."""
from .grad import GradOperation, get_grad, grad, value_and_grad
from .hooks import HookBackward, InsertGradientOf
from .vmap import vmap
from .complex_ops import Imag, Real, imag, real
from .batch_norm import BatchNorm
from .transforms import jacfwd, jacrev, jvp, vjp
from .primitives import Primitive
from .math_ops import (Abs, Add, BatchMatMul, Cos, CumSum, Div, Equal, Erf, Exp, Floor, Log, MatMul, Maximum,
                       Minimum, Mul, Neg, Pow, RealDiv, Reciprocal, ReduceMax, ReduceMean, ReduceMin, ReduceProd,
                       ReduceSum, Rsqrt, Sign, Sin, Sqrt, Square, Sub)
from .array_ops import (Argmax, BroadcastTo, Cast, Concat, ExpandDims, Fill, Gather, GatherD, OneHot, OnesLike,
                        Reshape, Select, Shape, Split, Squeeze, Stack, Tile, Transpose, ZerosLike)
from .nn_ops import (BiasAdd, Conv2D, LogSoftmax, MaxPool, ReLU, Sigmoid, Softmax, SoftmaxCrossEntropyWithLogits,
                     SparseSoftmaxCrossEntropyWithLogits, Tanh)
from .state_ops import Assign, AssignAdd, AssignSub, Depend, StopGradient, assign_add, assign_sub, stop_gradient
from .value_checks import IsFinite, IsInf, IsNan, isfinite, isinf, isnan, isneginf, isposinf, nan_to_num
from .functional import (abs, add, amax, amin, argmax, argmin, bias_add, bmm, cast, cat, clamp, clip, clip_by_value,  # noqa: A004
                         concat, cos, div, erf, exp, expand_dims, fill, flatten, floor, full, gather, gather_d,
                         gather_elements, log, log1p, log_softmax, matmul, maximum, mean, minimum, mul, neg, ones,
                         ones_like, pow, prod, reciprocal, reduce_max, reduce_mean, reduce_min, reduce_sum, relu, reshape, rsqrt, shape, sigmoid, sign,
                         sin, softmax, sqrt, square, squeeze, stack, sub, sum, tanh, tile, transpose, unsqueeze,
                         where, zeros, zeros_like)
from .functional import (broadcast_to, ceil, cumsum, equal, expm1, gelu, leaky_relu, masked_fill, one_hot,  # noqa: A004
                         round, split)
from .extra_ops import (ApplyMomentum, Dropout2D, arange, assign, binary_cross_entropy_with_logits,  # noqa: A004
                        clip_by_global_norm, ge, greater, greater_equal, gt, le, less, less_equal, lt, max, min, ne,
                        norm, not_equal)
from .random_ops import (Dropout, RandomShuffle, RandpermV2, StandardNormal, UniformInt, UniformReal, dropout,
                         normal, rand, randint, randn, randperm, shuffle, standard_normal, uniform)

__all__ = [
    "HookBackward", "InsertGradientOf", "get_grad", "vmap", "BatchNorm", "Imag", "Real", "imag", "real",
    "Argmax", "BroadcastTo", "Cos", "CumSum", "Equal", "Erf", "Floor", "OneHot", "Reciprocal", "Sign", "Sin",
    "Split", "broadcast_to", "ceil", "cumsum", "equal", "expm1", "gelu", "leaky_relu", "masked_fill", "one_hot",
    "round", "split",
    "Abs", "Add", "Assign", "AssignAdd", "BatchMatMul", "BiasAdd", "Cast", "Concat", "Conv2D", "Depend", "Div",
    "Exp", "ExpandDims", "Fill", "Gather", "GatherD", "GradOperation", "Log", "LogSoftmax", "MatMul", "MaxPool",
    "Maximum", "Minimum", "Mul", "Neg", "OnesLike", "Pow", "Primitive", "RealDiv", "ReduceMax", "ReduceMean",
    "ReduceMin", "ReduceProd", "ReduceSum", "ReLU", "Reshape", "Rsqrt", "Select", "Shape", "Sigmoid", "Softmax",
    "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits", "Sqrt", "Square", "Squeeze", "Stack",
    "StopGradient", "Sub", "Tanh", "Tile", "Transpose", "ZerosLike",
    "abs", "add", "amax", "amin", "argmax", "argmin", "bias_add", "bmm", "cast", "cat", "clamp", "clip", "clip_by_value",
    "concat", "cos", "div", "erf", "exp", "expand_dims", "fill", "flatten", "floor", "full", "gather", "gather_d",
    "gather_elements", "grad", "jacfwd", "jacrev", "jvp", "log", "log1p", "log_softmax", "matmul", "maximum",
    "mean", "minimum", "mul", "neg", "ones", "ones_like", "pow", "prod", "reciprocal", "reduce_max", "reduce_mean", "reduce_min", "reduce_sum", "relu",
    "reshape", "rsqrt", "shape", "sigmoid", "sign", "sin", "softmax", "sqrt", "square", "squeeze", "stack",
    "stop_gradient", "sub", "sum", "tanh", "tile", "transpose", "unsqueeze", "value_and_grad", "vjp", "where",
    "zeros", "zeros_like",
]
__all__ += ["ApplyMomentum", "Dropout2D", "arange", "assign", "binary_cross_entropy_with_logits", "clip_by_global_norm",
            "ge", "greater", "greater_equal", "gt", "le", "less", "less_equal", "lt", "max", "min", "ne", "norm",
            "not_equal", "rand", "randn"]
__all__ += ["Dropout", "RandomShuffle", "RandpermV2", "StandardNormal", "UniformInt", "UniformReal", "dropout", "normal",
            "randint", "randperm", "shuffle", "standard_normal", "uniform"]
from .comm_ops import AllGather, AllReduce, Broadcast, ReduceOp, ReduceScatter  # noqa: E402
__all__ += ["AllGather", "AllReduce", "Broadcast", "ReduceOp", "ReduceScatter"]
__all__ += ["AssignSub", "IsFinite", "IsInf", "IsNan", "assign_add", "assign_sub", "isfinite", "isinf", "isnan",
            "isneginf", "isposinf", "nan_to_num"]
