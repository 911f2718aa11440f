"""``tf.math``: the math ops under their ``tf.math.*`` names (the same functions as the top level)."""
from .math_ops import (abs, add, cast, cos, divide, equal, exp, floordiv, floormod, greater,  # noqa: F401
                       greater_equal, less, less_equal, log, log1p, logical_and, logical_not, logical_or,
                       logical_xor, maximum, minimum, multiply, negative, not_equal, pow, reciprocal, sigmoid,
                       sign, sin, softplus, sqrt, square, subtract, tanh, truediv)
from .more_math_ops import (acos, add_n, asin, atan, atan2, ceil, cosh, divide_no_nan, erf, expm1, floor,  # noqa: F401
                            is_finite, is_inf, is_nan, l2_normalize, reduce_euclidean_norm, rint, round, rsqrt,
                            sinh, squared_difference, tan, top_k, xlogy)
from .complex_ops import angle, conj, imag, real  # noqa: F401
from .nn_ops import log_softmax, softmax  # noqa: F401
from .reduction_ops import (argmax, argmin, cumprod, cumsum, reduce_all, reduce_any, reduce_logsumexp,  # noqa: F401
                            reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_std, reduce_sum,
                            reduce_variance)

mod = floormod
