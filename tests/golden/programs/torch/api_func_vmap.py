"""torch.func: per-sample gradients with vmap(grad(loss)) over F.cross_entropy / F.nll_loss /
other losses of a functional_call'd model, and model ensembling with stack_module_state."""
import copy

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, grad_and_value, stack_module_state, vmap
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(7)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def set_weights(model, scale=1.0):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.normal(size=p.shape) * scale, dtype=torch.float32))
    return model


model = set_weights(Net())
params = {k: v.detach() for k, v in model.named_parameters()}
x = torch.tensor(rng.normal(size=(6, 4)), dtype=torch.float32)
y = torch.tensor([0, 2, 1, 1, 0, 2])
weight = torch.tensor([1.0, 2.0, 0.5])


def ce_loss(params, xi, yi):
    out = functional_call(model, params, (xi.unsqueeze(0),))
    return F.cross_entropy(out, yi.unsqueeze(0))


def nll_loss(params, xi, yi):
    out = functional_call(model, params, (xi.unsqueeze(0),))
    return F.nll_loss(F.log_softmax(out, dim=1), yi.unsqueeze(0), weight=weight)


def smooth_loss(params, xi, yi):
    out = functional_call(model, params, (xi.unsqueeze(0),))
    return F.cross_entropy(out, yi.unsqueeze(0), label_smoothing=0.1, ignore_index=2)


def onehot_loss(params, xi, yi):
    out = functional_call(model, params, (xi,))
    return F.mse_loss(torch.softmax(out, -1), F.one_hot(yi, 3).float())


for name, loss in [("ce", ce_loss), ("nll", nll_loss), ("smooth", smooth_loss)]:
    per_sample = vmap(grad(loss), in_dims=(None, 0, 0))(params, x, y)
    emit(f"{name}_per_sample", per_sample)
    # the same gradients one sample at a time with torch.autograd
    loop = []
    for i in range(len(y)):
        value = loss(dict(model.named_parameters()), x[i], y[i])
        loop.append(torch.autograd.grad(value, list(model.parameters())))
    emit(f"{name}_matches_loop", [torch.allclose(per_sample[k], torch.stack([g[j] for g in loop]), atol=1e-5)
                                  for j, k in enumerate(params)])

expect_error("onehot_under_vmap", lambda: vmap(grad(onehot_loss), in_dims=(None, 0, 0))(params, x, y),
             "we don't support vmap over calling .item() on a Tensor")
gv = vmap(grad_and_value(ce_loss), in_dims=(None, 0, 0))(params, x, y)
emit("grad_and_value", gv)

# nll_loss / cross_entropy directly under vmap(grad) on logits
logits = torch.tensor(rng.normal(size=(6, 3)), dtype=torch.float32)
emit("ce_logits", vmap(grad(lambda z, t: F.cross_entropy(z, t)))(logits, y))
emit("nll_logits", vmap(grad(lambda z, t: F.nll_loss(F.log_softmax(z, -1), t)))(logits, y))
emit("ce_batched_rows", vmap(grad(lambda z, t: F.cross_entropy(z.unsqueeze(0), t.unsqueeze(0), reduction="sum")))(logits, y))
emb = torch.tensor(rng.normal(size=(5, 2)), dtype=torch.float32)
idx = torch.tensor([[0, 4], [1, 1], [3, 2]])
emit("embedding_vmap", vmap(grad(lambda w, i: F.embedding(i, w).pow(2).sum()), in_dims=(None, 0))(emb, idx))
probs = torch.tensor(rng.uniform(0.1, 0.9, size=(4, 3)), dtype=torch.float32)
tgt = torch.tensor(rng.uniform(0, 1, size=(4, 3)), dtype=torch.float32)
emit("bce_vmap", vmap(grad(lambda p, t: F.binary_cross_entropy(p, t)))(probs, tgt))

# model ensembling (torch's tutorial, with the base model kept on its device)
models = [set_weights(Net(), scale=0.5) for _ in range(4)]
stacked_params, stacked_buffers = stack_module_state(models)
emit("stacked_shapes", {k: tuple(v.shape) for k, v in stacked_params.items()})
emit("stacked_flags", [[v.requires_grad, v.is_leaf] for v in stacked_params.values()])
emit("stacked_values", stacked_params["fc1.bias"])
base = copy.deepcopy(models[0])


def fmodel(params, buffers, x):
    return functional_call(base, (params, buffers), (x,))


ens_same = vmap(fmodel, in_dims=(0, 0, None))(stacked_params, stacked_buffers, x)
emit("ensemble_same_batch", ens_same)
emit("ensemble_matches_models", torch.allclose(ens_same, torch.stack([m(x) for m in models]), atol=1e-6))
xs = torch.tensor(rng.normal(size=(4, 6, 4)), dtype=torch.float32)
ens_diff = vmap(fmodel)(stacked_params, stacked_buffers, xs)
emit("ensemble_own_batch", ens_diff)
loss = ens_diff.pow(2).mean()
emit("ensemble_grads", torch.autograd.grad(loss, list(stacked_params.values())))

bn = [nn.BatchNorm1d(3) for _ in range(2)]
bp, bb = stack_module_state(bn)
emit("buffers_stacked", {k: tuple(v.shape) for k, v in bb.items()})
expect_error("stack_empty", lambda: stack_module_state([]), "Expected at least one model, got 0")
expect_error("stack_mixed_mode", lambda: stack_module_state([Net(), Net().eval()]), "same training/eval mode")
expect_error("stack_mixed_class", lambda: stack_module_state([nn.Linear(2, 2), nn.Tanh()]), "same class")
