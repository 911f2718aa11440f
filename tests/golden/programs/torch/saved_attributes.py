"""The graph as torch exposes it: for the common ops, each grad_fn's name(), the ``_saved_*`` /
``_raw_saved_*`` attributes ``dir()`` lists, and what each saved attribute holds (a tensor with
its value, dtype, shape and whether it is the op's input or output object; a number, a tuple,
None). Shapes are kept to a few; dims are given non-negative (see the README's known
differences for negative dims)."""
import torch
import torch.nn.functional as F
from harness import emit, emit_text

torch.manual_seed(0)
made: list = []


def leaf(*shape):
    t = torch.randn(*shape).requires_grad_()
    made.append(t)
    return t


def describe(tag, y, values=True):
    g = y.grad_fn
    emit_text(f"{tag}.name", g.name())
    names = sorted(n for n in dir(g) if n.startswith("_saved_") or n.startswith("_raw_saved_"))
    emit_text(f"{tag}.attrs", names)
    for n in names:
        v = getattr(g, n)
        if n.startswith("_raw_saved_"):
            kinds = [type(x).__name__ for x in v] if isinstance(v, tuple) else type(v).__name__
            emit_text(f"{tag}.{n}", kinds)
        elif isinstance(v, torch.Tensor):
            ident = [i for i, t in enumerate(made) if v is t] + (["out"] if v is y else [])
            emit_text(f"{tag}.{n}", f"tensor {tuple(v.shape)} {v.dtype} is {ident}")
            if values:
                emit(f"{tag}.{n}.value", v)
        elif isinstance(v, tuple) and v and isinstance(v[0], torch.Tensor):
            emit_text(f"{tag}.{n}", [f"tensor {tuple(x.shape)} {x.dtype}" for x in v])
        else:
            emit_text(f"{tag}.{n}", repr(v))


a = leaf(2, 3)
b = leaf(2, 3)
ab = a * 1.5 + 0.5  # a non-leaf operand
pos = a.abs() + 0.1
cases = {
    "add_tt": lambda: a + b, "add_ts": lambda: a + 2.0, "add_alpha": lambda: torch.add(a, b, alpha=2),
    "sub_tt": lambda: a - b, "sub_alpha": lambda: torch.sub(a, b, alpha=3), "rsub": lambda: 2.0 - a,
    "mul_tt": lambda: a * b, "mul_ts": lambda: a * 2.0, "mul_int": lambda: a * 2, "mul_nonleaf": lambda: ab * a,
    "mul_const": lambda: a * torch.ones(2, 3), "div_tt": lambda: a / b, "div_ts": lambda: a / 2.0,
    "rdiv": lambda: 2.0 / a,
    "pow_s": lambda: a ** 2, "pow_f": lambda: pos ** 0.5, "pow_t": lambda: pos ** b, "rpow": lambda: 2.0 ** a,
    "matmul": lambda: a @ b.t(), "mm": lambda: torch.mm(a, b.t()), "bmm": lambda: torch.bmm(a[None], b.t()[None]),
    "addmm": lambda: torch.addmm(leaf(2), a, b.t()),
    "relu": lambda: a.relu(), "sigmoid": lambda: a.sigmoid(), "tanh": lambda: a.tanh(), "exp": lambda: a.exp(),
    "log": lambda: pos.log(), "sqrt": lambda: pos.sqrt(), "sin": lambda: a.sin(), "abs": lambda: a.abs(),
    "neg": lambda: -a,
    "softmax": lambda: a.softmax(1), "log_softmax": lambda: F.log_softmax(a, dim=1),
    "sum": lambda: a.sum(), "sum_dim": lambda: a.sum(1, keepdim=True), "mean": lambda: a.mean(),
    "mean_dim": lambda: a.mean(0),
    "max_dim": lambda: a.max(1)[0], "min_dim": lambda: a.min(dim=0).values, "max": lambda: a.max(),
    "view": lambda: a.view(3, 2), "reshape": lambda: a.reshape(6), "t": lambda: a.t(),
    "transpose": lambda: a.transpose(0, 1), "permute": lambda: a.permute(1, 0),
    "expand": lambda: a[:1].expand(4, 3), "unsqueeze": lambda: a.unsqueeze(0),
    "index": lambda: a[torch.tensor([1, 0])], "select": lambda: a[1], "slice": lambda: a[:, 1:],
    "slice_step": lambda: a[:, 0:3:2],
    "cat": lambda: torch.cat([a, b]), "stack": lambda: torch.stack([a, b], 1),
    "linear": lambda: F.linear(a, leaf(4, 3), leaf(4)),
    "conv2d": lambda: F.conv2d(leaf(1, 1, 4, 4), leaf(2, 1, 3, 3), leaf(2), padding=1),
    "layer_norm": lambda: F.layer_norm(a, (3,), leaf(3), leaf(3)),
    "mse_loss": lambda: F.mse_loss(a, b), "cross_entropy": lambda: F.cross_entropy(a, torch.tensor([0, 2])),
    "clamp": lambda: a.clamp(-0.5, 0.5), "clamp_min": lambda: a.clamp(min=0.0),
    "where": lambda: torch.where(a > 0, a, b), "masked_fill": lambda: a.masked_fill(a > 0, 0.0),
    "gather": lambda: a.gather(1, torch.tensor([[0], [2]])),
    "embedding": lambda: F.embedding(torch.tensor([1, 0]), leaf(3, 2)),
    "gelu": lambda: F.gelu(a), "leaky_relu": lambda: F.leaky_relu(a, 0.1),
    "clone": lambda: a.clone(), "to_double": lambda: a.double(),
    "square": lambda: a.square(), "cos": lambda: a.cos(), "log1p": lambda: pos.log1p(), "silu": lambda: F.silu(a),
    "softplus": lambda: F.softplus(a), "rsqrt": lambda: pos.rsqrt(),
    "squeeze_all": lambda: a[None].squeeze(), "squeeze_dim": lambda: a[None].squeeze(0),
    "squeeze_dims": lambda: a[None, None].squeeze((0, 1)), "unbind": lambda: a.unbind(1)[2],
    "var": lambda: a.var(), "var_dim": lambda: a.var(1), "var_biased": lambda: a.var(unbiased=False),
    "std": lambda: a.std(), "std_dim": lambda: a.std(0, keepdim=True),
    "norm": lambda: a.norm(), "norm_dim": lambda: a.norm(dim=1), "norm_p1": lambda: a.norm(p=1),
    "bce_logits": lambda: F.binary_cross_entropy_with_logits(a, torch.ones(2, 3)),
    "bce_logits_weights": lambda: F.binary_cross_entropy_with_logits(a, torch.ones(2, 3), weight=torch.ones(3),
                                                                     pos_weight=torch.full((3,), 2.0)),
    "bce": lambda: F.binary_cross_entropy(a.sigmoid(), torch.ones(2, 3)),
}
for tag, make in cases.items():
    describe(tag, make())

emit_text("dropout_eval", F.dropout(a, 0.5, training=False) is a)
describe("dropout_train", F.dropout(a, 0.5, training=True), values=False)

# the known gap: a tensor times a python number
h = torch.ones(2, requires_grad=True)
g = (h * 2.0).grad_fn
emit_text("scalar_gap", [g.name(), g._saved_self, g._saved_other.dtype, g._saved_other.item()])
emit("grads", torch.autograd.grad((a * b + a.exp()).sum(), [a, b]))
