"""The one engine, dialect-free: graph IR, execution, autodiff, compile cache.

Data flows one way: a dialect call -> core -> JAX. Core never imports a dialect.
"""
import jax

# Dialects emulate frameworks with float64/int64 dtypes, which needs JAX's 64-bit mode.
jax.config.update("jax_enable_x64", True)

from . import disk_cache  # noqa: E402

disk_cache.enable()

from . import folding, forward, lazy, recording  # noqa: E402
from .autodiff import vjp  # noqa: E402
from .cache import CacheInfo, cache_info, clear_cache, set_compile_notice  # noqa: E402
from .executor import MissingFeed, UninitializedState, run  # noqa: E402
from .graph import (Constant, DeviceMismatch, Effect, Node, Op, Placeholder, Read, Scalar, StateCell,  # noqa: E402
                    apply, detached, ones_for, select, stop_gradient)
from .handle import Handle  # noqa: E402

__all__ = [
    "CacheInfo", "Constant", "DeviceMismatch", "Effect", "Handle", "MissingFeed", "Node", "Op", "Placeholder",
    "Read", "Scalar", "StateCell", "UninitializedState", "apply", "cache_info", "clear_cache", "set_compile_notice",
    "detached", "folding", "forward", "lazy", "ones_for", "recording", "run", "select", "stop_gradient", "vjp",
]
