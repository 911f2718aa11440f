"""Live differential tests of indexing against the real PyTorch: random indices mixing
ints, slices, None, '...', python and 0-d bools, int lists and tensors, bool masks (in and
out of range), read and assigned (broadcast values, duplicate indices), then the gather /
scatter family; values, dtypes, grad_fn names, gradients and error texts."""
from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

from live_harness import BothRaised, Pair, assert_same, assert_same_all, call_both, collecting, leaf, unwrap
from live_ops import arrays, shapes

ITEM_KINDS = ["int", "int", "slice", "slice", "none", "ellipsis", "bool", "list", "tensor", "mask", "int0d", "bool0d",
              "list_bools", "int32"]


def _pair_tensor(array: np.ndarray) -> Pair:
    return leaf(array)


@st.composite
def index_items(draw, shape: tuple):
    """A random index for ``shape``: mostly valid, at times out of range or too long."""
    items, dim = [], 0
    for _ in range(draw(st.integers(1, len(shape) + 1))):
        kind = draw(st.sampled_from(ITEM_KINDS))
        size = shape[dim] if dim < len(shape) else 2
        bad = draw(st.integers(0, 14)) == 0  # an index out of range
        bound = size + 2 if bad else size
        if kind == "int":
            items.append(draw(st.integers(-bound, bound - 1)))
        elif kind == "slice":
            items.append(slice(draw(st.sampled_from([None, 0, 1, -1])), draw(st.sampled_from([None, size, -1, 1])),
                               draw(st.sampled_from([None, 1, 2]))))
        elif kind == "none":
            items.append(None)
            continue
        elif kind == "ellipsis":
            if not any(i is Ellipsis for i in items):  # a second one followed by more items: torch reads past its sizes
                items.append(Ellipsis)
            continue
        elif kind == "bool":
            items.append(draw(st.booleans()))
            continue
        elif kind == "bool0d":
            items.append(_pair_tensor(np.array(draw(st.booleans()))))
            continue
        elif kind in ("list", "tensor", "int32"):
            n = draw(st.lists(st.integers(1, 3), min_size=1, max_size=2))
            values = np.random.default_rng(draw(st.integers(0, 999))).integers(-bound, bound, n)
            if kind == "list":
                items.append(values.reshape(-1).tolist() if len(n) == 1 else values.tolist())
            else:
                items.append(_pair_tensor(values.astype(np.int64 if kind == "tensor" else np.int32)))
        elif kind == "int0d":
            items.append(_pair_tensor(np.array(draw(st.integers(-bound, bound - 1)), np.int64)))
        elif kind == "list_bools":
            items.append([draw(st.booleans()) for _ in range(size if not bad else size + 1)])
        else:  # a mask over the next one or two dims
            k = min(draw(st.integers(1, 2)), max(len(shape) - dim, 1))
            mask_shape = tuple(shape[dim:dim + k]) or (2,)
            if bad:
                mask_shape = (mask_shape[0] + 1, *mask_shape[1:])
            items.append(_pair_tensor(np.random.default_rng(draw(st.integers(0, 999))).random(mask_shape) < 0.5))
            dim += k
            continue
        dim += 1
    if len(items) == 1 and draw(st.booleans()):
        return items[0]  # a lone item, not a tuple
    return tuple(items)


def _cotangent(data, out: Pair) -> Pair:
    return leaf(data.draw(arrays(tuple(out.real.shape), "float32"), label="cotangent"))


@given(st.data())
@collecting
def test_getitem_values_grads_and_errors(data):
    x = leaf(data.draw(arrays(data.draw(shapes(0, 3), label="shape"), "float32"), label="x"), True)
    index = data.draw(index_items(tuple(x.real.shape)), label="index")
    try:
        out = call_both(lambda ns, z, i: (z * 1)[i], x, index)
    except BothRaised:
        return
    assert_same(out, "x[index]")
    grads = call_both(lambda ns, o, z, g: ns.autograd.grad(o, z, g), out, x, _cotangent(data, out))
    assert_same_all(grads, "grad")


@given(st.data())
@collecting
def test_setitem_values_grads_and_errors(data):
    x = leaf(data.draw(arrays(data.draw(shapes(1, 3), label="shape"), "float32"), label="x"), True)
    index = data.draw(index_items(tuple(x.real.shape)), label="index")
    try:
        target = tuple(x.real.detach()[unwrap(index, False)].shape)
    except Exception:  # noqa: BLE001 - a bad index: the assignment below must fail alike
        target = ()
    value_kind = data.draw(st.sampled_from(["scalar", "full", "broadcast", "bad"]), label="value kind")
    if value_kind == "scalar":
        value = data.draw(st.sampled_from([2.5, -1.0, 3]), label="value")
    else:
        shape = target if value_kind == "full" else \
            tuple(1 if data.draw(st.booleans()) else d for d in target[data.draw(st.integers(0, len(target))):])
        if value_kind == "bad":
            shape = (*shape, 5)
        value = leaf(data.draw(arrays(shape, "float32"), label="value"), True)

    def assign(ns, z, i, v):
        y = z * 1
        y[i] = v
        return y
    try:
        out = call_both(assign, x, index, value)
    except BothRaised:
        return
    assert_same(out, "x[index] = value")
    wrt = [x] + ([value] if isinstance(value, Pair) else [])
    grads = call_both(lambda ns, o, w, g: ns.autograd.grad(o, w, g), out, wrt, _cotangent(data, out))
    assert_same_all(grads, "grad")


@given(st.data())
@collecting
def test_gather_scatter_family(data):
    shape = data.draw(shapes(1, 3), label="shape")
    x = leaf(data.draw(arrays(shape, "float32"), label="x"), True)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1), label="dim")
    axis = dim % len(shape)
    index_shape = tuple(data.draw(st.integers(1, d)) if k != axis else data.draw(st.integers(1, 4))
                        for k, d in enumerate(shape))
    high = shape[axis] + (1 if data.draw(st.integers(0, 9)) == 0 else 0)  # at times out of range
    rng = np.random.default_rng(data.draw(st.integers(0, 999), label="seed"))
    index = leaf(rng.integers(0, high, index_shape).astype(np.int64))
    src = leaf(data.draw(arrays(index_shape, "float32"), label="src"), True)
    mask = leaf(rng.random(shape[-data.draw(st.integers(1, len(shape))):]) < 0.5)
    vector = leaf(rng.integers(0, high, data.draw(st.integers(0, 4))).astype(np.int64))
    calls = {
        "gather": lambda ns, a, i, s, m, v: ns.gather(a, dim, i),
        "take_along_dim": lambda ns, a, i, s, m, v: ns.take_along_dim(a, i, dim),
        "scatter": lambda ns, a, i, s, m, v: (a * 1).scatter(dim, i, s),
        "scatter_value": lambda ns, a, i, s, m, v: ns.scatter(a, dim, i, 1.5),
        "scatter_add": lambda ns, a, i, s, m, v: ns.scatter_add(a, dim, i, s),
        "index_select": lambda ns, a, i, s, m, v: ns.index_select(a, dim, v),
        "masked_fill": lambda ns, a, i, s, m, v: a.masked_fill(m, -2.0),
        "masked_fill_tensor": lambda ns, a, i, s, m, v: ns.masked_fill(a, m, s.sum()),
    }
    name = data.draw(st.sampled_from(sorted(calls)), label="op")
    if name == "take_along_dim" and high > shape[axis]:
        return  # torch does not check these bounds (it reads outside the input)
    try:
        out = call_both(calls[name], x, index, src, mask, vector)
    except BothRaised:
        return
    assert_same(out, name)
    grads = call_both(lambda ns, o, w, g: ns.autograd.grad(o, w, g, allow_unused=True), out, [x, src],
                      _cotangent(data, out))
    assert_same_all(grads, f"{name} grad")
