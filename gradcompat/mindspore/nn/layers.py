"""Basic layers: ``nn.Dense``, ``nn.Flatten``, ``nn.Dropout``, ``nn.Embedding``.

Parameter names, shapes, defaults and reprs are MindSpore 2.x's: ``Dense`` holds
``weight`` (out, in) and ``bias`` (out,), computes ``x @ weight.T + bias`` then the
activation; ``Embedding`` holds ``embedding_table``.
"""
from __future__ import annotations

import math
from typing import Any

from .. import dtype as mstype
from .. import ops
from .._random import graph_seed
from ..parameter import Parameter
from ..tensor import Tensor
from .activation import get_activation
from .cell import Cell
from .initial_values import initial_value


def _positive_int(value: Any, name: str, owner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"For '{owner}', the type of '{name}' should be 'int', but got '{type(value).__name__}'.")
    if value <= 0:
        raise ValueError(f"For '{owner}', the '{name}' should be greater than 0, but got {value}.")
    return value


class Dense(Cell):
    """``nn.Dense(in_channels, out_channels, weight_init=None, bias_init=None, has_bias=True,
    activation=None, dtype=mstype.float32)``.

    Defaults as MindSpore: weight ``HeUniform(sqrt(5))``, bias ``Uniform(1/sqrt(in))``
    (random: MindSpore's generator is not reproduced, pass explicit values to match).
    """

    def __init__(self, in_channels: int, out_channels: int, weight_init: Any = None, bias_init: Any = None,
                 has_bias: bool = True, activation: Any = None, dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        self.in_channels = _positive_int(in_channels, "in_channels", "Dense")
        self.out_channels = _positive_int(out_channels, "out_channels", "Dense")
        self.has_bias = bool(has_bias)
        if isinstance(weight_init, Tensor) and tuple(weight_init.shape) != (out_channels, in_channels):
            raise ValueError("For 'Dense', weight init shape error. The ndim of 'weight_init' must be equal to 2, "
                             "and the first dim must be equal to 'out_channels', and the second dim must be equal "
                             f"to 'in_channels'. But got 'weight_init': {weight_init}, 'out_channels': "
                             f"{out_channels}, 'in_channels': {in_channels}.")
        if has_bias and isinstance(bias_init, Tensor) and tuple(bias_init.shape) != (out_channels,):
            raise ValueError("For 'Dense', bias init shape error. The ndim of 'bias_init' must be equal to 1, and "
                             "the first dim must be equal to 'out_channels'. But got 'bias_init': "
                             f"{bias_init}, 'out_channels': {out_channels}.")
        if weight_init is None:
            from ..common.initializer import HeUniform
            weight_init = HeUniform(math.sqrt(5))
        self.weight = Parameter(initial_value(weight_init, (out_channels, in_channels), dtype, "weight_init",
                                              "Dense"), name="weight")
        self.bias = None
        if self.has_bias:
            if bias_init is None:
                from ..common.initializer import Uniform
                bias_init = Uniform(1 / math.sqrt(in_channels))
            self.bias = Parameter(initial_value(bias_init, (out_channels,), dtype, "bias_init", "Dense"),
                                  name="bias")
        self.matmul = ops.MatMul(transpose_b=True)
        self.bias_add = ops.BiasAdd()
        if isinstance(activation, str):
            activation = get_activation(activation)
        if activation is not None and not isinstance(activation, (Cell, ops.Primitive)):
            raise TypeError(f"For 'Dense', the 'activation' must be str or Cell or Primitive, but got "
                            f"{type(activation).__name__}.")
        self.activation = activation
        self.activation_flag = activation is not None

    def construct(self, x: Tensor) -> Tensor:
        shape = x.shape
        if len(shape) != 2:
            x = x.reshape(-1, shape[-1])
        x = self.matmul(x, self.weight)
        if self.has_bias:
            x = self.bias_add(x, self.bias)
        if self.activation_flag:
            x = self.activation(x)
        if len(shape) != 2:
            x = x.reshape(*shape[:-1], self.out_channels)
        return x

    def extend_repr(self) -> str:
        s = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        if self.activation_flag:
            s += f", activation={self.activation}"
        return s


class Flatten(Cell):
    """``nn.Flatten(start_dim=1, end_dim=-1)``: the axes from ``start_dim`` to ``end_dim`` merged."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def construct(self, x: Tensor) -> Tensor:
        return ops.flatten(x, start_dim=self.start_dim, end_dim=self.end_dim)


class Dropout(Cell):
    """``nn.Dropout(keep_prob=None, p=None, dtype=mstype.float32)``: in training mode zeroes
    elements with probability ``p`` (``1 - keep_prob``) and scales the rest by ``1/(1-p)``;
    in evaluation mode (and for ``p == 0``) the identity.

    The layer holds one ``ops.Dropout`` kernel seeded as MindSpore seeds it, so its masks are
    MindSpore's, call after call (inside a GRAPH_MODE / ``jit`` trace: JAX's generator).
    """

    def __init__(self, keep_prob: float | None = None, p: float | None = None,
                 dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        if p is None and keep_prob is None:
            keep_prob = 0.5
        if p is not None:
            if isinstance(p, bool) or not isinstance(p, (int, float)):
                raise TypeError(f"For 'Dropout', the type of 'p' should be float, but got {type(p).__name__}.")
            if not 0 <= p < 1:
                raise ValueError(f"For 'Dropout', the 'p' must be a number in range [0, 1), but got {p}.")
            self.keep_prob = 1.0 - p
        else:
            if isinstance(keep_prob, bool) or not isinstance(keep_prob, (int, float)):
                raise TypeError(f"For 'Dropout', the type of 'keep_prob' should be float, but got "
                                f"{type(keep_prob).__name__}.")
            if not 0 < keep_prob <= 1:
                raise ValueError(f"For 'Dropout', the 'keep_prob' must be a number in range (0, 1], "
                                 f"but got {keep_prob}.")
            self.keep_prob = float(keep_prob)
        self.p, self._given_keep_prob = p, keep_prob
        self._kernel = ops.Dropout(self.keep_prob, *graph_seed(0, "dropout"))

    def construct(self, x: Tensor) -> Tensor:
        if not self.training or self.keep_prob == 1:
            return x
        return self._kernel(x)[0]

    def extend_repr(self) -> str:
        return f"p={self.p}" if self.p is not None else f"keep_prob={self._given_keep_prob}"


class Dropout2d(Cell):
    """``nn.Dropout2d(p=0.5)``: in training mode zeroes whole channels (axis 1) with probability
    ``p`` through ``ops.Dropout2D`` (MindSpore's masks in PyNative); the identity otherwise."""

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        if not isinstance(p, float):
            raise TypeError(f"For 'Dropout2d', the type of 'p' should be float, but got {type(p).__name__}.")
        if p < 0 or p > 1:
            raise ValueError(f"For 'Dropout2d', the 'p' must be a number in range [0, 1], but got {p}.")
        self.keep_prob = 1.0 - p
        self.dropout2d = ops.Dropout2D(self.keep_prob)

    def construct(self, x: Tensor) -> Tensor:
        if not self.training or self.keep_prob == 1:
            return x
        return self.dropout2d(x)[0]

    def extend_repr(self) -> str:
        return f"p={self.keep_prob}"


class Embedding(Cell):
    """``nn.Embedding(vocab_size, embedding_size, use_one_hot=False, embedding_table='normal',
    dtype=mstype.int32, padding_idx=None)``: rows of ``embedding_table`` for integer ids."""

    def __init__(self, vocab_size: int, embedding_size: int, use_one_hot: bool = False,
                 embedding_table: Any = "normal", dtype: mstype.Type = mstype.int32,
                 padding_idx: int | None = None) -> None:
        super().__init__()
        self.vocab_size = _positive_int(vocab_size, "vocab_size", "Embedding")
        self.embedding_size = _positive_int(embedding_size, "embedding_size", "Embedding")
        self.use_one_hot, self.dtype, self.padding_idx = use_one_hot, dtype, padding_idx
        table = initial_value(embedding_table, (vocab_size, embedding_size), mstype.float32, "embedding_table",
                              "Embedding")
        if padding_idx is not None:
            values = table.asnumpy().copy()
            values[padding_idx] = 0
            table = Tensor(values)
        self.embedding_table = Parameter(table, name="embedding_table")
        self.gather = ops.Gather()

    def construct(self, ids: Tensor) -> Tensor:
        return self.gather(self.embedding_table, ids, 0)

    def extend_repr(self) -> str:
        return (f"vocab_size={self.vocab_size}, embedding_size={self.embedding_size}, "
                f"use_one_hot={self.use_one_hot}, embedding_table={self.embedding_table!r}, "
                f"dtype={self.dtype}, padding_idx={self.padding_idx}")


__all__ = ["Dense", "Dropout", "Embedding", "Flatten"]
