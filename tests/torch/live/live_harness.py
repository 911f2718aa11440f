"""Differential harness: run the same computation in the real PyTorch and in gradcompat.torch.

A computation is built step by step on a :class:`Pair` of tensors (the real one and ours),
from the same numpy data. After every step both sides are compared: values (float32 to
rtol 1e-5 / atol 1e-6, float64 to 1e-12, integers and bools exactly), shape, dtype,
``requires_grad``, ``is_leaf`` and the ``grad_fn`` name. When the real torch raises, ours
must raise the same exception type with the same message (:func:`call_both`).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # the real PyTorch: the specification

import gradcompat.torch as gtorch  # noqa: E402

TOLERANCES = {"torch.float32": (1e-5, 1e-6), "torch.float64": (1e-7, 1e-9),  # a float64 result may have passed through float32 ops

              "torch.float16": (1e-3, 1e-3)}


@dataclasses.dataclass
class Pair:
    """The same tensor (or python value) on both sides."""

    real: Any
    ours: Any

    def side(self, ours: bool) -> Any:
        return self.ours if ours else self.real


def leaf(array: np.ndarray, requires_grad: bool = False) -> Pair:
    """``torch.tensor(array, requires_grad=...)`` on both sides (numpy dtypes are kept)."""
    return Pair(torch.tensor(array, requires_grad=requires_grad),
                gtorch.tensor(array, requires_grad=requires_grad))


def unwrap(x: Any, ours: bool) -> Any:
    """Replace every Pair inside lists/tuples/dicts by one side."""
    if isinstance(x, Pair):
        return x.side(ours)
    if isinstance(x, (list, tuple)):
        return type(x)(unwrap(v, ours) for v in x)
    if isinstance(x, dict):
        return {k: unwrap(v, ours) for k, v in x.items()}
    return x


def _pair_up(real: Any, ours: Any) -> Any:
    if isinstance(real, (tuple, list)) and not isinstance(real, torch.Size):
        _check(isinstance(ours, (tuple, list)), f"torch gave a {type(real).__name__}, ours {type(ours).__name__}")
        _check(len(real) == len(ours), f"torch gave {len(real)} results, ours {len(ours)}")
        return tuple(_pair_up(r, o) for r, o in zip(real, ours))
    return Pair(real, ours)


COLLECTED: dict[str, list] = {}  # divergence signature -> [count, first full message], when exploring


class Diverged(Exception):
    """Raised instead of an assertion error while collecting divergences (exploration)."""


HISTORY: list[str] = []  # the calls of the current example, for reproductions


def fail(message: str) -> None:
    """A divergence: an assertion error, or (``GRADCOMPAT_LIVE_COLLECT=1``) a recorded one
    that ends the current example, so one run lists every distinct divergence."""
    import os
    if HISTORY:
        message += "\nhistory of this example:\n  " + "\n  ".join(HISTORY)
    if os.environ.get("GRADCOMPAT_LIVE_COLLECT"):
        key = message.splitlines()[0][:300]
        COLLECTED.setdefault(key, [0, message])[0] += 1
        raise Diverged(key)
    raise AssertionError(message)


def collecting(test: Callable) -> Callable:
    """Put under ``@given``: while collecting divergences, one ends only its example."""
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        HISTORY.clear()
        try:
            return test(*args, **kwargs)
        except Diverged:
            return None
    return wrapper


class BothRaised(Exception):
    """Both sides raised the same error (carried for callers that stop there)."""

    def __init__(self, real: BaseException):
        super().__init__(f"{type(real).__name__}: {real}")
        self.real = real


def call_both(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """``fn(ns, *args, **kwargs)`` with ``ns`` the real torch module, then gradcompat.torch.

    Pairs among the arguments are unwrapped to each side. Results come back paired. If
    torch raises, ours must raise the same type and message, and ``BothRaised`` is raised.
    """
    HISTORY.append(_describe(fn, args, kwargs))
    try:
        real = fn(torch, *unwrap(args, False), **unwrap(kwargs, False))
    except Exception as exc:  # noqa: BLE001 - any torch error is part of the specification
        if "INTERNAL ASSERT FAILED" in str(exc):
            raise BothRaised(exc) from None  # a bug of torch's own: nothing to reproduce
        real_exc = exc
    else:
        real_exc = None
    try:
        ours = fn(gtorch, *unwrap(args, True), **unwrap(kwargs, True))
    except Exception as exc:  # noqa: BLE001
        if real_exc is None:
            fail(f"torch succeeded but gradcompat raised {type(exc).__name__}: {exc}\n"
                 f"call: {_describe(fn, args, kwargs)}")
        if type(exc).__name__ != type(real_exc).__name__ or str(exc) != str(real_exc):
            fail(f"torch raised {type(real_exc).__name__}: {real_exc}\n gradcompat raised "
                 f"{type(exc).__name__}: {exc}\ncall: {_describe(fn, args, kwargs)}")
        raise BothRaised(real_exc) from None
    if real_exc is not None:
        fail(f"torch raised {type(real_exc).__name__}: {real_exc}\n but gradcompat returned {ours!r}\n"
             f"call: {_describe(fn, args, kwargs)}")
    return _pair_up(real, ours)


def _describe(fn: Callable, args: tuple, kwargs: dict) -> str:
    """The call's source line and its real-torch arguments, for a reproduction."""
    import inspect
    try:
        src = inspect.getsource(fn).strip()
    except (OSError, TypeError):
        src = repr(fn)
    args = repr(unwrap(args, False)).replace("\n", " ")
    return f"{src}  with args {args} {unwrap(kwargs, False)!r}"


def assert_same_error(real: BaseException, ours: BaseException) -> None:
    """Same exception type (by name: torch's own classes have no twin here) and message."""
    assert type(ours).__name__ == type(real).__name__, (
        f"torch raised {type(real).__name__}: {real}\ngradcompat raised {type(ours).__name__}: {ours}")
    assert str(ours) == str(real), f"messages differ:\n torch: {real}\n ours:  {ours}"


def grad_fn_name(t: Any) -> str | None:
    fn = t.grad_fn
    return None if fn is None else fn.name()


def _check(ok: bool, message: str) -> None:
    if not ok:
        fail(message)


def assert_same(pair: Pair, what: str = "tensor", *, grad_fn: bool = True, flags: bool = True,
                nonfinite_kind: bool = True, tol: tuple[float, float] | None = None) -> None:
    """Both sides hold the same tensor: shape, dtype, autograd flags and values
    (``flags=False``: not requires_grad/is_leaf/grad_fn; ``nonfinite_kind=False``: where
    torch has inf or nan, ours need only be non-finite too)."""
    real, ours = pair.real, pair.ours
    if real is None or ours is None:
        _check(real is None and ours is None, f"{what}: torch {real!r}, ours {ours!r}")
        return
    if not isinstance(real, torch.Tensor):
        _check(not isinstance(ours, gtorch.Tensor) and real == ours, f"{what}: torch {real!r}, ours {ours!r}")
        return
    _check(isinstance(ours, gtorch.Tensor), f"{what}: ours is a {type(ours).__name__}")
    _check(tuple(ours.shape) == tuple(real.shape), f"{what}: shape {tuple(ours.shape)} != {tuple(real.shape)}")
    _check(str(ours.dtype) == str(real.dtype), f"{what}: dtype {ours.dtype} != {real.dtype} (torch)")
    if flags:
        _check(ours.requires_grad == real.requires_grad, f"{what}: requires_grad {ours.requires_grad} (torch "
               f"{real.requires_grad})")
        _check(ours.is_leaf == real.is_leaf, f"{what}: is_leaf {ours.is_leaf} != {real.is_leaf} (torch)")
    if grad_fn and flags:
        _check(grad_fn_name(ours) == grad_fn_name(real),
               f"{what}: grad_fn {grad_fn_name(ours)} != {grad_fn_name(real)} (torch)")
    expected = real.detach().numpy()
    got = np.asarray(ours.detach().numpy())
    if not nonfinite_kind and expected.dtype.kind == "f":
        _check(bool(np.all(np.isfinite(got) == np.isfinite(expected))), f"{what}: finite where torch is not")
        got, expected = np.where(np.isfinite(expected), got, 0), np.where(np.isfinite(expected), expected, 0)
    rtol, atol = TOLERANCES.get(str(real.dtype), (0, 0)) if tol is None or not rtol_float(real) else tol
    try:
        if rtol:
            np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
        else:
            np.testing.assert_array_equal(got, expected, err_msg=what)
    except AssertionError as exc:
        fail(f"{what}: values differ ({real.dtype}){exc}")


def rtol_float(t: Any) -> bool:
    return str(t.dtype) in TOLERANCES


def assert_same_all(pairs: Any, what: str = "result", **kw: Any) -> None:
    """``assert_same`` over a (nested) tuple of Pairs."""
    if isinstance(pairs, tuple):
        for i, p in enumerate(pairs):
            assert_same_all(p, f"{what}[{i}]", **kw)
    else:
        assert_same(pairs, what, **kw)
