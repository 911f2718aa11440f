"""Custom Function behaviour: a dirty input is returned itself, duplicate outputs are one tensor,
setup_context sees forward's defaults, retain_grad survives in-place ops, grad-mode
decorators on generators, numpy() under no_grad, backward and vjp both defined."""
import torch
from harness import emit, expect_error


class InplaceMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.mark_dirty(x)
        return x.mul_(2)

    @staticmethod
    def backward(ctx, g):
        return 2 * g


z = torch.tensor([1.0, 3.0], requires_grad=True)
x = z.clone()
y = InplaceMul.apply(x)
emit("dirty_identity", [y is x, x, x._version])
(y * y).sum().backward()
emit("dirty_grad", z.grad)
expect_error("dirty_leaf", lambda: InplaceMul.apply(torch.ones(2, requires_grad=True)), "leaf Variable")


class Duplicate(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        out = x * 2
        return out, out

    @staticmethod
    def backward(ctx, g1, g2):
        return g1 * 2 + g2 * 2


w = torch.tensor([1.0, -2.0], requires_grad=True)
a, b = Duplicate.apply(w)
(a + b).sum().backward()
emit("duplicate", [a is b, w.grad])


class Pow(torch.autograd.Function):
    @staticmethod
    def forward(x, y=3):
        return x ** y

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, y = inputs
        ctx.save_for_backward(x)
        ctx.y = y

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.y * x ** (ctx.y - 1), None


p = torch.tensor(2.0, requires_grad=True)
emit("setup_context_defaults", torch.autograd.grad(Pow.apply(p), p))

r = torch.tensor([1.0], requires_grad=True).clone()
r.retain_grad()
r.mul_(2)
r.mul_(3)
r.sum().backward()
emit("retain_grad_inplace", r.grad)
base = torch.tensor([1.0], requires_grad=True).clone()
v1, v2 = base[:], base[:]
v1.retain_grad()
v2.retain_grad()
v1.mul_(2)
(v1 + v2).sum().backward()
emit("retain_grad_views", [v1.grad, v2.grad])


@torch.no_grad()
def gen():
    try:
        for i in range(3):
            got = yield (i, torch.is_grad_enabled())
            emit(f"gen_sent_{i}", [got, torch.is_grad_enabled()])
    except GeneratorExit:
        emit("gen_close", torch.is_grad_enabled())
        raise


g = gen()
first = next(g)
second = g.send("a")
g.close()
emit("gen", [first, second, torch.is_grad_enabled()])

q = torch.ones(2, requires_grad=True)
with torch.no_grad():
    emit("numpy_no_grad", q.numpy())
expect_error("numpy_grad", lambda: q.numpy(), "Can't call numpy() on Tensor that requires grad")


class Both(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, g):
        return g

    @staticmethod
    def vjp(ctx, g):
        return g


expect_error("backward_and_vjp", lambda: Both.apply(q).sum().backward(), "Implementing both 'backward' and 'vjp'")


class ScaleBySum(torch.autograd.Function):
    """forward uses a value in Python (.item()): torch runs it eagerly."""

    @staticmethod
    def forward(x):
        k = x.sum().item()
        return x * k, k

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.k = output[1]

    @staticmethod
    def backward(ctx, g, _):
        return g * ctx.k


for shape in ((2,), (3,), (2,)):
    u = torch.ones(shape, requires_grad=True)
    out, k = ScaleBySum.apply(u)
    emit(f"item_forward_{shape[0]}", [out, k, torch.autograd.grad(out.sum(), u)[0]])


class ViewOf(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.view_as(x)

    @staticmethod
    def backward(ctx, g):
        return g


src = torch.tensor([[1.0, 2.0]])
cv = ViewOf.apply(src)
emit("custom_view", [cv._is_view(), cv._base is src])
expect_error("custom_view_inplace", lambda: cv.add_(torch.tensor([1.0], requires_grad=True)),
             "This view was created inside a custom Function")
nonleaf = torch.tensor([1.0, 2.0], requires_grad=True).clone()
expect_error("custom_view_inplace_grad", lambda: ViewOf.apply(nonleaf).mul_(2), "Output 0 of ViewOf is a view")
