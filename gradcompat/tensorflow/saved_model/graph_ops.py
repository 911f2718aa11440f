"""Runs the ``FunctionDef`` s of a SavedModel that real TensorFlow wrote: each node's op is
called through this dialect's ops (so results are tensors with gradients, eager or traced).

The ops covered are those of dense models (variable reads and writes, matmul, elementwise math,
activations, bias_add, conv2d / pooling, reductions, reshape / concat / transpose, casts,
constants, nested function calls). A function using another op is refused when it is first
loaded, with TF's error for an op a binary does not have.
"""
from __future__ import annotations

from typing import Any, Callable

from .. import array_ops, linalg_ops, math_ops, more_math_ops, nn_ops, reduction_ops, slicing
from ..errors import NotFoundError
from ..tensor import constant
from . import proto as pb


def _read(resource, **_):
    return resource._as_tensor() if hasattr(resource, "_as_tensor") else resource


def _assign(method: str):
    def run(resource, value, **_):
        getattr(resource, method)(value)
        return None
    return run


def _binary(fn):
    return lambda x, y, **_: fn(x, y)


def _unary(fn):
    return lambda x, **_: fn(x)


def _reduce(fn):
    return lambda x, axis, keep_dims=False, **_: fn(x, axis=[int(a) for a in _ints(axis)], keepdims=bool(keep_dims))


def _ints(value) -> list[int]:
    import numpy as np
    array = value.numpy() if hasattr(value, "numpy") else value
    return [int(v) for v in np.reshape(np.asarray(array), [-1])]


def _conv2d(x, w, strides, padding, data_format=b"NHWC", dilations=None, **_):
    return nn_ops.conv2d(x, w, strides=list(strides), padding=padding.decode(), data_format=data_format.decode(),
                         dilations=list(dilations) if dilations else None)


def _pool(fn):
    def run(x, ksize, strides, padding, data_format=b"NHWC", **_):
        return fn(x, ksize=list(ksize), strides=list(strides), padding=padding.decode(),
                  data_format=data_format.decode())
    return run


OPS: dict[str, Callable[..., Any]] = {
    "Identity": lambda x, **_: x,
    "Snapshot": lambda x, **_: x,
    "StopGradient": _unary(math_ops.stop_gradient),
    "ReadVariableOp": _read,
    "AssignVariableOp": _assign("assign"),
    "AssignAddVariableOp": _assign("assign_add"),
    "AssignSubVariableOp": _assign("assign_sub"),
    "NoOp": lambda **_: None,
    "Const": lambda value, dtype=None, **_: constant(value),
    "MatMul": lambda a, b, transpose_a=False, transpose_b=False, **_: linalg_ops.matmul(
        a, b, transpose_a=transpose_a, transpose_b=transpose_b),
    "BatchMatMulV2": lambda x, y, adj_x=False, adj_y=False, **_: linalg_ops.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y),
    "BatchMatMulV3": lambda x, y, adj_x=False, adj_y=False, **_: linalg_ops.matmul(x, y, adjoint_a=adj_x, adjoint_b=adj_y),
    "AddV2": _binary(math_ops.add), "Add": _binary(math_ops.add), "Sub": _binary(math_ops.subtract),
    "Mul": _binary(math_ops.multiply), "RealDiv": _binary(math_ops.divide), "Maximum": _binary(math_ops.maximum),
    "Minimum": _binary(math_ops.minimum), "Pow": _binary(math_ops.pow), "FloorDiv": _binary(math_ops.floordiv),
    "FloorMod": _binary(math_ops.floormod), "SquaredDifference": _binary(more_math_ops.squared_difference),
    "Neg": _unary(math_ops.negative), "Exp": _unary(math_ops.exp), "Log": _unary(math_ops.log),
    "Sqrt": _unary(math_ops.sqrt), "Rsqrt": _unary(more_math_ops.rsqrt), "Square": _unary(math_ops.square),
    "Abs": _unary(math_ops.abs), "Tanh": _unary(math_ops.tanh), "Sigmoid": _unary(math_ops.sigmoid),
    "Relu": _unary(math_ops.relu), "Relu6": _unary(nn_ops.relu6), "Elu": _unary(nn_ops.elu),
    "Selu": _unary(nn_ops.selu), "Softplus": _unary(math_ops.softplus),
    "Softmax": _unary(nn_ops.softmax), "LogSoftmax": _unary(nn_ops.log_softmax),
    "BiasAdd": lambda x, b, data_format=b"NHWC", **_: nn_ops.bias_add(x, b, data_format=data_format.decode()),
    "Cast": lambda x, DstT, **_: math_ops.cast(x, DstT),
    "Reshape": lambda x, shape, **_: array_ops.reshape(x, _ints(shape)),
    "Transpose": lambda x, perm, **_: array_ops.transpose(x, _ints(perm)),
    "ExpandDims": lambda x, dim, **_: array_ops.expand_dims(x, _ints(dim)[0]),
    "Squeeze": lambda x, squeeze_dims=(), **_: array_ops.squeeze(x, list(squeeze_dims) or None),
    "ConcatV2": lambda *xs, **_: array_ops.concat(list(xs[:-1]), _ints(xs[-1])[0]),
    "Pack": lambda *xs, axis=0, **_: array_ops.stack(list(xs), axis=axis),
    "Shape": lambda x, out_type=None, **_: array_ops.shape(x, out_type=out_type or "int32"),
    "Sum": _reduce(reduction_ops.reduce_sum), "Mean": _reduce(reduction_ops.reduce_mean),
    "Max": _reduce(reduction_ops.reduce_max), "Min": _reduce(reduction_ops.reduce_min),
    "Prod": _reduce(reduction_ops.reduce_prod),
    "ArgMax": lambda x, axis, output_type=None, **_: reduction_ops.argmax(x, _ints(axis)[0], output_type=output_type or "int64"),
    "Conv2D": _conv2d,
    "MaxPool": _pool(nn_ops.max_pool2d), "AvgPool": _pool(nn_ops.avg_pool2d),
    "StridedSlice": lambda x, begin, end, strides, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
    shrink_axis_mask=0, **_: slicing.strided_slice(x, _ints(begin), _ints(end), _ints(strides), begin_mask=begin_mask,
                                                   end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                                                   new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask),
    "Slice": lambda x, begin, size, **_: slicing.slice(x, _ints(begin), _ints(size)),
    "GatherV2": lambda params, indices, axis, batch_dims=0, **_: array_ops.gather(
        params, indices, axis=_ints(axis)[0], batch_dims=batch_dims),
    "ResourceGather": lambda resource, indices, batch_dims=0, **_: array_ops.gather(
        _read(resource), indices, batch_dims=batch_dims),
    "Fill": lambda dims, value, **_: array_ops.fill(_ints(dims), value),
    "ZerosLike": lambda x, **_: array_ops.zeros_like(x), "OnesLike": lambda x, **_: array_ops.ones_like(x),
    "Range": lambda start, limit, delta, **_: array_ops.range(start, limit, delta),
    "Tile": lambda x, multiples, **_: array_ops.tile(x, _ints(multiples)),
    "Select": lambda c, x, y, **_: math_ops.where(c, x, y), "SelectV2": lambda c, x, y, **_: math_ops.where(c, x, y),
    "Greater": _binary(math_ops.greater), "GreaterEqual": _binary(math_ops.greater_equal),
    "Less": _binary(math_ops.less), "LessEqual": _binary(math_ops.less_equal), "Equal": _binary(math_ops.equal),
    "NotEqual": _binary(math_ops.not_equal), "LogicalAnd": _binary(math_ops.logical_and),
    "LogicalOr": _binary(math_ops.logical_or), "LogicalNot": _unary(math_ops.logical_not),
    "Sin": _unary(math_ops.sin), "Cos": _unary(math_ops.cos), "Log1p": _unary(math_ops.log1p),
    "Reciprocal": _unary(math_ops.reciprocal), "Sign": _unary(math_ops.sign), "Erf": _unary(more_math_ops.erf),
    "Floor": _unary(more_math_ops.floor), "Ceil": _unary(more_math_ops.ceil), "Round": _unary(more_math_ops.round),
    "AddN": lambda *xs, **_: more_math_ops.add_n(list(xs)),
    "Einsum": lambda *xs, equation, **_: linalg_ops.einsum(equation.decode(), *xs),
    "Cumsum": lambda x, axis, exclusive=False, reverse=False, **_: reduction_ops.cumsum(
        x, _ints(axis)[0], exclusive=exclusive, reverse=reverse),
    "All": _reduce(reduction_ops.reduce_all), "Any": _reduce(reduction_ops.reduce_any),
    "TopKV2": lambda x, k, sorted=True, **_: list(more_math_ops.top_k(x, _ints(k)[0], sorted=sorted)),
    "Unpack": lambda x, num, axis=0, **_: array_ops.unstack(x, num=num, axis=axis),
    "Split": lambda axis, x, num_split, **_: array_ops.split(x, num_split, axis=_ints(axis)[0]),
    "OneHot": lambda indices, depth, on, off, axis=-1, **_: array_ops.one_hot(indices, _ints(depth)[0], on, off,
                                                                            axis=axis),
    "ClipByValue": lambda x, lo, hi, **_: math_ops.clip_by_value(x, lo, hi),
}
_OUTPUT_ARGS = {"TopKV2": ("values", "indices")}  # ops whose results are several named outputs
_CALLS = ("StatefulPartitionedCall", "PartitionedCall")


class Library:
    """The FunctionDefs of a SavedModel by name, runnable on tensors and variables."""

    def __init__(self, functions: dict[str, bytes]):
        self.functions = functions

    def check(self, name: str, seen: set | None = None) -> None:
        """TF's NotFoundError for the first op of ``name`` (or a function it calls) we lack."""
        seen = set() if seen is None else seen
        if name in seen:
            return
        seen.add(name)
        for node in pb.message_list(self.functions[name], 3):
            op = pb.first(node, 2, b"").decode()
            if op in _CALLS:
                self.check(_attrs(node)["f"], seen)
            elif op not in OPS:
                raise NotFoundError(None, None, f"Op type not registered '{op}' in binary running on gradcompat. "
                                                f"Make sure the Op and Kernel are registered in the binary running in "
                                                f"this process. (gradcompat runs these ops of a loaded SavedModel: "
                                                f"{', '.join(sorted(OPS))})")

    def call(self, name: str, inputs: list) -> list:
        """The function's results (``ret`` in output order) for its inputs (tensors / variables)."""
        fdef = self.functions[name]
        signature = pb.first(fdef, 1, b"")
        arg_names = [pb.first(a, 1, b"").decode() for a in pb.message_list(signature, 2)]
        out_names = [pb.first(a, 1, b"").decode() for a in pb.message_list(signature, 3)]
        nodes = {pb.first(n, 1, b"").decode(): n for n in pb.message_list(fdef, 3)}
        returns = {k: v.decode() for k, v in pb.map_entries(fdef, 4).items()}
        env: dict[str, Any] = dict(zip(arg_names, inputs))
        done: dict[str, list] = {}

        def value(ref: str):
            parts = ref.split(":")
            if parts[0] in env and len(parts) == 1:
                return env[parts[0]]
            outputs = run(parts[0])
            index = int(parts[-1]) if len(parts) > 1 else 0
            names = _OUTPUT_ARGS.get(pb.first(nodes[parts[0]], 2, b"").decode())
            if names and len(parts) == 3:  # "node:indices:0": the outputs before that argument's
                index += names.index(parts[1])
            return outputs[index]

        def run(node_name: str) -> list:
            if node_name in done:
                return done[node_name]
            node = nodes[node_name]
            op = pb.first(node, 2, b"").decode()
            refs = [r.decode() for r in pb.message_list(node, 3)]
            for ref in refs:
                if ref.startswith("^"):
                    run(ref[1:])  # control inputs (writes) run first
            args = [value(r) for r in refs if not r.startswith("^")]
            attrs = _attrs(node)
            if op in _CALLS:
                result = self.call(attrs["f"], args)
            else:
                out = OPS[op](*args, **{k: v for k, v in attrs.items() if not k.startswith("_")})
                result = list(out) if isinstance(out, (list, tuple)) else [out]
            done[node_name] = result
            return result

        return [value(returns[n]) for n in out_names]


def _attrs(node: bytes) -> dict[str, Any]:
    return {k: pb.read_attr(v) for k, v in pb.map_entries(node, 5).items()}
