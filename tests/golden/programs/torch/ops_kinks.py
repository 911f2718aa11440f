"""Gradients at the awkward points: ties, zeros, bounds (torch's conventions)."""
import torch
from harness import emit

cases = {
    "max_all_ties": (lambda x: x.max(), [1.0, 3.0, 3.0, 2.0]),
    "min_all_ties": (lambda x: x.min(), [1.0, 1.0, 3.0, 2.0]),
    "max_dim_ties": (lambda x: x.reshape(2, 2).max(0).values, [1.0, 3.0, 1.0, 3.0]),
    "min_dim_ties": (lambda x: x.reshape(2, 2).min(1)[0], [2.0, 2.0, 1.0, 1.0]),
    "amax_ties": (lambda x: x.reshape(2, 2).amax(0), [1.0, 3.0, 1.0, 3.0]),
    "amax_all_ties": (lambda x: x.amax(), [1.0, 3.0, 3.0, 3.0]),
    "amin_ties": (lambda x: x.amin(), [0.0, 0.0, 3.0, 3.0]),
    "maximum_tie": (lambda x: torch.maximum(x, torch.tensor([1.0, 0.0, 2.0, 5.0])), [1.0, 2.0, 2.0, 4.0]),
    "minimum_tie": (lambda x: torch.minimum(x, torch.tensor([1.0, 0.0, 2.0, 5.0])), [1.0, 2.0, 2.0, 4.0]),
    "abs_0": (torch.abs, [0.0, -1.0, 2.0, -0.0]),
    "relu_0": (torch.relu, [0.0, -1.0, 2.0, -0.0]),
    "sqrt_0": (torch.sqrt, [0.0, 1.0, 4.0, 0.25]),
    "norm_0": (lambda x: x.norm(), [0.0, 0.0, 0.0, 0.0]),
    "norm_dim_0": (lambda x: x.reshape(2, 2).norm(dim=1), [0.0, 0.0, 3.0, 4.0]),
    "norm_1_0": (lambda x: x.norm(p=1), [0.0, 0.0, 1.0, -1.0]),
    "clamp_bounds": (lambda x: x.clamp(0.0, 1.0), [0.0, 1.0, 0.5, 2.0]),
    "clamp_min_bound": (lambda x: x.clamp(min=0.0), [0.0, -1.0, 1.0, 0.0]),
    "clamp_max_bound": (lambda x: x.clamp(max=1.0), [1.0, 2.0, 0.5, 1.0]),
    "clamp_equal_bounds": (lambda x: x.clamp(0.5, 0.5), [0.5, 0.0, 1.0, 0.5]),
    "clamp_tensor_bounds": (lambda x: x.clamp(torch.zeros(4), torch.ones(4)), [0.0, 1.0, 0.5, -1.0]),
    "sign_0": (torch.sign, [0.0, 1.0, -2.0, 0.0]),
    "floor": (torch.floor, [0.5, 1.0, -1.5, 2.0]),
    "round": (torch.round, [0.5, 1.5, 2.5, -0.5]),
    "prod_zero": (lambda x: x.prod(), [0.0, 2.0, 3.0, 4.0]),
    "prod_two_zeros": (lambda x: x.prod(), [0.0, 0.0, 3.0, 4.0]),
    "pow_0": (lambda x: x ** 2.5, [0.0, 1.0, 0.0, 4.0]),
    "pow_half_0": (lambda x: x ** 0.5, [0.0, 1.0, 4.0, 9.0]),
    "pow_zero_exp": (lambda x: x ** 0, [0.0, 1.0, 2.0, 3.0]),
    "where_0": (lambda x: torch.where(x > 0, x, 0.0), [0.0, 1.0, -1.0, 2.0]),
    "std_single": (lambda x: x[:1].std(), [1.0, 2.0, 3.0, 4.0]),
    "logsumexp_neg_inf": (lambda x: (x - float("inf")).logsumexp(0), [1.0, 2.0, 3.0, 4.0]),
    "log_0": (torch.log, [0.0, 1.0, 2.0, 3.0]),
    "div_by_0": (lambda x: x / torch.tensor([0.0, 1.0, 2.0, 0.0]), [1.0, 1.0, 2.0, 0.0]),
    "max_nan": (lambda x: x.max(), [1.0, float("nan"), 3.0, 2.0]),
}
for name, (f, values) in cases.items():
    x = torch.tensor(values, requires_grad=True)
    out = f(x)
    emit(name, out)
    emit(name + "_grad", torch.autograd.grad(out.sum(), x, allow_unused=True)[0])
