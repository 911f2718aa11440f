"""``torch._dynamo.utils.counters``: Dynamo's dict of ``Counter`` s, kept by ``torch.compile``.

What the guarded replay (``gradcompat.torch.guarded``) counts, under Dynamo's keys:
``counters["frames"]["total"]``: traces of a compiled function (first traces and re-traces);
``counters["frames"]["ok"]``: traces that gave a replayable program;
``counters["stats"]["unique_graphs"]``: programs kept for replay;
``counters["stats"]["calls_captured"]``: operations in those programs;
``counters["graph_break"][reason]``: traces that cannot be replayed, by reason (Dynamo's
message differs: there, a graph break splits the function; here the function runs its Python).
Replayed calls are not in Dynamo's counters: ``gradcompat.cache_info().replays`` has them.
Clearing it (``counters.clear()``) is as in torch.
"""
from __future__ import annotations

from collections import Counter, defaultdict

counters: defaultdict[str, Counter] = defaultdict(Counter)

__all__ = ["counters"]
