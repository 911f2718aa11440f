"""Layers and nn.functional: forward values, gradients and grad_fn names with explicit
weights (conv, pooling, normalization with running statistics, embedding, activations)."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(7)


def t(*shape, grad=True, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


# linear
x, w, b = t(3, 4), t(5, 4), t(5)
check("linear", F.linear(x, w, b), x, w, b)
check("linear_nobias", F.linear(x, w), x, w)
x3 = t(2, 3, 4)
check("linear_3d", F.linear(x3, w, b), x3, w, b)
check("linear_3d_nobias", F.linear(x3, w), x3, w)
lin = nn.Linear(4, 5)
lin.load_state_dict({"weight": w.detach(), "bias": b.detach()})
check("linear_module", lin(x), x, lin.weight, lin.bias)
expect_error("linear_shape", lambda: F.linear(t(3, 3), w), "mat1 and mat2 shapes cannot be multiplied")
expect_error("linear_dtype", lambda: F.linear(x.double(), w), "to have the same dtype")

# convolutions
x = t(2, 3, 9)
w = t(4, 3, 3)
b = t(4)
check("conv1d", F.conv1d(x, w, b), x, w, b)
check("conv1d_stride_pad", F.conv1d(x, w, b, stride=2, padding=1), x, w, b)
check("conv1d_dilation", F.conv1d(x, w, None, dilation=2), x, w)
wg = t(4, 1, 3)
check("conv1d_groups", F.conv1d(t(2, 4, 9), wg, groups=4), wg)
c1 = nn.Conv1d(3, 4, 3, padding="same")
c1.load_state_dict({"weight": w.detach(), "bias": b.detach()})
check("conv1d_same", c1(x), x, c1.weight, c1.bias)
x = t(2, 2, 7, 6)
w = t(3, 2, 3, 2)
b = t(3)
check("conv2d", F.conv2d(x, w, b), x, w, b)
check("conv2d_stride_pad", F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2)), x, w, b)
check("conv2d_dilation", F.conv2d(x, w, b, dilation=2, padding=1), x, w, b)
check("conv2d_unbatched", F.conv2d(x[0], w, b), x, w, b)
wg = t(4, 1, 3, 3)
check("conv2d_groups", F.conv2d(x, wg, None, groups=2), x, wg)
check("conv2d_valid", F.conv2d(x, w, b, padding="valid"), x, w, b)
expect_error("conv2d_channels", lambda: F.conv2d(t(1, 3, 5, 5), w), "expected input")
emit_text("conv_reprs", [repr(nn.Conv2d(2, 3, 3)), repr(nn.Conv2d(2, 4, (3, 2), stride=2, padding=1, dilation=2,
                                                                   groups=2, bias=False)),
                         repr(nn.Conv1d(2, 3, 5, padding="same")), repr(nn.Conv2d(1, 1, 1, padding=1))])

# pooling
x = t(2, 3, 7, 6)
check("max_pool2d", F.max_pool2d(x, 2), x)
check("max_pool2d_stride_pad", F.max_pool2d(x, 3, stride=2, padding=1), x)
check("max_pool2d_ceil", F.max_pool2d(x, 2, ceil_mode=True), x)
check("max_pool2d_dilation", F.max_pool2d(x, 2, stride=1, dilation=2), x)
check("max_pool_module", nn.MaxPool2d((2, 3), stride=(1, 2))(x), x)
ties = torch.tensor([[[[1.0, 1.0, 2.0], [1.0, 0.0, 2.0], [3.0, 3.0, 3.0]]]], requires_grad=True)
check("max_pool_ties", F.max_pool2d(ties, 2, stride=1), ties)
check("avg_pool2d", F.avg_pool2d(x, 2), x)
check("avg_pool2d_pad", F.avg_pool2d(x, 3, stride=2, padding=1), x)
check("avg_pool2d_pad_exclude", F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), x)
check("avg_pool2d_ceil", F.avg_pool2d(x, 2, ceil_mode=True), x)
check("avg_pool2d_ceil_pad", F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), x)
check("avg_pool2d_divisor", F.avg_pool2d(x, 2, divisor_override=3), x)
check("avg_pool_module_3d", nn.AvgPool2d(2, stride=1)(x[0]), x)
emit_text("pool_reprs", [repr(nn.MaxPool2d(2)), repr(nn.MaxPool2d(3, 1, 1)), repr(nn.AvgPool2d(2)),
                         repr(nn.AvgPool2d((2, 3), stride=1, padding=1))])

# activations
x = torch.tensor([[-2.0, -0.5, 0.0, 0.5, 2.0], [1.0, -1.0, 3.0, 0.0, -3.0]], requires_grad=True)
for name, fn in [("relu", F.relu), ("gelu", F.gelu), ("gelu_tanh", lambda v: F.gelu(v, approximate="tanh")),
                 ("silu", F.silu), ("tanh", torch.tanh), ("sigmoid", torch.sigmoid),
                 ("softmax1", lambda v: F.softmax(v, dim=1)), ("softmax0", lambda v: F.softmax(v, dim=0)),
                 ("log_softmax", lambda v: F.log_softmax(v, dim=-1)),
                 ("softmax_double", lambda v: F.softmax(v, dim=1, dtype=torch.float64)),
                 ("m_relu", nn.ReLU()), ("m_gelu", nn.GELU()), ("m_silu", nn.SiLU()), ("m_tanh", nn.Tanh()),
                 ("m_sigmoid", nn.Sigmoid()), ("m_softmax", nn.Softmax(dim=1)), ("m_logsoftmax", nn.LogSoftmax(1)),
                 ("F_tanh", F.tanh), ("F_sigmoid", F.sigmoid)]:
    check(name, fn(x), x)
emit_text("act_reprs", [repr(m) for m in [nn.ReLU(), nn.ReLU(inplace=True), nn.GELU(), nn.GELU("tanh"), nn.SiLU(),
                                          nn.Tanh(), nn.Sigmoid(), nn.Softmax(dim=1), nn.LogSoftmax(dim=0),
                                          nn.Softmax()]])

# dropout: identity in eval mode and for p=0; the scale for p=1 kept elements
d = nn.Dropout(0.3)
d.eval()
check("dropout_eval", d(x), x)
check("dropout_p0", F.dropout(x, 0.0), x)
out = F.dropout(torch.ones(1000), 0.25)
vals = sorted(set(np.round(out.numpy(), 5).tolist()))
emit_text("dropout_values", vals)
emit_text("dropout_fraction_ok", bool(0.15 < float((out == 0).float().mean()) < 0.35))
emit_text("dropout_repr", repr(nn.Dropout(0.3)))
expect_error("dropout_bad_p", lambda: nn.Dropout(1.5), "dropout probability has to be between 0 and 1")

# flatten / identity
x = t(2, 3, 2, 2)
check("flatten", nn.Flatten()(x), x)
check("flatten_0", nn.Flatten(0, 2)(x), x)
emit_text("identity_same", nn.Identity()(x) is x)
emit_text("flatten_repr", repr(nn.Flatten()))

# batch norm: running statistics in train mode, used in eval mode
bn = nn.BatchNorm1d(3)
bn.load_state_dict({"weight": torch.tensor([1.0, 2.0, 0.5]), "bias": torch.tensor([0.0, 1.0, -1.0]),
                    "running_mean": torch.zeros(3), "running_var": torch.ones(3),
                    "num_batches_tracked": torch.tensor(0)})
x = t(5, 3, scale=2.0)
check("bn1d_train", bn(x), x, bn.weight, bn.bias)
emit("bn1d_running", [bn.running_mean, bn.running_var, bn.num_batches_tracked])
bn(t(5, 3, grad=False) + 1.0)
emit("bn1d_running2", [bn.running_mean, bn.running_var, bn.num_batches_tracked])
bn.eval()
check("bn1d_eval", bn(x), x, bn.weight, bn.bias)
emit("bn1d_running_eval_unchanged", [bn.running_mean, bn.num_batches_tracked])
x = t(4, 3, 5)
bn.train()
check("bn1d_3d", bn(x), x, bn.weight, bn.bias)
bn2 = nn.BatchNorm2d(2, momentum=0.3)
x = t(3, 2, 4, 4)
check("bn2d_train", bn2(x), x, bn2.weight, bn2.bias)
emit("bn2d_running", [bn2.running_mean, bn2.running_var])
bn2.eval()
check("bn2d_eval", bn2(x), x)
bn3 = nn.BatchNorm2d(2, affine=False, track_running_stats=False)
check("bn2d_no_stats", bn3(x), x)
check("F_batch_norm_eval", F.batch_norm(x, torch.tensor([0.5, -0.5]), torch.tensor([2.0, 0.5]),
                                        torch.tensor([1.5, 1.0]), torch.tensor([0.1, 0.2])), x)
emit_text("bn_reprs", [repr(nn.BatchNorm1d(3)), repr(nn.BatchNorm2d(2, momentum=0.3, affine=False))])
expect_error("bn_dim", lambda: nn.BatchNorm2d(2)(t(3, 2)), "expected 4D input")
expect_error("bn_one_value", lambda: nn.BatchNorm1d(2)(t(1, 2)), "Expected more than 1 value per channel")

# layer norm
ln = nn.LayerNorm(4)
ln.load_state_dict({"weight": torch.tensor([1.0, 2.0, 3.0, 4.0]), "bias": torch.tensor([0.1, 0.2, 0.3, 0.4])})
x = t(2, 3, 4)
check("layer_norm", ln(x), x, ln.weight, ln.bias)
check("layer_norm_2d_shape", F.layer_norm(x, (3, 4)), x)
ln_plain = nn.LayerNorm([3, 4], elementwise_affine=False)
check("layer_norm_plain", ln_plain(x), x)
emit_text("ln_reprs", [repr(ln), repr(ln_plain), repr(nn.LayerNorm(4, bias=False))])
expect_error("layer_norm_shape", lambda: F.layer_norm(x, (5,)), "Given normalized_shape=[5]")

# embedding
emb = nn.Embedding(5, 3, padding_idx=1)
weight = torch.tensor(rng.normal(size=(5, 3)).astype(np.float32))
emb.load_state_dict({"weight": weight})
idx = torch.tensor([[0, 1, 4], [1, 1, 2]])
out = emb(idx)
emit("embedding", out)
emit_text("embedding_grad_fn", out.grad_fn.name())
(out * torch.arange(18.0).reshape(2, 3, 3)).sum().backward()
emit("embedding_grad", emb.weight.grad)
w = weight.clone().requires_grad_()
check("F_embedding", F.embedding(torch.tensor([3, 3, 0]), w), w)
emit_text("emb_reprs", [repr(emb), repr(nn.Embedding(10, 2))])
expect_error("embedding_range", lambda: emb(torch.tensor([5])), "index out of range in self")
expect_error("embedding_float_idx", lambda: emb(torch.tensor([1.0])), "Expected tensor for argument #1 'indices'")
