"""Convolution-shaped kernels in the (N, C, *spatial) layout: transposed convolution,
windows (max with indices, unpooling), adaptive pooling, im2col (unfold / fold) and pixel
shuffling. Pure JAX functions of arrays with hashable keyword-only attributes; gradients
come from ``jax.vjp`` of these functions."""
from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np

from ..core.eager import compiled_kernel as kernel

_HIGHEST = jax.lax.Precision.HIGHEST


def _numbers(n: int) -> tuple:
    spatial = "DHW"[-n:]
    return (f"NC{spatial}", f"OI{spatial}", f"NC{spatial}")


@kernel
def conv_transpose(x, w, *b, stride: tuple, padding: tuple, output_padding: tuple, dilation: tuple,
                   groups: int):
    """The gradient of a convolution with respect to its input, as a layer: ``w`` is
    (C_in, C_out / groups, *kernel); each spatial size becomes
    (L - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1."""
    n = x.ndim - 2
    cin, cout_g = w.shape[:2]
    k = w.shape[2:]
    # (g, Cin/g, Cout/g, *k) -> (g, Cout/g, Cin/g, *k) -> (Cout, Cin/g, *k), flipped in space
    wt = w.reshape((groups, cin // groups, cout_g) + k)
    wt = jnp.swapaxes(wt, 1, 2).reshape((groups * cout_g, cin // groups) + k)
    wt = jnp.flip(wt, axis=tuple(range(2, 2 + n)))
    pads, crops = [], []
    for i in range(n):
        edge = dilation[i] * (k[i] - 1)
        lo, hi = edge - padding[i], edge - padding[i] + output_padding[i]
        pads.append((max(lo, 0), max(hi, 0)))
        crops.append((max(-lo, 0), max(-hi, 0)))
    out = jax.lax.conv_general_dilated(x, wt, window_strides=(1,) * n, padding=pads, lhs_dilation=stride,
                                       rhs_dilation=dilation, feature_group_count=groups,
                                       dimension_numbers=_numbers(n), precision=_HIGHEST)
    if any(c != (0, 0) for c in crops):
        out = out[(slice(None), slice(None)) + tuple(slice(lo, out.shape[2 + i] - hi)
                                                      for i, (lo, hi) in enumerate(crops))]
    if b:
        out = out + b[0].reshape((1, -1) + (1,) * n)
    return out


# ----- windows ---------------------------------------------------------------------------------

def _windows(xp, window, strides, dilation, out_shape):
    """The strided views of ``xp`` at each window offset, stacked on a new last axis (scan order)."""
    patches = []
    for offset in itertools.product(*[range(w) for w in window]):
        index = tuple(slice(o * d, o * d + (m - 1) * s + 1, s)
                      for o, d, m, s in zip(offset, dilation, out_shape, strides))
        patches.append(xp[index])
    return jnp.stack(patches, axis=-1)


@kernel
def max_pool_indices(x, *, window: tuple, strides: tuple, padding: tuple, dilation: tuple, n: int):
    """torch's max-pooling indices: the flat position (over the last ``n`` dimensions of the
    unpadded input) of each window's first maximum in scan order."""
    low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
    xp = jnp.pad(x, padding, constant_values=low)
    out_shape = [(xp.shape[i] - dilation[i] * (window[i] - 1) - 1) // strides[i] + 1 for i in range(x.ndim)]
    spatial = x.shape[x.ndim - n:]
    flat = jnp.arange(int(np.prod(spatial)), dtype=jnp.int64).reshape(spatial)
    flat = jnp.broadcast_to(flat, x.shape)
    fp = jnp.pad(flat, padding, constant_values=-1)
    values = _windows(xp, window, strides, dilation, out_shape)
    # NaN counts as the maximum (torch's comparison `val > max || isnan(val)`)
    first = jnp.argmax(jnp.where(jnp.isnan(values), jnp.inf, values) if jnp.issubdtype(x.dtype, jnp.floating)
                       else values, axis=-1)
    index = _windows(fp, window, strides, dilation, out_shape)
    return jnp.take_along_axis(index, first[..., None], axis=-1)[..., 0]


@kernel
def max_unpool(x, idx, *, out_spatial: tuple):
    """Scatter ``x`` into zeros of spatial shape ``out_spatial`` at the flat positions ``idx``."""
    n = len(out_spatial)
    lead = x.shape[:x.ndim - n]
    size = int(np.prod(out_spatial))
    xf = x.reshape(lead + (-1,))
    jf = idx.reshape(lead + (-1,))
    rows = int(np.prod(lead))
    out = jnp.zeros((rows, size), x.dtype)
    r = jnp.arange(rows)[:, None]
    j, v = jf.reshape(rows, -1), xf.reshape(rows, -1)
    # the value of a set, the gradient of an add: every input gets the output gradient at its
    # index, as torch's gather backward, even where windows overlapped and indices repeat
    out = (out.at[r, j].set(jax.lax.stop_gradient(v), mode="drop")
           + out.at[r, j].add(v - jax.lax.stop_gradient(v), mode="drop"))
    return out.reshape(lead + out_spatial)


def adaptive_bounds(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """torch's adaptive windows: [floor(i * size / out), ceil((i + 1) * size / out))."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def _adaptive_matrix(size: int, out: int, dtype) -> np.ndarray:
    start, end = adaptive_bounds(size, out)
    m = np.zeros((out, size), np.float64)
    for i in range(out):
        m[i, start[i]:end[i]] = 1.0 / (end[i] - start[i])
    return m.astype(dtype)


@kernel
def adaptive_avg_pool(x, *, out: tuple):
    """Averages over torch's adaptive windows, one separable matrix product per dimension."""
    n = len(out)
    for i, o in enumerate(out):
        axis = x.ndim - n + i
        m = jnp.asarray(_adaptive_matrix(x.shape[axis], o, x.dtype))
        x = jnp.moveaxis(jnp.tensordot(x, m, axes=([axis], [1]), precision=_HIGHEST), -1, axis)
    return x


def _adaptive_gather(x, out: tuple):
    n = len(out)
    spatial = x.shape[x.ndim - n:]
    lead = x.shape[:x.ndim - n]
    grids = []
    for size, o in zip(spatial, out):
        start, end = adaptive_bounds(size, o)
        width = int((end - start).max())
        # windows padded to one width by repeating their last element (a repeat never wins argmax first)
        grids.append(np.minimum(start[:, None] + np.arange(width)[None, :], end[:, None] - 1))
    # index arrays of shape (o1, k1, o2, k2, ...)
    idx = []
    for i, g in enumerate(grids):
        shape = [1] * (2 * n)
        shape[2 * i], shape[2 * i + 1] = g.shape
        idx.append(g.reshape(shape))
    patches = x[(Ellipsis,) + tuple(idx)]
    order = [2 * i for i in range(n)] + [2 * i + 1 for i in range(n)]
    perm = list(range(len(lead))) + [len(lead) + o for o in order]
    patches = jnp.transpose(patches, perm).reshape(lead + out + (-1,))
    flat = np.zeros([1] * (2 * n), np.int64)
    stride = 1
    for i in reversed(range(n)):
        flat = flat + idx[i] * stride
        stride *= spatial[i]
    flat = np.transpose(np.broadcast_to(flat, tuple(s for g in grids for s in g.shape)), order)
    return patches, flat.reshape(out + (-1,))


@kernel
def adaptive_max_pool(x, *, out: tuple):
    patches, _ = _adaptive_gather(x, out)
    first = jnp.argmax(patches, axis=-1)
    return jnp.take_along_axis(patches, first[..., None], axis=-1)[..., 0]


@kernel
def adaptive_max_pool_indices(x, *, out: tuple):
    patches, flat = _adaptive_gather(x, out)
    first = jnp.argmax(patches, axis=-1)
    flat = jnp.broadcast_to(jnp.asarray(flat), patches.shape)
    return jnp.take_along_axis(flat, first[..., None], axis=-1)[..., 0]


# ----- im2col and pixel shuffle ----------------------------------------------------------------

@kernel
def unfold(x, *, kernel_size: tuple, dilation: tuple, padding: tuple, stride: tuple):
    """(N, C, H, W) -> (N, C * kh * kw, L): sliding blocks, channel-major then kernel offsets."""
    xp = jnp.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding))
    out_shape = [(xp.shape[2 + i] - dilation[i] * (kernel_size[i] - 1) - 1) // stride[i] + 1 for i in range(2)]
    cols = _windows(xp, (1, 1) + kernel_size, (1, 1) + stride, (1, 1) + dilation,
                    [x.shape[0], x.shape[1]] + out_shape)  # (N, C, oh, ow, kh*kw)
    cols = jnp.moveaxis(cols, -1, 2)  # (N, C, kh*kw, oh, ow)
    n, c = x.shape[:2]
    return cols.reshape(n, c * kernel_size[0] * kernel_size[1], out_shape[0] * out_shape[1])


@kernel
def fold(x, *, output_size: tuple, kernel_size: tuple, dilation: tuple, padding: tuple, stride: tuple):
    """The adjoint of ``unfold``: blocks summed back into (N, C, *output_size)."""
    n = x.shape[0]
    c = x.shape[1] // (kernel_size[0] * kernel_size[1])
    shape = (n, c) + output_size
    zeros = jnp.zeros(shape, x.dtype)
    _, pullback = jax.vjp(lambda y: unfold(y, kernel_size=kernel_size, dilation=dilation, padding=padding,
                                           stride=stride), zeros)
    return pullback(x)[0]


@kernel
def unfold_unbatched(x, *, kernel_size: tuple, dilation: tuple, padding: tuple, stride: tuple):
    return unfold(x[None], kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride)[0]


@kernel
def fold_unbatched(x, *, output_size: tuple, kernel_size: tuple, dilation: tuple, padding: tuple, stride: tuple):
    return fold(x[None], output_size=output_size, kernel_size=kernel_size, dilation=dilation, padding=padding,
                stride=stride)[0]


@kernel
def pixel_shuffle(x, *, r: int):
    """(*, C r^2, H, W) -> (*, C, H r, W r)."""
    *lead, c, h, w = x.shape
    y = x.reshape(tuple(lead) + (c // (r * r), r, r, h, w))
    k = len(lead)
    y = jnp.transpose(y, tuple(range(k)) + (k, k + 3, k + 1, k + 4, k + 2))
    return y.reshape(tuple(lead) + (c // (r * r), h * r, w * r))


@kernel
def pixel_unshuffle(x, *, r: int):
    """(*, C, H r, W r) -> (*, C r^2, H, W)."""
    *lead, c, h, w = x.shape
    k = len(lead)
    y = x.reshape(tuple(lead) + (c, h // r, r, w // r, r))
    y = jnp.transpose(y, tuple(range(k)) + (k, k + 2, k + 4, k + 1, k + 3))
    return y.reshape(tuple(lead) + (c * r * r, h // r, w // r))


@kernel
def channel_shuffle(x, *, groups: int):
    """(N, g * k, *) -> channels reordered as (k, g): the transpose of a (g, k) grouping."""
    n, c = x.shape[:2]
    rest = x.shape[2:]
    y = x.reshape((n, groups, c // groups) + rest)
    return jnp.swapaxes(y, 1, 2).reshape(x.shape)


# ----- channels-last (N, *spatial, C) layout: Keras / TF -----------------------------------------

def _numbers_last(n: int) -> tuple:
    spatial = "DHW"[-n:]
    return (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")


@kernel
def conv_channels_last(x, w, *b, strides: tuple, padding, dilation: tuple, groups: int = 1):
    """Convolution of (N, *spatial, C_in) by a (*kernel, C_in / groups, C_out) kernel; ``padding``
    is "SAME", "VALID" or explicit (low, high) pairs. Adds the bias ``b`` (C_out,) if given."""
    n = x.ndim - 2
    y = jax.lax.conv_general_dilated(x, w, strides, padding, rhs_dilation=dilation,
                                     dimension_numbers=_numbers_last(n), feature_group_count=groups,
                                     precision=_HIGHEST)
    return y + b[0] if b else y


@kernel
def pool_channels_last(x, *, kind: str, window: tuple, strides: tuple, padding: str):
    """Max or average pooling of (N, *spatial, C); an average over a "SAME" window counts only
    the window's real entries (TF's rule)."""
    dims, steps = (1, *window, 1), (1, *strides, 1)
    if kind == "max":
        return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, dims, steps, padding)
    total = jax.lax.reduce_window(x, 0.0, jax.lax.add, dims, steps, padding)
    if padding == "VALID":
        return total / np.prod(window)
    count = jax.lax.reduce_window(jnp.ones(x.shape[1:-1], x.dtype)[None, ..., None], 0.0, jax.lax.add,
                                  dims, steps, padding)
    return total / count


@kernel
def conv_transpose_channels_last(x, w, *b, strides: tuple, pad_before: tuple, out_size: tuple, dilation: tuple):
    """TF's ``conv_transpose`` of (N, *spatial, C_in) by a (*kernel, C_out, C_in) kernel: the
    gradient of the forward convolution that maps an ``out_size`` input, padded by
    ``pad_before`` in front, onto ``x``'s spatial size. Adds the bias ``b`` (C_out,) if given."""
    n = x.ndim - 2
    k = w.shape[:n]
    wt = jnp.flip(jnp.swapaxes(w, -1, -2), axis=tuple(range(n)))  # (*kernel, C_in, C_out), flipped
    pads, crops = [], []
    for i in range(n):
        edge = (k[i] - 1) * dilation[i]
        lo = edge - pad_before[i]
        hi = out_size[i] - (x.shape[1 + i] - 1) * strides[i] - 1 + pad_before[i]
        pads.append((max(lo, 0), max(hi, 0)))
        crops.append((max(-lo, 0), max(-hi, 0)))
    y = jax.lax.conv_general_dilated(x, wt, (1,) * n, pads, lhs_dilation=strides, rhs_dilation=dilation,
                                     dimension_numbers=_numbers_last(n), precision=_HIGHEST)
    if any(c != (0, 0) for c in crops):
        y = y[(slice(None),) + tuple(slice(lo, y.shape[1 + i] - hi) for i, (lo, hi) in enumerate(crops))]
    return y + b[0] if b else y
