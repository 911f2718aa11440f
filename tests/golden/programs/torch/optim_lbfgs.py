"""torch.optim.LBFGS: Rosenbrock with and without the strong-Wolfe line search (the first
loss each step returns, the iterates, func_evals / n_iter), a least-squares model trained to
convergence, history_size, tolerances, the state dict's structure, load_state_dict, errors."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def run(name, steps=4, start=(-1.5, 2.0), **kwargs):
    x = torch.tensor(list(start), requires_grad=True)
    opt = torch.optim.LBFGS([x], **kwargs)
    calls = []

    def closure():
        calls.append(1)
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        return loss

    out = []
    for _ in range(steps):
        loss = opt.step(closure)
        out.append((loss, x.detach().clone(), opt.state[x]["func_evals"], opt.state[x]["n_iter"]))
    emit(f"{name}_steps", out)
    emit_text(f"{name}_calls", len(calls))
    return x, opt


run("plain", max_iter=4, history_size=10)
run("plain_lr", max_iter=3, lr=0.5, history_size=2)
run("wolfe", max_iter=4, history_size=10, line_search_fn="strong_wolfe")
run("wolfe_long", steps=2, max_iter=6, line_search_fn="strong_wolfe")
run("wolfe_max_eval", steps=2, max_iter=6, max_eval=7, history_size=3, line_search_fn="strong_wolfe",
    start=(0.5, -0.5))
x, opt = run("converged", steps=2, max_iter=100, line_search_fn="strong_wolfe", start=(0.9, 0.8))
emit("converged_x", x)
sd = opt.state_dict()
st = sd["state"][0]
emit_text("state_keys", list(st.keys()))
emit_text("state_types", [(k, type(v).__name__) for k, v in st.items()])
emit_text("state_lists", (len(st["old_dirs"]), len(st["old_stps"]), len(st["ro"]), len(st["al"]),
                          sum(a is None for a in st["al"])))
emit_text("param_groups", sd["param_groups"])
emit_text("repr", repr(opt))

# at the optimum: the first evaluation already meets tolerance_grad
x = torch.tensor([1.0, 1.0], requires_grad=True)
opt = torch.optim.LBFGS([x])


def at_min():
    opt.zero_grad()
    loss = rosenbrock(x)
    loss.backward()
    return loss


emit("at_min", [opt.step(at_min), x])
emit_text("at_min_state", sorted(opt.state[x].items()))

# a least-squares model, trained to convergence
rng = np.random.default_rng(3)
X = torch.tensor(rng.normal(size=(20, 3)).astype(np.float32))
Y = X @ torch.tensor([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]) + torch.tensor([0.3, -0.7])
for ls in [None, "strong_wolfe"]:
    model = nn.Linear(3, 2)
    model.load_state_dict({"weight": torch.zeros(2, 3), "bias": torch.zeros(2)})
    opt = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=20, history_size=5, line_search_fn=ls)

    def closure():
        opt.zero_grad()
        loss = ((model(X) - Y) ** 2).mean()
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(3)]
    emit(f"lsq_{ls}_losses", losses[:2])
    converged = ((model(X) - Y) ** 2).mean().item()
    emit_text(f"lsq_{ls}_converged", (converged < 1e-8, torch.allclose(model.bias, torch.tensor([0.3, -0.7]),
                                                                       atol=1e-4)))
    model.load_state_dict({"weight": torch.zeros(2, 3), "bias": torch.zeros(2)})
    opt = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=4, history_size=5, line_search_fn=ls)
    emit(f"lsq_{ls}_early", [opt.step(closure), opt.step(closure), dict(model.state_dict())])

# load_state_dict continues the same iteration
def make():
    x = torch.tensor([-1.2, 1.0], requires_grad=True)
    opt = torch.optim.LBFGS([x], max_iter=3, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        return loss
    return x, opt, closure


x1, o1, c1 = make()
o1.step(c1)
x2, o2, c2 = make()
with torch.no_grad():
    x2.copy_(x1)
o2.load_state_dict(o1.state_dict())
o1.step(c1)
o2.step(c2)
emit("resumed", [x1, x2])

# errors
w = torch.zeros(2, requires_grad=True)
expect_error("groups", lambda: torch.optim.LBFGS([{"params": [w]}, {"params": [torch.zeros(1, requires_grad=True)]}]),
             "LBFGS doesn't support per-parameter options (parameter groups)")
expect_error("bad_lr", lambda: torch.optim.LBFGS([w], lr=-1.0), "Invalid learning rate: -1.0")


def bad_line_search():
    opt = torch.optim.LBFGS([w], line_search_fn="armijo")

    def closure():
        opt.zero_grad()
        loss = ((w - 1) ** 2).sum()
        loss.backward()
        return loss
    opt.step(closure)


expect_error("bad_line_search", bad_line_search, "only 'strong_wolfe' is supported")
expect_error("no_closure", lambda: torch.optim.LBFGS([w]).step(), "missing 1 required positional argument")
