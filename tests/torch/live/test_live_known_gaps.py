"""The known divergences from torch 2.13 (live_gaps): xfail while ours still diverge,
passed once fixed (then delete the reproduction and its KNOWN_GAPS entry)."""
from __future__ import annotations

import numpy as np
import pytest

from live_gaps import AUTOGRAD_CASES, CASES, diverges
from live_harness import assert_same, call_both, leaf


@pytest.mark.parametrize("case", sorted(CASES) + sorted(AUTOGRAD_CASES))
def test_known_gap(case):
    if diverges(case):
        pytest.xfail(f"known divergence from torch 2.13: {case}")


def test_harness_accepts_matching_behaviour():
    """The harness itself: identical behaviour, errors included, passes."""
    a = leaf(np.array([1.0, 2.0], np.float32), True)
    assert_same(call_both(lambda ns, a: (a * 3).sum(), a))
    with pytest.raises(Exception, match="size of tensor a"):
        call_both(lambda ns, a, b: a + b, a, leaf(np.ones(3, np.float32)))
