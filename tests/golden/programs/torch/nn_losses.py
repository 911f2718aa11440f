"""Losses (modules and functional): values, gradients, reductions, weights, ignore_index,
label smoothing, probability targets, grad_fn names and error texts."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)


def t(*shape, grad=True, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    grads = torch.autograd.grad(out.sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


x, y = t(4, 3), t(4, 3, grad=False)
y_tie = x.detach().clone()
y_tie[0] = 0.0
for red in ["mean", "sum", "none"]:
    check(f"mse_{red}", F.mse_loss(x, y, reduction=red), x)
    check(f"l1_{red}", F.l1_loss(x, y, reduction=red), x)
    check(f"smooth_l1_{red}", F.smooth_l1_loss(x, y, reduction=red), x)
    check(f"m_mse_{red}", nn.MSELoss(reduction=red)(x, y), x)
check("l1_ties", F.l1_loss(x, y_tie), x)
check("smooth_l1_beta", nn.SmoothL1Loss(beta=0.5)(x, y), x)
check("smooth_l1_beta0", F.smooth_l1_loss(x, y, beta=0.0), x)
check("m_l1", nn.L1Loss()(x, y), x)

# binary cross entropy
p = torch.sigmoid(t(5, 2)).detach().requires_grad_()
target = torch.tensor(rng.integers(0, 2, (5, 2)).astype(np.float32))
w = torch.tensor([[1.0, 2.0]])
for red in ["mean", "sum", "none"]:
    check(f"bce_{red}", F.binary_cross_entropy(p, target, reduction=red), p)
check("bce_weight", nn.BCELoss(weight=w)(p, target), p)
edge = torch.tensor([0.0, 1.0, 0.5], requires_grad=True)
emit("bce_edge", F.binary_cross_entropy(edge, torch.tensor([1.0, 0.0, 1.0]), reduction="none"))
logits = t(5, 2, scale=3.0)
for red in ["mean", "sum", "none"]:
    check(f"bce_logits_{red}", F.binary_cross_entropy_with_logits(logits, target, reduction=red), logits)
check("bce_logits_pos_weight", nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0, 0.5]))(logits, target), logits)
check("bce_logits_weight", nn.BCEWithLogitsLoss(weight=w, pos_weight=torch.tensor([2.0, 1.0]))(logits, target),
      logits)
check("bce_logits_large", F.binary_cross_entropy_with_logits(logits * 100, target), logits)
expect_error("bce_range", lambda: F.binary_cross_entropy(logits, target), "between 0 and 1")
expect_error("bce_size", lambda: F.binary_cross_entropy(p, target[:, :1]), "different to the input size")
expect_error("bce_logits_size", lambda: F.binary_cross_entropy_with_logits(logits, target[:1]),
             "must be the same as input size")

# nll / cross entropy
logits = t(6, 4, scale=2.0)
labels = torch.tensor([0, 3, 1, 1, 2, 3])
ignored = torch.tensor([0, -100, 1, 2, -100, 3])
cw = torch.tensor([1.0, 2.0, 0.5, 1.5])
for red in ["mean", "sum", "none"]:
    check(f"ce_{red}", F.cross_entropy(logits, labels, reduction=red), logits)
    check(f"ce_weight_{red}", F.cross_entropy(logits, labels, weight=cw, reduction=red), logits)
    check(f"ce_smooth_{red}", F.cross_entropy(logits, labels, label_smoothing=0.2, reduction=red), logits)
    check(f"ce_smooth_weight_ignore_{red}", F.cross_entropy(logits, ignored, weight=cw, label_smoothing=0.1,
                                                             reduction=red), logits)
    check(f"nll_{red}", F.nll_loss(F.log_softmax(logits, 1), labels, reduction=red), logits)
check("ce_ignore", nn.CrossEntropyLoss()(logits, ignored), logits)
check("ce_ignore_index_2", nn.CrossEntropyLoss(ignore_index=1)(logits, labels), logits)
check("ce_weight_ignore", nn.CrossEntropyLoss(weight=cw)(logits, ignored), logits)
check("nll_weight_ignore", nn.NLLLoss(weight=cw)(F.log_softmax(logits, 1), ignored), logits)
probs = torch.softmax(t(6, 4, grad=False), 1)
for red in ["mean", "sum", "none"]:
    check(f"ce_probs_{red}", F.cross_entropy(logits, probs, reduction=red), logits)
check("ce_probs_smooth", F.cross_entropy(logits, probs, label_smoothing=0.3), logits)
check("ce_probs_weight", F.cross_entropy(logits, probs, weight=cw), logits)
x4 = t(2, 3, 2, 2)
y4 = torch.tensor(rng.integers(0, 3, (2, 2, 2)))
check("ce_spatial", F.cross_entropy(x4, y4), x4)
check("ce_spatial_none", F.cross_entropy(x4, y4, reduction="none"), x4)
x1 = t(4)
check("ce_unbatched", F.cross_entropy(x1, torch.tensor(2)), x1)
emit_text("loss_reprs", [repr(m) for m in [nn.CrossEntropyLoss(), nn.MSELoss(), nn.NLLLoss(weight=cw),
                                           nn.BCEWithLogitsLoss(), nn.SmoothL1Loss(beta=2.0)]])
expect_error("ce_target_range", lambda: F.cross_entropy(logits, torch.tensor([0, 1, 2, 3, 4, 0])),
             "out of bounds")
expect_error("ce_batch", lambda: F.cross_entropy(logits, labels[:3]), "Expected input batch_size (6)")
expect_error("nll_float_target", lambda: F.nll_loss(logits, labels.float()), "expected target dtype to be Long or Byte")
expect_error("bad_reduction", lambda: F.mse_loss(x, y, reduction="avg"), "is not a valid value for reduction")
