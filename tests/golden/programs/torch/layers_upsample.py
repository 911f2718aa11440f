"""F.interpolate / nn.Upsample in every mode with torch's exact sampling conventions
(align_corners both ways, scale factors that do not divide, recompute_scale_factor,
downsampling), PixelShuffle / PixelUnshuffle, Fold / Unfold: values, gradients, grad_fn names,
reprs, errors."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(15)


def t(*shape, grad=True):
    return torch.tensor(rng.normal(size=shape).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


x1, x2, x3 = t(2, 3, 7), t(1, 2, 5, 6), t(1, 2, 3, 4, 5)
xd = x2.double()
# nearest and nearest-exact: index conventions at sizes and scales that do not divide
for mode in ("nearest", "nearest-exact"):
    tag = mode.replace("-", "_")
    for size in (3, 7, 11, 14, 16, 23):
        check(f"{tag}_1d_size{size}", F.interpolate(x1, size=size, mode=mode), x1)
    for sf in (0.5, 1.5, 1.7, 2, 2.5, 3.3, 0.3):
        check(f"{tag}_1d_scale{sf}", F.interpolate(x1, scale_factor=sf, mode=mode), x1)
    check(f"{tag}_1d_recompute", F.interpolate(x1, scale_factor=1.7, mode=mode, recompute_scale_factor=True), x1)
    check(f"{tag}_2d", F.interpolate(x2, size=(8, 9), mode=mode), x2)
    check(f"{tag}_2d_scale", F.interpolate(x2, scale_factor=(1.5, 2.2), mode=mode), x2)
    check(f"{tag}_3d", F.interpolate(x3, scale_factor=(2, 1.5, 0.7), mode=mode), x3)
xl = torch.tensor(np.arange(37, dtype=np.float32).reshape(1, 1, 37))
emit("nearest_long", F.interpolate(xl, size=29))
emit("nearest_long_scale", F.interpolate(xl, scale_factor=0.77))
emit("nearest_exact_long", F.interpolate(xl, size=101, mode="nearest-exact"))

# linear family, align_corners both ways
for ac in (False, True):
    tag = "ac" if ac else "hp"
    for size in (1, 3, 7, 12, 19):
        check(f"linear_{tag}_size{size}", F.interpolate(x1, size=size, mode="linear", align_corners=ac), x1)
    for sf in (0.5, 1.7, 2, 3.3):
        check(f"linear_{tag}_scale{sf}", F.interpolate(x1, scale_factor=sf, mode="linear", align_corners=ac), x1)
    check(f"linear_{tag}_recompute", F.interpolate(x1, scale_factor=1.7, mode="linear", align_corners=ac,
                                                   recompute_scale_factor=True), x1)
    check(f"bilinear_{tag}", F.interpolate(x2, size=(9, 4), mode="bilinear", align_corners=ac), x2)
    check(f"bilinear_{tag}_scale", F.interpolate(x2, scale_factor=(1.3, 2.5), mode="bilinear", align_corners=ac), x2)
    check(f"bicubic_{tag}", F.interpolate(x2, size=(9, 4), mode="bicubic", align_corners=ac), x2)
    # float64: torch's float32 bicubic weights differ from any float32 formula in the last bits
    check(f"bicubic_{tag}_scale", F.interpolate(xd, scale_factor=2.3, mode="bicubic", align_corners=ac), x2)
    check(f"bicubic_{tag}_down", F.interpolate(x2, size=(2, 3), mode="bicubic", align_corners=ac), x2)
    check(f"trilinear_{tag}", F.interpolate(x3, size=(5, 3, 8), mode="trilinear", align_corners=ac), x3)
    check(f"trilinear_{tag}_scale", F.interpolate(x3, scale_factor=1.6, mode="trilinear", align_corners=ac), x3)
check("area_2d", F.interpolate(x2, size=(3, 4), mode="area"), x2)
check("area_1d_scale", F.interpolate(x1, scale_factor=0.6, mode="area"), x1)
check("bilinear_double", F.interpolate(xd, scale_factor=1.7, mode="bilinear"), x2)
check("bicubic_double", F.interpolate(xd, scale_factor=1.7, mode="bicubic", align_corners=True), x2)

# modules
up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
check("upsample_module", up(x2), x2)
check("upsample_module_size", nn.Upsample(size=(7, 3))(x2), x2)
check("upsampling_bilinear2d", nn.UpsamplingBilinear2d(scale_factor=1.5)(x2), x2)
check("upsampling_nearest2d", nn.UpsamplingNearest2d(size=(10, 3))(x2), x2)
emit("upsample_attrs", [up.size, up.scale_factor, up.mode, up.align_corners, up.recompute_scale_factor])

expect_error("both", lambda: F.interpolate(x2, size=4, scale_factor=2), "only one of size or scale_factor")
expect_error("neither", lambda: F.interpolate(x2), "either size or scale_factor should be defined")
expect_error("ac_nearest", lambda: F.interpolate(x2, size=4, align_corners=True), "align_corners option can only be set")
expect_error("bilinear_3d", lambda: F.interpolate(x1, size=4, mode="bilinear"), "Got 3D input, but bilinear mode needs 4D")
expect_error("linear_4d", lambda: F.interpolate(x2, size=4, mode="linear"), "Got 4D input, but linear mode needs 3D")
expect_error("trilinear_4d", lambda: F.interpolate(x2, size=4, mode="trilinear"), "but trilinear mode needs 5D input")
expect_error("mode_bad", lambda: F.interpolate(x2, size=4, mode="foo"), "Only 3D, 4D and 5D input Tensors supported")
expect_error("size_len", lambda: F.interpolate(x2, size=(3, 3, 3)), "Input and output must have the same number")
expect_error("scale_len", lambda: F.interpolate(x2, scale_factor=(2, 2, 2)), "Input and scale_factor must have")
expect_error("recompute_size", lambda: F.interpolate(x2, size=3, recompute_scale_factor=True),
             "recompute_scale_factor is not meaningful with an explicit size")
expect_error("antialias_mode", lambda: F.interpolate(x1, size=3, antialias=True), "Anti-alias option is restricted")
expect_error("size_zero", lambda: F.interpolate(x2, size=(0, 3)), "Input and output sizes should be greater than 0")

# pixel shuffle
xs = t(2, 8, 3, 4)
check("pixel_shuffle", F.pixel_shuffle(xs, 2), xs)
check("pixel_shuffle_module", nn.PixelShuffle(2)(xs[0]), xs)
xu = t(2, 3, 6, 4)
check("pixel_unshuffle", nn.PixelUnshuffle(2)(xu), xu)
emit("shuffle_roundtrip", bool(torch.equal(F.pixel_unshuffle(F.pixel_shuffle(xs, 2), 2), xs)))
expect_error("shuffle_rank", lambda: F.pixel_shuffle(t(3, 4), 2), "pixel_shuffle expects input to have at least 3")
expect_error("shuffle_channels", lambda: F.pixel_shuffle(t(2, 5, 3, 4), 2), "is not divisible by 4")
expect_error("unshuffle_height", lambda: F.pixel_unshuffle(t(2, 5, 3, 4), 2), "expects height to be divisible")

# fold / unfold
xf = t(2, 3, 5, 6)
check("unfold", F.unfold(xf, 2), xf)
check("unfold_all", F.unfold(xf, (2, 3), dilation=(1, 2), padding=1, stride=2), xf)
check("unfold_unbatched", nn.Unfold(3, padding=1)(xf[0]), xf)
cols = t(2, 12, 20)
check("fold", F.fold(cols, (5, 6), 2), cols)
colsb = t(2, 12, 12)
check("fold_stride", nn.Fold((5, 6), 2, stride=2, padding=1)(colsb), colsb)
check("fold_unbatched", F.fold(cols[0], (5, 6), 2), cols)
expect_error("fold_div", lambda: F.fold(t(2, 7, 6), (3, 4), 2), "to be divisible by the product of kernel_size")
expect_error("fold_blocks", lambda: F.fold(t(2, 8, 5), (3, 4), 2), "the calculated number of sliding blocks")

emit_text("reprs", [repr(m) for m in [
    nn.Upsample(scale_factor=2), nn.Upsample(size=(3, 4), mode="bilinear", align_corners=True),
    nn.Upsample(scale_factor=(2, 3)), nn.UpsamplingNearest2d(scale_factor=2), nn.UpsamplingBilinear2d(size=3),
    nn.PixelShuffle(2), nn.PixelUnshuffle(3), nn.Fold((4, 5), 2), nn.Unfold(2, stride=2)]])
expect_error("bicubic_3d", lambda: nn.Upsample(scale_factor=2, mode="bicubic")(x1), "Only 3D, 4D and 5D input Tensors")
import warnings  # noqa: E402
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    check("upsample_f", F.upsample(x2, scale_factor=2, mode="bilinear"), x2)
    check("upsample_nearest_f", F.upsample_nearest(x2, scale_factor=2), x2)
    check("upsample_bilinear_f", F.upsample_bilinear(x2, size=(7, 3)), x2)
emit_text("upsample_warnings", [str(w.message) for w in caught])

# channel shuffle
xcs = t(2, 6, 2, 3)
check("channel_shuffle", F.channel_shuffle(xcs, 3), xcs)
check("channel_shuffle_module", nn.ChannelShuffle(2)(xcs), xcs)
emit_text("channel_shuffle_repr", repr(nn.ChannelShuffle(3)))
expect_error("channel_shuffle_groups", lambda: F.channel_shuffle(xcs, 4), "Number of channels must be divisible by groups")
expect_error("channel_shuffle_rank", lambda: F.channel_shuffle(t(6, 2), 2), "channel_shuffle expects input with > 2 dims")
