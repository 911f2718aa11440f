"""torch's matrix products beyond matmul/mm: bmm, mv, dot, outer, einsum, addmm, with
torch's shape and dtype errors; tril/triu and their indices; the legacy linear algebra
functions (``torch.det``, ``inverse``, ``svd`` ...) over ``torch.linalg``."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import autocast_policy, dtypes, linalg, ops, user_warnings
from .functions import _mm_dtype_check
from .tensor import Tensor, wrap


def _names(a: Tensor, b: Tensor) -> tuple[str, str]:
    return dtypes.SCALAR_TYPE_NAMES[a.dtype.name], dtypes.SCALAR_TYPE_NAMES[b.dtype.name]


@autocast_policy.lower_precision
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """``torch.bmm``: batched 3-D matrix product."""
    if input.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    b, n, m = input.shape
    if mat2.shape[0] != b or mat2.shape[1] != m:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{b}, {m}] but got: "
                           f"[{mat2.shape[0]}, {mat2.shape[1]}].")
    _mm_dtype_check(input, mat2, "bmm")
    return wrap(core.apply(ops.matmul, [input.node, mat2.node], name="BmmBackward0"))


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """``torch.mv``: matrix @ vector."""
    if input.dim() != 2 or vec.dim() != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.dim()}, {vec.dim()}")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0]}), mat ({input.shape[0]}x{input.shape[1]}), "
                           f"vec ({vec.shape[0]})")
    _mm_dtype_check(input, vec, "mv")
    return wrap(core.apply(ops.matmul, [input.node, vec.node], name="MvBackward0"))


def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """``torch.dot``: 1-D inner product (same dtype and length, torch's errors)."""
    if input.dim() != 1 or tensor.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.dim()}D and {tensor.dim()}D tensors")
    if input.dtype is not tensor.dtype:
        _mm_dtype_check(input, tensor, "dot")
    if input.shape[0] != tensor.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{tensor.shape[0]}] to have the same number of elements, but got "
                           f"{input.shape[0]} and {tensor.shape[0]} elements respectively")
    _mm_dtype_check(input, tensor, "dot")
    return wrap(core.apply(ops.matmul, [input.node, tensor.node], name="DotBackward0"))


inner = dot


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """``torch.outer``: promoted dtype, as torch."""
    dtype = dtypes.promote_types(input.dtype, vec2.dtype)
    if input.dim() != 1 or vec2.dim() != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {input.dim()}-D" if input.dim() != 1
                           else f"outer: Expected 1-D argument vec2, but got {vec2.dim()}-D")
    a, b = input.to(dtype), vec2.to(dtype)
    return wrap(core.apply(ops.outer, [a.node, b.node], name="MulBackward0"))


ger = outer


@autocast_policy.lower_precision
def einsum(equation: str, *operands) -> Tensor:
    """``torch.einsum(equation, *operands)`` (operands may also be given as one list)."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for i, t in enumerate(operands[1:], 1):
        if t.dtype is not operands[0].dtype:
            raise RuntimeError(f"expected scalar type {_names(operands[0], t)[0]} but found {_names(operands[0], t)[1]}")
    lhs = equation.split("->")[0].split(",")
    if len(lhs) != len(operands):
        raise RuntimeError(f"einsum(): more operands were provided than specified in the equation"
                           if len(operands) > len(lhs) else
                           "einsum(): fewer operands were provided than specified in the equation")
    return wrap(core.apply(ops.einsum, [t.node for t in operands], {"equation": equation.replace(" ", "")},
                           name="einsum"))


@autocast_policy.lower_precision
def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``torch.addmm``: beta * input + alpha * (mat1 @ mat2)."""
    from .functions import mm
    mm(mat1, mat2)  # torch's shape and dtype errors
    out_shape = (mat1.shape[0], mat2.shape[1])
    from .functions import _check_broadcast
    probe = Tensor._from_node(core.Constant(__import__("numpy").zeros(out_shape, bool)))
    _check_broadcast(input, probe)
    return wrap(core.apply(ops.addmm, [input.node, mat1.node, mat2.node], {"beta": beta, "alpha": alpha},
                           name="AddmmBackward0"))


# ----- triangles ------------------------------------------------------------------------------

def triangle(x, *, lower, k):
    return jnp.tril(x, k) if lower else jnp.triu(x, k)


def _triangle(lower: bool):
    fn = "tril" if lower else "triu"

    def op(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
        if input.dim() < 2:
            raise RuntimeError(f"{fn}: input tensor must have at least 2 dimensions")
        return wrap(core.apply(triangle, [input.node], {"lower": lower, "k": int(diagonal)},
                               name=f"{fn.capitalize()}Backward0"))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: elements {'on and below' if lower else 'on and above'} the ``diagonal``-th diagonal."
    return op


tril = _triangle(True)
triu = _triangle(False)


def _indices(lower: bool):
    fn = "tril_indices" if lower else "triu_indices"

    def op(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None) -> Tensor:
        if row < 0:
            raise RuntimeError(f"row must be non-negative, got{row}")
        if col < 0:
            raise RuntimeError(f"col must be non-negative, got{col}")
        dtype = dtypes.to_dtype(dtype) if dtype is not None else dtypes.int64
        rows, cols = (np.tril_indices if lower else np.triu_indices)(row, offset, col)
        return wrap(core.Constant(np.stack([rows, cols]).astype(dtype.np)))

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: a 2 x N tensor of the (row, col) coordinates, row-major."
    return op


tril_indices = _indices(True)
triu_indices = _indices(False)


def diag_kernel(x, *, k):
    return jnp.diag(x, k)


def diag(input: Tensor, diagonal: int = 0, *, out=None) -> Tensor:
    """``torch.diag``: a 1-D input as the ``diagonal``-th diagonal of a square matrix, or the
    ``diagonal``-th diagonal of a 2-D input (a copy)."""
    if input.dim() not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.dim()}D")
    name = "DiagEmbedBackward0" if input.dim() == 1 else "DiagonalBackward0_copy"
    return wrap(core.apply(diag_kernel, [input.node], {"k": int(diagonal)}, name=name))


def trace_kernel(x, *, dtype):
    return jnp.trace(x).astype(dtype)


def trace(input: Tensor) -> Tensor:
    """``torch.trace``: the sum of a matrix's diagonal (integers sum to int64)."""
    if input.dim() != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.dim()}")
    dtype = input.dtype if input.dtype.is_floating_point else dtypes.int64
    return wrap(core.apply(trace_kernel, [input.node], {"dtype": dtype.np_name}, name="TraceBackward0"))


def kron_kernel(a, b):
    return jnp.kron(a, b)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """``torch.kron``: the Kronecker product."""
    dtype = dtypes.promote_types(input.dtype, other.dtype)
    return wrap(core.apply(kron_kernel, [input.to(dtype).node, other.to(dtype).node], name="UnsafeViewBackward0"))


def tensordot_kernel(a, b, *, axes):
    return jnp.tensordot(a, b, axes)


def tensordot(a: Tensor, b: Tensor, dims=2, out=None) -> Tensor:
    """``torch.tensordot``: contract the last ``dims`` dims of ``a`` with the first of ``b``, or
    the dims listed as ``([a dims], [b dims])``."""
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    axes = int(dims) if isinstance(dims, int) else (tuple(dims[0]) if isinstance(dims[0], (list, tuple)) else (dims[0],),
                                                    tuple(dims[1]) if isinstance(dims[1], (list, tuple)) else (dims[1],))
    _mm_dtype_check(a, b, "tensordot")
    return wrap(core.apply(tensordot_kernel, [a.node, b.node], {"axes": axes}, name="ViewBackward0"))


def diag_embed_kernel(x, *, offset, dim1, dim2):
    n = x.shape[-1] + abs(offset)
    flat = x.reshape(-1, x.shape[-1])
    out = jax.vmap(lambda v: jnp.diag(v, offset))(flat).reshape(x.shape[:-1] + (n, n))
    return jnp.moveaxis(out, (-2, -1), (dim1, dim2))


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.diag_embed``: the last dim becomes the ``offset`` diagonal of new dims ``dim1``, ``dim2``."""
    from .shape import _dim
    d1, d2 = _dim(input, dim1, extra=1), _dim(input, dim2, extra=1)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return wrap(core.apply(diag_embed_kernel, [input.node], {"offset": int(offset), "dim1": d1, "dim2": d2},
                           name="DiagEmbedBackward0"))


def cdist_kernel(a, b, *, p):
    diff = a[..., :, None, :] - b[..., None, :, :]
    return ops.vector_norm(diff, p=p, axis=(-1,), keepdims=False, dtype=a.dtype)


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0, compute_mode: str = "use_mm_for_euclid_dist_if_necessary") -> Tensor:
    """``torch.cdist``: p-norm distances between the rows of ``x1`` and ``x2`` (batched);
    computed directly (torch may use a matrix product for large p=2 inputs: last-digit differences)."""
    if x1.dim() < 2 or x2.dim() < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X{1 if x1.dim() < 2 else 2} got: "
                           f"{(x1 if x1.dim() < 2 else x2).dim()}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError(f"cdist only supports non-negative p values, got {p}")
    return wrap(core.apply(cdist_kernel, [x1.node, x2.node], {"p": float(p)}, name="CdistBackward0"))


# ----- torch's legacy linear algebra functions (before torch.linalg) ---------------------------

def det(input: Tensor) -> Tensor:
    """``torch.det`` (``torch.linalg.det``)."""
    return linalg.det(input)


def logdet(input: Tensor) -> Tensor:
    """``torch.logdet``: log of the determinant (nan when it is negative)."""
    linalg._square(input, "linalg.slogdet")
    return wrap(core.apply(linalg.kernels.logdet, [input.node], name="WhereBackward0"))


def slogdet(input: Tensor):
    """``torch.slogdet``: ``torch.return_types.slogdet(sign, logabsdet)``."""
    return linalg.return_types["slogdet"](*linalg.slogdet(input))


def inverse(input: Tensor, *, out=None) -> Tensor:
    """``torch.inverse`` (``torch.linalg.inv``)."""
    return linalg.inv(input)


def _deprecated(text: str) -> None:
    user_warnings.warn_once(text, stacklevel=3)


def cholesky(input: Tensor, upper: bool = False, *, out=None) -> Tensor:
    """``torch.cholesky`` (deprecated in torch, with its warning)."""
    _deprecated(_CHOLESKY_WARNING)
    return linalg.cholesky(input, upper=upper, _name="CholeskyBackward0")


def svd(input: Tensor, some: bool = True, compute_uv: bool = True, *, out=None):
    """``torch.svd``: ``(U, S, V)`` with ``V`` (not ``Vh``); ``some=False`` gives full U and V."""
    U, S, Vh = linalg.svd(input, full_matrices=not some)
    V = Vh.mT
    if not compute_uv:
        from .functions import zeros_like
        U, V = zeros_like(U), zeros_like(V)
    return linalg.return_types["svd"](U, S, V)


def qr(input: Tensor, some: bool = True, *, out=None):
    """``torch.qr`` (deprecated in torch, with its warning): ``some`` picks reduced or complete."""
    _deprecated(_QR_WARNING)
    return linalg.return_types["qr"](*linalg.qr(input, "reduced" if some else "complete"))


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: ``linalg.pinv`` with ``rtol=rcond``."""
    return linalg.pinv(input, rtol=rcond)


def cross(input: Tensor, other: Tensor, dim: int | None = None, *, out=None) -> Tensor:
    """``torch.cross``: without ``dim``, along the first dimension of size 3 (torch's warning)."""
    if dim is None:
        _deprecated(_CROSS_WARNING)
        dim = next((i for i, s in enumerate(input.shape) if s == 3), -1)
    return linalg.cross(input, other, dim=dim)


_CHOLESKY_WARNING = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future PyTorch "
    "release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)\nand\n"
    "U = torch.cholesky(A, upper=True)\nshould be replaced with\nU = torch.linalg.cholesky(A).mH\nThis transform "
    "will produce equivalent results for all valid (symmetric positive definite) inputs."
    + user_warnings._TRIGGERED.format("aten/src/ATen/native/BatchLinearAlgebra.cpp:1765"))
_QR_WARNING = (
    "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\n"
    "The boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = torch.qr(A, some)\n"
    "should be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete')"
    + user_warnings._TRIGGERED.format("aten/src/ATen/native/BatchLinearAlgebra.cpp:2505"))
_CROSS_WARNING = (
    "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim explicitly or "
    "simply use torch.linalg.cross.\nThe default value of dim will change to agree with that of linalg.cross in "
    "a future release." + user_warnings._TRIGGERED.format("aten/src/ATen/native/Cross.cpp:63"))


__all__ = ["addmm", "bmm", "cdist", "cholesky", "cross", "det", "diag", "diag_embed", "dot", "einsum", "ger", "inner",
           "inverse", "kron", "logdet", "mv", "outer", "pinverse", "qr", "slogdet", "svd", "tensordot", "trace", "tril",
           "tril_indices", "triu", "triu_indices"]
