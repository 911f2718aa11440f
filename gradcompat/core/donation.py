"""When a replayed step may give XLA the old buffers of the state it overwrites.

A replayed training step (an eager ``optimizer.step()``, a ``torch.compile`` replay) reads each
parameter and optimizer state value and writes a new value of the same shape and dtype in its
place. Donating the old buffer to the program (``executor.Prepared.run_values(..., donate=...)``,
which calls ``cache.call(..., donate=...)``) lets XLA write the new value into it: no fresh
buffer and no page faults for it (on a CPU an MLP update takes 25-40% less CPU time). The
donated array is deleted, so it may only be given when nothing else can read it afterwards.

A value is an immutable array that several tensors may share (``detach()``, ``.data``, a
``state_dict()``, a clone, a retained graph's saved values), so a ``Donor`` donates only when,
for every candidate, (1) its array is the very object the previous replay wrote there, so XLA
made it (not an array adopting a numpy buffer, not a value set from elsewhere), and (2) Python
holds it only by its node and the caller's list of candidates (``sys.getrefcount``, calibrated
below): every tensor, dict, list or closure sharing it holds the array object itself. What a
Python count cannot see, a numpy view or DLPack capsule of the buffer, XLA itself refuses to
donate (an external reference: it copies). The one aliasing neither sees is a second
``jax.Array`` made by ``jax.device_put(x, device)`` onto x's own device, which shares the
buffer without referencing ``x``; the dialects make no such alias of a tensor (a same-device
copy asks ``may_alias=False``). One shared value and the step runs the ordinary, non-donating
executable: the same program, the same bits.

The donating executable is a second compilation of the program. ``payback_wait`` says for how
many replays to run the plain one first, after a cold compile (rent, then buy).
"""
from __future__ import annotations

import sys
import weakref
from typing import Any, Sequence

import jax

CHEAP_COMPILE = 0.05  # seconds: a cold compile this cheap is paid at once
SAVED_PER_BYTE = 1e-10  # seconds a step saves per donated byte (measured 1e-10 to 2.7e-10 on a CPU)
WAIT_MAX = 1 << 20  # replays
MIN_BYTES = 1 << 17  # donated bytes below which a new path does not donate (``worth``)

_refcount = sys.getrefcount


def count(values: list, index: int) -> int:
    """Python's references to ``values[index]`` (this frame's and the argument's included)."""
    value = values[index]
    return _refcount(value)


def _calibrate() -> int:
    """``count`` of a value held only by a node and the caller's list (the interpreter's own
    references counted as it counts them)."""
    class Held:
        __slots__ = ("value", "__weakref__")

    node, value = Held(), Held()
    node.value, values = value, [value]
    del value
    return count(values, 0)


ALONE = _calibrate()


def payback_wait(cold_seconds: float, nbytes: int, cheap: float = CHEAP_COMPILE,
                 saved_per_byte: float = SAVED_PER_BYTE) -> int:
    """Replays to run without donating before the donating twin's compile is worth paying: 0
    where the recorded program compiled cheaply or came from the persistent cache
    (``cache.cold_seconds`` 0), else the compile's seconds over the estimated saving per step."""
    if cold_seconds <= cheap:
        return 0
    return int(min(cold_seconds / max(saved_per_byte * nbytes, 1e-12), WAIT_MAX))


def worth(nbytes: int) -> bool:
    """Whether donating ``nbytes`` of state at each replay is worth a second executable: small
    buffers come from the allocator's free lists without page faults, so donating them saves
    next to nothing and costs a compile (in a test suite, one per small model)."""
    return nbytes >= MIN_BYTES


class Donor:
    """What a replay may donate (``donate``: the (input position, result position) pairs that
    ``executor.Prepared.run_values`` takes), and whether it may now.

    The caller passes, at each replay and before any other list holds them, a list with the
    current value of each candidate (in ``donate``'s order, each held by its node), then,
    after writing the results, the values it wrote there (``wrote``)."""

    __slots__ = ("donate", "wait", "refused", "_owned")

    def __init__(self, donate: tuple[tuple[int, int], ...], wait: int = 0, owned: Sequence[Any] = ()) -> None:
        self.donate = donate
        self.wait = wait  # replays left before the first donating one
        self.refused = 0  # replays in a row that found a candidate shared (see ``ready``)
        self._owned: list = [None] * len(donate)
        if owned:
            self.wrote(owned)

    def unshared(self, values: list, indexes: Sequence[int] | None = None) -> bool:
        """Whether every candidate (``values[i]`` for ``i`` in ``indexes``, all of ``values`` by
        default) is this donor's last written array and read by nothing but its node and
        ``values``."""
        for k, ref in enumerate(self._owned):
            i = k if indexes is None else indexes[k]
            if ref is None or ref() is not values[i] or count(values, i) != ALONE:
                return False
        return True

    def ready(self, values: list, indexes: Sequence[int] | None = None) -> tuple:
        """What to donate at this replay (``()``: run the plain executable)."""
        if self.wait:
            self.wait -= 1
            return ()
        if self.unshared(values, indexes):
            self.refused = 0
            return self.donate
        self.refused += 1
        return ()

    def wrote(self, arrays: Sequence[Any]) -> None:
        """Own what the replay wrote (only arrays XLA made may be donated at the next replay)."""
        self._owned = [weakref.ref(a) if isinstance(a, jax.Array) and not isinstance(a, jax.core.Tracer) else None
                       for a in arrays]
