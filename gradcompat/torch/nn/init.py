"""``torch.nn.init``: in-place initializers and the fan computations behind them.

Values come from torch's own CPU stream (``torch.manual_seed`` / a ``torch.Generator``), drawn
and transformed as torch's kernels do, so ``torch.manual_seed(0); nn.Linear(4, 3)`` holds
torch's weights bit for bit. Known differences: ``orthogonal_`` uses numpy's QR (agrees with
torch to float rounding, not bits); ``trunc_normal_`` with a narrow window (under 30% of the
mass) accepts proposals with numpy's float32 ``log``, which may differ from torch's in the last
bit and so flip a rare acceptance.
"""
from __future__ import annotations

import math

import numpy as np

from ...layers import initialization
from ..tensor import Tensor
from .parameter import set_value


def _stream(torch_generator=None):
    from ..generator import impl
    return impl(torch_generator)


def generator(torch_generator=None) -> np.random.Generator:
    """A numpy generator seeded by one 64-bit draw of a torch Generator (default: the default
    generator), for samplers that do not reproduce a torch kernel."""
    return np.random.default_rng(int(_stream(torch_generator).random64(1)[0]))


def keep_mask(shape: tuple, p: float) -> np.ndarray:
    """torch's CPU dropout mask: ``bernoulli_(1 - p)`` on a tensor of ``shape`` (True = kept)."""
    from ...random import torch_stream as ts
    n = int(np.prod(shape, dtype=np.int64))
    return ts.bernoulli_scalar(_stream(), n, 1.0 - p).reshape(shape)


def keep_scale(p: float, dtype) -> float:
    """torch's ``noise.div_(1 - p)``: 1 / (1 - p) computed in the tensor's precision."""
    np_dtype = getattr(dtype, "np", dtype)
    if np.dtype(np_dtype).itemsize >= 8:
        return 1.0 / (1.0 - p)
    return float(np.float32(1.0) / np.float32(1.0 - p))


def calculate_gain(nonlinearity: str, param=None) -> float:
    """``nn.init.calculate_gain``: torch's recommended gain per nonlinearity."""
    if nonlinearity == "leaky_relu" and param is not None and not initialization.is_slope(param):
        raise ValueError(f"negative_slope {param} not a valid number")
    value = initialization.gain(nonlinearity, 0.01 if param is None else param, selu=True)
    if value is None:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
    return value


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    return initialization.fans(tuple(tensor.shape))


def _fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor: Tensor, values) -> Tensor:
    set_value(tensor, np.asarray(values).reshape(tuple(tensor.shape)))
    return tensor


def _draw(tensor: Tensor, kind: str, *args, generator=None) -> Tensor:
    from ...random import torch_stream as ts
    n = int(np.prod(tuple(tensor.shape), dtype=np.int64))
    values = getattr(ts, kind)(_stream(generator), n, tensor.dtype.name, *args)
    return _fill(tensor, values)


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator=None) -> Tensor:
    """Fill with U(a, b): ``tensor.uniform_(a, b)``, torch's draws."""
    return _draw(tensor, "uniform", float(a), float(b), generator=generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator=None) -> Tensor:
    """Fill with N(mean, std^2): ``tensor.normal_(mean, std)``, torch's draws."""
    return _draw(tensor, "normal", float(mean), float(std), generator=generator)


def trunc_normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0,
                  generator=None) -> Tensor:
    """torch 2.x's truncated normal by rejection: when [a, b] holds more than 30% of the mass,
    ``normal_(mean, std)`` and whole-tensor redraws replacing the values outside [a, b] (torch's
    bits); otherwise uniform proposals on [a, b] accepted against the Gaussian's log density
    (float32 ``log`` from numpy there: torch's vectorized log may differ in the last bit)."""
    from ...random import torch_stream as ts

    def cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0
    if (mean < a - 2 * std) or (mean > b + 2 * std):
        import warnings
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    stream, name, dt = _stream(generator), tensor.dtype.name, tensor.dtype.np
    n = int(np.prod(tuple(tensor.shape), dtype=np.int64))
    lo, hi = float(np.asarray(a, dt)), float(np.asarray(b, dt))
    if cdf((b - mean) / std) - cdf((a - mean) / std) > 0.3:
        result = ts.normal(stream, n, name, float(mean), float(std)).astype(dt)
        while True:
            mask = (result < lo) | (result > hi)
            if not mask.any():
                return _fill(tensor, result)
            result = np.where(mask, ts.normal(stream, n, name, float(mean), float(std)).astype(dt), result)
    mode = max(a, min(mean, b))
    log_peak = np.asarray(-0.5 * ((mode - mean) / std) ** 2, dt)
    m, s, half = np.asarray(mean, dt), np.asarray(std, dt), np.asarray(-0.5, dt)

    def log_ratio(x):
        return (((x - m) / s) ** 2 * half - log_peak).astype(dt)
    result = ts.uniform(stream, n, name, float(a), float(b)).astype(dt)
    cand = log_ratio(result)
    pending = np.log(ts.uniform(stream, n, name).astype(dt)) > cand
    while pending.any():
        draws = ts.uniform(stream, n, name, float(a), float(b)).astype(dt)
        result = np.where(pending, draws, result)
        cand = log_ratio(draws)
        pending = np.where(pending, np.log(ts.uniform(stream, n, name).astype(dt)) > cand, pending)
    return _fill(tensor, result)


def constant_(tensor: Tensor, val: float) -> Tensor:
    return _fill(tensor, np.full(tuple(tensor.shape), val))


def zeros_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    return constant_(tensor, 1.0)


def eye_(tensor: Tensor) -> Tensor:
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(tensor, np.eye(*tensor.shape))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     generator=None) -> Tensor:
    """U(-b, b) with ``b = gain * sqrt(3 / fan)``."""
    if 0 in tuple(tensor.shape):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std  # torch's order of operations (the bound's last bit)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    generator=None) -> Tensor:
    """N(0, std^2) with ``std = gain / sqrt(fan)``."""
    if 0 in tuple(tensor.shape):
        return tensor
    return normal_(tensor, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)), generator)


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator=None) -> Tensor:
    """torch's orthogonal init: normal draws of (rows, cols), QR, signs of R's diagonal (numpy's
    QR: equal to torch's up to float rounding)."""
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    from ...random import torch_stream as ts
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = ts.normal(_stream(generator), rows * cols, tensor.dtype.name).reshape(rows, cols)
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat.astype(np.float64))
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, (q * gain).astype(tensor.dtype.np))


def sparse_(tensor: Tensor, sparsity: float, std: float = 0.01, generator=None) -> Tensor:
    """torch's sparse init: N(0, std) draws, then per column a ``randperm(rows)`` picks the
    ``ceil(sparsity * rows)`` rows set to zero."""
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    from ...random import torch_stream as ts
    rows, cols = tensor.shape
    stream = _stream(generator)
    values = ts.normal(stream, rows * cols, tensor.dtype.name, 0.0, float(std)).reshape(rows, cols)
    zeros = int(math.ceil(sparsity * rows))
    for col in range(cols):  # one permutation per column, in torch's order
        values[ts.randperm(stream, rows)[:zeros], col] = 0
    return _fill(tensor, values)


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """torch's Dirac delta init of 3-, 4- and 5-D (convolution) weights."""
    dims = tensor.dim()
    if dims not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    sizes = tuple(tensor.shape)
    if sizes[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    out_per_group = sizes[0] // groups
    min_dim = min(out_per_group, sizes[1])
    values = np.zeros(sizes, tensor.dtype.np)
    for g in range(groups):
        for d in range(min_dim):
            values[(g * out_per_group + d, d) + tuple(s // 2 for s in sizes[2:])] = 1
    return _fill(tensor, values)


def generator_or_default(torch_generator) -> np.random.Generator:
    return generator(torch_generator)


def default_linear_init(weight: Tensor, bias: Tensor | None) -> None:
    """torch's reset_parameters for Linear and ConvNd: kaiming_uniform(a=sqrt(5)) weights,
    bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = _calculate_fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        uniform_(bias, -bound, bound)
