"""``torch.return_types``: the named tuples that multi-output functions return (``sort``,
``topk``, ``linalg_svd`` ...), as a module, so ``isinstance(out, torch.return_types.topk)``
and pickles work."""
from __future__ import annotations

import copyreg

from . import linalg, reductions

_ALL = {**reductions.return_types, **linalg.return_types}
globals().update(_ALL)


def _make(name: str, values: tuple):
    return _ALL[name](*values)


def _reduce(obj):
    # by this module's real path: ``torch.return_types`` is importable only under gradcompat run
    return (_make, (type(obj).__name__, tuple(obj)))


for _cls in _ALL.values():
    copyreg.pickle(_cls, _reduce)

__all__ = sorted(_ALL)
