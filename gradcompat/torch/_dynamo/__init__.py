"""``torch._dynamo``: what programs read of Dynamo here (``utils.counters``).

``torch.compile`` is gradcompat's guarded replay (``gradcompat.torch.guarded``), not Dynamo:
only the counters users read to see how often a function was traced are reproduced.
"""
from __future__ import annotations

from . import utils

__all__ = ["utils"]
