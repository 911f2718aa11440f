"""Custom autograd.Function in training loops, eager code in backward, concurrent backward
passes into one leaf, and torch's TypeError for non-tensor arguments (issue 12's bugs)."""
import threading

import numpy as np
import torch
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(12)


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


class MyReLU(torch.autograd.Function):
    """The tutorials' ReLU: eager masked assignment in backward."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


# 1. a training loop of several steps with an optimizer (the second call used to fail)
x = torch.linspace(-1.0, 1.0, 50)
y = torch.sin(x * 2.5)
params = [torch.tensor(v, requires_grad=True) for v in (0.1, -0.3, 0.2, 0.05)]
opt = torch.optim.SGD(params, lr=0.01)
losses = []
for step in range(6):
    a, b, c, d = params
    y_pred = a + b * LegendrePolynomial3.apply(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.detach())
emit("legendre_losses", torch.stack(losses))
emit("legendre_params", torch.stack([p.detach() for p in params]))

# 2. a two-layer net with the custom ReLU, trained with Adam
w1 = torch.tensor(rng.standard_normal((4, 6)), dtype=torch.float32, requires_grad=True)
w2 = torch.tensor(rng.standard_normal((6, 2)), dtype=torch.float32, requires_grad=True)
inp = torch.tensor(rng.standard_normal((8, 4)), dtype=torch.float32)
target = torch.tensor(rng.standard_normal((8, 2)), dtype=torch.float32)
opt = torch.optim.Adam([w1, w2], lr=0.05)
relu_losses = []
for step in range(5):
    out = MyReLU.apply(inp @ w1) @ w2
    loss = ((out - target) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    relu_losses.append(loss.detach())
emit("relu_losses", torch.stack(relu_losses))
emit("relu_w1", w1)
emit("relu_w1_grad", w1.grad)

# 3. eager Python in backward: bool(), .item(), a data-dependent branch, printing
seen = []


class Clipped(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, limit):
        ctx.save_for_backward(input)
        ctx.limit = limit
        return input * 3

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        total = grad_output.abs().sum().item()
        seen.append(round(total, 4))
        print("Clipped backward, total", round(total, 4))
        if bool((input > ctx.limit).any()):
            return grad_output * 0.5, None
        return grad_output * 3, None


v = torch.tensor(rng.standard_normal(5), dtype=torch.float32, requires_grad=True)
weights = torch.tensor(rng.standard_normal(5), dtype=torch.float32)
for limit in (10.0, 0.0, 10.0):
    (g,) = torch.autograd.grad((Clipped.apply(v, limit) * weights).sum(), v)
    emit(f"clipped_grad_{limit}", g)
emit("clipped_seen", seen)

# 4. non-tensor inputs and outputs: returned as they are, None gradients for them
class Mixed(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t1, t2, scale, t3):
        ctx.scale = scale
        ctx.save_for_backward(t1, t2, t3)
        return scale, (t1 + t2 * t3) * scale, None, True, (t1 * t2 + t3) * scale, "bar", t1

    @staticmethod
    def backward(ctx, *grads):
        assert len(grads) == 7 and grads[0] is None and grads[5] is None
        t1, t2, t3 = ctx.saved_tensors
        s = ctx.scale
        return (grads[1] * s + grads[4] * t2 * s + grads[6], grads[1] * t3 * s + grads[4] * t1 * s, None,
                grads[1] * t2 * s + grads[4] * s)


t1 = torch.tensor(rng.standard_normal(4), dtype=torch.float64, requires_grad=True)
t2 = torch.tensor(rng.standard_normal(4), dtype=torch.float64, requires_grad=True)
t3 = torch.tensor(rng.standard_normal(4), dtype=torch.float64)
for rep in range(2):
    res = Mixed.apply(t1, t2, 3, t3)
    emit(f"mixed_plain_{rep}", [res[0], res[2], res[3], res[5]])
    emit(f"mixed_values_{rep}", [res[1], res[4], res[6]])
    torch.autograd.backward([res[1].sum(), res[4].sum(), res[6].sum()])
emit("mixed_grads", [t1.grad, t2.grad, t3.grad])
emit("mixed_no_tensors", list(Mixed.apply(0.5, 0.25, 2, 3.0)[i] for i in (0, 1, 2, 3, 5)))

# 5. a user error in backward reaches the caller as itself; bad gradients give torch's errors
class Failing(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        return input * 2

    @staticmethod
    def backward(ctx, grad_output):
        raise ValueError("Simulate error on backward pass")


class TooMany(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        return input * 2

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, grad_output


class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        return input * 2

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output[:2]


expect_error("fn_error_in_backward", lambda: Failing.apply(v).sum().backward(), "Simulate error on backward pass")
expect_error("fn_too_many_grads", lambda: TooMany.apply(v).sum().backward(), "incorrect number of gradients")
expect_error("fn_wrong_shape", lambda: WrongShape.apply(v).sum().backward(), "invalid gradient at index 0")
(g,) = torch.autograd.grad((MyReLU.apply(v) * weights).sum(), v)
emit("after_errors_grad", g)

# 6. concurrent backward passes into one leaf: every gradient is accumulated
leaf = torch.ones(3, requires_grad=True)
barrier = threading.Barrier(10)


def work():
    barrier.wait()
    for _ in range(5):
        (leaf * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
        LegendrePolynomial3.apply(leaf).sum().backward()


threads = [threading.Thread(target=work) for _ in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
emit("threads_grad", leaf.grad)

# 7. a non-tensor where a tensor is expected: torch's TypeError
xs = torch.ones(3)
expect_error("type_add_str", lambda: torch.add(xs, "bar"), "must be Tensor, not str")
expect_error("type_mul_str", lambda: torch.mul(xs, "bar"), "must be Tensor, not str")
expect_error("type_exp_str", lambda: torch.exp("bar"), "must be Tensor, not str")
expect_error("type_sin_none", lambda: torch.sin(None), "must be Tensor, not NoneType")
expect_error("type_maximum_str", lambda: torch.maximum(xs, "bar"), "must be Tensor, not str")
expect_error("type_plus_str", lambda: xs + "bar", "unsupported operand type")
expect_error("type_matmul_str", lambda: torch.matmul(xs, "bar"), "must be Tensor, not str")
emit_text("relu_grad_fn", type(MyReLU.apply(v).grad_fn).__name__)
