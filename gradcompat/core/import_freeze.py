"""Keep the objects that importing a dialect creates out of Python's cyclic garbage collector.

Importing JAX and a dialect leaves ~100,000 long-lived objects tracked by the collector. A
program that builds a deep autograd graph allocates steadily, so full collections run often
and re-scan all of them: ~10-20% of an eager op's time in a 30,000-op chain. ``gc.freeze()``
moves them to the permanent generation, where collections skip them. They are module-level
objects that live as long as the process anyway. Known difference: ``gc.get_objects()`` and
``gc.get_referrers()`` no longer list them, and cyclic garbage that already exists when the
dialect is imported is never collected. ``GRADCOMPAT_GC_FREEZE=0`` turns this off.
"""
from __future__ import annotations

import gc
import os


def freeze_import_objects() -> None:
    """``gc.freeze()`` after a dialect's import, unless ``GRADCOMPAT_GC_FREEZE=0``."""
    if os.environ.get("GRADCOMPAT_GC_FREEZE", "1") != "0":
        gc.freeze()
