"""Minimal reproductions of the divergences the random graphs found (live_ops.KNOWN_GAPS).

The random graphs avoid a gap only while its reproduction still diverges (``diverges``),
so a fix in gradcompat.torch brings those graphs back by itself; test_live_known_gaps.py
reports each reproduction as xfail (still diverging) or passed (fixed).
"""
from __future__ import annotations

import functools

import numpy as np

from live_harness import HISTORY, BothRaised, Diverged, assert_same, assert_same_all, call_both, leaf


def _run(fn, *args, flags: bool = True):
    assert_same_all(call_both(fn, *args), flags=flags)


def _create_graph_grad_requires_grad():
    x = leaf(np.array([1.0, 2.0], np.float32), True)
    # torch: d(2x)/dx = 2 does not require grad even under create_graph
    _run(lambda ns, x: ns.autograd.grad((x * 2).sum(), x, create_graph=True), x)


def _unused_second_derivative():
    x = leaf(np.array([1.0, 2.0], np.float32), True)
    z = leaf(np.array([3.0, 4.0], np.float32), True)
    # grad of (x*z) wrt x is z: its derivative wrt x is None in torch, zeros in ours
    _run(lambda ns, x, z: ns.autograd.grad(ns.autograd.grad((x * z).sum(), x, create_graph=True)[0].sum(),
                                           [x, z], allow_unused=True), x, z, flags=False)


def _pow_exponent_grad_at_zero():
    y = leaf(np.array(-0.5, np.float64), True)
    _run(lambda ns, y: ns.autograd.grad(ns.tensor(0) ** y, y), y)


CASES = {
    "3-D @ 3-D broadcast batch grad_fn CloneBackward0": (lambda ns, a, b: a @ b,
                                                         leaf(np.ones((1, 2, 3), np.float32), True),
                                                         leaf(np.ones((2, 3, 2), np.float32))),
}


AUTOGRAD_CASES = {"create_graph grads require grad": _create_graph_grad_requires_grad,
                  "unused second derivative is None": _unused_second_derivative,
                  "pow exponent grad at base 0": _pow_exponent_grad_at_zero}


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
