"""torch's process-wide settings that programs call: threads, determinism, float32 matmul
precision. XLA decides threads and kernels itself; the values are recorded and read back with
torch's checks. ``set_float32_matmul_precision`` also sets JAX's default matmul precision
(``highest`` / ``high`` = TF32 / ``medium`` = bfloat16 passes on GPUs; no effect on CPUs).
"""
from __future__ import annotations

import os
import warnings

import jax

_THREADS = [max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))]
_INTEROP = [_THREADS[0]]
_DETERMINISTIC = [False, False]  # enabled, warn_only
_PRECISION = ["highest"]
_JAX_PRECISION = {"highest": "highest", "high": "tensorfloat32", "medium": "bfloat16"}


def set_num_threads(num: int) -> None:
    """``torch.set_num_threads`` (recorded; XLA sizes its own thread pool)."""
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _THREADS[0] = int(num)


def get_num_threads() -> int:
    return _THREADS[0]


def set_num_interop_threads(num: int) -> None:
    if num <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    _INTEROP[0] = int(num)


def get_num_interop_threads() -> int:
    return _INTEROP[0]


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """``torch.use_deterministic_algorithms`` (recorded: XLA's CPU and GPU kernels used here are
    deterministic for a given program)."""
    _DETERMINISTIC[0], _DETERMINISTIC[1] = bool(mode), bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    return _DETERMINISTIC[0]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _DETERMINISTIC[1]


def set_float32_matmul_precision(precision: str) -> None:
    """``torch.set_float32_matmul_precision('highest' | 'high' | 'medium')``, onto JAX's
    ``jax_default_matmul_precision``; another value warns and changes nothing, as torch."""
    if precision not in _JAX_PRECISION:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      f"setFloat32MatmulPrecision call has no effect.", stacklevel=2)
        return
    _PRECISION[0] = precision
    jax.config.update("jax_default_matmul_precision", _JAX_PRECISION[precision])


def get_float32_matmul_precision() -> str:
    return _PRECISION[0]


__all__ = ["are_deterministic_algorithms_enabled", "get_float32_matmul_precision", "get_num_interop_threads",
           "get_num_threads", "is_deterministic_algorithms_warn_only_enabled", "set_float32_matmul_precision",
           "set_num_interop_threads", "set_num_threads", "use_deterministic_algorithms"]
