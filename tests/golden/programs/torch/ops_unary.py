"""Elementwise unary functions: values, dtypes, grad_fn names and gradients (function and method)."""
import torch
from harness import emit, emit_text

names = ["abs", "exp", "log", "log1p", "log2", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid",
         "relu", "sign", "floor", "ceil", "round", "reciprocal", "square", "erf", "neg", "trunc"]
x = torch.tensor([0.3, 1.7, 2.5, 0.9], requires_grad=True)
xneg = torch.tensor([-1.5, -0.25, 0.5, 2.0], requires_grad=True)
ints = torch.tensor([1, 2, 3])
for name in names:
    for label, inp in (("pos", x), ("mixed", xneg)):
        if name in ("log", "log1p", "log2", "sqrt", "rsqrt") and label == "mixed":
            continue
        out = getattr(torch, name)(inp)
        emit(f"{name}_{label}", out)
        emit_text(f"{name}_{label}_grad_fn", out.grad_fn.name())
        emit(f"{name}_{label}_grad", torch.autograd.grad(out.sum(), inp)[0])
        emit(f"{name}_{label}_method", getattr(inp, name)())
    out = getattr(torch, name)(ints)
    emit(f"{name}_int", out)
    emit_text(f"{name}_int_dtype", out.dtype)
    emit_text(f"{name}_f64_dtype", getattr(torch, name)(torch.tensor([1.0], dtype=torch.float64)).dtype)

emit("round_half_even", torch.round(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5])))
emit("round_decimals", torch.round(torch.tensor([1.2345, 2.71828]), decimals=2))
emit("second_derivative_tanh",
     torch.autograd.grad(torch.autograd.grad(x.tanh().sum(), x, create_graph=True)[0].sum(), x)[0])
emit("abs_operator", abs(xneg))
y = torch.tensor([0.5, -1.0, 2.0])
y.exp_()
emit("exp_", y)
y.neg_()
emit("neg_", y)
