"""``mindspore.dataset.config``: the pipeline's global settings (seed, default parallelism,
prefetch size), with MindSpore's checks and texts."""
from __future__ import annotations

import multiprocessing

import numpy as np

from .. import _random

UINT32_MAX = 4294967295
INT32_MAX = 2147483647

_DEFAULT_SEED = 5489  # what MindSpore reports before any set_seed (std::mt19937's default)
_state = {"seed": None, "num_parallel_workers": None, "prefetch_size": 16, "start_method": "fork"}


def _check_uint32(value, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} isn't of type int.")
    if not 0 <= value <= UINT32_MAX:
        raise ValueError(f"{name} given is not within the required range [0, UINT32_MAX(4294967295)].")


def set_seed(seed: int) -> None:
    """Seed every random operation of the pipelines built after this call (shuffles, random
    samplers). ``mindspore.set_seed`` sets it too. Sources read with ``shuffle=True`` or a plain
    ``RandomSampler`` follow MindSpore's own orders; the other random operations draw from
    gradcompat's generators."""
    _check_uint32(seed, "seed")
    _state["seed"] = int(seed)
    _state["transform_rng"] = np.random.default_rng([int(seed), 1])


def transform_rng() -> np.random.Generator:
    """The generator random transforms draw from (seeded by ``set_seed``; reseeded in each
    worker process so that workers do not repeat each other's draws)."""
    if _state.get("transform_rng") is None:
        _state["transform_rng"] = new_rng()
    return _state["transform_rng"]


def reseed_transforms(seed: int, worker_id: int = 0) -> None:
    """A worker's own transform generator (``WorkerSpec.seed_fn``)."""
    _state["transform_rng"] = np.random.default_rng([int(seed) & 0xFFFFFFFF, worker_id])


def get_seed() -> int:
    return _DEFAULT_SEED if _state["seed"] is None else _state["seed"]


def seed_is_set() -> bool:
    return _state["seed"] is not None


def set_num_parallel_workers(num: int) -> None:
    if not isinstance(num, int) or isinstance(num, bool):
        raise TypeError("num isn't of type int.")
    if num <= 0 or num > INT32_MAX:
        raise ValueError("Number of parallel workers given is not within the required range.")
    _state["num_parallel_workers"] = num


def get_num_parallel_workers() -> int:
    """The default worker count of an operation: 8, or the number of CPUs where fewer (as MindSpore)."""
    return _state["num_parallel_workers"] or min(8, cpu_count())


def set_prefetch_size(size: int) -> None:
    if not isinstance(size, int) or isinstance(size, bool):
        raise TypeError("size isn't of type int.")
    if size <= 0 or size > INT32_MAX:
        raise ValueError("Prefetch size given is not within the required range.")
    _state["prefetch_size"] = size


def get_prefetch_size() -> int:
    return _state["prefetch_size"]


def set_multiprocessing_start_method(method: str = "fork") -> None:
    if method not in ("fork", "spawn"):
        raise ValueError(f"Multiprocessing start method must be 'fork' or 'spawn', but got {method}.")
    _state["start_method"] = method


def get_multiprocessing_start_method() -> str:
    return _state["start_method"]


def cpu_count() -> int:
    """The machine's CPUs (``multiprocessing.cpu_count()``: MindSpore's bound on ``num_parallel_workers``)."""
    return multiprocessing.cpu_count()


def new_rng() -> np.random.Generator:
    """The generator of one pipeline run: from the set seed, else fresh entropy."""
    if _state["seed"] is None:
        return np.random.default_rng()
    return np.random.default_rng(_state["seed"])


_random.on_set_seed(set_seed)
if _random.get_seed() is not None:  # mindspore.set_seed ran before this module was imported
    set_seed(_random.get_seed())
