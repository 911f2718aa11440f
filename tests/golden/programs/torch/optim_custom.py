"""A user-written Optimizer subclass (torch's idiom: defaults, param_groups, self.state,
@torch.no_grad() step with in-place updates) with a scheduler; step hooks (per optimizer and
global), state-dict hooks; a tensor learning rate; the optimizer in a checkpoint dict."""
import io

import torch
from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook
from harness import emit, emit_text, expect_error


class MomentumSGD(torch.optim.Optimizer):
    def __init__(self, params, lr=0.1, momentum=0.9, weight_decay=0.0):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad.add(p, alpha=group["weight_decay"])
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.clone(d_p).detach()
                    state["steps"] = 0
                else:
                    state["momentum_buffer"].mul_(group["momentum"]).add_(d_p)
                state["steps"] += 1
                p.add_(state["momentum_buffer"], alpha=-group["lr"])
        return loss


w = torch.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
b = torch.tensor([0.1, -0.1], requires_grad=True)
x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]])
opt = MomentumSGD([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.02, weight_decay=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
calls = []
h_pre = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append(("pre", len(args), sorted(kwargs))))
h_post = opt.register_step_post_hook(lambda o, args, kwargs: calls.append(("post", type(o).__name__)))
g_pre = register_optimizer_step_pre_hook(lambda o, args, kwargs: calls.append(("global_pre",)))
losses = []
for i in range(6):
    def closure():
        opt.zero_grad()
        loss = ((x @ w + b) ** 2).mean()
        loss.backward()
        return loss
    losses.append(opt.step(closure))
    sched.step()
    if i == 2:
        h_pre.remove()
        g_pre.remove()
emit("custom_losses", losses)
emit("custom_params", [w, b])
emit_text("custom_calls", calls)
emit_text("custom_lrs", sched.get_last_lr())
sd = opt.state_dict()
emit_text("custom_state_keys", [(k, sorted(v)) for k, v in sd["state"].items()])
emit("custom_state", {k: v["momentum_buffer"] for k, v in sd["state"].items()})
emit_text("custom_steps", [v["steps"] for v in sd["state"].values()])
emit_text("custom_groups", sd["param_groups"])
emit_text("custom_repr", repr(opt))
expect_error("custom_bad_lr", lambda: MomentumSGD([w], lr=-1), "Invalid learning rate: -1")

# a hook may replace the arguments
seen = []
opt2 = torch.optim.SGD([w], lr=0.0)
opt2.register_step_pre_hook(lambda o, args, kwargs: (args, {"closure": lambda: seen.append(1) or 7.0}))
emit_text("hook_replaced_closure", (opt2.step(), seen))
opt3 = torch.optim.SGD([w], lr=0.0)
opt3.register_step_pre_hook(lambda o, args, kwargs: 5)
expect_error("hook_bad_return", opt3.step, "must return None or a tuple of (new_args, new_kwargs)")
post = []
g_post = register_optimizer_step_post_hook(lambda o, args, kwargs: post.append(type(o).__name__))
torch.optim.Adam([w]).step()
g_post.remove()
torch.optim.Adam([w]).step()
emit_text("global_post", post)

# state dict hooks
opt4 = torch.optim.Adam([w], lr=0.01)
log = []
opt4.register_state_dict_pre_hook(lambda o: log.append("sd_pre"))
opt4.register_state_dict_post_hook(lambda o, sd: (log.append("sd_post"), sd.update(extra=1))[-1])
opt4.register_load_state_dict_pre_hook(lambda o, sd: log.append(("load_pre", sorted(sd))))
opt4.register_load_state_dict_post_hook(lambda o: log.append("load_post"))
sd = opt4.state_dict()
emit_text("sd_hook_keys", sorted(sd))
opt4.load_state_dict(sd)
emit_text("sd_hook_log", log)

# a tensor learning rate
w2 = torch.tensor([1.0, -1.0], requires_grad=True)
opt5 = torch.optim.Adam([w2], lr=torch.tensor(0.1))
for _ in range(3):
    opt5.zero_grad()
    (w2 ** 2).sum().backward()
    opt5.step()
emit("tensor_lr_params", w2)
emit_text("tensor_lr_type", type(opt5.param_groups[0]["lr"]).__name__)

# an optimizer in a checkpoint (torch.save / torch.load round trip), training continues
w3 = torch.tensor([0.5, 2.0], requires_grad=True)
opt6 = torch.optim.NAdam([w3], lr=0.05)
for _ in range(2):
    opt6.zero_grad()
    (w3 ** 2).sum().backward()
    opt6.step()
buffer = io.BytesIO()
torch.save({"optimizer": opt6.state_dict(), "w": w3.detach()}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer)
w4 = ckpt["w"].clone().requires_grad_(True)
opt7 = torch.optim.NAdam([w4], lr=1.0)
opt7.load_state_dict(ckpt["optimizer"])
for o, p in [(opt6, w3), (opt7, w4)]:
    o.zero_grad()
    (p ** 2).sum().backward()
    o.step()
emit("checkpoint_resumed", [w3, w4])
emit_text("checkpoint_groups", opt7.state_dict()["param_groups"])
