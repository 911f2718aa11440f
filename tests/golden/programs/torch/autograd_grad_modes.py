"""no_grad, enable_grad, set_grad_enabled, inference_mode: context managers, decorators, threads."""
import threading

import torch
from harness import emit

x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    a = x * 2
    with torch.enable_grad():
        b = x * 2
    emit("inside_no_grad", torch.is_grad_enabled())
emit("no_grad", [a.requires_grad, b.requires_grad, torch.is_grad_enabled()])


@torch.no_grad()
def f(t):
    return t * 2, torch.is_grad_enabled()


@torch.no_grad
def f_bare(t):
    return t * 2


@torch.enable_grad()
def g(t):
    return t * 2


out, enabled = f(x)
emit("decorated", [out.requires_grad, enabled, f_bare(x).requires_grad])
with torch.no_grad():
    emit("enable_grad_decorator", g(x).requires_grad)

torch.set_grad_enabled(False)
emit("set_false", [torch.is_grad_enabled(), (x * 2).requires_grad])
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False):
    emit("set_ctx", (x * 2).requires_grad)
emit("set_ctx_restored", torch.is_grad_enabled())


@torch.set_grad_enabled(False)
def h(t):
    return t * 2


emit("set_decorator", [torch.is_grad_enabled(), h(x).requires_grad, torch.is_grad_enabled()])

with torch.inference_mode():
    i = x * 2
    emit("inference_inside", [torch.is_inference_mode_enabled(), torch.is_grad_enabled(), i.requires_grad])
with torch.inference_mode(False):
    emit("inference_false", [torch.is_inference_mode_enabled(), (x * 2).requires_grad])
emit("inference_after", [torch.is_inference_mode_enabled(), torch.is_grad_enabled()])


@torch.inference_mode()
def k(t):
    return (t * 2).requires_grad


emit("inference_decorator", k(x))

seen = {}


def worker():
    seen["thread"] = torch.is_grad_enabled()
    seen["thread_result"] = (x * 2).requires_grad


with torch.no_grad():
    th = threading.Thread(target=worker)
    th.start()
    th.join()
    seen["main"] = torch.is_grad_enabled()
emit("thread_local", seen)


def gen():
    for _ in range(2):
        yield torch.is_grad_enabled()


emit("generator", list(torch.no_grad()(gen)()))
