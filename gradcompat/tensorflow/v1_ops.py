"""The TF1-only op names and arguments of ``tf.compat.v1``: ``random_normal``, ``set_random_seed``,
``to_float``, ``div``, ``arg_max``, reductions' ``keep_dims`` / ``reduction_indices``, and the
v1 ``nn.softmax_cross_entropy_with_logits`` (no gradient into the labels)."""
from __future__ import annotations

from . import dtypes as _dt
from . import reduction_ops
from .math_ops import _binary, _floordiv, cast, divide, stop_gradient
from .nn_ops import softmax_cross_entropy_with_logits as _softmax_ce_v2
from .random_ops import normal as random_normal  # noqa: F401
from .random_ops import set_seed as set_random_seed  # noqa: F401
from .random_ops import truncated_normal  # noqa: F401
from .random_ops import uniform as random_uniform  # noqa: F401
from .random_ops import get_seed, multinomial, shuffle as random_shuffle  # noqa: F401
from .tensor import Tensor, convert_to_tensor


def _caster(dtype: _dt.DType, name: str):
    def op(x, name: str = name) -> Tensor:
        return cast(x, dtype, name=None if name == op.__defaults__[0] else name)
    op.__name__ = name
    op.__doc__ = f"``tf.compat.v1.{name}``: ``tf.cast(x, tf.{dtype.name})``."
    return op


to_float = _caster(_dt.float32, "to_float")
to_double = _caster(_dt.float64, "to_double")
to_int32 = _caster(_dt.int32, "to_int32")
to_int64 = _caster(_dt.int64, "to_int64")


def div(x, y, name: str | None = None) -> Tensor:
    """``tf.compat.v1.div``: python-2 division (integers floor-divide, floats divide)."""
    x = convert_to_tensor(x)
    if x.dtype.is_integer:
        return _binary(_floordiv, x, y, "FloorDiv", "div", name)
    return divide(x, y, name=name)


def _v1_reduction(reduce):
    def op(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
           keep_dims=None) -> Tensor:
        if keepdims is not None and keep_dims is not None:
            raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'")
        if axis is not None and reduction_indices is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_indices'")
        keep = keepdims if keepdims is not None else keep_dims
        return reduce(input_tensor, axis if axis is not None else reduction_indices, bool(keep), name=name)
    op.__name__ = reduce.__name__
    op.__doc__ = f"``tf.compat.v1.{reduce.__name__}``: also ``keep_dims`` and ``reduction_indices``."
    return op


reduce_sum = _v1_reduction(reduction_ops.reduce_sum)
reduce_mean = _v1_reduction(reduction_ops.reduce_mean)
reduce_max = _v1_reduction(reduction_ops.reduce_max)
reduce_min = _v1_reduction(reduction_ops.reduce_min)
reduce_prod = _v1_reduction(reduction_ops.reduce_prod)
reduce_logsumexp = _v1_reduction(reduction_ops.reduce_logsumexp)
reduce_any = _v1_reduction(reduction_ops.reduce_any)
reduce_all = _v1_reduction(reduction_ops.reduce_all)


def argmax(input, axis=None, name: str | None = None, dimension=None, output_type=_dt.int64) -> Tensor:  # noqa: A002
    """``tf.compat.v1.argmax`` (``dimension`` is the old name of ``axis``)."""
    return reduction_ops.argmax(input, axis if axis is not None else dimension, output_type, name=name)


def argmin(input, axis=None, name: str | None = None, dimension=None, output_type=_dt.int64) -> Tensor:  # noqa: A002
    """``tf.compat.v1.argmin`` (``dimension`` is the old name of ``axis``)."""
    return reduction_ops.argmin(input, axis if axis is not None else dimension, output_type, name=name)


def arg_max(input, dimension, output_type=_dt.int64, name: str | None = None) -> Tensor:  # noqa: A002
    """``tf.compat.v1.arg_max``."""
    return reduction_ops.argmax(input, dimension, output_type, name=name)


def arg_min(input, dimension, output_type=_dt.int64, name: str | None = None) -> Tensor:  # noqa: A002
    """``tf.compat.v1.arg_min``."""
    return reduction_ops.argmin(input, dimension, output_type, name=name)


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name: str | None = None,
                                      axis=None) -> Tensor:
    """``tf.compat.v1.nn.softmax_cross_entropy_with_logits``: the labels get no gradient."""
    if _sentinel is not None:
        raise ValueError("Only call `softmax_cross_entropy_with_logits` with named arguments (labels=..., logits=..., ...)")
    return _softmax_ce_v2(stop_gradient(labels), logits, axis=dim if axis is None else axis, name=name)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name: str | None = None, dim=None) -> Tensor:
    """``tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2``: TF2's op (``dim`` is ``axis``)."""
    chosen = axis if axis is not None else dim
    return _softmax_ce_v2(labels, logits, axis=-1 if chosen is None else chosen, name=name)
