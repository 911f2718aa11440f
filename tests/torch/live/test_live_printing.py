"""Live differential tests of printing: repr/str of random tensors must be identical strings.

Random shapes (empty, scalar, wide, and large enough to be summarized), dtypes, value
scales (fixed and scientific notation, integer-valued floats), nan/inf, requires_grad and
grad_fn suffixes.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

from live_harness import Pair, collecting, fail, gtorch, torch

PRINT_DTYPES = ("float32", "float64", "int64", "int32", "bool", "float16", "uint8", "int8")


@st.composite
def printable(draw) -> Pair:
    shape = tuple(draw(st.lists(st.sampled_from([0, 1, 2, 3, 5, 9]), max_size=4)))
    if draw(st.integers(0, 9)) == 0:
        shape = draw(st.sampled_from([(1001,), (40, 30), (2, 600), (3, 4, 100)]))  # summarized
    dtype = draw(st.sampled_from(PRINT_DTYPES))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if dtype == "bool":
        values = rng.random(shape) < 0.5
    elif dtype in ("int64", "int32", "int8", "uint8"):
        hi = {"int8": 127, "uint8": 255}.get(dtype, 10 ** draw(st.integers(0, 12)))
        values = rng.integers(0 if dtype == "uint8" else -hi, hi, shape, endpoint=True).astype(dtype)
    else:
        scale = 10.0 ** draw(st.integers(-9, 9))
        kind = draw(st.sampled_from(["normal", "integers", "positive", "mixed scales"]))
        values = {"normal": lambda: rng.normal(size=shape) * scale,
                  "integers": lambda: np.round(rng.normal(size=shape) * 10),
                  "positive": lambda: rng.random(shape) * scale,
                  "mixed scales": lambda: rng.normal(size=shape) * 10.0 ** rng.integers(-6, 7, shape)}[kind]()
        if values.size and draw(st.booleans()):
            flat = values.reshape(-1)
            flat[rng.integers(0, flat.size, 2)] = draw(st.sampled_from([np.nan, np.inf, -np.inf, 0.0]))
        with np.errstate(over="ignore"):  # float16 overflows to inf, as it would in torch
            values = values.astype(dtype)
    requires_grad = dtype in ("float32", "float64", "float16") and draw(st.booleans())
    pair = Pair(torch.tensor(values, requires_grad=requires_grad), gtorch.tensor(values, requires_grad=requires_grad))
    if requires_grad and draw(st.booleans()):
        pair = Pair(pair.real * 1, pair.ours * 1)  # a grad_fn suffix
    return pair


@given(printable())
@collecting
def test_repr_and_str_identical(pair):
    with np.errstate(all="ignore"):
        for show in (repr, str):
            expected, got = show(pair.real), show(pair.ours)
            if got != expected:
                fail(f"{show.__name__} differs:\ntorch:\n{expected}\nours:\n{got}")
