"""torch's UserWarning texts for tensor misuse it tolerates (copy-construction, scalars of
tensors that require grad, ``x.T`` on tensors that are not matrices), each emitted always
or once per process as torch does."""
from __future__ import annotations

import warnings

_TRIGGERED = " (Triggered internally at /__w/pytorch/pytorch/{}.)"

COPY_CONSTRUCT = ("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                  "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).")
SCALAR_OF_REQUIRES_GRAD = ("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                           "Consider using tensor.detach() first."
                           + _TRIGGERED.format("torch/csrc/autograd/generated/python_variable_methods.cpp:822"))
T_OF_0D = ("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases."
           + _TRIGGERED.format("aten/src/ATen/native/TensorShape.cpp:4321"))
T_NOT_2D = ("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will "
            "throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
            "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor."
            + _TRIGGERED.format("aten/src/ATen/native/TensorShape.cpp:4314"))
DEGREES_OF_FREEDOM = ("{}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor "
                      "(input numel divided by output numel)."
                      + _TRIGGERED.format("aten/src/ATen/native/ReduceOps.cpp:1861"))


_WARNED_ONCE: set[str] = set()


def warn(text: str, stacklevel: int = 2) -> None:
    """A UserWarning; ``stacklevel`` counts from the caller of ``warn`` (2: its caller's
    caller, the user's line when a torch function warns)."""
    warnings.warn(text, UserWarning, stacklevel=stacklevel + 1)


_WARN_ALWAYS = [False]


def set_warn_always(b: bool) -> None:
    """``torch.set_warn_always``: warnings torch gives once per process are given every time."""
    _WARN_ALWAYS[0] = bool(b)


def is_warn_always_enabled() -> bool:
    """``torch.is_warn_always_enabled()``."""
    return _WARN_ALWAYS[0]


def warn_once(text: str, stacklevel: int = 2) -> None:
    """torch's TORCH_WARN_ONCE: the first time in the process only (every time under
    ``torch.set_warn_always(True)``)."""
    if text not in _WARNED_ONCE or _WARN_ALWAYS[0]:
        _WARNED_ONCE.add(text)
        warn(text, stacklevel + 1)


def warn_transpose_all(ndim: int) -> None:
    """``x.T``'s deprecation warning (once) for tensors that are not 2-D."""
    if ndim == 0:
        warn_once(T_OF_0D, stacklevel=3)
    elif ndim != 2:
        warn_once(T_NOT_2D, stacklevel=3)
