"""More of torch's tensor API: ``var_mean`` / ``std_mean``, ``nanmedian``, ``isin``, ``signbit``,
``igamma`` / ``igammac``, ``scatter_reduce`` / ``index_reduce``, ``split_with_sizes`` and the
``unsafe_*`` splits, ``as_strided``.

Each op is one core op with a JAX kernel, so its gradient comes from the vjp engine (a
two-output op such as ``var_mean`` is one node, one ``grad_fn`` for both outputs, as in torch).
"""
from __future__ import annotations

import builtins
import functools

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np

from .. import core
from . import ops, views
from .shape import _dim, _slice, split
from .tensor import Tensor, wrap


def _as_tensor(x) -> Tensor:
    if isinstance(x, Tensor):
        return x
    from .creation import as_tensor
    return as_tensor(x)


# ----- var_mean / std_mean ----------------------------------------------------------------
def moments_mean(x, *, fn, axis, correction, keepdims):
    return (ops.moments(x, fn=fn, axis=axis, correction=correction, keepdims=keepdims),
            jnp.mean(x, axis=axis, keepdims=keepdims))


def _moments_mean(fn: str):
    def op(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:
        from .reductions import moment_arguments
        axis, correction = moment_arguments(f"{fn}_mean", input, dim, unbiased, correction)
        name = f"{fn.capitalize()}MeanBackward0"
        pair = core.apply(moments_mean, [input.node], {"fn": fn, "axis": axis, "correction": correction,
                                                       "keepdims": bool(keepdim)}, name=name)
        label = pair.name if isinstance(pair, core.Op) else None
        return wrap(core.select(pair, 0, name=label)), wrap(core.select(pair, 1, name=label))

    op.__name__ = op.__qualname__ = f"{fn}_mean"
    op.__doc__ = f"``torch.{fn}_mean``: ``({fn}, mean)`` as one op (one grad_fn), torch's arguments."
    return op


var_mean = _moments_mean("var")
std_mean = _moments_mean("std")


# ----- nanmedian ----------------------------------------------------------------------------
def nanmedian_all(x):
    """The lower median of the non-NaN elements (NaN if all are); the gradient is shared evenly
    by the elements equal to it, as torch's."""
    flat = x.reshape(-1)
    nans = jnp.isnan(flat)
    count = flat.size - jnp.sum(nans)
    ordered = jnp.sort(jnp.where(nans, jnp.inf, flat))
    m = jax.lax.stop_gradient(jnp.where(count > 0, ordered[jnp.maximum((count - 1) // 2, 0)], jnp.nan))
    ties = jnp.where(jnp.isnan(m), nans, flat == m)
    share = jnp.where(ties, flat - jax.lax.stop_gradient(flat), 0.0).sum() / jnp.maximum(ties.sum(), 1)
    return m + share


def nanmedian(input: Tensor, dim: int | None = None, keepdim: bool = False):
    """``torch.nanmedian``: the median ignoring NaN (of all elements; along ``dim`` as ``median``
    on the NaN-free values)."""
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("nanmedian() input tensor cannot be empty")
        return wrap(core.apply(nanmedian_all, [input.node], name="NanmedianBackward0"))
    from .sorting import median
    return median(input, dim, keepdim)


# ----- isin / signbit -----------------------------------------------------------------------
def isin_kernel(elements, tests, *, invert):
    found = jnp.isin(elements, tests)
    return ~found if invert else found


def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False) -> Tensor:
    """``torch.isin``: a bool tensor (never requires grad)."""
    elements, test_elements = _as_tensor(elements), _as_tensor(test_elements)
    with core.recording.grad_mode(False):
        return wrap(core.apply(isin_kernel, [elements.node, test_elements.node], {"invert": bool(invert)}))


def signbit(input: Tensor) -> Tensor:
    """``torch.signbit``: a bool tensor (never requires grad)."""
    with core.recording.grad_mode(False):
        return wrap(core.apply(jnp.signbit, [input.node]))


# ----- igamma / igammac -----------------------------------------------------------------------
def _igamma(fn, name: str, kernel):
    def op(input: Tensor, other: Tensor) -> Tensor:
        input, other = _as_tensor(input), _as_tensor(other)
        if core.forward.active():
            from .autograd import forward_ad
            if forward_ad.tangent_of(input) is not None or forward_ad.tangent_of(other) is not None:
                raise NotImplementedError(f"Trying to use forward AD with {fn} that does not support it because it "
                                          "has not been implemented yet.")
        return wrap(core.apply(kernel, [input.node, other.node], name=name))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: the regularized {'lower' if fn == 'igamma' else 'upper'} incomplete gamma function."
    return op


def igamma_kernel(a, x):
    return jsp.gammainc(a, x)


def igammac_kernel(a, x):
    return jsp.gammaincc(a, x)


igamma = _igamma("igamma", "IgammaBackward0", igamma_kernel)
igammac = _igamma("igammac", "IgammacBackward0", igammac_kernel)


# ----- scatter_reduce / index_reduce -----------------------------------------------------------
_REDUCES = ("sum", "prod", "mean", "amax", "amin")


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _refuse_derivative(g, message: str):
    """``g``, whose own derivative is refused with torch's RuntimeError ``message``."""
    return g


def _refuse_fwd(g, message):
    return g, None


def _refuse_bwd(message, _, ct):
    raise RuntimeError(message)


_refuse_derivative.defvjp(_refuse_fwd, _refuse_bwd)


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _no_double_backward(src, message: str):
    """``src``, whose gradient may be computed once but not differentiated again (torch's
    ``Error`` node for a double backward it does not support)."""
    return src


def _ndb_fwd(src, message):
    return src, None


def _ndb_bwd(message, _, ct):
    return (_refuse_derivative(ct, message),)


_no_double_backward.defvjp(_ndb_fwd, _ndb_bwd)


def _zeros_collide(index: Tensor, src: Tensor, axis: int) -> bool:
    """Whether more than one zero of ``src`` lands on one position (torch cannot differentiate
    the product's gradient there twice); False while the values are traced."""
    index_v, src_v = index._value, src._value
    if isinstance(index_v, jax.core.Tracer) or isinstance(src_v, jax.core.Tracer):
        return False
    index_v = np.asarray(index_v)
    src_v = np.asarray(src_v)[tuple(slice(0, n) for n in index_v.shape)]
    where = np.indices(index_v.shape)
    where[axis] = index_v
    targets = where.reshape(len(index_v.shape), -1)[:, src_v.reshape(-1) == 0]
    return targets.shape[1] > np.unique(targets, axis=1).shape[1]


def scatter_reduce_kernel(x, index, src, *, axis, reduce, include_self, double_backward_error=""):
    """torch's scatter_reduce along ``axis`` (``index`` and ``src`` of one shape;
    ``double_backward_error``: torch's message where src's gradient may not be differentiated)."""
    if double_backward_error:
        src = _no_double_backward(src, double_backward_error)
    grid = jnp.meshgrid(*[jnp.arange(n) for n in index.shape], indexing="ij")
    grid[axis] = index
    where = tuple(grid)
    src = src[tuple(slice(0, n) for n in index.shape)].astype(x.dtype)
    hit = jnp.zeros(x.shape, bool).at[where].set(True)
    if reduce in ("sum", "mean"):
        base = x if include_self else jnp.where(hit, 0, x)
        out = base.at[where].add(src)
        if reduce == "mean":
            count = jnp.zeros(x.shape, x.dtype).at[where].add(1) + (1 if include_self else 0)
            out = jnp.where(hit, out / jnp.maximum(count, 1), x)
            if jnp.issubdtype(x.dtype, jnp.integer):
                out = out.astype(x.dtype)
        return out
    if reduce == "prod":  # a dense product per target (JAX differentiates scatter-multiply only without repeats)
        base = x if include_self else jnp.where(hit, 1, x)
        flat_target = jnp.ravel_multi_index(where, x.shape, mode="clip").reshape(-1)
        onehot = flat_target[None, :] == jnp.arange(x.size)[:, None]
        factors = jnp.where(onehot, src.reshape(-1)[None, :], jnp.ones((), x.dtype)).prod(axis=1)
        return base * factors.reshape(x.shape)
    fill = jnp.inf if reduce == "amin" else -jnp.inf
    base = x if include_self else jnp.where(hit, jnp.asarray(fill, x.dtype) if jnp.issubdtype(x.dtype, jnp.floating)
                                            else x, x)
    return base.at[where].min(src) if reduce == "amin" else base.at[where].max(src)


def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,
                   include_self: bool = True, _op: tuple = ("scatter_reduce", "src")) -> Tensor:
    """``torch.scatter_reduce`` (sum, prod, mean, amax, amin; ``include_self``). As torch, the
    gradient for ``src`` of a product where several zeros meet cannot be differentiated again."""
    if reduce not in _REDUCES:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    axis = _dim(input, dim)
    if index.dim() != input.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    static = {"axis": axis, "reduce": reduce, "include_self": bool(include_self)}
    if reduce == "prod" and src.requires_grad and _zeros_collide(index, src, axis):
        name, arg = _op
        static["double_backward_error"] = (f"{name}(): Double backward is unsupported for {arg} when >1 zeros in "
                                           f"{arg} are scattered to the same position in self")
    return wrap(core.apply(scatter_reduce_kernel, [input.node, index.node, src.node], static,
                           name="ScatterReduceBackward0"))


def index_reduce(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str, *,
                 include_self: bool = True) -> Tensor:
    """``torch.index_reduce`` (prod, mean, amax, amin): slice ``i`` of ``source`` along ``dim``
    reduced into slice ``index[i]`` of ``input``."""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    axis = _dim(input, dim)
    shape = [1] * source.dim()
    shape[axis] = -1
    full = index.reshape(shape).expand(tuple(source.shape))
    out = scatter_reduce(input, axis, full, source, reduce, include_self=include_self,
                         _op=("index_reduce", "source"))
    if isinstance(out.node, core.Op):
        out.node.name = "IndexReduceBackward0"
    return out


# ----- splits and as_strided ----------------------------------------------------------------
def split_with_sizes(input: Tensor, split_sizes, dim: int = 0) -> tuple:
    """``torch.split_with_sizes``: views of the given sizes (not modifiable in place, as torch)."""
    return split(input, list(split_sizes), dim)


def unsafe_split(input: Tensor, split_size: int, dim: int = 0) -> tuple:
    """``torch.unsafe_split``: as ``split``, but the pieces may be modified in place."""
    axis = _dim(input, dim)
    return tuple(_slice(input, axis, *_bounds(p)) for p in split(input, split_size, dim))


def _bounds(piece: Tensor) -> tuple[int, int]:
    """(start, stop) of a piece ``split`` made (its last view step is a slice)."""
    static = dict(piece._view.steps[-1][1])
    return static["start"], static["stop"]


def unsafe_split_with_sizes(input: Tensor, split_sizes, dim: int = 0) -> tuple:
    """``torch.unsafe_split_with_sizes``."""
    axis = _dim(input, dim)
    return tuple(_slice(input, axis, *_bounds(p)) for p in split(input, list(split_sizes), dim))


def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """``torch.unsafe_chunk``."""
    from .shape import chunk
    axis = _dim(input, dim)
    return tuple(_slice(input, axis, *_bounds(p)) for p in chunk(input, chunks, dim))


def strided_index(index, *, size, stride, offset):
    """The view's elements of the flattened storage ``index`` at torch's (size, stride, offset)."""
    pos = jnp.asarray(offset, jnp.int64)
    for axis, (n, s) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[axis] = n
        pos = pos + (jnp.arange(n, dtype=jnp.int64) * s).reshape(shape)
    return index.reshape(-1)[pos]


def as_strided(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:
    """``torch.as_strided``: a view of the storage's elements at (size, stride, offset).

    The storage is the root base's (for a view) flattened in order, as a contiguous tensor's."""
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    offset = int(storage_offset or 0)
    view = input._view
    base = input if view is None else view.base if not view.detached else view.base.detach()
    # (a detach()ed view still sees its base's whole storage, as torch's does; no gradient flows)
    need = offset + builtins.sum((n - 1) * s for n, s in zip(size, stride)) + 1 if all(size) else 0
    if need > base.numel():
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {input.dtype.itemsize} requiring a storage size of {need * input.dtype.itemsize}"
                           f" are out of bounds for storage of size {base.numel() * input.dtype.itemsize}")
    return views.make(base, strided_index, {"size": size, "stride": stride, "offset": offset}, "AsStridedBackward0")


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
                  pin_memory: bool = False) -> Tensor:
    """``torch.empty_strided``: a tensor of ``size`` whose elements lie ``stride`` apart in a
    storage of its own (zeros here; torch leaves the memory uninitialized).

    Known difference: it is a view of that storage (``_base`` is set), not the storage's owner."""
    from .creation import zeros
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    need = builtins.sum((n - 1) * s for n, s in zip(size, stride)) + 1 if all(size) else 0
    with core.recording.grad_mode(False):
        out = as_strided(zeros(need, dtype=dtype), size, stride, 0)
    return out.requires_grad_(requires_grad) if requires_grad else out


def as_strided_(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:
    """``Tensor.as_strided_``."""
    from .inplace_views import _apply
    return _apply(input, lambda t: as_strided(t, size, stride, storage_offset), "AsStridedBackward1")


__all__ = ["var_mean", "std_mean", "nanmedian", "isin", "signbit", "igamma", "igammac", "scatter_reduce",
           "index_reduce", "split_with_sizes", "unsafe_split", "unsafe_split_with_sizes", "unsafe_chunk",
           "as_strided", "empty_strided"]


def install() -> None:
    """Bind the tensor methods (``x.var_mean`` is not a torch method; the others are)."""
    for name in ("nanmedian", "isin", "signbit", "igamma", "igammac", "scatter_reduce", "index_reduce",
                 "split_with_sizes", "unsafe_split", "unsafe_split_with_sizes", "unsafe_chunk", "as_strided",
                 "as_strided_"):
        fn = globals()[name]
        setattr(Tensor, name, fn)
