"""``nn.BatchNorm1d``, ``nn.BatchNorm2d`` and ``nn.LayerNorm`` with MindSpore's conventions.

BatchNorm: in training mode (``set_train()``) it normalizes with the batch statistics
and updates the moving ones as ``moving = momentum * moving + (1 - momentum) * batch``
(``momentum=0.9``, MindSpore's convention, the opposite of torch's); in evaluation mode
it uses the moving statistics. Its Parameters are named ``mean``, ``variance`` (not
trainable), ``gamma`` and ``beta``. LayerNorm's default epsilon is 1e-7.
"""
from __future__ import annotations

from typing import Any

from ...core import apply, select
from .. import dtype as mstype
from ..parameter import Parameter
from ..tensor import Tensor
from . import layer_kernels as LK
from .cell import Cell
from .initial_values import initial_value


class _BatchNorm(Cell):
    """What BatchNorm1d and BatchNorm2d share; ``_input_ranks`` are the accepted input ranks."""

    _input_ranks: tuple = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.9, affine: bool = True,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", moving_mean_init: Any = "zeros",
                 moving_var_init: Any = "ones", use_batch_statistics: bool | None = None,
                 data_format: str = "NCHW", dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        if isinstance(num_features, bool) or not isinstance(num_features, int) or num_features < 1:
            raise ValueError(f"For '{owner}', the 'num_features' must be int and at least 1, "
                             f"but got {num_features}.")
        if not 0 <= momentum <= 1:
            raise ValueError(f"For '{owner}', the 'momentum' must be a number in range [0, 1], "
                             f"but got {momentum}.")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.use_batch_statistics = use_batch_statistics
        shape = (num_features,)
        self.moving_mean = Parameter(initial_value(moving_mean_init, shape, dtype, "moving_mean_init", owner),
                                     name="mean", requires_grad=False)
        self.moving_variance = Parameter(initial_value(moving_var_init, shape, dtype, "moving_var_init", owner),
                                         name="variance", requires_grad=False)
        self.gamma = Parameter(initial_value(gamma_init, shape, dtype, "gamma_init", owner), name="gamma",
                               requires_grad=affine)
        self.beta = Parameter(initial_value(beta_init, shape, dtype, "beta_init", owner), name="beta",
                              requires_grad=affine)

    def construct(self, x: Tensor) -> Tensor:
        if x.ndim not in self._input_ranks:
            raise ValueError(f"For '{type(self).__name__}', the dimension of input should be in "
                             f"{list(self._input_ranks)}, but got {x.ndim}.")
        batch_statistics = self.training if self.use_batch_statistics is None else self.use_batch_statistics
        inputs = [x.node, self.gamma.node, self.beta.node, self.moving_mean.node, self.moving_variance.node]
        if not batch_statistics:
            return Tensor._from_node(apply(LK.batch_norm_eval, inputs, {"eps": self.eps}, name="BatchNorm"))
        node = apply(LK.batch_norm_train, inputs, {"eps": self.eps, "momentum": self.momentum}, name="BatchNorm")
        self.moving_mean._write(Tensor._from_node(select(node, 1)))
        self.moving_variance._write(Tensor._from_node(select(node, 2)))
        return Tensor._from_node(select(node, 0))

    def extend_repr(self) -> str:
        return (f"num_features={self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"gamma={self.gamma}, beta={self.beta}, moving_mean={self.moving_mean}, "
                f"moving_variance={self.moving_variance}")


class BatchNorm1d(_BatchNorm):
    """``nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.9, affine=True, ...)``: (N, C) or
    (N, C, L) input."""

    _input_ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """``nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.9, affine=True, ...)``: NCHW input."""

    _input_ranks = (4,)


class LayerNorm(Cell):
    """``nn.LayerNorm(normalized_shape, begin_norm_axis=-1, begin_params_axis=-1,
    gamma_init='ones', beta_init='zeros', epsilon=1e-7, dtype=mstype.float32)``."""

    def __init__(self, normalized_shape: tuple | list, begin_norm_axis: int = -1, begin_params_axis: int = -1,
                 gamma_init: Any = "ones", beta_init: Any = "zeros", epsilon: float = 1e-7,
                 dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        if not isinstance(normalized_shape, (tuple, list)):
            raise TypeError(f"For 'LayerNorm', the type of 'normalized_shape' must be tuple[int] or list[int], "
                            f"but got {normalized_shape} and the type is {type(normalized_shape)}.")
        self.normalized_shape = normalized_shape
        self.begin_norm_axis, self.begin_params_axis, self.epsilon = begin_norm_axis, begin_params_axis, epsilon
        shape = tuple(normalized_shape)
        self.gamma = Parameter(initial_value(gamma_init, shape, dtype, "gamma_init", "LayerNorm"), name="gamma")
        self.beta = Parameter(initial_value(beta_init, shape, dtype, "beta_init", "LayerNorm"), name="beta")

    def construct(self, x: Tensor) -> Tensor:
        norm_axis = self.begin_norm_axis % x.ndim
        params_axis = self.begin_params_axis % x.ndim
        return Tensor._from_node(apply(LK.layer_norm, [x.node, self.gamma.node, self.beta.node],
                                       {"begin_norm_axis": norm_axis, "begin_params_axis": params_axis,
                                        "eps": self.epsilon}, name="LayerNorm"))

    def extend_repr(self) -> str:
        # MindSpore's own repr lacks the '=' after gamma
        return (f"normalized_shape={self.normalized_shape}, begin_norm_axis={self.begin_norm_axis}, "
                f"begin_params_axis={self.begin_params_axis}, gamma{self.gamma}, beta={self.beta}")


__all__ = ["BatchNorm1d", "BatchNorm2d", "LayerNorm"]
