"""Normalization layers: GroupNorm, InstanceNorm1d/2d/3d (affine, track_running_stats, eval),
BatchNorm3d, RMSNorm, LocalResponseNorm and their functional forms: values, gradients wrt input
and weights, running statistics, grad_fn names, reprs, state_dict keys, warnings and errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(13)


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


x1, x2, x3 = t(3, 4, 6), t(2, 6, 3, 5), t(2, 4, 2, 3, 3)
w4, b4, w6, b6 = t(4), t(4), t(6), t(6)

# group norm
check("gn_f", F.group_norm(x2, 3, w6, b6), x2, w6, b6)
check("gn_f_plain", F.group_norm(x1, 2), x1)
check("gn_f_weight_only", F.group_norm(x3, 4, weight=w4, eps=1e-3), x3, w4)
gn = load(nn.GroupNorm(2, 6))
check("gn_module", gn(x2), x2, gn.weight, gn.bias)
gn1 = nn.GroupNorm(1, 4, affine=False)
check("gn_module_plain", gn1(x1), x1)
emit_text("gn_keys", list(gn.state_dict().keys()))
expect_error("gn_divisible", lambda: nn.GroupNorm(3, 4), "num_channels (4) must be divisible by num_groups (3)")
expect_error("gn_channels", lambda: nn.GroupNorm(2, 4)(t(2, 6, 3)), "Expected weight to be a vector of size equal")
expect_error("gn_rank", lambda: nn.GroupNorm(2, 4)(t(4)), "Expected at least 2 dimensions for input tensor")

# instance norm
check("in_f", F.instance_norm(x1), x1)
check("in_f_affine", F.instance_norm(x1, weight=w4, bias=b4, eps=1e-3), x1, w4, b4)
in1 = nn.InstanceNorm1d(4)
check("in1d", in1(x1), x1)
check("in1d_unbatched", in1(x1[0]), x1)
in2 = load(nn.InstanceNorm2d(6, affine=True, track_running_stats=True))
check("in2d_track", in2(x2), x2, in2.weight, in2.bias)
emit("in2d_running", [in2.running_mean, in2.running_var, in2.num_batches_tracked])
check("in2d_track_again", in2(x2 * 2 + 1), x2)
emit("in2d_running2", [in2.running_mean, in2.running_var, in2.num_batches_tracked])
in2.eval()
check("in2d_eval", in2(x2), x2, in2.weight, in2.bias)
emit_text("in2d_keys", list(in2.state_dict().keys()))
in3 = nn.InstanceNorm3d(4, affine=True)
load(in3)
check("in3d", in3(x3), x3, in3.weight, in3.bias)
in_m = nn.InstanceNorm1d(4, track_running_stats=True, momentum=None)
check("in1d_momentum_none", in_m(x1), x1)
emit("in1d_momentum_none_running", [in_m.running_mean, in_m.running_var])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = nn.InstanceNorm1d(3)(x1)
emit_text("in_warning", [str(w.message) for w in caught])
expect_error("in_rank", lambda: nn.InstanceNorm1d(4)(x2), "expected 2D or 3D input (got 4D input)")
expect_error("in_affine_features", lambda: nn.InstanceNorm1d(3, affine=True)(x1),
             "expected input's size at dim=1 to match num_features (3), but got: 4.")
expect_error("in_spatial", lambda: F.instance_norm(t(2, 4, 1)), "Expected more than 1 spatial element when training")

# batch norm 3d
bn = load(nn.BatchNorm3d(4))
check("bn3d", bn(x3), x3, bn.weight, bn.bias)
emit("bn3d_running", [bn.running_mean, bn.running_var, bn.num_batches_tracked])
bn.eval()
check("bn3d_eval", bn(x3), x3, bn.weight, bn.bias)
expect_error("bn3d_rank", lambda: nn.BatchNorm3d(4)(x2), "expected 5D input (got 4D input)")

# RMSNorm
rn = load(nn.RMSNorm(6))
check("rms_module", rn(x1), x1, rn.weight)
rn2 = nn.RMSNorm([3, 5], eps=1e-3, elementwise_affine=False)
check("rms_module_2d", rn2(x2), x2)
check("rms_f", F.rms_norm(x1, (6,), w6), x1, w6)
check("rms_f_eps", F.rms_norm(x1, (4, 6), eps=0.5), x1)
emit("rms_names", [n for n, _ in rn.named_parameters()])
emit_text("rms_eps", repr(rn.eps))
expect_error("rms_shape", lambda: nn.RMSNorm(4)(x1), "Given normalized_shape=[4], expected input with shape")

# local response norm
check("lrn_2", nn.LocalResponseNorm(2)(x2), x2)
check("lrn_3", nn.LocalResponseNorm(3, alpha=0.5, beta=0.6, k=2.0)(x1), x1)
check("lrn_5d", F.local_response_norm(x3, 5, alpha=0.1), x3)
expect_error("lrn_rank", lambda: nn.LocalResponseNorm(3)(t(3, 4)), "Expected 3D or higher dimensionality")

emit_text("reprs", [repr(m) for m in [
    nn.GroupNorm(2, 4), nn.GroupNorm(2, 4, affine=False), nn.GroupNorm(1, 3, eps=1e-3, bias=False),
    nn.InstanceNorm1d(3), nn.InstanceNorm2d(3, affine=True, track_running_stats=True), nn.InstanceNorm3d(2, eps=0.1),
    nn.BatchNorm3d(3), nn.LocalResponseNorm(2), nn.RMSNorm(4), nn.RMSNorm([2, 3], eps=1e-3, elementwise_affine=False)]])
emit("param_shapes", [[tuple(p.shape) for p in m.parameters()] for m in [
    nn.GroupNorm(2, 4), nn.InstanceNorm1d(3, affine=True), nn.BatchNorm3d(3), nn.RMSNorm([2, 3])]])
emit("init_values", [nn.GroupNorm(2, 4).weight, nn.GroupNorm(2, 4).bias, nn.RMSNorm(3).weight])
emit_text("in_none", [repr(nn.InstanceNorm1d(3).weight), repr(nn.InstanceNorm1d(3).running_mean)])
