"""``tf.nn``: activations, softmax and cross-entropy losses, ``conv2d`` / pooling (NHWC),
``bias_add``, ``l2_loss``, ``dropout``, with TF's argument semantics and errors.

``softmax_cross_entropy_with_logits`` has TF's kernel gradient (``softmax - labels``, even
for labels that do not sum to 1).
"""
from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from . import random_ops
from .array_ops import static_ints
from .errors import InvalidArgumentError
from .graph import executing_eagerly
from .math_ops import relu, sigmoid, softplus, tanh  # noqa: F401 - tf.nn re-exports them
from .op_errors import check_same_dtype, dims_text, kernel_error
from .tensor import Tensor, convert_to_tensor, make_op

# ---------------------------------------------------------------------------- pure JAX ops


def _softmax(x, *, axis: int): return jax.nn.softmax(x, axis=axis)  # noqa: E704
def _log_softmax(x, *, axis: int): return jax.nn.log_softmax(x, axis=axis)  # noqa: E704
def _l2_loss(x): return jnp.sum(x * x) / 2  # noqa: E704
def _bias_add(x, b): return x + b  # noqa: E704
def _elu(x): return jnp.where(x > 0, x, jnp.expm1(jnp.where(x > 0, 0, x)))  # noqa: E704
def _leaky_relu(x, *, alpha: float): return jnp.where(x > 0, x, x * alpha)  # noqa: E704
def _relu6(x): return jnp.where((x > 0) & (x < 6), x, jnp.clip(x, 0, 6))  # noqa: E704
def _selu(x): return 1.0507009873554805 * jnp.where(x > 0, x, 1.6732632423543772 * jnp.expm1(jnp.minimum(x, 0)))  # noqa: E501,E704
def _silu(x): return x * jax.nn.sigmoid(x)  # noqa: E704
def _gelu(x, *, approximate: bool): return jax.nn.gelu(x, approximate=approximate)  # noqa: E704
def _dropout(x, keep, *, scale: float): return jnp.where(keep, x * scale, jnp.zeros((), x.dtype))  # noqa: E704


def _sigmoid_ce(labels, logits):
    # TF's formula, written with where as TF writes it (so the gradient at 0 is TF's)
    positive = logits >= 0
    relu_logits = jnp.where(positive, logits, 0)
    neg_abs_logits = jnp.where(positive, -logits, logits)
    return relu_logits - logits * labels + jnp.log1p(jnp.exp(neg_abs_logits))


@functools.partial(jax.custom_jvp, nondiff_argnums=(2,))
def _softmax_ce(labels, logits, axis: int):
    return -jnp.sum(labels * jax.nn.log_softmax(logits, axis=axis), axis=axis)


@_softmax_ce.defjvp
def _softmax_ce_jvp(axis, primals, tangents):
    # TF's kernel gradient: softmax - labels for the logits (the true derivative only when
    # labels sum to 1), -log_softmax for the labels
    labels, logits = primals
    t_labels, t_logits = tangents
    log_probs = jax.nn.log_softmax(logits, axis=axis)
    loss = -jnp.sum(labels * log_probs, axis=axis)
    return loss, jnp.sum(t_logits * (jnp.exp(log_probs) - labels) - t_labels * log_probs, axis=axis)


def _softmax_ce_op(labels, logits, *, axis: int):
    return _softmax_ce(labels, logits, axis)


def _sparse_softmax_ce(labels, logits):
    log_probs = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.take_along_axis(log_probs, labels[..., None].astype(jnp.int32), axis=-1)[..., 0]


def _conv2d(x, w, *, strides: tuple, padding, dilations: tuple):
    return jax.lax.conv_general_dilated(x, w, strides, padding, rhs_dilation=dilations,
                                        dimension_numbers=("NHWC", "HWIO", "NHWC"))


def _max_pool(x, *, window: tuple, strides: tuple, padding: str):
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, strides, padding)


def _avg_pool(x, *, window: tuple, strides: tuple, padding: str):
    total = jax.lax.reduce_window(x, 0.0, jax.lax.add, window, strides, padding)
    count = jax.lax.reduce_window(jnp.ones_like(x), 0.0, jax.lax.add, window, strides, padding)
    return total / count  # TF's SAME average counts only the window's real entries


# ---------------------------------------------------------------------------- arguments

def _spatial(value: Any, name: str) -> tuple[int, int]:
    """A 2-D stride / size / dilation: an int, a pair, or TF's 4-entry NHWC form."""
    values = static_ints(value)
    if len(values) == 1:
        return values * 2
    if len(values) == 2:
        return values
    if len(values) == 4:
        return values[1:3]
    raise ValueError(f"{name} should be of length 1, 2 or 4. Received: {name}={value} of length {len(values)}")


def _padding(padding: Any, op_type: str):
    if isinstance(padding, str) and padding.upper() in ("SAME", "VALID"):
        return padding.upper()
    if isinstance(padding, (list, tuple)) and len(padding) == 4:  # explicit NHWC pairs
        return tuple(tuple(int(p) for p in pair) for pair in padding[1:3])
    if executing_eagerly():  # the kernel's attr check
        raise InvalidArgumentError(None, None, (
            f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: \"SAME\", \"VALID\", "
            f"\"EXPLICIT\"\n\t; NodeDef: {{{{node {op_type}}}}} [Op:{op_type}] name: "))
    raise ValueError(f"padding should be one of SAME, VALID or EXPLICIT. Received: padding={padding}")


# ---------------------------------------------------------------------------- public ops

def softmax(logits, axis: int = -1, name: str | None = None) -> Tensor:
    """``tf.nn.softmax`` / ``tf.math.softmax``."""
    return make_op(_softmax, [convert_to_tensor(logits)], {"axis": int(axis)}, op_type="Softmax", name=name)


def log_softmax(logits, axis: int = -1, name: str | None = None) -> Tensor:
    """``tf.nn.log_softmax`` / ``tf.math.log_softmax``."""
    return make_op(_log_softmax, [convert_to_tensor(logits)], {"axis": int(axis)}, op_type="LogSoftmax", name=name)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name: str | None = None) -> Tensor:
    """``tf.nn.sigmoid_cross_entropy_with_logits``: TF's stable formula, elementwise."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype) if not isinstance(labels, Tensor) else labels
    check_same_dtype("Mul", logits, labels)
    if logits.shape.is_fully_defined() and labels.shape.is_fully_defined() and logits.shape != labels.shape:
        raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs {labels.shape}).")
    return make_op(_sigmoid_ce, [labels, logits], op_type="logistic_loss", name=name)


def softmax_cross_entropy_with_logits(labels, logits, axis: int = -1, name: str | None = None) -> Tensor:
    """``tf.nn.softmax_cross_entropy_with_logits`` (v2): labels get gradients too."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype) if not isinstance(labels, Tensor) else labels
    a, b = logits.shape, labels.shape
    if a.is_fully_defined() and b.is_fully_defined():
        try:
            np.broadcast_shapes(tuple(a.as_list()), tuple(b.as_list()))
        except ValueError:
            raise kernel_error("SoftmaxCrossEntropyWithLogits", f"logits and labels must be broadcastable: logits_size="
                                                                f"{dims_text(a.dims)} labels_size={dims_text([1, *b.dims] if b.rank == 1 else b.dims)}") from None
    return make_op(_softmax_ce_op, [labels, logits], {"axis": int(axis)}, op_type="softmax_cross_entropy_with_logits",
                   name=name)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name: str | None = None) -> Tensor:
    """``tf.nn.sparse_softmax_cross_entropy_with_logits``: int class labels, one loss per row."""
    logits, labels = convert_to_tensor(logits), convert_to_tensor(labels)
    if labels.shape.rank is not None and logits.shape.rank is not None and labels.shape.rank != logits.shape.rank - 1:
        raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: labels.shape={labels.shape} "
                         f"of rank {labels.shape.rank} and logits.shape={logits.shape} of rank {logits.shape.rank}")
    return make_op(_sparse_softmax_ce, [labels, logits], op_type="SparseSoftmaxCrossEntropyWithLogits", name=name)


def l2_loss(t, name: str | None = None) -> Tensor:
    """``tf.nn.l2_loss``: ``sum(t ** 2) / 2``."""
    return make_op(_l2_loss, [convert_to_tensor(t)], op_type="L2Loss", name=name)


def bias_add(value, bias, data_format=None, name: str | None = None) -> Tensor:
    """``tf.nn.bias_add``: the bias along the last (channel) axis."""
    x = convert_to_tensor(value)
    b = convert_to_tensor(bias, dtype=x.dtype) if not isinstance(bias, Tensor) else bias
    check_same_dtype("BiasAdd", x, b)
    last = x.shape.dims[-1] if x.shape.dims else None
    if last is not None and b.shape.dims is not None and b.shape.dims[0] not in (None, last):
        raise kernel_error("BiasAdd", f"Must provide as many biases as the last dimension of the input tensor: "
                                      f"{dims_text(b.shape.dims)} vs. {dims_text(x.shape.dims)}")
    return make_op(_bias_add, [x, b], op_type="BiasAdd", name=name)


def conv2d(input, filters, strides, padding, data_format: str = "NHWC", dilations=None,  # noqa: A002
           name: str | None = None) -> Tensor:
    """``tf.nn.conv2d``: NHWC input, HWIO filters, SAME/VALID or explicit padding."""
    if data_format != "NHWC":
        raise NotImplementedError("gradcompat's conv2d supports data_format='NHWC' only")
    x, w = convert_to_tensor(input), convert_to_tensor(filters)
    check_same_dtype("Conv2D", x, w, names=("input", "filter"))
    static = {"strides": _spatial(strides, "strides"), "padding": _padding(padding, "Conv2D"),
              "dilations": _spatial(1 if dilations is None else dilations, "dilations")}
    return make_op(_conv2d, [x, w], static, op_type="Conv2D", name=name)


def _pool(fn, op_type: str):
    def op(input, ksize, strides, padding, data_format: str = "NHWC", name: str | None = None) -> Tensor:  # noqa: A002
        x = convert_to_tensor(input)
        static = {"window": (1, *_spatial(ksize, "ksize"), 1), "strides": (1, *_spatial(strides, "strides"), 1),
                  "padding": _padding(padding, op_type)}
        return make_op(fn, [x], static, op_type=op_type, name=name)
    op.__doc__ = f"``tf.nn.{op_type.lower()}`` (NHWC): the gradient of a tie goes to the first maximum."
    return op


max_pool2d = max_pool = _pool(_max_pool, "MaxPool")
avg_pool2d = avg_pool = _pool(_avg_pool, "AvgPool")


def _activation(fn, op_type: str, **static):
    def op(features, name: str | None = None, **kwargs) -> Tensor:
        return make_op(fn, [convert_to_tensor(features)], {**static, **kwargs}, op_type=op_type, name=name)
    op.__doc__ = f"``tf.nn.{op_type.lower()}``."
    return op


elu = _activation(_elu, "Elu")
relu6 = _activation(_relu6, "Relu6")
selu = _activation(_selu, "Selu")
silu = swish = _activation(_silu, "silu")


def leaky_relu(features, alpha: float = 0.2, name: str | None = None) -> Tensor:
    """``tf.nn.leaky_relu`` (alpha 0.2 by default)."""
    return make_op(_leaky_relu, [convert_to_tensor(features)], {"alpha": float(alpha)}, op_type="LeakyRelu", name=name)


def gelu(features, approximate: bool = False, name: str | None = None) -> Tensor:
    """``tf.nn.gelu`` (exact erf form by default, as TF)."""
    return make_op(_gelu, [convert_to_tensor(features)], {"approximate": bool(approximate)}, op_type="Gelu", name=name)


def dropout(x, rate, noise_shape=None, seed=None, name: str | None = None) -> Tensor:
    """``tf.nn.dropout``: zeroes entries with probability ``rate``, scales the rest by 1/(1-rate).

    The mask is TF's: ``tf.random.uniform(noise_shape, seed=seed, dtype=x.dtype) >= rate``.
    """
    x = convert_to_tensor(x)
    if isinstance(rate, (int, float)) and not 0 <= rate < 1:
        raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
    rate = float(rate)
    if rate == 0:
        random_ops.get_seed(seed)  # TF's dummy step: an eager op seed is still used up
        return x
    shape = x.shape.as_list() if noise_shape is None else list(static_ints(noise_shape))
    keep = random_ops.uniform(shape, seed=seed, dtype=x.dtype) >= rate
    return make_op(_dropout, [x, keep], {"scale": 1.0 / (1.0 - rate)}, op_type="dropout", name=name)
