"""lr_scheduler (torch 2.13): OneCycleLR (cos/linear, three_phase, momentum and beta1 cycling),
ReduceLROnPlateau (modes, thresholds, cooldown, min_lr, eps), CosineAnnealingWarmRestarts
(T_mult, fractional epochs), LinearLR, ConstantLR, PolynomialLR, SequentialLR,
ChainedScheduler, CyclicLR, MultiplicativeLR, closed forms (step(epoch)), state dicts,
warnings and errors: every lr (and momentum) over all the phases."""
import math
import warnings

import torch
from harness import emit, emit_text, expect_error

sched = torch.optim.lr_scheduler


def make_opt(kind="sgd", lr=0.1):
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor([0.5], requires_grad=True)
    groups = [{"params": [w]}, {"params": [b], "lr": lr * 3}]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=0.9), (w, b)
    return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.99)), (w, b)


def train_step(opt, params):
    w, b = params
    opt.zero_grad()
    ((w * w).sum() + (b * 3).sum()).backward()
    opt.step()


def run(name, make, epochs=12, kind="sgd", momentum=False, metric=None):
    opt, params = make_opt(kind)
    s = make(opt)
    lrs, moms = [s.get_last_lr()], []
    for epoch in range(epochs):
        train_step(opt, params)
        if metric is None:
            s.step()
        else:
            s.step(metric(epoch))
        lrs.append(s.get_last_lr())
        if momentum:
            moms.append([g["betas"][0] if kind == "adam" else g["momentum"] for g in opt.param_groups])
    emit(f"{name}_lrs", lrs)
    emit(f"{name}_group_lrs", [g["lr"] for g in opt.param_groups])
    if momentum:
        emit(f"{name}_momentum", moms)
    emit(f"{name}_params", list(params))
    emit_text(f"{name}_last_epoch", getattr(s, "last_epoch", None))
    return s, opt


run("onecycle_cos", lambda o: sched.OneCycleLR(o, max_lr=1.0, total_steps=20), epochs=20, momentum=True)
run("onecycle_linear", lambda o: sched.OneCycleLR(o, max_lr=[1.0, 2.0], epochs=4, steps_per_epoch=4,
                                                   anneal_strategy="linear", pct_start=0.25), epochs=16, momentum=True)
run("onecycle_three", lambda o: sched.OneCycleLR(o, max_lr=0.5, total_steps=15, three_phase=True, div_factor=10.0,
                                                  final_div_factor=100.0), epochs=15, momentum=True)
run("onecycle_adam", lambda o: sched.OneCycleLR(o, max_lr=0.05, total_steps=10, base_momentum=0.8,
                                                 max_momentum=0.9), epochs=10, kind="adam", momentum=True)
run("onecycle_nomom", lambda o: sched.OneCycleLR(o, max_lr=0.05, total_steps=10, cycle_momentum=False), epochs=10)
s, o = run("onecycle_done", lambda o: sched.OneCycleLR(o, max_lr=0.05, total_steps=5), epochs=5)
expect_error("onecycle_past_end", s.step, "Tried to step 6 times")

losses = [5.0, 4.0, 4.0, 4.0, 3.99999, 4.0, 4.0, 4.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0]
run("plateau_min", lambda o: sched.ReduceLROnPlateau(o, patience=2), epochs=20, metric=lambda e: losses[e])
run("plateau_cooldown", lambda o: sched.ReduceLROnPlateau(o, factor=0.5, patience=1, cooldown=2, min_lr=[0.02, 0.1]),
    epochs=20, metric=lambda e: losses[e])
run("plateau_max_abs", lambda o: sched.ReduceLROnPlateau(o, mode="max", threshold=0.5, threshold_mode="abs",
                                                          patience=0, factor=0.3), epochs=20,
    metric=lambda e: torch.tensor(10.0 - losses[e]))
run("plateau_eps", lambda o: sched.ReduceLROnPlateau(o, factor=0.5, patience=0, min_lr=0.09, eps=0.001), epochs=8,
    metric=lambda e: 1.0)
s, o = run("plateau_state", lambda o: sched.ReduceLROnPlateau(o, mode="max", patience=1), epochs=4,
           metric=lambda e: float(e % 2))
emit_text("plateau_state_dict", sorted((k, repr(v)) for k, v in s.state_dict().items()))

run("warm_restarts", lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=3, eta_min=0.01), epochs=10)
run("warm_restarts_mult", lambda o: sched.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2), epochs=16)
opt, params = make_opt()
s = sched.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2, eta_min=0.001)
frac = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for i in range(24):
        s.step(i * 0.7)  # fractional epochs, as within-epoch updates are written
        frac.append((s.get_last_lr(), s.T_cur, s.T_i, s.last_epoch))
emit("warm_restarts_fractional", frac)

run("linear", lambda o: sched.LinearLR(o, start_factor=0.25, total_iters=4))
run("linear_down", lambda o: sched.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6))
run("constant", lambda o: sched.ConstantLR(o, factor=0.5, total_iters=3))
run("polynomial", lambda o: sched.PolynomialLR(o, total_iters=6, power=2.0))
run("polynomial_lin", lambda o: sched.PolynomialLR(o, total_iters=4))
run("multiplicative", lambda o: sched.MultiplicativeLR(o, lambda e: 0.9 if e % 2 else 1.0))
run("sequential", lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.1, total_iters=3),
                                                   sched.CosineAnnealingLR(o, T_max=5),
                                                   sched.ExponentialLR(o, gamma=0.9)], milestones=[3, 8]), epochs=14)
run("sequential_constant", lambda o: sched.SequentialLR(o, [sched.ConstantLR(o, factor=0.1, total_iters=2),
                                                            sched.ExponentialLR(o, gamma=0.9)], milestones=[2]))
run("chained", lambda o: sched.ChainedScheduler([sched.ConstantLR(o, factor=0.1, total_iters=2),
                                                 sched.ExponentialLR(o, gamma=0.9)]))
run("chained_opt", lambda o: sched.ChainedScheduler([sched.LinearLR(o, start_factor=0.5, total_iters=3),
                                                     sched.StepLR(o, step_size=4, gamma=0.5)], optimizer=o))
run("cyclic", lambda o: sched.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3), epochs=14, momentum=True)
run("cyclic_tri2", lambda o: sched.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=2, step_size_down=3,
                                             mode="triangular2", cycle_momentum=False), epochs=16)
run("cyclic_exp", lambda o: sched.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode="exp_range",
                                            gamma=0.9), epochs=12, kind="adam", momentum=True)
run("cyclic_fn", lambda o: sched.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2,
                                           scale_fn=lambda x: 1 / (x + 1), scale_mode="iterations"), epochs=10)

# closed forms: step(epoch) with the deprecation warning
for name, make in [("step", lambda o: sched.StepLR(o, step_size=2, gamma=0.5)),
                   ("multistep", lambda o: sched.MultiStepLR(o, milestones=[1, 3, 3], gamma=0.5)),
                   ("exponential", lambda o: sched.ExponentialLR(o, gamma=0.5)),
                   ("cosine", lambda o: sched.CosineAnnealingLR(o, T_max=4, eta_min=0.01)),
                   ("linear", lambda o: sched.LinearLR(o, start_factor=0.5, total_iters=3)),
                   ("constant", lambda o: sched.ConstantLR(o, factor=0.5, total_iters=2)),
                   ("polynomial", lambda o: sched.PolynomialLR(o, total_iters=4, power=0.5))]:
    opt, params = make_opt()
    s = make(opt)
    out = []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        for epoch in [3, 1, 5, 2]:
            train_step(opt, params)
            s.step(epoch)
            out.append(s.get_last_lr())
    emit(f"closed_{name}", out)
    emit_text(f"closed_{name}_warnings", sorted({f"{w.category.__name__}: {w.message}" for w in seen}))

# state dicts round trip
opt, params = make_opt()
s = sched.OneCycleLR(opt, max_lr=0.5, total_steps=12)
for _ in range(5):
    train_step(opt, params)
    s.step()
sd = s.state_dict()
emit_text("onecycle_state_keys", sorted(sd.keys()))
opt2, params2 = make_opt()
s2 = sched.OneCycleLR(opt2, max_lr=0.5, total_steps=12)
s2.load_state_dict(sd)
opt2.load_state_dict(opt.state_dict())
for _ in range(4):
    for o, p, sc in [(opt, params, s), (opt2, params2, s2)]:
        train_step(o, p)
        sc.step()
emit("onecycle_resumed", [s.get_last_lr(), s2.get_last_lr()])
opt, params = make_opt()
s = sched.SequentialLR(opt, [sched.ConstantLR(opt, factor=0.5, total_iters=2), sched.ExponentialLR(opt, 0.5)], [2])
train_step(opt, params)
s.step()
sd = s.state_dict()
emit_text("sequential_state_keys", sorted(sd.keys()))
emit_text("sequential_children", [sorted(c.keys()) for c in sd["_schedulers"]])
opt, params = make_opt()
s = sched.CyclicLR(opt, base_lr=0.01, max_lr=0.1)
emit_text("cyclic_state_keys", sorted(s.state_dict().keys()))
emit_text("cyclic_groups", sorted(k for k in opt.param_groups[0].keys() if k != "params"))

# warnings
def record(name, fn):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = fn()
    emit_text(name + "_warnings", "\n".join(f"{w.category.__name__}: {w.message}" for w in seen))
    emit(name, out)


def sched_before_opt():
    opt, params = make_opt()
    s = sched.StepLR(opt, step_size=1, gamma=0.5)
    s.step()
    s.step()
    return s.get_last_lr()


def opt_then_sched():
    opt, params = make_opt()
    s = sched.StepLR(opt, step_size=1, gamma=0.5)
    train_step(opt, params)
    s.step()
    return s.get_last_lr()


def overridden_step():
    opt, params = make_opt()
    s = sched.ExponentialLR(opt, gamma=0.5)
    opt.step = lambda closure=None: None
    s.step()
    return s.get_last_lr()


def get_lr_outside():
    opt, params = make_opt()
    s = sched.ExponentialLR(opt, gamma=0.5)
    return s.get_lr()


def plateau_epoch():
    opt, params = make_opt()
    s = sched.ReduceLROnPlateau(opt)
    s.step(1.0, epoch=3)
    return s.last_epoch


record("sched_before_opt", sched_before_opt)
record("opt_then_sched", opt_then_sched)
record("overridden_step", overridden_step)
record("get_lr_outside", get_lr_outside)
record("plateau_epoch", plateau_epoch)
emit_text("wrapped", hasattr(make_opt()[0].step, "_wrapped_by_lr_sched"))

# errors
opt, params = make_opt()
expect_error("onecycle_no_steps", lambda: sched.OneCycleLR(opt, max_lr=0.1), "You must define either total_steps")
expect_error("onecycle_bad_total", lambda: sched.OneCycleLR(opt, max_lr=0.1, total_steps=0),
             "Expected positive integer total_steps")
expect_error("onecycle_bad_epochs", lambda: sched.OneCycleLR(opt, max_lr=0.1, epochs=0, steps_per_epoch=2),
             "Expected positive integer epochs")
expect_error("onecycle_bad_pct", lambda: sched.OneCycleLR(opt, max_lr=0.1, total_steps=5, pct_start=1.5),
             "Expected float between 0 and 1 pct_start")
expect_error("onecycle_bad_anneal", lambda: sched.OneCycleLR(opt, max_lr=0.1, total_steps=5, anneal_strategy="exp"),
             "anneal_strategy must be one of")
expect_error("onecycle_max_lr_len", lambda: sched.OneCycleLR(opt, max_lr=[0.1], total_steps=5),
             "max_lr must have the same length as optimizer.param_groups")
opt_nomom = torch.optim.Adagrad([torch.zeros(1, requires_grad=True)])
expect_error("onecycle_no_momentum", lambda: sched.OneCycleLR(opt_nomom, max_lr=0.1, total_steps=5),
             "optimizer must support momentum or beta1")
expect_error("cyclic_no_momentum", lambda: sched.CyclicLR(opt_nomom, 0.01, 0.1), "optimizer must support momentum")
expect_error("cyclic_bad_mode", lambda: sched.CyclicLR(opt, 0.01, 0.1, mode="sine"), "mode is invalid and scale_fn")
expect_error("plateau_factor", lambda: sched.ReduceLROnPlateau(opt, factor=1.0), "Factor should be < 1.0.")
expect_error("plateau_mode", lambda: sched.ReduceLROnPlateau(opt, mode="up"), "mode up is unknown!")
expect_error("plateau_threshold_mode", lambda: sched.ReduceLROnPlateau(opt, threshold_mode="x"),
             "threshold mode x is unknown!")
expect_error("plateau_min_lrs", lambda: sched.ReduceLROnPlateau(opt, min_lr=[0.1]), "expected 2 min_lrs, got 1")
expect_error("plateau_not_opt", lambda: sched.ReduceLROnPlateau(None), "NoneType is not an Optimizer")
expect_error("warm_T0", lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=0), "Expected positive integer T_0")
expect_error("warm_Tmult", lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=1.5),
             "Expected integer T_mult >= 1")
expect_error("warm_eta", lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=2, eta_min="0"),
             "Expected float or int eta_min")
expect_error("warm_neg_epoch", lambda: sched.CosineAnnealingWarmRestarts(opt, T_0=2).step(-1),
             "Expected non-negative epoch")
expect_error("linear_start", lambda: sched.LinearLR(opt, start_factor=0), "Starting multiplicative factor")
expect_error("linear_end", lambda: sched.LinearLR(opt, end_factor=2), "Ending multiplicative factor")
expect_error("constant_factor", lambda: sched.ConstantLR(opt, factor=2), "Constant multiplicative factor")
expect_error("lambda_count", lambda: sched.LambdaLR(opt, [lambda e: 1.0]), "Expected 2 lr_lambdas, but got 1")
expect_error("multiplicative_callable", lambda: sched.MultiplicativeLR(opt, [1.0, 2.0]),
             "lr_lambda should be a function, but got float")
expect_error("sequential_empty", lambda: sched.SequentialLR(opt, [], []), "expects at least one scheduler")
expect_error("sequential_milestones", lambda: sched.SequentialLR(opt, [sched.ConstantLR(opt)], [1]),
             "expects number of schedulers provided to be one more than the number of milestone")
expect_error("sequential_plateau", lambda: sched.SequentialLR(opt, [sched.ReduceLROnPlateau(opt)], []),
             "does not support `ReduceLROnPlateau`")
other, _ = make_opt()
expect_error("sequential_other_opt", lambda: sched.SequentialLR(opt, [sched.ConstantLR(other)], []),
             "expects all schedulers to belong to the same optimizer")
expect_error("chained_empty", lambda: sched.ChainedScheduler([]), "expects at least one scheduler to be chained")
expect_error("not_optimizer", lambda: sched.StepLR("opt", 2), "str is not an Optimizer")
fresh, _ = make_opt()
expect_error("resume_no_initial", lambda: sched.StepLR(fresh, 2, last_epoch=3),
             "param 'initial_lr' is not specified in param_groups[0]")
