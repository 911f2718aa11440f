"""Custom autograd.Function applied many times (the eager fast path of apply): results, gradients,
grad_fn / output_nr / requires_grad of the outputs, and a forward whose structure changes between
calls of one Function (an input returned as-is, then a new tensor again)."""
import torch
from harness import emit


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    def backward(ctx, grad):
        y, w = ctx.saved_tensors
        return grad * w, (grad * y).sum()


x = torch.tensor([0.5, 1.0, 1.5], requires_grad=True)
w = torch.tensor(1.5, requires_grad=True)
y = x
for _ in range(6):
    y = Scale.apply(y, w)
emit("chain", y)
emit("chain_meta", [y.requires_grad, y.is_leaf, y.grad_fn.name(), y.output_nr,
                    [f[0].name() if f[0] is not None else None for f in y.grad_fn.next_functions]])
y.sum().backward()
emit("chain_grads", [x.grad, w.grad])

# other shapes through the same Function (and its saved tensors)
m = torch.arange(6.0).reshape(2, 3).requires_grad_()
out = Scale.apply(Scale.apply(m, w), w)
(gm, gw) = torch.autograd.grad(out.sum(), (m, w))
emit("shape_2x3", [out, gm, gw])

# without grad: a plain tensor
with torch.no_grad():
    z = Scale.apply(x, w)
emit("no_grad", [z, z.requires_grad, z.grad_fn is None])
emit("no_input_grad", Scale.apply(torch.tensor([2.0]), torch.tensor(3.0)).requires_grad)


class MaybeIdentity(torch.autograd.Function):
    """Returns its input as-is when ``flag`` is set, a new tensor otherwise (one class, two structures)."""

    @staticmethod
    def forward(ctx, a, flag):
        return a if flag else a * 3

    @staticmethod
    def backward(ctx, g):
        return g * 10, None


a = torch.tensor([1.0, -2.0], requires_grad=True)
outs = [MaybeIdentity.apply(a, f) for f in (False, True, False, True)]
emit("maybe_identity", [[o, o.requires_grad, o is a] for o in outs])
(ga,) = torch.autograd.grad(sum(o.sum() for o in outs), a)
emit("maybe_identity_grad", ga)


class SplitMark(torch.autograd.Function):
    """Two outputs, the second marked non-differentiable, an integer third; a ctx attribute."""

    @staticmethod
    def forward(ctx, a):
        ctx.scale = 4.0
        idx = (a > 0).long()
        big = a * 2
        ctx.mark_non_differentiable(idx)
        return big, idx, a + 1

    @staticmethod
    def backward(ctx, g_big, g_idx, g_plus):
        return g_big * ctx.scale + g_plus


for _ in range(3):
    big, idx, plus = SplitMark.apply(a)
emit("split_mark", [big, idx, plus, big.requires_grad, idx.requires_grad, plus.requires_grad,
                    big.output_nr, plus.output_nr, big.grad_fn.name()])
(gs,) = torch.autograd.grad((big + plus).sum(), a)
emit("split_mark_grad", gs)


class Halves(torch.autograd.Function):
    @staticmethod
    def forward(ctx, v):
        return v[:2] * 1, v[2:] * 1

    @staticmethod
    def backward(ctx, g1, g2):
        return torch.cat([g1, g2])


seen = []


class SavesIt(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t * 2

    @staticmethod
    def backward(ctx, g):
        (t,) = ctx.saved_tensors
        seen.append(t.output_nr)
        return g * 2


v = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
h1, h2 = Halves.apply(v)
emit("halves_output_nr", [h1.output_nr, h2.output_nr])
SavesIt.apply(h2).sum().backward()
SavesIt.apply(h1).sum().backward()
emit("saved_output_nr", [seen, v.grad])
