"""torch.autograd.gradcheck / gradgradcheck: passing checks, GradcheckError and its texts, argument errors."""
import importlib
import warnings

import torch
from harness import emit, emit_text, expect_error
from torch.autograd.gradcheck import GradcheckError

x = torch.tensor([0.5, -1.25, 2.0], dtype=torch.float64, requires_grad=True)
y = torch.tensor([[1.5, 0.25, -0.75]], dtype=torch.float64, requires_grad=True)


def two_outputs(a, b):
    return (a * b).sin(), a.exp() + b.sum()


for fast in (False, True):
    emit(f"sin_fast{fast}", torch.autograd.gradcheck(torch.sin, (x,), fast_mode=fast))
    emit(f"two_outputs_fast{fast}", torch.autograd.gradcheck(two_outputs, (x, y), fast_mode=fast))
    emit(f"gradgrad_fast{fast}", torch.autograd.gradgradcheck(two_outputs, (x, y), fast_mode=fast))
    emit(f"forward_ad_fast{fast}", torch.autograd.gradcheck(two_outputs, (x, y), check_forward_ad=True,
                                                            fast_mode=fast))
emit("module_path", importlib.import_module("torch.autograd.gradcheck").gradcheck(torch.exp, (x,)))
emit("non_tensor_argument", torch.autograd.gradcheck(lambda a, k: a * k, (x, 3)))
emit("only_some_require_grad", torch.autograd.gradcheck(torch.mul, (x, torch.ones(3, dtype=torch.float64))))
emit("given_grad_outputs", torch.autograd.gradgradcheck(torch.sin, (x,), (torch.ones(3, dtype=torch.float64),)))
emit("no_outputs", torch.autograd.gradcheck(lambda a: (), (x,)))


def shifted(a):
    out = a.clone()
    out.register_hook(lambda g: g + 0.01)
    return out


try:
    torch.autograd.gradcheck(shifted, (x,))
except GradcheckError as e:
    emit_text("mismatch_message", str(e))
    emit("is_runtime_error", isinstance(e, RuntimeError))
emit("raise_exception_false", torch.autograd.gradcheck(shifted, (x,), raise_exception=False))
emit("raise_exception_false_fast", torch.autograd.gradcheck(shifted, (x,), raise_exception=False, fast_mode=True))
expect_error("mismatch_fast", lambda: torch.autograd.gradcheck(shifted, (x,), fast_mode=True),
             "Jacobian mismatch for output 0 with respect to input 0,\nnumerical:")


class WrongJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2

    @staticmethod
    def jvp(ctx, t):
        return t * 3


expect_error("forward_mismatch", lambda: torch.autograd.gradcheck(WrongJvp.apply, (x,), check_forward_ad=True),
             "Jacobian computed with forward mode mismatch for output 0 with respect to input 0")
emit("backward_only_passes", torch.autograd.gradcheck(WrongJvp.apply, (x,)))

calls = [0]


class Drifting(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a.clone()

    @staticmethod
    def backward(ctx, g):
        calls[0] += 1
        return g * (1 + 1e-3 * calls[0])


expect_error("not_reentrant", lambda: torch.autograd.gradcheck(Drifting.apply, (x,), atol=1e-2),
             "Backward is not reentrant")
emit("nondet_tol", torch.autograd.gradcheck(Drifting.apply, (x,), atol=1.0, rtol=1.0, nondet_tol=1.0))

expect_error("zero_numerical", lambda: torch.autograd.gradcheck(lambda a: torch.tensor([a[0].item()]), (x,)),
             "Numerical gradient for function expected to be zero")
expect_error("no_input_requires_grad", lambda: torch.autograd.gradcheck(torch.sin, (x.detach(),)),
             "gradcheck expects at least one input tensor to require gradient")
expect_error("no_mode", lambda: torch.autograd.gradcheck(torch.sin, (x,), check_backward_ad=False),
             "Expected at least one of check_forward_ad or check_backward_ad to be True")
expect_error("batched_needs_backward",
             lambda: torch.autograd.gradcheck(torch.sin, (x,), check_forward_ad=True, check_backward_ad=False,
                                              check_batched_grad=True),
             "Setting check_batched_grad=True requires check_backward_ad to be True")
expect_error("gradgrad_no_mode", lambda: torch.autograd.gradgradcheck(torch.sin, (x,), check_rev_over_rev=False),
             "Expected at least one of check_fwd_over_rev or check_rev_over_rev to be True")
expect_error("shape_changes",
             lambda: torch.autograd.gradcheck(lambda a: torch.cat([a, a]) if bool(a[0] > 0.5) else a, (x,)),
             "Expected `func` to return outputs with the same shape when inputs are perturbed on index (0,) by 1e-06")


def undefined_unsupported(a):
    out = a.clone()

    def hook(g):
        if g is None:
            raise RuntimeError("g is undefined")
    out.register_hook(hook)
    return out


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    expect_error("undefined_grad", lambda: torch.autograd.gradcheck(undefined_unsupported, (x,)),
                 "Expected backward function to handle undefined output grads")
emit("undefined_grad_warning", [str(w.message)[:60] for w in caught])
emit("undefined_grad_off", torch.autograd.gradcheck(undefined_unsupported, (x,), check_undefined_grad=False))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    emit("float32_passes", torch.autograd.gradcheck(torch.sin, (x.detach().float().requires_grad_(),),
                                                    eps=1e-3, atol=1e-2))
emit_text("float32_warning", str(caught[0].message))
