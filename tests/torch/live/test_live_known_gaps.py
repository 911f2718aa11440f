"""The known divergences from torch 2.13 (live_gaps): each reproduction must still diverge;
once one is fixed this fails, so its reproduction and KNOWN_GAPS entry get deleted."""
from __future__ import annotations

import numpy as np
import pytest

from live_gaps import AUTOGRAD_CASES, CASES, diverges
from live_harness import assert_same, call_both, leaf
from live_ops import GAP_CASES, KNOWN_GAPS


def test_known_gaps_still_diverge():
    fixed = [case for case in sorted(CASES) + sorted(AUTOGRAD_CASES) if not diverges(case)]
    assert not fixed, f"fixed: delete these reproductions and their KNOWN_GAPS entries: {fixed}"
    assert set(KNOWN_GAPS) == set(GAP_CASES)  # every avoided gap has its reproductions


def test_harness_accepts_matching_behaviour():
    """The harness itself: identical behaviour, errors included, passes."""
    a = leaf(np.array([1.0, 2.0], np.float32), True)
    assert_same(call_both(lambda ns, a: (a * 3).sum(), a))
    with pytest.raises(Exception, match="size of tensor a"):
        call_both(lambda ns, a, b: a + b, a, leaf(np.ones(3, np.float32)))
