"""TensorFlow's seed rules and its eager kernel cache, as TF 2.x applies them.

- ``tf.random.set_seed(g)`` stores the global seed, restarts a ``random.Random(g)`` that
  invents the op seeds of eager ops given none (``randint(0, 2**31 - 1)`` per op call), and
  clears the kernel cache.
- ``get_seed(op_seed)``: with a global seed, ``(g % (2**31-1), op % (2**31-1))``; with only an
  op seed, ``(87654321, op)``; with neither, ``(None, None)`` (the kernel seeds itself at
  random, so a fresh stream each process); ``(0, 0)`` becomes ``(0, 2**31 - 1)``. In a graph
  (TF1 or a traced function) an op without a seed takes the graph's op counter (0, 1, ...).
- A stateful kernel is cached by (op, attrs): calling the same op with the same seeds again
  continues its Philox stream (``Philox.reserve``), until the next ``set_seed``.
"""
from __future__ import annotations

import random
import secrets
import weakref

from .tf_stream import Philox

DEFAULT_GRAPH_SEED = 87654321
MAXINT32 = 2 ** 31 - 1


def truncate(seed: int) -> int:
    return int(seed) % MAXINT32


class TFSeeds:
    """The eager context's random state: global seed, op-seed generator and kernel cache."""

    def __init__(self) -> None:
        self.global_seed: int | None = None
        self._rng = random.Random(None)
        self.kernels: dict = {}
        self.graph_counters: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self.generation = 0  # bumped by set_seed (a traced function's kernels restart)

    def set_global(self, seed: int | None) -> None:
        self.global_seed = None if seed is None else int(seed)
        self._rng = random.Random(self.global_seed)
        self.kernels = {}
        self.generation += 1

    def get_seed(self, op_seed: int | None, graph=None, graph_seed: int | None = None) -> tuple:
        """TF's ``random_seed.get_seed``; ``graph`` (any weakref-able key) selects graph mode,
        where ``graph_seed`` is that graph's seed."""
        global_seed = self.global_seed if graph is None else graph_seed
        if global_seed is not None:
            if op_seed is None:
                if graph is None:
                    op_seed = self._rng.randint(0, MAXINT32)
                else:
                    op_seed = self.graph_counters.get(graph, 0)
                    self.graph_counters[graph] = op_seed + 1
            seeds = truncate(global_seed), truncate(op_seed)
        elif op_seed is not None:
            seeds = DEFAULT_GRAPH_SEED, truncate(op_seed)
        else:
            seeds = None, None
        return (0, MAXINT32) if seeds == (0, 0) else seeds

    def kernel(self, op: str, attrs: tuple, seed: int | None, seed2: int | None) -> Philox:
        """The cached stateful kernel's generator (``GuardedPhiloxRandom``) for these attrs."""
        key = (op, attrs, seed or 0, seed2 or 0)
        gen = self.kernels.get(key)
        if gen is None:
            gen = new_kernel_generator(seed or 0, seed2 or 0)
            self.kernels[key] = gen
        return gen


def new_kernel_generator(seed: int, seed2: int) -> Philox:
    """``GuardedPhiloxRandom::Init``: seeds (0, 0) mean fresh random seeds."""
    if seed == 0 and seed2 == 0:
        seed, seed2 = secrets.randbits(64), secrets.randbits(64)
    return Philox.from_seeds(seed, seed2)


STATE = TFSeeds()
