"""``torch.backends``: the flags programs set (``cudnn.benchmark``, ``cudnn.deterministic``,
``cuda.matmul.allow_tf32`` ...) and the availability questions they ask.

XLA chooses its own kernels, so the flags are recorded and read back, and change nothing;
``cudnn.is_available()`` / ``cuda.is_built()`` say whether JAX has a GPU, ``mps`` is never
available (JAX has no Metal backend here), ``mkldnn`` and ``openmp`` answer as CPU torch does.
"""
from __future__ import annotations

import contextlib
import sys
import types
from typing import Any

from .. import devices


def _module(name: str, doc: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(f"{__name__}.{name}", doc)
    module.__dict__.update(attrs)
    sys.modules[module.__name__] = module
    return module


def _has_gpu() -> bool:
    return bool(devices.cuda_devices())


class _CudnnModule(types.ModuleType):
    """``torch.backends.cudnn``: settable flags with torch's defaults."""

    enabled = True
    benchmark = False
    deterministic = False
    allow_tf32 = True
    benchmark_limit = 10

    @staticmethod
    def is_available() -> bool:
        return _has_gpu()

    @staticmethod
    def version() -> int | None:
        return None

    @staticmethod
    @contextlib.contextmanager
    def flags(enabled: bool = False, benchmark: bool = False, deterministic: bool = False,
              allow_tf32: bool = True, **kwargs: Any):
        module = sys.modules[f"{__name__}.cudnn"]
        saved = (module.enabled, module.benchmark, module.deterministic, module.allow_tf32)
        module.enabled, module.benchmark, module.deterministic, module.allow_tf32 = \
            enabled, benchmark, deterministic, allow_tf32
        try:
            yield
        finally:
            module.enabled, module.benchmark, module.deterministic, module.allow_tf32 = saved


cudnn = _CudnnModule(f"{__name__}.cudnn", _CudnnModule.__doc__)
sys.modules[cudnn.__name__] = cudnn


class _Matmul:
    """``torch.backends.cuda.matmul``: ``allow_tf32`` follows ``torch.set_float32_matmul_precision``."""

    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True

    @property
    def allow_tf32(self) -> bool:
        from .. import settings
        return settings.get_float32_matmul_precision() != "highest"

    @allow_tf32.setter
    def allow_tf32(self, value: bool) -> None:
        from .. import settings
        settings.set_float32_matmul_precision("high" if value else "highest")


cuda = _module("cuda", "``torch.backends.cuda``", matmul=_Matmul(), is_built=_has_gpu,
               flash_sdp_enabled=lambda: True, mem_efficient_sdp_enabled=lambda: True,
               math_sdp_enabled=lambda: True, enable_flash_sdp=lambda enabled: None,
               enable_mem_efficient_sdp=lambda enabled: None, enable_math_sdp=lambda enabled: None)
mps = _module("mps", "``torch.backends.mps``: JAX has no Metal device here.",
              is_available=lambda: False, is_built=lambda: False)
mkldnn = _module("mkldnn", "``torch.backends.mkldnn``", is_available=lambda: True, enabled=True)
openmp = _module("openmp", "``torch.backends.openmp``", is_available=lambda: True)

__all__ = ["cuda", "cudnn", "mkldnn", "mps", "openmp"]
