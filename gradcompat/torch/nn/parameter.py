"""``torch.nn.Parameter``: a leaf tensor that requires grad and that modules register."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from .. import dtypes
from ..tensor import Tensor


class Parameter(Tensor):
    """``nn.Parameter(data, requires_grad=True)``: a new leaf holding ``data``'s values.

    Its repr is ``Parameter containing:`` followed by the tensor's repr, as in torch.
    Updates under ``no_grad`` (optimizers, ``load_state_dict``) write the leaf's value in
    place, so ``.grad`` and every reference keep seeing the same parameter.
    """

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            value = jnp.zeros((0,), jnp.float32)
        elif isinstance(data, Tensor):
            value = data._value
        else:
            raise TypeError(f"Parameter(): argument 'data' must be Tensor, not {type(data).__name__}")
        if requires_grad and not dtypes.from_numpy(value.dtype).is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        self.node = core.Constant(value, traced=bool(requires_grad))

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        import numpy as np
        from ..functions import tensor
        return (_rebuild, (np.asarray(self._value), self.requires_grad))


def _rebuild(array, requires_grad: bool) -> Parameter:
    from ..functions import tensor
    return Parameter(tensor(array), requires_grad)


def set_value(t: Tensor, value) -> None:
    """Write ``value`` into tensor ``t`` in place (no graph), keeping its dtype."""
    dtype = t.node.value.dtype
    if isinstance(value, np.ndarray):  # a plain transfer: jnp.asarray compiles a copy per shape
        t.node.value = jax.device_put(value.astype(dtype, copy=False))
    else:
        t.node.value = jnp.asarray(value, dtype=dtype)
