"""``torch.autograd``: ``backward``, ``grad``, grad modes, ``Function`` and ``functional``.

All gradients come from the one core vjp engine; this package translates torch's
argument semantics, hooks, version counters and error texts.
"""
from __future__ import annotations

from . import forward_ad, functional, grad_mode, graph
from .anomaly_mode import (detect_anomaly, is_multithreading_enabled, set_detect_anomaly,
                           set_multithreading_enabled)
from . import gradcheck as _gradcheck_module  # noqa: F401 (``torch.autograd.gradcheck`` the module, by import path)
from .engine import backward, grad
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                        set_grad_enabled)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .hooks import RemovableHandle
import sys as _sys
torch = _sys.modules[__name__.rsplit(".", 1)[0]]  # ``torch.autograd.torch`` is torch, as in torch
from .node import SavedTensor

__all__ = ["Function", "FunctionCtx", "GradcheckError", "RemovableHandle", "SavedTensor", "backward",
           "detect_anomaly", "enable_grad", "forward_ad", "graph", "is_multithreading_enabled",
           "set_detect_anomaly", "set_multithreading_enabled",
           "functional", "grad", "gradcheck", "gradgradcheck",
           "grad_mode", "inference_mode", "is_grad_enabled", "is_inference_mode_enabled", "no_grad",
           "once_differentiable", "set_grad_enabled"]
