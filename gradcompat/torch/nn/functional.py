"""``torch.nn.functional``: torch's argument semantics over the kernels in ``nn.kernels``.

Each function checks its arguments (torch's error texts for common mistakes), picks the
static attributes and applies one kernel through ``core.apply`` with torch's grad_fn name.
Known difference: ``dropout`` draws its mask from gradcompat's own seeded stream, so the
dropped positions differ from torch's (the scaling and the gradient rule are the same).
"""
from __future__ import annotations

import functools
import math
import warnings
import weakref
from typing import Sequence

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from ...layers import convolution as LC
from ...layers import normalization as LN
from ...layers import resampling as LR
from ...layers import embedding as LE
from .. import autocast_policy, dtypes
from .. import pointwise as _pointwise
from ..tensor import Tensor, wrap
from . import kernels as K

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "adaptive_max_pool3d", "avg_pool1d", "avg_pool3d", "max_pool1d", "max_pool3d",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "group_norm", "instance_norm", "local_response_norm", "rms_norm",
    "alpha_dropout", "dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout",
    "channel_shuffle", "fold", "interpolate", "pixel_shuffle", "pixel_unshuffle", "unfold", "upsample", "upsample_bilinear", "upsample_nearest",
    "embedding_bag",
    "avg_pool2d", "batch_norm", "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv1d",
    "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "cross_entropy", "dropout", "elu", "embedding", "flatten", "gelu", "l1_loss", "layer_norm",
    "leaky_relu", "linear", "log_softmax", "max_pool2d", "mse_loss", "nll_loss", "normalize", "one_hot", "pad", "relu", "sigmoid", "silu",
    "smooth_l1_loss", "softmax", "softplus", "tanh", "threshold", "threshold_",
]


def _apply(fn, tensors: Sequence, name: str, **static) -> Tensor:
    return wrap(core.apply(fn, [t.node for t in tensors], static, name=name))


_VMAP_ITEM = ("vmap: It looks like you're either (1) calling .item() on a Tensor or (2) attempting to use a Tensor "
              "in some data-dependent control flow or (3) encountering this error in PyTorch internals. For (1): we "
              "don't support vmap over calling .item() on a Tensor, please try to rewrite what you're doing with other "
              "operations. For (2): we don't support data-dependent control flow in vmap yet, please file an issue at "
              "https://github.com/pytorch/pytorch/issues . For (3): please file an issue.")


def _host(t: Tensor) -> np.ndarray | None:
    """``t``'s values on the host for torch's data-dependent checks; None while they are traced
    (``torch.func.vmap`` / ``grad``), where a check cannot look at them."""
    value = t._value
    return None if isinstance(value, jax.core.Tracer) else np.asarray(value)


def _check_tensor(x, fname: str, arg: str = "input", pos: int = 0) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos + 1}) must be Tensor, "
                        f"not {type(x).__name__}")


def _tuple(v, n: int) -> tuple:
    if isinstance(v, (list, tuple)):
        return tuple(int(i) for i in v)
    return (int(v),) * n


# ----- linear and convolution ---------------------------------------------------------------

@autocast_policy.lower_precision
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``F.linear``: ``input @ weight.T + bias`` (grad_fn AddmmBackward0 for 2-D input)."""
    _check_tensor(input, "linear")
    # each aval read once: these checks run at every layer call of every step
    shape, w = input.node.aval, weight.node.aval
    if shape.dtype != w.dtype or not shape.shape or not w.shape or shape.shape[-1] != w.shape[-1]:
        _linear_error(input, weight)
    ndim = len(shape.shape)
    if bias is None:
        name = {1: "SqueezeBackward4", 2: "MmBackward0"}.get(ndim, "UnsafeViewBackward0")
        return _apply(K.linear, [input, weight], name)
    return _apply(K.linear_bias, [input, weight, bias], "AddmmBackward0" if ndim == 2 else "ViewBackward0")


def _linear_error(input: Tensor, weight: Tensor) -> None:
    """torch's errors for ``F.linear`` operands of different dtypes or mismatched shapes."""
    if input.dim() == 0 or weight.dim() == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {input.dim()}D and "
                           f"{weight.dim()}D")
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{dtypes.C_TYPE_NAMES[input.dtype.name]} != {dtypes.C_TYPE_NAMES[weight.dtype.name]}")
    if input.dim() == 0 or input.shape[-1] != weight.shape[-1]:
        rows = int(np.prod(input.shape[:-1])) if input.dim() else 1
        cols = input.shape[-1] if input.dim() else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{cols} and "
                           f"{weight.shape[-1]}x{weight.shape[0]})")


def _conv(input, weight, bias, stride, padding, dilation, groups, n: int) -> Tensor:
    _check_tensor(input, f"conv{n}d")
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to conv{n}d, but got "
                           f"input of size: {list(input.shape)}")
    unbatched = input.dim() == n + 1
    if unbatched:
        input = _apply(K.reshape, [input], "UnsqueezeBackward0", shape=(1, *input.shape))
    if input.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {weight.shape[1] * groups} channels, but got "
                           f"{input.shape[1]} channels instead")
    if not isinstance(padding, str):
        padded = [size + 2 * p for size, p in zip(input.shape[2:], _tuple(padding, n))]
        kernel = [d * (k - 1) + 1 for d, k in zip(_tuple(dilation, n), weight.shape[2:])]
        if any(k > s for k, s in zip(kernel, padded)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
                               f"Kernel size: ({' x '.join(map(str, kernel))}). Kernel size can't be greater "
                               "than actual input size")
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise ValueError(f"Invalid padding string '{padding}', should be one of {{'valid', 'same'}}")
        pad = padding.upper()
    else:
        pad = _tuple(padding, n)
    static = dict(stride=_tuple(stride, n), padding=pad, dilation=_tuple(dilation, n), groups=int(groups))
    if bias is None:
        out = _apply(K.conv, [input, weight], "ConvolutionBackward0", **static)
    else:
        out = _apply(K.conv_bias, [input, weight, bias], "ConvolutionBackward0", **static)
    if unbatched:
        out = _apply(K.reshape, [out], "SqueezeBackward1", shape=tuple(out.shape[1:]))
    return out


@autocast_policy.lower_precision
def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``F.conv1d`` (N, C, L) via ``jax.lax.conv_general_dilated``."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1)


@autocast_policy.lower_precision
def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``F.conv2d`` (N, C, H, W) via ``jax.lax.conv_general_dilated``."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2)


@autocast_policy.lower_precision
def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,
           groups: int = 1) -> Tensor:
    """``F.conv3d`` (N, C, D, H, W) via ``jax.lax.conv_general_dilated``."""
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3)


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, n: int) -> Tensor:
    fname = f"conv_transpose{n}d"
    _check_tensor(input, fname)
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {fname}, but got "
                           f"input of size: {list(input.shape)}")
    unbatched = input.dim() == n + 1
    if unbatched:
        input = _apply(K.reshape, [input], "UnsqueezeBackward0", shape=(1, *input.shape))
    if input.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {weight.shape[0]} channels, but got "
                           f"{input.shape[1]} channels instead")
    s, p, op, d = _tuple(stride, n), _tuple(padding, n), _tuple(output_padding, n), _tuple(dilation, n)
    if any(v <= 0 for v in s):
        raise RuntimeError("non-positive stride is not supported")
    if any(o >= si and o >= di for o, si, di in zip(op, s, d)):
        names = ("depth", "height", "width")[-n:] if n > 1 else ("width",)
        if n == 1:
            names = ("height", "width")
            op2, s2, d2 = (0,) + op, (1,) + s, (1,) + d
        else:
            op2, s2, d2 = op, s, d
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                           + " ".join(f"output_padding_{a}: {v}" for a, v in zip(names, op2)) + " "
                           + " ".join(f"stride_{a}: {v}" for a, v in zip(names, s2)) + " "
                           + " ".join(f"dilation_{a}: {v}" for a, v in zip(names, d2)))
    extra = [bias] if bias is not None else []
    out = _apply(LC.conv_transpose, [input, weight, *extra], "ConvolutionBackward0", stride=s, padding=p,
                 output_padding=op, dilation=d, groups=int(groups))
    if unbatched:
        out = _apply(K.reshape, [out], "SqueezeBackward1", shape=tuple(out.shape[1:]))
    return out


@autocast_policy.lower_precision
def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``F.conv_transpose1d``: weight (C_in, C_out / groups, k)."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1)


@autocast_policy.lower_precision
def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``F.conv_transpose2d``: weight (C_in, C_out / groups, kh, kw)."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 2)


@autocast_policy.lower_precision
def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    """``F.conv_transpose3d``: weight (C_in, C_out / groups, kd, kh, kw)."""
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 3)


# ----- pooling ---------------------------------------------------------------------------------

def _pool_geometry(input: Tensor, kernel_size, stride, padding, dilation, ceil_mode: bool, n: int):
    k = _tuple(kernel_size, n)
    s = _tuple(stride, n) if stride not in (None, ()) and stride != [] else k
    p = _tuple(padding, n)
    d = _tuple(dilation, n)
    for ki, pi in zip(k, p):
        if pi > ki // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={pi}, "
                               f"kernel_size={ki} and dilation={d[0]}")
    if any(si <= 0 for si in s):
        raise RuntimeError("stride should not be zero")
    lead = input.dim() - n
    pads = [(0, 0)] * lead
    outs = []
    for size, ki, si, pi, di in zip(input.shape[lead:], k, s, p, d):
        eff = di * (ki - 1) + 1
        span = size + 2 * pi - eff
        out = (-(-span // si) if ceil_mode else span // si) + 1
        if ceil_mode and (out - 1) * si >= size + pi:
            out -= 1  # torch: the last window must start inside the input or left padding
        outs.append(out)
        hi = (out - 1) * si + eff - size - pi
        pads.append((pi, max(hi, 0)))
    if any(o <= 0 for o in outs):
        channels = list(input.shape[lead - 1:lead]) if lead else []
        raise RuntimeError(f"Given input size: ({'x'.join(str(v) for v in input.shape[lead - 1 if lead else 0:])}). "
                           f"Calculated output size: ({'x'.join(str(v) for v in channels + outs)}). "
                           "Output size is too small")
    ones = (1,) * lead
    return (*ones, *k), (*ones, *s), tuple(pads), (*ones, *d)


def _pool_input(input: Tensor, fname: str, n: int) -> None:
    _check_tensor(input, fname)
    if input.dim() not in (n + 1, n + 2):
        if n == 1 and fname.startswith("max"):
            raise RuntimeError(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
                               f"for input, but got:{list(input.shape)}")
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, n: int):
    fname = f"max_pool{n}d"
    _pool_input(input, fname, n)
    if stride is not None and not isinstance(stride, (list, tuple)) and stride == 0:
        raise RuntimeError("stride should not be zero")
    if n == 1:
        k, p = _tuple(kernel_size, 1)[0], _tuple(padding, 1)[0]
        if p > k // 2:
            raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={p} "
                               f"and kernel_size={k}")
    window, strides, pads, dil = _pool_geometry(input, kernel_size, stride, padding, dilation, ceil_mode, n)
    static = dict(window=window, strides=strides, padding=pads, dilation=dil)
    name = "SqueezeBackward1" if n == 1 else f"MaxPool{n}DWithIndicesBackward0"
    out = _apply(K.max_pool, [input], name, **static)
    if stride is not None or ceil_mode:  # what grad_fn._saved_stride / _ceil_mode show (autograd/node.py)
        from ..functions import note_saved
        note_saved(out, stride_given=stride is not None, ceil_mode=bool(ceil_mode))
    if not return_indices:
        return out
    with core.recording.grad_mode(False):
        indices = _apply(LC.max_pool_indices, [input], "max_pool_indices", n=n, **static)
    return out, indices


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """``F.max_pool1d`` over (N, C, L) or (C, L); ``return_indices`` gives torch's flat positions."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1)


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """``F.max_pool2d``: the gradient goes to each window's first maximum (torch's tie rule);
    ``return_indices`` gives flat positions over (H, W)."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2)


def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,
               return_indices: bool = False):
    """``F.max_pool3d`` over (N, C, D, H, W) or (C, D, H, W)."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3)


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, n: int):
    _pool_input(input, f"avg_pool{n}d", n)
    if stride is not None and not isinstance(stride, (list, tuple)) and stride == 0:
        raise RuntimeError("stride should not be zero")
    window, strides, pads, _ = _pool_geometry(input, kernel_size, stride, padding, 1, ceil_mode, n)
    if divisor_override:
        divisor = float(divisor_override)
    elif not any(hi > lo for lo, hi in pads) and (count_include_pad or not any(lo for lo, _ in pads)):
        divisor = float(np.prod(window))
    else:
        divisor = "count_pad" if count_include_pad else "count"
    name = "SqueezeBackward1" if n == 1 else f"AvgPool{n}DBackward0"
    out = _apply(K.avg_pool, [input], name, window=window, strides=strides, padding=pads, divisor=divisor)
    if stride is not None or ceil_mode or not count_include_pad or divisor_override:
        from ..functions import note_saved  # what grad_fn's _saved_* show (autograd/node.py)
        note_saved(out, stride_given=stride is not None, ceil_mode=bool(ceil_mode),
                   count_include_pad=bool(count_include_pad), divisor_override=divisor_override)
    return out


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    """``F.avg_pool1d`` (count_include_pad as torch)."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """``F.avg_pool2d`` via ``jax.lax.reduce_window`` (count_include_pad and divisor_override as torch)."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2)


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    """``F.avg_pool3d`` (count_include_pad and divisor_override as torch)."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3)


def _adaptive_size(input: Tensor, output_size, n: int, fname: str) -> tuple:
    if isinstance(output_size, (list, tuple)):
        if len(output_size) != n:
            raise RuntimeError(f"{fname}: output_size must be {n}")
        sizes = list(output_size)
    else:
        sizes = [output_size] * n
    spatial = input.shape[input.dim() - n:]
    return tuple(int(spatial[i]) if s is None else int(s) for i, s in enumerate(sizes))


def _adaptive_input(input: Tensor, n: int, fname: str) -> None:
    _check_tensor(input, fname)
    if input.dim() not in (n + 1, n + 2):
        if n == 1:
            raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional tensor for argument "
                               f"#1 'self' (while checking arguments for {fname})")
        colon = ":" if fname.startswith("adaptive_max") else ""
        raise RuntimeError(f"{fname}(): Expected {n + 1}D or {n + 2}D tensor, but got{colon} {list(input.shape)}")


def _check_nonempty_spatial(input: Tensor, fname: str) -> None:
    for i in range(1, input.dim()):
        if input.shape[i] == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")


def _adaptive_avg_pool(input, output_size, n: int) -> Tensor:
    fname = f"adaptive_avg_pool{n}d"
    _adaptive_input(input, n, fname)
    _check_nonempty_spatial(input, fname)
    out = _adaptive_size(input, output_size, n, fname)
    if n == 1:
        name = "SqueezeBackward1"
    elif all(o == 1 for o in out):
        name = "MeanBackward1"  # torch computes a global average as a mean
    else:
        name = f"AdaptiveAvgPool{n}DBackward0"
    return _apply(LC.adaptive_avg_pool, [input], name, out=out)


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """``F.adaptive_avg_pool1d``: averages over windows [floor(i L / out), ceil((i + 1) L / out))."""
    return _adaptive_avg_pool(input, output_size, 1)


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """``F.adaptive_avg_pool2d`` (``None`` in ``output_size`` keeps that size)."""
    return _adaptive_avg_pool(input, output_size, 2)


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """``F.adaptive_avg_pool3d``."""
    return _adaptive_avg_pool(input, output_size, 3)


def _adaptive_max_pool(input, output_size, return_indices: bool, n: int):
    fname = f"adaptive_max_pool{n}d"
    _adaptive_input(input, n, fname)
    _check_nonempty_spatial(input, fname)
    out = _adaptive_size(input, output_size, n, fname)
    name = "SqueezeBackward1" if n == 1 else f"AdaptiveMaxPool{n}DBackward0"
    values = _apply(LC.adaptive_max_pool, [input], name, out=out)
    if not return_indices:
        return values
    with core.recording.grad_mode(False):
        indices = _apply(LC.adaptive_max_pool_indices, [input], "adaptive_max_pool_indices", out=out)
    return values, indices


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """``F.adaptive_max_pool1d`` (the gradient goes to each window's first maximum)."""
    return _adaptive_max_pool(input, output_size, return_indices, 1)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """``F.adaptive_max_pool2d``; ``return_indices`` gives flat positions over (H, W)."""
    return _adaptive_max_pool(input, output_size, return_indices, 2)


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """``F.adaptive_max_pool3d``."""
    return _adaptive_max_pool(input, output_size, return_indices, 3)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, n: int) -> Tensor:
    _check_tensor(input, f"max_unpool{n}d")
    k = _tuple(kernel_size, n)
    s = _tuple(stride, n) if stride is not None else k
    p = _tuple(padding, n)
    spatial = input.shape[input.dim() - n:]
    default = [(spatial[i] - 1) * s[i] - 2 * p[i] + k[i] for i in range(n)]
    if output_size is None:
        out = tuple(default)
    else:
        out = [int(v) for v in output_size]
        if len(out) == n + 2 or (len(out) == n + 1 and input.dim() == n + 1):
            out = out[-n:]
        if len(out) != n:
            raise ValueError(f"output_size should be a sequence containing {n} or {n + 2} elements, but it has a "
                             f"length of '{len(out)}'")
        for d in range(n):
            lo, hi = default[d] - s[d], default[d] + s[d]
            if not lo < out[d] < hi:
                raise ValueError(f'invalid output_size "{tuple(out)}" (dim {d} must be between {lo} and {hi})')
        out = tuple(out)
    size = int(np.prod(out))
    idx = _host(indices)
    bad = idx[(idx < 0) | (idx >= size)] if idx is not None else ()
    if len(bad):
        raise RuntimeError(f"Found an invalid max index: {int(bad.flat[0])} (output volumes are of size "
                           f"{'x'.join(str(v) for v in out)})")
    name = "SqueezeBackward1" if n == 1 else f"MaxUnpool{n}DBackward0"
    return _apply(LC.max_unpool, [input, indices], name, out_spatial=out)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``F.max_unpool1d``: the inverse of ``max_pool1d`` (zeros where no maximum came from)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``F.max_unpool2d``: values scattered to the flat positions ``indices`` (from ``max_pool2d``)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0, output_size=None) -> Tensor:
    """``F.max_unpool3d``."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3)


# ----- activations -----------------------------------------------------------------------------

def _float_check(input: Tensor, fname: str) -> None:
    _check_tensor(input, fname)
    if not input.dtype.is_floating_point:
        raise NotImplementedError(f'"{fname}" not implemented for '
                                  f"'{dtypes.SCALAR_TYPE_NAMES[input.dtype.name]}'")


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``F.relu`` (gradient 0 at 0, as torch)."""
    out = _pointwise.relu(input)  # one relu: torch.relu's kernel (bool error, nan, 0)
    return input._inplace(out) if inplace else out


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """``F.gelu`` (exact erf form, or ``approximate='tanh'``)."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh.")
    _float_check(input, "GeluKernelImpl")
    return _apply(K.gelu, [input], "GeluBackward0", approximate=approximate == "tanh")


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``F.silu``: ``x * sigmoid(x)``."""
    _check_tensor(input, "silu")
    out = _apply(K.silu, [input], "SiluBackward0")
    return input._inplace(out) if inplace else out


def tanh(input: Tensor) -> Tensor:
    """``F.tanh``."""
    _check_tensor(input, "tanh")
    return _apply(K.tanh, [_as_float(input)], "TanhBackward0")


def sigmoid(input: Tensor) -> Tensor:
    """``F.sigmoid``."""
    _check_tensor(input, "sigmoid")
    return _apply(K.sigmoid, [_as_float(input)], "SigmoidBackward0")


def _as_float(input: Tensor) -> Tensor:
    return input if input.dtype.is_floating_point else input.to(dtypes.float32)


def _softmax_dim(name: str, ndim: int, stacklevel: int = 4) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. "
                  "Change the call to include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _dim(input: Tensor, dim: int) -> int:
    return _axis(input.dim(), dim)


def _axis(ndim: int, dim: int) -> int:
    """``dim`` wrapped into ``[0, ndim)`` (a 0-d tensor takes 0 and -1), or torch's IndexError."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def _softmax_like(kernel, input, dim, dtype, fname: str, grad_name: str) -> Tensor:
    _check_tensor(input, fname)
    aval = input.node.aval
    ndim = len(aval.shape)
    if dim is None:
        dim = _softmax_dim(fname, ndim)
    out = dtypes.to_dtype(dtype) if dtype is not None else dtypes.from_numpy(aval.dtype)
    if not out.is_floating_point:
        raise RuntimeError(f'"{grad_name.replace("Backward0", "")}_lastdim_kernel_impl" not implemented for '
                           f"'{dtypes.SCALAR_TYPE_NAMES[out.name]}'")
    axis = _axis(ndim, dim) if ndim else None
    result = _apply(kernel, [input], grad_name, axis=axis, dtype=out.np_name)
    if isinstance(dim, int) and dim < 0:  # grad_fn._saved_dim shows the dim as given
        from ..functions import note_saved
        note_saved(result, dim=dim)
    return result


@autocast_policy.float32(cuda_only=True)
def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``F.softmax`` (torch's implicit-dim warning when ``dim`` is None)."""
    return _softmax_like(K.softmax, input, dim, dtype, "softmax", "SoftmaxBackward0")


@autocast_policy.float32(cuda_only=True)
def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``F.log_softmax`` (torch's implicit-dim warning when ``dim`` is None)."""
    return _softmax_like(K.log_softmax, input, dim, dtype, "log_softmax", "LogSoftmaxBackward0")


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """``F.dropout``: zeroes elements with probability ``p`` and scales the rest by ``1/(1-p)``.

    The mask is torch's: ``bernoulli_(1 - p)`` from the default CPU generator.
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _check_tensor(input, "dropout")
    if not training or p == 0:
        return input
    mask = _keep_mask(tuple(input.shape), p)
    scale = 0.0 if p == 1 else _keep_scale(p, input.dtype)
    out = _apply(K.dropout, [input, mask], "MulBackward0", scale=scale)
    return input._inplace(out) if inplace else out


def _keep_mask(shape: tuple, p: float) -> Tensor:
    """A boolean keep-mask drawn as torch's CPU dropout draws it: ``bernoulli_(1 - p)`` on a
    tensor of the input's shape (one 53-bit uniform per element, kept when below 1 - p)."""
    from .init import keep_mask
    return wrap(core.Constant(keep_mask(shape, p)))


def _keep_scale(p: float, dtype) -> float:
    """torch's ``noise.div_(1 - p)``: the division in the input's precision."""
    from .init import keep_scale
    return keep_scale(p, dtype)


def _check_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _feature_dropout(input: Tensor, p: float, training: bool, inplace: bool, alpha: bool) -> Tensor:
    """Dropout of whole channels: one draw per (N, C), broadcast over the rest (alpha: SELU's
    self-normalizing variant, which keeps mean and variance)."""
    if not training or p == 0:
        return input
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2)
    return _masked_dropout(input, _keep_mask(shape, p), p, inplace, alpha)


def _masked_dropout(input: Tensor, mask: Tensor, p: float, inplace: bool, alpha: bool) -> Tensor:
    if alpha:
        if p == 1:
            out = _apply(K.dropout, [input, mask], "MulBackward0", scale=0.0)
        else:
            out = _apply(K.alpha_dropout, [input, mask], "AddBackward0", p=float(p))
    else:
        out = _apply(K.dropout, [input, mask], "MulBackward0", scale=0.0 if p == 1 else _keep_scale(p, input.dtype))
    return input._inplace(out) if inplace else out


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """``F.dropout1d``: zeroes whole channels of (N, C, L) or (C, L) input."""
    _check_p(p)
    _check_tensor(input, "dropout1d")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D input. Note that "
                           "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a "
                           "channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    if input.dim() == 2:
        out = _feature_dropout(input.unsqueeze(0), p, training, False, False)
        out = out.squeeze(0) if out is not input else out
        return input._inplace(out) if inplace and training and p else out
    return _feature_dropout(input, p, training, inplace, False)


def _deprecated_rank(fname: str, n: int, input: Tensor) -> None:
    warnings.warn(f"{fname}: Received a {input.dim()}-D input to {fname}, which is deprecated and will result in "
                  f"an error in a future release. To retain the behavior and silence this warning, please use "
                  f"dropout instead. Note that {fname} exists to provide channel-wise dropout on inputs with {n} "
                  f"spatial dimensions, a channel dimension, and an optional batch dimension (i.e. {n + 1}D or "
                  f"{n + 2}D inputs).", UserWarning, stacklevel=4)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """``F.dropout2d``: zeroes whole channels; a 3-D input is read as (N, C, L), with torch's warning."""
    _check_p(p)
    _check_tensor(input, "dropout2d")
    if input.dim() not in (3, 4):
        _deprecated_rank("dropout2d", 2, input)
    if input.dim() == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. "
                      "This behavior will change in a future release to interpret the input as one without a "
                      "batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, "
                      "please switch to using dropout1d instead.", UserWarning, stacklevel=3)
    return _feature_dropout(input, p, training, inplace, False)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """``F.dropout3d``: zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) input."""
    _check_p(p)
    _check_tensor(input, "dropout3d")
    if input.dim() not in (4, 5):
        _deprecated_rank("dropout3d", 3, input)
    if input.dim() != 5:
        out = _feature_dropout(input.unsqueeze(0), p, training, False, False)
        out = out.squeeze(0) if out is not input else out
        return input._inplace(out) if inplace and training and p else out
    return _feature_dropout(input, p, training, inplace, False)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    """``F.alpha_dropout``: dropped elements take SELU's negative saturation value and an affine map
    keeps the mean and variance (torch's constants)."""
    _check_p(p)
    _check_tensor(input, "alpha_dropout")
    if not training or p == 0:
        return input
    return _masked_dropout(input, _keep_mask(tuple(input.shape), p), p, inplace, True)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    """``F.feature_alpha_dropout``: alpha dropout of whole channels."""
    _check_p(p)
    _check_tensor(input, "feature_alpha_dropout")
    return _feature_dropout(input, p, training, inplace, True)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """``torch.flatten``: dimensions ``start_dim..end_dim`` merged into one."""
    shape = tuple(input.shape)
    if not shape:
        return _apply(K.reshape, [input], "ViewBackward0", shape=(1,))
    s, e = _dim(input, start_dim), _dim(input, end_dim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    new = shape[:s] + (int(np.prod(shape[s:e + 1])),) + shape[e + 1:]
    return _apply(K.reshape, [input], "ViewBackward0", shape=new)


def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    """``torch.unflatten``."""
    shape = list(input.shape)
    d = _dim(input, dim)
    sizes = list(sizes)
    if -1 in sizes:
        known = int(np.prod([s for s in sizes if s != -1]))
        sizes[sizes.index(-1)] = shape[d] // known
    return _apply(K.reshape, [input], "ViewBackward0", shape=tuple(shape[:d] + sizes + shape[d + 1:]))


# ----- normalization ---------------------------------------------------------------------------

def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None, training: bool = False,
               momentum: float | None = 0.1, eps: float = 1e-5) -> Tensor:
    """``F.batch_norm``: in training, normalize with the batch's biased variance and update
    the running statistics in place (unbiased variance, ``momentum``); else use them."""
    _check_tensor(input, "batch_norm")
    axes = (0,) + tuple(range(2, input.dim()))
    if training:
        size = int(np.prod([input.shape[a] for a in axes]))
        if size == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
        if weight is None and bias is None:
            out = _apply(K.batch_norm_train_plain, [input], "NativeBatchNormBackward0", eps=float(eps), axes=axes)
        else:
            weight, bias = _affine_pair(input, weight, bias)
            out = _apply(K.batch_norm_train_affine, [input, weight, bias], "NativeBatchNormBackward0",
                         eps=float(eps), axes=axes)
        if running_mean is not None and running_var is not None:
            mean, var = K.batch_stats(input._value, axes=axes)
            m = 0.1 if momentum is None else momentum  # BatchNorm modules pass 1/n for momentum=None
            rm, rv = running_mean._value, running_var._value
            running_mean.node.value = ((1 - m) * rm + m * mean.astype(rm.dtype)).astype(rm.dtype)
            running_var.node.value = ((1 - m) * rv + m * var.astype(rv.dtype)).astype(rv.dtype)
            from ..functions import note_saved  # grad_fn._saved_running_mean / _var are the buffers
            note_saved(out, running_mean=running_mean, running_var=running_var)
        return out
    if running_mean is None or running_var is None:
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    if weight is None and bias is None:
        return _apply(K.batch_norm_plain, [input, running_mean, running_var], "NativeBatchNormBackward0",
                      eps=float(eps), axes=axes, use_batch=False)
    weight, bias = _affine_pair(input, weight, bias)
    return _apply(K.batch_norm_affine, [input, running_mean, running_var, weight, bias],
                  "NativeBatchNormBackward0", eps=float(eps), axes=axes, use_batch=False)


def _affine_pair(input: Tensor, weight: Tensor | None, bias: Tensor | None) -> tuple[Tensor, Tensor]:
    """batch_norm's weight and bias, a missing one as constant ones / zeros (as torch treats it)."""
    c = (input.shape[1],)
    if weight is None:
        weight = wrap(core.Constant(np.ones(c, input.dtype.np)))
    if bias is None:
        bias = wrap(core.Constant(np.zeros(c, input.dtype.np)))
    return weight, bias


@autocast_policy.float32(cuda_only=True)
def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """``F.layer_norm`` over the trailing ``normalized_shape`` dimensions."""
    _check_tensor(input, "layer_norm")
    shape = _tuple(normalized_shape, 1)
    if tuple(input.shape[input.dim() - len(shape):]) != shape or input.dim() < len(shape):
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in shape)}], but got input of size{list(input.shape)}")
    extra = [t for t in (weight, bias) if t is not None]
    return _apply(K.layer_norm, [input, *extra], "NativeLayerNormBackward0", eps=float(eps), n=len(shape),
                  has_weight=weight is not None, has_bias=bias is not None)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None, bias: Tensor | None = None,
               eps: float = 1e-5) -> Tensor:
    """``F.group_norm``: each sample's channels split into ``num_groups`` groups, each normalized
    with its own biased statistics, then a per-channel affine map."""
    _check_tensor(input, "group_norm")
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    c = input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input "
                           f"of shape {list(input.shape)} and num_groups={num_groups}")
    for t in (weight, bias):
        if t is not None and (t.dim() != 1 or t.shape[0] != c):
            which = "weight" if t is weight else "bias"
            raise RuntimeError(f"Expected {which} to be a vector of size equal to the number of channels in input, "
                               f"but got {which} of shape {list(t.shape)} and input of shape {list(input.shape)}")
    extra = [t for t in (weight, bias) if t is not None]
    return _apply(LN.group_norm, [input, *extra], "NativeGroupNormBackward0", groups=int(num_groups),
                  eps=float(eps), has_weight=weight is not None, has_bias=bias is not None)


def instance_norm(input: Tensor, running_mean: Tensor | None = None, running_var: Tensor | None = None,
                  weight: Tensor | None = None, bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """``F.instance_norm``: each (sample, channel) normalized with its own statistics; the running
    statistics, when given, take the batch average of the per-instance mean and unbiased variance."""
    _check_tensor(input, "instance_norm")
    if input.dim() < 3 or int(np.prod(input.shape[2:])) <= 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape}")
    if not use_input_stats:
        if running_mean is None or running_var is None:
            raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
        axes = (0,) + tuple(range(2, input.dim()))
        if weight is None and bias is None:
            out = _apply(K.batch_norm_plain, [input, running_mean, running_var], "ViewBackward0",
                         eps=float(eps), axes=axes, use_batch=False)
        else:
            weight, bias = _affine_pair(input, weight, bias)
            out = _apply(K.batch_norm_affine, [input, running_mean, running_var, weight, bias], "ViewBackward0",
                         eps=float(eps), axes=axes, use_batch=False)
        return out
    extra = [t for t in (weight, bias) if t is not None]
    out = _apply(LN.group_norm, [input, *extra], "ViewBackward0", groups=int(input.shape[1]), eps=float(eps),
                 has_weight=weight is not None, has_bias=bias is not None)
    if running_mean is not None and running_var is not None:
        mean, var = LN.instance_stats(input._value)
        m = float(momentum)
        for buf, stat in ((running_mean, mean), (running_var, var)):
            buf.node.value = ((1 - m) * buf._value + m * stat.astype(buf._value.dtype)).astype(buf._value.dtype)
    return out


def rms_norm(input: Tensor, normalized_shape, weight: Tensor | None = None, eps: float | None = None) -> Tensor:
    """``F.rms_norm`` over the trailing ``normalized_shape`` dimensions (``eps=None``: the dtype's
    machine epsilon, as torch)."""
    _check_tensor(input, "rms_norm")
    shape = _tuple(normalized_shape, 1)
    if input.dim() < len(shape) or tuple(input.shape[input.dim() - len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(str(s) for s in shape)}], but got input of size{list(input.shape)}")
    if eps is None:
        eps = float(np.finfo(input.dtype.np).eps)
    extra = [weight] if weight is not None else []
    return _apply(LN.rms_norm, [input, *extra], "MulBackward0", n=len(shape), eps=float(eps))


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> Tensor:
    """``F.local_response_norm`` across channels (zero padding, the window mean always over ``size``)."""
    _check_tensor(input, "local_response_norm")
    if input.dim() < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          input (got {input.dim()} "
                         "dimensions)")
    return _apply(LN.local_response_norm, [input], "DivBackward0", size=int(size), alpha=float(alpha),
                  beta=float(beta), k=float(k))


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None, max_norm=None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """``F.embedding``: rows of ``weight``; no gradient reaches the ``padding_idx`` row."""
    _check_tensor(input, "embedding", "indices")
    if input.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar "
                           f"types: Long, Int; but got torch.{dtypes.SCALAR_TYPE_NAMES[input.dtype.name]}Tensor "
                           "instead (while checking arguments for embedding)")
    n = weight.shape[0]
    _check_values(input, functools.partial(_check_embedding_indices, n=n))
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    if max_norm is not None:
        _renorm_rows(weight, input, max_norm, norm_type)
    if scale_grad_by_freq:
        weight = _apply(LE.grad_scaled_rows, [weight, input], "EmbeddingBackward0")
    return _apply(K.embedding, [weight, input], "EmbeddingBackward0", padding_idx=padding_idx)


def _check_embedding_indices(idx: np.ndarray, n: int) -> None:
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError("index out of range in self")


def _check_values(t: Tensor, check) -> None:
    """``check(values)`` on ``t``'s host values (it raises torch's data-dependent error). The
    check of a tensor that holds its values (an argument of a compiled step) is registered
    with lazy mode, so a replayed step checks its new values too."""
    node = t.node
    if node.value is None:
        _check_node(node, check)
        return
    core.lazy.note_check(node, functools.partial(_check_node, check=check))
    with core.lazy.unobserved():
        _check_node(node, check)


def _check_node(node: core.Node, check) -> None:
    values = _host(wrap(node))
    if values is not None:
        check(values)


def _renorm_rows(weight: Tensor, input: Tensor, max_norm: float, norm_type: float) -> None:
    """torch's ``max_norm``: the rows that ``input`` looks up and whose ``norm_type``-norm exceeds
    ``max_norm`` are rescaled in place to norm ``max_norm`` (outside autograd)."""
    w = weight._value
    rows = jnp.unique(jnp.ravel(input._value))
    norms = jnp.sum(jnp.abs(w[rows]) ** norm_type, axis=1) ** (1.0 / norm_type)
    scale = jnp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(w.dtype)
    weight.node.value = w.at[rows].multiply(scale[:, None])


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None, max_norm=None,
                  norm_type: float = 2, scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Tensor | None = None, include_last_offset: bool = False,
                  padding_idx: int | None = None) -> Tensor:
    """``F.embedding_bag``: sums, means or maxima of ``weight`` rows per bag; bags are the rows of a
    2-D ``input``, or slices of a 1-D ``input`` starting at ``offsets``; ``per_sample_weights``
    ('sum' only), ``include_last_offset`` and ``padding_idx`` (left out of every bag) as torch.
    Empty bags give zeros. ``scale_grad_by_freq`` is not supported."""
    _check_tensor(input, "embedding_bag", "indices")
    if input.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar "
                           f"types: Long, Int; but got torch.{dtypes.SCALAR_TYPE_NAMES[input.dtype.name]}Tensor "
                           "instead (while checking arguments for embedding_bag)")
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({tuple(per_sample_weights.shape)}) is not None, "
                         f"then it must have the same shape as the input ({tuple(input.shape)})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if scale_grad_by_freq:
        raise NotImplementedError("gradcompat.torch: embedding_bag(scale_grad_by_freq=True) is not supported")
    n = weight.shape[0]
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        bags, length = input.shape
        offsets = wrap(core.Constant(np.arange(0, bags * length, length, dtype=np.int64) if length else
                                     np.zeros((bags,), np.int64)))
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
        include_last_offset = False
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if max_norm is not None:
        _renorm_rows(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    off = _host(offsets)
    if off is not None and off.size and off[0] != 0:
        raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {int(off[0])}")
    idx = _host(input)
    if idx is not None:
        bad = np.nonzero((idx < 0) | (idx >= n))[0]
        if bad.size:
            raise RuntimeError(f"Index {int(bad[0])} of input takes value {int(idx[bad[0]])} which is not in the "
                               f"valid range [0, {n})")
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise AssertionError("padding_idx must be within num_embeddings")
        padding_idx = padding_idx % n
    num_bags = offsets.shape[0] - (1 if include_last_offset else 0)
    extra = [per_sample_weights] if per_sample_weights is not None else []
    return _apply(LE.embedding_bag, [weight, input, offsets, *extra], "EmbeddingBagBackward0", mode=mode,
                  num_bags=int(num_bags), padding_idx=padding_idx, drop_tail=bool(include_last_offset))


# ----- losses ----------------------------------------------------------------------------------

def _reduction(size_average, reduce, reduction: str) -> str:
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        return "none" if not reduce else "mean" if size_average else "sum"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _pair_loss(kernel, name, input, target, reduction, **static) -> Tensor:
    _check_tensor(input, name.lower())
    _check_tensor(target, name.lower(), "target", 1)
    if tuple(input.shape) != tuple(target.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
                      "Please ensure they have the same size.", UserWarning, stacklevel=3)
    return _apply(kernel, [input, target], name, reduction=reduction, **static)


@autocast_policy.float32
def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
             weight=None) -> Tensor:
    """``F.mse_loss``."""
    return _pair_loss(K.mse_loss, "MseLossBackward0", input, target, _reduction(size_average, reduce, reduction))


@autocast_policy.float32
def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
            weight=None) -> Tensor:
    """``F.l1_loss`` (gradient 0 where input equals target, as torch)."""
    red = _reduction(size_average, reduce, reduction)
    names = {"mean": "MeanBackward0", "sum": "SumBackward0", "none": "AbsBackward0"}
    return _pair_loss(K.l1_loss, names[red], input, target, red)


@autocast_policy.float32
def smooth_l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    """``F.smooth_l1_loss``."""
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:  # torch computes it as l1_loss
        return l1_loss(input, target, size_average, reduce, reduction)
    return _pair_loss(K.smooth_l1_loss, "SmoothL1LossBackward0", input, target,
                      _reduction(size_average, reduce, reduction), beta=float(beta))


@autocast_policy.banned_on_cuda
def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
                         reduce=None, reduction: str = "mean") -> Tensor:
    """``F.binary_cross_entropy`` (logs clamped at -100, as torch)."""
    red = _reduction(size_average, reduce, reduction)
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    values = _host(input)
    if values is not None and values.size and (values.min() < 0 or values.max() > 1):
        raise RuntimeError("all elements of input should be between 0 and 1")
    targets = _host(target)
    if targets is not None and targets.size and (targets.min() < 0 or targets.max() > 1):
        raise RuntimeError("all elements of target should be between 0 and 1")
    extra = [weight] if weight is not None else []
    return _apply(K.binary_cross_entropy, [input, target, *extra], "BinaryCrossEntropyBackward0", reduction=red)


@autocast_policy.float32
def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     size_average=None, reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """``F.binary_cross_entropy_with_logits`` (``pos_weight`` and ``weight`` as torch)."""
    red = _reduction(size_average, reduce, reduction)
    if tuple(input.shape) != tuple(target.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    extra = [t for t in (weight, pos_weight) if t is not None]
    return _apply(K.bce_with_logits, [input, target, *extra], "BinaryCrossEntropyWithLogitsBackward0",
                  reduction=red, has_weight=weight is not None, has_pos_weight=pos_weight is not None)


_NLL_TARGET_DTYPES = (np.dtype(np.int64), np.dtype(np.uint8))  # torch's Long and Byte


def _check_nll(input: Tensor, target: Tensor) -> None:
    labels, shape = target.node.aval, input.node.aval.shape
    if labels.dtype not in _NLL_TARGET_DTYPES:
        raise RuntimeError("expected target dtype to be Long or Byte, but got "
                           f"{dtypes.SCALAR_TYPE_NAMES[target.dtype.name]}")
    if len(shape) >= 2 and shape[0] != (labels.shape[0] if labels.shape else 0):  # torch: a 0-d target has 0
        raise ValueError(f"Expected input batch_size ({shape[0]}) to match target batch_size "
                         f"({labels.shape[0] if labels.shape else 0}).")


# target node -> (its value, class count, ignore_index) last found in bounds: a training
# loop passes the same labels every step, and checking them copies them to the host
_TARGETS_IN_BOUNDS: "weakref.WeakKeyDictionary[core.Node, tuple]" = weakref.WeakKeyDictionary()


def _check_targets(input: Tensor, target: Tensor, ignore_index: int) -> None:
    shape = input.node.aval.shape
    n = shape[1] if len(shape) >= 2 else shape[0]
    if target.node.value is not None:  # a replayed compiled step checks its new targets again
        core.lazy.note_check(target.node, functools.partial(_check_target_node, n=n, ignore_index=ignore_index))
        with core.lazy.unobserved():
            _check_target_node(target.node, n, ignore_index)
    else:
        _check_target_node(target.node, n, ignore_index)


def _check_target_node(node: core.Node, n: int, ignore_index: int) -> None:
    checked = _TARGETS_IN_BOUNDS.get(node)
    if checked is not None and checked[0] is node.value and checked[1:] == (n, ignore_index):
        return
    t = _host(wrap(node))
    if t is None:  # traced (torch.func.vmap / grad): no data-dependent check
        return
    bad = t[(t != ignore_index) & ((t < 0) | (t >= n))]
    if bad.size:
        raise IndexError(f"Target {int(bad.flat[0])} is out of bounds.")
    if node.value is not None:
        _TARGETS_IN_BOUNDS[node] = (node.value, n, ignore_index)


@autocast_policy.float32
def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """``F.nll_loss`` with class indices (``weight``, ``ignore_index``, reductions as torch)."""
    _check_tensor(input, "nll_loss")
    red = _reduction(size_average, reduce, reduction)
    _check_nll(input, target)
    _check_targets(input, target, ignore_index)
    extra = [weight] if weight is not None else []
    name = "NllLoss2DBackward0" if input.dim() == 4 else "NllLossBackward0"
    return _apply(K.nll_loss, [input, target, *extra], name, reduction=red, ignore_index=int(ignore_index),
                  smoothing=0.0)


@autocast_policy.float32
def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """``F.cross_entropy``: log_softmax over dim 1 then nll_loss; class indices or class
    probabilities as the target; ``label_smoothing`` as torch."""
    _check_tensor(input, "cross_entropy")
    red = _reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    shape = input.node.aval.shape  # read once: a loss runs at every step
    ndim = len(shape)
    dim = 0 if ndim == 1 else 1
    logp = log_softmax(input, dim)
    extra = [weight] if weight is not None else []
    labels = target.node.aval
    if dtypes.from_numpy(labels.dtype).is_floating_point and tuple(labels.shape) == tuple(shape):
        if ndim == 1:
            raise NotImplementedError("gradcompat.torch: unbatched cross_entropy with probabilities")
        name = "DivBackward1" if red == "mean" else "NegBackward0"
        return _apply(K.soft_cross_entropy, [logp, target, *extra], name, reduction=red,
                      smoothing=float(label_smoothing))
    _check_nll(input, target)
    _check_targets(input, target, ignore_index)
    if label_smoothing > 0:
        name = "AddBackward0"
    else:
        name = "NllLoss2DBackward0" if ndim == 4 else "NllLossBackward0"
    return _apply(K.nll_loss, [logp, target, *extra], name, reduction=red, ignore_index=int(ignore_index),
                  smoothing=float(label_smoothing))


def _tensor_softmax(self: Tensor, dim: int, dtype=None) -> Tensor:
    return softmax(self, dim, dtype=dtype)


def _tensor_log_softmax(self: Tensor, dim: int, dtype=None) -> Tensor:
    return log_softmax(self, dim, dtype=dtype)


# Tensor.softmax / Tensor.log_softmax, unless the tensor module already defines them
for _name, _method in (("softmax", _tensor_softmax), ("log_softmax", _tensor_log_softmax)):
    if not hasattr(Tensor, _name):
        setattr(Tensor, _name, _method)


# ----- more activations and utilities ----------------------------------------------------------

def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``F.leaky_relu`` (gradient ``negative_slope`` at 0, as torch)."""
    _check_tensor(input, "leaky_relu")
    out = _apply(K.leaky_relu, [input], "LeakyReluBackward0", slope=float(negative_slope))
    return input._inplace(out) if inplace else out


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``F.threshold``: ``input`` where it is above ``threshold``, else ``value`` (gradient 0 at
    the threshold, as torch; integer inputs keep their dtype)."""
    _check_tensor(input, "threshold")
    if input.dtype is dtypes.bool_:
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")
    out = _apply(K.threshold, [input], "ThresholdBackward1" if inplace else "ThresholdBackward0",
                 threshold=float(threshold) if input.dtype.is_floating_point else threshold,
                 value=float(value) if input.dtype.is_floating_point else value)
    return input._inplace(out) if inplace else out


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    """``F.threshold_``: ``threshold`` in place."""
    return globals()["threshold"](input, threshold, value, inplace=True)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``F.elu``."""
    _check_tensor(input, "elu")
    out = _apply(K.elu, [input], "EluBackward0", alpha=float(alpha))
    return input._inplace(out) if inplace else out


@autocast_policy.float32(cuda_only=True)
def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``F.softplus``: ``log(1 + exp(beta x)) / beta``, linear above ``threshold``."""
    _check_tensor(input, "softplus")
    return _apply(K.softplus, [input], "SoftplusBackward0", beta=float(beta), threshold=float(threshold))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """``F.one_hot``: int64 indicators with a new last dimension."""
    if tensor.dtype is not dtypes.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    values = _host(tensor)
    if values is None:  # traced (torch.func.vmap): torch checks the values, which a transform cannot
        raise RuntimeError(_VMAP_ITEM)
    if values.size and values.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(values.max()) + 1 if values.size else 0
    elif values.size and values.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return wrap(core.Constant(np.eye(num_classes, dtype=np.int64)[values]))


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """``F.pad``: ``pad`` lists (left, right) widths from the last dimension backwards;
    modes constant, reflect, replicate, circular."""
    _check_tensor(input, "pad")
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length must be divisible by 2" if len(pad) % 2 else
                           "Padding length should be less than or equal to two times the input dimension but "
                           f"got padding length {len(pad)} and input of dimension {input.dim()}")
    widths = [(0, 0)] * input.dim()
    for i in range(len(pad) // 2):
        widths[input.dim() - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    n = len(pad) // 2
    if mode != "constant":
        _check_pad_mode(input, pad, mode, n)
    name = {"constant": "ConstantPadNdBackward0", "reflect": f"ReflectionPad{n}DBackward0",
            "replicate": f"ReplicationPad{n}DBackward0", "circular": "torch::autograd::CopySlices"}[mode]
    return _apply(K.pad, [input], name, widths=tuple(widths), mode=mode, value=float(value or 0.0))


# ----- resampling ------------------------------------------------------------------------------

_INTERP_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_INTERP_NAMES = {"nearest": "Nearest", "nearest-exact": "NearestExact", "linear": "Linear", "bilinear": "Bilinear",
                 "bicubic": "Bicubic", "trilinear": "Trilinear"}


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None, antialias: bool = False) -> Tensor:
    """``F.interpolate`` with torch's sampling conventions for nearest, nearest-exact, linear,
    bilinear, bicubic, trilinear (``align_corners`` both ways; a given ``scale_factor`` is used
    as 1/scale unless ``recompute_scale_factor``) and area (adaptive average pooling).
    ``antialias=True`` is not supported."""
    _check_tensor(input, "interpolate")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    spatial = list(input.shape[2:])
    scales = None
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {spatial} and output size of {size}. Please provide "
                                 "input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                                 "format.")
            out = [int(v) for v in size]
        else:
            out = [int(size)] * dim
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got "
                                 f"input with spatial dimensions of {spatial} and scale_factor of shape "
                                 f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                                 "scale_factor in (s1, s2, ...,sK) format.")
            scales = [float(v) for v in scale_factor]
        else:
            scales = [float(scale_factor)] * dim
        out = [math.floor(float(spatial[i]) * scales[i]) for i in range(dim)]
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if recompute_scale_factor or mode == "area":
        scales = None
    if antialias:
        if not (mode in ("bilinear", "bicubic") and input.dim() == 4):
            raise ValueError("Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D "
                             "tensor as input")
        raise NotImplementedError("gradcompat.torch: interpolate(antialias=True) is not supported")
    known = mode in _INTERP_NAMES or mode == "area"
    if not known or input.dim() not in (3, 4, 5) or (mode == "bicubic" and dim != 2):
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) "
                                  "for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
                                  f"nearest-exact (got {mode})")
    need = _INTERP_DIMS.get(mode)
    if need is not None and need != dim:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {need + 2}D input")
    if any(o <= 0 for o in out):
        names = ("D", "H", "W")[-dim:]
        raise RuntimeError("Input and output sizes should be greater than 0, but got input ("
                           + ", ".join(f"{a}: {v}" for a, v in zip(names, spatial)) + ") output ("
                           + ", ".join(f"{a}: {v}" for a, v in zip(names, out)) + ")")
    if mode == "area":
        return _adaptive_avg_pool(input, out, dim)
    name = f"Upsample{_INTERP_NAMES[mode]}{dim}DBackward0"
    return _apply(LR.interpolate, [input], name, mode=mode, size=tuple(out),
                  scales=tuple(scales) if scales is not None else (None,) * dim, align_corners=bool(align_corners))


def upsample(input: Tensor, size=None, scale_factor=None, mode: str = "nearest", align_corners=None) -> Tensor:
    """``F.upsample`` (deprecated in torch, with its warning): ``interpolate``."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", UserWarning,
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """``F.upsample_nearest`` (deprecated in torch, with its warning)."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """``F.upsample_bilinear`` (deprecated in torch, with its warning): align_corners=True."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """``F.pixel_shuffle``: (*, C r^2, H, W) -> (*, C, H r, W r)."""
    _check_tensor(input, "pixel_shuffle")
    r = int(upscale_factor)
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    if input.shape[-3] % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={input.shape[-3]} is not divisible by {r * r}")
    return _apply(LC.pixel_shuffle, [input], "PixelShuffleBackward0", r=r)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """``F.pixel_unshuffle``: (*, C, H r, W r) -> (*, C r^2, H, W)."""
    _check_tensor(input, "pixel_unshuffle")
    r = int(downscale_factor)
    if input.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    for name, d in (("height", -2), ("width", -1)):
        if input.shape[d] % r:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but "
                               f"input.size({d})={input.shape[d]} is not divisible by {r}")
    return _apply(LC.pixel_unshuffle, [input], "PixelUnshuffleBackward0", r=r)


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``F.channel_shuffle``: (N, g * k, *) with channels reordered group-interleaved (ShuffleNet)."""
    _check_tensor(input, "channel_shuffle")
    if input.dim() <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    if input.shape[1] % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {input.shape[1]} channels and "
                           f"{groups} groups.")
    return _apply(LC.channel_shuffle, [input], "ChannelShuffleBackward0", groups=int(groups))


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """``F.unfold`` (im2col): (N, C, H, W) -> (N, C * kh * kw, L); (C, H, W) unbatched."""
    _check_tensor(input, "unfold")
    if input.dim() not in (3, 4):
        raise NotImplementedError(f"Input Error: Only 3D or 4D input Tensors are supported (got {input.dim()}D)")
    static = dict(kernel_size=_tuple(kernel_size, 2), dilation=_tuple(dilation, 2), padding=_tuple(padding, 2),
                  stride=_tuple(stride, 2))
    if input.dim() == 3:  # one op (torch's grad_fn is Im2ColBackward0 here too)
        return _apply(LC.unfold_unbatched, [input], "Im2ColBackward0", **static)
    return _apply(LC.unfold, [input], "Im2ColBackward0", **static)


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """``F.fold`` (col2im): blocks (N, C * kh * kw, L) summed back into (N, C, *output_size)."""
    _check_tensor(input, "fold")
    if input.dim() not in (2, 3):
        raise NotImplementedError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                                  f"(got {input.dim()}D)")
    k, d, p, s = _tuple(kernel_size, 2), _tuple(dilation, 2), _tuple(padding, 2), _tuple(stride, 2)
    size = _tuple(output_size, 2)
    unbatched = input.dim() == 2
    x = input.unsqueeze(0) if unbatched else input
    if x.shape[1] % (k[0] * k[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={x.shape[1]} and kernel_size={k}.")
    blocks = [(size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(2)]
    if x.shape[2] != blocks[0] * blocks[1]:
        raise RuntimeError(f"Given output_size={size}, kernel_size={k}, dilation={d}, padding={p}, stride={s}, "
                           f"expected size of input's dimension 2 to match the calculated number of sliding blocks "
                           f"{blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but got input.size(2)={x.shape[2]}.")
    static = dict(output_size=size, kernel_size=k, dilation=d, padding=p, stride=s)
    if unbatched:  # one op (torch's grad_fn is Col2ImBackward0 here too)
        return _apply(LC.fold_unbatched, [input], "Col2ImBackward0", **static)
    return _apply(LC.fold, [x], "Col2ImBackward0", **static)


def _check_pad_mode(input: Tensor, pad: tuple, mode: str, n: int) -> None:
    """torch's limits on reflect / replicate / circular padding (1 to 3 trailing dimensions)."""
    if n not in (1, 2, 3) or input.dim() not in (n + 1, n + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    for i in range(n):
        dim = input.dim() - 1 - i
        size = input.shape[dim]
        lo, hi = pad[2 * i], pad[2 * i + 1]
        if mode == "reflect" and (lo >= size or hi >= size):
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                               f"but got: padding ({lo}, {hi}) at dimension {dim} of input {list(input.shape)}")
        if mode == "circular" and (lo > size or hi > size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if min(lo, hi) < 0:
            raise NotImplementedError(f"gradcompat.torch: negative padding with mode={mode!r} is not supported")


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out=None) -> Tensor:
    """``F.normalize``: ``x / max(||x||_p, eps)`` along ``dim``."""
    _check_tensor(input, "normalize")
    return _apply(K.normalize, [input], "DivBackward0", p=float(p), axis=_dim(input, dim), eps=float(eps))


# attention: argument semantics in functional_attention.py over gradcompat.layers.attention
from .functional_attention import (_canonical_mask, _none_or_dtype, multi_head_attention_forward,  # noqa: E402,F401
                                   scaled_dot_product_attention)

__all__ += ["multi_head_attention_forward", "scaled_dot_product_attention"]
