"""nn.Module's API: registration, traversal, state_dict/load_state_dict (and their errors),
train/eval, zero_grad, apply, hooks, containers, reprs, default initialization bounds."""
import math
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.register_buffer("scale", torch.tensor([2.0, 3.0, 4.0]))
        self.register_buffer("tmp", torch.zeros(1), persistent=False)
        self.extra = nn.Parameter(torch.tensor([0.5, -0.5, 1.0]))

    def forward(self, x):
        return self.act(self.fc(x)) * self.scale + self.extra


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(), Block()])
        self.heads = nn.ModuleDict({"a": nn.Linear(3, 2), "b": nn.Linear(3, 1, bias=False)})
        self.seq = nn.Sequential(nn.Tanh(), nn.Identity())

    def forward(self, x):
        for b in self.blocks:
            x = b(x[..., :4]) if x.shape[-1] == 4 else b(torch.cat([x, x[..., :1]], -1))
        x = self.seq(x)
        return self.heads["a"](x).sum() + self.heads["b"](x).sum()


net = Net()
emit_text("param_names", [n for n, _ in net.named_parameters()])
emit_text("param_shapes", [tuple(p.shape) for p in net.parameters()])
emit_text("buffer_names", [n for n, _ in net.named_buffers()])
emit_text("module_names", [n for n, _ in net.named_modules()])
emit_text("children", [type(m).__name__ for m in net.children()])
emit_text("named_children", [n for n, _ in net.named_children()])
emit_text("modules_types", [type(m).__name__ for m in net.modules()])
sd = net.state_dict()
emit_text("state_dict_type", type(sd).__name__)
emit_text("state_dict_keys", list(sd.keys()))
emit_text("state_dict_value_requires_grad", [v.requires_grad for v in sd.values()])
emit_text("repr", repr(net))
emit_text("repr_block", repr(Block()))

# explicit weights through load_state_dict
rng = np.random.default_rng(3)
new = OrderedDict((k, torch.tensor(rng.normal(size=tuple(v.shape)).astype(np.float32))) for k, v in sd.items())
emit_text("load_ok", repr(net.load_state_dict(new)))
emit("fc_weight_after_load", net.blocks[0].fc.weight)
x = torch.tensor(rng.normal(size=(2, 4)).astype(np.float32))
out = net(x)
emit("out", out)
out.backward()
emit("grad_fc", net.blocks[1].fc.weight.grad)
emit("grad_extra", net.blocks[0].extra.grad)
emit("grad_head_b", net.heads["b"].weight.grad)
net.zero_grad()
emit("grad_after_zero_grad", net.blocks[1].fc.weight.grad)

missing = OrderedDict(list(new.items())[1:])
expect_error("load_missing", lambda: net.load_state_dict(missing), "Missing key(s) in state_dict")
extra = OrderedDict(new, junk=torch.ones(1))
expect_error("load_unexpected", lambda: net.load_state_dict(extra), "Unexpected key(s) in state_dict")
both = OrderedDict(list(missing.items()) + [("junk", torch.ones(1))])
expect_error("load_both", lambda: net.load_state_dict(both), "Error(s) in loading state_dict for Net")
bad = OrderedDict(new)
bad["heads.a.weight"] = torch.ones(5, 5)
expect_error("load_size_mismatch", lambda: net.load_state_dict(bad), "size mismatch for heads.a.weight")
emit_text("load_not_strict", repr(net.load_state_dict(both, strict=False)))

# train / eval
emit_text("training_default", [m.training for m in net.modules()])
net.eval()
emit_text("training_eval", [m.training for m in net.modules()])
net.train()
emit_text("training_train", [m.training for m in net.modules()])

# apply
seen = []
net.apply(lambda m: seen.append(type(m).__name__))
emit_text("apply_order", seen)


def init_ones(m):
    if isinstance(m, nn.Linear):
        with torch.no_grad():
            m.weight.fill_(0.25)


net.apply(init_ones)
emit("after_apply", net.heads["a"].weight)

# hooks
lin = nn.Linear(2, 2)
lin.load_state_dict({"weight": torch.tensor([[1.0, 2.0], [3.0, 4.0]]), "bias": torch.tensor([0.5, -0.5])})
calls = []
h = lin.register_forward_hook(lambda mod, inp, out: out * 2)
h2 = lin.register_forward_pre_hook(lambda mod, inp: calls.append(len(inp)))
emit("hooked", lin(torch.tensor([[1.0, 1.0]])))
h.remove()
h2.remove()
emit("unhooked", lin(torch.tensor([[1.0, 1.0]])))
emit_text("pre_hook_calls", calls)

# Parameter
p = nn.Parameter(torch.tensor([1.0, 2.0]))
emit_text("param_repr", repr(p))
emit_text("param_flags", (p.requires_grad, p.is_leaf, isinstance(p, torch.Tensor), type(p).__name__))
q = nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False)
emit_text("param_no_grad_repr", repr(q))
emit_text("param_times_two_type", type(p * 2).__name__)

# containers
ml = nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh()])
ml.append(nn.Linear(2, 2))
emit_text("modulelist_repr", repr(ml))
emit_text("modulelist_len", len(ml))
md = nn.ModuleDict({"x": nn.ReLU(), "y": nn.Sigmoid()})
emit_text("moduledict", (list(md.keys()), repr(md), "x" in md))
seq = nn.Sequential(OrderedDict([("first", nn.Linear(2, 3)), ("act", nn.GELU())]))
emit_text("seq_ordered_repr", repr(seq))
emit_text("seq_slice", repr(seq[1:]))
emit_text("seq_keys", list(seq.state_dict().keys()))

# registration errors
m = nn.Module()
expect_error("assign_tensor_to_param", lambda: setattr(lin, "weight", torch.ones(2, 2)), "cannot assign")
expect_error("register_dot", lambda: m.register_buffer("a.b", torch.ones(1)), 'contain "."')
expect_error("no_forward", lambda: m(torch.ones(1)), "missing the required \"forward\" function")
expect_error("no_attr", lambda: lin.nonexistent, "object has no attribute 'nonexistent'")
m.register_parameter("w", None)
emit_text("none_param", (m.w is None, list(m.state_dict().keys())))

# module dtype casts
d = nn.Linear(2, 2).double()
emit_text("double_dtypes", [str(p.dtype) for p in d.parameters()])
f = d.float()
emit_text("float_dtypes", [str(p.dtype) for p in f.parameters()])
emit_text("to_dtype", [str(p.dtype) for p in nn.Linear(2, 2).to(torch.float64).parameters()])

# default initialization: torch's bounds (values come from a different stream)
for shape in [(7, 5), (40, 30)]:
    l = nn.Linear(shape[1], shape[0])
    bound = 1 / math.sqrt(shape[1])
    w, b = l.weight.detach().numpy(), l.bias.detach().numpy()
    emit_text(f"linear_init_bounds_{shape}", (bool(np.abs(w).max() <= bound), bool(np.abs(b).max() <= bound),
                                             bool(np.abs(w).max() > 0.5 * bound)))
c = nn.Conv2d(3, 8, 3)
bound = 1 / math.sqrt(3 * 9)
emit_text("conv_init_bounds", (bool(np.abs(c.weight.detach().numpy()).max() <= bound),
                               bool(np.abs(c.bias.detach().numpy()).max() <= bound)))
bn = nn.BatchNorm2d(3)
emit("bn_init", [bn.weight, bn.bias, bn.running_mean, bn.running_var, bn.num_batches_tracked])
ln = nn.LayerNorm([2, 3])
emit("ln_init", [ln.weight, ln.bias])
emb = nn.Embedding(10, 3, padding_idx=2)
emit("emb_padding_row", emb.weight[2])
