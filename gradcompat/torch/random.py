"""``torch.random``: seeding, the default generator's state, and ``fork_rng``."""
from __future__ import annotations

import contextlib
from typing import Iterator

from .generator import (Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed,
                        set_rng_state)

__all__ = ["Generator", "default_generator", "fork_rng", "get_rng_state", "initial_seed", "manual_seed",
           "seed", "set_rng_state"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, _caller: str = "fork_rng", _devices_kw: str = "devices",
             device_type=None) -> Iterator[None]:
    """``torch.random.fork_rng``: the CPU generator's state is restored on exit (there are no
    accelerator generators to fork)."""
    if device_type == "meta" or not enabled:
        yield
        return
    state = default_generator.impl.clone()
    try:
        yield
    finally:
        default_generator.impl = state
