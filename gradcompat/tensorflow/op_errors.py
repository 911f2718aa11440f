"""The texts and types of TF's op errors, raised at the call (eager) or at graph building.

Eager kernels raise ``InvalidArgumentError`` with the kernel's device prefix and the op
suffix (``{{function_node __wrapped__Sum_device_...}} ... [Op:Sum] name: ``); building a
graph raises ``ValueError`` (shapes) or ``TypeError`` (dtypes) naming the node.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .errors import InvalidArgumentError
from .graph import executing_eagerly

if TYPE_CHECKING:
    from .tensor import Tensor

_DEVICE = "_device_/job:localhost/replica:0/task:0/device:CPU:0"
_FLOAT_TYPES = ("bfloat16", "half", "float", "double", "complex64", "complex128")


def dims_text(dims: Sequence) -> str:
    """TF's ``[2,3]`` (``?`` for an unknown dim)."""
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def kernel_error(op_type: str, message: str, *, kernel: str | None = None, name: str | None = "",
                 node: str | None = None) -> Exception:
    """The error a TF kernel reports: eager InvalidArgumentError, or a graph ValueError.

    ``name=None`` leaves out the `` name: `` suffix (some kernels print none).
    """
    if executing_eagerly():
        suffix = "" if name is None else f" name: {name}"
        return InvalidArgumentError(None, None, (
            f"{{{{function_node __wrapped__{kernel or op_type}{_DEVICE}}}}} {message} [Op:{op_type}]{suffix}"))
    return ValueError(f"{message} for '{{{{node {node or op_type}}}}}' = {op_type}[]")


def dtype_mismatch(op_type: str, expected, got, index: int = 1, kernel: str | None = None,
                   names: tuple[str, str] = ("x", "y"), name: str = "") -> Exception:
    """Two inputs of one op with different dtypes (TF never converts implicitly)."""
    if executing_eagerly():
        return InvalidArgumentError(None, None, (
            f"cannot compute {kernel or op_type} as input #{index}(zero-based) was expected to be a "
            f"{expected._op_name} tensor but is a {got._op_name} tensor [Op:{op_type}] name: {name}"))
    return TypeError(f"Input '{names[1]}' of '{op_type}' Op has type {got.name} that does not match "
                     f"type {expected.name} of argument '{names[0]}'.")


def unsupported_dtype(op_type: str, dtype, allowed: Sequence[str] = _FLOAT_TYPES, attr: str = "T",
                      signature: str = "x:T -> y:T") -> Exception:
    """An op called on a dtype its kernel does not have (``tf.sqrt`` of int32)."""
    allowed_text = ", ".join(allowed)
    if executing_eagerly():
        dt_list = ", ".join("DT_" + a.upper() for a in allowed)
        return InvalidArgumentError(None, None, (
            f"Value for attr '{attr}' of {dtype._op_name} is not in the list of allowed values: {allowed_text}\n"
            f"\t; NodeDef: {{{{node {op_type}}}}}; Op<name={op_type}; signature={signature}; "
            f"attr={attr}:type,allowed=[{dt_list}]> [Op:{op_type}] name: "))
    graph_names = allowed_text.replace("half", "float16").replace("double", "float64").replace(" float,", " float32,")
    return TypeError(f"Value passed to parameter 'x' has DataType {dtype.name} not in list of allowed "
                     f"values: {graph_names}")


def check_same_dtype(op_type: str, a: Tensor, b: Tensor, names=("x", "y"), kernel: str | None = None) -> None:
    """TF refuses to mix dtypes: the kernel's error (eager) or the graph builder's TypeError."""
    if a.dtype != b.dtype:
        raise dtype_mismatch(op_type, a.dtype, b.dtype, kernel=kernel, names=names)


def graph_dims_error(op_type: str, node_name: str, a: Tensor, b: Tensor, da, db, extra: str = "") -> ValueError:
    """TF's graph-building error for two inputs whose dims do not match."""
    return ValueError(f"Dimensions must be equal, but are {da} and {db} for '{{{{node {node_name}}}}} = "
                      f"{op_type}[T=DT_{a.dtype._op_name.upper()}{extra}]' with input shapes: "
                      f"{dims_text(a.shape.dims)}, {dims_text(b.shape.dims)}.")


def check_broadcast(op_type: str, node_name: str, a: Tensor, b: Tensor) -> None:
    """TF's error for operands whose static shapes do not broadcast."""
    if a.shape.dims is None or b.shape.dims is None:
        return
    for da, db in zip(reversed(a.shape.dims), reversed(b.shape.dims)):
        if da is not None and db is not None and da != db and da != 1 and db != 1:
            if executing_eagerly():
                raise kernel_error(op_type, f"Incompatible shapes: {dims_text(a.shape.dims)} vs. "
                                            f"{dims_text(b.shape.dims)}")
            raise graph_dims_error(op_type, node_name, a, b, da, db)
