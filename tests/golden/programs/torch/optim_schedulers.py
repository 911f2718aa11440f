"""lr_scheduler: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LambdaLR: the lr of
every group at every epoch, get_last_lr, and a run whose updates use them."""
import torch
from harness import emit, emit_text


def run(name, make, epochs=12):
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor([0.5], requires_grad=True)
    opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.3}], lr=0.1, momentum=0.5)
    sched = make(opt)
    lrs = [sched.get_last_lr()]
    for _ in range(epochs):
        opt.zero_grad()
        ((w * w).sum() + (b * 3).sum()).backward()
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    emit(f"{name}_lrs", lrs)
    emit(f"{name}_params", [w, b])
    emit_text(f"{name}_last_epoch", sched.last_epoch)


run("step", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.3))
run("multistep", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.5))
run("exponential", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.8))
run("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01), epochs=16)
run("lambda", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1.0 / (1 + e)))
