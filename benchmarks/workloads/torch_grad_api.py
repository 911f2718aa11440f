"""``torch.autograd.grad`` of a 50-op scalar function of a 64-vector: one call per step."""
import torch

from data import chain_input


def chain(x):
    """Ten rounds of five elementwise ops, then a sum: 51 ops."""
    for _ in range(10):
        x = torch.exp(torch.tanh(torch.sin(x) * 1.1 + 0.2))
    return x.sum()


def build(mode: str):
    if mode != "eager":
        raise ValueError(f"unknown mode {mode!r}")
    device = "cuda" if torch.cuda.is_available() else "cpu"  # the accelerator when there is one
    x = torch.tensor(chain_input(), requires_grad=True, device=device)

    def step():
        (grad,) = torch.autograd.grad(chain(x), x)
        return grad[0].item()
    return step
