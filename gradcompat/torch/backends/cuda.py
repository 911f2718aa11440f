"""``torch.backends.cuda``: ``is_built()`` (JAX has a GPU), ``matmul.allow_tf32`` (follows
``torch.set_float32_matmul_precision``) and the attention-kernel switches (accepted)."""
from __future__ import annotations

from .. import devices


def is_built() -> bool:
    return bool(devices.cuda_devices())


class _Matmul:
    """``torch.backends.cuda.matmul``."""

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


matmul = _Matmul()


def flash_sdp_enabled() -> bool:
    return True


def mem_efficient_sdp_enabled() -> bool:
    return True


def math_sdp_enabled() -> bool:
    return True


def enable_flash_sdp(enabled: bool) -> None:
    """Accepted: XLA chooses the attention kernel."""


def enable_mem_efficient_sdp(enabled: bool) -> None:
    """Accepted: XLA chooses the attention kernel."""


def enable_math_sdp(enabled: bool) -> None:
    """Accepted: XLA chooses the attention kernel."""
