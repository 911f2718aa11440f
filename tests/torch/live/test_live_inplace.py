"""Live differential tests against the real PyTorch: in-place ops on non-leaf tensors (add_,
mul_, clamp_, zero_, copy_, fill_, index assignment, ...) between ordinary ops, then a
backward pass: values, grad_fn names, gradients and torch's version-counter errors when
an op needed the overwritten value."""
from __future__ import annotations

from hypothesis import given, strategies as st

from live_harness import BothRaised, assert_same, assert_same_all, call_both, collecting, leaf
from live_ops import arrays, shapes

INPLACE = {
    "add_": lambda ns, y, o: y.add_(o),
    "add_scalar": lambda ns, y, o: y.add_(1.5),
    "mul_": lambda ns, y, o: y.mul_(o),
    "sub_alpha": lambda ns, y, o: y.sub_(o, alpha=2),
    "div_": lambda ns, y, o: y.div_(2.0),
    "clamp_": lambda ns, y, o: y.clamp_(-0.5, 0.5),
    "clamp_min_": lambda ns, y, o: y.clamp_(min=0.0),
    "zero_": lambda ns, y, o: y.zero_(),
    "fill_": lambda ns, y, o: y.fill_(0.25),
    "copy_": lambda ns, y, o: y.copy_(o),
    "setitem_int": lambda ns, y, o: y.__setitem__(0, 3.0),
    "setitem_mask": lambda ns, y, o: y.__setitem__(y > 0, 0.0),
    "iadd": lambda ns, y, o: y.__iadd__(o),
    "imul_scalar": lambda ns, y, o: y.__imul__(-2),
}
OUT_OF_PLACE = {
    "exp": lambda ns, y: y.exp(),  # saves its result: an in-place change after it breaks backward
    "mul_self": lambda ns, y: y * y,  # saves its inputs
    "add": lambda ns, y: y + 1,  # saves nothing
    "sigmoid": lambda ns, y: ns.sigmoid(y),
    "relu": lambda ns, y: ns.relu(y),
}


@given(st.data())
@collecting
def test_inplace_on_non_leaves_then_backward(data):
    shape = data.draw(shapes(1, 2), label="shape")
    x = leaf(data.draw(arrays(shape, "float32"), label="x"), True)
    other = leaf(data.draw(arrays(shape, "float32"), label="other"), data.draw(st.booleans(), label="other grad"))
    current = call_both(lambda ns, a: a * 1, x)
    for step in range(data.draw(st.integers(1, 4), label="steps")):
        if data.draw(st.booleans(), label=f"in-place {step}"):
            name = data.draw(st.sampled_from(sorted(INPLACE)), label=f"op {step}")
            try:
                call_both(INPLACE[name], current, other)
            except BothRaised:
                return
        else:
            name = data.draw(st.sampled_from(sorted(OUT_OF_PLACE)), label=f"op {step}")
            current = call_both(OUT_OF_PLACE[name], current)
        assert_same(current, name)
    wrt = [x] + ([other] if other.real.requires_grad else [])
    cotangent = leaf(data.draw(arrays(tuple(current.real.shape), "float32"), label="cotangent"))
    try:
        grads = call_both(lambda ns, o, w, g: ns.autograd.grad(o, w, g, allow_unused=True), current, wrt, cotangent)
    except BothRaised:
        return
    assert_same_all(grads, "grad")
