"""torch.autograd.graph: saved_tensors_hooks (gradients use the unpacked values), _saved_* /
_raw_saved_*, multi-grad hooks, allow_mutation_on_saved_tensors, anomaly mode's NaN error."""
import warnings

import torch
from harness import emit, emit_text, expect_error

a = torch.tensor([1., -2., 3.], requires_grad=True)
packed = []
with torch.autograd.graph.saved_tensors_hooks(lambda t: (packed.append(1), t * 2)[1], lambda t: t):
    y = a * a
emit("packed_count", len(packed))
emit("saved_self", y.grad_fn._saved_self)
y.sum().backward()
emit("grad_from_unpacked", a.grad)

a.grad = None
with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
    e = a.exp()
emit("saved_result", e.grad_fn._saved_result)
e.sum().backward()
emit("exp_grad", a.grad)
expect_error("freed", lambda: e.grad_fn._saved_result, "after they have already been freed")

q = a * a
q.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: 1)
expect_error("unpack_type", lambda: q.grad_fn._saved_self, "unpack_hook expected to be a Tensor")
expect_error("saved_tensor_ctor", lambda: torch.autograd.SavedTensor(), "forbidden")
with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    expect_error("disabled", lambda: torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t).__enter__(),
                 "no hooks here")

t1 = torch.tensor([1., 2.], requires_grad=True)
t2 = torch.tensor([3., 4.], requires_grad=True)
t3 = torch.tensor([5., 6.], requires_grad=True)
calls = []
torch.autograd.graph.register_multi_grad_hook((t1, t2, t3), lambda gs: calls.append([g is not None for g in gs]))
(t1 * t2).sum().backward()
(t2 * 2).sum().backward()
emit_text("multi_grad_calls", calls)

with torch.autograd.graph.allow_mutation_on_saved_tensors():
    m = torch.tensor([0.5, 1.5], requires_grad=True)
    c = m.clone()
    out = (c ** 2).sum()
    c.sin_()
    out.backward()
emit("mutation_allowed_grad", m.grad)


class NanBack(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 1

    @staticmethod
    def backward(ctx, g):
        return g * float("nan")


v = torch.tensor([1., 2.], requires_grad=True)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with torch.autograd.detect_anomaly():
        emit("anomaly_on", torch.is_anomaly_enabled())
        expect_error("anomaly_nan", lambda: NanBack.apply(v).sum().backward(),
                     "returned nan values in its 0th output")
emit("anomaly_off", torch.is_anomaly_enabled())
with torch.autograd.set_multithreading_enabled(False):
    emit("multithreading", torch.autograd.is_multithreading_enabled())
emit("multithreading_after", torch.autograd.is_multithreading_enabled())
