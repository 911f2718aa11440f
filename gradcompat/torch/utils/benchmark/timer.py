"""``torch.utils.benchmark.Timer``: ``timeit`` and ``blocked_autorange`` of a Python statement
(on the standard library's ``timeit``), returning ``Measurement``s. Known difference: JAX may
dispatch work asynchronously; gradcompat's eager ops wait for their results, but a statement
that only enqueues JAX work is timed as enqueued."""
from __future__ import annotations

import enum
import importlib
import timeit as _timeit
from typing import Any, Callable

import numpy as np

from .common import Measurement, TaskSpec


class Language(enum.Enum):
    PYTHON = 0
    CPP = 1


class Timer:
    def __init__(self, stmt: str = "pass", setup: str = "pass", global_setup: str = "",
                 timer: Callable[[], float] = _timeit.default_timer, globals: dict[str, Any] | None = None,
                 label: str | None = None, sub_label: str | None = None, description: str | None = None,
                 env: str | None = None, num_threads: int = 1, language: Language | str = Language.PYTHON):
        if not isinstance(stmt, str):
            raise ValueError("Currently only a `str` stmt is supported.")
        if language not in (Language.PYTHON, "py", "python"):
            raise ValueError("only Python statements can be timed here (language=Language.PYTHON)")
        self._globals = dict(globals or {})
        self._globals.setdefault("torch", importlib.import_module(__package__.rsplit(".utils", 1)[0]))
        self._task_spec = TaskSpec(stmt=stmt, setup=setup, global_setup=global_setup, label=label,
                                   sub_label=sub_label, description=description, env=env,
                                   num_threads=num_threads)
        self._timer = _timeit.Timer(stmt=stmt, setup=setup, timer=timer, globals=self._globals)

    def _timeit(self, number: int) -> float:
        return max(self._timer.timeit(number), 1e-9)

    def timeit(self, number: int = 1000000) -> Measurement:
        """Run ``stmt`` ``number`` times (after a short warm-up): one measurement."""
        self._timeit(number=max(int(number // 100), 2))
        return Measurement(number_per_run=number, raw_times=[self._timeit(number=number)],
                           task_spec=self._task_spec)

    def repeat(self, repeat: int = -1, number: int = -1):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def autorange(self, callback=None):
        raise NotImplementedError("See `Timer.blocked_autorange.`")

    def _estimate_block_size(self, min_run_time: float) -> int:
        overhead = float(np.median([self._timeit(0) for _ in range(5)]))
        number = 1
        while True:
            taken = self._timeit(number)
            if overhead / taken <= 1e-4 and taken >= min_run_time / 1000:
                break
            if taken > min_run_time or number * 10 > 2147483647:
                break
            number *= 10
        return number

    def blocked_autorange(self, callback: Callable[[int, float], Any] | None = None,
                          min_run_time: float = 0.2) -> Measurement:
        """Blocks of ``number`` runs (``number`` grown until the timer's overhead is negligible)
        until ``min_run_time`` seconds were measured."""
        number = self._estimate_block_size(min_run_time)
        times: list[float] = []
        total = 0.0
        while total < min_run_time:
            spent = self._timeit(number)
            times.append(spent)
            total += spent
            if callback:
                callback(number, spent)
        return Measurement(number_per_run=number, raw_times=times, task_spec=self._task_spec)
