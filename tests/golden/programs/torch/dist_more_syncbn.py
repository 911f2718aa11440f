"""torch.nn.SyncBatchNorm without a process group (the plain batch norm, as torch falls back to):
convert_sync_batchnorm's module tree and shared parameters, reprs, forward values, gradients,
running statistics (momentum None: cumulative average), eval mode, and the input errors."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(18)
model = nn.Sequential(nn.Conv1d(2, 3, 1), nn.BatchNorm1d(3, momentum=None), nn.Sequential(nn.BatchNorm2d(2)),
                      nn.InstanceNorm1d(3))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor(rng.normal(size=(3, 2, 1)).astype("float32")))
    model[0].bias.copy_(torch.tensor(rng.normal(size=3).astype("float32")))
    model[1].weight.copy_(torch.tensor([0.5, 2.0, -1.0]))
    model[1].bias.copy_(torch.tensor([0.1, 0.2, 0.3]))
bn = model[1]
sync = nn.SyncBatchNorm.convert_sync_batchnorm(model)
emit_text("converted_repr", repr(sync))
emit_text("shares_parameters", str((sync[1].weight is bn.weight, sync[1].running_mean is bn.running_mean)))
emit_text("single_converted", type(nn.SyncBatchNorm.convert_sync_batchnorm(nn.BatchNorm3d(4))).__name__)
emit_text("repr", repr(nn.SyncBatchNorm(5, eps=1e-3, momentum=0.2, affine=False)))

x = torch.tensor(rng.normal(size=(4, 2, 5)), requires_grad=True)  # float64: gradients free of rounding
sync.double()
layer = sync[1]
for step in range(2):
    h = sync[0](x)
    y = layer(h)
    emit(f"forward_{step}", y)
    gx, gw, gb = torch.autograd.grad((y * torch.arange(15.0, dtype=torch.float64).reshape(3, 5)).sum(), [x, layer.weight, layer.bias])
    emit(f"grads_{step}", [gx, gw, gb])
    emit(f"running_{step}", [layer.running_mean, layer.running_var, layer.num_batches_tracked])
layer.eval()
emit("eval", layer(sync[0](x)))
emit("rank4", nn.SyncBatchNorm(2)(torch.tensor(rng.normal(size=(3, 2, 2, 2)).astype("float32"))))
expect_error("one_d", lambda: nn.SyncBatchNorm(3)(torch.ones(3)), "expected at least 2D input (got 1D input)")
expect_error("no_channels", lambda: nn.SyncBatchNorm(0)(torch.ones(2, 0)),
             "SyncBatchNorm number of input channels should be non-zero")
