"""TF's products and matrix ops: ``matmul`` (transpose/adjoint flags), ``tensordot``, ``einsum``,
``linalg.trace`` / ``diag_part`` / ``matrix_transpose``, ``norm``; same dtypes required, TF's shape errors."""
from __future__ import annotations

import jax.numpy as jnp

from ..core import kernels
from .array_ops import static_ints
from .graph import executing_eagerly
from .op_errors import check_same_dtype, dims_text, graph_dims_error, kernel_error
from .tensor import Tensor, convert_to_tensor, make_op


def _tensordot(a, b, *, axes):
    return jnp.tensordot(a, b, axes)


def _einsum(*xs, equation: str):
    return jnp.einsum(equation, *xs)


def _matrix_transpose(x):
    return jnp.swapaxes(x, -1, -2)


def _trace(x):
    return jnp.trace(x, axis1=-2, axis2=-1)


def _diag_part(x):
    return jnp.diagonal(x, axis1=-2, axis2=-1)


def _euclidean_norm(x, *, axis, keepdims: bool):
    return jnp.sqrt(jnp.sum(x * x, axis=axis, keepdims=keepdims))


def matmul(a, b, transpose_a: bool = False, transpose_b: bool = False, adjoint_a: bool = False,
           adjoint_b: bool = False, a_is_sparse: bool = False, b_is_sparse: bool = False,
           output_type=None, grad_a: bool = False, grad_b: bool = False, name: str | None = None) -> Tensor:
    """``tf.linalg.matmul``: same dtypes required; TF's shape errors (real adjoint = transpose)."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    check_same_dtype("MatMul", a, b, names=("a", "b"), kernel="_MklMatMul")
    ta, tb = bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)
    if a.shape.dims is not None and b.shape.dims is not None and len(a.shape.dims) == 2 == len(b.shape.dims):
        ka = a.shape.dims[0 if ta else 1]
        kb = b.shape.dims[1 if tb else 0]
        if ka is not None and kb is not None and ka != kb:
            if executing_eagerly():
                raise kernel_error("MatMul", f"Matrix size-incompatible: In[0]: {dims_text(a.shape.dims)}, In[1]: "
                                             f"{dims_text(b.shape.dims)}", kernel="__MklMatMul")
            raise graph_dims_error("MatMul", "MatMul", a, b, ka, kb)
    return make_op(kernels.matmul, [a, b], {"transpose_a": ta, "transpose_b": tb}, op_type="MatMul", name=name)


def tensordot(a, b, axes, name: str | None = None) -> Tensor:
    """``tf.tensordot``: ``axes`` an int (last n of a with first n of b) or two axis lists."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    check_same_dtype("MatMul", a, b, names=("a", "b"))
    if isinstance(axes, (list, tuple)):
        spec = (static_ints(axes[0]), static_ints(axes[1]))
    else:
        spec = static_ints(axes)[0]
    return make_op(_tensordot, [a, b], {"axes": spec}, op_type="Tensordot", name=name)


def einsum(equation: str, *inputs, **kwargs) -> Tensor:
    """``tf.einsum`` (same dtypes required)."""
    tensors = [convert_to_tensor(x) for x in inputs]
    for t in tensors[1:]:
        check_same_dtype("Einsum", tensors[0], t, names=("inputs", "inputs"))
    return make_op(_einsum, tensors, {"equation": equation.replace(" ", "")}, op_type="einsum",
                   name=kwargs.get("name"))


def matrix_transpose(a, name: str = "matrix_transpose", conjugate: bool = False) -> Tensor:
    """``tf.linalg.matrix_transpose``: swaps the last two axes."""
    return make_op(_matrix_transpose, [convert_to_tensor(a)], op_type="matrix_transpose")


def trace(x, name: str | None = None) -> Tensor:
    """``tf.linalg.trace`` of the last two axes."""
    return make_op(_trace, [convert_to_tensor(x)], op_type="Trace", name=name)


def diag_part(input, name: str = "diag_part", k: int = 0, padding_value=0, align: str = "RIGHT_LEFT") -> Tensor:  # noqa: A002
    """``tf.linalg.diag_part`` (main diagonal)."""
    return make_op(_diag_part, [convert_to_tensor(input)], op_type="diag_part")


def _band_part(x, *, lower: int, upper: int):
    rows, cols = jnp.arange(x.shape[-2])[:, None], jnp.arange(x.shape[-1])[None, :]
    keep = ((lower < 0) | (rows - cols <= lower)) & ((upper < 0) | (cols - rows <= upper))
    return jnp.where(keep, x, jnp.zeros((), x.dtype))


def band_part(input, num_lower, num_upper, name: str | None = None) -> Tensor:  # noqa: A002
    """``tf.linalg.band_part``: keep ``num_lower`` subdiagonals and ``num_upper`` superdiagonals of
    the innermost matrices (negative: all of them), zeros elsewhere; TF's kernel errors."""
    x = convert_to_tensor(input)
    (lower,), (upper,) = static_ints(num_lower), static_ints(num_upper)
    if x.shape.rank is not None and x.shape.rank < 2:
        raise kernel_error("MatrixBandPart", f"input must be at least 2-dim, received shape: {dims_text(x.shape.dims)}")
    rows, cols = (x.shape.dims[-2], x.shape.dims[-1]) if x.shape.rank is not None else (None, None)
    if rows is not None and lower > rows:
        raise kernel_error("MatrixBandPart", f"num_lower must be negative or less or equal to number of rows ({rows}) "
                                             f"got: {lower}")
    if cols is not None and upper > cols:
        raise kernel_error("MatrixBandPart", f"num_upper must be negative or less or equal to number of columns "
                                             f"({cols}) got: {upper}")
    return make_op(_band_part, [x], {"lower": int(lower), "upper": int(upper)}, op_type="MatrixBandPart", name=name)


def _tensor_diag(x):
    return jnp.diag(x.reshape(-1)).reshape(x.shape + x.shape)


def tensor_diag(diagonal, name: str | None = None) -> Tensor:
    """``tf.linalg.tensor_diag`` (``tf.diag``): ``out[i..., i...] = diagonal[i...]``, zeros elsewhere."""
    return make_op(_tensor_diag, [convert_to_tensor(diagonal)], op_type="Diag", name=name)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name: str | None = None) -> Tensor:  # noqa: A002
    """``tf.norm`` / ``tf.linalg.norm``: the euclidean (Frobenius) norm over ``axis`` (all by default)."""
    if ord not in ("euclidean", "fro", 2):
        raise NotImplementedError(f"gradcompat's tf.norm supports the euclidean norm only, not ord={ord!r}")
    x = convert_to_tensor(tensor)
    axes = None if axis is None else tuple(static_ints(axis))
    return make_op(_euclidean_norm, [x], {"axis": axes, "keepdims": bool(keepdims)}, op_type="norm", name=name)


def _solve(matrix, rhs, *, adjoint: bool):
    if adjoint:
        matrix = jnp.conj(jnp.swapaxes(matrix, -1, -2))
    return jnp.linalg.solve(matrix, rhs)


def solve(matrix, rhs, adjoint: bool = False, name: str | None = None) -> Tensor:
    """``tf.linalg.solve``: ``matrix @ x = rhs`` for square ``[..., M, M]`` and ``[..., M, K]``."""
    matrix, rhs = convert_to_tensor(matrix), convert_to_tensor(rhs)
    check_same_dtype("MatrixSolve", matrix, rhs)
    m, r = matrix.shape.dims, rhs.shape.dims
    if m is not None and (len(m) < 2 or (m[-1] is not None and m[-2] is not None and m[-1] != m[-2])):
        raise kernel_error("MatrixSolve", "First input (lhs) must be a square matrix.")
    if m is not None and r is not None and len(r) >= 2 and None not in (m[-1], r[-2]) and m[-1] != r[-2]:
        raise kernel_error("MatrixSolve", "Input matrix and rhs are incompatible.")
    return make_op(_solve, [matrix, rhs], {"adjoint": bool(adjoint)}, op_type="MatrixSolve", name=name)
