"""Live differential tests against the real PyTorch: creation functions (dtype, shape and
values of zeros / ones / full / arange / linspace / eye / *_like, tensor / as_tensor from
nested lists with dtype inference) and joins / splits (cat, stack, split, chunk) with
their gradients and errors."""
from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

from live_harness import BothRaised, assert_same, assert_same_all, call_both, collecting, leaf
from live_ops import arrays, shapes

DTYPE_NAMES = [None, "float32", "float64", "int64", "int32", "bool"]


def _dtype(ns, name):
    return None if name is None else getattr(ns, name)


@given(st.data())
@collecting
def test_creation_functions(data):
    shape = data.draw(shapes(0, 3), label="shape")
    dtype = data.draw(st.sampled_from(DTYPE_NAMES), label="dtype")
    fill = data.draw(st.sampled_from([0, 2, -1.5, True, 0.25]), label="fill")
    start, end = data.draw(st.sampled_from([(0, 5), (1, 4), (-2.5, 3), (3, 0), (0.5, 2)]), label="range")
    step = data.draw(st.sampled_from([1, 2, 0.5, -1]), label="step")
    steps = data.draw(st.integers(0, 5), label="steps")
    base = leaf(data.draw(arrays(shape, data.draw(st.sampled_from(["float32", "int64", "bool"])))))
    calls = {
        "zeros": lambda ns, b: ns.zeros(shape, dtype=_dtype(ns, dtype)),
        "ones": lambda ns, b: ns.ones(*shape, dtype=_dtype(ns, dtype)),
        "full": lambda ns, b: ns.full(shape, fill, dtype=_dtype(ns, dtype)),
        "arange": lambda ns, b: ns.arange(start, end, step, dtype=_dtype(ns, dtype)),
        "arange_end": lambda ns, b: ns.arange(end),
        "linspace": lambda ns, b: ns.linspace(start, end, steps, dtype=_dtype(ns, dtype)),
        "eye": lambda ns, b: ns.eye(steps, dtype=_dtype(ns, dtype)),
        "eye_rect": lambda ns, b: ns.eye(steps, 3, dtype=_dtype(ns, dtype)),
        "zeros_like": lambda ns, b: ns.zeros_like(b, dtype=_dtype(ns, dtype)),
        "ones_like": lambda ns, b: ns.ones_like(b),
        "full_like": lambda ns, b: ns.full_like(b, fill),
    }
    name = data.draw(st.sampled_from(sorted(calls)), label="function")
    try:
        out = call_both(calls[name], base)
    except BothRaised:
        return
    assert_same(out, name)


nested = st.recursive(st.one_of(st.integers(-3, 3), st.sampled_from([0.5, -1.25, 2.0]), st.booleans()),
                      lambda inner: st.lists(inner, min_size=1, max_size=3), max_leaves=8)


@given(st.data())
@collecting
def test_tensor_from_nested_lists(data):
    value = data.draw(nested, label="data")
    dtype = data.draw(st.sampled_from(DTYPE_NAMES), label="dtype")
    fn = data.draw(st.sampled_from(["tensor", "as_tensor"]), label="function")
    try:
        out = call_both(lambda ns: getattr(ns, fn)(value, dtype=_dtype(ns, dtype)))
    except BothRaised:
        return
    assert_same(out, fn)


@given(st.data())
@collecting
def test_cat_stack_split_chunk(data):
    shape = data.draw(shapes(1, 3), label="shape")
    n = data.draw(st.integers(1, 3), label="tensors")
    dim = data.draw(st.integers(-len(shape) - 1, len(shape)), label="dim")
    ts = []
    for _ in range(n):
        s = list(shape)
        if data.draw(st.booleans()) and -len(shape) <= dim < len(shape):
            s[dim] = data.draw(st.integers(0, 3))  # cat: other sizes along dim; stack: a shape error
        ts.append(leaf(data.draw(arrays(tuple(s), data.draw(st.sampled_from(["float32", "float32", "float64"])))),
                       True))
    size = data.draw(st.one_of(st.integers(1, 3), st.lists(st.integers(0, 3), min_size=1, max_size=3)), label="size")
    chunks = data.draw(st.integers(1, 4), label="chunks")
    calls = {
        "cat": lambda ns, xs: ns.cat(xs, dim),
        "stack": lambda ns, xs: ns.stack(xs, dim),
        "split": lambda ns, xs: ns.split(xs[0], size, dim),
        "chunk": lambda ns, xs: ns.chunk(xs[0], chunks, dim),
        "tensor_split_method": lambda ns, xs: xs[0].split(size, dim),
    }
    name = data.draw(st.sampled_from(sorted(calls)), label="function")
    try:
        out = call_both(calls[name], ts)
    except BothRaised:
        return
    outs = out if isinstance(out, tuple) else (out,)
    assert_same_all(outs, name)
    cotangents = tuple(leaf(data.draw(arrays(tuple(o.real.shape), str(o.real.dtype).removeprefix("torch."))))
                       for o in outs)
    grads = call_both(lambda ns, o, x, g: ns.autograd.grad(o, x, g, allow_unused=True), list(outs), ts,
                      list(cotangents))
    assert_same_all(grads, f"{name} grad")


def test_numpy_dtypes_kept():
    for array in (np.arange(3, dtype=np.int32), np.ones(2, np.float64), np.array([True])):
        assert_same(call_both(lambda ns, a: ns.tensor(a), array), "tensor(ndarray)")
