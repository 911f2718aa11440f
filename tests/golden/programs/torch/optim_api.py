"""torch.optim's API: param_groups, state_dict/load_state_dict, zero_grad(set_to_none),
step(closure), per-group hyperparameters, lr_scheduler StepLR/LambdaLR, reprs, errors."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error


def params():
    w = torch.tensor([[0.5, -1.0], [1.5, 2.0]], requires_grad=True)
    b = torch.tensor([0.1, -0.2], requires_grad=True)
    return w, b


def loss_of(w, b):
    x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.3, 0.3]])
    return ((x @ w + b) ** 2).mean()


w, b = params()
opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
emit_text("sgd_groups", [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups])
emit_text("sgd_defaults", opt.defaults)
emit_text("sgd_repr", repr(opt))
for _ in range(3):
    opt.zero_grad()
    loss_of(w, b).backward()
    opt.step()
emit("sgd_params", [w, b])
sd = opt.state_dict()
emit_text("sgd_state_keys", (list(sd.keys()), list(sd["state"].keys()), list(sd["state"][0].keys()),
                             sd["param_groups"][0]["params"]))
emit("sgd_momentum_buffers", [sd["state"][0]["momentum_buffer"], sd["state"][1]["momentum_buffer"]])

# load_state_dict continues exactly
w2, b2 = params()
with torch.no_grad():
    w2.copy_(w)
    b2.copy_(b)
opt2 = torch.optim.SGD([w2, b2], lr=0.5)
opt2.load_state_dict(opt.state_dict())
emit_text("loaded_lr", opt2.param_groups[0]["lr"])
for o, (p, q) in [(opt, (w, b)), (opt2, (w2, b2))]:
    o.zero_grad()
    loss_of(p, q).backward()
    o.step()
emit("after_load_same", [w, w2, b, b2])

# zero_grad(set_to_none=False) keeps zero tensors
opt.zero_grad(set_to_none=False)
emit("zeroed_grads", [w.grad, b.grad])
opt.zero_grad()
emit_text("none_grads", (w.grad is None, b.grad is None))

# a parameter without grad is skipped
w, b = params()
opt = torch.optim.Adam([w, b], lr=0.1)
(w.sum() * 2).backward()
opt.step()
emit("adam_skip_no_grad", [w, b])
emit_text("adam_state_len", len(opt.state))
sd = opt.state_dict()
emit("adam_state", sd["state"][0])
emit_text("adam_groups", sd["param_groups"])
emit_text("adam_repr", repr(opt))

# closure
w, b = params()
opt = torch.optim.SGD([w, b], lr=0.1)
calls = []


def closure():
    calls.append(1)
    opt.zero_grad()
    loss = loss_of(w, b)
    loss.backward()
    return loss


ret = opt.step(closure)
emit("closure_loss", ret)
emit("closure_params", [w, b])
emit_text("closure_calls", len(calls))

# per-group hyperparameters
model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
model.load_state_dict({"0.weight": torch.tensor([[0.1, 0.2], [0.3, 0.4]]), "0.bias": torch.tensor([0.0, 0.1]),
                       "1.weight": torch.tensor([[0.5, -0.5]]), "1.bias": torch.tensor([0.2])})
opt = torch.optim.SGD([{"params": model[0].parameters()},
                       {"params": model[1].parameters(), "lr": 0.5, "momentum": 0.5}], lr=0.1)
emit_text("group_hparams", [(g["lr"], g["momentum"], len(g["params"])) for g in opt.param_groups])
for _ in range(3):
    opt.zero_grad()
    model(torch.tensor([[1.0, -1.0], [2.0, 0.5]])).pow(2).sum().backward()
    opt.step()
emit("group_weights", dict(model.state_dict()))
opt.add_param_group({"params": [torch.zeros(2, requires_grad=True)], "lr": 1.0})
emit_text("added_group", [(g["lr"], g["momentum"]) for g in opt.param_groups])

# other optimizers' defaults and state keys
for cls, kwargs in [(torch.optim.AdamW, {}), (torch.optim.RMSprop, {"momentum": 0.9, "centered": True}),
                    (torch.optim.Adagrad, {}), (torch.optim.Adam, {"amsgrad": True})]:
    w, b = params()
    o = cls([w, b], **kwargs)
    loss_of(w, b).backward()
    o.step()
    o.step()
    st = o.state_dict()
    emit_text(f"{cls.__name__}_groups", st["param_groups"])
    emit(f"{cls.__name__}_state0", st["state"][0])
    emit(f"{cls.__name__}_params", [w, b])

# schedulers
w, b = params()
opt = torch.optim.SGD([w, b], lr=1.0)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
lrs = []
for epoch in range(8):
    opt.step()
    sched.step()
    lrs.append((opt.param_groups[0]["lr"], sched.get_last_lr()))
emit_text("steplr", lrs)
emit_text("steplr_state", sorted((k, v) for k, v in sched.state_dict().items()))
w, b = params()
opt = torch.optim.Adam([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda e: 0.9 ** e)
lrs = []
for epoch in range(4):
    opt.zero_grad()
    loss_of(w, b).backward()
    opt.step()
    sched.step()
    lrs.append([g["lr"] for g in opt.param_groups])
emit_text("lambdalr", lrs)
emit_text("lambdalr_initial", [g["initial_lr"] for g in opt.param_groups])
emit("lambdalr_params", [w, b])
sched2 = torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD([w], lr=0.2), [lambda e: 1.0 / (e + 1)])
emit_text("lambdalr_list", sched2.get_last_lr())

# errors
w, b = params()
expect_error("bad_lr", lambda: torch.optim.SGD([w], lr=-1.0), "Invalid learning rate")
expect_error("bad_momentum", lambda: torch.optim.SGD([w], lr=0.1, momentum=-0.5), "Invalid momentum value")
expect_error("nesterov", lambda: torch.optim.SGD([w], lr=0.1, nesterov=True), "Nesterov momentum requires")
expect_error("empty", lambda: torch.optim.Adam([]), "optimizer got an empty parameter list")
expect_error("tensor_params", lambda: torch.optim.Adam(w), "should be an iterable of Tensors or dicts")
expect_error("bad_beta", lambda: torch.optim.Adam([w], betas=(1.0, 0.9)), "Invalid beta parameter at index 0")
expect_error("bad_eps", lambda: torch.optim.Adam([w], eps=-1.0), "Invalid epsilon value")
expect_error("non_leaf", lambda: torch.optim.SGD([w * 2], lr=0.1), "can't optimize a non-leaf Tensor")
expect_error("duplicate", lambda: torch.optim.SGD([{"params": [w]}, {"params": [w]}], lr=0.1),
             "some parameters appear in more than one parameter group")
