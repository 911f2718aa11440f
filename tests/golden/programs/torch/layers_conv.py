"""Convolution layers beyond Conv1d/2d: Conv3d, ConvTranspose1d/2d/3d (stride, padding,
output_padding, groups, dilation, output_size=), padding modes, F.pad modes: values,
gradients wrt input and weights, grad_fn names, reprs, state_dict keys, errors."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)


def t(*shape, grad=True):
    return torch.tensor(rng.normal(size=shape).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


def load(m):
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.tensor(rng.normal(size=tuple(p.shape)).astype(np.float32)))
    return m


# conv3d
x, w, b = t(2, 3, 5, 6, 4), t(4, 3, 3, 2, 2), t(4)
check("conv3d", F.conv3d(x, w, b), x, w, b)
check("conv3d_stride_pad", F.conv3d(x, w, None, stride=(2, 1, 2), padding=(1, 0, 1), dilation=(1, 2, 1)), x, w)
check("conv3d_unbatched", F.conv3d(x[0].double(), w.double(), b.double(), padding="same"), x, w, b)
wg = t(6, 1, 2, 2, 2)
check("conv3d_groups", F.conv3d(t(1, 3, 4, 4, 4), wg, groups=3), wg)
c3 = load(nn.Conv3d(3, 4, (3, 2, 2), stride=2, padding=1))
check("conv3d_module", c3(x), x, c3.weight, c3.bias)
emit("conv3d_shapes", [tuple(p.shape) for p in c3.parameters()])
emit_text("conv3d_keys", list(c3.state_dict().keys()))
expect_error("conv3d_rank", lambda: F.conv3d(t(3, 4, 4), w), "Expected 4D (unbatched) or 5D (batched) input")

# transposed convolutions
x, w, b = t(2, 3, 6), t(3, 2, 3), t(2)
check("convt1d", F.conv_transpose1d(x, w, b), x, w, b)
check("convt1d_stride", F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1), x, w, b)
check("convt1d_dilation", F.conv_transpose1d(x, w, None, stride=3, padding=2, dilation=2), x, w)
check("convt1d_bigpad", F.conv_transpose1d(x, w, b, padding=3), x, w, b)
wg = t(4, 3, 2)
x4 = t(2, 4, 5)
check("convt1d_groups", F.conv_transpose1d(x4, wg, None, stride=2, groups=2), x4, wg)
check("convt1d_unbatched", F.conv_transpose1d(x[1], w, b, stride=2), x, w, b)
x, w, b = t(2, 4, 5, 4), t(4, 3, 3, 2), t(6)
check("convt2d", F.conv_transpose2d(x, w, b[:3]), x, w)
check("convt2d_all", F.conv_transpose2d(x, t(4, 3, 3, 3), b, stride=(2, 3), padding=(1, 2), output_padding=(1, 2),
                                        groups=2, dilation=(2, 1)), x)
ct2 = load(nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, groups=2))
check("convt2d_module", ct2(x), x, ct2.weight, ct2.bias)
check("convt2d_output_size", ct2(x, output_size=(10, 8)), x, ct2.weight)
check("convt2d_output_size4", ct2(x, output_size=[2, 6, 9, 8]), x, ct2.weight)
emit("convt2d_shapes", [tuple(p.shape) for p in ct2.parameters()])
emit_text("convt2d_keys", list(ct2.state_dict().keys()))
expect_error("convt2d_output_size_bad", lambda: ct2(x, output_size=(20, 20)), "requested an output size of")
x, w = t(1, 2, 3, 4, 3), t(2, 3, 2, 3, 2)
check("convt3d", F.conv_transpose3d(x, w, None, stride=2, padding=(0, 1, 0), output_padding=(1, 0, 0)), x, w)
ct3 = load(nn.ConvTranspose3d(2, 3, 2, stride=(1, 2, 2)))
check("convt3d_module", ct3(x), x, ct3.weight, ct3.bias)
ct1 = load(nn.ConvTranspose1d(3, 2, 4, stride=2, padding=1, bias=False))
xx = t(2, 3, 7)
check("convt1d_module", ct1(xx), xx, ct1.weight)
emit("convt1d_output_size", tuple(ct1(xx, output_size=[15]).shape))
expect_error("convt_channels", lambda: F.conv_transpose2d(t(1, 3, 4, 4), t(2, 4, 3, 3)), "Given transposed=1")
expect_error("convt_rank", lambda: F.conv_transpose2d(t(3, 4, 4, 4, 4), t(2, 4, 3, 3)),
             "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d")
expect_error("convt_output_padding", lambda: F.conv_transpose1d(t(1, 2, 4), t(2, 4, 3), output_padding=2, stride=2),
             "output padding must be smaller than either stride or dilation")
expect_error("convt_padding_mode", lambda: nn.ConvTranspose1d(2, 4, 3, padding_mode="reflect"),
             'Only "zeros" padding mode is supported for ConvTranspose1d')

# padding modes of Conv1d / Conv2d
x1 = t(2, 3, 7)
for mode in ("reflect", "replicate", "circular"):
    c = load(nn.Conv1d(3, 2, 3, padding=2, padding_mode=mode))
    check(f"conv1d_{mode}", c(x1), x1, c.weight, c.bias)
    c = load(nn.Conv2d(3, 2, (3, 2), padding=(1, 2), stride=(1, 2), padding_mode=mode))
    x2 = t(2, 3, 5, 6)
    check(f"conv2d_{mode}", c(x2), x2, c.weight, c.bias)
c = load(nn.Conv2d(3, 2, (3, 4), padding="same", padding_mode="reflect", dilation=(1, 1)))
check("conv2d_same_reflect", c(x2), x2, c.weight)
expect_error("conv_padding_mode_bad", lambda: nn.Conv2d(2, 3, 3, padding_mode="foo"), "padding_mode must be one of")
expect_error("conv_same_strided", lambda: nn.Conv2d(2, 3, 3, padding="same", stride=2),
             "padding='same' is not supported for strided convolutions")

emit_text("reprs", [repr(m) for m in [
    nn.Conv3d(2, 4, 3), nn.Conv3d(2, 4, (3, 1, 2), stride=(2, 1, 1), padding=1, groups=2, bias=False),
    nn.ConvTranspose1d(2, 4, 3), nn.ConvTranspose2d(2, 4, 3, stride=2, output_padding=1, groups=2, dilation=2,
                                                    padding=1, bias=False),
    nn.ConvTranspose3d(2, 4, (1, 2, 3)), nn.Conv2d(2, 3, 3, padding_mode="reflect", padding=1),
    nn.Conv1d(2, 3, 3, padding_mode="circular", padding="same")]])

# F.pad modes
xp = t(1, 2, 5)
for mode in ("constant", "reflect", "replicate", "circular"):
    check(f"pad1d_{mode}", F.pad(xp, (2, 1), mode=mode), xp)
xq = t(1, 2, 4, 5)
for mode in ("reflect", "replicate", "circular"):
    check(f"pad2d_{mode}", F.pad(xq, (1, 2, 3, 0), mode=mode), xq)
xr = t(1, 1, 3, 3, 4)
for mode in ("reflect", "replicate", "circular"):
    check(f"pad3d_{mode}", F.pad(xr, (1, 1, 2, 0, 1, 2), mode=mode), xr)
check("pad_negative", F.pad(xq, (-1, 2, 1, -2), value=3.5), xq)
check("pad_constant_value", F.pad(xq, (1, 1, 1, 1, 1, 0), value=-1.0), xq)
expect_error("pad_reflect_big", lambda: F.pad(t(1, 2, 4), (5, 5), mode="reflect"), "Padding size should be less")
expect_error("pad_reflect_rank", lambda: F.pad(t(4), (1, 1), mode="reflect"), "is not supported for 1D input")
expect_error("pad_mode_bad", lambda: F.pad(t(1, 2, 4), (1, 1), mode="foo"), "Unrecognised padding mode foo")
expect_error("pad_circular_wrap", lambda: F.pad(t(2, 4), (5, 5), mode="circular"), "wrapping around more than once")
expect_error("pad_odd", lambda: F.pad(t(2, 4), (1, 1, 1)), "Padding length must be divisible by 2")
expect_error("convt_stride0", lambda: F.conv_transpose2d(t(1, 2, 3, 3), t(2, 3, 2, 2), stride=0),
             "non-positive stride is not supported")
emit_text("convt_same_repr", repr(nn.ConvTranspose2d(2, 3, 3, padding="same")))
