"""torch's matrix products beyond matmul/mm: bmm, mv, dot, outer, einsum, addmm, with
torch's shape and dtype errors."""
from __future__ import annotations

from .. import core
from . import dtypes, ops
from .functions import _mm_dtype_check
from .tensor import Tensor, wrap


def _names(a: Tensor, b: Tensor) -> tuple[str, str]:
    return dtypes.SCALAR_TYPE_NAMES[a.dtype.name], dtypes.SCALAR_TYPE_NAMES[b.dtype.name]


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


__all__ = ["addmm", "bmm", "dot", "einsum", "ger", "inner", "mv", "outer"]
