"""Pooling: MaxPool1d/2d/3d (return_indices, ceil_mode, dilation), AvgPool1d/2d/3d
(ceil_mode, count_include_pad, divisor_override), adaptive average and max pooling (windows
that do not divide), MaxUnpool: values, gradients, index tensors, grad_fn names, reprs, errors."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(12)


def t(*shape, grad=True):
    return torch.tensor(rng.normal(size=shape).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    if isinstance(out, tuple):
        emit(name + "_indices", out[1])
        out = out[0]
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


x1, x2, x3 = t(2, 3, 9), t(2, 2, 7, 8), t(1, 2, 5, 6, 7)
# max pooling
check("max1d", F.max_pool1d(x1, 3), x1)
check("max1d_all", F.max_pool1d(x1, 3, stride=2, padding=1, dilation=2, ceil_mode=True, return_indices=True), x1)
check("max1d_unbatched", F.max_pool1d(x1[0], 2, return_indices=True), x1)
check("max2d_indices", F.max_pool2d(x2, (3, 2), stride=(2, 3), padding=1, return_indices=True), x2)
check("max2d_ceil", F.max_pool2d(x2, 3, stride=2, ceil_mode=True, return_indices=True), x2)
check("max2d_dilation", F.max_pool2d(x2, 2, stride=1, dilation=(2, 3), return_indices=True), x2)
check("max3d", F.max_pool3d(x3, 2), x3)
check("max3d_indices", F.max_pool3d(x3, (2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0), ceil_mode=True,
                                    return_indices=True), x3)
check("max3d_unbatched", F.max_pool3d(x3[0], 3, stride=2, return_indices=True), x3)
xt = torch.tensor([[[1.0, 3.0, 3.0, 2.0, 2.0, 0.0]]], requires_grad=True)
check("max1d_ties", F.max_pool1d(xt, 3, stride=1, return_indices=True), xt)
mp = nn.MaxPool2d(2, return_indices=True)
check("maxpool2d_module", mp(x2), x2)
mp3 = nn.MaxPool3d(2, stride=1)
check("maxpool3d_module", mp3(x3), x3)
mp1 = nn.MaxPool1d(4, stride=3, ceil_mode=True)
check("maxpool1d_module", mp1(x1), x1)

# average pooling
check("avg1d", F.avg_pool1d(x1, 3), x1)
check("avg1d_pad", F.avg_pool1d(x1, 4, stride=2, padding=2, ceil_mode=True, count_include_pad=False), x1)
check("avg1d_pad_incl", F.avg_pool1d(x1, 4, stride=3, padding=2, ceil_mode=True), x1)
check("avg2d_ceil", F.avg_pool2d(x2, 3, stride=2, padding=1, ceil_mode=True), x2)
check("avg2d_ceil_excl", F.avg_pool2d(x2, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), x2)
check("avg2d_divisor", F.avg_pool2d(x2, 2, divisor_override=3), x2)
check("avg3d", F.avg_pool3d(x3, 2), x3)
check("avg3d_all", F.avg_pool3d(x3, (2, 3, 3), stride=2, padding=1, ceil_mode=True, count_include_pad=False), x3)
check("avg3d_divisor", F.avg_pool3d(x3, 3, stride=(1, 2, 2), padding=1, divisor_override=5), x3)
ap1 = nn.AvgPool1d(3, 2, padding=1)
check("avgpool1d_module", ap1(x1), x1)
ap3 = nn.AvgPool3d(2, stride=(2, 1, 2), ceil_mode=True)
check("avgpool3d_module", ap3(x3), x3)

# adaptive pooling
for size in (1, 2, 4, 5, 9, 12):
    check(f"aavg1d_{size}", F.adaptive_avg_pool1d(x1, size), x1)
check("aavg2d", F.adaptive_avg_pool2d(x2, (3, 5)), x2)
check("aavg2d_none", F.adaptive_avg_pool2d(x2, (None, 3)), x2)
check("aavg2d_global", F.adaptive_avg_pool2d(x2, 1), x2)
check("aavg2d_same", F.adaptive_avg_pool2d(x2, (7, 8)), x2)
check("aavg2d_unbatched", F.adaptive_avg_pool2d(x2[0], 4), x2)
check("aavg3d", F.adaptive_avg_pool3d(x3, (2, 4, 3)), x3)
check("amax1d", F.adaptive_max_pool1d(x1, 4, return_indices=True), x1)
check("amax2d", F.adaptive_max_pool2d(x2, (3, 5), return_indices=True), x2)
check("amax2d_noidx", F.adaptive_max_pool2d(x2, (5, 3)), x2)
check("amax2d_none", F.adaptive_max_pool2d(x2[1], (None, 3), return_indices=True), x2)
check("amax3d", F.adaptive_max_pool3d(x3, (2, 4, 3), return_indices=True), x3)
aa = nn.AdaptiveAvgPool2d((2, None))
check("aavg_module", aa(x2), x2)
am = nn.AdaptiveMaxPool2d(3, return_indices=True)
check("amax_module", am(x2), x2)
check("aavg1d_module", nn.AdaptiveAvgPool1d(4)(x1), x1)

# unpooling
out, idx = F.max_pool2d(x2, 2, return_indices=True)
check("unpool2d", F.max_unpool2d(out, idx, 2), out)
check("unpool2d_size", F.max_unpool2d(out, idx, 2, output_size=(7, 8)), out)
up = nn.MaxUnpool2d(2)
check("unpool2d_module", up(out, idx, output_size=torch.Size([2, 2, 7, 9])), out)
o1, i1 = F.max_pool1d(x1, 3, stride=2, return_indices=True)
check("unpool1d", nn.MaxUnpool1d(3, stride=2)(o1, i1), o1)
o3, i3 = F.max_pool3d(x3, 2, return_indices=True)
check("unpool3d", F.max_unpool3d(o3, i3, 2, output_size=x3.shape[2:]), o3)
expect_error("unpool_size_bad", lambda: F.max_unpool2d(out, idx, 2, output_size=(3, 3)), "invalid output_size")
expect_error("unpool_index_bad", lambda: F.max_unpool2d(out, torch.full(tuple(out.shape), 300, dtype=torch.long), 2),
             "Found an invalid max index: 300")

emit_text("reprs", [repr(m) for m in [
    nn.MaxPool1d(3), nn.MaxPool2d((3, 2), stride=1, padding=1, return_indices=True), nn.MaxPool3d(2, ceil_mode=True),
    nn.AvgPool1d(3, 2), nn.AvgPool2d(3, padding=1), nn.AvgPool3d(2, divisor_override=3), nn.AdaptiveAvgPool1d(3),
    nn.AdaptiveAvgPool2d((3, None)), nn.AdaptiveAvgPool3d(2), nn.AdaptiveMaxPool1d(3), nn.AdaptiveMaxPool2d(2, True),
    nn.AdaptiveMaxPool3d((1, 2, 3)), nn.MaxUnpool1d(2), nn.MaxUnpool2d(2, stride=1), nn.MaxUnpool3d(2, padding=1)]])

expect_error("max1d_rank", lambda: F.max_pool1d(t(8), 2), "max_pool1d: Expected 2D or 3D")
expect_error("max3d_rank", lambda: F.max_pool3d(x2[0], 2), "non-empty 4D or 5D (batch mode) tensor expected")
expect_error("max1d_pad", lambda: F.max_pool1d(x1, 3, padding=2), "padding should be at most half of kernel size")
expect_error("avg1d_pad_bad", lambda: F.avg_pool1d(x1, 3, padding=2), "pad should be at most half of effective kernel size")
expect_error("avg1d_small", lambda: F.avg_pool1d(x1, 12), "Output size is too small")
expect_error("aavg2d_rank", lambda: F.adaptive_avg_pool2d(t(3, 8), 2), "adaptive_avg_pool2d(): Expected 3D or 4D tensor")
expect_error("aavg1d_rank", lambda: F.adaptive_avg_pool1d(x2, 2), "Expected 2 to 3 dimensions")
expect_error("aavg2d_size", lambda: F.adaptive_avg_pool2d(x2, (2, 3, 4)), "output_size must be 2")
expect_error("max_stride0", lambda: F.max_pool2d(x2, 2, stride=0), "stride should not be zero")

# more errors, with torch's texts
expect_error("pool_too_small", lambda: nn.MaxPool2d(2)(torch.zeros(1, 1, 1, 1)), "Calculated output size: (1x0x0)")
expect_error("aavg_empty", lambda: nn.AdaptiveAvgPool2d((2, 2))(torch.zeros(1, 1, 0, 3)),
             "Expected input to have non-zero size for non-batch dimensions")
