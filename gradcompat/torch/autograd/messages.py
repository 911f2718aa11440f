"""torch's warning texts that autograd emits."""
from __future__ import annotations

import warnings

NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. "
    "(Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")


def warn_non_leaf_grad() -> None:
    """torch's UserWarning for ``.grad`` of a non-leaf tensor that does not retain its grad."""
    warnings.warn(NON_LEAF_GRAD, UserWarning, stacklevel=3)
