"""``keras.backend``: ``clear_session`` (fresh object names) and ``epsilon``."""
from __future__ import annotations

from . import naming


def clear_session() -> None:
    """Reset Keras's name counters: the next ``Dense`` is ``dense`` again."""
    naming.clear()


def epsilon() -> float:
    return 1e-7
