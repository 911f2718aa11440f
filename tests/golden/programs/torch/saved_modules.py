"""grad_fn saved attributes of the nodes a CNN tutorial builds (Conv2d, BatchNorm2d in train and
eval mode, ReLU, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, F.normalize) and of more ops (topk,
sort, cumsum, prod, logsumexp, amax, pad, tril/triu, mv, batched matmul, repeat, elu,
smooth_l1_loss, negative dims of cat / unsqueeze / sort / topk)."""
import torch
import torch.nn.functional as F
from harness import emit, emit_text

torch.manual_seed(0)
x = torch.randn(4, 3).requires_grad_()
x4 = torch.randn(2, 3, 4, 4).requires_grad_()
made = [x, x4]


def describe(tag, y, values=True):
    g = y.grad_fn
    emit_text(f"{tag}.name", g.name())
    names = sorted(n for n in dir(g) if n.startswith("_saved_") or n.startswith("_raw_saved_"))
    emit_text(f"{tag}.attrs", names)
    for n in names:
        v = getattr(g, n)
        if n.startswith("_raw_saved_"):
            emit_text(f"{tag}.{n}", type(v).__name__)
        elif isinstance(v, torch.Tensor):
            ident = [i for i, t in enumerate(made) if v is t] + (["out"] if v is y else [])
            emit_text(f"{tag}.{n}", f"tensor {tuple(v.shape)} {v.dtype} is {ident}")
            if values:
                emit(f"{tag}.{n}.value", v)
        else:
            emit_text(f"{tag}.{n}", repr(v))


bn = torch.nn.BatchNorm2d(3)
bn1 = torch.nn.BatchNorm1d(3, affine=False)
cases = {
    "bn_train": lambda: bn(x4), "bn1_noaffine": lambda: bn1(x),
    "bn_plain": lambda: F.batch_norm(x, None, None, training=True),
    "max_pool": lambda: F.max_pool2d(x4, 2), "max_pool_pad": lambda: F.max_pool2d(x4, 3, stride=1, padding=1),
    "max_pool_ceil": lambda: F.max_pool2d(x4, 3, stride=2, ceil_mode=True),
    "max_pool_dil": lambda: F.max_pool2d(x4, 2, dilation=2), "max_pool_module": lambda: torch.nn.MaxPool2d(2)(x4),
    "avg_pool": lambda: F.avg_pool2d(x4, 2),
    "avg_pool_nopad": lambda: F.avg_pool2d(x4, 3, stride=1, padding=1, count_include_pad=False),
    "adaptive_avg": lambda: torch.nn.AdaptiveAvgPool2d(1)(x4), "normalize": lambda: F.normalize(x, dim=1),
    "topk": lambda: x.topk(2)[0], "topk_dim": lambda: x.topk(2, dim=0).values, "sort": lambda: x.sort(1)[0],
    "sort_default": lambda: torch.sort(x, descending=True).values, "cumsum": lambda: x.cumsum(1),
    "prod": lambda: x.prod(), "prod_dim": lambda: x.prod(1), "logsumexp": lambda: x.logsumexp(1),
    "amax": lambda: x.amax(1), "amin": lambda: x.amin(0, keepdim=True), "pad": lambda: F.pad(x, (1, 2)),
    "tril": lambda: x.tril(), "triu": lambda: x.triu(1), "mv": lambda: x @ torch.ones(3, requires_grad=True),
    "matmul_batched": lambda: x4[0] @ torch.ones(4, 2, requires_grad=True), "repeat": lambda: x.repeat(2, 1),
    "elu": lambda: F.elu(x), "smooth_l1": lambda: F.smooth_l1_loss(x, torch.zeros(4, 3)),
    "cat_neg": lambda: torch.cat([x, x], -1), "unsqueeze_neg": lambda: x.unsqueeze(-1),
}
for tag, make in cases.items():
    describe(tag, make())

bn.eval()
describe("bn_eval", bn(x4))
emit("running_mean_after", bn.running_mean)

# a small CNN's output node chain as a tutorial prints it
net = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3, padding=1), torch.nn.BatchNorm2d(2), torch.nn.ReLU(),
                          torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 2))
out = net(x4)
chain, fn = [], out.grad_fn
while fn is not None and len(chain) < 12:
    chain.append(fn.name())
    fn = next((f for f, _ in fn.next_functions if f is not None and f.name() != "torch::autograd::AccumulateGrad"
               and f.name() != "TBackward0"), None)
emit_text("cnn_chain", chain)
emit("cnn_grads", torch.autograd.grad(out.sum(), [x4, net[0].weight]))

# dims and indices as given: attention's k.transpose(-2, -1), negative indices and slice bounds
for tag, y in {"transpose_neg": x4.transpose(-2, -1), "transpose_swapped": x.transpose(1, 0),
               "select_neg": x4[:, -1], "slice_neg_end": x4[..., 1:-1], "slice_neg_start": x4[:, :, -2:],
               "select_ellipsis": x4[..., -2]}.items():
    describe(tag, y, values=False)

# split / chunk pieces (the last may be smaller), split_with_sizes
pieces = x.split(3, 0)
describe("split_last", pieces[1])
describe("split_first", pieces[0])
describe("chunk", x4.chunk(2, 1)[1])
describe("split_sizes", x.split([1, 3], 0)[1])
