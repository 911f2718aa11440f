"""Reductions: values, dtypes, named-tuple results and gradients."""
import torch
from harness import emit, emit_text

m = torch.tensor([[1.0, -2.0, 3.5], [0.5, 4.0, -1.0]], requires_grad=True)
v = torch.tensor([0.5, 1.5, -2.0, 3.0], requires_grad=True)
cases = {
    "sum": lambda: m.sum(), "sum_dims": lambda: m.sum((0, 1)), "sum_neg": lambda: m.sum(-1, keepdim=True),
    "mean": lambda: m.mean(0), "prod": lambda: m.prod(), "prod_dim": lambda: torch.prod(m, 1),
    "prod_keep": lambda: m.prod(0, keepdim=True), "max": lambda: m.max(), "min": lambda: torch.min(m),
    "amax": lambda: m.amax(1), "amin": lambda: torch.amin(m, 0), "amax_all": lambda: m.amax(),
    "amax_dims": lambda: m.amax((0, 1)), "std": lambda: m.std(), "std_dim": lambda: m.std(1),
    "std_unbiased_false": lambda: torch.std(m, 0, unbiased=False),
    "std_correction": lambda: m.std(dim=1, correction=0, keepdim=True), "var": lambda: m.var(),
    "var_dim": lambda: torch.var(m, 0), "var_biased": lambda: m.var(False), "norm": lambda: m.norm(),
    "norm_1": lambda: m.norm(p=1), "norm_dim": lambda: m.norm(dim=1), "norm_3": lambda: v.norm(3),
    "norm_inf": lambda: v.norm(float("inf")), "norm_fro": lambda: torch.norm(m, "fro"),
    "logsumexp": lambda: m.logsumexp(1), "logsumexp_all": lambda: torch.logsumexp(m, (0, 1)),
    "cumsum": lambda: m.cumsum(1), "cumsum0": lambda: torch.cumsum(v, 0), "cumprod": lambda: v.cumprod(0),
    "vmax": lambda: v.max(), "vmean": lambda: torch.mean(v),
}
for name, f in cases.items():
    out = f()
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    emit(name + "_grad", torch.autograd.grad(out.sum(), [m, v], allow_unused=True))

for name, f in {"max_dim": lambda: m.max(1), "min_dim": lambda: torch.min(m, 0),
                "max_keep": lambda: m.max(dim=0, keepdim=True), "min_neg": lambda: m.min(-1)}.items():
    out = f()
    emit(name, out)
    emit_text(name + "_type", type(out).__name__)
    emit_text(name + "_repr", repr(out))
    emit(name + "_fields", [out.values, out.indices])
    emit(name + "_grad", torch.autograd.grad(out[0].sum(), m)[0])
values, indices = m.max(1)
emit("unpacked", [values, indices])

for name, f in {"argmax": lambda: m.argmax(), "argmax_dim": lambda: torch.argmax(m, 1),
                "argmin_keep": lambda: m.argmin(0, keepdim=True), "all": lambda: (m > -3).all(),
                "any_dim": lambda: torch.any(m > 3, 1), "all_int": lambda: torch.tensor([1, 0, 2]).all(),
                "any_float": lambda: torch.tensor([0.0, 0.5]).any(), "sum_int": lambda: torch.tensor([1, 2]).sum(),
                "sum_bool": lambda: torch.tensor([True, True, False]).sum(),
                "prod_int": lambda: torch.tensor([2, 3], dtype=torch.int32).prod(),
                "cumsum_int": lambda: torch.tensor([1, 2, 3], dtype=torch.int8).cumsum(0),
                "max_int": lambda: torch.tensor([3, 9, 2]).max(), "max_int_dim": lambda: torch.tensor([[3, 9, 2]]).max(1),
                "logsumexp_int": lambda: torch.logsumexp(torch.tensor([1, 2]), 0),
                "sum_dtype": lambda: m.sum(dtype=torch.float64), "mean_keep": lambda: m.mean((0, 1), keepdim=True),
                "argmax_tie": lambda: torch.tensor([1, 3, 3, 2]).argmax()}.items():
    out = f()
    emit(name, out)
    emit_text(name + "_repr", repr(out))
