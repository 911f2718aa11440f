"""torch.utils.checkpoint: the same values and gradients as without it (a module, a function
closing over modules with keyword arguments, checkpoint_sequential, second order), grad_fn
names, torch 2.13's warnings and errors; and torch.utils.benchmark.Timer's measurement shape."""
import warnings

import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error
from torch.utils.benchmark import Timer
from torch.utils.checkpoint import checkpoint, checkpoint_sequential

rng = np.random.default_rng(3)


def init(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.4, size=tuple(p.shape)).astype(np.float32)))
    return module


block = init(nn.Sequential(nn.Linear(6, 12), nn.GELU(), nn.Linear(12, 6), nn.LayerNorm(6)))
head = init(nn.Linear(6, 3))
x = torch.tensor(rng.normal(size=(4, 6)).astype(np.float32), requires_grad=True)
params = [x] + list(block.parameters()) + list(head.parameters())


def residual(h, scale=1.0):
    return h + scale * block(h)


def loss_of(mode):
    h = torch.tanh(x)
    if mode == "plain":
        h = residual(h, scale=0.5)
        h = residual(h)
    elif mode == "nonreentrant":
        h = checkpoint(residual, h, use_reentrant=False, scale=0.5)
        h = checkpoint(residual, h, use_reentrant=False)
    elif mode == "reentrant":
        h = checkpoint(lambda a: residual(a, 0.5), h, use_reentrant=True)
        h = checkpoint(residual, h, use_reentrant=True)
    elif mode == "sequential":
        h = residual(h, scale=0.5)
        h = h + checkpoint_sequential(block, 2, h, use_reentrant=False)
    return (head(h) ** 2).mean(), h


for mode in ("plain", "nonreentrant", "reentrant", "sequential"):
    loss, h = loss_of(mode)
    emit(f"{mode}_loss", loss)
    if mode == "reentrant":  # torch refuses autograd.grad through the reentrant variant
        for p in params:
            p.grad = None
        loss.backward()
        emit(f"{mode}_grads", [p.grad for p in params])
    else:
        emit(f"{mode}_grads", list(torch.autograd.grad(loss, params)))
    emit_text(f"{mode}_grad_fn", type(h.grad_fn).__name__)

# second order through a checkpointed segment
y = checkpoint(lambda a: (torch.sin(a) * a).sum(), x, use_reentrant=False)
g, = torch.autograd.grad(y, x, create_graph=True)
emit("second_order", torch.autograd.grad(g.sum(), x)[0])

# .backward() accumulates the same .grad
for p in params:
    p.grad = None
loss_of("nonreentrant")[0].backward()
emit("backward_grads", [p.grad for p in params])

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = checkpoint(block, x)
    emit_text("warn_use_reentrant", str(caught[-1].message))
    emit_text("default_grad_fn", type(out.grad_fn).__name__)
    out = checkpoint(block, torch.ones(2, 6), use_reentrant=True)
    emit_text("warn_no_grad_inputs", str(caught[-1].message))
    emit("no_grad_inputs_requires_grad", out.requires_grad)
    checkpoint_sequential(block, 2, x)
    emit_text("warn_sequential", str(caught[-1].message))
with torch.no_grad():
    emit("under_no_grad", checkpoint(block, x, use_reentrant=False).requires_grad)
expect_error("reentrant_kwargs", lambda: checkpoint(residual, x, use_reentrant=True, scale=2.0),
             "Unexpected keyword arguments: scale")
expect_error("bad_kwarg", lambda: checkpoint(residual, x, use_reentrant=False, foo=1), "unexpected keyword argument")

# benchmark: the measurement's shape (the times themselves vary)
m = Timer(stmt="x * 2", globals={"x": torch.ones(8)}).timeit(50)
emit("timeit_shape", [len(m.times), m.number_per_run, len(m.raw_times), m.mean == m.median, m.iqr])
lines = str(m).splitlines()
emit_text("timeit_repr_title", lines[1])
emit_text("timeit_repr_last", lines[-1])
emit("timeit_unit", lines[2].split()[-1] in ("ns", "us", "ms", "s"))
m = Timer(stmt="y = x + 1", setup="z = 2", globals={"x": 1}, label="add", sub_label="ints",
          description="python ints").timeit(10)
emit_text("timeit_labels", "\n".join(str(m).splitlines()[1:4]))
emit_text("timeit_title", m.title)
m = Timer(stmt="x + 1", globals={"x": 1}).blocked_autorange(min_run_time=0.02)
emit("autorange_props", [len(m.times) >= 1, m.number_per_run >= 1, sum(m.raw_times) >= 0.02])
expect_error("timer_name_error", lambda: Timer(stmt="undefined_name * 2").timeit(1), "undefined_name")
