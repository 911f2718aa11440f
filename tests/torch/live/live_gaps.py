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
    "bool neg": (lambda ns, a: -a, leaf(np.array([True, False]))),
    "bool sub": (lambda ns, a: a - a, leaf(np.array([True, False]))),
    "bool pow": (lambda ns, a: a ** a, leaf(np.array([True, False]))),
    "bool matmul": (lambda ns, a: a @ a, leaf(np.ones((2, 2), bool))),
    "matmul mixed dtypes 3-D @ 1-D": (lambda ns, a, b: a @ b, leaf(np.ones((2, 1, 1), bool)),
                                      leaf(np.array([-3]))),
    "dot size mismatch": (lambda ns, a, b: a @ b, leaf(np.array([1.0, 2.0], np.float32)),
                          leaf(np.array([1.0], np.float32))),
    "sum(dim=0) of a 0-d tensor": (lambda ns, a: a.sum(0), leaf(np.array(1.5, np.float32))),
    "mean(dim=-1, keepdim) of a 0-d tensor": (lambda ns, a: ns.mean(a, -1, keepdim=True),
                                              leaf(np.array(1.5, np.float32))),
    ".long() of a tensor that requires grad": (lambda ns, a: a.long(), leaf(np.array([1.5], np.float32), True)),
    "nan.long()": (lambda ns, a: a.long(), leaf(np.array([np.nan], np.float32))),
    "int tensor ** negative int tensor": (lambda ns, a: a ** a, leaf(np.array(-2))),
    "index out of range": (lambda ns, a: a[5], leaf(np.array([1.0, 2.0], np.float32))),
    "floor of bool": (lambda ns, a: ns.floor(a), leaf(np.array([True, False]))),
    "relu of bool": (lambda ns, a: ns.relu(a), leaf(np.array([True, False]))),
    "sign of bool": (lambda ns, a: ns.sign(a), leaf(np.array([True, False]))),
    "sign of nan": (lambda ns, a: ns.sign(a), leaf(np.array([np.nan, 1.0], np.float32))),
    "permute() of a 0-d tensor": (lambda ns, a: a.permute(), leaf(np.array(1.0, np.float32))),
    "minimum grad at nan": (lambda ns, a, b: ns.autograd.grad(ns.minimum(a, b).sum(), [a, b]),
                            leaf(np.array([np.nan, 1.0], np.float32), True),
                            leaf(np.array([2.0, 0.5], np.float32), True)),
    "t() grad_fn TBackward0": (lambda ns, a: a.t(), leaf(np.ones((2, 3), np.float32), True)),
    "3-D @ 1-D grad_fn UnsafeViewBackward0": (lambda ns, a, b: a @ b, leaf(np.ones((2, 2, 3), np.float32), True),
                                              leaf(np.ones(3, np.float32))),
    "x[None, :] grad_fn": (lambda ns, a: a[None, :], leaf(np.ones(3, np.float32), True)),
    "x[None, ...] grad_fn": (lambda ns, a: a[None, ...], leaf(np.ones(3, np.float32), True)),
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
