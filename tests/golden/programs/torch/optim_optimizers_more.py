"""Every optimizer over 10 steps of a small MLP with explicit weights: NAdam, RAdam, Adamax,
Adadelta and SGD/Adam/AdamW/RMSprop/Adagrad with their torch 2.13 options (maximize,
weight decay, amsgrad, nesterov, centered, decoupled weight decay, foreach/capturable/
differentiable/fused accepted); parameters after the steps, state_dict structure and values,
param groups, named parameters, add_param_group, load_state_dict, zero_grad, errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(7)
W1 = rng.normal(size=(5, 3)).astype(np.float32) * 0.5
B1 = rng.normal(size=5).astype(np.float32) * 0.1
W2 = rng.normal(size=(2, 5)).astype(np.float32) * 0.5
B2 = rng.normal(size=2).astype(np.float32) * 0.1
X = torch.tensor(rng.normal(size=(8, 3)).astype(np.float32))
Y = torch.tensor(rng.normal(size=(8, 2)).astype(np.float32))


def model():
    m = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))
    m.load_state_dict({"0.weight": torch.tensor(W1), "0.bias": torch.tensor(B1),
                       "2.weight": torch.tensor(W2), "2.bias": torch.tensor(B2)})
    return m


def train(opt, m, steps=10):
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((m(X) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def state_summary(opt):
    sd = opt.state_dict()
    return [(k, sorted(v.keys()) if isinstance(v, dict) else None) for k, v in sorted(sd["state"].items())]


CASES = [
    ("nadam", torch.optim.NAdam, {}),
    ("nadam_wd", torch.optim.NAdam, {"lr": 0.01, "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("nadam_decoupled", torch.optim.NAdam, {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("nadam_max", torch.optim.NAdam, {"lr": 0.01, "maximize": True, "foreach": False, "capturable": False}),
    ("radam", torch.optim.RAdam, {"lr": 0.01}),
    ("radam_betas", torch.optim.RAdam, {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.05}),
    ("radam_decoupled", torch.optim.RAdam, {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True,
                                            "maximize": True}),
    ("adamax", torch.optim.Adamax, {"lr": 0.01}),
    ("adamax_wd", torch.optim.Adamax, {"lr": 0.02, "betas": (0.8, 0.95), "weight_decay": 0.1, "maximize": True}),
    ("adadelta", torch.optim.Adadelta, {}),
    ("adadelta_opts", torch.optim.Adadelta, {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.1}),
    ("sgd", torch.optim.SGD, {"lr": 0.05}),
    ("sgd_nesterov", torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd_dampening", torch.optim.SGD, {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "maximize": True,
                                        "foreach": False, "differentiable": False, "fused": None}),
    ("adam", torch.optim.Adam, {"lr": 0.01}),
    ("adam_amsgrad", torch.optim.Adam, {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("adam_decoupled", torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True,
                                          "maximize": True, "capturable": False, "foreach": None}),
    ("adamw", torch.optim.AdamW, {"lr": 0.01}),
    ("adamw_amsgrad", torch.optim.AdamW, {"lr": 0.01, "amsgrad": True, "betas": (0.8, 0.9)}),
    ("rmsprop", torch.optim.RMSprop, {"lr": 0.01}),
    ("rmsprop_all", torch.optim.RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True,
                                          "weight_decay": 0.05, "maximize": True}),
    ("adagrad", torch.optim.Adagrad, {"lr": 0.1}),
    ("adagrad_all", torch.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1,
                                          "initial_accumulator_value": 0.5, "maximize": True}),
]

for name, cls, kwargs in CASES:
    m = model()
    opt = cls(m.parameters(), **kwargs)
    losses = train(opt, m)
    emit(f"{name}_losses", losses)
    emit(f"{name}_params", dict(m.state_dict()))
    sd = opt.state_dict()
    emit_text(f"{name}_state_keys", state_summary(opt))
    emit_text(f"{name}_groups", sd["param_groups"])
    emit(f"{name}_state0", dict(sd["state"].get(0, {})))
    emit(f"{name}_state3", dict(sd["state"].get(3, {})))

emit_text("nadam_repr", repr(torch.optim.NAdam(model().parameters())))
emit_text("radam_repr", repr(torch.optim.RAdam(model().parameters())))
emit_text("adamax_repr", repr(torch.optim.Adamax(model().parameters())))
emit_text("adadelta_repr", repr(torch.optim.Adadelta(model().parameters())))
emit_text("defaults", [sorted(cls(model().parameters()).defaults.items()) for cls in
                       [torch.optim.NAdam, torch.optim.RAdam, torch.optim.Adamax, torch.optim.Adadelta]])

# param groups with their own options, and a group added later
m = model()
opt = torch.optim.NAdam([{"params": m[0].parameters(), "lr": 0.02},
                         {"params": m[2].parameters(), "betas": (0.5, 0.9)}], lr=0.01)
train(opt, m, 4)
opt.add_param_group({"params": [torch.zeros(2, requires_grad=True)], "weight_decay": 0.5})
emit_text("group_opts", [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups])
emit("group_params", dict(m.state_dict()))
emit_text("group_state_dict", opt.state_dict()["param_groups"])

# named parameters
m = model()
opt = torch.optim.RAdam(m.named_parameters(), lr=0.01)
train(opt, m, 3)
emit_text("named_groups", opt.state_dict()["param_groups"])
emit_text("named_repr", repr(opt))
opt2 = torch.optim.RAdam(model().named_parameters(), lr=0.5)
opt2.load_state_dict(opt.state_dict())
emit_text("named_loaded", opt2.param_groups[0]["param_names"])
expect_error("named_mixed", lambda: torch.optim.SGD([("w", torch.zeros(1, requires_grad=True)),
                                                     torch.zeros(1, requires_grad=True)], lr=0.1),
             "Some param names are missing")
expect_error("named_group_mix", lambda: opt.add_param_group({"params": [torch.zeros(1, requires_grad=True)]}),
             "all optimizer param groups should be with/without names")

# load_state_dict continues exactly (and keeps the loaded hyperparameters)
for name, cls, kwargs in [("nadam", torch.optim.NAdam, {"lr": 0.01}), ("adadelta", torch.optim.Adadelta, {}),
                          ("adamax", torch.optim.Adamax, {}), ("radam", torch.optim.RAdam, {"lr": 0.02})]:
    m1 = model()
    o1 = cls(m1.parameters(), **kwargs)
    train(o1, m1, 3)
    m2 = model()
    m2.load_state_dict(m1.state_dict())
    o2 = cls(m2.parameters(), lr=0.123)
    o2.load_state_dict(o1.state_dict())
    train(o1, m1, 3)
    train(o2, m2, 3)
    emit(f"{name}_resumed", [dict(m1.state_dict()), dict(m2.state_dict())])
    emit_text(f"{name}_resumed_lr", o2.param_groups[0]["lr"])

# a float64 state loads into float32 parameters as float32 (step kept)
m = model()
opt = torch.optim.Adamax(m.parameters())
train(opt, m, 1)
sd = opt.state_dict()
sd["state"][0] = {k: v.double() for k, v in sd["state"][0].items()}
opt.load_state_dict(sd)
emit_text("cast_dtypes", [(k, str(v.dtype)) for k, v in opt.state[m[0].weight].items()])

# zero_grad
m = model()
opt = torch.optim.Adadelta(m.parameters())
train(opt, m, 1)
opt.zero_grad(set_to_none=False)
emit("zero_grad_zeros", [p.grad for p in m.parameters()])
opt.zero_grad()
emit_text("zero_grad_none", [p.grad is None for p in m.parameters()])

# a duplicate parameter warns
w = torch.zeros(2, requires_grad=True)
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    torch.optim.SGD([w, w], lr=0.1)
emit_text("duplicate_warning", [f"{x.category.__name__}: {x.message}" for x in seen])

# errors
p = [torch.zeros(2, requires_grad=True)]
expect_error("nadam_lr", lambda: torch.optim.NAdam(p, lr=-1), "Invalid learning rate: -1")
expect_error("nadam_beta1", lambda: torch.optim.NAdam(p, betas=(1.0, 0.9)), "Invalid beta parameter at index 0")
expect_error("nadam_beta2", lambda: torch.optim.NAdam(p, betas=(0.9, -0.1)), "Invalid beta parameter at index 1")
expect_error("nadam_momentum_decay", lambda: torch.optim.NAdam(p, momentum_decay=-1.0),
             "Invalid momentum_decay value: -1.0")
expect_error("nadam_eps", lambda: torch.optim.NAdam(p, eps=-1e-3), "Invalid epsilon value")
expect_error("radam_wd", lambda: torch.optim.RAdam(p, weight_decay=-0.1), "Invalid weight_decay value: -0.1")
expect_error("adamax_beta", lambda: torch.optim.Adamax(p, betas=(0.9, 1.0)), "Invalid beta parameter at index 1")
expect_error("adadelta_rho", lambda: torch.optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5")
expect_error("adadelta_lr", lambda: torch.optim.Adadelta(p, lr=-0.5), "Invalid learning rate")
expect_error("adam_fused_diff", lambda: torch.optim.Adam(p, fused=True, differentiable=True),
             "`fused` does not support `differentiable`")
expect_error("adam_fused_foreach", lambda: torch.optim.Adam(p, fused=True, foreach=True),
             "`fused` and `foreach` cannot be `True` together.")
expect_error("not_tensor", lambda: torch.optim.SGD([1.0], lr=0.1), "optimizer can only optimize Tensors")
expect_error("group_not_dict", lambda: torch.optim.SGD(p, lr=0.1).add_param_group([torch.zeros(1)]),
             "param_group must be a dict")
expect_error("group_set", lambda: torch.optim.SGD([{"params": {torch.zeros(1, requires_grad=True)}}], lr=0.1),
             "optimizer parameters need to be organized in ordered collections")
expect_error("group_count", lambda: torch.optim.SGD(p, lr=0.1).load_state_dict(
    torch.optim.SGD([{"params": p}, {"params": [torch.zeros(1, requires_grad=True)]}], lr=0.1).state_dict()),
             "loaded state dict has a different number of parameter groups")
expect_error("group_size", lambda: torch.optim.SGD(p, lr=0.1).load_state_dict(
    torch.optim.SGD(p + [torch.zeros(1, requires_grad=True)], lr=0.1).state_dict()),
             "doesn't match the size of optimizer's group")
