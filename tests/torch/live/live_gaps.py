"""Minimal reproductions of the divergences the random graphs found (live_ops.KNOWN_GAPS).

The random graphs avoid a gap only while its reproduction still diverges (``diverges``),
so a fix in gradcompat.torch brings those graphs back by itself; test_live_known_gaps.py
reports each reproduction as xfail (still diverging) or passed (fixed).
"""
from __future__ import annotations

import functools

from live_harness import HISTORY, BothRaised, Diverged, assert_same_all, call_both


def _run(fn, *args, flags: bool = True):
    assert_same_all(call_both(fn, *args), flags=flags)


CASES: dict = {}


AUTOGRAD_CASES: dict = {}


def run_case(name: str) -> None:
    """Run one reproduction; raises AssertionError while ours still diverge."""
    if name in AUTOGRAD_CASES:
        AUTOGRAD_CASES[name]()
    else:
        fn, *args = CASES[name]
        _run(fn, *args)


@functools.lru_cache(maxsize=None)
def diverges(name: str) -> bool:
    """Whether the reproduction ``name`` still shows the divergence (checked once per run)."""
    try:
        run_case(name)
    except (AssertionError, Diverged):
        return True
    except BothRaised:
        return False  # the same error on both sides: fixed
    finally:
        HISTORY.clear()
    return False
