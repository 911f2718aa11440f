"""Live differential tests of torch.nn.functional against the real PyTorch: random shapes
and arguments for convolutions, pooling, normalization and losses; values and gradients."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

torch = pytest.importorskip("torch")

import gradcompat.torch as gtorch  # noqa: E402


def _run(fn_name, arrays, kwargs, int_arrays=()):
    """Call F.<fn_name> on both sides; return (value, grads) for each side."""
    out = []
    for lib in (torch, gtorch):
        F = lib.nn.functional
        ts = [lib.tensor(a, requires_grad=True) for a in arrays]
        ints = [lib.tensor(a) for a in int_arrays]
        try:
            y = getattr(F, fn_name)(*ts, *ints, **kwargs)
        except Exception as exc:  # torch refused: ours must refuse alike
            if lib is gtorch:
                raise
            with pytest.raises(type(exc)) as ours:
                getattr(gtorch.nn.functional, fn_name)(*[gtorch.tensor(a) for a in arrays],
                                                        *[gtorch.tensor(a) for a in int_arrays], **kwargs)
            assert str(ours.value) == str(exc)
            return
        weights = lib.tensor(np.linspace(-1, 1, y.numel()).reshape(tuple(y.shape)).astype(np.float32))
        grads = lib.autograd.grad((y * weights).sum(), ts)
        out.append((y.detach().numpy(), [g.detach().numpy() for g in grads], y.grad_fn.name()))
    (rv, rg, rn), (ov, og, on) = out
    np.testing.assert_allclose(ov, rv, rtol=1e-4, atol=1e-5)
    for a, b in zip(og, rg):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert on == rn


def _data(seed, *shape):
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


@given(seed=st.integers(0, 2 ** 16), batch=st.lists(st.integers(1, 3), max_size=2), fin=st.integers(1, 3),
       fout=st.integers(1, 3), bias=st.booleans())
def test_linear(seed, batch, fin, fout, bias):
    """F.linear on 1-D to 3-D inputs, with and without bias (grad_fn names included)."""
    arrays = [_data(seed, *batch, fin), _data(seed + 1, fout, fin)]
    if bias:
        arrays.append(_data(seed + 2, fout))
    _run("linear", arrays, {})


@given(seed=st.integers(0, 2 ** 16), n=st.integers(1, 2), cin=st.integers(1, 3), cout=st.integers(1, 3),
       h=st.integers(4, 7), w=st.integers(4, 7), k=st.integers(1, 3), stride=st.integers(1, 2),
       padding=st.integers(0, 1), dilation=st.integers(1, 2), bias=st.booleans())
def test_conv2d(seed, n, cin, cout, h, w, k, stride, padding, dilation, bias):
    arrays = [_data(seed, n, cin, h, w), _data(seed + 1, cout, cin, k, k)]
    if bias:
        arrays.append(_data(seed + 2, cout))
    _run("conv2d", arrays, dict(stride=stride, padding=padding, dilation=dilation))


@given(seed=st.integers(0, 2 ** 16), h=st.integers(3, 8), w=st.integers(3, 8), k=st.integers(1, 3),
       stride=st.integers(1, 3), padding=st.integers(0, 1), ceil_mode=st.booleans(), kind=st.sampled_from(
           ["max", "avg", "avg_exclude"]))
def test_pool2d(seed, h, w, k, stride, padding, ceil_mode, kind):
    if padding > k // 2:
        return
    x = _data(seed, 2, 2, h, w)
    if kind == "max":
        _run("max_pool2d", [x], dict(kernel_size=k, stride=stride, padding=padding, ceil_mode=ceil_mode))
    else:
        _run("avg_pool2d", [x], dict(kernel_size=k, stride=stride, padding=padding, ceil_mode=ceil_mode,
                                     count_include_pad=kind == "avg"))


@given(seed=st.integers(0, 2 ** 16), n=st.integers(2, 6), c=st.integers(2, 5),
       reduction=st.sampled_from(["mean", "sum", "none"]), smoothing=st.sampled_from([0.0, 0.1]),
       weighted=st.booleans(), ignore=st.booleans())
def test_cross_entropy(seed, n, c, reduction, smoothing, weighted, ignore):
    rng = np.random.default_rng(seed)
    target = rng.integers(0, c, n)
    if ignore:
        target[0] = -100
    kwargs = dict(reduction=reduction, label_smoothing=smoothing)
    arrays = [_data(seed, n, c)]
    if weighted:
        for lib_kwargs in (kwargs,):
            lib_kwargs["weight"] = None  # set per side below
        weight = rng.uniform(0.5, 2.0, c).astype(np.float32)
        out = []
        for lib in (torch, gtorch):
            x = lib.tensor(arrays[0], requires_grad=True)
            y = lib.nn.functional.cross_entropy(x, lib.tensor(target), weight=lib.tensor(weight),
                                                reduction=reduction, label_smoothing=smoothing)
            (g,) = lib.autograd.grad(y.sum(), x)
            out.append((y.detach().numpy(), g.numpy()))
        np.testing.assert_allclose(out[1][0], out[0][0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(out[1][1], out[0][1], rtol=1e-5, atol=1e-6)
        return
    _run("cross_entropy", arrays, kwargs, int_arrays=[target])


@given(seed=st.integers(0, 2 ** 16), n=st.integers(2, 5), c=st.integers(1, 4), l=st.integers(1, 3),
       fn=st.sampled_from(["batch_norm_train", "layer_norm", "mse_loss", "l1_loss", "smooth_l1_loss",
                           "binary_cross_entropy_with_logits"]))
def test_norms_and_losses(seed, n, c, l, fn):
    x = _data(seed, n, c, l)
    if fn == "batch_norm_train":
        _run("batch_norm", [x, _data(seed + 1, c), _data(seed + 2, c)], dict(training=True, running_mean=None,
                                                                              running_var=None))
    elif fn == "layer_norm":
        _run("layer_norm", [x, _data(seed + 1, c, l), _data(seed + 2, c, l)], dict(normalized_shape=(c, l)))
    elif fn == "binary_cross_entropy_with_logits":
        target = (np.random.default_rng(seed).uniform(size=x.shape) > 0.5).astype(np.float32)
        _run(fn, [x, target], {})
    else:
        _run(fn, [x, _data(seed + 1, n, c, l)], {})
