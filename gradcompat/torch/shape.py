"""torch's shape functions: reshape/view, flatten, squeeze/unsqueeze, transpose/permute/t,
expand/repeat, cat/stack, split/chunk/narrow, contiguous/clone, with torch's errors.

The view ops return views sharing storage with their input, as in torch (see views.py);
``reshape`` / ``flatten`` copy where torch copies (a non-contiguous input whose new shape
has no strides in its storage), and ``view`` then raises torch's error.
"""
from __future__ import annotations

import builtins
import math
from typing import Sequence

from .. import core
from . import dtypes, ops, views
from .tensor import Tensor, wrap


def _dims(args: tuple) -> tuple:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    return tuple(int(a) for a in args)


def _dim(input: Tensor, dim: int, extra: int = 0) -> int:
    n = input.dim() + extra
    lo, hi = (-1, 0) if n == 0 else (-n, n - 1)
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim % builtins.max(n, 1)


def _infer_shape(shape: tuple, numel: int) -> tuple:
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for s in shape:
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s}")
    known = math.prod(s for s in shape if s != -1)
    if unknown:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def _reshape(input: Tensor, shape: tuple, name: str, copy: bool = True) -> Tensor:
    """A view with the new shape, or (``copy``) a copy where torch's reshape copies."""
    shape = _infer_shape(shape, input.numel())
    if views.is_contiguous(input):
        return views.make(input, ops.reshape, {"shape": shape}, name)
    if views.reshapes_as_view(input, shape):
        return views.make(input, ops.reshape, {"shape": shape}, "ReshapeAliasBackward0" if copy else name)
    if not copy:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return wrap(core.apply(ops.reshape, [input.node], {"shape": shape}, name="UnsafeViewBackward0"))


def reshape(input: Tensor, *shape) -> Tensor:
    """``torch.reshape`` / ``Tensor.reshape`` (one -1 inferred; torch's error for bad sizes):
    a view where torch gives one, else a copy."""
    return _reshape(input, _dims(shape), "ViewBackward0")


def view(input: Tensor, *shape, dtype=None) -> Tensor:
    """``Tensor.view(*shape)``: a view (torch's error where the storage does not allow one);
    ``view(dtype)``: the same storage read as another dtype (``views.view_dtype``)."""
    if dtype is None and len(shape) == 1 and (isinstance(shape[0], dtypes.dtype) or shape[0] in (float, int, bool)):
        dtype, shape = shape[0], ()
    if dtype is not None and not shape:
        return views.view_dtype(input, dtypes.to_dtype(dtype))
    if dtype is not None or any(isinstance(a, dtypes.dtype) for a in shape):
        got = ", ".join("torch.dtype" if isinstance(a, dtypes.dtype) else type(a).__name__ for a in shape)
        raise TypeError(f"view() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        " * (torch.dtype dtype)\n * (tuple of ints size)\n")
    return _reshape(input, _dims(shape), "ViewBackward0", copy=False)


def view_as(input: Tensor, other: Tensor) -> Tensor:
    return view(input, tuple(other.shape))


def reshape_as(input: Tensor, other: Tensor) -> Tensor:
    return reshape(input, tuple(other.shape))


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """``torch.flatten``: dims start_dim..end_dim merged into one."""
    if input.dim() == 0:
        return _reshape(input, (1,), "ViewBackward0")
    s, e = _dim(input, start_dim), _dim(input, end_dim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = tuple(input.shape)
    return _reshape(input, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:], "ViewBackward0")


def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    """``torch.unflatten`` / ``Tensor.unflatten``: dim ``dim`` split into ``sizes`` (one -1
    inferred), torch's error when they do not multiply up to it."""
    d = _dim(input, dim)
    shape, sizes = tuple(input.shape), tuple(sizes)
    known = math.prod(s for s in sizes if s != -1)
    if (-1 in sizes and (known == 0 or shape[d] % known)) or (-1 not in sizes and known != shape[d]):
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim "
                           f"{dim} ({shape[d]}) in the input tensor")
    sizes = tuple(shape[d] // known if s == -1 else s for s in sizes)
    return _reshape(input, shape[:d] + sizes + shape[d + 1:], "ViewBackward0")


def ravel(input: Tensor) -> Tensor:
    return _reshape(input, (-1,), "ViewBackward0")


def squeeze(input: Tensor, dim=None) -> Tensor:
    """``torch.squeeze``: size-1 dims removed (all, or those among ``dim`` that have size 1)."""
    shape = tuple(input.shape)
    if dim is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
        name = "SqueezeBackward0"
    else:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        axes = tuple(sorted({_dim(input, d) for d in dims if input.dim()}))
        axes = tuple(a for a in axes if shape[a] == 1)
        name = "SqueezeBackward1" if isinstance(dim, int) else "SqueezeBackward2"
    return views.make(input, ops.squeeze, {"axes": axes}, name)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """``torch.unsqueeze``: dim may be -(n+1)..n."""
    axis = _dim(input, dim, extra=1)
    out = views.make(input, ops.unsqueeze, {"axis": axis}, "UnsqueezeBackward0")
    if isinstance(dim, int) and dim < 0:  # grad_fn._saved_dim shows the dim as given
        from .functions import note_saved
        note_saved(out, dim=dim)
    return out


def permute(input: Tensor, *dims) -> Tensor:
    """``torch.permute``: torch's errors for a wrong number of dims or repeats."""
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _dims(dims)
    if len(dims) != input.dim():
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           "length of the desired ordering of dimensions i.e. input.dim() = "
                           f"{input.dim()} is not equal to len(dims) = {len(dims)}")
    axes = tuple(_dim(input, d) for d in dims)
    if len(set(axes)) != len(axes):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return views.make(input, ops.permute, {"axes": axes}, "PermuteBackward0")


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """``torch.transpose`` (a 0-d or 1-d tensor is returned as is, as torch)."""
    a, b = _dim(input, dim0), _dim(input, dim1)
    axes = list(range(input.dim()))
    axes[a], axes[b] = axes[b], axes[a]
    out = views.make(input, ops.permute, {"axes": tuple(axes)}, "TransposeBackward0")
    if (dim0, dim1) != (min(a, b), max(a, b)):  # grad_fn._saved_dim0 / _dim1 show the dims as given
        from .functions import note_saved
        note_saved(out, dims=(dim0, dim1))
    return out


swapaxes = swapdims = transpose


def t(input: Tensor) -> Tensor:
    """``torch.t``: transpose of a <= 2-D tensor."""
    if input.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.dim()}D")
    axes = (1, 0) if input.dim() == 2 else tuple(range(input.dim()))
    return views.make(input, ops.permute, {"axes": axes}, "TBackward0")


def adjoint_last(input: Tensor) -> Tensor:
    """``Tensor.mT``: the last two dims swapped."""
    if input.dim() < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got "
                           f"{input.dim()}-D tensor.")
    return transpose(input, -2, -1)


def movedim(input: Tensor, source, destination) -> Tensor:
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    src, dst = [_dim(input, d) for d in src], [_dim(input, d) for d in dst]
    rest = [d for d in range(input.dim()) if d not in src]
    order = [None] * input.dim()
    for s, d in zip(src, dst):
        order[d] = s
    it = iter(rest)
    order = [o if o is not None else next(it) for o in order]
    return views.make(input, ops.permute, {"axes": tuple(order)}, "PermuteBackward0")


def expand(input: Tensor, *sizes) -> Tensor:
    """``Tensor.expand``: -1 keeps a size; torch's error for a non-singleton mismatch."""
    sizes = _dims(sizes)
    shape = tuple(input.shape)
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(sizes)}): the number of sizes "
                           "provided (" f"{len(sizes)}) must be greater or equal to the number of dimensions in "
                           f"the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    out = []
    for i, s in reversed(list(enumerate(sizes))):  # torch checks from the last dim
        have = shape[i - lead] if i >= lead else None
        if s == -1:
            if have is None:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                                   f"non-existing dimension {i}")
            s = have
        elif have is not None and have != s and have != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({have}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shape)}")
        out.append(s)
    return views.make(input, ops.expand, {"shape": tuple(reversed(out))}, "ExpandBackward0")


def expand_as(input: Tensor, other: Tensor) -> Tensor:
    return expand(input, tuple(other.shape))


def broadcast_to(input: Tensor, size) -> Tensor:
    return expand(input, tuple(size))


def repeat(input: Tensor, *repeats) -> Tensor:
    """``Tensor.repeat``: tiles the tensor (at least as many repeats as dims, torch's error)."""
    reps = _dims(repeats)
    if len(reps) < input.dim():
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions "
                           "of tensor")
    return wrap(core.apply(ops.tile, [input.node], {"reps": reps}, name="RepeatBackward0"))


def _same_dtype(tensors: Sequence[Tensor]) -> dtypes.dtype:
    dtype = tensors[0].dtype
    for t_ in tensors[1:]:
        dtype = dtypes.promote_types(dtype, t_.dtype)
    return dtype


def _tensor_list(tensors, fn: str) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    for i, t_ in enumerate(tensors):
        if not isinstance(t_, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t_).__name__}")
    if not tensors:
        raise RuntimeError(f"{fn}(): expected a non-empty list of Tensors")
    return list(tensors)


def cat(tensors, dim: int = 0) -> Tensor:
    """``torch.cat``: promotes dtypes; torch's errors for mismatched sizes."""
    tensors = _tensor_list(tensors, "cat")
    kept = [t_ for t_ in tensors if not (t_.dim() == 1 and t_.shape[0] == 0)] or tensors[:1]
    ref = kept[0]
    axis = _dim(ref, dim)
    for i, t_ in enumerate(kept):
        if t_.dim() != ref.dim():
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.dim()} and {t_.dim()}")
        for d in range(ref.dim()):
            if d != axis and t_.shape[d] != ref.shape[d]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {axis}. Expected size "
                                   f"{ref.shape[d]} but got size {t_.shape[d]} for tensor number "
                                   f"{i} in the list.")
    dtype = _same_dtype(tensors)
    out = wrap(core.apply(ops.concatenate, [t_.node for t_ in kept], {"axis": axis, "dtype": dtype.np.name},
                          name="CatBackward0"))
    if isinstance(dim, int) and dim < 0:  # grad_fn._saved_dim shows the dim as given
        from .functions import note_saved
        note_saved(out, dim=dim)
    return out


concat = concatenate = cat


def stack(tensors, dim: int = 0) -> Tensor:
    """``torch.stack``: all tensors of one shape (torch's error otherwise)."""
    tensors = _tensor_list(tensors, "stack")
    for i, t_ in enumerate(tensors[1:], 1):
        if tuple(t_.shape) != tuple(tensors[0].shape):
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(tensors[0].shape)} at "
                               f"entry 0 and {list(t_.shape)} at entry {i}")
    axis = _dim(tensors[0], dim, extra=1)
    dtype = _same_dtype(tensors)
    return wrap(core.apply(ops.stack, [t_.node for t_ in tensors], {"axis": axis, "dtype": dtype.np.name},
                           name="StackBackward0"))


def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """``torch.narrow``: ``length`` elements from ``start`` along ``dim``."""
    axis = _dim(input, dim)
    size = input.shape[axis]
    if start < 0:
        start += size
    if not 0 <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _slice(input, axis, start, start + length)


def _slice(input: Tensor, axis: int, start: int, stop: int, multi: tuple | None = None) -> Tensor:
    return views.make(input, ops.slice_dim, {"axis": axis, "start": int(start), "stop": int(stop)},
                      f"{multi[0]}Backward0" if multi else "SliceBackward0", multi=multi)


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """``torch.diagonal``: a view of the diagonal of dims ``dim1``, ``dim2`` (appended last)."""
    a, b = _dim(input, dim1), _dim(input, dim2)
    if a == b:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return views.make(input, ops.diagonal, {"offset": int(offset), "axis1": a, "axis2": b}, "DiagonalBackward0")


def split(tensor: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """``torch.split``: pieces of one size (the last may be smaller) or of the given sizes."""
    axis = _dim(tensor, dim)
    size = tensor.shape[axis]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0 and size:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        bounds = [(i, builtins.min(i + step, size)) for i in range(0, size, step)] or [(0, 0)]
        op = "Split"
    else:
        sections = [int(s) for s in split_size_or_sections]
        if builtins.sum(sections) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's "
                               f"size at dimension {dim}), but got split_sizes={sections}")  # dim as given
        starts = [builtins.sum(sections[:i]) for i in range(len(sections))]
        bounds = [(s, s + n) for s, n in zip(starts, sections)]
        op = "SplitWithSizes"
    # torch forbids in-place changes of these views (a function returning several views)
    outs = _grouped(tuple(_slice(tensor, axis, a, b, multi=(op, i)) for i, (a, b) in enumerate(bounds)))
    if op == "SplitWithSizes":  # grad_fn._saved_split_sizes of each piece
        from .functions import note_saved
        for t_ in outs:
            note_saved(t_, split_sizes=tuple(sections))
    return outs


def _grouped(outs: tuple) -> tuple:
    """The outputs of one torch node (output_nr, sibling hooks): see ``autograd.hooks.group_outputs``."""
    from .autograd import hooks
    hooks.group_outputs([t.node for t in outs])
    return outs


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:
    """``torch.chunk``: ceil(size / chunks) per piece, as torch (possibly fewer pieces)."""
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " f"{chunks}")
    axis = _dim(input, dim)
    if input.shape[axis] == 0:  # torch: ``chunks`` empty pieces (split_with_sizes)
        return split(input, [0] * chunks, axis)
    step = builtins.max(1, -(-input.shape[axis] // chunks))
    return split(input, step, axis)


def unbind(input: Tensor, dim: int = 0) -> tuple:
    axis = _dim(input, dim)
    index = [slice(None)] * axis
    return _grouped(tuple(views.make(input, ops.getitem, {"index": ops.encode_index((*index, i))}, "UnbindBackward0",
                                     multi=("Unbind", i)) for i in range(input.shape[axis])))


def contiguous(input: Tensor, memory_format=None) -> Tensor:
    """``Tensor.contiguous``: the tensor itself if contiguous, else a copy (not a view)."""
    if views.is_contiguous(input):
        return input
    return input.clone()


def flip(input: Tensor, dims) -> Tensor:
    """``torch.flip``: the order of elements reversed along ``dims``."""
    dims = {_dim(input, d) for d in ((dims,) if isinstance(dims, int) else dims)}
    index = tuple(slice(None, None, -1) if d in dims else slice(None) for d in range(input.dim()))
    return wrap(core.apply(ops.getitem, [input.node], {"index": ops.encode_index(index)}, name="FlipBackward0"))


__all__ = ["broadcast_to", "cat", "chunk", "concat", "concatenate", "contiguous", "diagonal", "expand", "expand_as",
           "flatten", "flip", "movedim", "narrow", "permute", "ravel", "repeat", "reshape", "split", "squeeze", "stack",
           "swapaxes", "swapdims", "t", "transpose", "unbind", "unflatten", "unsqueeze"]
