"""``nn.DistributedGradReducer``: data parallelism's gradient all-reduce, as MindSpore's."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from ..communication.management import GlobalComm, get_group_size
from ..ops.comm_ops import all_reduce_values
from ..parallel_context import get_auto_parallel_context
from ..tensor import from_jax
from .cell import Cell


class DistributedGradReducer(Cell):
    """``nn.DistributedGradReducer(parameters, mean=None, degree=None, fusion_type=1, group=...)``.

    Called on a tuple of gradients, it returns their sum over the group's ranks, or with
    ``mean`` (default: the auto-parallel context's ``gradients_mean``) the sum times
    ``1 / degree`` (default: the group's size), as MindSpore computes it. The gradients go in
    one collective per dtype (MindSpore fuses them by ``fusion_type``).
    """

    def __init__(self, parameters: Any, mean: bool | None = None, degree: int | None = None,
                 fusion_type: int = 1, group: str | None = None) -> None:
        super().__init__(auto_prefix=False)
        self.mean = get_auto_parallel_context("gradients_mean") if mean is None else mean
        group = GlobalComm.WORLD_COMM_GROUP if group is None else group
        if degree is None:
            degree = get_group_size(group)
        elif not isinstance(degree, int) or isinstance(degree, bool) or degree <= 0:
            raise ValueError("For 'DistributedGradReducer', parameter 'degree' in DistributedGradReducer "
                             f"should large than 0 and be int, degree: {degree}.")
        self.degree = degree
        self.group = group
        self.fusion_type = fusion_type
        object.__setattr__(self, "_reduced", len(tuple(parameters)))  # not this Cell's own Parameters

    def __call__(self, grads: Any) -> tuple:
        # a collective runs on values: never traced as a GRAPH_MODE program of its own
        return self.construct(grads)

    def construct(self, grads: Any) -> tuple:
        grads = tuple(grads)
        values = [g._jax_value() for g in grads]
        reduced = all_reduce_values(values, self.group)
        if self.mean:
            reduced = [r * jnp.asarray(1.0 / self.degree, r.dtype) if jnp.issubdtype(r.dtype, jnp.inexact) else r
                       for r in reduced]
        return tuple(from_jax(r) for r in reduced)


