"""The pure JAX functions behind the torch dialect's ops.

Each is a module-level function (stable identity, so the structural compile cache hits)
of arrays plus hashable static attributes. Dtype conversion happens inside the function
(``dtype`` is a numpy dtype name), so gradients come back in each input's own dtype, as
in torch.
"""
from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import jax.scipy.special  # noqa: F401 - erf
import numpy as np

from ..core import eager, host, kernels


def add(x, y, *, dtype):
    return jnp.add(x.astype(dtype), y.astype(dtype))


def sub(x, y, *, dtype):
    return jnp.subtract(x.astype(dtype), y.astype(dtype))


def mul(x, y, *, dtype):
    return jnp.multiply(x.astype(dtype), y.astype(dtype))


def div(x, y, *, dtype):
    return jnp.divide(x.astype(dtype), y.astype(dtype))


def _host_binary(ufunc):
    """The numpy twin of a binary kernel above (``core.host``: same bits on small host arrays)."""
    return lambda values, static: host.cast_apply(ufunc, values, static[0][1])  # static: (("dtype", name),)


host.register(add, _host_binary(np.add))
host.register(sub, _host_binary(np.subtract))
host.register(mul, _host_binary(np.multiply))
host.register(div, _host_binary(np.true_divide))


@jax.custom_jvp
def _float_pow(x, y):
    return jnp.power(x, y)


@_float_pow.defjvp
def _float_pow_jvp(primals, tangents):
    # torch's pow_backward: d/dx is 0 where y == 0 (JAX: 0 * x**-1 = nan at x == 0), and
    # d/dy is 0 where x == 0 and y >= 0 (so 0 ** -0.5 gives -inf, as torch, not nan)
    x, y = primals
    tx, ty = tangents
    out = jnp.power(x, y)
    dx = jnp.where(y == 0, 0, y * jnp.power(x, y - 1))
    dy = jnp.where((x == 0) & (y >= 0), 0, out * jnp.log(x))
    return out, dx * tx + dy * ty


def pow(x, y, *, dtype):  # noqa: A001 - torch's name
    """``x ** y`` with torch's gradients; integers to negative powers as torch's integer
    kernel: 1 ** n = 1, (-1) ** n = +-1, anything else 0."""
    x, y = x.astype(dtype), y.astype(dtype)
    if not jnp.issubdtype(x.dtype, jnp.integer):
        return _float_pow(x, y)
    negative = y < 0
    out = jnp.power(x, jnp.where(negative, 0, y))
    small = jnp.where(x == 1, 1, jnp.where(x == -1, jnp.where(y % 2 == 0, 1, -1), 0)).astype(x.dtype)
    return jnp.where(negative, small, out)


def pow_scalar(x, *, exponent, dtype):
    """``x ** python_scalar``: an int exponent stays an integer power (exact, as torch); a
    bool tensor to a bool power is itself (True) or ones (False)."""
    if np.dtype(dtype) == np.bool_:
        return x if exponent else jnp.ones_like(x)
    if isinstance(exponent, float) and jnp.issubdtype(np.dtype(dtype), jnp.floating):
        return _float_pow(x.astype(dtype), jnp.asarray(exponent, dtype))
    return jnp.power(x.astype(dtype), exponent)


def neg(x):
    return jnp.negative(x)


def matmul(x, y):
    return jnp.matmul(x, y)


def transpose_all(x):
    return jnp.transpose(x)


def astype(x, *, dtype):
    """A cast as torch's (x86 CPU): floats to int64 truncate, nan and out-of-range values give
    INT64_MIN; to narrower integers they go through int32 (INT32_MIN when out of its range)
    and then wrap around."""
    if jnp.issubdtype(x.dtype, jnp.floating) and jnp.issubdtype(np.dtype(dtype), jnp.integer):
        wide = np.dtype(np.int64 if np.dtype(dtype) == np.int64 else np.int32)
        bound = float(2 ** (8 * wide.itemsize - 1))
        t = jnp.trunc(x)
        bad = jnp.isnan(x) | (t >= bound) | (t < -bound)
        return jnp.where(bad, jnp.iinfo(wide).min, jnp.where(bad, 0, t).astype(wide)).astype(dtype)
    return x.astype(dtype)


def unary(x, *, fn, dtype):
    return getattr(jnp, fn)(x.astype(dtype))


def sum(x, *, axis, keepdims, dtype):  # noqa: A001 - torch's name
    if np.dtype(dtype) in (jnp.bfloat16, jnp.float16):  # 16-bit floats: float32 sum, one rounding, as torch
        return jnp.sum(x.astype(np.float32), axis=axis, keepdims=keepdims).astype(dtype)
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=dtype)


def _host_sum(values, static):
    """sum's numpy twin (``core.host``) for a 0-d or 1-d input summed whole: XLA's CPU kernel adds
    up to 16 elements one after another, left to right, which is what a cumulative sum does
    (numpy's own sum pairs them up: other bits); 16-bit floats add in float32, as ``sum``."""
    (x,) = values
    attrs = dict(static)
    dtype = host.np_dtype(attrs["dtype"])
    if dtype is None or x.ndim > 1 or attrs["axis"] not in (None, (), (0,)) or x.ndim == 0 and attrs["axis"]:
        return None
    if x.size == 0 or x.ndim == 0:
        total = np.asarray(x if x.size else 0).astype(dtype)
    else:
        total = x.cumsum(dtype=np.float32 if dtype.itemsize == 2 and dtype.kind == "f" else dtype)[-1].astype(dtype)
    return total.reshape((1,) * x.ndim) if attrs["keepdims"] else total


host.register(sum, _host_sum)


def mean(x, *, axis, keepdims, dtype):
    return kernels.mean(x.astype(dtype), axis=axis, keepdims=keepdims)


def getitem(x, *, index):
    decoded = decode_index(index)
    window = _window(decoded, x.shape)
    if window is None:
        return x[decoded]
    starts, sizes, shape = window
    # start offsets are operands of dynamic_slice, not compile-time constants: x[i] and
    # x[i:i + n] for every i share one executable (a static slice compiles once per value)
    return jnp.reshape(jax.lax.dynamic_slice(x, starts, sizes), shape)


eager.run_directly(getitem)  # a jitted getitem would compile once per index value


def _window(index: tuple, shape: tuple) -> tuple | None:
    """(starts, sizes, result shape) of a basic index made of ints, unit-step slices, None
    and ``...`` (bounds already checked by the parser); None for anything else."""
    if [i is Ellipsis for i in index].count(True) > 1:
        return None
    consumed = len([i for i in index if i is not None and i is not Ellipsis])
    if consumed > len(shape):
        return None
    starts, sizes, out, dim = [], [], [], 0
    for item in index:
        if item is None:
            out.append(1)
        elif item is Ellipsis:
            for _ in range(len(shape) - consumed):
                starts.append(0), sizes.append(shape[dim]), out.append(shape[dim])
                dim += 1
        elif isinstance(item, slice):
            start, stop, step = item.indices(shape[dim])
            if step != 1:
                return None
            length = max(0, stop - start)
            starts.append(start if length else 0), sizes.append(length), out.append(length)
            dim += 1
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            if not -shape[dim] <= item < shape[dim]:
                return None
            starts.append(int(item) % shape[dim]), sizes.append(1)
            dim += 1
        else:
            return None
    for rest in shape[dim:]:
        starts.append(0), sizes.append(rest), out.append(rest)
    return tuple(starts), tuple(sizes), tuple(out)


def encode_index(index) -> tuple:
    """A python index as a hashable static attribute (slices are not hashable)."""
    if not isinstance(index, tuple):
        index = (index,)
    out = []
    for i in index:
        if isinstance(i, slice):
            out.append(("slice", i.start, i.stop, i.step))
        elif i is Ellipsis:
            out.append(("ellipsis",))
        elif i is None:
            out.append(("none",))
        elif isinstance(i, (int, bool)):
            out.append(("int", int(i)))
        elif isinstance(i, TensorIndex):
            out.append(("tensor", i.position))
        else:
            raise TypeError(f"gradcompat.torch supports only int, slice, None and ... indices, got {type(i).__name__}")
    return tuple(out)


class TensorIndex:
    """Stands for the ``position``-th array input of an indexing op while encoding an index."""

    def __init__(self, position: int):
        self.position = position


def decode_index(encoded: tuple, arrays: tuple = ()) -> tuple:
    out = []
    for item in encoded:
        kind = item[0]
        out.append(slice(*item[1:]) if kind == "slice" else Ellipsis if kind == "ellipsis"
                   else None if kind == "none" else arrays[item[1]] if kind == "tensor" else item[1])
    return tuple(out)


# ----- elementwise ---------------------------------------------------------------------------
# Kernels named by a static ``fn`` string, so one kernel identity serves many torch functions.

def _relu(x):
    # torch: relu'(0) = 0 (jax.nn.relu agrees), relu(nan) = nan with gradient 1; integer relu stays integer
    return jnp.where(x <= 0, jnp.zeros((), x.dtype), x)


def _abs(x):
    # torch: abs'(0) = abs'(nan) = 0 (jnp.abs has 1 at 0)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return jnp.abs(x)
    return x * jnp.where(jnp.isnan(x), jnp.zeros((), x.dtype), jnp.sign(x))


def _sign(x):
    # torch: sign(nan) = sign(-0.) = 0, and sign of a bool tensor is itself
    if x.dtype == jnp.bool_:
        return x
    return (x > 0).astype(x.dtype) - (x < 0).astype(x.dtype)


def _frac(x):
    return x - jnp.trunc(x)


_UNARY = {
    "frac": _frac,
    "sign": _sign,
    "abs": _abs,
    "relu": _relu,
    "sigmoid": jax.nn.sigmoid,
    "erf": jax.scipy.special.erf,
    "rsqrt": jax.lax.rsqrt,
    "square": jnp.square,
}


def unary_fn(x, *, fn, dtype):
    """A named elementwise function of ``x`` cast to ``dtype`` (jnp's, or one of ``_UNARY``)."""
    return (_UNARY.get(fn) or getattr(jnp, fn))(x.astype(dtype))


def round_decimals(x, *, decimals, dtype):
    """``torch.round(x, decimals=d)``: half to even, as torch."""
    return jnp.round(x.astype(dtype), decimals)


def predicate(x, *, fn):
    """isnan / isfinite / isinf / logical_not: a bool result."""
    return getattr(jnp, fn)(x)


def _extreme_kernel(forward, self_loses, other_loses, even_ties: bool):
    """A maximum-like function with torch's gradient: each side gets the gradient except
    where ``*_loses(x, y)``; ties split it evenly when ``even_ties`` (maximum/minimum),
    and where a comparison with nan is false both sides keep it, as in torch."""
    @jax.custom_jvp  # a jvp rule (linear in the tangents) serves forward and reverse mode
    def kernel(x, y):
        return forward(x, y)

    @kernel.defjvp
    def kernel_jvp(primals, tangents):
        x, y = primals
        dx, dy = tangents
        if even_ties:
            dx, dy = (jnp.where(x == y, d / 2, d) for d in (dx, dy))
        zero = jnp.zeros((), x.dtype)  # selected, not multiplied: an inf gradient stays out, as torch's masked_fill
        return forward(x, y), jnp.where(self_loses(x, y), zero, dx) + jnp.where(other_loses(x, y), zero, dy)

    return kernel


_BINARY = {
    "maximum": _extreme_kernel(jnp.maximum, jnp.less, jnp.greater, True),
    "minimum": _extreme_kernel(jnp.minimum, jnp.greater, jnp.less, True),
    # fmax/fmin: ties go to self; a nan other gives the gradient to self
    "fmax": _extreme_kernel(jnp.fmax, lambda x, y: ~((x >= y) | jnp.isnan(y)), lambda x, y: (x >= y) | jnp.isnan(y),
                            False),
    "fmin": _extreme_kernel(jnp.fmin, lambda x, y: ~((x <= y) | jnp.isnan(y)), lambda x, y: (x <= y) | jnp.isnan(y),
                            False),
}


def binary_fn(x, y, *, fn, dtype):
    """A named binary jnp function (maximum, comparisons, bitwise ops...) after a cast to ``dtype``;
    maximum/minimum/fmax/fmin of floats with torch's gradient (``_BINARY``)."""
    x, y = x.astype(dtype), y.astype(dtype)
    if fn in _BINARY and jnp.issubdtype(x.dtype, jnp.floating):
        return _BINARY[fn](*jnp.broadcast_arrays(x, y))
    return getattr(jnp, fn)(x, y)


def _host_binary_fn(values, static):
    """binary_fn's numpy twin, for comparisons only (``core.host``)."""
    attrs = dict(static)
    if attrs["fn"] not in _HOST_COMPARISONS:
        return None
    return host.cast_apply(host.EXACT_BINARY[attrs["fn"]], values, attrs["dtype"])


_HOST_COMPARISONS = ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")
host.register(binary_fn, _host_binary_fn)


def div_mode(x, y, *, mode, dtype):
    """``torch.div(rounding_mode=...)``: "trunc" or "floor" division in ``dtype``."""
    x, y = x.astype(dtype), y.astype(dtype)
    if jnp.issubdtype(x.dtype, jnp.integer):
        return jax.lax.div(x, y) if mode == "trunc" else jnp.floor_divide(x, y)
    q = x / y
    return jnp.trunc(q) if mode == "trunc" else jnp.floor(q)


def remainder(x, y, *, dtype):
    """``torch.remainder`` / ``%``: the sign of the divisor, as Python's."""
    return jnp.remainder(x.astype(dtype), y.astype(dtype))


def clamp(x, *bounds, lo, hi, lo_tensor, hi_tensor, dtype):
    """``torch.clamp``: min(max(x, lo), hi). Written with ``where`` so that, as in torch,
    the gradient passes to ``x`` at the bounds themselves (``jnp.clip`` would halve it)."""
    x = x.astype(dtype)
    bounds = list(bounds)
    if lo_tensor:
        lo = bounds.pop(0).astype(dtype)
    if hi_tensor:
        hi = bounds.pop(0).astype(dtype)
    out = x
    if lo is not None:
        out = jnp.where(out < lo, lo, out)
    if hi is not None:
        out = jnp.where(out > hi, hi, out)
    if jnp.issubdtype(x.dtype, jnp.floating):
        # torch: clamp(nan) is nan with gradient 0
        out = jnp.where(jnp.isnan(x), jax.lax.stop_gradient(x), out)
    return out


def lerp(start, end, weight, *, dtype):
    """``torch.lerp`` with torch's two-sided formula (exact at weight 0 and 1)."""
    start, end, weight = start.astype(dtype), end.astype(dtype), weight.astype(dtype)
    diff = end - start
    return jnp.where(jnp.abs(weight) < 0.5, start + weight * diff, end - diff * (1 - weight))


def where(condition, x, y, *, dtype):
    return jnp.where(condition, x.astype(dtype), y.astype(dtype))


def fill(x, value):
    """``Tensor.fill_`` / ``zero_``: ``value`` everywhere; ``x`` gets a zero gradient."""
    return jnp.broadcast_to(value.astype(x.dtype), x.shape)


def masked_fill(x, mask, value):
    return jnp.where(mask, value.astype(x.dtype), x)


# ----- reductions ----------------------------------------------------------------------------

def reduce(x, *, fn, axis, keepdims, dtype):
    """prod / amax / amin / all / any (jnp's max splits the gradient evenly among ties, as
    torch's amax and full max do)."""
    x = x.astype(dtype) if dtype is not None else x
    if fn in ("max", "min") and jnp.issubdtype(x.dtype, jnp.floating):
        return _even_extreme(x, fn, axis, keepdims)
    return getattr(jnp, fn)(x, axis=axis, keepdims=keepdims)


def _even_extreme(x, fn, axis, keepdims):
    """max/min whose gradient is split evenly among the elements equal to the result,
    NaN included (torch's rule; jnp.max gives a NaN result no gradient)."""
    out = jax.lax.stop_gradient(getattr(jnp, fn)(x, axis=axis, keepdims=True))
    mask = jax.lax.stop_gradient((x == out) | (jnp.isnan(x) & jnp.isnan(out)))
    count = jnp.sum(mask, axis=axis, keepdims=True).astype(x.dtype)
    value = jnp.sum(jnp.where(mask, x, 0), axis=axis, keepdims=True) / count
    return value if keepdims else jnp.squeeze(value, axis) if axis is not None else value.reshape(())


def arg_reduce(x, *, fn, axis, keepdims):
    """argmax / argmin (the first of ties, as torch)."""
    if axis is None:
        out = getattr(jnp, fn)(x.reshape(-1))
        return out.reshape((1,) * x.ndim) if keepdims else out
    return getattr(jnp, fn)(x, axis=axis, keepdims=keepdims)


def max_dim(x, *, fn, axis, keepdims):
    """``torch.max(x, dim)``: (values, indices); the gradient goes to the returned index only."""
    if x.ndim == 0:
        return x, jnp.zeros((), jnp.int64)
    idx = jnp.expand_dims(getattr(jnp, fn)(x, axis=axis), axis)
    values = jnp.take_along_axis(x, idx, axis=axis)
    if not keepdims:
        values, idx = jnp.squeeze(values, axis), jnp.squeeze(idx, axis)
    return values, idx.astype(jnp.int64)


def moments(x, *, fn, axis, correction, keepdims):
    """``torch.var`` / ``torch.std`` with Bessel's ``correction`` (nan where dof <= 0, as torch)."""
    n = x.size if axis is None else math.prod(x.shape[a] for a in axis)
    mean = jnp.mean(x, axis=axis, keepdims=True)
    var = jnp.sum(jnp.square(x - mean), axis=axis, keepdims=keepdims) / (n - correction)
    return jnp.sqrt(var) if fn == "std" else var


def vector_norm(x, *, p, axis, keepdims, dtype):
    """``torch.norm`` / ``linalg.vector_norm``; the gradient at the zero vector is 0, as torch's."""
    x = _abs(x.astype(dtype))
    if p == float("inf"):
        return jnp.max(x, axis=axis, keepdims=keepdims)
    if p == float("-inf"):
        return jnp.min(x, axis=axis, keepdims=keepdims)
    if p == 0:
        return jnp.sum((x != 0).astype(dtype), axis=axis, keepdims=keepdims)
    if p == 1:
        return jnp.sum(x, axis=axis, keepdims=keepdims)
    s = jnp.sum(x ** p, axis=axis, keepdims=keepdims)
    zero = s == 0
    # the double where keeps d/ds s**(1/p) = inf out of the gradient at 0
    return jnp.where(zero, 0.0, jnp.where(zero, 1.0, s) ** (1.0 / p)).astype(dtype)


def logsumexp(x, *, axis, keepdims):
    return jax.nn.logsumexp(x, axis=axis, keepdims=keepdims)


def cumulative(x, *, fn, axis, dtype):
    if x.ndim == 0:
        return x.astype(dtype)
    return getattr(jnp, fn)(x.astype(dtype), axis=axis)


# ----- shape -----------------------------------------------------------------------------------

def reshape(x, *, shape):
    return jnp.reshape(x, shape)


def permute(x, *, axes):
    return jnp.transpose(x, axes)


def squeeze(x, *, axes):
    return jnp.squeeze(x, axes)


def unsqueeze(x, *, axis):
    return jnp.expand_dims(x, axis)


def expand(x, *, shape):
    return jnp.broadcast_to(x, shape)


def tile(x, *, reps):
    return jnp.tile(x, reps)


def concatenate(*xs, axis, dtype):
    return jnp.concatenate([x.astype(dtype) for x in xs], axis=axis)


def stack(*xs, axis, dtype):
    return jnp.stack([x.astype(dtype) for x in xs], axis=axis)


def slice_dim(x, *, axis, start, stop):
    return jax.lax.slice_in_dim(x, start, stop, axis=axis)


def diagonal(x, *, offset, axis1, axis2):
    return jnp.diagonal(x, offset, axis1, axis2)


@jax.custom_jvp
def keep_history(history, value):
    """``value``, with the gradient of ``history``: a tensor whose data changed without
    autograd recording it (no_grad, through ``detach()``) keeps its grad_fn in torch."""
    return value


@keep_history.defjvp
def _keep_history_jvp(primals, tangents):
    return primals[1], tangents[0]


def take_along(x, index, *, axis):
    """``torch.gather``: out[i][j] = x[index[i][j]][j] (dim 0), index may be smaller than x."""
    idx = [jnp.arange(n).reshape([-1 if k == d else 1 for k in range(index.ndim)])
           for d, n in enumerate(index.shape)]
    idx[axis] = index
    return x[tuple(idx)]


def scatter(x, index, src, *, axis, reduce):
    """``torch.scatter`` / ``scatter_add`` along ``axis`` (src is broadcast when a scalar)."""
    src = jnp.broadcast_to(src.astype(x.dtype), index.shape) if src.ndim == 0 else \
        src[tuple(slice(0, n) for n in index.shape)].astype(x.dtype)
    idx = [jnp.arange(n).reshape([-1 if k == d else 1 for k in range(index.ndim)])
           for d, n in enumerate(index.shape)]
    idx[axis] = index
    if reduce is None:  # torch's gradient for duplicate indices (see _index_put)
        return _index_put(x, src, tuple(idx), tuple(range(x.ndim)))
    at = x.at[tuple(idx)]
    return at.add(src) if reduce == "add" else at.multiply(src)


def take(x, index, *, axis):
    """``torch.index_select``."""
    return jnp.take(x, index, axis=axis)


def _advanced_key(ndim: int, arrays: tuple, advanced: tuple) -> tuple:
    key = [slice(None)] * ndim
    for dim, array in zip(advanced, arrays):
        key[dim] = array
    return tuple(key)


def getitem_adv(x, *arrays, index, advanced):
    """torch's advanced indexing: the basic items ``index`` first, then ``arrays[k]`` on
    dim ``advanced[k]`` of that result (index_parsing explains why not numpy's order)."""
    y = x[decode_index(index)]
    return y[_advanced_key(y.ndim, arrays, advanced)]


@functools.partial(jax.custom_vjp, nondiff_argnums=(3,))
def _index_put(y, value, arrays, advanced):
    return y.at[_advanced_key(y.ndim, arrays, advanced)].set(value)


def _index_put_fwd(y, value, arrays, advanced):
    return _index_put(y, value, arrays, advanced), arrays


def _index_put_bwd(advanced, arrays, g):
    # torch's IndexPutBackward0: every write gets its cotangent, duplicates included (JAX's
    # scatter gives it only to the write that won)
    key = _advanced_key(g.ndim, arrays, advanced)
    return g.at[key].set(0), g[key], tuple(None for _ in arrays)


_index_put.defvjp(_index_put_fwd, _index_put_bwd)


def setitem(x, value, *arrays, index, advanced):
    """``x[index] = value`` as a new array (the dialect rebinds the tensor to it)."""
    basic = decode_index(index)
    y = x[basic]
    key = _advanced_key(y.ndim, arrays, advanced)
    target = y[key].shape
    if value.ndim > len(target):  # leading ones, which torch drops
        value = value.reshape(value.shape[value.ndim - len(target):])
    value = jnp.broadcast_to(value.astype(x.dtype), target)
    y = _index_put(y, value, arrays, advanced) if arrays else value
    return x.at[basic].set(y)


# ----- matrix products -----------------------------------------------------------------------

def einsum(*xs, equation):
    return jnp.einsum(equation, *xs)


def outer(x, y):
    return jnp.outer(x, y)


def addmm(c, a, b, *, beta, alpha):
    """``torch.addmm``: beta * c + alpha * (a @ b); beta == 0 ignores c (nan included), as torch."""
    low = a.dtype if a.dtype in (jnp.bfloat16, jnp.float16) else None
    if low is not None:  # torch's CPU kernel: float32 accumulation, bias added, one rounding
        c = c.astype(jnp.float32)
    product = jnp.matmul(a, b, preferred_element_type=jnp.float32 if low is not None else None)
    if alpha != 1:
        product = alpha * product
    if beta == 0:
        out = jnp.broadcast_to(product, product.shape) + 0 * jax.lax.stop_gradient(jnp.zeros_like(c))
    else:
        out = (c if beta == 1 else beta * c) + product
    return out if low is None else out.astype(low)


# ----- random numbers --------------------------------------------------------------------------

def random_uniform(key, *, shape, dtype):
    return jax.random.uniform(key, shape, dtype)


def random_normal(key, *, shape, dtype):
    return jax.random.normal(key, shape, dtype)


def random_int(key, *, shape, low, high, dtype):
    return jax.random.randint(key, shape, low, high, dtype)
